import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { acceptTransfer, declineTransfer, describeWait, managesTeam, mayDecide, mayPropose, proposeTransfer, waitingTime, withdrawTransfer, type ManagerActor, type TeamRef } from '../../src/domain/transfers/transfer.ts'
import { WorkingDayCalendar } from '../../src/domain/calendar/workingDays.ts'

const north: TeamRef = { id: 'team-north', serviceId: 'svc-assess', name: 'Assessment North' }
const south: TeamRef = { id: 'team-south', serviceId: 'svc-assess', name: 'Assessment South' }
const east: TeamRef = { id: 'team-east', serviceId: 'svc-safe', name: 'Safeguarding East' }
const tm = (team: TeamRef, userId = 'u-tm'): ManagerActor => ({ userId, role: 'team_manager', teamId: team.id, serviceId: team.serviceId })
const fields = (r: { ok: boolean; errors?: { field: string; message: string }[] }) => (r.ok ? [] : (r.errors ?? []).map((e) => e.field))
const messages = (r: { ok: boolean; errors?: { field: string; message: string }[] }) => (r.ok ? '' : (r.errors ?? []).map((e) => e.message).join(' | '))

describe('proposing a transfer', () => {
  const facts = { currentTeam: north, toTeam: east, pending: false }
  it('takes the child from their current team to another, with a summary', () => {
    const r = proposeTransfer({ toTeamId: east.id, summary: '  Assessment done; CIN plan.  ' }, facts)
    assert.deepEqual(r, { ok: true, value: { fromTeamId: north.id, toTeamId: east.id, summary: 'Assessment done; CIN plan.' } })
  })
  it('refuses a child with no team (not allocated, not waiting)', () => {
    const r = proposeTransfer({ toTeamId: east.id, summary: 'x' }, { ...facts, currentTeam: null })
    assert.deepEqual(fields(r), ['toTeamId'])
    assert.match(messages(r), /not allocated to a team/)
  })
  it('refuses when no receiving team is chosen, or it does not exist', () => {
    assert.deepEqual(fields(proposeTransfer({ summary: 'x' }, { ...facts, toTeam: null })), ['toTeamId'])
    assert.deepEqual(fields(proposeTransfer({ toTeamId: 'nope', summary: 'x' }, { ...facts, toTeam: null })), ['toTeamId'])
  })
  it('refuses a transfer to the same team', () => {
    const r = proposeTransfer({ toTeamId: north.id, summary: 'x' }, { ...facts, toTeam: north })
    assert.match(messages(r), /other than the child’s current team \(Assessment North\)/)
  })
  it('refuses a team that does not hold cases (front door, out of hours)', () => {
    const mash: TeamRef = { id: 'team-mash', serviceId: 'svc-assess', name: 'MASH and front door', kind: 'front_door' }
    assert.match(messages(proposeTransfer({ toTeamId: mash.id, summary: 'x' }, { ...facts, toTeam: mash })), /MASH and front door does not hold cases/)
    assert.equal(proposeTransfer({ toTeamId: east.id, summary: 'x' }, { ...facts, toTeam: { ...east, kind: 'safeguarding' } }).ok, true)
  })
  it('refuses a second proposal while one is waiting', () => {
    assert.match(messages(proposeTransfer({ toTeamId: east.id, summary: 'x' }, { ...facts, pending: true })), /already waiting for a decision/)
  })
  it('needs a summary of at most 10,000 characters', () => {
    assert.deepEqual(fields(proposeTransfer({ toTeamId: east.id, summary: '   ' }, facts)), ['summary'])
    assert.deepEqual(fields(proposeTransfer({ toTeamId: east.id, summary: 'a'.repeat(10_001) }, facts)), ['summary'])
    assert.equal(proposeTransfer({ toTeamId: east.id, summary: 'a'.repeat(10_000) }, facts).ok, true)
    assert.match(messages(proposeTransfer({ toTeamId: east.id, summary: 'a'.repeat(1_000_000) }, facts)), /10,000 characters or fewer/)
  })
  it('only a manager of the sending team proposes', () => {
    assert.equal(mayPropose(tm(north), north), true)
    assert.equal(mayPropose(tm(south), north), false)
    assert.equal(mayPropose({ userId: 'sm', role: 'service_manager', teamId: 'x', serviceId: 'svc-assess' }, north), true)
    assert.equal(mayPropose({ userId: 'sm', role: 'service_manager', teamId: 'x', serviceId: 'svc-safe' }, north), false)
    assert.equal(mayPropose({ userId: 'sw', role: 'social_worker', teamId: north.id, serviceId: north.serviceId }, north), false)
  })
})

