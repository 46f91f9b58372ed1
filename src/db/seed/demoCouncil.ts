/**
 * Demo data for a fictional council, "Harbourside Borough Council": services, teams, workers, ten demo
 * sign-ins, a person index of about 80 families and about four years of front-door history (three whole CIN census years and the current one) with today's queue
 * (demoFrontDoor.ts). Everything here is invented. The data is a pure
 * function of the seed and `today` (a small PRNG, no Math.random, no clock), so two seeded databases
 * are identical, ids included, and browser tests can rely on the fixed people below (DEMO_CHILD).
 *
 * Fictional identifiers only: NHS numbers in the 999 range (never issued to patients), phone numbers in
 * Ofcom's drama range (01632 960xxx), e-mail addresses under the reserved `.example` domain, postcodes
 * in the non-existent "HB" area.
 */
import { hash } from '@node-rs/argon2'
import { sql } from 'drizzle-orm'
import type { PgInsertValue, PgTable } from 'drizzle-orm/pg-core'
import type { Database, Tx } from '../database.ts'
import {
  address,
  agencyCheck,
  allocation,
  auditLog,
  chronologyEntry,
  contact,
  contactAdult,
  contactChild,
  councilClosureDay,
  person,
  personAccessGrant,
  personName,
  personRelationship,
  policeNotification,
  policeNotificationChild,
  professionalInvolvement,
  referral,
  referrerFeedback,
  service,
  team,
  userAccount,
  worker,
} from '../schema.ts'
import type { Role, Scope } from '../../domain/access/roles.ts'
import { DISABILITY, type DisabilityCode, type EthnicityCode, type RelationshipType } from '../../domain/people/codes.ts'
import { isValidNhsNumber, isValidPostcode, isValidUpn, upnCheckLetter } from '../../domain/people/identifiers.ts'
import { buildDemoFrontDoor, type FrontDoorFamily, type FrontDoorSummary } from './demoFrontDoor.ts'
import { Rng } from './rng.ts'
import { seedDemoCasework } from './demoCasework.ts'
import { seedDemoCaseAudit } from './demoCaseAudit.ts'

export type DemoSummary = {
  services: number
  teams: number
  workers: number
  users: number
  children: number
  adults: number
  relationships: number
  /** The front door's history and today's queue (demoFrontDoor.ts). */
  frontDoor: FrontDoorSummary
  /** Assessments, oversight, allocation, transfers, supervision (demoCasework.ts). */
  casework: Record<string, Record<string, number>>
}

export const DEFAULT_DEMO_SEED = 20260401

/** The child the browser tests search for (they type "Ashwerth"); allocated to `socialworker`. */
export const DEMO_CHILD = { givenNames: 'Leo', familyName: 'Ashworth', dateOfBirth: '2016-03-14' } as const

/** Leo's family: his mother and his sister, also allocated to `socialworker`. */
export const DEMO_FAMILY = {
  mother: { givenNames: 'Rachel', familyName: 'Ashworth', dateOfBirth: '1990-05-21' },
  sibling: { givenNames: 'Maisie', familyName: 'Ashworth', dateOfBirth: '2019-07-02' },
} as const

/** Restricted records: visible only to `servicemanager` (granted); neither child is allocated. */
export const DEMO_RESTRICTED_CHILDREN = [
  { givenNames: 'Freya', familyName: 'Tremayne', dateOfBirth: '2012-10-03' },
  { givenNames: 'Kai', familyName: 'Marchetti', dateOfBirth: '2018-01-22' },
] as const

/** The team of the `socialworker` and `teammanager` demo users. */
export const DEMO_SOCIAL_WORKER_TEAM = 'Assessment North'

export const DEMO_USERS: readonly { username: string; displayName: string; role: Role; scope: Scope }[] = [
  { username: 'frontdoor', displayName: 'Hannah Mensah', role: 'front_door_worker', scope: 'council' },
  { username: 'socialworker', displayName: 'Sam Okafor', role: 'social_worker', scope: 'own_caseload' },
  { username: 'teammanager', displayName: 'Joanne Fletcher', role: 'team_manager', scope: 'team' },
  { username: 'servicemanager', displayName: 'David Harcourt', role: 'service_manager', scope: 'service' },
  { username: 'edt', displayName: 'Marcus Reid', role: 'edt_worker', scope: 'council' },
  { username: 'chair', displayName: 'Aisha Rahman', role: 'conference_chair', scope: 'council' },
  { username: 'auditor', displayName: 'Gareth Lloyd', role: 'auditor', scope: 'council' },
  { username: 'analyst', displayName: 'Mei Chen', role: 'performance_analyst', scope: 'council' },
  { username: 'admin', displayName: 'Paul Whitaker', role: 'administrator', scope: 'council' },
  { username: 'partner', displayName: 'Karen Doyle', role: 'partner_referrer', scope: 'none' },
]

const PARTNER_AGENCY = 'Harbourside Primary School'
const SOCIAL_WORKER_CASELOAD = 12
const TOWN = 'Harbourside'

/** True when nobody can sign in yet: no user_account rows at all. */
export async function isDatabaseEmpty(database: Database): Promise<boolean> {
  const found = await database.db.select({ id: userAccount.id }).from(userAccount).limit(1)
  return found.length === 0
}


// ---------------------------------------------------------------- calendar dates (no clock)

const DAY_MS = 86_400_000

function parseIsoDate(s: string): { y: number; m: number; d: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (!match) throw new Error(`not a YYYY-MM-DD date: ${s}`)
  const y = Number(match[1])
  const m = Number(match[2])
  const d = Number(match[3])
  const back = new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10)
  if (back !== s) throw new Error(`not a calendar date: ${s}`)
  return { y, m, d }
}

function dayNumber(s: string): number {
  const { y, m, d } = parseIsoDate(s)
  return Date.UTC(y, m - 1, d) / DAY_MS
}

function isoDay(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10)
}

function addDays(s: string, days: number): string {
  return isoDay(dayNumber(s) + days)
}

function addYears(s: string, years: number): string {
  const { y, m, d } = parseIsoDate(s)
  return new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10)
}

function ageOn(dob: string, on: string): number {
  const a = parseIsoDate(dob)
  const b = parseIsoDate(on)
  let age = b.y - a.y
  if (b.m < a.m || (b.m === a.m && b.d < a.d)) age--
  return age
}

const later = (a: string, b: string): string => (a > b ? a : b)

// ---------------------------------------------------------------- invented names

type Pool = {
  family: readonly string[]
  male: readonly string[]
  female: readonly string[]
  adultMale?: readonly string[]
  adultFemale?: readonly string[]
  elderMale?: readonly string[]
  elderFemale?: readonly string[]
}

