import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { actorFor, testContext, testDatabase, uniqueFamilyName } from '../helpers/harness.ts'
import { addCoWorker, allocateChild, endAllocation, viewAllocation, type AllocateInput } from '../../src/app/allocation/allocate.ts'
import { teamCaseloads } from '../../src/app/allocation/caseloads.ts'
import { enqueueForTeam } from '../../src/app/allocation/queue.ts'
import { addOversightNote, listUnallocated } from '../../src/app/allocation/unallocated.ts'
import { ConflictError, ForbiddenError, ValidationError } from '../../src/app/context.ts'
import type { Database } from '../../src/db/database.ts'
import { addDays } from '../../src/domain/calendar/days.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'

const database = testDatabase()
after(() => database.close())
const ctx = testContext(database)
const today = londonDate(new Date())
const q = async <T>(db: Database, query: ReturnType<typeof sql>): Promise<T[]> => (await db.db.execute(query)).rows as T[]

type Team = { id: string; name: string }
let north: Team
let south: Team

/** A worker of our own in a team, holding `n` filler children (each with an open referral). */
async function workerWith(teamId: string, n: number, opts: { leftOn?: string; name?: string } = {}): Promise<{ id: string; name: string }> {
  const name = opts.name ?? `Zuri ${uniqueFamilyName()}`
  const [w] = await q<{ id: string }>(
    database,
    sql`insert into worker (name, job_role, qualified_social_worker, fte, team_id, started_on, left_on) values (${name}, 'Senior practitioner', true, 1, ${teamId}, '2020-01-01', ${opts.leftOn ?? null}) returning id`,
  )
  const workerId = (w as { id: string }).id
  if (n > 0) {
    const fam = uniqueFamilyName()
    await database.db.execute(sql`
      with p as (insert into person (person_ref, given_names, family_name, sex)
                 select 'P' || lpad(nextval('person_ref_seq')::text, 6, '0'), 'Filler', ${fam}, 'U' from generate_series(1, ${n}) returning id),
           r as (insert into referral (referral_ref, person_id, referral_date, source_code, is_re_referral, referrals_in_last_12_months)
                 select 'R' || lpad(nextval('referral_ref_seq')::text, 6, '0'), id, ${addDays(today, -60)}, '2A', false, 0 from p returning person_id)
      insert into allocation (person_id, worker_id, team_id, start_date) select person_id, ${workerId}, ${teamId}, ${addDays(today, -50)} from r`)
  }
  return { id: workerId, name }
}

/** A child with an open referral, waiting in a team's queue (no allocated worker). */
async function waitingChild(teamId: string, daysAgo = 5): Promise<{ personId: string; name: string }> {
  const fam = uniqueFamilyName()
  const [p] = await q<{ id: string }>(
    database,
    sql`insert into person (person_ref, given_names, family_name, sex, date_of_birth) values ('P' || lpad(nextval('person_ref_seq')::text, 6, '0'), 'Mia', ${fam}, 'F', '2017-05-05') returning id`,
  )
  const personId = (p as { id: string }).id
  await database.db.execute(sql`insert into referral (referral_ref, person_id, referral_date, source_code, is_re_referral, referrals_in_last_12_months)
                                values ('R' || lpad(nextval('referral_ref_seq')::text, 6, '0'), ${personId}, ${addDays(today, -daysAgo)}, '2A', false, 0)`)
  await database.db.transaction((tx) => enqueueForTeam(tx, { personId, teamId, waitingSince: new Date(Date.now() - daysAgo * 86_400_000), reason: 'referral accepted' }))
  return { personId, name: `Mia ${fam}` }
}

const input = (teamId: string, workerId: string, over: Partial<AllocateInput> = {}): AllocateInput => ({
  teamId,
  workerId,
  role: 'allocated_worker',
  startDate: today,
  reason: 'Capacity in the team',
  changeReason: undefined,
  overLimitReason: undefined,
  currentAllocationId: 'none',
  ...over,
})

before(async () => {
  ;[north] = (await q<Team>(database, sql`select id, name from team where name = 'Assessment North'`)) as [Team]
  ;[south] = (await q<Team>(database, sql`select id, name from team where name = 'Assessment South'`)) as [Team]
})

