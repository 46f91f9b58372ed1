/**
 * Demo supervision (see demoCasework.ts): about six months of sessions for every practitioner in the
 * teams whose supervisor can sign in (a team manager of the team, else the service manager), at roughly
 * each worker's frequency with some gaps, so that a few workers are overdue now — one of them in
 * Assessment North, never Sam Okafor (socialworker). Sam had supervision with Joanne Fletcher 20 days
 * ago: two of his children discussed, a decision on one, and an action due next week. Two social workers
 * are newly qualified (fortnightly supervision) and one senior practitioner is supervised every 6 weeks.
 */
import { sql } from 'drizzle-orm'
import type { Tx } from '../database.ts'
import type { DemoCaseworkContext } from './demoCasework.ts'
import { chronologyEntry, managementDecision, supervision, supervisionCase } from '../schema.ts'
import { one, rows } from '../repositories/rows.ts'
import { insertManagementDecision, insertTask } from '../repositories/oversight.ts'
import { addDays, isoWeekday, toDayNumber } from '../../domain/calendar/days.ts'
import { londonInstant } from '../../domain/shared/dates.ts'
import { supervisionDue, supervisionFrequencyDays } from '../../domain/supervision/supervision.ts'

type Team = { id: string; name: string; serviceId: string }
type Worker = { id: string; name: string; jobRole: string; teamId: string; startedOn: string; caseload: number }
type Child = { personId: string; name: string; startDate: string }

const HISTORY_DAYS = 183

const DISCUSSIONS = [
  'Reviewed progress against the plan. Visits are within timescale and the child has been seen alone. School attendance is improving.',
  'Discussed the latest visit: home conditions were poor again. Considered whether the threshold for a strategy discussion is met; not at present, but to be kept under review.',
  'Mother has engaged with the parenting programme. Father’s views still not recorded. Discussed how to involve him.',
  'Health visitor reports missed appointments. Discussed the pattern of disguised compliance and the need for unannounced visits.',
  'The assessment is nearly complete. Discussed the analysis and the child’s lived experience; the recommendation is a child in need plan.',
  'Discussed the child’s emotional wellbeing and the CAMHS waiting list; school counsellor offering weekly sessions meanwhile.',
]
const DECISIONS: readonly [string, string][] = [
  ['Continue under the child in need plan; review in 3 months.', 'Progress is steady and the family are engaging; the risks identified are reducing.'],
  ['Convene a multi-agency meeting within two weeks.', 'Agencies hold different pieces of information about the home; a shared picture is needed.'],
  ['Complete the assessment and present it for authorisation by the end of next week.', 'The analysis is ready and the family need a decision on support.'],
  ['Increase visits to weekly until the next review.', 'Home conditions have declined again and the child’s school attendance has dropped.'],
]
const NOTES = [
  'Talked about workload and the emotional impact of a difficult home visit. Agreed to protect time for case recording on Fridays.',
  'Reflected on a conversation with a father who was hostile on the phone; practised how to open the next call.',
  'Discussed learning from the recent practice review and how it applies to current cases.',
  'Caseload feels manageable this month. Interested in the domestic abuse training in the spring.',
  'Reflected on managing uncertainty when information from agencies conflicts.',
  'Wellbeing check: tired after duty week. Agreed a lighter allocation for the next fortnight.',
]

/** The weekday on or before the date (supervision is not held at weekends). */
function weekdayOnOrBefore(iso: string): string {
  const w = isoWeekday(iso)
  return w === 6 ? addDays(iso, -1) : w === 7 ? addDays(iso, -2) : iso
}