// No family name here may look or sound like Ashworth (tests search "Ashwerth" and expect only that
// family), and none may be a demo user's or worker's family name.
const POOLS = {
  british: {
    family: ['Thompson', 'Clarke', 'Hughes', 'Walker', 'Price', 'Bennett', 'Holloway', 'Pritchard', 'Marsh', 'Turner', 'Carter', 'Dawson', 'Barker', 'Lowe', 'Sutton', 'Gibbs', 'Parry', 'Mellor', 'Jennings', 'Hodgson'],
    male: ['Oliver', 'Harry', 'Jack', 'Charlie', 'Alfie', 'Freddie', 'George', 'Noah', 'Jacob', 'Oscar', 'Archie', 'Tyler', 'Mason', 'Jayden', 'Logan', 'Ethan', 'Callum', 'Kieran', 'Finley', 'Reece', 'Lewis', 'Dylan', 'Theo', 'Riley'],
    female: ['Amelia', 'Olivia', 'Isla', 'Ava', 'Poppy', 'Lily', 'Ruby', 'Evie', 'Grace', 'Sophie', 'Chloe', 'Megan', 'Jessica', 'Holly', 'Lacey', 'Skye', 'Ellie', 'Millie', 'Phoebe', 'Darcy', 'Harriet', 'Bethany', 'Summer', 'Kayla'],
    adultMale: ['Darren', 'Lee', 'Craig', 'Wayne', 'Jason', 'Dean', 'Carl', 'Scott', 'Mark', 'Stephen', 'Gary', 'Shaun', 'Ryan', 'Daniel', 'Jamie', 'Matthew', 'Kevin', 'Liam'],
    adultFemale: ['Lisa', 'Gemma', 'Kelly', 'Stacey', 'Claire', 'Michelle', 'Sarah', 'Emma', 'Donna', 'Leanne', 'Nicola', 'Kirsty', 'Hayley', 'Jodie', 'Natalie', 'Laura', 'Samantha', 'Danielle'],
    elderMale: ['Brian', 'Keith', 'Terry', 'Roy', 'Derek', 'Alan', 'Graham'],
    elderFemale: ['Susan', 'Linda', 'Carol', 'Janet', 'Pauline', 'Maureen', 'Christine'],
  },
  irish: {
    family: ['Murphy', 'Byrne', 'Kavanagh', 'Brennan', 'Doherty'],
    male: ['Cian', 'Sean', 'Conor', 'Niall', 'Padraig', 'Ronan', 'Oisin', 'Declan', 'Eoin', 'Cathal'],
    female: ['Aoife', 'Siobhan', 'Niamh', 'Ciara', 'Roisin', 'Orla', 'Grainne', 'Aisling', 'Caoimhe', 'Saoirse'],
  },
  traveller: {
    family: ['Ward', 'McDonagh', 'Joyce', 'Maughan'],
    male: ['Patrick', 'Michael', 'John', 'Martin', 'Thomas', 'Francis', 'Christy', 'Joseph', 'Edward', 'Jimmy'],
    female: ['Bridget', 'Mary', 'Margaret', 'Kathleen', 'Nora', 'Winnie', 'Josie', 'Ellen', 'Teresa', 'Annie'],
  },
  easternEuropean: {
    family: ['Nowak', 'Popescu', 'Ionescu', 'Horvat', 'Kovacs', 'Lisowski'],
    male: ['Jakub', 'Kacper', 'Szymon', 'Andrei', 'Mihai', 'Luka', 'Bartosz', 'Filip', 'Stefan', 'Ivan'],
    female: ['Zofia', 'Oliwia', 'Julia', 'Maja', 'Ioana', 'Elena', 'Ana', 'Marta', 'Bianca', 'Petra'],
  },
  roma: {
    family: ['Lakatos', 'Balogh', 'Rostas', 'Dudas'],
    male: ['Dominik', 'Marek', 'Roman', 'Milan', 'Patrik', 'Lukas', 'Tibor', 'Denis', 'Erik', 'Robert'],
    female: ['Denisa', 'Nikola', 'Vanesa', 'Simona', 'Natalia', 'Klaudia', 'Sabina', 'Veronika', 'Monika', 'Erika'],
  },
  indian: {
    family: ['Patel', 'Sharma', 'Sandhu', 'Mistry', 'Gill'],
    male: ['Arjun', 'Rohan', 'Dev', 'Vikram', 'Karan', 'Ravi', 'Nikhil', 'Sanjay', 'Amar', 'Jaspal'],
    female: ['Priya', 'Anika', 'Simran', 'Kavya', 'Meera', 'Nisha', 'Pooja', 'Harleen', 'Divya', 'Rekha'],
  },
  pakistani: {
    family: ['Khan', 'Hussain', 'Akhtar', 'Iqbal', 'Mahmood'],
    male: ['Mohammed', 'Ibrahim', 'Zain', 'Hamza', 'Bilal', 'Imran', 'Adnan', 'Usman', 'Haris', 'Rayyan', 'Tariq'],
    female: ['Aisha', 'Zainab', 'Maryam', 'Fatima', 'Sana', 'Amira', 'Hira', 'Iqra', 'Mariam', 'Safa', 'Khadija'],
  },
  bangladeshi: {
    family: ['Miah', 'Uddin', 'Chowdhury', 'Islam'],
    male: ['Rayhan', 'Tahmid', 'Arif', 'Sabbir', 'Yusuf', 'Shahid', 'Jamal', 'Rafiq', 'Nabil', 'Sohel'],
    female: ['Nusrat', 'Tasnim', 'Sadia', 'Farhana', 'Ruksana', 'Shirina', 'Jasmin', 'Rumana', 'Tahmina', 'Sumaiya'],
  },
  caribbean: {
    family: ['Campbell', 'Grant', 'Francis', 'Bailey', 'Samuels', 'Beckford'],
    male: ['Jerome', 'Marlon', 'Andre', 'Tyrone', 'Kareem', 'Isaiah', 'Delroy', 'Jermaine', 'Malachi', 'Nathaniel'],
    female: ['Shanice', 'Tanisha', 'Jada', 'Keisha', 'Aaliyah', 'Simone', 'Monique', 'Chantelle', 'Imani', 'Nia'],
  },
  african: {
    family: ['Adeyemi', 'Osei', 'Nwosu', 'Abdi', 'Kamara', 'Tesfaye', 'Boateng', 'Mohamud'],
    male: ['Kwame', 'Chidi', 'Tobi', 'Emeka', 'Abdirahman', 'Kofi', 'Yonas', 'Dawit', 'Tunde', 'Mustafa'],
    female: ['Ama', 'Chiamaka', 'Adaeze', 'Hodan', 'Blessing', 'Abena', 'Selam', 'Ifeoma', 'Ayaan', 'Efua'],
  },
  chinese: {
    family: ['Wong', 'Zhang', 'Lau', 'Huang'],
    male: ['Wei', 'Jun', 'Hao', 'Ming', 'Zhi', 'Tao', 'Jian', 'Long'],
    female: ['Xiu', 'Ling', 'Yan', 'Jia', 'Xin', 'Hui', 'Fang', 'Qing'],
  },
  middleEastern: {
    family: ['Haddad', 'Karimi', 'Ahmadi', 'Barzani'],
    male: ['Omar', 'Karim', 'Ahmad', 'Reza', 'Dara', 'Hassan', 'Farid', 'Sami', 'Yousef'],
    female: ['Layla', 'Yasmin', 'Shirin', 'Nadia', 'Rojin', 'Mina', 'Samira', 'Hana', 'Dilan'],
  },
  otherAsian: {
    family: ['Nguyen', 'Tran', 'Perera'],
    male: ['Minh', 'Duc', 'Nuwan', 'Bao', 'Quang', 'Kasun', 'Thanh', 'Hieu'],
    female: ['Linh', 'Thao', 'Dilini', 'Mai', 'Hoa', 'Nimali', 'Trang', 'Anh'],
  },
} as const satisfies Record<string, Pool>
type PoolKey = keyof typeof POOLS

