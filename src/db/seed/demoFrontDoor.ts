/**
 * The demo council's front door: contacts since 1 April four collection years back (about four years) decided by the demo managers, the
 * referrals they opened (and, months later, closed), police notifications and their triage, agency checks,
 * feedback to referrers and every child's chronology; and today's front door — undecided contacts (some
 * overdue, some out of hours), untriaged police notifications, an out-of-hours handover, referrers still
 * waiting to hear the outcome. Everything is invented.
 *
 * Pure: the rows are a function of the random streams, the families and `today` (no clock). Every instant
 * is before the start of `today` in London, because the seed does not know the time of day.
 *
 * Rules kept, as the application keeps them (src/app/frontDoor): a contact is due one working day after
 * it was received; a referral or strategy-discussion decision opens a referral unless the child has an open
 * one, which it then joins; one open referral per child; re-referrals counted with `reReferral`; every child
 * with an open allocation has an open referral (an open case); chronology wording as the use cases write it.
 */
import type { PgInsertValue } from 'drizzle-orm/pg-core'
import {
  agencyCheck,
  auditLog,
  chronologyEntry,
  contact,
  contactAdult,
  contactChild,
  councilClosureDay,
  policeNotification,
  policeNotificationChild,
  referral,
  referrerFeedback,
} from '../schema.ts'
import { WorkingDayCalendar } from '../../domain/calendar/workingDays.ts'
import { addDays, toDayNumber } from '../../domain/calendar/days.ts'
import { collectionYearOf } from '../../domain/returns/cinCensus/build.ts'
import { CONTACT_OUTCOME, REFERRAL_SOURCE, type Agency, type Consent, type ContactChannel, type ContactOutcome, type FeedbackMethod, type ParentsAware, type Rag, type ReferralSource, type ThresholdLevel } from '../../domain/frontDoor/codes.ts'
import { contactDecisionDue, isOutOfHours, reReferral } from '../../domain/frontDoor/contact.ts'
import { concernWithChildAsGiven } from '../../domain/frontDoor/partnerReferral.ts'
import { INCIDENT_TYPE, RISK_LEVEL, TRIAGE_OUTCOME, type IncidentType, type RiskLevel, type TriageOutcome } from '../../domain/frontDoor/policeNotification.ts'
import { ageOn, formatDate, londonDate, londonInstant, londonTime, type IsoDate } from '../../domain/shared/dates.ts'

/** The seed's random stream (demoCouncil's mulberry32 `Rng`). */
export type DemoRandom = {
  next(): number
  int(min: number, max: number): number
  chance(p: number): boolean
  pick<T>(items: readonly T[]): T
  weighted<T>(items: readonly (readonly [T, number])[]): T
  shuffle<T>(items: readonly T[]): T[]
  uuid(): string
}

export type FrontDoorPerson = { id: string; givenNames: string; familyName: string; dateOfBirth: string | null; isUnborn: boolean; expectedDateOfBirth: string | null }
export type FrontDoorSchool = { name: string; dsl: string; slug: string }
export type FrontDoorFamily = {
  special: 'ashworth' | 'restricted' | null
  children: readonly FrontDoorPerson[]
  adults: readonly (FrontDoorPerson & { role: string; livesWith: boolean })[]
  home: { line1: string; line2: string | null; town: string; postcode: string }
  primary: FrontDoorSchool
  secondary: FrontDoorSchool
  practice: { name: string; gps: readonly string[] }
}

export type FrontDoorOptions = {
  today: IsoDate
  rng: DemoRandom
  ids: DemoRandom
  families: readonly FrontDoorFamily[]
  /** person id → start date of the child's open allocation (end_date null). */
  openAllocations: ReadonlyMap<string, IsoDate>
  users: { frontdoor: string; teammanager: string; servicemanager: string; edt: string; admin: string; partner: { id: string; username: string; displayName: string; agency: string } }
  healthVisitors: readonly string[]
  midwives: readonly string[]
}

export type FrontDoorRows = {
  closureDays: PgInsertValue<typeof councilClosureDay>[]
  contacts: PgInsertValue<typeof contact>[]
  contactChildren: PgInsertValue<typeof contactChild>[]
  contactAdults: PgInsertValue<typeof contactAdult>[]
  agencyChecks: PgInsertValue<typeof agencyCheck>[]
  referrals: PgInsertValue<typeof referral>[]
  feedback: PgInsertValue<typeof referrerFeedback>[]
  policeNotifications: PgInsertValue<typeof policeNotification>[]
  policeNotificationChildren: PgInsertValue<typeof policeNotificationChild>[]
  chronology: PgInsertValue<typeof chronologyEntry>[]
  audit: PgInsertValue<typeof auditLog>[]
  /** The last number used from each reference sequence (0: none used). */
  lastRef: { contact: number; referral: number; policeNotification: number }
  summary: FrontDoorSummary
}

export type FrontDoorSummary = {
  contacts: number
  undecidedContacts: number
  overdueContacts: number
  referrals: number
  openReferrals: number
  policeNotifications: number
  untriagedPoliceNotifications: number
  chronologyEntries: number
}

// ---------------------------------------------------------------- sizes

/** Contacts decided per year of history (police and partner ones included). */
const HISTORY_CONTACTS_PER_YEAR = 200
/**
 * How many of today's undecided contacts (the `slots` below, most telling first) are seeded; the partner's
 * undecided referral comes on top. 24 would give the ~25 a real front door has. Kept at 10 for now: the
 * browser test test/browser/front-door-journey.test.ts looks for its new contact on the first page (50
 * rows, oldest first) of the queue, and earlier test files leave about 35 undecided contacts of their own.
 */
const TODAY_SLOTS_USED = 10
const OLDER_TRIAGED_NOTIFICATIONS = 30
const UNTRIAGED_NOTIFICATIONS = 8
/** The most recently decided contacts left without feedback, so "referrers awaiting feedback" shows. */
const AWAITING_FEEDBACK = 10

/** Must match NO_CONSENT_REASON in src/app/frontDoor/policeNotifications.ts (a triaged notification's contact). */
const POLICE_NO_CONSENT_REASON = 'Police notification: information shared under safeguarding duties'

// ---------------------------------------------------------------- invented wording

const CONCERNS: Record<ReferralSource, readonly string[]> = {
  '1A': [
    'A relative is worried that {names} {are} often left with different people while {mother} goes out drinking.',
    '{name} has told a relative there is shouting at home every night and {name} is frightened to go back.',
    'A relative says {name} has been staying with them for two weeks because home is chaotic, and they cannot keep {name} much longer.',
  ],
  '1B': ['Neighbour hears screaming and banging from the home most evenings; {names} seen outside late without an adult.', 'Neighbour says {name} often knocks on doors asking for food.'],
  '1C': ['{name} phoned to say they do not feel safe at home after an argument with mum’s partner.', '{name} called to say they have been told to leave home and are staying with friends.'],
  '1D': ['Member of the public saw a man shouting at {name} and pulling them by the arm in the town centre.', 'Shop worker says {name} has been in the shop alone late at night several times this month.'],
  '2A': [
    '{name} has come to school hungry most days this week and says there is no food at home.',
    '{name} arrived with a bruise on the cheek and gave two different accounts of how it happened.',
    'Attendance has fallen to 72% this term; {name} seems withdrawn and tired in class.',
    '{name} told a teaching assistant that mum’s partner hits mum when he has been drinking.',
    '{name} has been collected late from school four times this month, once by an adult the school does not know.',
  ],
  '2B': ['{name} has been missing from education for six weeks; the family have not answered letters or home visits.', 'No contact with the family since {name} was taken off the school roll for home education.'],
  '3A': ['{mother} told the GP she is struggling with low mood and some days cannot get out of bed to look after {names}.', '{name} has missed three appointments for an ongoing medical condition; the family are not answering calls.'],
  '3B': [
    'At the last home visit the home was cold and dirty, {name} had severe nappy rash and {mother} seemed low in mood.',
    '{name} has missed two development checks and the family have not answered the door on three visits.',
    '{mother} told the health visitor that her partner controls the money and checks her phone.',
  ],
  '3C': ['{name} told the school nurse they have been cutting their arms and do not want their parents to know.', '{name} has lost a lot of weight this term and says there is not much food at home.'],
  '3D': ['Midwife: {mother} has told us about domestic abuse by her partner and has missed two antenatal appointments.', 'Midwife: {mother} is drinking heavily in pregnancy and has no stable address.'],
  '3E': [
    '{name} was brought to the emergency department with a head injury; the explanation given does not match the injury.',
    '{name} came to the emergency department after drinking alcohol and was found by police on the beach.',
    'Third attendance at the emergency department this year for {name}, each with a different minor injury.',
  ],
  '3F': ['Children’s ward: {name} was admitted with weight loss; the parents visit rarely and missed the discharge meeting.'],
  '4': ['The family have been given notice for rent arrears; the home has damp and no working heating.', 'Housing officer visited about noise complaints and found {names} alone at home.'],
  '5A': [
    'Adult social care: {mother}’s mental health has got worse and she is not managing the day-to-day care of {names}.',
    'Adult social care: {mother} is going into hospital and it is not clear who will look after {names}.',
  ],
  '5B': ['Youth service: {name} is spending time with older young people known to be involved in selling drugs.'],
  '5C': ['The family have moved here from another council, where {names} had a child in need plan.', 'Another council reports that {mother} and the children have fled domestic abuse and are staying in a refuge in Harbourside.'],
  '5D': ['Early help plan closed without progress: the family stopped engaging and concerns about {name}’s attendance continue.', 'Family hub worker is worried that {mother}’s drinking has increased and {names} {are} looking after her.'],
  '6': [
    'Police called to the home at 23:10 after a neighbour reported shouting; {names} present during an argument between the adults.',
    'Police found {name} in a car with two adult men late at night; {name} gave a false name.',
    'Police searched the home under a drugs warrant; {names} {were} at home at the time.',
  ],
  '7': ['Probation: {father} is due to leave prison and plans to return to the family home; his licence restricts contact with children.', 'Family court adviser: in court proceedings {mother} has alleged domestic abuse by {father}.'],
  '8': [
    'Children’s centre staff noticed {name} has lost weight and {mother} seems frightened of her partner.',
    'Domestic abuse service: {mother} has been assessed as high risk; {names} {live} with her.',
    'Youth club leader: {name} has said things that suggest someone online is grooming them.',
  ],
  '9': ['Caller says {names} {are} left alone at home in the evenings and the house smells of cannabis.', 'Caller would not give a name; says {name} is often shouted and sworn at in the street.'],
  '10': ['Letter with no sender, saying {names} {are} not being looked after properly.'],
}

