import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  compareDue,
  DEFAULT_SUPERVISION_FREQUENCY_DAYS,
  mayReadReflectiveNotes,
  NEWLY_QUALIFIED_SUPERVISION_FREQUENCY_DAYS,
  supervisesTeam,
  supervisionDue,
  supervisionFrequencyDays,
  validateAmendment,
  validateFrequency,
  validateSupervision,
  type SupervisionFacts,
} from '../../src/domain/supervision/supervision.ts'

const facts: SupervisionFacts = { today: '2026-03-20', workerStartedOn: '2024-09-02', ownerWorkerIds: new Set(['w-sam', 'w-alex']) }
const errorFields = (r: ReturnType<typeof validateSupervision>) => (r.ok ? [] : r.errors.map((e) => e.field))
const messageFor = (r: ReturnType<typeof validateSupervision>, field: string) => (r.ok ? undefined : r.errors.find((e) => e.field === field)?.message)

describe('supervision frequency', () => {
  it('is monthly (28 days) by default and fortnightly (14 days) for a newly qualified worker', () => {
    assert.equal(DEFAULT_SUPERVISION_FREQUENCY_DAYS, 28)
    assert.equal(NEWLY_QUALIFIED_SUPERVISION_FREQUENCY_DAYS, 14)
    assert.equal(supervisionFrequencyDays({ newlyQualified: false, overrideDays: null }), 28)
    assert.equal(supervisionFrequencyDays({ newlyQualified: true, overrideDays: null }), 14)
  })

  it('uses the worker’s own setting over either default', () => {
    assert.equal(supervisionFrequencyDays({ newlyQualified: false, overrideDays: 42 }), 42)
    assert.equal(supervisionFrequencyDays({ newlyQualified: true, overrideDays: 21 }), 21)
  })

  it('a manager may set 7 to 90 whole days, or blank for the default', () => {
    assert.deepEqual(validateFrequency('42'), { ok: true, value: 42 })
    assert.deepEqual(validateFrequency(' '), { ok: true, value: null })
    assert.deepEqual(validateFrequency('7'), { ok: true, value: 7 })
    assert.deepEqual(validateFrequency('90'), { ok: true, value: 90 })
    for (const bad of ['6', '91', '2.5', 'monthly', '-14']) assert.equal(validateFrequency(bad).ok, false, bad)
  })
})

describe('when supervision is due', () => {
  it('is due a frequency after the last session and overdue from the day after', () => {
    const w = { newlyQualified: false, overrideDays: null, startedOn: '2020-01-06', lastHeldOn: '2026-02-02' }
    assert.deepEqual(supervisionDue(w, '2026-03-02'), { frequencyDays: 28, dueOn: '2026-03-02', overdue: false, daysOverdue: 0 })
    assert.deepEqual(supervisionDue(w, '2026-03-03'), { frequencyDays: 28, dueOn: '2026-03-02', overdue: true, daysOverdue: 1 })
    assert.deepEqual(supervisionDue(w, '2026-02-10'), { frequencyDays: 28, dueOn: '2026-03-02', overdue: false, daysOverdue: 0 })
  })

  it('a newly qualified worker is due a fortnight after the last session', () => {
    const due = supervisionDue({ newlyQualified: true, overrideDays: null, startedOn: '2025-09-01', lastHeldOn: '2026-03-02' }, '2026-03-20')
    assert.equal(due.dueOn, '2026-03-16')
    assert.equal(due.overdue, true)
    assert.equal(due.daysOverdue, 4)
  })

  it('a worker never supervised is due a frequency after they started', () => {
    const fresh = supervisionDue({ newlyQualified: true, overrideDays: null, startedOn: '2026-03-09', lastHeldOn: null }, '2026-03-20')
    assert.deepEqual(fresh, { frequencyDays: 14, dueOn: '2026-03-23', overdue: false, daysOverdue: 0 })
    const long = supervisionDue({ newlyQualified: false, overrideDays: null, startedOn: '2025-01-06', lastHeldOn: null }, '2026-03-20')
    assert.equal(long.dueOn, '2025-02-03')
    assert.equal(long.overdue, true)
  })

  it('lists overdue workers first, longest overdue first, then the soonest due', () => {
    const rows = [
      { name: 'A', dueOn: '2026-04-01', overdue: false, daysOverdue: 0 },
      { name: 'B', dueOn: '2026-03-01', overdue: true, daysOverdue: 19 },
      { name: 'C', dueOn: '2026-03-25', overdue: false, daysOverdue: 0 },
      { name: 'D', dueOn: '2026-03-15', overdue: true, daysOverdue: 5 },
    ]
    assert.deepEqual([...rows].sort(compareDue).map((r) => r.name), ['B', 'D', 'C', 'A'])
  })
})