/** Alternative spellings recorded as aliases (the way names arrive on referrals). */
const ALIAS_SPELLINGS: Record<string, string> = {
  Mohammed: 'Muhammad',
  Aisha: 'Ayesha',
  Zainab: 'Zaynab',
  Jayden: 'Jaiden',
  Kacper: 'Casper',
  Oliwia: 'Olivia',
  Amira: 'Ameera',
  Callum: 'Calum',
  Abdirahman: 'Abdi',
  Tobi: 'Tobiloba',
  Ioana: 'Joanna',
  Stacey: 'Stacy',
  Jodie: 'Jodi',
  Shaun: 'Sean',
}

type Group = {
  weight: number
  childEthnicity: EthnicityCode
  mother: readonly [PoolKey, EthnicityCode]
  father: readonly [PoolKey, EthnicityCode]
  religion: readonly (readonly [string | null, number])[]
  language: readonly (readonly [string, number])[]
  /** Chance an adult whose first language is not English needs an interpreter. */
  interpreter: number
}

const NO_RELIGION_MIX = [
  [null, 50],
  ['Christian', 25],
  ['No religion', 25],
] as const

const GROUPS: readonly Group[] = [
  { weight: 50, childEthnicity: 'WBRI', mother: ['british', 'WBRI'], father: ['british', 'WBRI'], religion: NO_RELIGION_MIX, language: [['English', 1]], interpreter: 0 },
  { weight: 3, childEthnicity: 'WIRI', mother: ['irish', 'WIRI'], father: ['irish', 'WIRI'], religion: [['Roman Catholic', 3], [null, 1]], language: [['English', 1]], interpreter: 0 },
  { weight: 2, childEthnicity: 'WIRT', mother: ['traveller', 'WIRT'], father: ['traveller', 'WIRT'], religion: [['Roman Catholic', 3], [null, 1]], language: [['English', 1]], interpreter: 0 },
  { weight: 7, childEthnicity: 'WOTH', mother: ['easternEuropean', 'WOTH'], father: ['easternEuropean', 'WOTH'], religion: [['Roman Catholic', 2], ['Orthodox Christian', 1], [null, 1]], language: [['Polish', 2], ['Romanian', 2], ['Croatian', 1]], interpreter: 0.4 },
  { weight: 2, childEthnicity: 'WROM', mother: ['roma', 'WROM'], father: ['roma', 'WROM'], religion: [['Christian', 1], [null, 1]], language: [['Romani', 1], ['Slovak', 1]], interpreter: 0.5 },
  { weight: 4, childEthnicity: 'MWBC', mother: ['british', 'WBRI'], father: ['caribbean', 'BCRB'], religion: NO_RELIGION_MIX, language: [['English', 1]], interpreter: 0 },
  { weight: 2, childEthnicity: 'MWBA', mother: ['british', 'WBRI'], father: ['african', 'BAFR'], religion: NO_RELIGION_MIX, language: [['English', 1]], interpreter: 0 },
  { weight: 2, childEthnicity: 'MWAS', mother: ['british', 'WBRI'], father: ['pakistani', 'APKN'], religion: [['Muslim', 1], [null, 1]], language: [['English', 1]], interpreter: 0 },
  { weight: 1, childEthnicity: 'MOTH', mother: ['easternEuropean', 'WOTH'], father: ['african', 'BAFR'], religion: [['Christian', 1], [null, 1]], language: [['English', 1], ['Polish', 1]], interpreter: 0.2 },
  { weight: 3, childEthnicity: 'AIND', mother: ['indian', 'AIND'], father: ['indian', 'AIND'], religion: [['Hindu', 2], ['Sikh', 2], [null, 1]], language: [['English', 2], ['Gujarati', 1], ['Punjabi', 1]], interpreter: 0.3 },
  { weight: 5, childEthnicity: 'APKN', mother: ['pakistani', 'APKN'], father: ['pakistani', 'APKN'], religion: [['Muslim', 4], [null, 1]], language: [['English', 2], ['Urdu', 2], ['Punjabi', 1]], interpreter: 0.3 },
  { weight: 3, childEthnicity: 'ABAN', mother: ['bangladeshi', 'ABAN'], father: ['bangladeshi', 'ABAN'], religion: [['Muslim', 4], [null, 1]], language: [['Bengali (Sylheti)', 2], ['English', 1]], interpreter: 0.4 },
  { weight: 1, childEthnicity: 'AOTH', mother: ['otherAsian', 'AOTH'], father: ['otherAsian', 'AOTH'], religion: [['Buddhist', 2], [null, 1]], language: [['Vietnamese', 2], ['Sinhala', 1]], interpreter: 0.5 },
  { weight: 3, childEthnicity: 'BCRB', mother: ['caribbean', 'BCRB'], father: ['caribbean', 'BCRB'], religion: [['Christian', 2], [null, 1]], language: [['English', 1]], interpreter: 0 },
  { weight: 5, childEthnicity: 'BAFR', mother: ['african', 'BAFR'], father: ['african', 'BAFR'], religion: [['Christian', 2], ['Muslim', 2], [null, 1]], language: [['English', 2], ['Somali', 2], ['Tigrinya', 1], ['Twi', 1], ['Yoruba', 1]], interpreter: 0.4 },
  { weight: 1, childEthnicity: 'BOTH', mother: ['caribbean', 'BCRB'], father: ['african', 'BAFR'], religion: [['Christian', 1]], language: [['English', 1]], interpreter: 0 },
  { weight: 1, childEthnicity: 'CHNE', mother: ['chinese', 'CHNE'], father: ['chinese', 'CHNE'], religion: [[null, 2], ['Buddhist', 1]], language: [['Cantonese', 1], ['Mandarin', 1]], interpreter: 0.5 },
  { weight: 2, childEthnicity: 'OOTH', mother: ['middleEastern', 'OOTH'], father: ['middleEastern', 'OOTH'], religion: [['Muslim', 3], [null, 1]], language: [['Arabic', 1], ['Dari', 1], ['Kurdish (Sorani)', 1]], interpreter: 0.6 },
  { weight: 1, childEthnicity: 'NOBT', mother: ['british', 'NOBT'], father: ['british', 'NOBT'], religion: [[null, 1]], language: [['English', 1]], interpreter: 0 },
]

// ---------------------------------------------------------------- places and partner agencies

const STREETS = [
  'Ropewalk Lane', 'Chandlers Row', 'Anchor Street', 'Quayside Road', 'Netmakers Close', 'Beacon Hill Road', 'Saltings Way',
  'Gull Terrace', 'Ferry Approach', 'Tidewater Avenue', 'Customs House Lane', 'Bosun Court', 'Lantern Street', 'Drydock Road',
  'Compass Way', 'Shipwright Close', 'Mariners Walk', 'Capstan Street', 'Breakwater Road', 'Pilot Street',
]
const BLOCKS = ['Seaview House', 'Harbour Court', 'Lighthouse Tower', 'Dockside House', 'Kestrel House']
const DISTRICTS = ['Northgate', 'Quayside', 'Old Town', 'Saltmarsh', 'Eastbank', 'Westhaven']
const POSTCODE_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ'

