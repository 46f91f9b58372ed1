/**
 * Demo allocation data (see demoCasework.ts):
 *  - children waiting for a worker: five allocated children (two in Assessment North, two in Assessment
 *    South, one in Safeguarding East) whose worker's allocation ended 2–40 days ago, each in the team's
 *    queue; oversight notes on three, one with its next review overdue;
 *  - one Assessment North worker other than Sam Okafor carries exactly 30 children (at their limit):
 *    children are moved to them from the busiest workers of other teams with the SSDA903 reason ORGRST
 *    (a restructure, effective today); the team's family support worker co-works with the families the
 *    worker held before. (The transfers stage, which runs next, only moves a child allocated before its
 *    proposals and held by one worker, so the 30 stay 30.) Sam Okafor's children (socialworker) are never touched.
 */
import { sql } from 'drizzle-orm'
import type { Tx } from '../database.ts'
import type { DemoCaseworkContext } from './demoCasework.ts'
import { one, rows } from '../repositories/rows.ts'
import { addDays, toDayNumber } from '../../domain/calendar/days.ts'
import { londonInstant } from '../../domain/shared/dates.ts'

type Held = { allocationId: string; personId: string; name: string; workerId: string; workerName: string; teamId: string; teamName: string; startDate: string; referralDate: string }

const TARGET = 30
const NOTES = [
  'Discussed at the allocation meeting. The duty worker phoned mother, who agrees to wait for an allocated worker; school will call if attendance drops. No new concerns.',
  'Health visitor visited this week and has no immediate concerns. Allocate as soon as a worker has capacity; review weekly.',
  'Duty worker saw the child at school today. Risk is being managed by school and health meanwhile; to be allocated when the newly qualified worker finishes induction.',
]
const max = (a: string, b: string) => (toDayNumber(a) >= toDayNumber(b) ? a : b)

