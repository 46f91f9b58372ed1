/**
 * Demo transfers between teams and a bulk case review round (see demoCasework.ts):
 *  - two proposals from Assessment North waiting for the receiving safeguarding team's manager;
 *  - one declined with reasons;
 *  - four accepted in the last three months: three allocated in the receiving team after a wait, one
 *    still waiting (the wait between teams is what the 2009–11 letters measured);
 *  - a review round of every open case in Assessment North, started 10 days ago, due in 5, ~40% done.
 * The receiving teams' managers get sign-ins (same demo password) so the proposals can be decided.
 * Sam Okafor's (socialworker) children are never transferred or reviewed here.
 */
import { sql } from 'drizzle-orm'
import type { Tx } from '../database.ts'
import type { DemoCaseworkContext } from './demoCasework.ts'
import { one, rows } from '../repositories/rows.ts'
import { addDays, isoWeekday, toDayNumber } from '../../domain/calendar/days.ts'
import { londonInstant } from '../../domain/shared/dates.ts'

type Team = { id: string; name: string }
type Candidate = { personId: string; name: string; allocationId: string; workerName: string; startDate: string; referralDate: string }

const SUMMARIES = [
  'Assessment complete: the child and family assessment recommends a child in need plan. Mother engages well with the health visitor but has missed two school meetings. Neglect concerns (home conditions, school attendance 78%). Plan: weekly visits, family support worker input, school attendance plan. Outstanding: referral to the parenting programme. The family know the transfer is proposed and have met the duty worker from the receiving team.',
  'Section 47 enquiry concluded; initial child protection conference held and the child is subject to a child protection plan (category: emotional abuse). Core group established; first core group meeting held. Risks: domestic abuse, father’s whereabouts unknown. Police and health involved. Recommended transfer to the long-term safeguarding team for the plan.',
  'Assessment shows continuing needs: a child in need plan is recommended for 6 months. Mother’s mental health is improving with GP support. School report good progress. Actions outstanding: CAMHS referral to be followed up. Family agree to the plan and to the transfer.',
  'Child protection plan (category: neglect) following ICPC. Home conditions improved briefly, then declined. Parents accept support from the family support worker. Contingency plan agreed at conference. Transfer for long-term work under the plan.',
]
const DECLINE_REASONS = 'The assessment is not yet authorised and the child’s views are not recorded. Please complete and authorise the assessment, record the child’s views, and re-propose; we will take the case at the next transfer meeting.'
const FINDINGS_ROBUST = [
  'Plan is up to date, outcomes are specific and visits are within timescale. Child seen alone at the last two visits. Management oversight recorded at key decisions.',
  'Good recent visits and a clear plan. Chronology up to date. School and health engaged in the plan.',
  'Plan reviewed last month; actions are on track. Child’s views recorded in their own words.',
]
const FINDINGS_NOT_ROBUST = [
  'Plan outcomes are vague and there is no contingency plan. Last visit more than 6 weeks ago. No recent management decision on file.',
  'Drift since the assessment: actions from the last review not completed, and the father has not been contacted.',
]
const ACTIONS = ['Update the plan with specific, measurable outcomes', 'Visit and see the child alone this week', 'Contact the father and record his views', 'Convene a review meeting with school and health']

/** The next weekday on or after the date. */
function weekday(iso: string): string {
  const w = isoWeekday(iso)
  return w === 6 ? addDays(iso, 2) : w === 7 ? addDays(iso, 1) : iso
}
const before = (a: string, b: string) => toDayNumber(a) < toDayNumber(b)

