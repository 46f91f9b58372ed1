/**
 * Demo child protection and children in need (see demoCasework.ts), after allocation and transfers, on
 * existing children with an open referral and an allocated worker (never Leo Ashworth's family):
 *  - about 14 children on open child protection plans, mostly in Safeguarding East and West, brothers and
 *    sisters together (one strategy discussion date, one conference day); each with its strategy discussion
 *    (police, health, children's social care), authorised section 47 enquiry (continuing risk), initial
 *    conference (plan), core groups, review conferences (first within 3 months, then 6-monthly; a few
 *    late), statutory visits every 10 working days (two families with a visit overdue today, one with
 *    its review conference overdue); categories mostly neglect and emotional abuse; two children with an
 *    earlier plan in a closed episode (RC7); the children whose transfer summary says they are on a plan;
 *  - Sam Okafor (socialworker): one child with an open section 47 enquiry whose initial conference target
 *    is 3–6 working days away (the conference is booked), one on a plan with the next visit 2 working days
 *    overdue;
 *  - about 15 children on child in need plans after their authorised assessment (needs, services, who
 *    does what; reviews; visits, some overdue), two of them stepped down from a child protection plan
 *    ended by a review conference (the CIN plan starts that day);
 *  - three strategy discussions that decided no section 47 enquiry.
 * CIN census consistent: one open CP plan per child, no CIN plan alongside a CP plan, nothing before the
 * referral, conferences on working days, plans start on the day of the conference that decided them.
 * Everything is inserted in bulk (one statement per table) and dated by the working-day calendar.
 */
import { sql } from 'drizzle-orm'
import type { PgInsertValue } from 'drizzle-orm/pg-core'
import type { Tx } from '../database.ts'
import type { DemoCaseworkContext } from './demoCasework.ts'
import type { Rng } from './rng.ts'
import { chronologyEntry, cinPlan, cinPlanReview, coreGroupMeeting, cpConference, cpPlan, section47Enquiry, strategyDiscussion, visit } from '../schema.ts'
import { rows } from '../repositories/rows.ts'
import { closureDays } from '../repositories/frontDoor.ts'
import { WorkingDayCalendar } from '../../domain/calendar/workingDays.ts'
import { addDays, toDayNumber } from '../../domain/calendar/days.ts'
import { ageOn, formatDate, londonInstant } from '../../domain/shared/dates.ts'
import { icpcTargetDate } from '../../domain/childProtection/section47.ts'
import { firstRcpcDue, nextRcpcDue } from '../../domain/childProtection/conference.ts'
import { firstCoreGroupDue, within2YearsOfPrevious, type PlanPeriod } from '../../domain/childProtection/plan.ts'
import { ABUSE_CATEGORY, type AbuseCategory } from '../../domain/childProtection/codes.ts'
import { missingAgencyWarnings, type Participant } from '../../domain/childProtection/strategyDiscussion.ts'
import { addFrequency, type Frequency } from '../../domain/visits/visit.ts'

type Child = {
  personId: string
  personRef: string
  givenNames: string
  familyName: string
  dateOfBirth: string
  referralId: string
  referralRef: string
  referralDate: string
  workerId: string
  workerName: string
  teamId: string
  teamName: string
  assessmentId: string | null
  assessmentStart: string | null
  assessmentStatus: string | null
  assessmentCompleted: string | null
  assessmentOutcome: string | null
  transferSummary: string | null
  transferProposed: string | null
}
type Unit = { key: string; children: Child[]; referralDate: string; teamName: string; workerId: string; familyName: string }
type Held = { personId: string; workerId: string; workerName: string; teamId: string; startDate: string; endDate: string | null }
type Window = { referralId: string; personId: string; referralDate: string; closedOn: string }

const SAFEGUARDING = ['Safeguarding East', 'Safeguarding West']
const POLICE = ['DC Rachel Hollis', 'DS Tom Brennan', 'DC Amir Shah', 'DS Kate Lowry', 'DC Owen Pryce']
const HEALTH: [string, string][] = [
  ['Priya Patel', 'School nurse'],
  ['Jo Whitfield', 'Health visitor'],
  ['Dr Sara Lind', 'Named GP for safeguarding'],
  ['Kerry Dunn', 'Safeguarding nurse'],
  ['Maya Osborne', 'Community paediatrician'],
]
const EDUCATION: [string, string][] = [
  ['Helen Booth', 'Designated safeguarding lead'],
  ['Owen Price', 'Head teacher'],
  ['Lucy Marsden', 'Nursery manager'],
]
const CHAIR_NAME = 'Aisha Rahman'