export async function seedDemoAllocation(tx: Tx, demo: DemoCaseworkContext): Promise<Record<string, number>> {
  const rng = demo.rng('allocation')
  const today = demo.today
  const manager = demo.userId('teammanager')
  const north = await one<{ id: string; name: string }>(tx, sql`select id, name from team where name = 'Assessment North'`)
  const sam = await one<{ workerId: string | null }>(tx, sql`select worker_id as "workerId" from user_account where id = ${demo.userId('socialworker')}`)
  if (!north || !sam?.workerId) return {}

  const held = async (): Promise<Held[]> =>
    rows<Held>(
      tx,
      sql`select a.id as "allocationId", a.person_id as "personId", p.full_name as name, a.worker_id as "workerId", w.name as "workerName",
                 a.team_id as "teamId", t.name as "teamName", a.start_date::text as "startDate", r.referral_date::text as "referralDate"
            from allocation a join person p on p.id = a.person_id join worker w on w.id = a.worker_id join team t on t.id = a.team_id
            join referral r on r.person_id = a.person_id and r.closed_on is null
           where a.end_date is null and a.allocation_role = 'allocated_worker' and a.worker_id <> ${sam.workerId} and not p.restricted
           order by p.person_ref`,
    )
  const chronology = (personId: string, at: Date, summary: string, sourceId: string) =>
    tx.execute(sql`insert into chronology_entry (person_id, occurred_at, kind, summary, source_type, source_id, recorded_at, recorded_by)
                   values (${personId}, ${at}, 'allocation', ${summary}, 'allocation', ${sourceId}, ${at}, ${manager})`)

  const counts = { unallocated: 0, oversightNotes: 0, movedToBusyWorker: 0, busyWorkerChildren: 0, coWorked: 0 }

  // ---------------------------------------------------------------- children waiting for a worker
  const waitingPlan: { team: string; days: number; reason: string }[] = [
    { team: 'Assessment North', days: 2, reason: 'ABSENC' },
    { team: 'Assessment North', days: 0, reason: 'LEFTRL' },
    { team: 'Assessment South', days: 0, reason: 'LEFTRL' },
    { team: 'Assessment South', days: 0, reason: 'MANAGE' },
    { team: 'Safeguarding East', days: 40, reason: 'ABSENC' },
  ]
  const middleWaits = rng.shuffle([9, 16, 23])
  for (const p of waitingPlan) if (p.days === 0) p.days = middleWaits.pop() ?? 12
  const all = await held()
  const used = new Set<string>()
  const waiting: { personId: string; teamId: string; since: Date; endDay: string }[] = []
  for (const p of waitingPlan) {
    const endDay = addDays(today, -p.days)
    const options = all.filter((h) => h.teamName === p.team && !used.has(h.personId) && toDayNumber(h.startDate) <= toDayNumber(endDay) && toDayNumber(h.referralDate) <= toDayNumber(endDay))
    if (options.length === 0) continue
    const h = rng.pick(options)
    used.add(h.personId)
    const since = londonInstant(endDay, '09:30')
    await tx.execute(sql`update allocation set end_date = ${endDay}, end_reason = ${p.reason}, ended_by = ${manager} where id = ${h.allocationId}`)
    await tx.execute(sql`insert into team_queue (person_id, team_id, waiting_since, reason, source_type, source_id)
                         values (${h.personId}, ${h.teamId}, ${since}, 'allocation ended', 'allocation', ${h.allocationId})`)
    await chronology(h.personId, since, `Allocation ended: ${h.workerName} (${h.teamName}). The child waits for a worker in ${h.teamName}.`, h.allocationId)
    waiting.push({ personId: h.personId, teamId: h.teamId, since, endDay })
    counts.unallocated++
  }
  // Oversight notes: the longest waits first; the first note's review date has passed.
  const noted = [...waiting].sort((a, b) => a.since.getTime() - b.since.getTime()).slice(0, NOTES.length)
  for (const [i, w] of noted.entries()) {
    const recordedDay = addDays(w.endDay, 1)
    if (toDayNumber(recordedDay) > toDayNumber(today)) continue
    const nextReview = i === 0 ? addDays(today, -3) : addDays(today, 7 + i)
    const nextReviewOn = max(nextReview, recordedDay)
    await tx.execute(sql`insert into unallocated_oversight (person_id, team_id, note, next_review_on, recorded_at, recorded_by)
                         values (${w.personId}, ${w.teamId}, ${NOTES[i] as string}, ${nextReviewOn}, ${londonInstant(recordedDay, '16:00')}, ${manager})`)
    counts.oversightNotes++
  }

  // ---------------------------------------------------------------- a worker at their limit
  const busy = await one<{ id: string; name: string }>(
    tx,
    sql`select w.id, w.name from worker w
         where w.team_id = ${north.id} and w.id <> ${sam.workerId} and w.left_on is null and w.qualified_social_worker
           and not w.newly_qualified and w.fte = 1 and w.caseload_limit is null and w.job_role in ('Social worker','Senior practitioner')
         order by (select count(*) from allocation a where a.worker_id = w.id and a.end_date is null and a.allocation_role = 'allocated_worker'), w.name
         limit 1`,
  )
  if (!busy) return counts
  const now = await held()
  const busyCount = now.filter((h) => h.workerId === busy.id).length
  let need = TARGET - busyCount
  const load = new Map<string, number>()
  for (const h of now) load.set(h.workerId, (load.get(h.workerId) ?? 0) + 1)
  const donors = now.filter((h) => h.workerId !== busy.id && !used.has(h.personId))
  while (need > 0) {
    // The restructure moves cases in from the other assessment and safeguarding teams, the busiest worker
    // first (never below 4 children); Assessment North's other workers give only if that is not enough.
    const candidates = donors.filter((h) => !used.has(h.personId) && (h.teamId === north.id || (load.get(h.workerId) ?? 0) > 4))
    if (candidates.length === 0) break
    candidates.sort((a, b) => Number(a.teamId === north.id) - Number(b.teamId === north.id) || (load.get(b.workerId) ?? 0) - (load.get(a.workerId) ?? 0) || a.personId.localeCompare(b.personId))
    const top = candidates[0] as Held
    const same = candidates.filter((h) => h.workerId === top.workerId)
    const h = rng.pick(same)
    used.add(h.personId)
    load.set(h.workerId, (load.get(h.workerId) ?? 0) - 1)
    // The restructure takes effect today (the transfers stage, which runs next, only moves children allocated before its proposals).
    const moveDay = today
    const at = londonInstant(moveDay, '10:00')
    await tx.execute(sql`update allocation set end_date = ${moveDay}, end_reason = 'ORGRST', ended_by = ${manager} where id = ${h.allocationId}`)
    const a = await one<{ id: string }>(
      tx,
      sql`insert into allocation (person_id, worker_id, team_id, allocation_role, start_date, reason, created_at, created_by)
          values (${h.personId}, ${busy.id}, ${north.id}, 'allocated_worker', ${moveDay}, 'Restructure: caseloads rebalanced into Assessment North', ${at}, ${manager}) returning id`,
    )
    await chronology(h.personId, at, `Allocated to ${busy.name} (${north.name}); change of social worker from ${h.workerName}: restructure of teams (ORGRST)`, (a as { id: string }).id)
    need--
    counts.movedToBusyWorker++
  }
  counts.busyWorkerChildren = TARGET - need

  // The team's family support worker co-works with the families the busy worker already held (family
  // support alongside the social worker); co-worked children show apart on the caseloads page.
  const fsw = await one<{ id: string }>(tx, sql`select id from worker where team_id = ${north.id} and job_role = 'Family support worker' and left_on is null order by name limit 1`)
  if (fsw) {
    const originals = (await held()).filter((h) => h.workerId === busy.id && toDayNumber(h.startDate) < toDayNumber(today))
    for (const h of originals) {
      const start = max(h.startDate, h.referralDate)
      await tx.execute(sql`insert into allocation (person_id, worker_id, team_id, allocation_role, start_date, reason, created_at, created_by)
                           values (${h.personId}, ${fsw.id}, ${north.id}, 'co_worker', ${start}, 'Family support work alongside the social worker', ${londonInstant(start, '11:00')}, ${manager})
                           on conflict do nothing`)
      counts.coWorked++
    }
  }
  return counts
}
