/**
 * Demo assessments (see demoCasework.ts), consistent with the referrals the front door wrote:
 *  - every closed referral has an authorised single assessment (Working Together 2013 onwards, the
 *    framework in force on its referral date), completed before the closure, with child-seen visits,
 *    factors, and an outcome that fits the closure reason (RC8 → no further action or early help; RC7 →
 *    child in need plan or early help); about 15% authorised after the due date, with a reason for delay;
 *  - about 70% of open referrals have one: the older ones authorised (child in need plan), the recent ones
 *    in progress with the allocated worker (green, amber, and some overdue); three of Sam Okafor's
 *    submitted late (with a reason for delay) and waiting for Joanne Fletcher (Assessment North), one of
 *    his returned with her comments, one in progress and overdue — his children are never transferred
 *    by the later demo stages, so they stay in her team;
 *  - Leo Ashworth (P001001) has an authorised assessment and none open, so a new one can be started.
 * Dates are never in the future nor before the referral; authorisers are manager users, never the author.
 */
import { sql } from 'drizzle-orm'
import type { PgInsertValue } from 'drizzle-orm/pg-core'
import type { Tx } from '../database.ts'
import type { DemoCaseworkContext } from './demoCasework.ts'
import { assessment, assessmentChildSeen, assessmentReview, chronologyEntry, managementDecision } from '../schema.ts'
import { rows } from '../repositories/rows.ts'
import { closureDays } from '../repositories/frontDoor.ts'
import { frameworkPeriods } from '../repositories/assessments.ts'
import { WorkingDayCalendar } from '../../domain/calendar/workingDays.ts'
import { addDays } from '../../domain/calendar/days.ts'
import { assessmentDueDate, firstAssessmentKind, frameworkPeriodOn, ASSESSMENT_KIND_LABEL, type AssessmentKind } from '../../domain/assessments/frameworks.ts'
import { ASSESSMENT_OUTCOME, type AssessmentOutcome, type AssessmentStatus } from '../../domain/assessments/codes.ts'
import { formatDate, londonInstant } from '../../domain/shared/dates.ts'
import type { Framework } from '../../domain/timescales/rules.ts'
import type { Rng } from './rng.ts'

type ReferralRow = {
  id: string
  referralRef: string
  personId: string
  personRef: string
  givenNames: string
  isUnborn: boolean
  referralDate: string
  closedOn: string | null
  closureReason: string | null
  allocWorkerId: string | null
  allocTeamId: string | null
}
type WorkerRow = { id: string; name: string; teamId: string; teamName: string; userId: string | null }