const CONCERN: Record<Exclude<AbuseCategory, 'MUL'>, { shared: string; risk: string; actions: string; summary: string }> = {
  NEG: {
    shared: 'School reports attendance below 80% and the children arriving hungry and in the same clothes. Health visitor found the home cold with little food; missed health appointments. Police attended a noise complaint last month and found the children unsupervised late at night.',
    risk: 'Cumulative neglect over more than a year despite early help; parents’ alcohol use is increasing. Risk of significant harm if nothing changes.',
    actions: 'Children seen at school today; food parcel and emergency electricity top-up arranged; mother agrees to maternal grandmother staying this week.',
    summary: 'Home conditions and basic care are poor and have not improved with support; the children are at continuing risk of significant harm through neglect.',
  },
  EMO: {
    shared: 'Police have attended three domestic abuse incidents at the address in four months, the latest two days ago with the children present. School report the child is withdrawn and frightened of going home. Father has a history of violence towards previous partners.',
    risk: 'The children are living with domestic abuse and coercive control; emotional harm is evident at school. Mother is frightened but wants to keep the children safe.',
    actions: 'Father bailed with conditions not to attend the address; mother referred to the independent domestic violence adviser; safety plan agreed with mother.',
    summary: 'The children are exposed to repeated domestic abuse and are showing emotional harm; continuing risk of significant harm through emotional abuse.',
  },
  PHY: {
    shared: 'Bruising to the upper arm and cheek seen by school staff this morning; the child said “dad grabbed me”. Hospital child protection medical arranged for this afternoon. One previous unexplained injury recorded by the GP last year.',
    risk: 'Non-accidental injury is likely; father’s explanation does not match the injuries. Risk of further physical harm at home.',
    actions: 'Child protection medical today; father to stay with his brother while enquiries continue; joint visit with police this afternoon.',
    summary: 'Injuries consistent with physical abuse, an account from the child, and a previous unexplained injury: continuing risk of significant harm.',
  },
  SAB: {
    shared: 'The child disclosed to a teacher that an adult family friend touches them when babysitting. Police have opened an investigation; the adult has contact with other children. Mother was unaware and is distressed.',
    risk: 'Credible disclosure of sexual abuse; the adult still has access to the family. Mother is believed protective but needs support to sustain it.',
    actions: 'Achieving Best Evidence interview booked with police; mother agrees the adult will have no contact; sexual assault referral centre appointment made.',
    summary: 'A credible disclosure of sexual abuse by a family friend; continuing risk while the investigation is under way.',
  },
}
const CIN_NEEDS: { need: string; services: string; actions: [string, string, string][] }[] = [
  { need: 'Regular school attendance (currently 82%)', services: 'Education welfare officer; school attendance plan', actions: [['Attendance plan agreed and reviewed fortnightly', 'Head of year', 'Education'], ['Morning routine support at home', 'Family support worker', 'Children’s social care']] },
  { need: 'Mother’s mental health and low mood', services: 'GP; talking therapies', actions: [['Self-referral to talking therapies', 'Mother', 'Family'], ['GP review of medication', 'GP', 'Health']] },
  { need: 'Safe and settled home: rent arrears and overcrowding', services: 'Housing options; money advice', actions: [['Housing application and priority banding', 'Housing officer', 'Housing'], ['Appointment with the money advice service', 'Social worker', 'Children’s social care']] },
  { need: 'Speech and language development', services: 'Speech and language therapy; nursery', actions: [['Speech and language therapy assessment', 'Health visitor', 'Health'], ['Nursery place 15 hours a week', 'Early years team', 'Education']] },
  { need: 'Consistent boundaries and evening routines', services: 'Parenting programme (Incredible Years)', actions: [['Attend the 12-week parenting programme', 'Parents', 'Family'], ['Bedtime routine chart with the family', 'Family support worker', 'Children’s social care']] },
  { need: 'Emotional wellbeing after domestic abuse', services: 'Children’s domestic abuse recovery group; CAMHS', actions: [['Referral to the recovery group', 'Social worker', 'Children’s social care'], ['CAMHS consultation', 'School counsellor', 'Health']] },
  { need: 'Young carer for a disabled parent', services: 'Young carers service; adult social care assessment for the parent', actions: [['Young carers assessment', 'Young carers service', 'Other'], ['Care needs assessment for the parent', 'Adult social care', 'Other']] },
]
const CP_VISIT_NOTES = [
  'Seen at home after school. Home warm and tidy; food in the fridge. Talked about school and friends; no new worries.',
  'Unannounced visit. Child seen alone in their bedroom, which was clean with a made bed. Said things are “calmer” at home.',
  'Seen at school with the designated safeguarding lead. Attendance this fortnight 100%. Child talked about the plan’s goals using their own words.',
  'Home visit with mother present. Some improvement in the kitchen; laundry piled in the bedroom. Agreed actions for the next core group.',
  'Seen alone on a walk to the park. Child said dad has not been to the house. Mother engaging with the domestic abuse worker.',
]
const CIN_VISIT_NOTES = [
  'Home visit. Reviewed progress with the plan with mother; the child showed me their school certificate.',
  'Seen at school. The child said the family support worker helps with homework and mornings are better.',
  'Visit with the family support worker. Housing letter received; money advice appointment next week.',
]
const CORE_GROUP_NOTES = [
  'Plan reviewed action by action. School attendance improving; home conditions still variable. Parents attended and agreed next steps.',
  'Good engagement from mother; father did not attend. Health visitor reports weight gain back on track. Contingency plan discussed.',
  'Progress is slow: two visits found the home unsuitable. Actions tightened with dates; the chair will be told if no change by the next core group.',
]

const pad = (n: number) => String(n).padStart(2, '0')
const firstName = (c: Child) => c.givenNames.split(' ')[0] ?? c.givenNames
const maxDay = (a: string, b: string) => (a >= b ? a : b)
const catLabel = (cats: readonly AbuseCategory[]) => cats.map((c) => ABUSE_CATEGORY[c].toLowerCase()).join(' and ')