const REASONS: Record<ContactOutcome, readonly string[]> = {
  nfa: [
    'No role for children’s social care: the school and parents have dealt with the concern.',
    'Single incident with a clear explanation and no previous concerns; parents acting protectively.',
    'Checks do not support the concern; no further action.',
  ],
  information_advice: [
    'Referrer given advice on supporting the family through universal services.',
    'Mother given details of the family hub and the parenting helpline; no further action by children’s social care.',
    'Advice given to the referrer about talking to the family and asking for consent.',
  ],
  early_help: [
    'Needs can be met by early help with the family’s agreement: passed to the family hub.',
    'Family agree to an early help assessment; school to lead.',
    'Emerging concerns about routines and attendance: early help offered and accepted.',
  ],
  referral: [
    'Concerns about neglect over time meet the threshold for a child and family assessment.',
    'Repeated domestic abuse with the child present: needs a social work assessment.',
    'Parental mental health and drug use affecting care: assessment needed.',
    'Disclosure of harm at home: social work assessment needed.',
  ],
  strategy_discussion: [
    'Reasonable cause to suspect significant harm: strategy discussion with police and health.',
    'Unexplained injury to a young child: strategy discussion needed today.',
    'Disclosure of physical abuse: strategy discussion with police.',
  ],
}
const JOINED_REASONS = ['New information for the open case: passed to the allocated worker.', 'Added to the open case; the allocated worker will follow it up at the next visit.']

const SCREENING_NOTES: Record<ThresholdLevel, readonly string[]> = {
  '1': ['Universal services meeting needs; no previous contacts.', 'Low-level concern; parents aware and working with school.'],
  '2': ['Some unmet needs; family likely to engage with early help.', 'Early help closed last year; needs emerging again.'],
  '3': ['Concerns building up; several contacts in the past year.', 'Parent’s mental health affecting care; needs assessment.'],
  '4': ['Allegation of physical harm; police informed.', 'High-risk domestic abuse with the children present.'],
}

const IMMEDIATE_SAFETY = ['The children are at school until 15:15.', 'Mother and the children are staying with grandmother tonight.', 'The child is safe on the ward tonight.', 'The partner has been arrested and is in custody.']

const CHECK_SUMMARIES: Record<Agency, readonly string[]> = {
  police: ['Two call-outs to the address in the last year for arguments; no arrests.', 'Nothing known to police.', 'Mother’s partner has a previous conviction for assault.'],
  health: ['Immunisations up to date; two missed appointments this year.', 'Registered with the GP; no concerns recorded.', 'Health visitor last saw the family three months ago; no concerns then.'],
  education: ['Attendance 88% this year; school has no other concerns.', 'Attendance 71%; school has sent two attendance letters.', 'Not known to the school’s safeguarding lead before this.'],
  early_help: ['Family worked with the family hub last year; closed as needs met.', 'Not known to early help.'],
  probation: ['Father is on licence until next spring; no conditions about the children.', 'Not known to probation.'],
  housing: ['Rent arrears; no reports of anti-social behaviour.', 'No concerns recorded by housing.'],
  other: ['Nothing further known.'],
}

const FEEDBACK: Record<ContactOutcome, string> = {
  nfa: 'Told the referrer there will be no further action by children’s social care, and why.',
  information_advice: 'Told the referrer the family were given information and advice.',
  early_help: 'Told the referrer the family have been passed to early help.',
  referral: 'Told the referrer a social work assessment will take place.',
  strategy_discussion: 'Told the referrer a strategy discussion is being held.',
}

const PN_SUMMARIES: Record<IncidentType, readonly string[]> = {
  domestic_abuse: [
    'Neighbour called police to shouting at the address. {mother} and her partner arguing; {names} in the house. Partner left before police arrived.',
    '{mother} reported her ex-partner came to the house and threatened her. {names} {were} in the living room. He was arrested for breaching a non-molestation order.',
    'Argument between {mother} and {father} after drinking. No injuries. {names} asleep upstairs.',
    '{mother} has a cut lip and says her partner pushed her. {names} saw it. Partner arrested.',
  ],
  missing_child: ['{name} reported missing by {mother} at 21:00; found by police at a friend’s house at 01:30, safe and well.'],
  child_at_risk: ['{name} found alone near the harbour wall at 22:15; taken home to {mother}, who thought {name} was in bed.'],
  other: ['Police attended a report of a disturbance; strong smell of cannabis in the home where {names} {live}. No arrests.'],
}

const TRIAGE_REASONS: Record<TriageOutcome, readonly string[]> = {
  nfa: ['Single argument, children not in the room; no previous notifications.', 'Incident resolved; no previous concerns about the children.'],
  letter_to_family: ['Letter to the family with domestic abuse support services and advice.', 'Standard risk, first notification: letter with local support services.'],
  early_help: ['Second notification this year; family offered early help through the family hub.', 'Repeated standard-risk incidents: family hub to contact mother.'],
  contact: ['Children present during an assault: contact opened for screening.', 'Third notification in six months with the children present: contact opened for screening.'],
}
const HIGH_RISK_CONTACT_REASON = 'High risk (DASH) with the children present: contact opened for screening.'
const triageReasons = (rng: DemoRandom, outcome: TriageOutcome, risk: RiskLevel): string => (outcome === 'contact' && risk === 'high' && rng.chance(0.7) ? HIGH_RISK_CONTACT_REASON : rng.pick(TRIAGE_REASONS[outcome]))

const POLICE_OFFICERS = ['PC Ruth Innes', 'PC Tom Faraday', 'DC Lena Okoro', 'PS Mark Whitlow', 'PC Jas Bhogal', 'PC Sean Colley']
const FAMILY_MEMBER = [['Brenda', 'Grandmother'], ['Pat', 'Grandmother'], ['Sandra', 'Aunt'], ['Tony', 'Uncle'], ['Jackie', 'Aunt']] as const
const NEIGHBOURS = ['Irene Pocock', 'Des Mulligan', 'Joy Akers']
const PUBLIC = ['Alan Brisco', 'Tina Vale']

type Referrer = { name: string | null; agency: string | null; role: string | null; phone: string | null; email: string | null }

// ---------------------------------------------------------------- the plan of one contact

