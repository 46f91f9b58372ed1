import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { hash } from '@node-rs/argon2'
import { actorFor, TEST_PASSWORD, testContext, testDatabase, uniqueFamilyName } from '../helpers/harness.ts'
import { createPerson } from '../../src/app/people/createPerson.ts'
import { proposeTransfer, transferForm } from '../../src/app/transfers/proposeTransfer.ts'
import { acceptTransfer, declineTransfer, withdrawTransfer } from '../../src/app/transfers/decideTransfer.ts'
import { transfersOverview, viewTransfer } from '../../src/app/transfers/viewTransfers.ts'
import { ConflictError, ForbiddenError, ValidationError, type RequestMeta } from '../../src/app/context.ts'
import { insertUser } from '../../src/db/repositories/users.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'

const database = testDatabase()
after(() => database.close())
const ctx = testContext(database)
const metaOf = async (u: string): Promise<RequestMeta> => ({ actor: await actorFor(database, u), ip: '127.0.0.1', requestId: 'test' })
const one = async <T>(q: ReturnType<typeof sql>) => (await database.db.execute(q)).rows[0] as T
const all = async <T>(q: ReturnType<typeof sql>) => (await database.db.execute(q)).rows as T[]
const teamId = async (name: string) => (await one<{ id: string }>(sql`select id from team where name = ${name}`)).id

/** A team manager sign-in for a team that has none in the demo. */
async function managerOf(teamName: string): Promise<RequestMeta> {
  const family = uniqueFamilyName()
  const username = `tm${family.toLowerCase()}`
  const w = await one<{ id: string }>(sql`insert into worker (name, job_role, qualified_social_worker, team_id, started_on) values (${`Morgan ${family}`}, 'Team manager', true, ${await teamId(teamName)}, '2020-01-01') returning id`)
  await insertUser(database.db, { username, displayName: `Morgan ${family}`, passwordHash: await hash(TEST_PASSWORD), role: 'team_manager', scope: 'team', workerId: w.id })
  return metaOf(username)
}

/** A child allocated to a social worker (not Sam Okafor) in the team, since `startDate`. */
async function childIn(teamName: string, startDate = '2026-01-05'): Promise<{ personId: string; allocationId: string }> {
  const out = await createPerson(ctx, await metaOf('frontdoor'), { givenNames: 'Ellie', familyName: uniqueFamilyName(), dateOfBirth: '2015-03-03', sex: 'F', confirmedNotDuplicate: true })
  assert.equal(out.kind, 'created')
  const personId = out.kind === 'created' ? out.id : ''
  const worker = await one<{ id: string }>(sql`select w.id from worker w join team t on t.id = w.team_id where t.name = ${teamName} and w.job_role = 'Social worker' and w.name <> 'Sam Okafor' order by w.name limit 1`)
  const a = await one<{ id: string }>(sql`insert into allocation (person_id, worker_id, team_id, start_date) values (${personId}, ${worker.id}, ${await teamId(teamName)}, ${startDate}) returning id`)
  return { personId, allocationId: a.id }
}

const SUMMARY = 'Assessment authorised: child in need plan recommended. Mother engaging; school attendance 80%.'