export async function seedDemoChildProtection(tx: Tx, demo: DemoCaseworkContext): Promise<Record<string, number>> {
  const rng: Rng = demo.rng('childProtection')
  const today = demo.today
  const calendar = new WorkingDayCalendar({ closureDays: await closureDays(tx) })
  const onOrBefore = (d: string) => {
    let x = d
    while (!calendar.isWorkingDay(x)) x = addDays(x, -1)
    return x
  }
  const wd = (d: string, n: number) => calendar.addWorkingDays(d, n)
  /** The last working day before today: the latest day a record is dated. */
  const lastDay = wd(today, -1)
  const wdToday = onOrBefore(today)

  const users = new Map((await rows<{ username: string; id: string; name: string }>(tx, sql`select username, id, display_name as name from user_account`)).map((u) => [u.username, u]))
  const user = (name: string) => {
    const u = users.get(name)
    if (!u) throw new Error(`No demo user ${name}`)
    return u.id
  }
  const chair = user('chair')
  const sw = user('socialworker')
  const managerByTeam: Record<string, string> = {
    'Assessment North': user('teammanager'),
    'Safeguarding East': users.get('eastmanager')?.id ?? user('servicemanager'),
    'Safeguarding West': users.get('westmanager')?.id ?? user('servicemanager'),
  }
  const managerOf = (team: string) => managerByTeam[team] ?? user('servicemanager')
  const sam = (await rows<{ workerId: string | null }>(tx, sql`select worker_id as "workerId" from user_account where id = ${sw}`))[0]?.workerId ?? null

  const children = await rows<Child>(
    tx,
    sql`select p.id as "personId", p.person_ref as "personRef", p.given_names as "givenNames", p.family_name as "familyName", p.date_of_birth::text as "dateOfBirth",
               r.id as "referralId", r.referral_ref as "referralRef", r.referral_date::text as "referralDate",
               w.id as "workerId", w.name as "workerName", t.id as "teamId", t.name as "teamName",
               s.id as "assessmentId", s.start_date::text as "assessmentStart", s.status as "assessmentStatus", s.completed_on::text as "assessmentCompleted", s.outcome as "assessmentOutcome",
               x.summary as "transferSummary", (x.proposed_at at time zone 'Europe/London')::date::text as "transferProposed"
          from referral r join person p on p.id = r.person_id
          join allocation a on a.person_id = p.id and a.end_date is null and a.allocation_role = 'allocated_worker'
          join worker w on w.id = a.worker_id join team t on t.id = a.team_id
          left join lateral (select * from assessment s where s.referral_id = r.id order by s.start_date desc limit 1) s on true
          left join lateral (select * from team_transfer x where x.person_id = p.id and x.status in ('proposed', 'accepted') order by x.proposed_at desc limit 1) x on true
         where r.closed_on is null and r.referral_date < ${today} and not p.restricted and not p.is_unborn and p.date_of_birth is not null
           and p.family_name <> 'Ashworth' and t.name <> 'Children in care' and w.qualified_social_worker
           and not exists (select 1 from case_closure c where c.referral_id = r.id and c.status = 'proposed')
           and not exists (select 1 from team_queue q where q.person_id = p.id and q.allocated_at is null)
           and not exists (select 1 from cp_plan c where c.person_id = p.id)
           and not exists (select 1 from cin_plan c where c.person_id = p.id)
           and not exists (select 1 from section47_enquiry c where c.person_id = p.id)
         order by p.person_ref`,
  )
  if (children.length === 0) return {}
  const ids = children.map((c) => c.personId).join(',')
  const heldRows = await rows<Held>(
    tx,
    sql`select a.person_id as "personId", a.worker_id as "workerId", w.name as "workerName", a.team_id as "teamId", a.start_date::text as "startDate", a.end_date::text as "endDate"
          from allocation a join worker w on w.id = a.worker_id
         where a.allocation_role = 'allocated_worker' and a.person_id = any(string_to_array(${ids}, ',')::uuid[]) order by a.start_date`,
  )
  const windows = await rows<Window>(
    tx,
    sql`select id as "referralId", person_id as "personId", referral_date::text as "referralDate", closed_on::text as "closedOn"
          from referral where person_id = any(string_to_array(${ids}, ',')::uuid[]) and closed_on is not null and closure_reason = 'RC7' order by referral_date`,
  )
  const teamNames = new Map((await rows<{ id: string; name: string }>(tx, sql`select id, name from team`)).map((t) => [t.id, t.name]))
  /** Who held the child on a day (the earliest allocation before it started). */
  const heldBy = new Map<string, Held[]>()
  for (const h of heldRows) heldBy.set(h.personId, [...(heldBy.get(h.personId) ?? []), h])
  const workerOn = (c: Child, day: string): { id: string; name: string; teamId: string; teamName: string } => {
    const hs = heldBy.get(c.personId) ?? []
    const h = hs.find((x) => x.startDate <= day && (x.endDate === null || x.endDate > day)) ?? hs[0]
    return h ? { id: h.workerId, name: h.workerName, teamId: h.teamId, teamName: teamNames.get(h.teamId) ?? c.teamName } : { id: c.workerId, name: c.workerName, teamId: c.teamId, teamName: c.teamName }
  }

  // Brothers and sisters referred together with one worker are one unit: one strategy discussion day, one conference day.
  const unitMap = new Map<string, Unit>()
  for (const c of children) {
    const key = `${c.familyName}|${c.referralDate}|${c.workerId}`
    const u = unitMap.get(key) ?? { key, children: [], referralDate: c.referralDate, teamName: c.teamName, workerId: c.workerId, familyName: c.familyName }
    u.children.push(c)
    unitMap.set(key, u)
  }
  const allUnits = [...unitMap.values()]
  const used = new Set<string>()
  const single = (c: Child): Unit => ({ key: c.personId, children: [c], referralDate: c.referralDate, teamName: c.teamName, workerId: c.workerId, familyName: c.familyName })
  const take = (u: Unit) => u.children.forEach((c) => used.add(c.personId))
  const free = (u: Unit) => u.children.every((c) => !used.has(c.personId))
  const ageDays = (d: string) => toDayNumber(today) - toDayNumber(d)

  // ---------------------------------------------------------------- the records
  const sds: PgInsertValue<typeof strategyDiscussion>[] = []
  const s47s: PgInsertValue<typeof section47Enquiry>[] = []
  const confs: PgInsertValue<typeof cpConference>[] = []
  const plans: PgInsertValue<typeof cpPlan>[] = []
  const confPlan: { conferenceId: string; planId: string }[] = []
  const cgs: PgInsertValue<typeof coreGroupMeeting>[] = []
  const cins: PgInsertValue<typeof cinPlan>[] = []
  const cinReviews: PgInsertValue<typeof cinPlanReview>[] = []
  const visits: PgInsertValue<typeof visit>[] = []
  const chron: PgInsertValue<typeof chronologyEntry>[] = []
  const counts = {
    strategyDiscussions: 0,
    noSection47: 0,
    section47s: 0,
    section47sOpen: 0,
    conferences: 0,
    conferencesScheduled: 0,
    cpPlansOpen: 0,
    cpPlansEnded: 0,
    previousPlans: 0,
    coreGroups: 0,
    cinPlans: 0,
    stepDowns: 0,
    cinReviews: 0,
    visits: 0,
    cpVisitsOverdue: 0,
    cpReviewsOverdue: 0,
    cinVisitsOverdue: 0,
  }
  const at = (day: string, from = 9, to = 16) => londonInstant(day, `${pad(rng.int(from, to))}:${pad(rng.int(0, 11) * 5)}`)
  const note = (personId: string, day: string, when: Date, kind: string, summary: string, sourceType: string, sourceId: string, by: string) =>
    chron.push({ id: rng.uuid(), personId, occurredAt: when, kind, summary, sourceType, sourceId, recordedAt: when, recordedBy: by })

  const participantsFor = (u: Unit, day: string, withHealth = true): Participant[] => {
    const w = workerOn(u.children[0] as Child, day)
    const [hn, hr] = rng.pick(HEALTH)
    const list: Participant[] = [
      { name: rng.pick(POLICE), agency: 'police', role: 'Public protection unit' },
      { name: w.name, agency: 'childrens_social_care', role: 'Social worker' },
      { name: u.teamName === 'Assessment North' ? 'Joanne Fletcher' : (users.get(u.teamName === 'Safeguarding West' ? 'westmanager' : 'eastmanager')?.name ?? 'David Harcourt'), agency: 'childrens_social_care', role: 'Team manager (chair)' },
    ]
    if (withHealth) list.push({ name: hn, agency: 'health', role: hr })
    if (rng.chance(0.6)) {
      const [en, er] = rng.pick(EDUCATION)
      list.push({ name: en, agency: 'education', role: er })
    }
    return list
  }

  /** A strategy discussion for every child of the unit on `day`; returns their ids by person. */
  const strategy = (
    u: Unit,
    day: string,
    decision: 's47_single' | 's47_joint' | 'no_s47',
    cat: Exclude<AbuseCategory, 'MUL'>,
    source?: { type: 'cin_plan'; ids: Map<string, string> },
    referralOf?: Map<string, { id: string; date: string }>,
  ): Map<string, string> => {
    const out = new Map<string, string>()
    const heldAt = `${pad(rng.int(9, 15))}:${pad(rng.int(0, 3) * 15)}`
    const participants = participantsFor(u, day, decision !== 'no_s47' || rng.chance(0.5))
    const warnings = missingAgencyWarnings(participants)
    const c0 = u.children[0] as Child
    const by = c0.workerId === sam ? sw : managerOf(workerOn(c0, day).teamName)
    const text = CONCERN[cat]
    for (const c of u.children) {
      const id = rng.uuid()
      out.set(c.personId, id)
      const referralId = referralOf?.get(c.personId)?.id ?? c.referralId
      const fromAssessment = !referralOf && c.assessmentId && c.assessmentStart && c.assessmentStart <= day
      const sourceType = source ? source.type : fromAssessment ? 'assessment' : 'referral'
      const sourceId = source ? (source.ids.get(c.personId) ?? null) : fromAssessment ? c.assessmentId : referralId
      const due = wd(day, 2)
      sds.push({
        id,
        personId: c.personId,
        referralId,
        sourceType,
        sourceId,
        heldOn: day,
        heldAt,
        participants,
        decision,
        informationShared: decision === 'no_s47' ? 'School raised a worry about a bruise on the forearm; the child and mother gave the same account (a fall in the playground, seen by a lunchtime supervisor). Police hold no new information; health records show no other injuries.' : text.shared,
        riskAnalysis: decision === 'no_s47' ? 'The threshold for a section 47 enquiry is not met: the explanation is consistent and corroborated. Continue under the child in need plan.' : text.risk,
        immediateProtectiveActions: decision === 'no_s47' ? null : text.actions,
        actions:
          decision === 'no_s47'
            ? [{ action: 'Tell the school the outcome and discuss at the next plan review', owner: workerOn(c, day).name, dueOn: due }]
            : [
                { action: `See ${firstName(c)} alone and record their account`, owner: workerOn(c, day).name, dueOn: wd(day, 1) },
                { action: 'Police and health checks on all adults in the household', owner: participants[0]?.name ?? 'Police', dueOn: due },
              ],
        warnings,
        createdAt: londonInstant(day, heldAt),
        createdBy: by,
      })
      const decided = decision === 's47_joint' ? 'section 47 enquiry, joint with the police' : decision === 's47_single' ? 'section 47 enquiry by children’s social care' : 'no section 47 enquiry'
      note(c.personId, day, londonInstant(day, heldAt), 'strategy-discussion', `Strategy discussion held (${[...new Set(participants.map((p) => p.agency === 'childrens_social_care' ? 'children’s social care' : p.agency))].join(', ')}): decided ${decided}`, 'strategy_discussion', id, by)
    }
    counts.strategyDiscussions += u.children.length
    if (decision === 'no_s47') counts.noSection47 += u.children.length
    return out
  }

  const attendeesFor = (u: Unit, day: string) => {
    const w = workerOn(u.children[0] as Child, day)
    const [hn, hr] = rng.pick(HEALTH)
    const [en, er] = rng.pick(EDUCATION)
    return [
      { name: `Ms ${u.familyName}`, agency: 'other', role: 'Mother', attended: true },
      { name: `Mr ${u.familyName}`, agency: 'other', role: 'Father', attended: rng.chance(0.5) },
      { name: w.name, agency: 'childrens_social_care', role: 'Social worker', attended: true },
      { name: rng.pick(POLICE), agency: 'police', role: 'Public protection unit', attended: rng.chance(0.85) },
      { name: hn, agency: 'health', role: hr, attended: true },
      { name: en, agency: 'education', role: er, attended: true },
    ]
  }

  type CpOptions = {
    /** Strategy discussion day and ICPC day. */
    strategyOn: string
    icpcOn: string
    cats: Exclude<AbuseCategory, 'MUL'>[]
    /** Latest day anything is recorded (yesterday, or the closed episode's closure). */
    until: string
    /** End the plan at this review (1 = the first); the CIN plan may start that day. */
    endAtReview?: number
    /** The last visit this many working days overdue today. */
    visitOverdueBy?: number
    /** The next review conference is overdue (not held). */
    reviewOverdue?: boolean
    referralOf?: Map<string, { id: string; date: string }>
    previous?: Map<string, PlanPeriod[]>
  }

  /** A whole child protection journey for the unit; returns the plan end day when it ended. */
  const childProtection = (u: Unit, o: CpOptions): { endedOn: string | null; planIds: Map<string, string> } => {
    const joint = o.cats.includes('PHY') || o.cats.includes('SAB') || rng.chance(0.4)
    const sdIds = strategy(u, o.strategyOn, joint ? 's47_joint' : 's47_single', o.cats[0] as Exclude<AbuseCategory, 'MUL'>, undefined, o.referralOf)
    const target = icpcTargetDate(o.strategyOn, calendar)
    const c0 = u.children[0] as Child
    const w0 = workerOn(c0, o.strategyOn)
    const isSam = c0.workerId === sam
    const recordedOn = wd(o.strategyOn, Math.min(rng.int(3, 7), Math.max(1, calendar.workingDaysBetween(o.strategyOn, o.icpcOn) - 2)))
    const authorisedOnFinal = wd(recordedOn, 1) < o.icpcOn && rng.chance(0.3) ? wd(recordedOn, 1) : recordedOn
    const manager = managerOf(w0.teamName)
    const attendees = attendeesFor(u, o.icpcOn)
    const coreGroup = attendees.filter((a) => a.attended || a.role === 'Father').map(({ name, agency, role }) => ({ name, agency, role }))
    const invitees = attendees.map(({ name, agency, role }) => ({ name, agency, role }))
    const planIds = new Map<string, string>()

    // Review conferences, core groups and visits: one timetable for the unit.
    const reviews: { day: string; due: string; decision: 'continue' | 'change_category' | 'end_plan'; cats: Exclude<AbuseCategory, 'MUL'>[] }[] = []
    let cats = [...o.cats]
    let due = firstRcpcDue(o.icpcOn, calendar)
    let last = o.icpcOn
    let endedOn: string | null = null
    // Every review due before today is held (due on a weekend: held by the Friday), unless this plan's is overdue.
    const current = o.until === lastDay
    for (let n = 1; due <= o.until || (current && due < today) || (o.endAtReview !== undefined && n <= o.endAtReview); n++) {
      if (o.reviewOverdue && due < today && nextRcpcDue(due, calendar) >= today) break
      const late = rng.chance(0.12)
      let day = late ? wd(due, rng.int(1, 5)) : onOrBefore(addDays(due, -rng.int(0, 12)))
      if (day > o.until) day = onOrBefore(o.until)
      if (day <= last) break
      const ending = o.endAtReview === n
      const change = !ending && rng.chance(0.15)
      if (change) cats = cats.includes('NEG') ? ['EMO'] : ['NEG']
      reviews.push({ day, due, decision: ending ? 'end_plan' : change ? 'change_category' : 'continue', cats: [...cats] })
      last = day
      due = nextRcpcDue(day, calendar)
      if (ending) {
        endedOn = day
        break
      }
    }
    const planEndLimit = endedOn ?? o.until
    const coreDays: string[] = []
    for (let d = wd(o.icpcOn, rng.int(4, 10)); d <= planEndLimit; d = wd(d, rng.int(14, 20))) coreDays.push(d)
    const visitDays: string[] = []
    for (let d = wd(o.icpcOn, rng.int(1, 5)); d <= planEndLimit; d = wd(d, rng.chance(0.08) ? rng.int(11, 12) : rng.int(5, 10))) visitDays.push(d)
    if (!endedOn && current) {
      if (o.visitOverdueBy) {
        const lastVisit = wd(wdToday, -(10 + o.visitOverdueBy))
        while (visitDays.length && (visitDays[visitDays.length - 1] as string) >= lastVisit) visitDays.pop()
        if (lastVisit > o.icpcOn) visitDays.push(lastVisit)
      } else {
        const lastVisit = visitDays[visitDays.length - 1] ?? o.icpcOn
        if (calendar.workingDaysBetween(lastVisit, today) > 8) {
          const d = wd(lastDay, -rng.int(0, 3))
          if (d > lastVisit) visitDays.push(d)
        }
      }
    }

    for (const c of u.children) {
      const referral = o.referralOf?.get(c.personId) ?? { id: c.referralId, date: c.referralDate }
      const w = workerOn(c, o.strategyOn)
      const s47Id = rng.uuid()
      const icpcId = rng.uuid()
      const planId = rng.uuid()
      planIds.set(c.personId, planId)
      const by = isSam ? sw : manager
      const young = ageOn(c.dateOfBirth, o.strategyOn) < 5
      s47s.push({
        id: s47Id,
        personId: c.personId,
        referralId: referral.id,
        strategyDiscussionId: sdIds.get(c.personId) as string,
        joint,
        startDate: o.strategyOn,
        icpcTargetDate: target,
        status: 'authorised',
        childSeen: true,
        childSeenOn: o.strategyOn,
        childSeenAlone: !young,
        outcome: 'substantiated_continuing_risk',
        icpcRequired: true,
        summary: CONCERN[o.cats[0] as Exclude<AbuseCategory, 'MUL'>].summary,
        recordedBy: by,
        recordedOn,
        authorisedBy: manager,
        authorisedOn: authorisedOnFinal,
        workerId: w.id,
        teamId: w.teamId,
        version: 3,
        createdAt: londonInstant(o.strategyOn, '17:00'),
        createdBy: by,
      })
      note(c.personId, o.strategyOn, londonInstant(o.strategyOn, '17:00'), 'section-47-started', `Section 47 enquiry started (${joint ? 'joint with the police' : 'children’s social care'}) by ${w.name}; initial child protection conference due by ${formatDate(target)}`, 'section47_enquiry', s47Id, by)

      const icpcLate = o.icpcOn > target ? calendar.workingDaysBetween(target, o.icpcOn) : 0
      confs.push({
        id: icpcId,
        personId: c.personId,
        referralId: referral.id,
        type: 'initial',
        section47Id: s47Id,
        targetDate: target,
        scheduledOn: o.icpcOn,
        reportsSharedOn: wd(o.icpcOn, -2) > o.strategyOn ? wd(o.icpcOn, -2) : null,
        chairUserId: chair,
        invitees,
        status: 'held',
        heldOn: o.icpcOn,
        attendees,
        decision: 'plan',
        categories: o.cats,
        quorate: true,
        childParticipation: young ? 'Too young to take part; the social worker shared observations of the child at home and at nursery.' : `${firstName(c)} met the chair before the conference and their views were shared by the social worker.`,
        dissent: null,
        summary: `${CONCERN[o.cats[0] as Exclude<AbuseCategory, 'MUL'>].summary} Child protection plan under the category of ${catLabel(o.cats)}.`,
        coreGroupMembers: coreGroup,
        warnings: icpcLate ? [{ field: 'conferenceOn', message: `The initial child protection conference is after its target date (${formatDate(target)}): ${icpcLate} working day${icpcLate === 1 ? '' : 's'} late` }] : [],
        recordedBy: chair,
        recordedAt: londonInstant(o.icpcOn, '15:30'),
        version: 2,
        createdAt: londonInstant(authorisedOnFinal, '16:00'),
        createdBy: isSam ? sw : manager,
      })
      note(c.personId, o.icpcOn, londonInstant(o.icpcOn, '12:00'), 'conference-held', `Initial child protection conference held (chair ${CHAIR_NAME})${icpcLate ? `, ${icpcLate} working day${icpcLate === 1 ? '' : 's'} after its target date` : ''}: child protection plan, category ${catLabel(o.cats)}`, 'cp_conference', icpcId, chair)

      const previous = o.previous?.get(c.personId) ?? []
      const reviewRows = reviews.map((r) => ({ ...r, id: rng.uuid() }))
      const lastReview = reviewRows[reviewRows.length - 1]
      const ended = endedOn !== null
      plans.push({
        id: planId,
        personId: c.personId,
        referralId: referral.id,
        startConferenceId: icpcId,
        startDate: o.icpcOn,
        initialCategories: o.cats,
        latestCategories: lastReview?.cats ?? o.cats,
        numberOfPreviousPlans: previous.filter((p) => p.startDate < o.icpcOn).length,
        repeatWithin2Years: within2YearsOfPrevious(previous, o.icpcOn, calendar),
        leadWorkerId: ended ? w.id : c.workerId,
        visitFrequencyWorkingDays: 10,
        coreGroupFrequencyWorkingDays: 20,
        firstCoreGroupDue: firstCoreGroupDue(o.icpcOn, calendar),
        lastReviewDate: lastReview?.day ?? null,
        nextReviewDue: ended ? (lastReview?.due as string) : due,
        endDate: endedOn,
        endConferenceId: ended ? (lastReview?.id as string) : null,
        version: 1 + reviewRows.length,
        createdAt: londonInstant(o.icpcOn, '15:30'),
        createdBy: chair,
      })
      note(c.personId, o.icpcOn, londonInstant(o.icpcOn, '15:30'), 'cp-plan-started', `Child protection plan started: category ${catLabel(o.cats)}; lead social worker ${workerOn(c, o.icpcOn).name}; first review conference due by ${formatDate(firstRcpcDue(o.icpcOn, calendar))}${previous.length ? `; previous plans: ${previous.length}` : ''}`, 'cp_plan', planId, chair)
      for (const r of reviewRows) {
        confs.push({
          id: r.id,
          personId: c.personId,
          referralId: referral.id,
          type: 'review',
          targetDate: r.due,
          scheduledOn: r.day,
          reportsSharedOn: wd(r.day, -rng.int(2, 3)),
          chairUserId: chair,
          invitees,
          status: 'held',
          heldOn: r.day,
          attendees: attendeesFor(u, r.day),
          decision: r.decision,
          categories: r.decision === 'end_plan' ? [] : r.cats,
          quorate: true,
          childParticipation: young ? 'Too young to take part; observations shared by the social worker.' : `${firstName(c)} wrote down what has changed for them; the social worker read it to the conference.`,
          summary:
            r.decision === 'end_plan'
              ? 'Sustained progress over the plan: the home is safe, the children are seen regularly and are doing well at school. The child is no longer at continuing risk of significant harm; the plan ends and support continues under a child in need plan.'
              : r.decision === 'change_category'
                ? `Concerns have changed in nature: the plan continues under the category of ${catLabel(r.cats)}.`
                : 'Some progress, but the risk of significant harm continues. The plan continues with revised actions.',
          recordedBy: chair,
          recordedAt: londonInstant(r.day, '15:30'),
          version: 2,
          createdAt: londonInstant(wd(r.day, -10) > o.icpcOn ? wd(r.day, -10) : o.icpcOn, '10:00'),
          createdBy: chair,
        })
        confPlan.push({ conferenceId: r.id, planId })
        const lateBy = r.day > r.due ? calendar.workingDaysBetween(r.due, r.day) : 0
        note(c.personId, r.day, londonInstant(r.day, '12:00'), 'conference-held', `Review child protection conference held (chair ${CHAIR_NAME})${lateBy ? `, ${lateBy} working day${lateBy === 1 ? '' : 's'} after it was due (${formatDate(r.due)})` : ''}: ${r.decision === 'end_plan' ? 'end the child protection plan' : r.decision === 'change_category' ? `continue under the category of ${catLabel(r.cats)}` : 'continue the child protection plan'}`, 'cp_conference', r.id, chair)
        counts.conferences++
      }
      if (ended && lastReview) {
        note(c.personId, lastReview.day, londonInstant(lastReview.day, '15:40'), 'cp-plan-ended', `Child protection plan ended by the review conference on ${formatDate(lastReview.day)} (started ${formatDate(o.icpcOn)})`, 'cp_plan', planId, chair)
        counts.cpPlansEnded++
      } else counts.cpPlansOpen++
      // Upcoming or overdue review: booked with the chair.
      if (!ended && o.until === lastDay && toDayNumber(due) - toDayNumber(today) <= 28) {
        const scheduledOn = due > today ? onOrBefore(due) > today ? onOrBefore(due) : wd(today, 3) : wd(today, rng.int(3, 6))
        confs.push({ id: rng.uuid(), personId: c.personId, referralId: referral.id, type: 'review', cpPlanId: null, targetDate: due, scheduledOn, chairUserId: chair, invitees, status: 'scheduled', createdAt: londonInstant(lastDay, '10:00'), createdBy: chair })
        confPlan.push({ conferenceId: confs[confs.length - 1]?.id as string, planId })
        counts.conferencesScheduled++
      }
      if (!ended && o.reviewOverdue && due < today) counts.cpReviewsOverdue++
      counts.conferences++
      counts.section47s++

      for (const [i, d] of coreDays.entries()) {
        const id = rng.uuid()
        cgs.push({
          id,
          cpPlanId: planId,
          personId: c.personId,
          heldOn: d,
          attendees: coreGroup.map((m) => ({ ...m, attended: m.role === 'Father' ? rng.chance(0.4) : rng.chance(0.9) })),
          notes: CORE_GROUP_NOTES[i % CORE_GROUP_NOTES.length],
          actions: [{ action: 'Unannounced visit and see the child alone', owner: workerOn(c, d).name, dueOn: wd(d, 10) }, { action: 'Attendance and health update for the next core group', owner: 'School and health visitor', dueOn: wd(d, 15) }],
          createdAt: londonInstant(d, '16:30'),
          createdBy: isSam ? sw : manager,
        })
        counts.coreGroups++
      }
      visitDays.forEach((d, i) => addVisit(c, 'cp', planId, d, isSam ? sw : manager, young, i === visitDays.length - 1))
      if (!ended && o.visitOverdueBy) counts.cpVisitsOverdue++
    }
    return { endedOn, planIds }
  }

  function addVisit(c: Child, planType: 'cp' | 'cin', planId: string, day: string, by: string, young: boolean, latest: boolean) {
    const id = rng.uuid()
    // The latest visit always saw the child (a visit where the child was not seen may not count).
    const seen = latest || rng.chance(0.95)
    const alone = seen && !young && rng.chance(0.8)
    const announced = planType === 'cin' ? rng.chance(0.8) : rng.chance(0.4)
    const who = workerOn(c, day).name
    const bedroom = seen ? (rng.chance(0.75) ? 'yes' : 'no') : 'no'
    visits.push({
      id,
      personId: c.personId,
      planType,
      cpPlanId: planType === 'cp' ? planId : null,
      cinPlanId: planType === 'cin' ? planId : null,
      visitDate: day,
      childSeen: seen,
      seenAlone: seen ? alone : null,
      bedroomSeen: bedroom,
      announced,
      visitedBy: who,
      notes: seen ? rng.pick(planType === 'cp' ? CP_VISIT_NOTES : CIN_VISIT_NOTES) : null,
      notSeenReason: seen ? null : 'Nobody home at the agreed time; card left and a visit booked for the next day.',
      createdAt: at(day, 15, 18),
      createdBy: by,
    })
    note(c.personId, day, londonInstant(day, '14:00'), 'visit', `${planType === 'cp' ? 'Child protection' : 'Child in need'} visit by ${who} (${announced ? 'announced' : 'unannounced'}): ${seen ? (alone ? 'seen alone' : 'seen, not alone') : 'child not seen'}${seen ? `; bedroom ${bedroom === 'yes' ? 'seen' : 'not seen'}` : ''}`, 'visit', id, by)
    counts.visits++
  }

  /** A child in need plan for the unit from `start`; visits and reviews until yesterday. */
  const childInNeed = (u: Unit, start: string, o: { stepDown?: boolean; visitOverdue?: boolean; reviewOverdue?: boolean } = {}): Map<string, string> => {
    const reviewFrequency: Frequency = rng.chance(0.8) ? { amount: 3, unit: 'months' } : { amount: 6, unit: 'weeks' }
    const visitFrequency: Frequency = rng.weighted([
      [{ amount: 20, unit: 'workingDays' } as Frequency, 6],
      [{ amount: 4, unit: 'weeks' } as Frequency, 2],
      [{ amount: 10, unit: 'workingDays' } as Frequency, 2],
    ])
    const reviewDays: string[] = []
    let from = start
    for (;;) {
      const due = addFrequency(from, reviewFrequency, calendar)
      if (due >= today) break
      if (o.reviewOverdue && addFrequency(due, reviewFrequency, calendar) >= today) break
      let day = rng.chance(0.1) ? wd(onOrBefore(due), rng.int(1, 4)) : onOrBefore(addDays(due, -rng.int(0, 7)))
      if (day > lastDay) day = lastDay
      if (day <= from) break
      reviewDays.push(day)
      from = day
    }
    const visitDays: string[] = []
    for (let d = wd(start, rng.int(2, 6)); d <= lastDay; ) {
      visitDays.push(d)
      const due = onOrBefore(addFrequency(d, visitFrequency, calendar))
      const next = wd(due, rng.chance(0.1) ? rng.int(1, 3) : -rng.int(0, 5))
      d = next > d ? next : wd(d, 1)
    }
    if (o.visitOverdue) {
      const limit = wd(wdToday, -rng.int(2, 6))
      while (visitDays.length && addFrequency(visitDays[visitDays.length - 1] as string, visitFrequency, calendar) >= limit) visitDays.pop()
    } else {
      const lastVisit = visitDays[visitDays.length - 1] ?? start
      if (addFrequency(lastVisit, visitFrequency, calendar) <= today) {
        const d = wd(lastDay, -rng.int(0, 2))
        if (d > lastVisit) visitDays.push(d)
      }
    }
    const needs = rng.shuffle(CIN_NEEDS).slice(0, rng.int(2, 3))
    const ids = new Map<string, string>()
    for (const c of u.children) {
      const id = rng.uuid()
      ids.set(c.personId, id)
      const w = workerOn(c, start)
      const by = c.workerId === sam ? sw : managerOf(c.teamName)
      cins.push({
        id,
        personId: c.personId,
        referralId: c.referralId,
        startDate: start,
        needs: needs.map((n, i) => ({ need: n.need, services: n.services, actions: n.actions.map(([action, owner, agency], j) => ({ action, owner: owner === 'Social worker' ? c.workerName : owner, agency, dueDate: wd(start, 10 + 10 * i + 5 * j) })) })),
        reviewFrequency,
        visitFrequency,
        stepDownFromCp: Boolean(o.stepDown),
        workerId: c.workerId,
        teamId: c.teamId,
        version: 1,
        createdAt: londonInstant(start, '16:45'),
        createdBy: by,
      })
      note(c.personId, start, londonInstant(start, '16:45'), 'cin-plan-started', `Child in need plan started${o.stepDown ? ' (step-down from a child protection plan)' : ''} by ${w.name}: ${needs.map((n) => n.need.split(' (')[0]?.toLowerCase()).join('; ')}`, 'cin_plan', id, by)
      for (const d of reviewDays) {
        cinReviews.push({ id: rng.uuid(), cinPlanId: id, personId: c.personId, heldOn: d, notes: rng.pick(['Plan reviewed with the family, school and health. Good progress on attendance; housing actions carried forward.', 'Review meeting: mother’s health has improved; parenting programme completed. Plan continues with fewer actions.', 'Slow progress: two actions not done. New dates agreed; the manager will be told if they slip again.']), createdAt: londonInstant(d, '16:00'), createdBy: by })
        counts.cinReviews++
      }
      const young = ageOn(c.dateOfBirth, start) < 5
      visitDays.forEach((d, i) => addVisit(c, 'cin', id, d, by, young, i === visitDays.length - 1))
      if (o.visitOverdue) counts.cinVisitsOverdue++
      counts.cinPlans++
      if (o.stepDown) counts.stepDowns++
    }
    return ids
  }

  // ---------------------------------------------------------------- who gets what
  const CAT_POOL: Exclude<AbuseCategory, 'MUL'>[] = rng.shuffle(['NEG', 'EMO', 'NEG', 'EMO', 'PHY', 'NEG', 'SAB', 'EMO', 'NEG', 'PHY', 'EMO', 'NEG'] as const)
  let catIndex = 0
  const nextCats = (): Exclude<AbuseCategory, 'MUL'>[] => [CAT_POOL[catIndex++ % CAT_POOL.length] as Exclude<AbuseCategory, 'MUL'>]
  /** A strategy discussion day and an ICPC day (mostly within the 15 working days), the ICPC on or before `latestIcpc`. */
  const cpDates = (earliestStrategy: string, latestIcpc: string, late = false): { strategyOn: string; icpcOn: string } | null => {
    const gap = late ? rng.int(16, 18) : rng.int(8, 15)
    const first = wd(onOrBefore(earliestStrategy), 1)
    const lastStrategy = wd(onOrBefore(latestIcpc), -gap)
    if (lastStrategy < first) return null
    const span = calendar.workingDaysBetween(first, lastStrategy)
    const strategyOn = wd(first, rng.int(0, span))
    return { strategyOn, icpcOn: wd(strategyOn, gap) }
  }
  const startOfCasework = (c: Child) => maxDay(c.referralDate, c.assessmentStart ?? c.referralDate)

  // Sam Okafor: one child on a plan with the next visit 2 working days overdue; one with an open section 47.
  const samChildren = sam ? children.filter((c) => c.workerId === sam) : []
  const samCp = samChildren.filter((c) => ageDays(c.referralDate) >= 150).sort((a, b) => a.referralDate.localeCompare(b.referralDate) || a.personRef.localeCompare(b.personRef))[0]
  if (samCp) {
    const u = single(samCp)
    const d = cpDates(startOfCasework(samCp), addDays(today, -rng.int(60, Math.min(140, ageDays(samCp.referralDate) - 30))))
    if (d) {
      take(u)
      childProtection(u, { ...d, cats: ['NEG'], until: lastDay, visitOverdueBy: 2 })
    }
  }
  const samS47 = samChildren.filter((c) => !used.has(c.personId) && c.familyName !== samCp?.familyName).sort((a, b) => (b.assessmentStatus === 'submitted' ? 1 : 0) - (a.assessmentStatus === 'submitted' ? 1 : 0) || a.personRef.localeCompare(b.personRef))
  const icpcTarget = wd(today, rng.int(3, 6))
  const s47Day = wd(icpcTarget, -15)
  const samS47Child = samS47.find((c) => c.referralDate < s47Day)
  if (samS47Child) {
    const c = samS47Child
    take(single(c))
    const sdIds = strategy(single(c), s47Day, 's47_joint', 'PHY')
    const id = rng.uuid()
    s47s.push({
      id,
      personId: c.personId,
      referralId: c.referralId,
      strategyDiscussionId: sdIds.get(c.personId) as string,
      joint: true,
      startDate: s47Day,
      icpcTargetDate: icpcTargetDate(s47Day, calendar),
      status: 'open',
      childSeen: true,
      childSeenOn: wd(s47Day, 1),
      childSeenAlone: ageOn(c.dateOfBirth, s47Day) >= 5,
      workerId: c.workerId,
      teamId: c.teamId,
      createdAt: londonInstant(s47Day, '17:00'),
      createdBy: sw,
    })
    note(c.personId, s47Day, londonInstant(s47Day, '17:00'), 'section-47-started', `Section 47 enquiry started (joint with the police) by ${c.workerName}; initial child protection conference due by ${formatDate(icpcTargetDate(s47Day, calendar))}`, 'section47_enquiry', id, sw)
    confs.push({
      id: rng.uuid(),
      personId: c.personId,
      referralId: c.referralId,
      type: 'initial',
      section47Id: id,
      targetDate: icpcTargetDate(s47Day, calendar),
      scheduledOn: icpcTargetDate(s47Day, calendar),
      chairUserId: chair,
      invitees: attendeesFor(single(c), s47Day).map(({ name, agency, role }) => ({ name, agency, role })),
      status: 'scheduled',
      createdAt: londonInstant(wd(s47Day, 2), '11:00'),
      createdBy: sw,
    })
    counts.section47s++
    counts.section47sOpen++
    counts.conferencesScheduled++
  }

  // Children whose transfer summary says they are on a plan: a plan from before the transfer was proposed.
  for (const c of children) {
    if (used.has(c.personId) || !c.transferSummary || !c.transferProposed) continue
    const cats: Exclude<AbuseCategory, 'MUL'>[] | null = c.transferSummary.startsWith('Section 47 enquiry concluded') ? ['EMO'] : c.transferSummary.startsWith('Child protection plan (category: neglect)') ? ['NEG'] : null
    if (!cats) continue
    const d = cpDates(startOfCasework(c), wd(c.transferProposed, -12))
    if (!d) continue
    take(single(c))
    childProtection(single(c), { ...d, cats, until: lastDay })
  }

  // Step-downs: two children whose plan ended at a review conference, a child in need plan from that day.
  let stepDowns = 0
  for (const u of rng.shuffle(allUnits.filter((x) => x.children.length <= 2 && !x.children.some((c) => c.workerId === sam)))) {
    if (stepDowns >= 2) break
    if (!free(u) || u.children.length + stepDowns > 2) continue
    const earliest = u.children.map(startOfCasework).sort().at(-1) as string
    // ICPC early enough that the first review (3 months on) leaves a few weeks of the child in need plan.
    const d = cpDates(earliest, onOrBefore(addDays(calendar.addCalendarMonths(addDays(today, -40), -3), -rng.int(0, 30))))
    if (!d) continue
    take(u)
    const r = childProtection(u, { ...d, cats: nextCats(), until: lastDay, endAtReview: 1 })
    if (r.endedOn) childInNeed(u, r.endedOn, { stepDown: true })
    stepDowns += u.children.length
  }

  // Children on plans in the safeguarding teams: about 14 open plans in all, brothers and sisters together.
  const openTarget = 14
  const openNow = () => plans.filter((p) => p.endDate === null).length
  const cpUnits = allUnits.filter((u) => SAFEGUARDING.includes(u.teamName) && free(u) && ageDays(u.referralDate) >= 30 && u.children.every((c) => ageDays(startOfCasework(c)) >= 30))
  // Two children with an earlier plan (in a closed episode, RC7) first.
  const fits = (w: Window) => {
    const d = { strategyOn: wd(w.referralDate, 3), icpcOn: wd(w.referralDate, 3 + 12) }
    return onOrBefore(firstRcpcDue(d.icpcOn, calendar)) <= w.closedOn
  }
  const withHistory = cpUnits.filter((u) => u.children.length <= 3 && u.children.some((c) => windows.some((w) => w.personId === c.personId && fits(w))))
  const ordered = [...rng.shuffle(withHistory).slice(0, 2), ...rng.shuffle(cpUnits)]
  let previousLeft = 2
  let visitOverdueLeft = 2
  let reviewOverdueLeft = 1
  let lateIcpcLeft = 1
  for (const u of ordered) {
    if (openNow() >= openTarget) break
    if (!free(u) || openNow() + u.children.length > openTarget + 1) continue
    const earliest = u.children.map(startOfCasework).sort().at(-1) as string
    const room = ageDays(earliest)
    // Review overdue: the first review was due 1–3 weeks ago.
    const reviewOverdue = reviewOverdueLeft > 0 && room >= 130
    const latestIcpc = reviewOverdue ? onOrBefore(calendar.addCalendarMonths(addDays(today, -rng.int(7, 20)), -3)) : addDays(today, -rng.int(5, Math.max(6, Math.min(room - 28, 300))))
    const late = !reviewOverdue && lateIcpcLeft > 0 && rng.chance(0.3)
    const d = reviewOverdue ? cpDates(addDays(latestIcpc, -30) > earliest ? addDays(latestIcpc, -30) : earliest, latestIcpc) : cpDates(earliest, latestIcpc, late)
    if (!d || d.icpcOn >= lastDay) continue
    if (reviewOverdue && firstRcpcDue(d.icpcOn, calendar) >= today) continue
    take(u)
    if (late) lateIcpcLeft--
    if (reviewOverdue) reviewOverdueLeft--
    // An earlier plan in a closed episode for up to two children.
    const previous = new Map<string, PlanPeriod[]>()
    for (const c of u.children) {
      const w = previousLeft > 0 ? windows.find((x) => x.personId === c.personId && fits(x)) : undefined
      if (!w) continue
      previousLeft--
      const gap = rng.int(9, 14)
      const strategyOn = wd(w.referralDate, rng.int(2, 4))
      const icpcOn = onOrBefore(firstRcpcDue(wd(strategyOn, gap), calendar)) <= w.closedOn ? wd(strategyOn, gap) : wd(w.referralDate, 3 + 12)
      const old = childProtection(single(c), { strategyOn: icpcOn === wd(strategyOn, gap) ? strategyOn : wd(w.referralDate, 3), icpcOn, cats: nextCats(), until: w.closedOn, endAtReview: 1, referralOf: new Map([[c.personId, { id: w.referralId, date: w.referralDate }]]) })
      const oldPlan = plans[plans.length - 1]
      if (old.endedOn && oldPlan) previous.set(c.personId, [{ startDate: oldPlan.startDate as string, endDate: old.endedOn }])
      counts.previousPlans++
    }
    const visitOverdue = visitOverdueLeft > 0 && !reviewOverdue && u.children.length === 1 && calendar.workingDaysBetween(d.icpcOn, today) > 20
    if (visitOverdue) visitOverdueLeft--
    childProtection(u, { ...d, cats: nextCats(), until: lastDay, visitOverdueBy: visitOverdue ? rng.int(1, 4) : undefined, reviewOverdue, previous })
  }

  // Child in need plans after an authorised assessment: about 15 in all (with the step-downs).
  const cinTarget = 15
  const cinUnits = rng.shuffle(allUnits.filter((u) => free(u) && u.children.every((c) => c.assessmentStatus === 'authorised' && c.assessmentOutcome === 'cin_plan' && c.assessmentCompleted && calendar.workingDaysBetween(c.assessmentCompleted, lastDay) >= 15)))
  let cinVisitOverdueLeft = 2
  let cinReviewOverdueLeft = 1
  const cinIds = new Map<string, string>()
  const cinStarts = new Map<string, string>()
  const cinChildren: Child[] = []
  for (const u of cinUnits) {
    if (counts.cinPlans >= cinTarget) break
    if (counts.cinPlans + u.children.length > cinTarget + 1) continue
    const completed = u.children.map((c) => c.assessmentCompleted as string).sort().at(-1) as string
    const start = wd(completed, rng.int(1, 6))
    if (start > wd(lastDay, -10)) continue
    take(u)
    const visitOverdue = cinVisitOverdueLeft > 0 && u.children.length <= 2 && calendar.workingDaysBetween(start, lastDay) > 40
    if (visitOverdue) cinVisitOverdueLeft--
    const reviewOverdue = !visitOverdue && cinReviewOverdueLeft > 0 && ageDays(start) > 100
    if (reviewOverdue) cinReviewOverdueLeft--
    const ids = childInNeed(u, start, { visitOverdue, reviewOverdue })
    for (const [k, v] of ids) cinIds.set(k, v)
    for (const c of u.children) {
      cinStarts.set(c.personId, start)
      cinChildren.push(c)
    }
  }

  // Strategy discussions that decided no section 47 enquiry: worries raised during a child in need plan.
  let noS47 = 0
  const families = new Set<string>()
  for (const c of cinChildren) {
    if (noS47 >= 3) break
    if (families.has(c.familyName)) continue
    families.add(c.familyName)
    const start = cinStarts.get(c.personId) as string
    if (calendar.workingDaysBetween(start, lastDay) < 15) continue
    const day = wd(start, rng.int(5, calendar.workingDaysBetween(start, lastDay) - 2))
    strategy(single(c), day, 'no_s47', 'PHY', { type: 'cin_plan', ids: cinIds })
    noS47++
  }

  // ---------------------------------------------------------------- bulk inserts
  const chunks = <T>(list: T[], size = 400): T[][] => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, i * size + size))
  for (const c of chunks(sds)) await tx.insert(strategyDiscussion).values(c)
  for (const c of chunks(s47s)) await tx.insert(section47Enquiry).values(c)
  for (const c of chunks(confs)) await tx.insert(cpConference).values(c)
  for (const c of chunks(plans)) await tx.insert(cpPlan).values(c)
  if (confPlan.length)
    await tx.execute(sql`update cp_conference c set cp_plan_id = v.plan_id
                           from unnest(string_to_array(${confPlan.map((x) => x.conferenceId).join(',')}, ',')::uuid[], string_to_array(${confPlan.map((x) => x.planId).join(',')}, ',')::uuid[]) as v(id, plan_id)
                          where c.id = v.id`)
  for (const c of chunks(cgs)) await tx.insert(coreGroupMeeting).values(c)
  for (const c of chunks(cins)) await tx.insert(cinPlan).values(c)
  for (const c of chunks(cinReviews)) await tx.insert(cinPlanReview).values(c)
  for (const c of chunks(visits)) await tx.insert(visit).values(c)
  for (const c of chunks(chron)) await tx.insert(chronologyEntry).values(c)
  return counts
}
