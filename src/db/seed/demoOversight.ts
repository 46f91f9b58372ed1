/**
 * Demo management oversight and closures (see demoCasework.ts), after the assessments stage:
 *  - management decisions with directions on ~25 open cases in the assessment teams — several on Sam
 *    Okafor's (socialworker) children, decided by Joanne Fletcher (teammanager); some directions overdue,
 *    some completed, the rest open; each decision in the child's chronology;
 *  - three closure proposals waiting for teammanager in Assessment North, on referrals whose assessment
 *    was authorised with the outcome "no further action" (skipped when the assessments stage wrote none);
 *  - for referrals the front door already closed, the authorised closure behind each (closure date = the
 *    referral's closed_on, reason = its closure_reason), with the manager's decision and a chronology entry.
 * Deterministic: fixed query order, demo.rng('oversight') for every choice and id, times from demo.today.
 */
import { sql } from 'drizzle-orm'
import type { PgInsertValue } from 'drizzle-orm/pg-core'
import type { Tx } from '../database.ts'
import type { DemoCaseworkContext } from './demoCasework.ts'
import { caseClosure, chronologyEntry, managementDecision, task } from '../schema.ts'
import { one, rows } from '../repositories/rows.ts'
import { addDays, isoWeekday, toDayNumber } from '../../domain/calendar/days.ts'
import { CLOSURE_REASON, isClosureReason } from '../../domain/closure/closure.ts'
import { DECISION_STAGE, type DecisionStage } from '../../domain/oversight/managementDecision.ts'
import { formatDate, londonInstant } from '../../domain/shared/dates.ts'

type OpenCase = { personId: string; givenNames: string; referralRef: string; referralDate: string; startDate: string; workerId: string; teamName: string }

const DECISIONS: Record<DecisionStage, [string, string][]> = {
  contact: [],
  referral: [['Accept the referral for a child and family assessment; allocate to a qualified social worker.', 'School and health visitor both report escalating concerns about neglect; previous early help support did not bring change.']],
  assessment: [
    ['Continue the assessment; the child must be seen alone before it is completed.', 'The child has only been seen with mother present; the school describe the child as withdrawn.'],
    ['Extend the assessment to include father’s views and a health update.', 'Father has parental responsibility and has not been contacted; GP information is outstanding.'],
    ['Hold a strategy discussion if any further injury is reported.', 'Two unexplained bruises reported by school in a month; explanations given were plausible but inconsistent.'],
  ],
  plan: [
    ['Convene a child in need review within four weeks.', 'The plan has drifted: actions from the last review are not done and school attendance has fallen to 81%.'],
    ['Step up visits to fortnightly until the review.', 'Home conditions deteriorated at the last visit; mother reports low mood.'],
  ],
  allocation: [['Keep the allocation with the current worker; review caseload at the next supervision.', 'Continuity matters for this child, who has had three workers in a year.']],
  transfer: [],
  closure: [],
  supervision: [],
  other: [
    ['Seek legal advice on the threshold for pre-proceedings.', 'Concerns persist despite a year of support; the family are not engaging with the plan.'],
    ['Refer to the family group conference service.', 'Wider family are willing to help and the parents agree.'],
  ],
}
const DIRECTIONS = [
  'See the child alone at school and record their views',
  'Update the chronology and the genogram',
  'Request a health update from the GP and health visitor',
  'Contact father and record his views',
  'Complete the home conditions checklist at the next visit',
  'Convene a professionals meeting with school and health',
  'Refer to the parenting programme',
  'Write to the family confirming the plan',
]
const CLOSING_SUMMARY: Record<string, string> = {
  RC7: 'The work on the child in need plan is complete: school attendance has recovered, and the family are using universal services. The family and school agree that children’s social care no longer needs to be involved. Signposted to the school’s family support worker should things change.',
  RC8: 'The assessment found no need for services from children’s social care. The concerns raised were explained and the parents are meeting the child’s needs. The referrer and the family have been told the outcome and know how to contact us again.',
  RC9: 'The assessment found needs best met by early help: the family agreed to work with the early help team, who have accepted the referral and named a lead professional.',
}
const HOW = ['Letter', 'Phone call', 'Email', 'At a home visit']

const weekdayOnOrBefore = (iso: string) => {
  const w = isoWeekday(iso)
  return w === 6 ? addDays(iso, -1) : w === 7 ? addDays(iso, -2) : iso
}
const maxDate = (a: string, b: string) => (a > b ? a : b)