const WISHES = [
  '{name} said they like school and their best friend lives nearby. They worry when mum is upset and said "I want it to be calm at home".',
  '{name} told me they miss dad and want to see him at weekends. They like football and their teacher. They said nobody hurts them.',
  '{name} drew a picture of the family and put themselves next to nan. They said home is "noisy at night" and they are tired at school.',
  '{name} was quiet at first, then said they want things to stay the same but want mum to "stop drinking the wine".',
  '{name} is too young to give views in words; observed to be settled and responsive with mother, seeking comfort from her when unsure.',
]
const PARENTS = [
  'Mother accepts that things have been difficult and wants help with routines; father did not engage with the assessment despite two letters.',
  'Both parents engaged well and agree with the concerns raised by school. They would welcome family support.',
  'Mother feels the referral was unfair but has worked with the assessment; she agrees to health visitor involvement.',
]
const DEVELOPMENT = [
  'Health: immunisations up to date, dental check overdue. Education: attendance 88%, working slightly below expected levels. Emotional: anxious at transitions, settles with a familiar adult.',
  'Meeting milestones. Registered with GP; attends nursery three days a week. Speech a little delayed; referral to speech and language therapy made by the health visitor.',
  'Attendance 79% this term with lateness; some challenging behaviour in class. Good relationships with peers and with maternal grandmother.',
]
const PARENTING = [
  'Basic care is mostly good; home conditions were acceptable at both visits. Boundaries are inconsistent and mother struggles with evening routines.',
  'Emotional warmth evident. Supervision at times inadequate when father has been drinking. Mother is protective and recognises the risk.',
  'Parents meet basic needs but stimulation is limited; the child spends long periods on screens. Parents open to advice.',
]
const FAMILY = [
  'Private rented flat, overcrowded (two bedrooms for five). Universal Credit; rent arrears. Maternal grandmother nearby and supportive.',
  'Parents separated last year; contact with father is informal. Housing stable. Mother works part time. Few friends locally.',
  'History of domestic abuse reported to police twice in the past year; father no longer lives at the address. Family known to early help in 2022.',
]
const ANALYSIS: Record<AssessmentOutcome, string[]> = {
  nfa: ['The concerns raised were not substantiated. The child’s needs are being met by the family with universal services. No further action by children’s social care; school and GP informed.'],
  early_help: ['The child is not at risk of significant harm, but the family would benefit from targeted support with routines and school attendance. Step down to early help with the family’s agreement; lead professional at school.'],
  cin_plan: [
    'The child is a child in need: parental mental health and domestic abuse are affecting care, and the family needs coordinated support. A child in need plan is recommended, reviewed within three months.',
    'Neglect of a cumulative kind: home conditions, school attendance and health appointments. Parents engage but need support to sustain change. Child in need plan with family support worker input.',
  ],
  strategy_discussion: ['Information gathered indicates reasonable cause to suspect significant harm. A strategy discussion is needed with police and health.'],
  core_assessment: ['Further assessment is needed: a core assessment.'],
  looked_after: ['The child cannot safely remain at home; accommodation under section 20 with parental agreement.'],
}
const FACTORS: Record<AssessmentOutcome, string[]> = {
  nfa: ['4B', '14A', '20', '6B'],
  early_help: ['4B', '14A', '7A', '1B', '2B', '20'],
  cin_plan: ['16A', '3B', '4B', '2B', '1B', '17A', '5B', '3A'],
  strategy_discussion: ['18C', '19C', '17A', '3A', '11A'],
  core_assessment: ['16A', '3B'],
  looked_after: ['16A', '18C', '2B'],
}
const DELAYS = [
  'The family cancelled two home visits and the child could not be seen alone until school reopened after half term.',
  'Waiting for information from the health visitor and the GP; the worker was also off sick for a week.',
  'The mother moved to a refuge in another area during the assessment; the visit had to be rearranged.',
  'Interpreter not available for the father’s interview until the third week.',
]
const RETURN_COMMENTS = [
  'Please add the child’s views in their own words from your last visit, and say more about father’s role in the analysis.',
  'The analysis needs to weigh the school’s information on attendance. Add the family’s comments once you have shared it.',
]

/** The working day on or before `day` (an authorisation happens on a working day). */
function workingDayOnOrBefore(calendar: WorkingDayCalendar, day: string): string {
  let d = day
  while (!calendar.isWorkingDay(d)) d = addDays(d, -1)
  return d
}

function pickSome(rng: Rng, pool: readonly string[], min: number, max: number): string[] {
  return rng.shuffle(pool).slice(0, rng.int(min, Math.min(max, pool.length)))
}