describe('deciding a transfer', () => {
  const proposed = { status: 'proposed' as const, toTeam: east, fromTeam: north, proposedBy: 'u-proposer' }
  it('only the receiving team’s manager, or a service manager over it, decides', () => {
    assert.equal(mayDecide(tm(east), proposed), true)
    assert.equal(mayDecide(tm(north), proposed), false)
    assert.equal(mayDecide({ userId: 'sm', role: 'service_manager', teamId: null, serviceId: 'svc-safe' }, proposed), true)
    assert.equal(mayDecide({ userId: 'sm', role: 'service_manager', teamId: null, serviceId: 'svc-assess' }, proposed), false)
    assert.equal(managesTeam({ userId: 'a', role: 'team_manager', teamId: null, serviceId: null }, east), false)
  })
  it('accepts with optional reasons', () => {
    assert.deepEqual(acceptTransfer(proposed, {}), { ok: true, value: { status: 'accepted', reasons: null } })
    assert.deepEqual(acceptTransfer(proposed, { reasons: ' Agreed at transfer meeting ' }), { ok: true, value: { status: 'accepted', reasons: 'Agreed at transfer meeting' } })
    assert.deepEqual(fields(acceptTransfer(proposed, { reasons: 'a'.repeat(10_001) })), ['acceptReasons'])
  })
  it('declines only with reasons', () => {
    assert.deepEqual(fields(declineTransfer(proposed, { reasons: ' ' })), ['declineReasons'])
    assert.match(messages(declineTransfer(proposed, {})), /Give the reasons for declining/)
    assert.deepEqual(fields(declineTransfer(proposed, { reasons: 'a'.repeat(10_001) })), ['declineReasons'])
    assert.deepEqual(declineTransfer(proposed, { reasons: 'Assessment not authorised' }), { ok: true, value: { status: 'declined', reasons: 'Assessment not authorised' } })
  })
  it('decides only while proposed', () => {
    for (const status of ['accepted', 'declined', 'withdrawn'] as const) {
      assert.deepEqual(fields(acceptTransfer({ status }, {})), ['decision'])
      assert.deepEqual(fields(declineTransfer({ status }, { reasons: 'x' })), ['decision'])
      assert.match(messages(acceptTransfer({ status }, {})), new RegExp(`already been ${status}`))
    }
  })
  it('the proposer alone withdraws, while proposed', () => {
    assert.deepEqual(withdrawTransfer(proposed, { userId: 'u-proposer' }), { ok: true, value: { status: 'withdrawn' } })
    assert.match(messages(withdrawTransfer(proposed, { userId: 'someone-else' })), /Only the manager who proposed/)
    assert.deepEqual(fields(withdrawTransfer({ ...proposed, status: 'accepted' }, { userId: 'u-proposer' })), ['decision'])
  })
})

describe('waiting time between teams', () => {
  const calendar = new WorkingDayCalendar({ closureDays: ['2025-12-29'] })
  it('counts days and working days from acceptance to allocation', () => {
    // Fri 19 Dec 2025 → Fri 2 Jan 2026: Christmas, Boxing Day, New Year's Day and a closure day are not working days.
    const w = waitingTime('2025-12-19', '2026-01-02', '2026-02-01', calendar)
    assert.deepEqual(w, { days: 14, workingDays: 6, stillWaiting: false })
    assert.equal(describeWait(w), '14 days (6 working days)')
  })
  it('counts so far while the child is still waiting', () => {
    assert.deepEqual(waitingTime('2026-03-02', null, '2026-03-09', calendar), { days: 7, workingDays: 5, stillWaiting: true })
    assert.deepEqual(waitingTime('2026-03-09', null, '2026-03-09', calendar), { days: 0, workingDays: 0, stillWaiting: true })
    assert.equal(describeWait({ days: 1, workingDays: 1 }), '1 day (1 working day)')
  })
  it('refuses dates that are not ISO dates', () => {
    assert.throws(() => waitingTime('2026-02-30', null, '2026-03-01', calendar), RangeError)
  })
})