describe('allocating a child', () => {
  it('allocates within the limit: closes the queue, records a management decision, chronology and audit', async () => {
    const meta = { actor: await actorFor(database, 'teammanager'), ip: null, requestId: null }
    const child = await waitingChild(north.id)
    const w = await workerWith(north.id, 3)
    const list = await listUnallocated(ctx, meta)
    assert.ok(list.groups.some((g) => g.teamName === 'Assessment North' && g.children.some((c) => c.personId === child.personId && c.daysWaiting === 5)))

    const out = await allocateChild(ctx, meta, child.personId, input(north.id, w.id))
    assert.equal(out.kind, 'allocated')
    const [queue] = await q<{ allocatedAt: string | null; allocationId: string | null }>(database, sql`select allocated_at as "allocatedAt", allocation_id as "allocationId" from team_queue where person_id = ${child.personId}`)
    assert.ok(queue?.allocatedAt && out.kind === 'allocated' && queue.allocationId === out.allocationId)
    const [decision] = await q<{ decision: string; reasons: string }>(database, sql`select decision, reasons from management_decision where person_id = ${child.personId} and stage = 'allocation'`)
    assert.equal(decision?.decision, `Allocated to ${w.name} (Assessment North)`)
    assert.equal(decision?.reasons, 'Capacity in the team')
    const chron = await q<{ summary: string }>(database, sql`select summary from chronology_entry where person_id = ${child.personId} and kind = 'allocation'`)
    assert.match(chron[0]?.summary ?? '', new RegExp(`Allocated to ${w.name}`))
    const audit = await q<{ action: string }>(database, sql`select action from audit_log where person_id = ${child.personId} and action = 'allocation.allocate'`)
    assert.equal(audit.length, 1)
    const loads = await teamCaseloads(ctx, meta, north.id)
    assert.equal(loads.find((x) => x.workerId === w.id)?.children, 4)
    assert.ok(!(await listUnallocated(ctx, meta)).groups.some((g) => g.children.some((c) => c.personId === child.personId)))
  })

  it('warns beyond the limit without a reason, and records the reason when given', async () => {
    const meta = { actor: await actorFor(database, 'teammanager'), ip: null, requestId: null }
    const child = await waitingChild(north.id)
    const w = await workerWith(north.id, 30)
    const first = await allocateChild(ctx, meta, child.personId, input(north.id, w.id))
    assert.equal(first.kind, 'over-limit')
    assert.ok(first.kind === 'over-limit' && first.warning.message === `Zuri has 30 children; their limit is 30. Give a reason to allocate beyond it`)
    const none = await q(database, sql`select 1 from allocation where person_id = ${child.personId}`)
    assert.equal(none.length, 0)
    const second = await allocateChild(ctx, meta, child.personId, input(north.id, w.id, { overLimitReason: 'Knows the family well' }))
    assert.equal(second.kind, 'allocated')
    const [row] = await q<{ overLimitReason: string }>(database, sql`select over_limit_reason as "overLimitReason" from allocation where person_id = ${child.personId} and end_date is null`)
    assert.equal(row?.overLimitReason, 'Knows the family well')
    const loads = await teamCaseloads(ctx, meta, north.id)
    const mine = loads.find((x) => x.workerId === w.id)
    assert.ok(mine && mine.children === 31 && mine.overLimit && mine.limit === 30)
  })

  it('refuses a worker who has left', async () => {
    const meta = { actor: await actorFor(database, 'teammanager'), ip: null, requestId: null }
    const child = await waitingChild(north.id)
    const w = await workerWith(north.id, 0, { leftOn: addDays(today, -10), name: `Zed ${uniqueFamilyName()}` })
    await assert.rejects(
      () => allocateChild(ctx, meta, child.personId, input(north.id, w.id)),
      (e: unknown) => e instanceof ValidationError && e.errors.some((x) => x.field === 'workerId' && x.message.startsWith(`${w.name} left on`) && x.message.endsWith('choose a current worker')),
    )
  })

  it('lets only one of two managers allocating the same child at once succeed', async () => {
    const a = { actor: await actorFor(database, 'teammanager'), ip: null, requestId: null }
    const b = { actor: await actorFor(database, 'servicemanager'), ip: null, requestId: null }
    const child = await waitingChild(north.id)
    const w1 = await workerWith(north.id, 1)
    const w2 = await workerWith(north.id, 1)
    const results = await Promise.allSettled([allocateChild(ctx, a, child.personId, input(north.id, w1.id)), allocateChild(ctx, b, child.personId, input(north.id, w2.id))])
    const ok = results.filter((r) => r.status === 'fulfilled')
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    assert.equal(ok.length, 1)
    assert.equal(failed.length, 1)
    assert.ok(failed[0]?.reason instanceof ConflictError)
    assert.equal((failed[0]?.reason as ConflictError).message, 'Someone else allocated this child just now')
    const open = await q(database, sql`select 1 from allocation where person_id = ${child.personId} and end_date is null and allocation_role = 'allocated_worker'`)
    assert.equal(open.length, 1)
  })

  it('changes the worker with an SSDA903 reason and ends the previous allocation on the new start date', async () => {
    const meta = { actor: await actorFor(database, 'teammanager'), ip: null, requestId: null }
    const child = await waitingChild(north.id, 20)
    const w1 = await workerWith(north.id, 0)
    const w2 = await workerWith(north.id, 0)
    const first = await allocateChild(ctx, meta, child.personId, input(north.id, w1.id, { startDate: addDays(today, -10) }))
    assert.ok(first.kind === 'allocated')
    await assert.rejects(
      () => allocateChild(ctx, meta, child.personId, input(north.id, w2.id, { currentAllocationId: first.allocationId })),
      (e: unknown) => e instanceof ValidationError && e.errors.some((x) => x.field === 'changeReason'),
    )
    // A form that still shows "no worker" is stale.
    await assert.rejects(() => allocateChild(ctx, meta, child.personId, input(north.id, w2.id, { changeReason: 'LEFTRL' })), ConflictError)
    await allocateChild(ctx, meta, child.personId, input(north.id, w2.id, { changeReason: 'LEFTRL', currentAllocationId: first.allocationId }))
    const view = await viewAllocation(ctx, meta, child.personId)
    assert.equal(view.current?.workerId, w2.id)
    const old = view.history.find((h) => h.id === first.allocationId)
    assert.ok(old && old.endDate === today && old.endReason === 'LEFTRL')
  })

  it('ending the allocated worker puts the child back in the team’s queue; an oversight note is kept', async () => {
    const meta = { actor: await actorFor(database, 'teammanager'), ip: null, requestId: null }
    const child = await waitingChild(north.id, 20)
    const w = await workerWith(north.id, 0)
    const out = await allocateChild(ctx, meta, child.personId, input(north.id, w.id, { startDate: addDays(today, -5) }))
    assert.ok(out.kind === 'allocated')
    await endAllocation(ctx, meta, child.personId, out.allocationId, { endDate: today, endReason: 'ABSENC' })
    const list = await listUnallocated(ctx, meta)
    const c = list.groups.flatMap((g) => g.children).find((x) => x.personId === child.personId)
    assert.ok(c && c.daysWaiting === 0)
    await assert.rejects(() => addOversightNote(ctx, meta, child.personId, { note: 'x', nextReviewOn: addDays(today, -1) }), ValidationError)
    await addOversightNote(ctx, meta, child.personId, { note: 'Duty worker in touch with mother', nextReviewOn: addDays(today, 7) })
    const after = (await listUnallocated(ctx, meta)).groups.flatMap((g) => g.children).find((x) => x.personId === child.personId)
    assert.ok(after && after.lastNote === 'Duty worker in touch with mother' && !after.reviewOverdue)
  })

  it('adds a co-worker, shown apart as co-working and not counted against their limit', async () => {
    const meta = { actor: await actorFor(database, 'teammanager'), ip: null, requestId: null }
    const child = await waitingChild(north.id, 10)
    const w = await workerWith(north.id, 0)
    const co = await workerWith(north.id, 30)
    await assert.rejects(
      () => addCoWorker(ctx, meta, child.personId, { teamId: north.id, workerId: co.id, startDate: today, reason: 'Joint visits', overLimitReason: undefined, currentAllocationId: 'none' }),
      (e: unknown) => e instanceof ValidationError && e.errors.some((x) => x.field === 'role'),
    )
    const first = await allocateChild(ctx, meta, child.personId, input(north.id, w.id, { startDate: addDays(today, -3) }))
    assert.ok(first.kind === 'allocated')
    const out = await addCoWorker(ctx, meta, child.personId, { teamId: north.id, workerId: co.id, startDate: today, reason: 'Joint visits', overLimitReason: undefined, currentAllocationId: first.allocationId })
    assert.equal(out.kind, 'allocated')
    const view = await viewAllocation(ctx, meta, child.personId)
    assert.equal(view.current?.workerId, w.id)
    assert.deepEqual(view.coWorkers.map((c) => c.workerId), [co.id])
    const load = (await teamCaseloads(ctx, meta, north.id)).find((x) => x.workerId === co.id)
    assert.ok(load && load.children === 30 && load.byStatus['Co-working'] === 1 && !load.overLimit)
  })

  it('refuses a team outside the manager’s scope', async () => {
    const meta = { actor: await actorFor(database, 'teammanager'), ip: null, requestId: null }
    const southChild = await waitingChild(south.id)
    const southWorker = await workerWith(south.id, 0)
    await assert.rejects(() => allocateChild(ctx, meta, southChild.personId, input(south.id, southWorker.id)), ForbiddenError)
    const northChild = await waitingChild(north.id)
    await assert.rejects(() => allocateChild(ctx, meta, northChild.personId, input(south.id, southWorker.id)), ForbiddenError)
    await assert.rejects(() => teamCaseloads(ctx, meta, south.id), ForbiddenError)
    await assert.rejects(() => listUnallocated(ctx, meta, south.id), ForbiddenError)
    const sw = { actor: await actorFor(database, 'socialworker'), ip: null, requestId: null }
    await assert.rejects(() => allocateChild(ctx, sw, northChild.personId, input(north.id, southWorker.id)), ForbiddenError)
  })

  it('enqueueForTeam keeps the earlier row when the child already waits', async () => {
    const child = await waitingChild(north.id, 8)
    await database.db.transaction((tx) => enqueueForTeam(tx, { personId: child.personId, teamId: south.id, waitingSince: new Date(), reason: 'transfer' }))
    const rows = await q<{ teamId: string }>(database, sql`select team_id as "teamId" from team_queue where person_id = ${child.personId} and allocated_at is null`)
    assert.deepEqual(rows, [{ teamId: north.id }])
  })
})