export async function seedDemoSupervision(tx: Tx, demo: DemoCaseworkContext): Promise<Record<string, number>> {
  const rng = demo.rng('supervision')
  const today = demo.today
  const ids = () => rng.uuid()
  const teammanager = demo.userId('teammanager')
  const samUser = demo.userId('socialworker')
  const sam = await one<{ workerId: string | null }>(tx, sql`select worker_id as "workerId" from user_account where id = ${samUser}`)
  const samWorkerId = sam?.workerId ?? null

  // Each team's supervisor: a team manager sign-in in the team, else a service manager sign-in in the service.
  const teams = await rows<Team>(tx, sql`select id, name, service_id as "serviceId" from team order by name`)
  const managers = await rows<{ userId: string; name: string; role: string; teamId: string; serviceId: string }>(
    tx,
    sql`select u.id as "userId", u.display_name as name, u.role::text as role, w.team_id as "teamId", t.service_id as "serviceId"
          from user_account u join worker w on w.id = u.worker_id join team t on t.id = w.team_id
         where u.role in ('team_manager', 'service_manager') and not u.disabled order by u.username`,
  )
  const supervisorOf = new Map<string, { userId: string; name: string }>()
  for (const t of teams) {
    const m = managers.find((x) => x.role === 'team_manager' && x.teamId === t.id) ?? managers.find((x) => x.role === 'service_manager' && x.serviceId === t.serviceId)
    if (m) supervisorOf.set(t.id, { userId: m.userId, name: m.name })
  }
  const teamIds = [...supervisorOf.keys()]
  if (teamIds.length === 0) return {}

  const workers = await rows<Worker>(
    tx,
    sql`select w.id, w.name, w.job_role as "jobRole", w.team_id as "teamId", w.started_on::text as "startedOn",
               (select count(*)::int from allocation a where a.worker_id = w.id and a.end_date is null) as caseload
          from worker w
         where w.team_id in (${sql.join(teamIds.map((id) => sql`${id}::uuid`), sql`, `)})
           and w.left_on is null and w.job_role not in ('Team manager', 'Service manager')
         order by w.name, w.id`,
  )
  const childrenOf = async (workerId: string) =>
    rows<Child>(
      tx,
      sql`select p.id as "personId", p.given_names || ' ' || p.family_name as name, min(a.start_date)::text as "startDate"
            from allocation a join person p on p.id = a.person_id
           where a.worker_id = ${workerId} and a.end_date is null and not p.restricted
           group by p.id, p.given_names, p.family_name order by p.family_name, p.given_names`,
    )

  // Newly qualified: the two social workers who started most recently (never Sam).
  const nq = workers
    .filter((w) => w.jobRole === 'Social worker' && w.id !== samWorkerId)
    .sort((a, b) => (a.startedOn < b.startedOn ? 1 : a.startedOn > b.startedOn ? -1 : a.caseload - b.caseload))
    .slice(0, 2)
  const nqIds = new Set(nq.map((w) => w.id))
  for (const w of nq) await tx.execute(sql`update worker set newly_qualified = true where id = ${w.id}`)
  // One senior practitioner agreed six-weekly supervision.
  const sp = workers.find((w) => w.jobRole === 'Senior practitioner' && w.teamId !== workers.find((x) => x.id === samWorkerId)?.teamId)
  if (sp) await tx.execute(sql`update worker set supervision_frequency_days = 42 where id = ${sp.id}`)
  const overrideOf = (w: Worker) => (sp && w.id === sp.id ? 42 : null)

  // Overdue now: one in Sam's team (not Sam, not newly qualified), and one or two in other teams.
  const longServing = (w: Worker) => toDayNumber(w.startedOn) <= toDayNumber(today) - 200 && !nqIds.has(w.id) && w.id !== sp?.id
  const samTeam = workers.find((w) => w.id === samWorkerId)?.teamId
  const overdue = new Set<string>()
  const inSamTeam = workers.filter((w) => w.teamId === samTeam && w.id !== samWorkerId && longServing(w))
  if (inSamTeam.length) overdue.add(rng.pick(inSamTeam).id)
  const elsewhere = rng.shuffle(workers.filter((w) => w.teamId !== samTeam && longServing(w)))
  const seenTeams = new Set<string>()
  for (const w of elsewhere) {
    if (overdue.size >= 3) break
    if (seenTeams.has(w.teamId)) continue
    seenTeams.add(w.teamId)
    overdue.add(w.id)
  }

  const sessions: (typeof supervision.$inferInsert)[] = []
  const cases: (typeof supervisionCase.$inferInsert)[] = []
  const decisions: (typeof managementDecision.$inferInsert)[] = []
  const chronology: (typeof chronologyEntry.$inferInsert)[] = []
  const earliest = addDays(today, -HISTORY_DAYS)
  let overdueNow = 0

  for (const w of workers) {
    const sup = supervisorOf.get(w.teamId)
    if (!sup) continue
    const f = supervisionFrequencyDays({ newlyQualified: nqIds.has(w.id), overrideDays: overrideOf(w) })
    const isSam = w.id === samWorkerId
    // Sam's latest session is seeded below (20 days ago); his history runs before it.
    let held = isSam
      ? weekdayOnOrBefore(addDays(today, -20 - f - rng.int(-2, 3)))
      : overdue.has(w.id)
        ? weekdayOnOrBefore(addDays(today, -f - rng.int(6, 21)))
        : weekdayOnOrBefore(addDays(today, -rng.int(1, Math.max(1, f - 3))))
    const children = isSam ? [] : await childrenOf(w.id)
    let last: string | null = null
    while (held >= earliest && held >= w.startedOn && held <= today) {
      const id = ids()
      last ??= held
      sessions.push({ id, workerId: w.id, supervisorUserId: sup.userId, heldOn: held, reflectiveNotes: rng.pick(NOTES), createdAt: londonInstant(held, '16:00'), createdBy: sup.userId })
      const eligible = children.filter((c) => c.startDate <= held)
      const discussed = rng.shuffle(eligible).slice(0, rng.int(0, Math.min(2, eligible.length)))
      for (const c of discussed) {
        const at = londonInstant(held, '14:00')
        let decisionId: string | null = null
        let summary = `Discussed in supervision with ${sup.name}`
        if (rng.chance(0.3)) {
          const [decision, reasons] = rng.pick(DECISIONS)
          decisionId = ids()
          decisions.push({ id: decisionId, personId: c.personId, stage: 'supervision', subjectType: 'supervision', subjectId: id, decision, reasons, decidedAt: at, decidedBy: sup.userId, createdAt: at })
          summary = `Discussed in supervision with ${sup.name}: decision – ${decision} Reasons: ${reasons}`
        }
        cases.push({ id: ids(), supervisionId: id, personId: c.personId, discussion: rng.pick(DISCUSSIONS), managementDecisionId: decisionId })
        chronology.push({ personId: c.personId, occurredAt: at, kind: 'supervision', summary, sourceType: decisionId ? 'management_decision' : 'supervision', sourceId: decisionId ?? id, recordedAt: at, recordedBy: sup.userId })
      }
      held = weekdayOnOrBefore(addDays(held, -(f + rng.int(-3, 5) + (rng.chance(0.12) ? f : 0))))
    }
    if (!isSam) {
      const due = supervisionDue({ newlyQualified: nqIds.has(w.id), overrideDays: overrideOf(w), startedOn: w.startedOn, lastHeldOn: last }, today)
      if (due.overdue) overdueNow++
    }
  }
  // Oldest first, so the rows read in order.
  sessions.sort((a, b) => (a.heldOn < b.heldOn ? -1 : a.heldOn > b.heldOn ? 1 : 0))
  for (let i = 0; i < sessions.length; i += 200) await tx.insert(supervision).values(sessions.slice(i, i + 200))
  for (let i = 0; i < decisions.length; i += 200) await tx.insert(managementDecision).values(decisions.slice(i, i + 200))
  for (let i = 0; i < cases.length; i += 200) await tx.insert(supervisionCase).values(cases.slice(i, i + 200))
  for (let i = 0; i < chronology.length; i += 200) await tx.insert(chronologyEntry).values(chronology.slice(i, i + 200))

  // Sam Okafor: supervision with Joanne Fletcher 20 days ago, two of his children (not the Ashworths,
  // whom other demos and tests use), a decision on one, and an action for him due next week.
  let samSessions = 0
  if (samWorkerId) {
    const held = addDays(today, -20)
    const kids = (await childrenOf(samWorkerId)).filter((c) => !c.name.endsWith(' Ashworth') && c.startDate <= held)
    const two = rng.shuffle(kids).slice(0, 2)
    if (two.length) {
      const at = londonInstant(held, '11:00')
      const id = ids()
      await tx.insert(supervision).values({ id, workerId: samWorkerId, supervisorUserId: teammanager, heldOn: held, reflectiveNotes: 'Sam reflected on a difficult visit and on balancing assessment deadlines with court work. Agreed to book the reflective practice group.', createdAt: londonInstant(held, '15:30'), createdBy: teammanager })
      const [first, second] = two as [Child, Child | undefined]
      const decision = 'Hold a family network meeting and update the child in need plan.'
      const reasons = 'Grandparents are offering support that is not yet in the plan, and school attendance has dropped since half term.'
      const d = await insertManagementDecision(tx, { personId: first.personId, stage: 'supervision', subjectType: 'supervision', subjectId: id, decision, reasons, decidedAt: at, decidedBy: teammanager })
      await tx.insert(supervisionCase).values([
        { supervisionId: id, personId: first.personId, discussion: 'Reviewed the plan: support from the wider family is available but not yet used. School attendance has fallen to 85%.', managementDecisionId: d.id },
        ...(second ? [{ supervisionId: id, personId: second.personId, discussion: 'Assessment on track; the child’s views are recorded. No new concerns.', managementDecisionId: null }] : []),
      ])
      await tx.insert(chronologyEntry).values([
        { personId: first.personId, occurredAt: at, kind: 'supervision', summary: `Discussed in supervision with Joanne Fletcher: decision – ${decision} Reasons: ${reasons}`, sourceType: 'management_decision', sourceId: d.id, recordedAt: at, recordedBy: teammanager },
        ...(second ? [{ personId: second.personId, occurredAt: at, kind: 'supervision', summary: 'Discussed in supervision with Joanne Fletcher', sourceType: 'supervision', sourceId: id, recordedAt: at, recordedBy: teammanager }] : []),
      ])
      await insertTask(tx, {
        personId: first.personId,
        title: `Arrange a family network meeting for ${first.name}`,
        details: `Action from supervision of Sam Okafor with Joanne Fletcher on ${held}`,
        dueDate: addDays(today, rng.int(3, 6)),
        assignedWorkerId: samWorkerId,
        sourceType: 'supervision_action',
        sourceId: id,
        createdBy: teammanager,
        createdAt: at,
      })
      samSessions = 1
    }
  }

  return { sessions: sessions.length + samSessions, casesDiscussed: cases.length + (samSessions ? 2 : 0), decisions: decisions.length + samSessions, newlyQualified: nq.length, overdueNow }
}