type School = { name: string; code: string; dsl: string; slug: string }
const PRIMARY_SCHOOLS: readonly School[] = [
  { name: PARTNER_AGENCY, code: '2014', dsl: 'Karen Doyle', slug: 'harbourside-primary' },
  { name: 'Quayside Primary School', code: '2031', dsl: 'Tom Ashby', slug: 'quayside-primary' },
  { name: "St Brendan's Catholic Primary School", code: '3407', dsl: 'Bernadette Kiely', slug: 'st-brendans' },
  { name: 'Northgate Infant and Junior School', code: '2052', dsl: 'Farida Malik', slug: 'northgate' },
  { name: 'Lighthouse Lane Primary Academy', code: '2068', dsl: 'Owen Pryce', slug: 'lighthouse-lane' },
  { name: 'Saltmarsh Primary School', code: '2075', dsl: 'Ruth Garner', slug: 'saltmarsh-primary' },
]
const SECONDARY_SCHOOLS: readonly School[] = [
  { name: 'Harbourside Academy', code: '4002', dsl: 'Neil Caskey', slug: 'harbourside-academy' },
  { name: 'Harbour View School', code: '4011', dsl: 'Sunita Vora', slug: 'harbour-view' },
  { name: 'Anchorage Community College', code: '4025', dsl: 'Martin Lyle', slug: 'anchorage' },
]
const GP_PRACTICES = [
  { name: 'Quayside Medical Centre', gps: ['Dr Ruth Ansell', 'Dr Kamal Bhatti'] },
  { name: 'Harbourside Health Centre', gps: ['Dr Fiona McLeish', 'Dr Olumide Ade'] },
  { name: 'Northgate Surgery', gps: ['Dr Peter Lang', 'Dr Hana Sato'] },
  { name: 'Old Town Family Practice', gps: ['Dr Gwen Morgan'] },
] as const
const HEALTH_VISITORS = ['Julie Renshaw', 'Abimbola Eze', 'Kerry Tate']
const MIDWIVES = ['Sinead Carr', 'Helen Ostrowski']

// ---------------------------------------------------------------- workforce

type JobRole = 'Service manager' | 'Team manager' | 'Senior practitioner' | 'Social worker' | 'Family support worker'
type StaffSpec = { role: JobRole; username?: string }
type TeamSpec = { name: string; service: number; kind: string; allocates: boolean; staff: readonly StaffSpec[] }

const SERVICE_NAMES = ['Front door and assessment', 'Safeguarding and family support', 'Children in care'] as const

const TM: StaffSpec = { role: 'Team manager' }
const SP: StaffSpec = { role: 'Senior practitioner' }
const SW: StaffSpec = { role: 'Social worker' }
const FSW: StaffSpec = { role: 'Family support worker' }
const SM: StaffSpec = { role: 'Service manager' }

const TEAMS: readonly TeamSpec[] = [
  { name: 'MASH and front door', service: 0, kind: 'front_door', allocates: false, staff: [{ role: 'Service manager', username: 'servicemanager' }, TM, SP, { role: 'Social worker', username: 'frontdoor' }, SW, FSW] },
  { name: 'Assessment North', service: 0, kind: 'assessment', allocates: true, staff: [{ role: 'Team manager', username: 'teammanager' }, SP, { role: 'Social worker', username: 'socialworker' }, SW, SW, FSW] },
  { name: 'Assessment South', service: 0, kind: 'assessment', allocates: true, staff: [TM, SP, SW, SW, FSW] },
  { name: 'Emergency duty team', service: 0, kind: 'edt', allocates: false, staff: [TM, { role: 'Social worker', username: 'edt' }, SW] },
  { name: 'Safeguarding East', service: 1, kind: 'safeguarding', allocates: true, staff: [SM, TM, SP, SW, SW, SW, FSW] },
  { name: 'Safeguarding West', service: 1, kind: 'safeguarding', allocates: true, staff: [TM, SP, SW, SW, FSW] },
  { name: 'Disabled children', service: 1, kind: 'disabled_children', allocates: false, staff: [TM, SW, SW, FSW] },
  { name: 'Children in care', service: 2, kind: 'children_in_care', allocates: true, staff: [SM, TM, SP, SW, SW, SW] },
]

const WORKER_GIVEN = ['Alex', 'Beth', 'Chris', 'Dina', 'Eleanor', 'Femi', 'Gita', 'Helen', 'Ian', 'Jess', 'Kate', 'Nathan', 'Olu', 'Rhys', 'Sian', 'Tom', 'Uzma', 'Vicky', 'Will', 'Zoe', 'Anna', 'Ben', 'Carla', 'Dominic', 'Farah', 'Hugo', 'Imogen', 'Jon', 'Lena', 'Nadia', 'Pete', 'Rosa', 'Simon', 'Tariq', 'Yvonne', 'Gavin', 'Mira', 'Rob', 'Ola', 'Keith']
const WORKER_FAMILY = ['Abbott', 'Bradshaw', 'Coleman', 'Desai', 'Ellison', 'Fairclough', 'Goodwin', 'Hale', 'Ingram', 'Jarvis', 'Kaur', 'Lindqvist', 'Morrow', 'Nolan', 'Oduya', 'Pennington', 'Rowe', 'Shah', 'Tiernan', 'Underwood', 'Varga', 'Whitmore', 'Yates', 'Zielinska', 'Armitage', 'Bello', 'Caldwell', 'Drummond', 'Fenwick', 'Galloway', 'Hollis', 'Kearney', 'Maddox', 'Newbold', 'Quigley', 'Sefton', 'Ruddock', 'Okonjo', 'Lister', 'Carrick', 'Dunmore']

// ---------------------------------------------------------------- the people being built

type PersonSeed = {
  id: string
  givenNames: string
  familyName: string
  dateOfBirth: string | null
  isUnborn: boolean
  expectedDateOfBirth: string | null
  sex: 'M' | 'F' | 'U'
  ethnicityCode: EthnicityCode | null
  religion: string | null
  firstLanguage: string | null
  interpreterNeeded: boolean
  disabilities: DisabilityCode[]
  nhsNumber: string | null
  upn: string | null
  restricted: boolean
}

type AdultRole = 'mother' | 'father' | 'step_parent' | 'partner' | 'grandparent'
type Home = { line1: string; line2: string | null; postcode: string; startDate: string }
type Member = { p: PersonSeed; role: AdultRole; livesWith: boolean; pr: boolean; since: string | null; home: Home | null }
type Family = {
  special: 'ashworth' | 'restricted' | null
  familyName: string
  group: Group | null
  adults: Member[]
  children: PersonSeed[]
  home: Home
  previous: (Home & { endDate: string }) | null
  primary: School
  secondary: School
  practice: (typeof GP_PRACTICES)[number]
}