export async function seedDemoAssessments(tx: Tx, demo: DemoCaseworkContext): Promise<Record<string, number>> {
  const rng = demo.rng('assessments')
  const today = demo.today
  const yesterday = addDays(today, -1)
  const calendar = new WorkingDayCalendar({ closureDays: await closureDays(tx) })
  const periods = await frameworkPeriods(tx)
  const tm = demo.userId('teammanager')
  const sm = demo.userId('servicemanager')
  const sw = demo.userId('socialworker')

  const workers = await rows<WorkerRow>(
    tx,
    sql`select w.id, w.name, w.team_id as "teamId", t.name as "teamName", (select u.id from user_account u where u.worker_id = w.id limit 1) as "userId"
          from worker w join team t on t.id = w.team_id
         where t.name in ('Assessment North', 'Assessment South') and w.qualified_social_worker and w.job_role in ('Social worker', 'Senior practitioner') and w.left_on is null
         order by t.name, w.name`,
  )
  if (!workers.length) return {}
  const workerById = new Map(workers.map((w) => [w.id, w]))
  const samWorker = workers.find((w) => w.userId === sw) ?? null

  const referrals = await rows<ReferralRow>(
    tx,
    sql`select r.id, r.referral_ref as "referralRef", r.person_id as "personId", p.person_ref as "personRef", p.given_names as "givenNames", p.is_unborn as "isUnborn",
               r.referral_date::text as "referralDate", r.closed_on::text as "closedOn", r.closure_reason as "closureReason",
               a.worker_id as "allocWorkerId", a.team_id as "allocTeamId"
          from referral r join person p on p.id = r.person_id
          left join allocation a on a.person_id = r.person_id and a.end_date is null and a.allocation_role = 'allocated_worker'
         where r.referral_date <= ${today}
         order by r.referral_ref`,
  )

  const assessments: PgInsertValue<typeof assessment>[] = []
  const seen: PgInsertValue<typeof assessmentChildSeen>[] = []
  const reviews: PgInsertValue<typeof assessmentReview>[] = []
  const decisions: PgInsertValue<typeof managementDecision>[] = []
  const chronology: PgInsertValue<typeof chronologyEntry>[] = []
  const counts: Record<string, number> = { authorised: 0, authorisedLate: 0, in_progress: 0, overdue: 0, submitted: 0, returned: 0 }
  let n = 0
  // Sam Okafor's children are never transferred by the later stages, so the assessments waiting for Joanne
  // Fletcher (his manager) are his: his two most recent open referrals submitted, the next returned with
  // comments, the next submitted, the next in progress. (Past their due date: his demo referrals are older.)
  const samOpen = samWorker
    ? referrals.filter((r) => r.closedOn === null && r.personRef !== 'P001001' && r.referralDate < today && r.allocWorkerId === samWorker.id).sort((a, b) => b.referralDate.localeCompare(a.referralDate) || a.referralRef.localeCompare(b.referralRef))
    : []
  const forcedStatus = new Map<string, AssessmentStatus>()
  ;(['submitted', 'submitted', 'returned', 'submitted', 'in_progress'] as const).forEach((st, i) => {
    const r = samOpen[i]
    if (r) forcedStatus.set(r.id, st)
  })
  const allWorkers = new Map(
    (
      await rows<WorkerRow>(
        tx,
        sql`select w.id, w.name, w.team_id as "teamId", t.name as "teamName", (select u.id from user_account u where u.worker_id = w.id limit 1) as "userId"
              from worker w join team t on t.id = w.team_id order by w.name`,
      )
    ).map((w) => [w.id, w]),
  )

  const at = (day: string, from: number, to: number) => londonInstant(day, `${String(rng.int(from, to)).padStart(2, '0')}:${String(rng.int(0, 11) * 5).padStart(2, '0')}`)

  for (const r of referrals) {
    const isLeo = r.personRef === 'P001001'
    const open = r.closedOn === null
    const forced = forcedStatus.get(r.id)
    if (open && !isLeo && !forced && !rng.chance(0.7)) continue
    if (r.referralDate >= today) continue // referred today: not started yet
    const period = frameworkPeriodOn(periods, r.referralDate)
    const framework: Framework = period.framework
    const kind: AssessmentKind = firstAssessmentKind(framework)
    const startDate = r.referralDate
    const due = assessmentDueDate(kind, framework, startDate, calendar)
    if (typeof due !== 'string') continue
    const overdueBy = today > due ? calendar.workingDaysBetween(due, today) : 0
    const stillOpen = open && !isLeo && (forced !== undefined || overdueBy <= 25)
    // The worker: for an open assessment the child's allocated worker; for a finished one the allocated
    // worker when in an assessment team, otherwise one of the assessment teams'.
    const worker = (r.allocWorkerId ? (stillOpen ? allWorkers : workerById).get(r.allocWorkerId) : undefined) ?? rng.pick(workers)
    const authoriser = worker.teamName === 'Assessment North' ? tm : sm
    const authorUser = worker.userId

    // What state it is in today.
    let status: AssessmentStatus
    let outcome: AssessmentOutcome | null = null
    let completedOn: string | null = null
    let late = false
    if (!open) {
      status = 'authorised'
      outcome = r.closureReason === 'RC8' ? (rng.chance(0.8) ? 'nfa' : 'early_help') : rng.chance(0.7) ? 'cin_plan' : 'early_help'
      const lastDay = r.closedOn as string
      late = rng.chance(0.15)
      if (late) {
        const c = calendar.addWorkingDays(due, rng.int(1, 12))
        if (c <= lastDay && c <= yesterday) completedOn = c
        else late = false
      }
      if (!completedOn) completedOn = calendar.addWorkingDays(startDate, rng.int(12, 44))
      if (completedOn > lastDay) completedOn = workingDayOnOrBefore(calendar, lastDay)
      if (completedOn < startDate) completedOn = startDate
      late = completedOn > due
    } else if (!stillOpen) {
      status = 'authorised'
      outcome = 'cin_plan'
      late = !isLeo && rng.chance(0.15)
      completedOn = late ? calendar.addWorkingDays(due, rng.int(1, 10)) : calendar.addWorkingDays(startDate, rng.int(20, 44))
      if (completedOn > yesterday) completedOn = workingDayOnOrBefore(calendar, yesterday)
      late = completedOn > due
    } else {
      status = forced ?? 'in_progress'
      if (status !== 'in_progress' || rng.chance(0.5)) outcome = rng.weighted([['cin_plan', 60], ['early_help', 25], ['nfa', 10], ['strategy_discussion', 5]] as const)
    }
    if (completedOn && completedOn > today) completedOn = workingDayOnOrBefore(calendar, yesterday)

    const id = rng.uuid()
    const assessmentRef = `A${String(++n).padStart(6, '0')}`
    const name = r.givenNames.split(' ')[0] ?? r.givenNames
    const full = status === 'authorised' || status === 'submitted' || status === 'returned'
    const chosenOutcome: AssessmentOutcome = outcome ?? 'cin_plan'
    const factors = chosenOutcome === 'nfa' && rng.chance(0.4) ? ['21'] : pickSome(rng, FACTORS[chosenOutcome], 1, chosenOutcome === 'cin_plan' ? 3 : 2)
    const endDay = completedOn ?? today
    const daysAvailable = Math.max(0, calendar.workingDaysBetween(startDate, endDay))
    const lateOpen = status === 'submitted' && today > due

    // Visits where the child was seen: the first within a few working days of the start.
    const visits: { day: string; alone: boolean }[] = []
    if (!r.isUnborn && (full || daysAvailable >= 3 || rng.chance(0.5))) {
      let d = calendar.addWorkingDays(startDate, rng.int(0, Math.min(5, daysAvailable)))
      const count = full ? rng.int(1, 3) : rng.int(1, 2)
      for (let i = 0; i < count && d <= endDay && d <= yesterday; i++) {
        visits.push({ day: d, alone: i === 0 ? rng.chance(0.75) : rng.chance(0.6) })
        d = calendar.addWorkingDays(d, rng.int(4, 12))
      }
    }
    for (const v of visits) {
      seen.push({ id: rng.uuid(), assessmentId: id, seenOn: v.day, seenAlone: v.alone, note: v.alone ? 'Seen alone at school' : 'Seen at home with mother present', recordedAt: at(v.day, 15, 18), recordedBy: authorUser })
    }

    // Sign-off: submitted shortly before completion, sometimes returned once first.
    let submittedAt: Date | null = null
    let authorisedAt: Date | null = null
    const trail: { action: 'submitted' | 'returned' | 'authorised'; day: string; comments: string | null; by: string }[] = []
    if (status === 'authorised' && completedOn) {
      const subDay = calendar.workingDaysBetween(startDate, completedOn) >= 4 ? addDaysWorking(calendar, completedOn, -rng.int(0, 2), startDate) : startDate
      if (calendar.workingDaysBetween(startDate, subDay) >= 4 && rng.chance(0.2)) {
        const firstSub = addDaysWorking(calendar, subDay, -2, startDate)
        trail.push({ action: 'submitted', day: firstSub, comments: null, by: authorUser ?? authoriser })
        trail.push({ action: 'returned', day: addDaysWorking(calendar, firstSub, 1, startDate) > subDay ? subDay : addDaysWorking(calendar, firstSub, 1, startDate), comments: rng.pick(RETURN_COMMENTS), by: authoriser })
      }
      trail.push({ action: 'submitted', day: subDay, comments: null, by: authorUser ?? authoriser })
      trail.push({ action: 'authorised', day: completedOn, comments: outcome === 'nfa' ? 'Agree: no further action; inform the referrer.' : 'Agree with the analysis and the outcome.', by: authoriser })
    } else if (status === 'submitted') {
      const subDay = workingDayOnOrBefore(calendar, addDays(today, -rng.int(1, 3)))
      trail.push({ action: 'submitted', day: subDay < startDate ? startDate : subDay, comments: null, by: authorUser ?? tm })
    } else if (status === 'returned') {
      const subDay = workingDayOnOrBefore(calendar, addDays(today, -rng.int(2, 5)))
      const s = subDay < startDate ? startDate : subDay
      trail.push({ action: 'submitted', day: s, comments: null, by: authorUser ?? tm })
      const comments = `${today > due ? 'It is past its due date: add the reason for the delay. ' : ''}${RETURN_COMMENTS[0] as string}`
      trail.push({ action: 'returned', day: workingDayOnOrBefore(calendar, yesterday) < s ? s : workingDayOnOrBefore(calendar, yesterday), comments, by: tm })
    }
    // Times within each day in order; authorisation after the last submission.
    let last = londonInstant(startDate, '09:00')
    const trailAt = trail.map((t) => {
      let when = at(t.day, 9, 16)
      if (when.getTime() <= last.getTime()) when = new Date(last.getTime() + 30 * 60_000)
      last = when
      return when
    })
    trail.forEach((t, i) => {
      const when = trailAt[i] as Date
      if (t.action === 'submitted') submittedAt = when
      if (t.action === 'authorised') authorisedAt = when
      if (t.by) reviews.push({ id: rng.uuid(), assessmentId: id, action: t.action, comments: t.comments, actedAt: when, actedBy: t.by })
    })
    const submittedBy = trail.some((t) => t.action === 'submitted') ? authorUser : null

    const filled = <T>(v: T): T | null => (full || rng.chance(0.6) ? v : null)
    const startedAt = londonInstant(startDate, '11:00')
    assessments.push({
      id,
      assessmentRef,
      personId: r.personId,
      referralId: r.id,
      kind,
      framework,
      startDate,
      dueDate: due,
      status,
      workerId: worker.id,
      teamId: worker.teamId,
      childWishes: filled(rng.pick(WISHES).replace('{name}', name)),
      parentsViews: filled(rng.pick(PARENTS)),
      diversity: full ? 'White British family; English is the first language at home. No religious practice. The child identifies strongly with their dad’s side of the family.' : null,
      interpreterUsed: full ? false : null,
      developmentalNeeds: filled(rng.pick(DEVELOPMENT)),
      parentingCapacity: filled(rng.pick(PARENTING)),
      familyEnvironment: filled(rng.pick(FAMILY)),
      history: full ? `${formatDate(r.referralDate)} – Referral ${r.referralRef} opened.` : null,
      analysis: full ? rng.pick(ANALYSIS[chosenOutcome]) : null,
      risks: full ? 'Risk of escalation if support is not accepted; protective factors: supportive grandparent, good school attendance in the past.' : null,
      factors: full || outcome ? factors : [],
      primaryNeedCode: primaryNeedFor(factors, chosenOutcome),
      outcome: full ? chosenOutcome : outcome,
      sharedOn: status === 'authorised' && completedOn ? completedOn : null,
      sharedHow: status === 'authorised' ? 'Read through with the parents at home' : null,
      familyComments: status === 'authorised' && rng.chance(0.5) ? 'Mother agrees with the assessment and wants the support offered.' : null,
      delayReason: late || lateOpen ? rng.pick(DELAYS) : null,
      submittedAt,
      submittedBy,
      authorisedAt,
      authorisedBy: status === 'authorised' ? authoriser : null,
      completedOn: status === 'authorised' ? completedOn : null,
      version: 1 + trail.length,
      createdAt: startedAt,
      createdBy: authorUser,
      updatedAt: trailAt[trailAt.length - 1] ?? startedAt,
      updatedBy: authorUser,
    })
    counts[status] = (counts[status] ?? 0) + 1
    if (status === 'authorised' && late) counts.authorisedLate = (counts.authorisedLate ?? 0) + 1
    if (status === 'in_progress' && today > due) counts.overdue = (counts.overdue ?? 0) + 1

    const label = `${ASSESSMENT_KIND_LABEL[kind]} ${assessmentRef}`
    chronology.push({ id: rng.uuid(), personId: r.personId, occurredAt: startedAt, kind: 'assessment-started', summary: `${label} started on ${formatDate(startDate)} by ${worker.name} (referral ${r.referralRef}); due by ${formatDate(due)}`, sourceType: 'assessment', sourceId: id, recordedAt: startedAt, recordedBy: authorUser })
    trail.forEach((t, i) => {
      const when = trailAt[i] as Date
      const byName = t.by === tm ? 'Joanne Fletcher' : t.by === sm ? 'David Harcourt' : worker.name
      if (t.action === 'submitted') {
        chronology.push({ id: rng.uuid(), personId: r.personId, occurredAt: when, kind: 'assessment-submitted', summary: `${label} submitted for authorisation by ${worker.name}; proposed outcome ${ASSESSMENT_OUTCOME[chosenOutcome]}`, sourceType: 'assessment', sourceId: id, recordedAt: when, recordedBy: authorUser })
      } else if (t.action === 'returned') {
        chronology.push({ id: rng.uuid(), personId: r.personId, occurredAt: when, kind: 'assessment-returned', summary: `${label} returned to the worker by ${byName}: ${t.comments}`, sourceType: 'assessment', sourceId: id, recordedAt: when, recordedBy: t.by })
        decisions.push({ id: rng.uuid(), personId: r.personId, stage: 'assessment', subjectType: 'assessment', subjectId: id, decision: `Assessment ${assessmentRef} returned to the worker`, reasons: t.comments ?? '', decidedAt: when, decidedBy: t.by, createdAt: when })
      } else {
        const within = !late
        const lateBy = within ? 0 : calendar.workingDaysBetween(due, completedOn as string)
        const timescale = within ? `completed within timescale (due ${formatDate(due)})` : `completed ${lateBy} working day${lateBy === 1 ? '' : 's'} after the due date (${formatDate(due)})`
        chronology.push({ id: rng.uuid(), personId: r.personId, occurredAt: when, kind: 'assessment-authorised', summary: `${label} authorised by ${byName}: outcome ${ASSESSMENT_OUTCOME[chosenOutcome]}; ${timescale}`, sourceType: 'assessment', sourceId: id, recordedAt: when, recordedBy: t.by })
        decisions.push({ id: rng.uuid(), personId: r.personId, stage: 'assessment', subjectType: 'assessment', subjectId: id, decision: `Assessment ${assessmentRef} authorised: outcome ${ASSESSMENT_OUTCOME[chosenOutcome]}`, reasons: `${t.comments ?? ''} ${timescale[0]?.toUpperCase()}${timescale.slice(1)}.`.trim(), decidedAt: when, decidedBy: t.by, createdAt: when })
      }
    })
  }

  const chunks = <T>(list: T[], size = 400): T[][] => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, i * size + size))
  for (const c of chunks(assessments)) await tx.insert(assessment).values(c)
  for (const c of chunks(seen)) await tx.insert(assessmentChildSeen).values(c)
  for (const c of chunks(reviews)) await tx.insert(assessmentReview).values(c)
  for (const c of chunks(decisions)) await tx.insert(managementDecision).values(c)
  for (const c of chunks(chronology)) await tx.insert(chronologyEntry).values(c)
  // The episode's primary need is the latest assessment's (as saveAssessment does).
  await tx.execute(sql`update referral r set primary_need_code = x.code
    from (select distinct on (referral_id) referral_id, primary_need_code as code from assessment where primary_need_code is not null order by referral_id, start_date desc) x
   where x.referral_id = r.id`)
  if (n > 0) await tx.execute(sql`select setval('assessment_ref_seq', ${n})`)
  return { assessments: n, ...counts, childSeen: seen.length, managementDecisions: decisions.length }
}

/** The CIN census primary need a worker would choose from these factors and this outcome. */
function primaryNeedFor(factors: readonly string[], outcome: string): string {
  const has = (...codes: string[]) => codes.some((c) => factors.includes(c))
  if (outcome === 'strategy_discussion' || has('16A', '17A', '18B', '18C', '19B', '19C', '11A', '22A', '24A', '12A')) return 'N1'
  if (has('5A', '6A')) return 'N2'
  if (has('4B', '5B', '6B')) return 'N3'
  if (has('3A', '3B', '3C', '1B', '2B')) return 'N5'
  if (has('13A', '14A', '10A')) return 'N6'
  if (factors.includes('21')) return 'N9'
  return 'N4'
}

/** `n` working days after (or before, when negative) `day`, never before `floor`. */
function addDaysWorking(calendar: WorkingDayCalendar, day: string, n: number, floor: string): string {
  let d = day
  if (n >= 0) return n === 0 ? d : calendar.addWorkingDays(d, n)
  for (let i = 0; i < -n; i++) {
    d = addDays(d, -1)
    while (!calendar.isWorkingDay(d)) d = addDays(d, -1)
  }
  return d < floor ? floor : d
}
