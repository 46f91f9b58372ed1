/** Strategy discussions and section 47 enquiries through the use cases: the rules, who may do what, races. */
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { actorFor, testContext, testDatabase } from '../helpers/harness.ts'
import { childWithReferral, type TestChild } from '../helpers/worklistFixtures.ts'
import { ConflictError, ForbiddenError, ValidationError, type RequestMeta } from '../../src/app/context.ts'
import { recordStrategyDiscussion, viewStrategyDiscussion, type StrategyDiscussionRecordInput } from '../../src/app/childProtection/strategyDiscussions.ts'
import { authoriseSection47, recordSection47Outcome, returnSection47, viewSection47 } from '../../src/app/childProtection/section47.ts'
import { loadCalendar } from '../../src/app/frontDoor/calendar.ts'
import { getSection47 } from '../../src/db/repositories/section47.ts'
import { addDays } from '../../src/domain/calendar/days.ts'
import { icpcTargetDate } from '../../src/domain/childProtection/section47.ts'
import { formatDate, londonDate, londonInstant } from '../../src/domain/shared/dates.ts'

const database = testDatabase()
after(() => database.close())
const ctx = testContext(database)
const meta = async (u: string): Promise<RequestMeta> => ({ actor: await actorFor(database, u), ip: '127.0.0.1', requestId: 'test' })
const count = async (q: ReturnType<typeof sql>) => ((await database.db.execute(q)).rows[0] as { n: number }).n
const today = () => londonDate(new Date())

/** A child allocated to Sam Okafor (socialworker) with a referral 20 days old. */
async function child(referralDaysAgo = 20): Promise<TestChild> {
  const sw = await actorFor(database, 'socialworker')
  assert.ok(sw.workerId && sw.teamId)
  return childWithReferral(database, { referralDate: addDays(today(), -referralDaysAgo), allocateTo: { workerId: sw.workerId, teamId: sw.teamId } })
}

const POLICE_AND_HEALTH = [
  { name: 'DC Hollis', agency: 'police', role: 'Detective constable' },
  { name: 'Nurse Patel', agency: 'health', role: 'School nurse' },
  { name: 'Sam Okafor', agency: 'childrens_social_care', role: 'Social worker' },
]

const discussion = (over: Partial<StrategyDiscussionRecordInput> = {}): StrategyDiscussionRecordInput => ({
  heldOn: addDays(today(), -5),
  heldAt: '10:30',
  participants: POLICE_AND_HEALTH,
  decision: 's47_joint',
  informationShared: 'School saw bruising to the forearm (fictional).',
  riskAnalysis: 'Explanation inconsistent with the injury.',
  immediateProtectiveActions: 'Child to stay with grandmother tonight.',
  actions: [{ action: 'Joint visit with police', owner: 'Sam Okafor / DC Hollis', dueOn: today() }],
  ...over,
})

async function startedEnquiry(c: TestChild, by = 'socialworker') {
  const out = await recordStrategyDiscussion(ctx, await meta(by), c.personId, discussion())
  assert.ok(out.section47Id)
  const e = await getSection47(database.db, out.section47Id, c.personId)
  assert.ok(e)
  return { ...out, section47Id: out.section47Id, version: e.version }
}

const outcome = { childSeen: 'yes', childSeenOn: today(), childSeenAlone: 'yes', outcome: 'substantiated_continuing_risk', summary: 'Injury consistent with non-accidental harm.' }

async function expectFieldError(p: Promise<unknown>, field: string, message: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof ValidationError, `expected a ValidationError, got ${String(e)}`)
    const f = e.errors.find((x) => x.field === field)
    assert.ok(f, `no error on ${field}: ${e.message}`)
    assert.match(f.message, message)
    return true
  })
}