export async function seedDemoCouncil(database: Database, opts: { password: string; today: string; seed?: number }): Promise<DemoSummary> {
  const today = opts.today
  dayNumber(today) // validates the date
  const rng = new Rng(opts.seed ?? DEFAULT_DEMO_SEED)
  const ids = new Rng(((opts.seed ?? DEFAULT_DEMO_SEED) ^ 0x9e3779b9) >>> 0)
  const passwordHash = await hash(opts.password)

  const daysAgo = (min: number, max: number): string => addDays(today, -rng.int(min, max))
  const adultLimit = addYears(today, -18) // born on or before this day: an adult today
  const childLimit = addDays(addYears(today, -18), 1) // born on or after this day: still a child

  // ---------------------------------------------------------------- services, teams, workers
  const serviceRows = SERVICE_NAMES.map((name) => ({ id: ids.uuid(), name }))
  const teamRows = TEAMS.map((t) => ({ id: ids.uuid(), serviceId: (serviceRows[t.service] as { id: string }).id, name: t.name, kind: t.kind }))
  const workerFamilyNames = rng.shuffle(WORKER_FAMILY)
  const workerGivenNames = rng.shuffle(WORKER_GIVEN)
  const usedSwe = new Set<string>()
  const demoByUsername = new Map(DEMO_USERS.map((u) => [u.username, u]))
  const workerRows: PgInsertValue<typeof worker>[] = []
  const workerIdByUsername = new Map<string, string>()
  type Caseworker = { id: string; teamId: string; username: string | undefined }
  const caseworkers: Caseworker[] = []
  let otherWorkerIndex = 0
  if (TEAMS.reduce((n, t) => n + t.staff.length, 0) > Math.min(WORKER_GIVEN.length, WORKER_FAMILY.length) + DEMO_USERS.length) {
    throw new Error('not enough invented worker names')
  }
  TEAMS.forEach((t, ti) => {
    const teamId = (teamRows[ti] as { id: string }).id
    for (const s of t.staff) {
      const id = ids.uuid()
      const demo = s.username ? demoByUsername.get(s.username) : undefined
      const name = demo ? demo.displayName : `${workerGivenNames[otherWorkerIndex % workerGivenNames.length]} ${workerFamilyNames[otherWorkerIndex++ % workerFamilyNames.length]}`
      const qualified = s.role !== 'Family support worker'
      let swe: string | null = null
      while (qualified && swe === null) {
        const candidate = `SW${String(rng.int(0, 999_999)).padStart(6, '0')}`
        if (!usedSwe.has(candidate)) swe = candidate
      }
      if (swe) usedSwe.add(swe)
      const seniority = s.role === 'Service manager' ? [2500, 7000] : s.role === 'Team manager' ? [1500, 6000] : [60, 4500]
      workerRows.push({
        id,
        name,
        jobRole: s.role,
        qualifiedSocialWorker: qualified,
        sweRegistration: swe,
        fte: demo ? '1.00' : rng.weighted([['1.00', 80], ['0.80', 12], ['0.60', 8]] as const),
        teamId,
        startedOn: daysAgo(seniority[0] as number, seniority[1] as number),
      })
      if (s.username) workerIdByUsername.set(s.username, id)
      if (t.allocates && (s.role === 'Social worker' || s.role === 'Senior practitioner')) caseworkers.push({ id, teamId, username: s.username })
    }
  })

  const userRows = DEMO_USERS.map((u) => ({
    id: ids.uuid(),
    username: u.username,
    displayName: u.displayName,
    passwordHash,
    role: u.role,
    scope: u.scope,
    workerId: workerIdByUsername.get(u.username) ?? null,
    partnerAgency: u.role === 'partner_referrer' ? PARTNER_AGENCY : null,
  }))
  const serviceManagerUserId = (userRows.find((u) => u.username === 'servicemanager') as { id: string }).id

  // ---------------------------------------------------------------- identifiers
  const usedNhs = new Set<string>()
  const nhsNumber = (): string => {
    for (;;) {
      let body = '999'
      for (let i = 0; i < 6; i++) body += String(rng.int(0, 9))
      let sum = 0
      for (let i = 0; i < 9; i++) sum += Number(body[i]) * (10 - i)
      const check = 11 - (sum % 11)
      if (check === 10) continue
      const n = body + String(check === 11 ? 0 : check)
      if (!usedNhs.has(n) && isValidNhsNumber(n)) {
        usedNhs.add(n)
        return n
      }
    }
  }
  const upnSerial = new Map<string, number>()
  const upnFor = (dob: string, school: School): string => {
    const yy = String((parseIsoDate(dob).y + 5) % 100).padStart(2, '0')
    const key = school.code + yy
    const serial = (upnSerial.get(key) ?? rng.int(10, 60)) + 1
    upnSerial.set(key, serial)
    const body = `886${school.code}${yy}${String(serial).padStart(3, '0')}`
    const upn = `${upnCheckLetter(body) ?? ''}${body}`
    if (!isValidUpn(upn)) throw new Error(`generated an invalid UPN ${upn}`)
    return upn
  }
  const postcode = (): string => {
    for (;;) {
      const pc = `HB${rng.int(1, 9)} ${rng.int(1, 9)}${rng.pick([...POSTCODE_LETTERS])}${rng.pick([...POSTCODE_LETTERS])}`
      if (isValidPostcode(pc)) return pc
    }
  }
  const home = (startDate: string): Home => {
    const street = rng.pick(STREETS)
    if (rng.chance(0.15)) return { line1: `Flat ${rng.int(1, 40)}, ${rng.pick(BLOCKS)}`, line2: street, postcode: postcode(), startDate }
    return { line1: `${rng.int(1, 180)} ${street}`, line2: rng.chance(0.4) ? rng.pick(DISTRICTS) : null, postcode: postcode(), startDate }
  }

  // ---------------------------------------------------------------- people
  // Full names are kept distinct (a parent never shares a child's name), so a name finds one person.
  const usedFullNames = new Set<string>()
  const freshGiven = (list: readonly string[], familyName: string, avoid: ReadonlySet<string> = new Set()): string => {
    let given = rng.pick(list)
    const taken = (g: string): boolean => avoid.has(g) || usedFullNames.has(`${g} ${familyName}`)
    for (let tries = 0; tries < 50 && taken(given); tries++) given = rng.pick(list)
    // A small list used up: add a middle name rather than repeat a name.
    for (let tries = 0; tries < 50 && taken(given); tries++) given = `${rng.pick(list)} ${rng.pick(list)}`
    return given
  }
  const blank = (over: Partial<PersonSeed> & Pick<PersonSeed, 'givenNames' | 'familyName' | 'sex'>): PersonSeed => {
    usedFullNames.add(`${over.givenNames} ${over.familyName}`)
    return {
      id: ids.uuid(),
      dateOfBirth: null,
      isUnborn: false,
      expectedDateOfBirth: null,
      ethnicityCode: null,
      religion: null,
      firstLanguage: null,
      interpreterNeeded: false,
      disabilities: [],
      nhsNumber: null,
      upn: null,
      restricted: false,
      ...over,
    }
  }
  /** Identifiers and disability for a child once the family's schools are known. */
  const finishChild = (c: PersonSeed, f: Pick<Family, 'primary'>): void => {
    if (c.isUnborn || !c.dateOfBirth) return
    if (rng.chance(0.8)) c.nhsNumber = nhsNumber()
    const age = ageOn(c.dateOfBirth, today)
    if (age >= 5 && age <= 16 && rng.chance(0.95)) c.upn = upnFor(c.dateOfBirth, f.primary)
    if (rng.chance(0.05)) {
      const first = rng.weighted([['AUT', 4], ['LD', 3], ['COMM', 3], ['BEH', 2], ['MOB', 1], ['HEAR', 1], ['VIS', 1], ['PC', 1]] as const)
      const codes = new Set<DisabilityCode>([first])
      if (rng.chance(0.3)) codes.add(rng.pick((Object.keys(DISABILITY) as DisabilityCode[]).filter((k) => k !== 'NONE')))
      c.disabilities = [...codes].sort()
    }
  }
  const familyBase = (): Pick<Family, 'primary' | 'secondary' | 'practice'> => ({
    primary: rng.pick(PRIMARY_SCHOOLS),
    secondary: rng.pick(SECONDARY_SCHOOLS),
    practice: rng.pick(GP_PRACTICES),
  })

  const families: Family[] = []

  // The Ashworths: fixed, for the browser tests.
  {
    const base = familyBase()
    const f: Family = {
      special: 'ashworth',
      familyName: 'Ashworth',
      group: null,
      adults: [],
      children: [],
      home: home(daysAgo(900, 2500)),
      previous: null,
      ...base,
    }
    const common = { familyName: 'Ashworth', ethnicityCode: 'WBRI' as const, firstLanguage: 'English', religion: null }
    const rachel = blank({ ...common, givenNames: DEMO_FAMILY.mother.givenNames, dateOfBirth: DEMO_FAMILY.mother.dateOfBirth, sex: 'F', nhsNumber: nhsNumber() })
    const leo = blank({ ...common, givenNames: DEMO_CHILD.givenNames, dateOfBirth: DEMO_CHILD.dateOfBirth, sex: 'M' })
    const maisie = blank({ ...common, givenNames: DEMO_FAMILY.sibling.givenNames, dateOfBirth: DEMO_FAMILY.sibling.dateOfBirth, sex: 'F' })
    f.adults.push({ p: rachel, role: 'mother', livesWith: true, pr: true, since: null, home: null })
    f.children.push(leo, maisie)
    for (const c of f.children) finishChild(c, f)
    leo.disabilities = []
    maisie.disabilities = []
    families.push(f)
  }

  // Two restricted records (e.g. a staff member's child), fixed so tests can name them.
  {
    const specs = [
      { child: DEMO_RESTRICTED_CHILDREN[0], sex: 'F' as const, mother: 'Claire', motherDob: '1984-02-11', eth: 'WBRI' as const, lang: 'English' },
      { child: DEMO_RESTRICTED_CHILDREN[1], sex: 'M' as const, mother: 'Sofia', motherDob: '1989-08-30', eth: 'WOTH' as const, lang: 'Italian' },
    ]
    for (const s of specs) {
      const base = familyBase()
      const f: Family = { special: 'restricted', familyName: s.child.familyName, group: null, adults: [], children: [], home: home(daysAgo(400, 3000)), previous: null, ...base }
      const common = { familyName: s.child.familyName, ethnicityCode: s.eth, firstLanguage: s.lang }
      const mother = blank({ ...common, givenNames: s.mother, dateOfBirth: s.motherDob, sex: 'F', nhsNumber: nhsNumber() })
      const child = blank({ ...common, givenNames: s.child.givenNames, dateOfBirth: s.child.dateOfBirth, sex: s.sex, restricted: true })
      f.adults.push({ p: mother, role: 'mother', livesWith: true, pr: true, since: null, home: null })
      f.children.push(child)
      finishChild(child, f)
      families.push(f)
    }
  }

  // The rest of the borough.
  // Families until there are about 200 children (three more, unborn, are added below).
  const CHILDREN_BORN = 197
  while (families.reduce((s, f) => s + f.children.length, 0) < CHILDREN_BORN) {
    const g = rng.weighted(GROUPS.map((x) => [x, x.weight] as const))
    const motherPool: Pool = POOLS[g.mother[0]]
    const fatherPool: Pool = POOLS[g.father[0]]
    const childPools: Pool[] = g.mother[0] === g.father[0] ? [motherPool] : [motherPool, fatherPool]
    const familyName = rng.pick(rng.chance(0.5) ? fatherPool.family : motherPool.family)
    const religion = rng.chance(0.6) ? rng.weighted(g.religion) : null
    const language = rng.weighted(g.language)
    const base = familyBase()
    const currentStart = daysAgo(30, 3650)
    const f: Family = {
      special: null,
      familyName,
      group: g,
      adults: [],
      children: [],
      home: home(currentStart),
      previous: null,
      ...base,
    }
    if (rng.chance(0.25)) {
      const end = addDays(currentStart, -1)
      f.previous = { ...home(addDays(end, -rng.int(180, 2500))), endDate: end }
    }

    // Children: youngest first, each older sibling 11 months to 4 years older, all under 18.
    const wanted = rng.weighted([[1, 20], [2, 30], [3, 27], [4, 14], [5, 9]] as const)
    const maxYoungest = Math.max(60, 18 * 365 - 30 - (wanted - 1) * 900)
    let offset = rng.int(10, maxYoungest)
    const usedGiven = new Set<string>()
    for (let i = 0; i < wanted; i++) {
      const dob = addDays(today, -offset)
      if (dob < childLimit) break
      const sex = rng.chance(0.01) ? 'U' : rng.chance(0.5) ? 'M' : 'F'
      const pool = rng.pick(childPools)
      const list = sex === 'M' ? pool.male : sex === 'F' ? pool.female : [...pool.male, ...pool.female]
      let given = freshGiven(list, familyName, usedGiven)
      usedGiven.add(given)
      if (rng.chance(0.15)) {
        const middle = rng.pick(sex === 'M' ? pool.male : pool.female)
        if (middle !== given) given = `${given} ${middle}`
      }
      const age = ageOn(dob, today)
      f.children.push(
        blank({
          givenNames: given,
          familyName,
          dateOfBirth: dob,
          sex,
          ethnicityCode: rng.chance(0.97) ? g.childEthnicity : 'NOBT',
          religion,
          firstLanguage: language !== 'English' && age >= 5 && rng.chance(0.5) ? 'English' : language,
        }),
      )
      offset += rng.int(330, 1400)
    }
    for (const c of f.children) finishChild(c, f)
    const oldestDob = (f.children[f.children.length - 1] as PersonSeed).dateOfBirth as string

    const adult = (pool: Pool, sex: 'M' | 'F', dob: string, eth: EthnicityCode, famName: string, elder = false): PersonSeed => {
      const list = elder
        ? sex === 'M'
          ? (pool.elderMale ?? pool.male)
          : (pool.elderFemale ?? pool.female)
        : sex === 'M'
          ? (pool.adultMale ?? pool.male)
          : (pool.adultFemale ?? pool.female)
      const lang = rng.chance(0.8) ? (rng.chance(0.85) ? language : 'English') : null
      return blank({
        givenNames: freshGiven(list, famName),
        familyName: famName,
        dateOfBirth: dob,
        sex,
        ethnicityCode: rng.chance(0.95) ? eth : null,
        religion,
        firstLanguage: lang,
        interpreterNeeded: lang !== null && lang !== 'English' && rng.chance(g.interpreter),
        nhsNumber: rng.chance(0.6) ? nhsNumber() : null,
      })
    }
    const clampAdult = (dob: string): string => (dob > adultLimit ? addDays(adultLimit, -rng.int(0, 2500)) : dob)
    const otherName = (pool: Pool): string => {
      let n = rng.pick(pool.family)
      for (let tries = 0; n === familyName && tries < 5; tries++) n = rng.pick(pool.family)
      return n
    }

    const kinship = rng.chance(0.06)
    const motherPresent = !kinship && rng.chance(0.93)
    const fatherPresent = motherPresent ? rng.chance(0.35) : !kinship
    const fatherResident = fatherPresent && (!motherPresent || rng.chance(0.55))
    let motherDob: string | null = null
    if (motherPresent) {
      motherDob = clampAdult(addDays(oldestDob, -rng.int(17 * 365, 38 * 365)))
      const name = rng.chance(0.75) ? familyName : otherName(motherPool)
      f.adults.push({ p: adult(motherPool, 'F', motherDob, g.mother[1], name), role: 'mother', livesWith: true, pr: true, since: null, home: null })
    }
    if (fatherPresent) {
      const dob = clampAdult(addDays(motherDob ?? addDays(oldestDob, -rng.int(19 * 365, 35 * 365)), -rng.int(-700, 3000)))
      const name = rng.chance(0.8) ? familyName : otherName(fatherPool)
      f.adults.push({
        p: adult(fatherPool, 'M', dob, g.father[1], name),
        role: 'father',
        livesWith: fatherResident,
        pr: fatherResident || rng.chance(0.85),
        since: null,
        home: fatherResident ? null : home(daysAgo(60, 2000)),
      })
    }
    if (motherPresent && !fatherResident && rng.chance(0.3)) {
      const step = rng.chance(0.4)
      const pool = rng.pick([motherPool, fatherPool])
      const dob = clampAdult(addDays(motherDob as string, -rng.int(-2000, 3000)))
      const livesWith = step || rng.chance(0.7)
      f.adults.push({
        p: adult(pool, 'M', dob, pool === motherPool ? g.mother[1] : g.father[1], otherName(pool)),
        role: step ? 'step_parent' : 'partner',
        livesWith,
        pr: step && rng.chance(0.3),
        since: daysAgo(60, 2500),
        home: livesWith ? null : home(daysAgo(60, 2000)),
      })
    }
    if (kinship || rng.chance(0.1)) {
      const sex = rng.chance(0.75) ? 'F' : 'M'
      const dob = clampAdult(addDays(motherDob ?? addDays(oldestDob, -rng.int(19 * 365, 30 * 365)), -rng.int(18 * 365, 30 * 365)))
      f.adults.push({
        p: adult(motherPool, sex, dob, g.mother[1], rng.chance(0.6) ? familyName : otherName(motherPool), true),
        role: 'grandparent',
        livesWith: kinship,
        pr: kinship,
        since: kinship ? daysAgo(200, 2000) : null,
        home: kinship ? null : home(daysAgo(365, 9000)),
      })
    }
    families.push(f)
  }

  // Three unborn children, each expected by a mother of child-bearing age.
  const unbornCandidates = rng.shuffle(
    families.filter((f) => {
      const mother = f.adults.find((a) => a.role === 'mother')
      return f.special === null && mother?.p.dateOfBirth && ageOn(mother.p.dateOfBirth, today) < 42
    }),
  )
  const unbornFamilies: Family[] = []
  for (const f of unbornCandidates) {
    if (unbornFamilies.length < 3 && !unbornFamilies.some((u) => u.familyName === f.familyName)) unbornFamilies.push(f)
  }
  for (const f of unbornFamilies) {
    const mother = f.adults.find((a) => a.role === 'mother') as Member
    f.children.push(
      blank({
        givenNames: 'Unborn',
        familyName: f.familyName,
        isUnborn: true,
        expectedDateOfBirth: addDays(today, rng.int(31, 240)),
        sex: 'U',
        ethnicityCode: f.group?.childEthnicity ?? null,
        religion: mother.p.religion,
      }),
    )
  }

  // About ten other names: maiden names of mothers, and alternative spellings met on referrals.
  type NameRow = PgInsertValue<typeof personName>
  const extraNames: NameRow[] = []
  const ordinary = families.filter((f) => f.special === null)
  const mothersWithMarriedName = rng.shuffle(ordinary.flatMap((f) => f.adults.filter((a) => a.role === 'mother' && a.p.familyName === f.familyName).map((a) => ({ a, f }))))
  for (const { a, f } of mothersWithMarriedName.slice(0, 6)) {
    const pool: Pool = POOLS[(f.group as Group).mother[0]]
    const candidates = pool.family.filter((n) => n !== a.p.familyName)
    const dob = a.p.dateOfBirth as string
    const from = dayNumber(addYears(dob, 18))
    const married = isoDay(rng.int(Math.min(from, dayNumber(today) - 30), dayNumber(today) - 30))
    extraNames.push({ id: ids.uuid(), personId: a.p.id, nameType: 'previous', givenNames: a.p.givenNames, familyName: rng.pick(candidates), validTo: married })
  }
  const spelled = rng.shuffle(
    ordinary.flatMap((f) => [...f.adults.map((a) => a.p), ...f.children]).filter((p) => ALIAS_SPELLINGS[p.givenNames.split(' ')[0] as string] !== undefined),
  )
  for (const p of spelled.slice(0, 4)) {
    const [first, ...rest] = p.givenNames.split(' ')
    const alias = [ALIAS_SPELLINGS[first as string] as string, ...rest].join(' ')
    extraNames.push({ id: ids.uuid(), personId: p.id, nameType: 'alias', givenNames: alias, familyName: p.familyName })
  }

  // ---------------------------------------------------------------- allocations
  type AllocationRow = PgInsertValue<typeof allocation>
  const allocationRows: AllocationRow[] = []
  const caseload = new Map<string, number>(caseworkers.map((w) => [w.id, 0]))
  const allocateFamily = (f: Family, w: Caseworker): void => {
    const start = daysAgo(7, 365)
    for (const c of f.children) {
      allocationRows.push({ id: ids.uuid(), personId: c.id, workerId: w.id, teamId: w.teamId, allocationRole: 'allocated_worker', startDate: start, reason: null })
    }
    caseload.set(w.id, (caseload.get(w.id) ?? 0) + f.children.length)
  }
  const sam = caseworkers.find((w) => w.username === 'socialworker') as Caseworker
  const others = caseworkers.filter((w) => w !== sam)
  const totalChildren = families.reduce((s, f) => s + f.children.length, 0)
  allocateFamily(families[0] as Family, sam)
  let samCount = (families[0] as Family).children.length
  const pending = rng.shuffle(ordinary)
  for (const f of [...pending]) {
    if (samCount === SOCIAL_WORKER_CASELOAD) break
    if (f.children.some((c) => c.isUnborn) || samCount + f.children.length > SOCIAL_WORKER_CASELOAD) continue
    allocateFamily(f, sam)
    samCount += f.children.length
    pending.splice(pending.indexOf(f), 1)
  }
  if (samCount !== SOCIAL_WORKER_CASELOAD) throw new Error(`could not give socialworker exactly ${SOCIAL_WORKER_CASELOAD} children`)
  let allocatedChildren = samCount
  for (const f of pending) {
    if (allocatedChildren + f.children.length > totalChildren * 0.6) continue
    const lightest = [...others].sort((a, b) => (caseload.get(a.id) ?? 0) - (caseload.get(b.id) ?? 0)).slice(0, 3)
    allocateFamily(f, rng.pick(lightest))
    allocatedChildren += f.children.length
  }

  // ---------------------------------------------------------------- rows
  let refNumber = 1000
  const personRows: PgInsertValue<typeof person>[] = []
  const nameRows: NameRow[] = []
  const addressRows: PgInsertValue<typeof address>[] = []
  const relationshipRows: PgInsertValue<typeof personRelationship>[] = []
  const professionalRows: PgInsertValue<typeof professionalInvolvement>[] = []
  const grantRows: PgInsertValue<typeof personAccessGrant>[] = []
  let adults = 0
  let children = 0

  const addPerson = (p: PersonSeed): void => {
    const { id, ...details } = p
    personRows.push({ id, personRef: `P${String(refNumber++).padStart(6, '0')}`, ...details })
    nameRows.push({ id: ids.uuid(), personId: id, nameType: 'current', givenNames: p.givenNames, familyName: p.familyName })
    if (p.restricted) grantRows.push({ personId: id, userId: serviceManagerUserId })
  }
  const addAddress = (p: PersonSeed, h: Home, endDate: string | null = null): void => {
    if (p.isUnborn && endDate !== null) return
    const born = p.dateOfBirth ?? h.startDate
    if (endDate !== null && born > endDate) return
    addressRows.push({ id: ids.uuid(), personId: p.id, line1: h.line1, line2: h.line2, town: TOWN, postcode: h.postcode, startDate: later(h.startDate, born), endDate })
  }
  const relate = (from: PersonSeed, to: PersonSeed, type: RelationshipType, pr: boolean, livesWith: boolean, startDate: string | null): void => {
    relationshipRows.push({ id: ids.uuid(), personId: from.id, relatedPersonId: to.id, relationshipType: type, parentalResponsibility: pr, livesWith, startDate })
  }
  const phone = (): string => `01632 960${String(rng.int(0, 999)).padStart(3, '0')}`
  const professional = (p: PersonSeed, name: string, role: string, organisation: string, email: string | null): void => {
    professionalRows.push({ id: ids.uuid(), personId: p.id, name, role, organisation, phone: phone(), email })
  }

  const oldestFirst = (x: PersonSeed, y: PersonSeed): number => (x.dateOfBirth ?? '9999').localeCompare(y.dateOfBirth ?? '9999')
  for (const f of families) {
    f.children.sort(oldestFirst)
    for (const a of f.adults) {
      addPerson(a.p)
      adults++
      addAddress(a.p, a.home ?? f.home)
      if (!a.home && f.previous) addAddress(a.p, f.previous, f.previous.endDate)
    }
    for (const c of f.children) {
      addPerson(c)
      children++
      addAddress(c, f.home)
      if (f.previous) addAddress(c, f.previous, f.previous.endDate)
      for (const a of f.adults) {
        const type: RelationshipType = a.role === 'mother' || a.role === 'father' ? 'parent' : a.role
        relate(a.p, c, type, a.pr, a.livesWith, a.since)
      }
      // Professionals around the child.
      if (c.isUnborn) {
        professional(c, rng.pick(MIDWIVES), 'Midwife', 'Harbourside General Hospital maternity unit', null)
        continue
      }
      const age = ageOn(c.dateOfBirth as string, today)
      if (rng.chance(0.6)) professional(c, rng.pick(f.practice.gps), 'GP', f.practice.name, null)
      if (age < 5 && rng.chance(0.4)) professional(c, rng.pick(HEALTH_VISITORS), 'Health visitor', 'Harbourside Community Health', null)
      if (age >= 5 && age <= 16 && rng.chance(0.6)) {
        const school = age <= 10 ? f.primary : f.secondary
        professional(c, school.dsl, 'Designated safeguarding lead (school)', school.name, `dsl@${school.slug}.example`)
      }
    }
    // Siblings: one row per pair, older first ("A is the sibling of B").
    const born = f.children
    for (let i = 0; i < born.length; i++) {
      for (let j = i + 1; j < born.length; j++) relate(born[i] as PersonSeed, born[j] as PersonSeed, 'sibling', false, true, null)
    }
  }
  nameRows.push(...extraNames)

  // ---------------------------------------------------------------- the front door: history and today's queue
  // Its own random streams, so the people above stay exactly as they were before it existed.
  const userId = (username: string): string => (userRows.find((u) => u.username === username) as { id: string }).id
  const frontDoorFamilies: FrontDoorFamily[] = families.map((f) => ({
    special: f.special,
    children: f.children,
    adults: f.adults.map((a) => ({ ...a.p, role: a.role, livesWith: a.livesWith })),
    home: { line1: f.home.line1, line2: f.home.line2, town: TOWN, postcode: f.home.postcode },
    primary: f.primary,
    secondary: f.secondary,
    practice: f.practice,
  }))
  const seed = opts.seed ?? DEFAULT_DEMO_SEED
  const frontDoor = buildDemoFrontDoor({
    today,
    rng: new Rng((seed ^ 0x3c6ef372) >>> 0),
    ids: new Rng((seed ^ 0xa54ff53a) >>> 0),
    families: frontDoorFamilies,
    openAllocations: new Map(allocationRows.filter((a) => !a.endDate).map((a) => [a.personId as string, a.startDate as string])),
    users: {
      frontdoor: userId('frontdoor'),
      teammanager: userId('teammanager'),
      servicemanager: serviceManagerUserId,
      edt: userId('edt'),
      admin: userId('admin'),
      partner: { id: userId('partner'), username: 'partner', displayName: (demoByUsername.get('partner') as { displayName: string }).displayName, agency: PARTNER_AGENCY },
    },
    healthVisitors: HEALTH_VISITORS,
    midwives: MIDWIVES,
  })

  // ---------------------------------------------------------------- write it, all or nothing
  await database.db.transaction(async (tx) => {
    await insertAll(tx, service, serviceRows)
    await insertAll(tx, team, teamRows)
    await insertAll(tx, worker, workerRows)
    await insertAll(tx, userAccount, userRows)
    await insertAll(tx, person, personRows)
    await insertAll(tx, personName, nameRows)
    await insertAll(tx, address, addressRows)
    await insertAll(tx, personRelationship, relationshipRows)
    await insertAll(tx, professionalInvolvement, professionalRows)
    await insertAll(tx, allocation, allocationRows)
    await insertAll(tx, personAccessGrant, grantRows)
    await insertAll(tx, councilClosureDay, frontDoor.closureDays)
    await insertAll(tx, contact, frontDoor.contacts)
    await insertAll(tx, contactChild, frontDoor.contactChildren)
    await insertAll(tx, contactAdult, frontDoor.contactAdults)
    await insertAll(tx, agencyCheck, frontDoor.agencyChecks)
    await insertAll(tx, referral, frontDoor.referrals)
    await insertAll(tx, referrerFeedback, frontDoor.feedback)
    await insertAll(tx, policeNotification, frontDoor.policeNotifications)
    await insertAll(tx, policeNotificationChild, frontDoor.policeNotificationChildren)
    await insertAll(tx, chronologyEntry, frontDoor.chronology)
    await insertAll(tx, auditLog, frontDoor.audit)
    // New people, contacts, referrals and notifications created in the app continue after the seeded references.
    await tx.execute(sql`select setval('person_ref_seq', ${refNumber - 1})`)
    const { lastRef } = frontDoor
    if (lastRef.contact > 0) await tx.execute(sql`select setval('contact_ref_seq', ${lastRef.contact})`)
    if (lastRef.referral > 0) await tx.execute(sql`select setval('referral_ref_seq', ${lastRef.referral})`)
    if (lastRef.policeNotification > 0) await tx.execute(sql`select setval('police_notification_ref_seq', ${lastRef.policeNotification})`)
  })
  const casework = await database.db.transaction((tx) => seedDemoCasework(tx, { today, seed, userIds: new Map(userRows.map((u) => [u.username, u.id])) }))
  casework.caseAudit = await seedDemoCaseAudit(database, { today, seed })

  return {
    services: serviceRows.length,
    teams: teamRows.length,
    workers: workerRows.length,
    users: userRows.length,
    children,
    adults,
    relationships: relationshipRows.length,
    frontDoor: frontDoor.summary,
    casework,
  }
}

async function insertAll<T extends PgTable>(tx: Tx, table: T, values: PgInsertValue<T>[]): Promise<void> {
  for (let i = 0; i < values.length; i += 500) await tx.insert(table).values(values.slice(i, i + 500))
}