export async function seedDemoTransfers(tx: Tx, demo: DemoCaseworkContext): Promise<Record<string, number>> {
  const rng = demo.rng('transfers')
  const today = demo.today
  const at = (day: string, time: string) => londonInstant(day, time)
  const teamByName = async (name: string) => one<Team>(tx, sql`select id, name from team where name = ${name}`)
  const north = await teamByName('Assessment North')
  const east = await teamByName('Safeguarding East')
  const west = await teamByName('Safeguarding West')
  if (!north || !east || !west) return {}
  const teammanager = demo.userId('teammanager')
  const sam = await one<{ workerId: string | null }>(tx, sql`select worker_id as "workerId" from user_account where id = ${demo.userId('socialworker')}`)

  // The receiving teams' managers: sign-ins like the demo users', so their decisions have a name.
  const managerOf = async (t: Team, username: string): Promise<{ userId: string; name: string } | null> => {
    const w = await one<{ id: string; name: string }>(tx, sql`select id, name from worker where team_id = ${t.id} and job_role = 'Team manager' order by name limit 1`)
    if (!w) return null
    const existing = await one<{ id: string }>(tx, sql`select id from user_account where lower(username) = ${username}`)
    if (existing) return { userId: existing.id, name: w.name }
    const u = await one<{ id: string }>(
      tx,
      sql`insert into user_account (username, display_name, password_hash, role, scope, worker_id)
          select ${username}, ${w.name}, password_hash, 'team_manager', 'team', ${w.id} from user_account where id = ${teammanager} returning id`,
    )
    return u ? { userId: u.id, name: w.name } : null
  }
  const eastManager = await managerOf(east, 'eastmanager')
  const westManager = await managerOf(west, 'westmanager')
  if (!eastManager || !westManager) return {}
  const receiving = [
    { team: east, manager: eastManager },
    { team: west, manager: westManager },
  ]
  const caseworkers = async (t: Team) => rows<{ id: string; name: string }>(tx, sql`select id, name from worker where team_id = ${t.id} and job_role in ('Social worker','Senior practitioner') and left_on is null order by name`)
  const workersOf = new Map([
    [east.id, await caseworkers(east)],
    [west.id, await caseworkers(west)],
  ])

  // Children allocated in Assessment North only, not Sam's, not waiting anywhere, with an open referral.
  const candidates = rng.shuffle(
    await rows<Candidate>(
      tx,
      sql`select p.id as "personId", p.given_names || ' ' || p.family_name as name, a.id as "allocationId", w.name as "workerName",
                 a.start_date as "startDate", r.referral_date as "referralDate"
            from allocation a join person p on p.id = a.person_id join worker w on w.id = a.worker_id
            join referral r on r.person_id = p.id and r.closed_on is null
           where a.team_id = ${north.id} and a.end_date is null and a.allocation_role = 'allocated_worker'
             and a.worker_id is distinct from ${sam?.workerId ?? null} and not p.restricted
             and (select count(*) from allocation o where o.person_id = p.id and o.end_date is null) = 1
             and not exists (select 1 from team_queue q where q.person_id = p.id and q.allocated_at is null)
             and not exists (select 1 from team_transfer t where t.person_id = p.id)
           order by p.person_ref`,
    ),
  )
  const used = new Set<string>()
  const pick = (proposedDay: string): Candidate | undefined => {
    const c = candidates.find((x) => !used.has(x.personId) && before(x.startDate, proposedDay) && !before(proposedDay, x.referralDate))
    if (c) used.add(c.personId)
    return c
  }

  const chronology = (personId: string, occurredAt: Date, summary: string, sourceId: string, recordedBy: string) =>
    tx.execute(sql`insert into chronology_entry (person_id, occurred_at, kind, summary, source_type, source_id, recorded_at, recorded_by)
                   values (${personId}, ${occurredAt}, 'transfer', ${summary}, 'team_transfer', ${sourceId}, ${occurredAt}, ${recordedBy})`)
  const decision = (personId: string, stage: string, subjectType: string, subjectId: string, text: string, reasons: string, decidedAt: Date, decidedBy: string) =>
    one<{ id: string }>(
      tx,
      sql`insert into management_decision (person_id, stage, subject_type, subject_id, decision, reasons, decided_at, decided_by, created_at)
          values (${personId}, ${stage}, ${subjectType}, ${subjectId}, ${text}, ${reasons}, ${decidedAt}, ${decidedBy}, ${decidedAt}) returning id`,
    )
  const propose = async (c: Candidate, to: Team, proposedAt: Date, summary: string, status: string, decidedAt: Date | null, decidedBy: string | null, reasons: string | null) => {
    const t = await one<{ id: string }>(
      tx,
      sql`insert into team_transfer (person_id, from_team_id, to_team_id, summary, status, proposed_at, proposed_by, decided_at, decided_by, decision_reasons, version)
          values (${c.personId}, ${north.id}, ${to.id}, ${summary}, ${status}, ${proposedAt}, ${teammanager}, ${decidedAt}, ${decidedBy}, ${reasons}, ${status === 'proposed' ? 1 : 2}) returning id`,
    )
    const id = (t as { id: string }).id
    await chronology(c.personId, proposedAt, `Transfer from ${north.name} to ${to.name} proposed by Joanne Fletcher`, id, teammanager)
    return id
  }

  const counts = { proposed: 0, declined: 0, accepted: 0, allocatedAfterTransfer: 0, stillWaiting: 0, reviewRounds: 0, casesInRound: 0, casesReviewed: 0, reviewTasks: 0 }

  // ---------------------------------------------------------------- waiting for the receiving manager
  for (const [i, daysAgo] of [1, 3].entries()) {
    const day = addDays(today, -daysAgo)
    const c = pick(day)
    if (!c) continue
    const r = receiving[i % 2] as (typeof receiving)[number]
    await propose(c, r.team, at(day, `1${i}:2${i}`), SUMMARIES[i] as string, 'proposed', null, null, null)
    counts.proposed++
  }

  // ---------------------------------------------------------------- declined
  {
    const proposedDay = weekday(addDays(today, -rng.int(28, 35)))
    const c = pick(proposedDay)
    if (c) {
      const decidedAt = at(weekday(addDays(proposedDay, 2)), '15:40')
      const id = await propose(c, west, at(proposedDay, '11:05'), SUMMARIES[2] as string, 'declined', decidedAt, westManager.userId, DECLINE_REASONS)
      await decision(c.personId, 'transfer', 'team_transfer', id, `Transfer from ${north.name} to ${west.name} declined`, DECLINE_REASONS, decidedAt, westManager.userId)
      await chronology(c.personId, decidedAt, `Transfer from ${north.name} to ${west.name} declined by ${westManager.name}; the child stays with ${north.name}. Reasons: ${DECLINE_REASONS}`, id, westManager.userId)
      counts.declined++
    }
  }

  // ---------------------------------------------------------------- accepted, with the wait between teams
  const accepted: { acceptedDaysAgo: number; waitDays: number | null }[] = [
    { acceptedDaysAgo: 80, waitDays: 9 },
    { acceptedDaysAgo: 58, waitDays: 4 },
    { acceptedDaysAgo: 37, waitDays: 16 },
    { acceptedDaysAgo: 12, waitDays: null },
  ]
  for (const [i, spec] of accepted.entries()) {
    const acceptDay = weekday(addDays(today, -(spec.acceptedDaysAgo + rng.int(0, 3))))
    const proposedDay = weekday(addDays(acceptDay, -rng.int(3, 6)))
    if (!before(acceptDay, today)) continue
    const c = pick(proposedDay)
    if (!c) continue
    const r = receiving[i % 2] as (typeof receiving)[number]
    const acceptedAt = at(acceptDay, '14:30')
    const id = await propose(c, r.team, at(proposedDay, '09:45'), SUMMARIES[(i + 1) % SUMMARIES.length] as string, 'accepted', acceptedAt, r.manager.userId, 'Agreed at the weekly transfer meeting.')
    await tx.execute(sql`update allocation set end_date = ${acceptDay}, end_reason = 'TSPROC', ended_by = ${r.manager.userId} where id = ${c.allocationId}`)
    await decision(c.personId, 'transfer', 'team_transfer', id, `Transfer from ${north.name} to ${r.team.name} accepted`, 'Agreed at the weekly transfer meeting.', acceptedAt, r.manager.userId)
    await chronology(c.personId, acceptedAt, `Transfer from ${north.name} to ${r.team.name} accepted by ${r.manager.name}. Allocation ended (transfer in process): ${c.workerName}. Waiting for allocation in ${r.team.name}.`, id, r.manager.userId)
    counts.accepted++
    let allocatedAt: Date | null = null
    let allocationId: string | null = null
    const allocDay = spec.waitDays === null ? null : weekday(addDays(acceptDay, spec.waitDays))
    if (allocDay && before(allocDay, today)) {
      const worker = rng.pick(workersOf.get(r.team.id) ?? [])
      allocatedAt = at(allocDay, '11:00')
      const a = await one<{ id: string }>(
        tx,
        sql`insert into allocation (person_id, worker_id, team_id, allocation_role, start_date, reason, created_at, created_by)
            values (${c.personId}, ${worker.id}, ${r.team.id}, 'allocated_worker', ${allocDay}, ${`Transfer from ${north.name}`}, ${allocatedAt}, ${r.manager.userId}) returning id`,
      )
      allocationId = (a as { id: string }).id
      await tx.execute(sql`insert into chronology_entry (person_id, occurred_at, kind, summary, source_type, source_id, recorded_at, recorded_by)
                           values (${c.personId}, ${allocatedAt}, 'allocation', ${`Allocated to ${worker.name} (${r.team.name}) after transfer from ${north.name}`}, 'allocation', ${allocationId}, ${allocatedAt}, ${r.manager.userId})`)
      counts.allocatedAfterTransfer++
    } else {
      counts.stillWaiting++
    }
    await tx.execute(sql`insert into team_queue (person_id, team_id, waiting_since, reason, source_type, source_id, allocated_at, allocation_id)
                         values (${c.personId}, ${r.team.id}, ${acceptedAt}, 'transfer', 'team_transfer', ${id}, ${allocatedAt}, ${allocationId})`)
  }

  // ---------------------------------------------------------------- a bulk case review round
  const startDay = addDays(today, -10)
  const startedAt = at(startDay, '09:00')
  const round = await one<{ id: string }>(
    tx,
    sql`insert into case_review_round (team_id, title, due_date, started_at, started_by)
        values (${north.id}, 'Review of all open cases', ${addDays(today, 5)}, ${startedAt}, ${teammanager}) returning id`,
  )
  if (round) {
    counts.reviewRounds++
    const cases = await rows<{ id: string; personId: string }>(
      tx,
      sql`insert into case_review (round_id, person_id)
          select distinct ${round.id}::uuid, a.person_id from allocation a
           where a.team_id = ${north.id} and a.start_date <= ${startDay} and (a.end_date is null or a.end_date > ${startDay})
             and exists (select 1 from allocation o where o.person_id = a.person_id and o.team_id = ${north.id} and o.end_date is null)
          returning id, person_id as "personId"`,
    )
    counts.casesInRound = cases.length
    const workerOf = new Map(
      (await rows<{ personId: string; workerId: string }>(tx, sql`select person_id as "personId", worker_id as "workerId" from allocation where team_id = ${north.id} and end_date is null and allocation_role = 'allocated_worker'`)).map((r) => [r.personId, r.workerId]),
    )
    const reviewable = rng.shuffle(cases.filter((c) => workerOf.get(c.personId) !== sam?.workerId).sort((a, b) => a.personId.localeCompare(b.personId)))
    const toReview = reviewable.slice(0, Math.round(cases.length * 0.4))
    for (const [i, c] of toReview.entries()) {
      const robust = rng.chance(0.7)
      const findings = robust ? rng.pick(FINDINGS_ROBUST) : rng.pick(FINDINGS_NOT_ROBUST)
      const reviewedAt = at(addDays(startDay, 1 + (i % 9)), `${String(9 + (i % 8)).padStart(2, '0')}:${String(rng.int(0, 5) * 10).padStart(2, '0')}`)
      const actionCount = robust ? 0 : rng.int(1, 2)
      const actions = rng.shuffle(ACTIONS).slice(0, actionCount)
      const worker = workerOf.get(c.personId) ?? null
      const actionDue = addDays(today, rng.int(2, 14))
      const actionsText = actions.length ? actions.map((a) => `${a} – by ${actionDue}`).join('\n') : null
      await tx.execute(sql`update case_review set status = 'reviewed', plan_robust = ${robust}, findings = ${findings}, actions = ${actionsText},
                                  reviewed_at = ${reviewedAt}, reviewed_by = ${teammanager}, version = 2 where id = ${c.id}`)
      const text = `Case review: plan ${robust ? 'robust' : 'not robust'}`
      const md = await decision(c.personId, 'other', 'case_review', c.id, text, findings, reviewedAt, teammanager)
      for (const a of actions) {
        await tx.execute(sql`insert into task (person_id, title, details, due_date, assigned_worker_id, source_type, source_id, management_decision_id, created_at, created_by)
                             values (${c.personId}, ${a}, 'From the case review “Review of all open cases”', ${actionDue}, ${worker}, 'management_direction', ${c.id}, ${md?.id ?? null}, ${reviewedAt}, ${teammanager})`)
        counts.reviewTasks++
      }
      await tx.execute(sql`insert into chronology_entry (person_id, occurred_at, kind, summary, source_type, source_id, recorded_at, recorded_by)
                           values (${c.personId}, ${reviewedAt}, 'management-decision', ${`${text} (Review of all open cases), by Joanne Fletcher.`}, 'case_review', ${c.id}, ${reviewedAt}, ${teammanager})`)
      counts.casesReviewed++
    }
  }
  return counts
}