describe('recording a supervision session', () => {
  const good = {
    heldOn: '2026-03-18',
    cases: [{ personId: 'p1', discussion: 'Reviewed the plan.', decision: 'Hold a network meeting.', reasons: 'Family support is available.' }, { personId: 'p2', discussion: 'No new concerns.' }, {}],
    actions: [{ text: 'Arrange the meeting', ownerWorkerId: 'w-sam', dueDate: '2026-03-25', personId: 'p1' }, {}],
    reflectiveNotes: '  Talked about workload.  ',
  }

  it('accepts cases with and without a decision, actions and reflective notes, ignoring blank rows', () => {
    const r = validateSupervision(good, facts)
    assert.ok(r.ok)
    assert.equal(r.value.cases.length, 2)
    assert.deepEqual(r.value.cases[0]?.decision, { decision: 'Hold a network meeting.', reasons: 'Family support is available.' })
    assert.equal(r.value.cases[1]?.decision, null)
    assert.deepEqual(r.value.actions, [{ text: 'Arrange the meeting', ownerWorkerId: 'w-sam', dueDate: '2026-03-25', personId: 'p1' }])
    assert.equal(r.value.reflectiveNotes, 'Talked about workload.')
  })

  it('the date must be given, real, not in the future and not before the worker started', () => {
    assert.equal(messageFor(validateSupervision({ ...good, heldOn: undefined }, facts), 'heldOn'), 'Enter the date the supervision was held')
    assert.match(messageFor(validateSupervision({ ...good, heldOn: 'invalid' }, facts), 'heldOn') ?? '', /real date/)
    assert.match(messageFor(validateSupervision({ ...good, heldOn: '2026-03-21' }, facts), 'heldOn') ?? '', /today or in the past/)
    assert.ok(validateSupervision({ ...good, heldOn: '2026-03-20', actions: [] }, facts).ok, 'today is allowed')
    assert.match(messageFor(validateSupervision({ ...good, heldOn: '2024-09-01', actions: [] }, facts), 'heldOn') ?? '', /on or after the day the worker started/)
  })

  it('needs at least one case discussed or reflective notes', () => {
    const r = validateSupervision({ heldOn: '2026-03-18', cases: [{}, {}], actions: [], reflectiveNotes: ' ' }, facts)
    assert.equal(messageFor(r, 'case1Person'), 'Record at least one case discussed, or the reflective notes')
    assert.ok(validateSupervision({ heldOn: '2026-03-18', cases: [], actions: [], reflectiveNotes: 'Wellbeing check only' }, facts).ok)
  })

  it('each case needs a child and a discussion of at most 10,000 characters, and a decision needs its reasons', () => {
    const r = validateSupervision(
      {
        heldOn: '2026-03-18',
        cases: [{ discussion: 'About whom?' }, { personId: 'p2', discussion: 'x'.repeat(10_001) }, { personId: 'p3', discussion: 'ok', decision: 'Step down to early help' }, { personId: 'p4', discussion: 'ok', reasons: 'Because' }, { personId: 'p3', discussion: 'again' }],
      },
      facts,
    )
    assert.deepEqual(errorFields(r), ['case1Person', 'case2Discussion', 'case3Reasons', 'case4Decision', 'case5Person'])
    assert.equal(messageFor(r, 'case2Discussion'), 'The discussion for case 2 must be 10,000 characters or fewer')
    assert.equal(messageFor(r, 'case3Reasons'), 'Enter the reasons for the decision on case 3')
    assert.ok(validateSupervision({ heldOn: '2026-03-18', cases: [{ personId: 'p2', discussion: 'x'.repeat(10_000) }] }, facts).ok)
  })

  it('each action needs text, an owner from the worker’s team and a due date on or after the session', () => {
    const r = validateSupervision(
      {
        ...good,
        actions: [{ ownerWorkerId: 'w-sam', dueDate: '2026-03-25' }, { text: 'Visit', dueDate: '2026-03-25' }, { text: 'Visit', ownerWorkerId: 'w-elsewhere', dueDate: '2026-03-25' }, { text: 'Visit', ownerWorkerId: 'w-alex', dueDate: '2026-03-17' }, { text: 'Visit', ownerWorkerId: 'w-alex' }],
      },
      facts,
    )
    assert.deepEqual(errorFields(r), ['action1Text', 'action2Owner', 'action3Owner', 'action4Due', 'action5Due'])
    assert.equal(messageFor(r, 'action4Due'), 'The due date of action 4 must be on or after the date of the supervision')
    assert.ok(validateSupervision({ ...good, actions: [{ text: 'Visit', ownerWorkerId: 'w-alex', dueDate: '2026-03-18' }] }, facts).ok, 'due on the day of the session')
  })

  it('refuses reflective notes over 20,000 characters with a message', () => {
    assert.equal(messageFor(validateSupervision({ ...good, reflectiveNotes: 'y'.repeat(20_001) }, facts), 'reflectiveNotes'), 'Reflective notes must be 20,000 characters or fewer')
  })
})