type Person = FrontDoorPerson
type Plan = {
  id: string
  ref: string
  family: FrontDoorFamily
  children: Person[]
  receivedAt: Date
  createdAt: Date
  createdBy: string
  channel: ContactChannel
  source: ReferralSource
  referrer: Referrer
  concern: string
  parentsAware: ParentsAware
  consent: Consent
  noConsentReason: string | null
  immediateSafety: string | null
  /** Children whose decision must open (or join) their open case: allocated children's current episode. */
  forced: Set<string>
  decided: boolean
  partner: boolean
  /** Today's front door: what has been done so far. */
  screenAt?: Date
  screenLevel?: ThresholdLevel
  screenRag?: Rag
  pendingChecks?: Agency[]
  returnedChecks?: Agency[]
  decidedAt?: Date
  /** The most serious decision among its children. */
  worst?: ContactOutcome
}

type ChildState = { referralDates: IsoDate[]; open: OpenReferral | null }
type OpenReferral = { row: PgInsertValue<typeof referral>; id: string; ref: string; date: IsoDate; plannedClose: IsoDate; keepOpen: boolean; lastActivity: IsoDate }

const SEVERITY: Record<ContactOutcome, number> = { nfa: 0, information_advice: 0, early_help: 1, referral: 2, strategy_discussion: 3 }
const MINUTE = 60_000