describe('transfers between teams', () => {
  it('propose → accept: the old allocation ends today (TSPROC), the child waits in the receiving team, the decision is on file', async () => {
    const { personId, allocationId } = await childIn('Assessment North')
    const tm = await metaOf('teammanager')
    const receiving = await managerOf('Safeguarding East')
    const form = await transferForm(ctx, tm, personId)
    assert.equal(form.currentTeam?.name, 'Assessment North')
    assert.ok(!form.teams.some((t) => t.name === 'Assessment North'), 'the current team is not offered')
    const east = await teamId('Safeguarding East')
    const { id } = await proposeTransfer(ctx, tm, personId, { toTeamId: east, summary: SUMMARY })

    const overview = await transfersOverview(ctx, receiving)
    assert.ok(overview.incoming.some((t) => t.id === id), 'incoming for the receiving manager')
    assert.ok((await transfersOverview(ctx, tm)).outgoing.some((t) => t.id === id), 'outgoing for the sending manager')

    const v = await viewTransfer(ctx, receiving, id)
    assert.equal(v.canDecide, true)
    assert.equal(v.transfer.summary, SUMMARY)
    await acceptTransfer(ctx, receiving, id, { version: v.transfer.version, reasons: 'Agreed at the transfer meeting' })

    const alloc = await one<{ endDate: string; endReason: string }>(sql`select end_date as "endDate", end_reason as "endReason" from allocation where id = ${allocationId}`)
    assert.deepEqual(alloc, { endDate: londonDate(new Date()), endReason: 'TSPROC' })
    const queue = await all<{ teamId: string; reason: string; sourceType: string; sourceId: string; allocatedAt: string | null }>(
      sql`select team_id as "teamId", reason, source_type as "sourceType", source_id as "sourceId", allocated_at as "allocatedAt" from team_queue where person_id = ${personId}`,
    )
    assert.deepEqual(queue, [{ teamId: east, reason: 'transfer', sourceType: 'team_transfer', sourceId: id, allocatedAt: null }])
    const md = await all<{ stage: string; decision: string }>(sql`select stage, decision from management_decision where person_id = ${personId}`)
    assert.deepEqual(md, [{ stage: 'transfer', decision: 'Transfer from Assessment North to Safeguarding East accepted' }])
    const chron = await all<{ summary: string }>(sql`select summary from chronology_entry where person_id = ${personId} and kind = 'transfer' order by occurred_at, recorded_at`)
    assert.ok(chron.some((c) => c.summary.startsWith(`Transfer from Assessment North to Safeguarding East accepted by ${receiving.actor.displayName}`)), JSON.stringify(chron))
    const audit = await all<{ action: string }>(sql`select action from audit_log where person_id = ${personId} and action like 'transfer.%' order by at`)
    assert.deepEqual(audit.map((a) => a.action), ['transfer.propose', 'transfer.accept'])

    const after = await viewTransfer(ctx, receiving, id)
    assert.equal(after.transfer.status, 'accepted')
    assert.equal(after.canDecide, false)
    assert.deepEqual(after.transfer.betweenTeams, { days: 0, workingDays: 0, stillWaiting: true })
    // The sending manager still sees the transfer they proposed, though the child has left the team.
    assert.equal((await viewTransfer(ctx, tm, id)).transfer.status, 'accepted')
  })

  it('decline keeps the child and their allocation with the sending team; reasons are required', async () => {
    const { personId, allocationId } = await childIn('Assessment North')
    const tm = await metaOf('teammanager')
    const receiving = await managerOf('Safeguarding West')
    const { id } = await proposeTransfer(ctx, tm, personId, { toTeamId: await teamId('Safeguarding West'), summary: SUMMARY })
    await assert.rejects(declineTransfer(ctx, receiving, id, { version: 1, reasons: '  ' }), (e: unknown) => e instanceof ValidationError && e.errors[0]?.field === 'declineReasons')
    await declineTransfer(ctx, receiving, id, { version: 1, reasons: 'Assessment not yet authorised' })
    const alloc = await one<{ endDate: string | null }>(sql`select end_date as "endDate" from allocation where id = ${allocationId}`)
    assert.equal(alloc.endDate, null)
    assert.equal((await one<{ n: number }>(sql`select count(*)::int as n from team_queue where person_id = ${personId}`)).n, 0)
    const md = await one<{ decision: string; reasons: string }>(sql`select decision, reasons from management_decision where person_id = ${personId}`)
    assert.deepEqual(md, { decision: 'Transfer from Assessment North to Safeguarding West declined', reasons: 'Assessment not yet authorised' })
    // Declined: a new proposal may be made.
    const again = await proposeTransfer(ctx, tm, personId, { toTeamId: await teamId('Safeguarding East'), summary: SUMMARY })
    assert.ok(again.id)
  })

  it('only the receiving team’s manager decides; only a manager of the child’s team proposes', async () => {
    const { personId } = await childIn('Assessment North')
    const tm = await metaOf('teammanager')
    const { id } = await proposeTransfer(ctx, tm, personId, { toTeamId: await teamId('Safeguarding East'), summary: SUMMARY })
    // The sending manager, a service manager over another service, a manager of a third team: refused.
    await assert.rejects(acceptTransfer(ctx, tm, id, { version: 1 }), ForbiddenError)
    await assert.rejects(acceptTransfer(ctx, await metaOf('servicemanager'), id, { version: 1 }), ForbiddenError)
    const west = await managerOf('Safeguarding West')
    await assert.rejects(declineTransfer(ctx, west, id, { version: 1, reasons: 'x' }), ForbiddenError)
    await assert.rejects(viewTransfer(ctx, west, id), ForbiddenError)
    // No capability at all.
    await assert.rejects(acceptTransfer(ctx, await metaOf('socialworker'), id, { version: 1 }), ForbiddenError)
    await assert.rejects(proposeTransfer(ctx, await metaOf('socialworker'), personId, { toTeamId: await teamId('Safeguarding West'), summary: SUMMARY }), ForbiddenError)
    // A manager of another team cannot propose for a child outside their team.
    const other = await childIn('Assessment North')
    await assert.rejects(proposeTransfer(ctx, west, other.personId, { toTeamId: await teamId('Safeguarding East'), summary: SUMMARY }), ForbiddenError)
    // Refusals with reasons: same team, a second proposal, no summary.
    await assert.rejects(proposeTransfer(ctx, tm, other.personId, { toTeamId: await teamId('Assessment North'), summary: SUMMARY }), (e: unknown) => e instanceof ValidationError && /other than the child’s current team/.test(e.message))
    await assert.rejects(proposeTransfer(ctx, tm, personId, { toTeamId: await teamId('Safeguarding West'), summary: SUMMARY }), (e: unknown) => e instanceof ValidationError && /already waiting/.test(e.message))
    await assert.rejects(proposeTransfer(ctx, tm, other.personId, { toTeamId: await teamId('Safeguarding West'), summary: '' }), (e: unknown) => e instanceof ValidationError && e.errors[0]?.field === 'summary')
    // The proposer withdraws; nobody else can.
    await assert.rejects(withdrawTransfer(ctx, await metaOf('servicemanager'), id, { version: 1 }), ForbiddenError)
    await withdrawTransfer(ctx, tm, id, { version: 1 })
    assert.equal((await viewTransfer(ctx, tm, id)).transfer.status, 'withdrawn')
  })

  it('two managers deciding at once: one wins, the other gets a conflict', async () => {
    const { personId, allocationId } = await childIn('Assessment North')
    const tm = await metaOf('teammanager')
    const a = await managerOf('Safeguarding East')
    const b = await managerOf('Safeguarding East')
    const { id } = await proposeTransfer(ctx, tm, personId, { toTeamId: await teamId('Safeguarding East'), summary: SUMMARY })
    const results = await Promise.allSettled([acceptTransfer(ctx, a, id, { version: 1 }), declineTransfer(ctx, b, id, { version: 1, reasons: 'Not yet' })])
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    assert.equal(rejected.length, 1)
    assert.ok(rejected[0]?.reason instanceof ConflictError, String(rejected[0]?.reason))
    const status = (await viewTransfer(ctx, tm, id)).transfer.status
    const ended = (await one<{ endDate: string | null }>(sql`select end_date as "endDate" from allocation where id = ${allocationId}`)).endDate
    assert.equal(ended !== null, status === 'accepted', 'allocation ended only if accepted')
    assert.equal((await one<{ n: number }>(sql`select count(*)::int as n from management_decision where person_id = ${personId}`)).n, 1)
    // A stale form (old version) is refused too.
    await assert.rejects(acceptTransfer(ctx, a, id, { version: 1 }), ConflictError)
  })

  it('a child waiting in the team’s queue (no worker yet) can be transferred by that team’s manager', async () => {
    const { personId, allocationId } = await childIn('Assessment North')
    const north = await teamId('Assessment North')
    await database.db.execute(sql`update allocation set end_date = '2026-02-01', end_reason = 'LEFTRL' where id = ${allocationId}`)
    await database.db.execute(sql`insert into team_queue (person_id, team_id, waiting_since, reason) values (${personId}, ${north}, '2026-02-01T09:00:00Z', 'worker left')`)
    const tm = await metaOf('teammanager')
    const form = await transferForm(ctx, tm, personId)
    assert.equal(form.currentTeam?.name, 'Assessment North')
    const receiving = await managerOf('Children in care')
    const { id } = await proposeTransfer(ctx, tm, personId, { toTeamId: await teamId('Children in care'), summary: SUMMARY })
    await acceptTransfer(ctx, receiving, id, { version: 1 })
    const waiting = await all<{ teamId: string; allocatedAt: string | null }>(sql`select team_id as "teamId", allocated_at as "allocatedAt" from team_queue where person_id = ${personId} order by waiting_since`)
    assert.equal(waiting.length, 2)
    assert.notEqual(waiting[0]?.allocatedAt, null, 'the wait for Assessment North ended')
    assert.deepEqual(waiting[1], { teamId: await teamId('Children in care'), allocatedAt: null })
  })

  it('a service manager over the receiving team may decide', async () => {
    const { personId } = await childIn('Assessment North')
    const sm = await metaOf('servicemanager')
    const south = await one<{ id: string; serviceId: string }>(sql`select id, service_id as "serviceId" from team where name = 'Assessment South'`)
    assert.equal(sm.actor.serviceId, south.serviceId, 'the demo service manager covers the assessment teams')
    const { id } = await proposeTransfer(ctx, await metaOf('teammanager'), personId, { toTeamId: south.id, summary: SUMMARY })
    assert.ok((await transfersOverview(ctx, sm)).incoming.some((t) => t.id === id))
    await acceptTransfer(ctx, sm, id, { version: 1 })
    assert.equal((await viewTransfer(ctx, sm, id)).transfer.status, 'accepted')
  })

  it('the demo: proposals from Assessment North wait for Safeguarding East and West; accepted ones show the wait between teams', async () => {
    const east = await metaOf('eastmanager')
    const west = await metaOf('westmanager')
    const incoming = [...(await transfersOverview(ctx, east)).incoming, ...(await transfersOverview(ctx, west)).incoming]
    assert.ok(incoming.some((t) => t.fromTeam.name === 'Assessment North' && t.proposedByName === 'Joanne Fletcher'))
    const accepted = (await transfersOverview(ctx, await metaOf('teammanager'))).accepted.filter((t) => t.decidedByName === east.actor.displayName || t.decidedByName === west.actor.displayName)
    assert.ok(accepted.some((t) => t.betweenTeams && !t.betweenTeams.stillWaiting && t.betweenTeams.days > 0 && t.allocatedWorkerName))
    assert.ok(accepted.some((t) => t.betweenTeams?.stillWaiting))
    const outgoing = (await transfersOverview(ctx, await metaOf('teammanager'))).outgoing
    assert.ok(outgoing.some((t) => t.status === 'declined' && t.decisionReasons))
  })

  it('measures the wait between teams: from acceptance until allocation in the receiving team', async () => {
    const { personId } = await childIn('Assessment North', '2025-06-02')
    const tm = await metaOf('teammanager')
    const receiving = await managerOf('Safeguarding East')
    const east = await teamId('Safeguarding East')
    // Accepted on Wednesday 1 October 2025 at 10:00.
    const then = testContext(database, () => new Date('2025-10-01T09:00:00Z'))
    const { id } = await proposeTransfer(ctx, tm, personId, { toTeamId: east, summary: SUMMARY })
    await acceptTransfer(then, receiving, id, { version: 1 })
    // A week later, still waiting: 7 days, 5 working days so far.
    const weekLater = testContext(database, () => new Date('2025-10-08T12:00:00Z'))
    assert.deepEqual((await viewTransfer(weekLater, receiving, id)).transfer.betweenTeams, { days: 7, workingDays: 5, stillWaiting: true })
    const overview = await transfersOverview(weekLater, receiving)
    assert.ok(overview.accepted.some((t) => t.id === id && t.betweenTeams?.stillWaiting), 'listed as recently accepted, still waiting')
    // Allocated in the receiving team on Friday 10 October: the wait stops there.
    const worker = await one<{ id: string }>(sql`select id from worker where team_id = ${east} and job_role = 'Social worker' order by name limit 1`)
    const alloc = await one<{ id: string }>(sql`insert into allocation (person_id, worker_id, team_id, start_date) values (${personId}, ${worker.id}, ${east}, '2025-10-10') returning id`)
    await database.db.execute(sql`update team_queue set allocated_at = '2025-10-10T10:00:00Z', allocation_id = ${alloc.id} where person_id = ${personId} and allocated_at is null`)
    const later = testContext(database, () => new Date('2025-11-20T12:00:00Z'))
    const v = await viewTransfer(later, receiving, id)
    assert.deepEqual(v.transfer.betweenTeams, { days: 9, workingDays: 7, stillWaiting: false })
    assert.ok(v.transfer.allocatedWorkerName)
  })
})