describe('who may read reflective notes and who supervises a team', () => {
  const s = { supervisorUserId: 'u-joanne', workerId: 'w-sam' }
  it('only the supervisor who wrote them and the worker supervised', () => {
    assert.equal(mayReadReflectiveNotes({ userId: 'u-joanne', workerId: 'w-joanne' }, s), true)
    assert.equal(mayReadReflectiveNotes({ userId: 'u-sam', workerId: 'w-sam' }, s), true)
    assert.equal(mayReadReflectiveNotes({ userId: 'u-david', workerId: 'w-david' }, s), false)
    assert.equal(mayReadReflectiveNotes({ userId: 'u-auditor', workerId: null }, s), false)
  })
  it('team managers their own team; service managers every team of their service', () => {
    const team = { id: 't-north', serviceId: 's-1' }
    assert.equal(supervisesTeam({ role: 'team_manager', teamId: 't-north', serviceId: 's-1' }, team), true)
    assert.equal(supervisesTeam({ role: 'team_manager', teamId: 't-south', serviceId: 's-1' }, team), false)
    assert.equal(supervisesTeam({ role: 'service_manager', teamId: 't-mash', serviceId: 's-1' }, team), true)
    assert.equal(supervisesTeam({ role: 'service_manager', teamId: 't-east', serviceId: 's-2' }, team), false)
    assert.equal(supervisesTeam({ role: 'social_worker', teamId: 't-north', serviceId: 's-1' }, team), false)
  })
})

describe('amending a supervision record', () => {
  it('each discussion stays required and within 10,000 characters; notes alone need text when no case was discussed', () => {
    assert.deepEqual(validateAmendment({ discussions: [' Corrected ', 'Second'], reflectiveNotes: '' }, 2), { ok: true, value: { discussions: ['Corrected', 'Second'], reflectiveNotes: null } })
    const r = validateAmendment({ discussions: ['', 'x'.repeat(10_001)], reflectiveNotes: 'ok' }, 2)
    assert.deepEqual(r.ok ? [] : r.errors.map((e) => e.field), ['case1Discussion', 'case2Discussion'])
    const notesOnly = validateAmendment({ discussions: [], reflectiveNotes: ' ' }, 0)
    assert.deepEqual(notesOnly.ok ? [] : notesOnly.errors.map((e) => e.field), ['reflectiveNotes'])
  })
})