export async function seedDemoOversight(tx: Tx, demo: DemoCaseworkContext): Promise<Record<string, number>> {
  const rng = demo.rng('oversight')
  const today = demo.today
  const yesterday = addDays(today, -1)
  // Times on today's date stay early in the morning: the demo has no clock, and nothing may be in the future.
  const at = (day: string, h1: number, h2: number) => {
    const [a, b] = day >= today ? [6, 7] : [h1, h2]
    return londonInstant(day, `${String(rng.int(a, b)).padStart(2, '0')}:${String(rng.int(0, 11) * 5).padStart(2, '0')}`)
  }
  const teammanager = demo.userId('teammanager')
  const servicemanager = demo.userId('servicemanager')
  const socialworker = demo.userId('socialworker')
  const sam = await one<{ workerId: string | null }>(tx, sql`select worker_id as "workerId" from user_account where id = ${socialworker}`)
  const userOfWorker = new Map((await rows<{ workerId: string; userId: string }>(tx, sql`select worker_id as "workerId", id as "userId" from user_account where worker_id is not null order by username`)).map((r) => [r.workerId, r.userId]))

  // ---------------------------------------------------------------- management decisions on open cases
  const open = await rows<OpenCase>(
    tx,
    sql`select r.person_id as "personId", p.given_names as "givenNames", r.referral_ref as "referralRef", r.referral_date::text as "referralDate",
               a.start_date::text as "startDate", a.worker_id as "workerId", t.name as "teamName"
          from referral r join person p on p.id = r.person_id
          join allocation a on a.person_id = r.person_id and a.end_date is null and a.allocation_role = 'allocated_worker'
          join team t on t.id = a.team_id
         where r.closed_on is null and t.name in ('Assessment North', 'Assessment South') and not p.restricted
         order by r.referral_ref`,
  )
  const samCases = open.filter((c) => c.workerId === sam?.workerId)
  const others = rng.shuffle(open.filter((c) => c.workerId !== sam?.workerId))
  const chosen = [...samCases.slice(0, 6), ...others.filter((c) => c.teamName === 'Assessment North').slice(0, 14), ...others.filter((c) => c.teamName === 'Assessment South').slice(0, 5)]

  const decisionRows: PgInsertValue<typeof managementDecision>[] = []
  const taskRows: PgInsertValue<typeof task>[] = []
  const chronology: PgInsertValue<typeof chronologyEntry>[] = []
  let overdue = 0
  let completed = 0
  const stages = (Object.keys(DECISIONS) as DecisionStage[]).filter((s) => DECISIONS[s].length)
  for (const c of chosen) {
    const from = maxDate(c.referralDate, c.startDate)
    if (from > yesterday) continue
    const span = toDayNumber(yesterday) - toDayNumber(from)
    const n = c.workerId === sam?.workerId ? 2 : rng.int(1, 2)
    const days = [...new Set(Array.from({ length: n }, () => weekdayOnOrBefore(addDays(from, rng.int(0, span)))))].filter((d) => d >= from).sort()
    for (const day of days) {
      const stage = rng.pick(stages)
      const [decision, reasons] = rng.pick(DECISIONS[stage])
      const decidedBy = c.teamName === 'Assessment North' ? teammanager : servicemanager
      const decidedAt = at(day, 9, 17)
      const id = rng.uuid()
      decisionRows.push({ id, personId: c.personId, stage, decision, reasons, decidedAt, decidedBy, createdAt: decidedAt })
      const dirs = rng.shuffle(DIRECTIONS).slice(0, rng.int(1, 3))
      const dirText: string[] = []
      for (const text of dirs) {
        const due = addDays(day, rng.int(5, 28))
        let completedAt: Date | null = null
        if (due <= today && rng.chance(due < addDays(today, -14) ? 0.85 : 0.5)) {
          const doneDay = addDays(due, -rng.int(0, Math.min(4, toDayNumber(due) - toDayNumber(day))))
          completedAt = at(doneDay, 9, 17)
          if (completedAt.getTime() <= decidedAt.getTime()) completedAt = new Date(decidedAt.getTime() + 60 * 60 * 1000)
          completed++
        } else if (due < today) overdue++
        const worker = c.workerId
        taskRows.push({
          id: rng.uuid(), personId: c.personId, title: text, dueDate: due, assignedWorkerId: worker, sourceType: 'management_direction', sourceId: id, managementDecisionId: id,
          completedAt, completedBy: completedAt ? (userOfWorker.get(worker) ?? decidedBy) : null, completionNote: completedAt ? 'Done; recorded on the file.' : null, createdAt: decidedAt, createdBy: decidedBy,
        })
        dirText.push(`${text} (by ${due.split('-').reverse().join('/')})`)
      }
      const who = decidedBy === teammanager ? 'Joanne Fletcher' : 'David Harcourt'
      chronology.push({ id: rng.uuid(), personId: c.personId, occurredAt: decidedAt, kind: 'management-decision', summary: `Management decision (${DECISION_STAGE[stage].toLowerCase()}) by ${who}: ${decision} Directions: ${dirText.join('; ')}.`, sourceType: 'management_decision', sourceId: id, recordedAt: decidedAt, recordedBy: decidedBy })
    }
  }

  // ---------------------------------------------------------------- closure proposals waiting for teammanager
  // Open referrals in Assessment North whose latest assessment is authorised and none is still open: NFA
  // outcomes are proposed as RC8; if the assessments stage left none open, cases whose child in need work
  // is done are proposed as RC7 (services ceased). Sam Okafor's children first: he proposes them.
  const candidates = await rows<{ personId: string; referralId: string; referralRef: string; completedOn: string; outcome: string; isSams: boolean }>(
    tx,
    sql`select r.person_id as "personId", r.id as "referralId", r.referral_ref as "referralRef", s.completed_on::text as "completedOn", s.outcome,
               coalesce(a.worker_id = ${sam?.workerId ?? null}, false) as "isSams"
          from referral r
          join allocation a on a.person_id = r.person_id and a.end_date is null and a.allocation_role = 'allocated_worker'
          join team t on t.id = a.team_id and t.name = 'Assessment North'
          join lateral (select x.completed_on, x.outcome from assessment x where x.referral_id = r.id and x.status = 'authorised' order by x.completed_on desc, x.assessment_ref desc limit 1) s on true
         where r.closed_on is null
           and s.outcome in ('nfa', 'cin_plan')
           and not exists (select 1 from assessment o where o.referral_id = r.id and o.status <> 'authorised')
           and not exists (select 1 from case_closure c where c.referral_id = r.id and c.status = 'proposed')
         order by (s.outcome = 'nfa') desc, 6 desc, r.referral_ref`,
  )
  const closures: PgInsertValue<typeof caseClosure>[] = []
  for (const c of candidates.slice(0, 3)) {
    const reason = c.outcome === 'nfa' ? 'RC8' : 'RC7'
    const next = addDays(c.completedOn, rng.int(1, 4))
    const day = next > today ? today : next
    const proposedAt = at(day, 9, 17)
    const informed = rng.chance(0.67)
    const id = rng.uuid()
    closures.push({
      id, referralId: c.referralId, personId: c.personId, reasonCode: reason, summary: CLOSING_SUMMARY[reason] as string, status: 'proposed', proposedAt, proposedBy: socialworker,
      referrerInformedOn: informed ? day : null, referrerInformedHow: informed ? rng.pick(HOW) : null,
    })
    chronology.push({ id: rng.uuid(), personId: c.personId, occurredAt: proposedAt, kind: 'closure-proposed', summary: `Closure of referral ${c.referralRef} proposed by Sam Okafor: ${reason} ${CLOSURE_REASON[reason].toLowerCase()}`, sourceType: 'case_closure', sourceId: id, recordedAt: proposedAt, recordedBy: socialworker })
  }

  // ---------------------------------------------------------------- the closures behind referrals already closed
  // A case closed as "no further action after assessment" closes within a few days of the assessment's
  // authorisation, not months later: so the census sees its assessment in the same year (CIN census 8825Q,
  // 8873Q). The offset (0–3 days) is fixed by the referral number, so the demo stays deterministic.
  await tx.execute(
    sql`update referral r set closed_on = least(r.closed_on, a.done + (abs(hashtext(r.referral_ref)) % 4))
          from (select referral_id, max(completed_on) as done from assessment group by referral_id having bool_and(status = 'authorised')) a
         where a.referral_id = r.id and r.closed_on is not null and r.closure_reason = 'RC8'`,
  )
  // The front door closed these before any assessment existed; where the assessments stage then concluded
  // "early help", the CIN census reason is RC9 (closed after assessment, referred to early help), not RC8.
  const rc9 = await tx.execute(
    sql`update referral r set closure_reason = 'RC9'
         where r.closed_on is not null and r.closure_reason = 'RC8'
           and (select x.outcome from assessment x where x.referral_id = r.id and x.status = 'authorised' order by x.completed_on desc, x.assessment_ref desc limit 1) = 'early_help'`,
  )
  const closed = await rows<{ personId: string; referralId: string; referralRef: string; referralDate: string; closedOn: string; reason: string }>(
    tx,
    sql`select r.person_id as "personId", r.id as "referralId", r.referral_ref as "referralRef", r.referral_date::text as "referralDate", r.closed_on::text as "closedOn", r.closure_reason as reason
          from referral r where r.closed_on is not null and r.closure_reason is not null
           and not exists (select 1 from case_closure c where c.referral_id = r.id)
         order by r.referral_ref`,
  )
  let authorised = 0
  for (const r of closed) {
    if (!isClosureReason(r.reason)) continue
    const [proposer, decider, proposerName, deciderName] = rng.chance(0.6) ? [socialworker, teammanager, 'Sam Okafor', 'Joanne Fletcher'] : [teammanager, servicemanager, 'Joanne Fletcher', 'David Harcourt']
    const proposedDay = maxDate(addDays(r.closedOn, -rng.int(0, 5)), r.referralDate)
    const proposedAt = at(proposedDay, 9, 12)
    const decidedAt = new Date(Math.max(at(r.closedOn, 13, 17).getTime(), proposedAt.getTime() + 60 * 60 * 1000))
    const id = rng.uuid()
    const told = (d: number) => { const day = addDays(r.closedOn, d); return day > today ? today : day }
    const summary = CLOSING_SUMMARY[r.reason] ?? `Case closed: ${CLOSURE_REASON[r.reason]}.`
    closures.push({
      id, referralId: r.referralId, personId: r.personId, reasonCode: r.reason, summary, status: 'authorised', proposedAt, proposedBy: proposer, decidedAt, decidedBy: decider, closureDate: r.closedOn,
      referrerInformedOn: told(rng.int(0, 3)), referrerInformedHow: rng.pick(HOW), familyInformedOn: rng.chance(0.85) ? told(rng.int(0, 5)) : null, version: 2,
    })
    const last = closures[closures.length - 1] as PgInsertValue<typeof caseClosure>
    last.familyInformedHow = last.familyInformedOn ? rng.pick(HOW) : null
    const decisionId = rng.uuid()
    const decision = `Case closed: ${r.reason} ${CLOSURE_REASON[r.reason].toLowerCase()}. Referral ${r.referralRef} closed on ${formatDate(r.closedOn)}.`
    decisionRows.push({ id: decisionId, personId: r.personId, stage: 'closure', subjectType: 'case_closure', subjectId: id, decision, reasons: summary, decidedAt, decidedBy: decider, createdAt: decidedAt })
    chronology.push({ id: rng.uuid(), personId: r.personId, occurredAt: proposedAt, kind: 'closure-proposed', summary: `Closure of referral ${r.referralRef} proposed by ${proposerName}: ${r.reason} ${CLOSURE_REASON[r.reason].toLowerCase()}`, sourceType: 'case_closure', sourceId: id, recordedAt: proposedAt, recordedBy: proposer })
    chronology.push({ id: rng.uuid(), personId: r.personId, occurredAt: decidedAt, kind: 'closure-authorised', summary: `${decision} Authorised by ${deciderName}.`, sourceType: 'management_decision', sourceId: decisionId, recordedAt: decidedAt, recordedBy: decider })
    authorised++
  }

  const chunks = <T>(list: T[], size = 500): T[][] => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size))
  for (const c of chunks(decisionRows)) await tx.insert(managementDecision).values(c)
  for (const c of chunks(taskRows)) await tx.insert(task).values(c)
  for (const c of chunks(closures)) await tx.insert(caseClosure).values(c)
  for (const c of chunks(chronology)) await tx.insert(chronologyEntry).values(c)
  return {
    managementDecisions: decisionRows.length - authorised,
    directions: taskRows.length,
    directionsOverdue: overdue,
    directionsCompleted: completed,
    closureProposals: closures.length - authorised,
    closuresAuthorised: authorised,
    referralsRecodedRc9: rc9.rowCount ?? 0,
  }
}