describe('strategy discussions', () => {
  it('records a discussion with police and health; a joint section 47 starts on its date with the ICPC target, the allocated worker, chronology and audit', async () => {
    const c = await child()
    const sw = await meta('socialworker')
    const input = discussion()
    const out = await recordStrategyDiscussion(ctx, sw, c.personId, input)
    assert.deepEqual(out.warnings, [])
    assert.ok(out.section47Id)
    const expectedTarget = icpcTargetDate(input.heldOn as string, await loadCalendar(database.db))
    assert.equal(out.icpcTargetDate, expectedTarget)

    const e = await getSection47(database.db, out.section47Id, c.personId)
    assert.ok(e)
    assert.equal(e.startDate, input.heldOn)
    assert.equal(e.strategyHeldOn, input.heldOn)
    assert.equal(e.icpcTargetDate, expectedTarget)
    assert.equal(e.joint, true)
    assert.equal(e.status, 'open')
    assert.equal(e.workerId, sw.actor.workerId)
    assert.equal(e.teamId, sw.actor.teamId)
    assert.equal(e.strategyDiscussionId, out.id)

    const view = await viewStrategyDiscussion(ctx, sw, c.personId, out.id)
    assert.equal(view.discussion.participants.length, 3)
    assert.equal(view.discussion.actions[0]?.owner, 'Sam Okafor / DC Hollis')
    assert.equal(view.discussion.sourceType, 'referral')
    assert.equal(view.discussion.sourceId, c.referralId)
    assert.equal(view.discussion.section47Id, out.section47Id)

    const started = (await database.db.execute(sql`select summary, occurred_at from chronology_entry where person_id = ${c.personId} and kind = 'section-47-started'`)).rows as { summary: string; occurred_at: string }[]
    assert.equal(started.length, 1)
    assert.match(started[0]?.summary ?? '', /joint with the police/)
    assert.match(started[0]?.summary ?? '', /Police: DC Hollis; Health: Nurse Patel/)
    assert.match(started[0]?.summary ?? '', new RegExp(`conference due by ${formatDate(expectedTarget)}`))
    assert.equal(new Date(started[0]?.occurred_at ?? '').getTime(), londonInstant(input.heldOn as string, '10:30').getTime())
    assert.equal(await count(sql`select count(*)::int as n from chronology_entry where person_id = ${c.personId} and kind = 'strategy-discussion'`), 1)
    assert.equal(await count(sql`select count(*)::int as n from audit_log where entity_id = ${out.id} and action = 'strategy-discussion.record'`), 1)
    assert.equal(await count(sql`select count(*)::int as n from audit_log where entity_id = ${out.section47Id} and action = 's47.start'`), 1)
  })

  it('police or health not taking part: the record is kept with a warning for each', async () => {
    const c = await child()
    const out = await recordStrategyDiscussion(ctx, await meta('socialworker'), c.personId, discussion({ participants: [{ name: 'Ms Grant', agency: 'education', role: 'Head teacher' }] }))
    assert.equal(out.warnings.length, 2)
    const view = await viewStrategyDiscussion(ctx, await meta('teammanager'), c.personId, out.id)
    const messages = view.discussion.warnings.map((w) => w.message)
    assert.ok(messages.some((m) => /^Police did not take part/.test(m)), messages.join('; '))
    assert.ok(messages.some((m) => /^Health did not take part/.test(m)), messages.join('; '))
  })

  it('a decision of no section 47 enquiry starts no enquiry', async () => {
    const c = await child()
    const out = await recordStrategyDiscussion(ctx, await meta('socialworker'), c.personId, discussion({ decision: 'no_s47' }))
    assert.equal(out.section47Id, null)
    assert.equal(await count(sql`select count(*)::int as n from section47_enquiry where person_id = ${c.personId}`), 0)
    assert.equal(await count(sql`select count(*)::int as n from strategy_discussion where person_id = ${c.personId}`), 1)
    assert.equal(await count(sql`select count(*)::int as n from chronology_entry where person_id = ${c.personId} and kind = 'section-47-started'`), 0)
  })

  it('a second open enquiry is refused with the first one’s start date, and nothing of the second discussion is saved', async () => {
    const c = await child()
    const sw = await meta('socialworker')
    const first = discussion({ heldOn: addDays(today(), -6) })
    await recordStrategyDiscussion(ctx, sw, c.personId, first)
    await expectFieldError(recordStrategyDiscussion(ctx, sw, c.personId, discussion({ heldOn: addDays(today(), -1), decision: 's47_single' })), 'decision', new RegExp(`open section 47 enquiry, started on ${formatDate(first.heldOn)}`))
    assert.equal(await count(sql`select count(*)::int as n from strategy_discussion where person_id = ${c.personId}`), 1)
    assert.equal(await count(sql`select count(*)::int as n from section47_enquiry where person_id = ${c.personId}`), 1)
    assert.equal(await count(sql`select count(*)::int as n from chronology_entry where person_id = ${c.personId} and kind = 'strategy-discussion'`), 1)
  })

  it('a discussion dated before the referral is refused', async () => {
    const c = await child(10)
    await expectFieldError(recordStrategyDiscussion(ctx, await meta('socialworker'), c.personId, discussion({ heldOn: addDays(today(), -11) })), 'heldOn', /cannot be before the referral/)
    assert.equal(await count(sql`select count(*)::int as n from strategy_discussion where person_id = ${c.personId}`), 0)
  })

  it('a time later today is refused (the clock is London time)', async () => {
    const c = await child()
    const day = today()
    const at10 = testContext(database, () => londonInstant(day, '10:00'))
    await expectFieldError(recordStrategyDiscussion(at10, await meta('socialworker'), c.personId, discussion({ heldOn: day, heldAt: '10:01' })), 'heldAt', /cannot be in the future/)
    const out = await recordStrategyDiscussion(at10, await meta('socialworker'), c.personId, discussion({ heldOn: day, heldAt: '09:59' }))
    assert.ok(out.section47Id)
  })

  it('a child with no open referral: refused, saying to record a contact and referral first', async () => {
    const c = await child()
    await database.db.execute(sql`update referral set closed_on = ${today()}, closure_reason = 'RC8' where id = ${c.referralId}`)
    await expectFieldError(recordStrategyDiscussion(ctx, await meta('socialworker'), c.personId, discussion()), 'heldOn', /no open referral: record a contact and referral first/)
  })

  it('a bad action due date: nothing half-saved', async () => {
    const c = await child()
    await expectFieldError(
      recordStrategyDiscussion(ctx, await meta('socialworker'), c.personId, discussion({ actions: [{ action: 'Visit', owner: 'Sam', dueOn: addDays(today(), -30) }] })),
      'actions[0].dueOn',
      /cannot be before the strategy discussion/,
    )
    assert.equal(await count(sql`select count(*)::int as n from strategy_discussion where person_id = ${c.personId}`), 0)
    assert.equal(await count(sql`select count(*)::int as n from section47_enquiry where person_id = ${c.personId}`), 0)
    assert.equal(await count(sql`select count(*)::int as n from chronology_entry where person_id = ${c.personId}`), 0)
  })

  it('a source that is not this child’s record is refused; an assessment of the child is accepted', async () => {
    const c = await child()
    const other = await child()
    const sw = await meta('socialworker')
    await expectFieldError(recordStrategyDiscussion(ctx, sw, c.personId, discussion({ source: 'referral', sourceId: other.referralId })), 'source', /not one of this child’s/)
    const a = (
      await database.db.execute(sql`insert into assessment (assessment_ref, person_id, referral_id, kind, framework, start_date, due_date, status)
        values ('A' || lpad(nextval('assessment_ref_seq')::text, 6, '0'), ${c.personId}, ${c.referralId}, 'single', 'wt2023', ${addDays(today(), -15)}, ${addDays(today(), 30)}, 'in_progress') returning id`)
    ).rows[0] as { id: string }
    const out = await recordStrategyDiscussion(ctx, sw, c.personId, discussion({ source: 'assessment', sourceId: a.id }))
    const view = await viewStrategyDiscussion(ctx, sw, c.personId, out.id)
    assert.equal(view.discussion.sourceType, 'assessment')
    assert.equal(view.discussion.sourceId, a.id)
  })

  it('an auditor cannot record a strategy discussion', async () => {
    const c = await child()
    await assert.rejects(recordStrategyDiscussion(ctx, await meta('auditor'), c.personId, discussion()), ForbiddenError)
  })
})