export function buildDemoFrontDoor(o: FrontDoorOptions): FrontDoorRows {
  const { rng, ids, today, users } = o
  const todayStart = londonInstant(today, '00:00')
  // The history starts on 1 April four collection years back, so the last three whole CIN census years
  // and the current one can be returned (issue 7): between 3 years 8 months and 4 years of it.
  const start = `${collectionYearOf(today) - 4}-04-01`
  const historyContacts = Math.round((HISTORY_CONTACTS_PER_YEAR * (toDayNumber(today) - toDayNumber(start))) / 365.25)

  // ---------------------------------------------------------------- closure days: Christmas to New Year
  const closureDays: PgInsertValue<typeof councilClosureDay>[] = []
  const plain = new WorkingDayCalendar()
  for (let y = Number(start.slice(0, 4)); `${y}-12-31` < today; y++) {
    for (let d = 27; d <= 31; d++) {
      const day = `${y}-12-${d}`
      if (day >= start && plain.isWorkingDay(day)) closureDays.push({ day, reason: 'Offices closed between Christmas and New Year', createdBy: users.admin, createdAt: londonInstant(`${y}-11-${String(rng.int(3, 28)).padStart(2, '0')}`, '10:15') })
    }
  }
  const calendar = new WorkingDayCalendar({ closureDays: closureDays.map((c) => c.day as string) })
  const W1 = calendar.addWorkingDays(today, -1)
  const W2 = calendar.addWorkingDays(today, -2)
  const W3 = calendar.addWorkingDays(today, -3)
  const yesterday = addDays(today, -1)

  // ---------------------------------------------------------------- small helpers
  const at = (day: IsoDate, time: string): Date => londonInstant(day, time)
  const hm = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
  const timeBetween = (from: string, to: string): string => {
    const m = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5))
    return hm(rng.int(m(from), m(to)))
  }
  const plus = (d: Date, minutes: number): Date => new Date(d.getTime() + minutes * MINUTE)
  const between = (a: Date, b: Date): Date => new Date(a.getTime() + Math.floor(rng.next() * Math.max(0, b.getTime() - a.getTime())))
  const maxDate = (a: Date, b: Date): Date => (a.getTime() >= b.getTime() ? a : b)
  const randomDay = (from: IsoDate, to: IsoDate): IsoDate => {
    const span = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
    return addDays(from, rng.int(0, Math.max(0, span)))
  }
  const workingOnOrBefore = (d: IsoDate): IsoDate => (calendar.isWorkingDay(d) ? d : calendar.addWorkingDays(d, -1))
  const workingOnOrAfter = (d: IsoDate): IsoDate => (calendar.isWorkingDay(d) ? d : calendar.addWorkingDays(d, 1))
  const phone = (): string => `01632 960${String(rng.int(0, 999)).padStart(3, '0')}`
  const decider = (): string => (rng.chance(0.65) ? users.teammanager : users.servicemanager)

  const existsFrom = (c: Person): IsoDate => (c.isUnborn ? addDays(c.expectedDateOfBirth ?? today, -250) : (c.dateOfBirth ?? start))
  const existsOn = (c: Person, d: IsoDate): boolean => existsFrom(c) <= d && (c.isUnborn || ageOn(c.dateOfBirth ?? d, d) < 18)
  const age = (c: Person, d: IsoDate): number => (c.isUnborn || !c.dateOfBirth ? -1 : ageOn(c.dateOfBirth, d))
  const firstName = (p: Person): string => p.givenNames.split(' ')[0] as string
  const joinNames = (list: string[]): string => (list.length <= 1 ? (list[0] ?? '') : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`)
  const fill = (template: string, f: FrontDoorFamily, children: Person[]): string => {
    const mother = f.adults.find((a) => a.role === 'mother') ?? f.adults.find((a) => a.role === 'grandparent')
    const father = f.adults.find((a) => a.role === 'father') ?? f.adults.find((a) => a.role === 'partner' || a.role === 'step_parent')
    const named = children.map((c) => (c.isUnborn ? 'the unborn baby' : firstName(c)))
    const one = named.length === 1
    return template
      .replaceAll('{are}', one ? 'is' : 'are')
      .replaceAll('{were}', one ? 'was' : 'were')
      .replaceAll('{live}', one ? 'lives' : 'live')
      .replaceAll('{names}', joinNames(named))
      .replaceAll('{name}', named[0] ?? 'the child')
      .replaceAll('{mother}', mother ? firstName(mother) : 'the children’s mother')
      .replaceAll('{father}', father ? firstName(father) : 'the children’s father')
  }

  const eligible = o.families.filter((f) => f.special !== 'restricted' && f.children.length > 0)
  const allocatedFamily = (f: FrontDoorFamily): boolean => f.children.some((c) => o.openAllocations.has(c.id))

  /** Children of the family a contact on `day` can be about: one (usually) or the siblings together. */
  const pickChildren = (f: FrontDoorFamily, day: IsoDate, fits: (c: Person) => boolean = (c) => !c.isUnborn): Person[] => {
    const here = f.children.filter((c) => existsOn(c, day))
    const focus = here.filter(fits)
    if (focus.length === 0) return []
    const first = rng.pick(focus)
    const siblings = here.filter((c) => c !== first && c.isUnborn === first.isUnborn)
    if (siblings.length > 0 && rng.chance(0.3)) return [first, ...siblings]
    return [first]
  }

  const schoolOf = (f: FrontDoorFamily, c: Person, day: IsoDate): FrontDoorSchool => (age(c, day) <= 10 ? f.primary : f.secondary)

  const referrerFor = (source: ReferralSource, f: FrontDoorFamily, children: Person[], day: IsoDate): Referrer => {
    const first = children[0] as Person
    const none: Referrer = { name: null, agency: null, role: null, phone: null, email: null }
    const pro = (name: string, agency: string, role: string, email: string | null = null): Referrer => ({ name, agency, role, phone: phone(), email })
    switch (source) {
      case '1A': {
        const [given, role] = rng.pick(FAMILY_MEMBER)
        return { ...none, name: `${given} ${first.familyName}`, role, phone: phone() }
      }
      case '1B':
        return { ...none, name: rng.pick(NEIGHBOURS), role: 'Neighbour', phone: phone() }
      case '1C':
        return { ...none, name: `${first.givenNames} ${first.familyName}`, role: 'The child' }
      case '1D':
        return { ...none, name: rng.pick(PUBLIC), role: 'Member of the public', phone: phone() }
      case '2A': {
        const s = schoolOf(f, first, day)
        return pro(s.dsl, s.name, 'Designated safeguarding lead', `dsl@${s.slug}.example`)
      }
      case '2B':
        return pro(rng.pick(['Maxine Hurst', 'Colin Abara']), 'Harbourside education welfare service', 'Education welfare officer')
      case '3A':
        return pro(rng.pick(f.practice.gps), f.practice.name, 'GP')
      case '3B':
        return pro(rng.pick(o.healthVisitors), 'Harbourside Community Health', 'Health visitor')
      case '3C':
        return pro(rng.pick(['Jenny Pattison', 'Farah Qureshi']), 'Harbourside school nursing service', 'School nurse')
      case '3D':
        return pro(rng.pick(o.midwives), 'Harbourside General Hospital maternity unit', 'Midwife')
      case '3E':
        return pro(rng.pick(['Leanne Roper', 'Dr Kwesi Ampofo']), 'Harbourside General Hospital emergency department', 'Safeguarding nurse')
      case '3F':
        return pro('Bridget Salmon', 'Harbourside General Hospital children’s ward', 'Paediatric liaison nurse')
      case '4':
        return pro(rng.pick(['Gary Fontaine', 'Asha Begum']), 'Harbourside Homes', 'Housing officer', 'housing@harbourside-homes.example')
      case '5A':
        return pro('Nina Petrakis', 'Harbourside adult social care', 'Social worker (adults)')
      case '5B':
        return pro('Leon Mabry', 'Harbourside youth service', 'Youth worker')
      case '5C':
        return pro('Claire Sowerby', 'Saltmouth County Council children’s services', 'Social worker', 'duty@saltmouth-childrens.example')
      case '5D':
        return pro(rng.pick(['Donna Treacy', 'Imran Saeed']), 'Harbourside family hub', 'Family support worker')
      case '6':
        return pro(rng.pick(POLICE_OFFICERS), 'Harbourside Police', 'Police officer', 'public-protection@harbourside-police.example')
      case '7':
        return pro('Paul Ventris', 'Probation service', 'Probation officer')
      case '8': {
        const [agency, role] = rng.pick([['Quayside children’s centre', 'Family worker'], ['Harbourside domestic abuse service', 'Support worker'], ['Northgate youth club', 'Youth club leader']] as const)
        return pro(rng.pick(['Sally Crane', 'Marta Kowal']), agency, role)
      }
      case '9':
      case '10':
        return none
    }
  }

  /** Consent and whether the parents know, as the referrer tells it. */
  const consentFor = (source: ReferralSource, channel: ContactChannel): Pick<Plan, 'parentsAware' | 'consent' | 'noConsentReason'> => {
    if (channel === 'police_notification') return { parentsAware: 'not_known', consent: 'not_sought', noConsentReason: POLICE_NO_CONSENT_REASON }
    if (source === '9' || source === '10') return { parentsAware: 'not_known', consent: 'not_sought', noConsentReason: 'The referrer did not give their name.' }
    if (channel === 'edt') return { parentsAware: rng.pick(['yes', 'not_known'] as const), consent: 'not_sought', noConsentReason: 'Emergency out of hours.' }
    const aware = rng.weighted([['yes', 55], ['no', 30], ['not_known', 15]] as const)
    if (aware === 'yes' && rng.chance(0.75)) return { parentsAware: aware, consent: 'given', noConsentReason: null }
    return {
      parentsAware: aware,
      consent: aware === 'yes' ? 'not_given' : 'not_sought',
      noConsentReason: aware === 'yes' ? 'The parents do not agree, but the concern is about the child’s safety.' : rng.pick(['Telling the parents first could put the child at greater risk.', 'The parents could not be reached.']),
    }
  }

  const plans: Plan[] = []
  const newPlan = (p: Omit<Plan, 'id' | 'ref' | 'referrer' | 'concern' | 'parentsAware' | 'consent' | 'noConsentReason' | 'immediateSafety' | 'forced' | 'partner'> & Partial<Plan>): Plan => {
    const day = londonDate(p.receivedAt)
    const plan: Plan = {
      id: ids.uuid(),
      ref: '',
      referrer: p.referrer ?? referrerFor(p.source, p.family, p.children, day),
      concern: p.concern ?? fill(rng.pick(CONCERNS[p.source]), p.family, p.children),
      ...consentFor(p.source, p.channel),
      immediateSafety: rng.chance(0.3) ? rng.pick(IMMEDIATE_SAFETY) : null,
      forced: new Set(),
      partner: false,
      ...p,
    }
    plans.push(plan)
    return plan
  }

  /** Sources fit the children: a health visitor sees the under-fives, a school its pupils, a child calls for themself. */
  const fits = (source: ReferralSource, day: IsoDate): ((c: Person) => boolean) => {
    switch (source) {
      case '2A':
      case '2B':
      case '3C':
        return (c) => age(c, day) >= 4
      case '3B':
        return (c) => age(c, day) >= 0 && age(c, day) < 5
      case '3D':
        return (c) => c.isUnborn || age(c, day) === 0
      case '1C':
      case '5B':
        return (c) => age(c, day) >= 11
      default:
        return (c) => !c.isUnborn
    }
  }

  const OFFICE_SOURCES = [['6', 18], ['2A', 24], ['3A', 3], ['3B', 5], ['3C', 1], ['3D', 2], ['3E', 3], ['3F', 1], ['4', 3], ['5A', 2], ['5B', 1], ['5C', 2], ['5D', 4], ['1A', 7], ['1B', 3], ['1C', 1], ['1D', 2], ['7', 3], ['8', 8], ['9', 5], ['10', 1]] as const
  const EDT_SOURCES = [['6', 60], ['3E', 20], ['1A', 10], ['1D', 10]] as const

  /** A contact received at the front door (or by EDT) on `day`, about children of family `f`. */
  const historyContact = (f: FrontDoorFamily, day0: IsoDate, edt: boolean, forcedChildren: Person[] | null): Plan | null => {
    let source: ReferralSource = edt ? rng.weighted(EDT_SOURCES) : rng.weighted(OFFICE_SOURCES)
    let day = edt ? day0 : workingOnOrAfter(day0)
    if (day > W2) day = workingOnOrBefore(W2)
    let children: Person[]
    if (forcedChildren) {
      children = forcedChildren
      if (!children.every(fits(source, day))) source = rng.pick(['6', '2A', '1A', '8', '5D'] as const)
      if (!children.every(fits(source, day))) source = children.every((c) => c.isUnborn) ? '3D' : '6'
    } else {
      children = pickChildren(f, day, fits(source, day))
      if (children.length === 0) {
        source = rng.pick(['6', '1A', '8', '3A'] as const)
        children = pickChildren(f, day)
      }
      if (children.length === 0) {
        source = '3D'
        children = pickChildren(f, day, fits(source, day))
      }
    }
    if (children.length === 0) return null
    let receivedAt: Date
    let channel: ContactChannel
    let createdBy = users.frontdoor
    let createdAt: Date
    if (edt) {
      const weekend = !calendar.isWorkingDay(day)
      receivedAt = at(day, weekend ? timeBetween('08:00', '23:30') : rng.chance(0.7) ? timeBetween('17:30', '23:40') : timeBetween('00:10', '07:30'))
      channel = 'edt'
      createdBy = users.edt
      createdAt = plus(receivedAt, rng.int(5, 25))
    } else {
      channel = source === '10' ? 'letter' : rng.weighted([['phone', 50], ['email', 40], ['letter', 4], ['in_person', 6]] as const)
      receivedAt = at(day, channel === 'email' ? timeBetween('07:30', '17:15') : timeBetween('09:00', '16:45'))
      createdAt = plus(receivedAt, channel === 'email' ? rng.int(10, 60) : rng.int(3, 20))
      if (channel === 'email' && londonTime(receivedAt) < '09:00') createdAt = at(day, timeBetween('09:05', '09:40'))
    }
    const plan = newPlan({ family: f, children, receivedAt, createdAt, createdBy, channel, source, decided: true })
    if (forcedChildren) for (const c of forcedChildren) plan.forced.add(c.id)
    return plan
  }

  // ---------------------------------------------------------------- police notifications
  type PnPlan = {
    id: string
    ref: string
    policeReference: string
    family: FrontDoorFamily
    children: Person[]
    receivedAt: Date
    createdAt: Date
    incidentDate: IsoDate
    type: IncidentType
    risk: RiskLevel
    present: boolean
    summary: string
    triage: { at: Date; by: string; outcome: TriageOutcome; reasons: string; contact: Plan | null } | null
  }
  const pns: PnPlan[] = []
  const usedPoliceRefs = new Set<string>()
  const policeReference = (day: IsoDate): string => {
    for (;;) {
      const r = `HBP-${day.slice(2, 4)}-${String(rng.int(1000, 99_999)).padStart(6, '0')}`
      if (!usedPoliceRefs.has(r)) {
        usedPoliceRefs.add(r)
        return r
      }
    }
  }
  const pnChildren = (f: FrontDoorFamily, day: IsoDate, max: number): Person[] => {
    const here = rng.shuffle(f.children.filter((c) => existsOn(c, day) && !c.isUnborn))
    return here.slice(0, Math.min(max, here.length, rng.chance(0.5) ? 1 : 2))
  }
  const familyWithChildrenOn = (day: IsoDate, ok: (f: FrontDoorFamily) => boolean = () => true): FrontDoorFamily => {
    for (let tries = 0; tries < 200; tries++) {
      const f = rng.pick(eligible)
      if (ok(f) && f.children.some((c) => existsOn(c, day) && !c.isUnborn)) return f
    }
    const f = eligible.find((x) => x.children.some((c) => existsOn(c, day) && !c.isUnborn))
    if (!f) throw new Error(`no family has a child on ${day}`)
    return f
  }
  const newPn = (receivedAt: Date, createdAt: Date, type: IncidentType, risk: RiskLevel, f: FrontDoorFamily, max = 2): PnPlan => {
    const day = londonDate(receivedAt)
    const children = pnChildren(f, day, max)
    const pn: PnPlan = {
      id: ids.uuid(),
      ref: '',
      policeReference: policeReference(day),
      family: f,
      children,
      receivedAt,
      createdAt,
      incidentDate: rng.chance(0.7) ? day : addDays(day, -1),
      type,
      risk,
      present: type !== 'domestic_abuse' || rng.chance(0.8),
      summary: fill(rng.pick(PN_SUMMARIES[type]), f, children),
      triage: null,
    }
    pns.push(pn)
    return pn
  }
  const pnType = (): IncidentType => rng.weighted([['domestic_abuse', 75], ['missing_child', 10], ['child_at_risk', 10], ['other', 5]] as const)
  const pnRisk = (): RiskLevel => rng.weighted([['standard', 45], ['medium', 35], ['high', 20]] as const)
  /** The front door records a notification when it arrives in office hours, or first thing next working morning. */
  const recordedAfter = (receivedAt: Date): Date => {
    const day = londonDate(receivedAt)
    const t = londonTime(receivedAt)
    if (calendar.isWorkingDay(day) && t >= '09:00' && t < '16:30') return plus(receivedAt, rng.int(10, 50))
    const next = calendar.isWorkingDay(day) && t < '09:00' ? day : calendar.addWorkingDays(day, 1)
    return at(next, timeBetween('09:00', '10:15'))
  }
  const triageContact = (pn: PnPlan, triagedAt: Date, by: string, decided: boolean): Plan =>
    newPlan({
      family: pn.family,
      children: pn.children,
      receivedAt: pn.receivedAt,
      createdAt: triagedAt,
      createdBy: by,
      channel: 'police_notification',
      source: '6',
      decided,
      referrer: { name: pn.policeReference, agency: 'Police', role: null, phone: null, email: null },
      concern: pn.summary,
      immediateSafety: null,
    })

  // Older notifications, triaged: spread over the last year, before today's front door.
  for (let i = 0; i < OLDER_TRIAGED_NOTIFICATIONS; i++) {
    const day = randomDay(addDays(today, -365), addDays(W3, -3))
    const receivedAt = at(day, rng.chance(0.6) ? timeBetween('18:00', '23:50') : timeBetween('00:10', '17:50'))
    const createdAt = recordedAfter(receivedAt)
    const risk = pnRisk()
    const pn = newPn(receivedAt, createdAt, pnType(), risk, familyWithChildrenOn(day))
    const outcome: TriageOutcome =
      risk === 'high'
        ? rng.weighted([['contact', 70], ['early_help', 30]] as const)
        : risk === 'medium'
          ? rng.weighted([['contact', 20], ['early_help', 35], ['letter_to_family', 45]] as const)
          : rng.weighted([['nfa', 45], ['letter_to_family', 45], ['early_help', 10]] as const)
    const cDay = londonDate(createdAt)
    const tDay = rng.chance(0.7) ? cDay : calendar.addWorkingDays(cDay, 1)
    const triagedAt = maxDate(at(tDay, timeBetween('09:30', '16:30')), plus(createdAt, 20))
    const by = rng.chance(0.8) ? users.frontdoor : users.teammanager
    pn.triage = { at: triagedAt, by, outcome, reasons: triageReasons(rng, outcome, risk), contact: outcome === 'contact' ? triageContact(pn, triagedAt, by, true) : null }
  }

  // Untriaged: the last week's, waiting in their own queue.
  {
    const types: IncidentType[] = ['domestic_abuse', 'domestic_abuse', 'domestic_abuse', 'domestic_abuse', 'domestic_abuse', 'domestic_abuse', 'missing_child', 'child_at_risk']
    const risks: RiskLevel[] = rng.shuffle(['high', 'high', 'medium', 'medium', 'medium', 'standard', 'standard', 'standard'])
    for (let i = 0; i < UNTRIAGED_NOTIFICATIONS; i++) {
      const day = randomDay(addDays(today, -7), yesterday)
      const receivedAt = at(day, rng.chance(0.6) ? timeBetween('18:00', '23:00') : timeBetween('00:10', '17:50'))
      newPn(receivedAt, plus(receivedAt, rng.int(5, 30)), types[i % types.length] as IncidentType, risks[i % risks.length] as RiskLevel, familyWithChildrenOn(day))
    }
  }

  // ---------------------------------------------------------------- the history: episodes of allocated children
  const episodeFamilies = eligible.filter(allocatedFamily)
  for (const f of episodeFamilies) {
    const allocated = f.children.filter((c) => o.openAllocations.has(c.id))
    const since = allocated.map((c) => o.openAllocations.get(c.id) as IsoDate).sort()[0] as IsoDate
    const e0 = workingOnOrBefore(addDays(since, -rng.int(2, 12)))
    const byDay = new Map<IsoDate, Person[]>()
    for (const c of allocated) {
      let d = e0
      if (!existsOn(c, d)) d = workingOnOrAfter(addDays(existsFrom(c), rng.int(3, 20)))
      if (d > W2) d = workingOnOrBefore(W2)
      if (!existsOn(c, d)) continue // cannot happen with the council's dates; the invariant pass below would catch it
      byDay.set(d, [...(byDay.get(d) ?? []), c])
    }
    for (const [d, children] of byDay) historyContact(f, d, false, children)
  }

  // ---------------------------------------------------------------- the history: everything else
  const partnerFamilies = eligible.filter((f) => f.special === null && f.primary.name === users.partner.agency)
  const fixedDecided = plans.length + 1 // episodes and police contacts so far, and the partner's decided one
  const counts = eligible.map((f) => (allocatedFamily(f) ? rng.int(4, 10) : rng.int(2, 8)))
  const wanted = historyContacts - fixedDecided
  let total = counts.reduce((s, n) => s + n, 0)
  for (let guard = 0; total !== wanted && guard < 100_000; guard++) {
    const i = rng.int(0, counts.length - 1)
    if (total < wanted) {
      counts[i] = (counts[i] as number) + 1
      total++
    } else if ((counts[i] as number) > 1) {
      counts[i] = (counts[i] as number) - 1
      total--
    }
  }
  eligible.forEach((f, i) => {
    const from = f.children.map(existsFrom).sort()[0] as IsoDate
    const lo = from > start ? from : start
    if (lo > W2) return
    for (let n = 0; n < (counts[i] as number); n++) historyContact(f, randomDay(lo, W2), rng.chance(0.06), null)
  })

  // The partner's decided referral: a few weeks ago, about a pupil of the partner's school.
  const partnerChild = (day: IsoDate): { f: FrontDoorFamily; c: Person } => {
    const pool = (partnerFamilies.length ? partnerFamilies : eligible).flatMap((f) => f.children.filter((c) => age(c, day) >= 4 && age(c, day) <= 10).map((c) => ({ f, c })))
    const any = eligible.flatMap((f) => f.children.filter((c) => age(c, day) >= 4 && age(c, day) <= 15).map((c) => ({ f, c })))
    return rng.pick(pool.length ? pool : any)
  }
  const partnerConcerns = [
    '{name} has come to school in the same clothes all week, is often hungry and has fallen asleep in lessons.',
    '{name} told their teacher that they are scared of mum’s new partner and do not want to go home tonight.',
  ]
  const audit: PgInsertValue<typeof auditLog>[] = []
  const partnerPlan = (day: IsoDate, time: string, decided: boolean, concernTemplate: string, used: Set<string>): void => {
    let pick = partnerChild(day)
    for (let tries = 0; tries < 20 && used.has(pick.c.id); tries++) pick = partnerChild(day)
    used.add(pick.c.id)
    const { f, c } = pick
    const receivedAt = at(day, time)
    const child = {
      givenNames: c.givenNames,
      familyName: c.familyName,
      dateOfBirth: c.dateOfBirth as IsoDate,
      address: { ...f.home, startDate: day },
      school: users.partner.agency,
    }
    const concern = fill(concernTemplate, f, [c])
    const plan = newPlan({
      family: f,
      children: [c],
      receivedAt,
      createdAt: receivedAt,
      createdBy: users.partner.id,
      channel: 'portal',
      source: '2A',
      decided,
      partner: true,
      referrer: { name: users.partner.displayName, agency: users.partner.agency, role: 'Designated safeguarding lead', phone: '01632 960001', email: `dsl@${f.primary.slug}.example` },
      concern: concernWithChildAsGiven({ concern, child }),
    })
    plan.immediateSafety = `${firstName(c)} is in school until 15:15.`
    audit.push({
      at: receivedAt,
      userId: users.partner.id,
      username: users.partner.username,
      action: 'contact.partner-referral',
      entityType: 'contact',
      entityId: plan.id,
      after: { contactRef: '', child, agencyType: 'school', concern },
      requestId: 'demo-seed',
    })
  }
  const partnerUsed = new Set<string>()
  partnerPlan(workingOnOrBefore(addDays(W2, -rng.int(20, 40))), timeBetween('09:30', '14:30'), true, partnerConcerns[0] as string, partnerUsed)

  // ---------------------------------------------------------------- today's front door: undecided contacts
  type Slot = {
    day: IsoDate
    time: string
    channel: ContactChannel | 'pn'
    source: ReferralSource
    createdBy?: string
    screen?: { day: IsoDate; time: string; level: ThresholdLevel; rag: Rag }
    returned?: Agency[]
    pending?: Agency[]
    /** For police notifications: when the front door triaged it into this contact. */
    triage?: { day: IsoDate; time: string }
  }
  const beforeW1 = addDays(W1, -1)
  // W3 and W2 contacts are overdue today; W1's and last night's are due today.
  const slots: Slot[] = [
    { day: W3, time: '10:20', channel: 'phone', source: '2A', screen: { day: W3, time: '11:40', level: '3', rag: 'amber' }, returned: ['education'], pending: ['health'] },
    { day: W3, time: '23:40', channel: 'pn', source: '6', triage: { day: W2, time: '09:40' } },
    { day: W2, time: '11:15', channel: 'phone', source: '1A', screen: { day: W2, time: '13:05', level: '2', rag: 'green' } },
    { day: W2, time: '21:10', channel: 'edt', source: '6', createdBy: users.edt, screen: { day: W1, time: '09:20', level: '4', rag: 'red' } },
    { day: beforeW1, time: '19:50', channel: 'pn', source: '6', triage: { day: W1, time: '09:35' } },
    { day: W1, time: '02:15', channel: 'pn', source: '6', triage: { day: W1, time: '10:05' } },
    { day: W1, time: '12:30', channel: 'email', source: '2A', screen: { day: W1, time: '14:10', level: '3', rag: 'amber' }, pending: ['police'] },
    { day: W1, time: '13:20', channel: 'pn', source: '6', triage: { day: W1, time: '15:10' } },
    { day: yesterday, time: '19:20', channel: 'email', source: '3A', createdBy: users.edt },
    { day: yesterday, time: '22:35', channel: 'edt', source: '3E', createdBy: users.edt },
    // More of the same, for a fuller queue (see TODAY_SLOTS_USED).
    { day: W3, time: '14:05', channel: 'email', source: '3B' },
    { day: W2, time: '15:30', channel: 'email', source: '4' },
    { day: W1, time: '16:40', channel: 'phone', source: '5D' },
    { day: W3, time: '09:35', channel: 'phone', source: '6', screen: { day: W3, time: '10:50', level: '3', rag: 'amber' } },
    { day: W3, time: '11:50', channel: 'email', source: '8' },
    { day: W3, time: '15:10', channel: 'phone', source: '1B' },
    { day: W2, time: '09:20', channel: 'email', source: '2A' },
    { day: W2, time: '10:45', channel: 'phone', source: '3E', screen: { day: W2, time: '12:15', level: '4', rag: 'red' }, returned: ['health'], pending: ['police'] },
    { day: W2, time: '14:30', channel: 'letter', source: '9' },
    { day: W1, time: '09:15', channel: 'email', source: '7' },
    { day: W1, time: '10:40', channel: 'phone', source: '2A', screen: { day: W1, time: '11:55', level: '2', rag: 'green' } },
    { day: W1, time: '14:55', channel: 'email', source: '5A' },
    { day: W1, time: '15:45', channel: 'phone', source: '3B' },
    { day: yesterday, time: '18:30', channel: 'edt', source: '1A', createdBy: users.edt },
  ]
  const undecidedChildren = new Set<string>()
  for (const s of slots.slice(0, TODAY_SLOTS_USED)) {
    const receivedAt = at(s.day, s.time)
    if (s.channel === 'pn') {
      const pn = newPn(receivedAt, recordedAfter(receivedAt), 'domestic_abuse', rng.pick(['high', 'high', 'medium'] as const), familyWithChildrenOn(s.day, (f) => !f.children.some((c) => undecidedChildren.has(c.id))))
      const triagedAt = maxDate(at((s.triage as { day: IsoDate }).day, (s.triage as { time: string }).time), plus(pn.createdAt, 15))
      pn.triage = { at: triagedAt, by: users.frontdoor, outcome: 'contact', reasons: triageReasons(rng, 'contact', pn.risk), contact: null }
      pn.triage.contact = triageContact(pn, triagedAt, users.frontdoor, false)
      for (const c of pn.children) undecidedChildren.add(c.id)
      continue
    }
    const f = familyWithChildrenOn(s.day, (x) => !x.children.some((c) => undecidedChildren.has(c.id)) && x.children.some(fits(s.source, s.day)))
    const children = pickChildren(f, s.day, fits(s.source, s.day))
    const safeChildren = children.length ? children : pickChildren(f, s.day, () => true)
    for (const c of safeChildren) undecidedChildren.add(c.id)
    const plan = newPlan({
      family: f,
      children: safeChildren,
      receivedAt,
      createdAt: plus(receivedAt, rng.int(5, 20)),
      createdBy: s.createdBy ?? users.frontdoor,
      channel: s.channel,
      source: s.source,
      decided: false,
    })
    if (s.screen) {
      plan.screenAt = at(s.screen.day, s.screen.time)
      plan.screenLevel = s.screen.level
      plan.screenRag = s.screen.rag
    }
    plan.returnedChecks = s.returned ?? []
    plan.pendingChecks = s.pending ?? []
  }
  partnerPlan(W1, '11:05', false, partnerConcerns[1] as string, partnerUsed)

  // ---------------------------------------------------------------- references, in the order things were recorded
  plans.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.receivedAt.getTime() - b.receivedAt.getTime())
  plans.forEach((p, i) => {
    p.ref = `C${String(i + 1).padStart(6, '0')}`
  })
  pns.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
  pns.forEach((p, i) => {
    p.ref = `PN${String(i + 1).padStart(6, '0')}`
  })
  const planById = new Map(plans.map((p) => [p.id, p]))
  for (const a of audit) {
    const plan = planById.get(a.entityId as string)
    if (plan) a.after = { ...(a.after as Record<string, unknown>), contactRef: plan.ref }
  }

  // ---------------------------------------------------------------- deciding, in the order decisions were made
  for (const p of plans) {
    if (!p.decided) continue
    // Decided 0–2 working days after it was received (a police notification's contact: after its triage).
    const c = p.createdAt
    const cDay = londonDate(c)
    const rDay = londonDate(p.receivedAt)
    let k: number = rng.weighted([[0, 45], [1, 45], [2, 10]] as const)
    if (!calendar.isWorkingDay(rDay) || londonTime(p.receivedAt) >= '16:00') k = Math.max(k, 1)
    let dDay = k === 0 ? rDay : calendar.addWorkingDays(rDay, k)
    if (dDay < cDay) dDay = workingOnOrAfter(cDay)
    if (dDay > W1) dDay = W1
    let decidedAt: Date
    if (dDay === cDay) {
      const lo = maxDate(plus(c, 45), at(dDay, '09:15'))
      const hi = at(dDay, '17:45')
      decidedAt = lo.getTime() < hi.getTime() ? between(lo, hi) : at(calendar.addWorkingDays(dDay, 1) > W1 ? dDay : calendar.addWorkingDays(dDay, 1), '10:30')
    } else {
      decidedAt = at(dDay, timeBetween('09:15', '17:30'))
    }
    if (decidedAt.getTime() <= c.getTime()) decidedAt = plus(c, 60)
    p.decidedAt = decidedAt
    p.screenAt = between(maxDate(plus(c, 5), dDay !== cDay ? at(dDay, '08:50') : c), plus(decidedAt, -10))
    if (p.screenAt.getTime() <= c.getTime()) p.screenAt = plus(c, 2)
  }

  const contactRows: PgInsertValue<typeof contact>[] = []
  const contactChildRows: PgInsertValue<typeof contactChild>[] = []
  const contactAdultRows: PgInsertValue<typeof contactAdult>[] = []
  const checkRows: PgInsertValue<typeof agencyCheck>[] = []
  const referralRows: PgInsertValue<typeof referral>[] = []
  const feedbackRows: PgInsertValue<typeof referrerFeedback>[] = []
  const chronology: PgInsertValue<typeof chronologyEntry>[] = []
  const states = new Map<string, ChildState>()
  const state = (id: string): ChildState => {
    let s = states.get(id)
    if (!s) states.set(id, (s = { referralDates: [], open: null }))
    return s
  }
  let referralNumber = 0
  const closeReferral = (open: OpenReferral, on: IsoDate): void => {
    open.row.closedOn = on
    open.row.closureReason = rng.chance(0.7) ? 'RC8' : 'RC7'
  }
  const openReferral = (personId: string, contactId: string | null, day: IsoDate, source: ReferralSource, at0: Date, by: string, keepOpen: boolean): { open: OpenReferral; rr: { isReReferral: boolean; referralsInLast12Months: number } } => {
    const s = state(personId)
    const rr = reReferral(s.referralDates, day)
    const id = ids.uuid()
    const ref = `R${String(++referralNumber).padStart(6, '0')}`
    const row: PgInsertValue<typeof referral> = { id, referralRef: ref, personId, contactId, referralDate: day, sourceCode: source, ...rr, createdAt: at0, createdBy: by }
    referralRows.push(row)
    s.referralDates.push(day)
    s.open = { row, id, ref, date: day, plannedClose: addDays(day, rng.int(30, 182)), keepOpen, lastActivity: day }
    return { open: s.open, rr }
  }

  const randomOutcome = (): ContactOutcome => rng.weighted([['nfa', 26], ['information_advice', 26], ['early_help', 24], ['referral', 21], ['strategy_discussion', 3]] as const)
  const decidedInOrder = plans.filter((p) => p.decided).sort((a, b) => (a.decidedAt as Date).getTime() - (b.decidedAt as Date).getTime())
  for (const p of decidedInOrder) {
    const decidedAt0 = p.decidedAt as Date
    const day = londonDate(decidedAt0)
    const by = decider()
    const base = p.forced.size ? rng.weighted([['referral', 85], ['strategy_discussion', 15]] as const) : randomOutcome()
    const outcomes: ContactOutcome[] = []
    p.children.forEach((c, i) => {
      const s = state(c.id)
      if (s.open && !s.open.keepOpen && s.open.plannedClose < day) {
        closeReferral(s.open, s.open.plannedClose)
        s.open = null
      }
      const decidedAt = plus(decidedAt0, i * 2)
      let outcome: ContactOutcome = p.forced.has(c.id) ? base : i === 0 || rng.chance(0.85) ? base : randomOutcome()
      if (p.forced.has(c.id) && SEVERITY[outcome] < 2) outcome = 'referral'
      // New information about a child with an open case usually goes to the allocated worker.
      if (s.open && SEVERITY[outcome] < 2 && rng.chance(0.4)) outcome = 'referral'
      let referralId: string | null = null
      let reasons = rng.pick(REASONS[outcome])
      let joined: OpenReferral | null = null
      if (outcome === 'referral' || outcome === 'strategy_discussion') {
        if (s.open) {
          joined = s.open
          if (p.forced.has(c.id)) s.open.keepOpen = true
          s.open.lastActivity = day
          referralId = s.open.id
          if (outcome === 'referral') reasons = rng.pick(JOINED_REASONS)
        } else {
          const { open, rr } = openReferral(c.id, p.id, day, p.source, decidedAt, by, p.forced.has(c.id))
          referralId = open.id
          chronology.push({
            id: ids.uuid(),
            personId: c.id,
            occurredAt: decidedAt,
            kind: 'referral',
            summary: `Referral ${open.ref} opened from contact ${p.ref}${rr.isReReferral ? ` – a re-referral (${rr.referralsInLast12Months} in the last 12 months)` : ''}`,
            sourceType: 'referral',
            sourceId: open.id,
            recordedAt: decidedAt,
            recordedBy: by,
          })
        }
      }
      outcomes.push(outcome)
      contactChildRows.push({ id: ids.uuid(), contactId: p.id, personId: c.id, outcome, reasons, decidedAt, decidedBy: by, referralId })
      chronology.push({
        id: ids.uuid(),
        personId: c.id,
        occurredAt: decidedAt,
        kind: 'contact-decision',
        summary: `Contact ${p.ref} decided: ${CONTACT_OUTCOME[outcome]}${joined ? ` (added to open case ${joined.ref})` : ''}. Reasons: ${reasons}`,
        sourceType: 'contact',
        sourceId: p.id,
        recordedAt: decidedAt,
        recordedBy: by,
      })
    })
    p.decidedAt = plus(decidedAt0, (p.children.length - 1) * 2)
    const worst = outcomes.reduce((a, b) => (SEVERITY[b] > SEVERITY[a] ? b : a))
    p.worst = worst
    const level: ThresholdLevel =
      worst === 'strategy_discussion' ? '4' : worst === 'referral' ? (rng.chance(0.15) ? '4' : '3') : worst === 'early_help' ? '2' : rng.chance(0.7) ? '1' : '2'
    const rag: Rag = level === '4' ? 'red' : level === '3' ? (rng.chance(0.3) ? 'red' : 'amber') : level === '2' ? (rng.chance(0.6) ? 'green' : 'amber') : 'green'
    p.screenLevel = level
    p.screenRag = rag
    if (rng.chance(0.25)) {
      const agencies = rng.shuffle(['police', 'health', 'education', 'early_help', 'housing', 'probation'] as const).slice(0, rng.int(1, 3))
      p.returnedChecks = agencies.filter((a) => a !== 'probation' || rng.chance(0.5))
    }
  }

  // ---------------------------------------------------------------- referrals still open at the end of the history
  const youngest = addDays(today, -35)
  for (const [, s] of states) {
    const open = s.open
    if (!open || open.keepOpen) continue
    if (open.plannedClose < today) closeReferral(open, open.plannedClose)
    else if (open.date <= youngest) {
      const from = addDays(open.date, 30) > open.lastActivity ? addDays(open.date, 30) : open.lastActivity
      closeReferral(open, randomDay(from, yesterday))
    } // else: referred in the last five weeks, the assessment is still under way
    if (open.row.closedOn) s.open = null
  }
  // Every child with an open allocation is an open case. (The episodes above see to it; this only guards.)
  const eligibleChild = new Map(eligible.flatMap((f) => f.children.map((c) => [c.id, c] as const)))
  for (const [personId, since] of o.openAllocations) {
    const s = state(personId)
    if (s.open) continue
    const person = eligibleChild.get(personId)
    if (!person) continue
    let day = since < existsFrom(person) ? existsFrom(person) : since
    if (day >= today) day = yesterday
    const when = at(day, '12:00')
    const { open } = openReferral(personId, null, day, '10', when, users.teammanager, true)
    chronology.push({ id: ids.uuid(), personId, occurredAt: when, kind: 'referral', summary: `Referral ${open.ref} opened`, sourceType: 'referral', sourceId: open.id, recordedAt: when, recordedBy: users.teammanager })
  }

  // ---------------------------------------------------------------- feedback: all decided, but the newest few
  const told = decidedInOrder.filter((p) => p.source !== '9' && p.source !== '10')
  const notYetTold = new Set(told.filter((p) => !p.partner).slice(-AWAITING_FEEDBACK).map((p) => p.id))
  for (const p of told) {
    if (notYetTold.has(p.id)) continue
    const decidedAt = p.decidedAt as Date
    const dDay = londonDate(decidedAt)
    let givenOn = rng.chance(0.6) ? dDay : calendar.addWorkingDays(dDay, rng.int(1, 3))
    if (givenOn > yesterday) givenOn = dDay
    const recordedAt = maxDate(at(givenOn, timeBetween('10:00', '16:30')), plus(decidedAt, 20))
    const worst = p.worst as ContactOutcome
    const method: FeedbackMethod = p.partner ? 'portal' : p.source === '1C' ? 'phone' : rng.weighted([['phone', 40], ['email', 45], ['letter', 15]] as const)
    feedbackRows.push({ id: ids.uuid(), contactId: p.id, givenOn, method, summary: FEEDBACK[worst], recordedBy: users.frontdoor, recordedAt })
  }

  // ---------------------------------------------------------------- contact rows, children, adults, checks, chronology
  for (const p of plans) {
    const outOfHours = isOutOfHours(p.receivedAt, p.channel, calendar)
    let ackAt: Date | null = null
    if (outOfHours) {
      const rDay = londonDate(p.receivedAt)
      const ackDay = calendar.isWorkingDay(rDay) && londonTime(p.receivedAt) < '09:00' ? rDay : calendar.addWorkingDays(rDay, 1)
      const candidate = maxDate(at(ackDay, timeBetween('09:05', '10:30')), plus(p.createdAt, 10))
      if (candidate.getTime() < todayStart.getTime()) ackAt = candidate
    }
    const screened = p.screenAt !== undefined
    contactRows.push({
      id: p.id,
      contactRef: p.ref,
      receivedAt: p.receivedAt,
      channel: p.channel,
      sourceCode: p.source,
      referrerName: p.referrer.name,
      referrerAgency: p.referrer.agency,
      referrerRole: p.referrer.role,
      referrerPhone: p.referrer.phone,
      referrerEmail: p.referrer.email,
      concern: p.concern,
      parentsAware: p.parentsAware,
      consent: p.consent,
      noConsentReason: p.noConsentReason,
      immediateSafety: p.immediateSafety,
      thresholdLevel: p.screenLevel ?? null,
      rag: p.screenRag ?? null,
      screeningNotes: screened && p.screenLevel && rng.chance(0.75) ? rng.pick(SCREENING_NOTES[p.screenLevel]) : null,
      screenedAt: p.screenAt ?? null,
      screenedBy: screened ? users.frontdoor : null,
      decisionDueDate: contactDecisionDue(p.receivedAt, calendar),
      decidedAt: p.decided ? (p.decidedAt as Date) : null,
      outOfHours,
      handoverAcknowledgedAt: ackAt,
      handoverAcknowledgedBy: ackAt ? users.frontdoor : null,
      submittedByPartner: p.partner ? users.partner.id : null,
      createdAt: p.createdAt,
      createdBy: p.createdBy,
      version: 1 + (screened ? 1 : 0) + (p.decided ? 1 : 0),
    })
    if (!p.decided) for (const c of p.children) contactChildRows.push({ id: ids.uuid(), contactId: p.id, personId: c.id })
    if (p.channel !== 'police_notification' && !p.partner && rng.chance(0.75)) {
      for (const a of p.family.adults) if (a.livesWith) contactAdultRows.push({ contactId: p.id, personId: a.id, role: 'household' })
    }
    // Agency checks: asked after the contact was recorded, back before it was screened or decided.
    const checks = [...(p.returnedChecks ?? []).map((a) => [a, true] as const), ...(p.pendingChecks ?? []).map((a) => [a, false] as const)]
    if (checks.length) {
      const end = p.screenAt ?? p.decidedAt ?? plus(p.createdAt, 120)
      const asked = between(plus(p.createdAt, 3), plus(p.createdAt, Math.max(4, Math.min(60, (end.getTime() - p.createdAt.getTime()) / MINUTE / 3))))
      for (const [agency, back] of checks) {
        const returnedAt = back ? between(plus(asked, 5), maxDate(plus(asked, 6), plus(end, -2))) : null
        checkRows.push({
          id: ids.uuid(),
          contactId: p.id,
          agency,
          requestedAt: asked,
          requestedBy: users.frontdoor,
          returnedAt,
          returnedBy: returnedAt ? users.frontdoor : null,
          summary: returnedAt ? rng.pick(CHECK_SUMMARIES[agency]) : null,
        })
      }
    }
    for (const c of p.children) {
      chronology.push({
        id: ids.uuid(),
        personId: c.id,
        occurredAt: p.receivedAt,
        kind: 'contact',
        summary: `Contact ${p.ref} received from ${REFERRAL_SOURCE[p.source]}${p.referrer.agency ? ` (${p.referrer.agency})` : ''}${outOfHours ? ', out of hours' : ''}`,
        sourceType: 'contact',
        sourceId: p.id,
        recordedAt: p.createdAt,
        recordedBy: p.createdBy,
      })
    }
  }

  // ---------------------------------------------------------------- police notification rows
  const pnRows: PgInsertValue<typeof policeNotification>[] = []
  const pnChildRows: PgInsertValue<typeof policeNotificationChild>[] = []
  for (const n of pns) {
    const contactOf = n.triage?.contact ?? null
    pnRows.push({
      id: n.id,
      notificationRef: n.ref,
      policeReference: n.policeReference,
      receivedAt: n.receivedAt,
      incidentDate: n.incidentDate,
      incidentType: n.type,
      riskLevel: n.risk,
      childrenPresent: n.present,
      summary: n.summary,
      outcome: n.triage?.outcome ?? null,
      outcomeReasons: n.triage?.reasons ?? null,
      triagedAt: n.triage?.at ?? null,
      triagedBy: n.triage?.by ?? null,
      contactId: contactOf?.id ?? null,
      createdAt: n.createdAt,
      createdBy: users.frontdoor,
    })
    const recorded = `Police notification ${n.ref} (police reference ${n.policeReference}): ${INCIDENT_TYPE[n.type].toLowerCase()} incident on ${formatDate(n.incidentDate)}, DASH risk ${RISK_LEVEL[n.risk].toLowerCase()}, children ${n.present ? '' : 'not '}present`
    for (const c of n.children) {
      pnChildRows.push({ notificationId: n.id, personId: c.id })
      chronology.push({ id: ids.uuid(), personId: c.id, occurredAt: n.receivedAt, kind: 'police-notification', summary: recorded, sourceType: 'police_notification', sourceId: n.id, recordedAt: n.createdAt, recordedBy: users.frontdoor })
      if (n.triage) {
        const t = n.triage
        chronology.push({
          id: ids.uuid(),
          personId: c.id,
          occurredAt: t.at,
          kind: 'police-notification-triage',
          summary: `Police notification ${n.ref} triaged: ${TRIAGE_OUTCOME[t.outcome]}${contactOf ? ` – contact ${contactOf.ref} opened for screening` : ''}. Reasons: ${t.reasons}`,
          sourceType: 'police_notification',
          sourceId: n.id,
          recordedAt: t.at,
          recordedBy: t.by,
        })
      }
    }
  }

  // ---------------------------------------------------------------- checks on what was built
  const stamps: (Date | null | undefined)[] = [
    ...contactRows.flatMap((r) => [r.receivedAt, r.createdAt, r.screenedAt, r.decidedAt, r.handoverAcknowledgedAt] as (Date | null | undefined)[]),
    ...contactChildRows.map((r) => r.decidedAt as Date | null | undefined),
    ...checkRows.flatMap((r) => [r.requestedAt, r.returnedAt] as (Date | null | undefined)[]),
    ...feedbackRows.map((r) => r.recordedAt as Date | undefined),
    ...pnRows.flatMap((r) => [r.receivedAt, r.createdAt, r.triagedAt] as (Date | null | undefined)[]),
    ...chronology.flatMap((r) => [r.occurredAt, r.recordedAt] as (Date | null | undefined)[]),
  ]
  if (stamps.some((d) => d instanceof Date && d.getTime() >= todayStart.getTime())) throw new Error('demo front door: an instant on or after the start of today')
  const openByChild = new Map<string, number>()
  for (const r of referralRows) if (!r.closedOn) openByChild.set(r.personId as string, (openByChild.get(r.personId as string) ?? 0) + 1)
  if ([...openByChild.values()].some((n) => n > 1)) throw new Error('demo front door: a child with two open referrals')
  for (const [personId] of o.openAllocations) {
    if (eligibleChild.has(personId) && !openByChild.has(personId)) throw new Error('demo front door: an allocated child without an open referral')
  }

  const undecided = contactRows.filter((r) => !r.decidedAt)
  return {
    closureDays,
    contacts: contactRows,
    contactChildren: contactChildRows,
    contactAdults: contactAdultRows,
    agencyChecks: checkRows,
    referrals: referralRows,
    feedback: feedbackRows,
    policeNotifications: pnRows,
    policeNotificationChildren: pnChildRows,
    chronology,
    audit,
    lastRef: { contact: plans.length, referral: referralNumber, policeNotification: pns.length },
    summary: {
      contacts: contactRows.length,
      undecidedContacts: undecided.length,
      overdueContacts: undecided.filter((r) => (r.decisionDueDate as string) < today).length,
      referrals: referralRows.length,
      openReferrals: referralRows.filter((r) => !r.closedOn).length,
      policeNotifications: pnRows.length,
      untriagedPoliceNotifications: pnRows.filter((r) => !r.triagedAt).length,
      chronologyEntries: chronology.length,
    },
  }
}