describe('section 47 enquiries', () => {
  it('the worker records the outcome; the manager authorises: management decision, chronology, audit, and the ICPC is asked for', async () => {
    const c = await child()
    const { section47Id, version } = await startedEnquiry(c)
    const sw = await meta('socialworker')
    const tm = await meta('teammanager')
    const before = await viewSection47(ctx, sw, c.personId, section47Id)
    assert.equal(before.icpc.state, 'due')
    await recordSection47Outcome(ctx, sw, c.personId, section47Id, version, outcome)
    const recorded = await getSection47(database.db, section47Id, c.personId)
    assert.ok(recorded)
    assert.equal(recorded.status, 'outcome_recorded')
    assert.equal(recorded.childSeenAlone, true)
    assert.equal(recorded.recordedBy, sw.actor.userId)
    await authoriseSection47(ctx, tm, c.personId, section47Id, recorded.version)
    const e = await getSection47(database.db, section47Id, c.personId)
    assert.ok(e)
    assert.equal(e.status, 'authorised')
    assert.equal(e.icpcRequired, true)
    assert.equal(e.outcome, 'substantiated_continuing_risk')
    assert.equal(e.authorisedOn, today())
    assert.equal(e.authorisedBy, tm.actor.userId)
    const md = (await database.db.execute(sql`select decision, stage from management_decision where subject_id = ${section47Id}`)).rows as { decision: string; stage: string }[]
    assert.equal(md.length, 1)
    assert.equal(md[0]?.stage, 'other')
    assert.match(md[0]?.decision ?? '', /^Section 47 enquiry outcome authorised: Concerns substantiated and the child is judged to be at continuing risk of significant harm; initial child protection conference needed$/)
    assert.equal(await count(sql`select count(*)::int as n from chronology_entry where person_id = ${c.personId} and kind = 'section-47-authorised'`), 1)
    assert.equal(await count(sql`select count(*)::int as n from audit_log where entity_id = ${section47Id} and action = 's47.authorise'`), 1)
    // Another enquiry may start now the first is authorised.
    const second = await recordStrategyDiscussion(ctx, sw, c.personId, discussion({ heldOn: today(), heldAt: '00:00' }))
    assert.ok(second.section47Id)
  })

  it('conference not required: the reason is needed and goes into the decision', async () => {
    const c = await child()
    const { section47Id, version } = await startedEnquiry(c)
    const sw = await meta('socialworker')
    await expectFieldError(recordSection47Outcome(ctx, sw, c.personId, section47Id, version, { ...outcome, outcome: 'not_substantiated' }), 'conferenceNotRequiredReason', /Enter the reason a conference is not needed/)
    await recordSection47Outcome(ctx, sw, c.personId, section47Id, version, { ...outcome, outcome: 'not_substantiated', conferenceNotRequiredReason: 'Accidental injury; family accept support' })
    const e = await getSection47(database.db, section47Id, c.personId)
    assert.ok(e)
    await authoriseSection47(ctx, await meta('teammanager'), c.personId, section47Id, e.version)
    const md = (await database.db.execute(sql`select decision from management_decision where subject_id = ${section47Id}`)).rows as { decision: string }[]
    assert.match(md[0]?.decision ?? '', /conference not required: Accidental injury; family accept support$/)
    const view = await viewSection47(ctx, sw, c.personId, section47Id)
    assert.equal(view.icpc.state, 'not_required')
  })

  it('the manager who recorded the outcome cannot authorise it', async () => {
    const c = await child()
    const { section47Id, version } = await startedEnquiry(c, 'teammanager')
    const tm = await meta('teammanager')
    await recordSection47Outcome(ctx, tm, c.personId, section47Id, version, outcome)
    await expectFieldError(authoriseSection47(ctx, tm, c.personId, section47Id, version + 1), 'authorisedBy', /other than the person who recorded it/)
    assert.equal((await getSection47(database.db, section47Id, c.personId))?.status, 'outcome_recorded')
    // A second manager may.
    await authoriseSection47(ctx, await meta('servicemanager'), c.personId, section47Id, version + 1)
    assert.equal((await getSection47(database.db, section47Id, c.personId))?.status, 'authorised')
  })

  it('a social worker cannot authorise or return', async () => {
    const c = await child()
    const { section47Id, version } = await startedEnquiry(c)
    const sw = await meta('socialworker')
    await recordSection47Outcome(ctx, sw, c.personId, section47Id, version, outcome)
    await assert.rejects(authoriseSection47(ctx, sw, c.personId, section47Id, version + 1), ForbiddenError)
    await assert.rejects(returnSection47(ctx, sw, c.personId, section47Id, version + 1, 'No'), ForbiddenError)
    assert.equal(await count(sql`select count(*)::int as n from management_decision where subject_id = ${section47Id}`), 0)
  })

  it('returned with comments, recorded again, then authorised; a stale version is a conflict', async () => {
    const c = await child()
    const { section47Id, version } = await startedEnquiry(c)
    const sw = await meta('socialworker')
    const tm = await meta('teammanager')
    await recordSection47Outcome(ctx, sw, c.personId, section47Id, version, outcome)
    await expectFieldError(returnSection47(ctx, tm, c.personId, section47Id, version + 1, ''), 'comments', /Enter what needs to change/)
    await returnSection47(ctx, tm, c.personId, section47Id, version + 1, 'Say who saw the child alone and where')
    const returned = await getSection47(database.db, section47Id, c.personId)
    assert.equal(returned?.status, 'returned')
    assert.equal(returned?.returnComments, 'Say who saw the child alone and where')
    // Stale: the manager's page still had the old version.
    await assert.rejects(authoriseSection47(ctx, tm, c.personId, section47Id, version + 1), ConflictError)
    await assert.rejects(recordSection47Outcome(ctx, sw, c.personId, section47Id, version, outcome), ConflictError)
    await recordSection47Outcome(ctx, sw, c.personId, section47Id, version + 2, { ...outcome, summary: 'Seen alone at school by Sam Okafor.' })
    await authoriseSection47(ctx, tm, c.personId, section47Id, version + 3)
    // Two managers at once: the second has the old version.
    await assert.rejects(authoriseSection47(ctx, await meta('servicemanager'), c.personId, section47Id, version + 3), ConflictError)
    const e = await getSection47(database.db, section47Id, c.personId)
    assert.equal(e?.status, 'authorised')
    assert.equal(e?.returnComments, null)
    assert.equal(await count(sql`select count(*)::int as n from management_decision where subject_id = ${section47Id}`), 2)
  })

  it('the child seen date cannot be before the enquiry started; nothing is saved', async () => {
    const c = await child()
    const { section47Id, version } = await startedEnquiry(c)
    await expectFieldError(recordSection47Outcome(ctx, await meta('socialworker'), c.personId, section47Id, version, { ...outcome, childSeenOn: addDays(today(), -10) }), 'childSeenOn', /cannot be before the enquiry started/)
    const e = await getSection47(database.db, section47Id, c.personId)
    assert.equal(e?.status, 'open')
    assert.equal(e?.version, version)
  })
})
