/**
 * Harbour's schema, in one typed place. `npm run db:generate` writes the SQL migrations in
 * src/db/migrations from this file (offline); hand-written SQL (extensions, triggers, trigram indexes)
 * lives in custom migrations beside them. Names follow the statutory vocabulary (docs/glossary.md).
 */
import { sql } from 'drizzle-orm'
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })

export const roleEnum = pgEnum('user_role', [
  'front_door_worker',
  'social_worker',
  'team_manager',
  'service_manager',
  'edt_worker',
  'conference_chair',
  'auditor',
  'performance_analyst',
  'administrator',
  'partner_referrer',
])

export const scopeEnum = pgEnum('access_scope', ['own_caseload', 'team', 'service', 'council', 'none'])

// ---------------------------------------------------------------- organisation and workforce

export const service = pgTable('service', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
})

export const team = pgTable(
  'team',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => service.id),
    name: text('name').notNull().unique(),
    kind: text('kind').notNull(),
  },
  (t) => [index('team_service_idx').on(t.serviceId)],
)

export const worker = pgTable(
  'worker',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    jobRole: text('job_role').notNull(),
    qualifiedSocialWorker: boolean('qualified_social_worker').notNull().default(false),
    sweRegistration: text('swe_registration'),
    fte: numeric('fte', { precision: 3, scale: 2 }).notNull().default('1.00'),
    teamId: uuid('team_id').references(() => team.id),
    startedOn: date('started_on').notNull(),
    leftOn: date('left_on'),
    /** In the assessed and supported year in employment (ASYE): a lower caseload, more supervision. */
    newlyQualified: boolean('newly_qualified').notNull().default(false),
    /** Overrides the caseload limit rule for this worker (children, already pro rata). */
    caseloadLimit: integer('caseload_limit'),
    /** Overrides how often supervision is due (days); default monthly, fortnightly if newly qualified. */
    supervisionFrequencyDays: integer('supervision_frequency_days'),
  },
  (t) => [index('worker_team_idx').on(t.teamId), check('worker_fte_range', sql`${t.fte} > 0 and ${t.fte} <= 1`)],
)

export const userAccount = pgTable(
  'user_account',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: roleEnum('role').notNull(),
    scope: scopeEnum('scope').notNull(),
    workerId: uuid('worker_id').references(() => worker.id),
    partnerAgency: text('partner_agency'),
    failedSignIns: integer('failed_sign_ins').notNull().default(0),
    lockedUntil: ts('locked_until'),
    disabled: boolean('disabled').notNull().default(false),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('user_account_username_key').on(sql`lower(${t.username})`)],
)

export const session = pgTable(
  'session',
  {
    /** sha256 of the cookie token: a leaked table cannot be replayed as cookies. */
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => userAccount.id),
    csrfToken: text('csrf_token').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    endedAt: ts('ended_at'),
  },
  (t) => [index('session_user_idx').on(t.userId)],
)

// ---------------------------------------------------------------- the person index

export const person = pgTable(
  'person',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Human reference shown on screen and quoted on the phone, e.g. P004127. */
    personRef: text('person_ref').notNull().unique(),
    givenNames: text('given_names').notNull(),
    familyName: text('family_name').notNull(),
    /** Generated for search; stored so the trigram index covers it. */
    fullName: text('full_name').generatedAlwaysAs(sql`given_names || ' ' || family_name`),
    dateOfBirth: date('date_of_birth'),
    isUnborn: boolean('is_unborn').notNull().default(false),
    expectedDateOfBirth: date('expected_date_of_birth'),
    dateOfDeath: date('date_of_death'),
    sex: text('sex').notNull(),
    genderIdentity: text('gender_identity'),
    ethnicityCode: text('ethnicity_code'),
    religion: text('religion'),
    firstLanguage: text('first_language'),
    interpreterNeeded: boolean('interpreter_needed').notNull().default(false),
    /** CIN census disability codes; earlier sets are kept in the audit history. */
    disabilities: text('disabilities').array().notNull().default(sql`'{}'::text[]`),
    nhsNumber: text('nhs_number'),
    upn: text('upn'),
    /** CIN census UPNunknown (UN1–UN7): why there is no UPN, when there is none. */
    upnUnknownReason: text('upn_unknown_reason'),
    restricted: boolean('restricted').notNull().default(false),
    /** Optimistic concurrency: every amendment must name the version it read. */
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: uuid('created_by').references(() => userAccount.id),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    updatedBy: uuid('updated_by').references(() => userAccount.id),
  },
  (t) => [
    check('person_sex_code', sql`${t.sex} in ('M','F','U')`),
    check('person_upn_unknown_code', sql`${t.upnUnknownReason} is null or ${t.upnUnknownReason} in ('UN1','UN2','UN3','UN4','UN5','UN6','UN7')`),
    check('person_unborn_has_edd', sql`not ${t.isUnborn} or ${t.expectedDateOfBirth} is not null`),
    check('person_born_has_dob_or_unknown', sql`${t.isUnborn} or ${t.expectedDateOfBirth} is null`),
    index('person_dob_idx').on(t.dateOfBirth),
    // Search by date of birth also matches an unborn child's expected date: both indexed, so the two
    // combine (a bitmap OR) instead of reading every person.
    index('person_edd_idx').on(t.expectedDateOfBirth).where(sql`${t.expectedDateOfBirth} is not null`),
    uniqueIndex('person_nhs_number_key').on(t.nhsNumber),
    index('person_upn_idx').on(t.upn),
    index('person_family_name_idx').on(sql`lower(${t.familyName})`),
  ],
)

export const personName = pgTable(
  'person_name',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    /** current | alias | previous */
    nameType: text('name_type').notNull(),
    givenNames: text('given_names').notNull(),
    familyName: text('family_name').notNull(),
    fullName: text('full_name').generatedAlwaysAs(sql`given_names || ' ' || family_name`),
    validFrom: date('valid_from'),
    validTo: date('valid_to'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    check('person_name_type', sql`${t.nameType} in ('current','alias','previous')`),
    index('person_name_person_idx').on(t.personId),
  ],
)

export const address = pgTable(
  'address',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    line1: text('line1').notNull(),
    line2: text('line2'),
    town: text('town').notNull(),
    postcode: text('postcode').notNull(),
    startDate: date('start_date').notNull(),
    endDate: date('end_date'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('address_person_idx').on(t.personId),
    index('address_postcode_idx').on(sql`replace(${t.postcode}, ' ', '')`),
    check('address_dates', sql`${t.endDate} is null or ${t.endDate} >= ${t.startDate}`),
  ],
)

export const personRelationship = pgTable(
  'person_relationship',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Read as: person_id is the <relationship_type> of related_person_id (e.g. parent of). */
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    relatedPersonId: uuid('related_person_id')
      .notNull()
      .references(() => person.id),
    relationshipType: text('relationship_type').notNull(),
    parentalResponsibility: boolean('parental_responsibility').notNull().default(false),
    livesWith: boolean('lives_with').notNull().default(false),
    startDate: date('start_date'),
    endDate: date('end_date'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    check('relationship_not_self', sql`${t.personId} <> ${t.relatedPersonId}`),
    index('relationship_person_idx').on(t.personId),
    index('relationship_related_idx').on(t.relatedPersonId),
  ],
)

export const professionalInvolvement = pgTable(
  'professional_involvement',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    name: text('name').notNull(),
    role: text('role').notNull(),
    organisation: text('organisation').notNull(),
    phone: text('phone'),
    email: text('email'),
    startDate: date('start_date'),
    endDate: date('end_date'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('professional_person_idx').on(t.personId)],
)

/**
 * Allocation of a child to a named worker in a team. Issue 5 builds the workflow; the table exists now
 * because access scopes (own caseload, team, service) are defined by it.
 */
export const allocation = pgTable(
  'allocation',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    workerId: uuid('worker_id')
      .notNull()
      .references(() => worker.id),
    teamId: uuid('team_id')
      .notNull()
      .references(() => team.id),
    allocationRole: text('allocation_role').notNull().default('allocated_worker'),
    startDate: date('start_date').notNull(),
    endDate: date('end_date'),
    reason: text('reason'),
    /** SSDA903 social-worker change reason when the allocation ended (MANAGE, LEFTRL, …). */
    endReason: text('end_reason'),
    /** The manager's reason for allocating beyond the worker's caseload limit. */
    overLimitReason: text('over_limit_reason'),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: uuid('created_by').references(() => userAccount.id),
    endedBy: uuid('ended_by').references(() => userAccount.id),
  },
  (t) => [
    index('allocation_person_idx').on(t.personId),
    // One named allocated worker per child at a time (co-workers are extra rows with another role).
    uniqueIndex('allocation_one_allocated_worker').on(t.personId).where(sql`${t.endDate} is null and ${t.allocationRole} = 'allocated_worker'`),
    uniqueIndex('allocation_one_open_per_worker').on(t.personId, t.workerId).where(sql`${t.endDate} is null`),
    index('allocation_worker_open_idx').on(t.workerId).where(sql`${t.endDate} is null`),
    index('allocation_team_open_idx').on(t.teamId).where(sql`${t.endDate} is null`),
  ],
)

/** Restricted records (children of staff, high-profile cases) are visible only to those named here. */
export const personAccessGrant = pgTable(
  'person_access_grant',
  {
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => userAccount.id),
    grantedAt: ts('granted_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('person_access_grant_key').on(t.personId, t.userId)],
)

// ---------------------------------------------------------------- drafts

/**
 * What a user has typed into a form but not yet saved, kept on the server so a session timeout or a
 * closed tab never loses work. One draft per user per form; deleted when the form is saved.
 */
export const formDraft = pgTable(
  'form_draft',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => userAccount.id),
    formKey: text('form_key').notNull(),
    personId: uuid('person_id').references(() => person.id),
    data: jsonb('data').notNull(),
    savedAt: ts('saved_at').notNull(),
  },
  (t) => [uniqueIndex('form_draft_key').on(t.userId, t.formKey)],
)

// ---------------------------------------------------------------- audit

/**
 * Append-only: every change (before/after) and every view of a person's record. A trigger in the
 * migrations refuses UPDATE, DELETE and TRUNCATE, so not even the application can rewrite it.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull().defaultNow(),
    userId: uuid('user_id'),
    username: text('username'),
    action: text('action').notNull(),
    entityType: text('entity_type'),
    entityId: text('entity_id'),
    personId: uuid('person_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    ip: text('ip'),
    requestId: text('request_id'),
  },
  (t) => [
    index('audit_log_person_idx').on(t.personId, t.at),
    index('audit_log_user_idx').on(t.userId, t.at),
  ],
)

// ---------------------------------------------------------------- front door (issue 3)

/** Days the council's offices are closed (e.g. between Christmas and New Year): not working days. */
export const councilClosureDay = pgTable('council_closure_day', {
  day: date('day').primaryKey(),
  reason: text('reason').notNull(),
  createdBy: uuid('created_by').references(() => userAccount.id),
  createdAt: ts('created_at').notNull().defaultNow(),
})

/**
 * A contact: information about one or more children arriving at the front door. Decided child by child
 * (contact_child) by a qualified manager within one working day of receipt.
 */
export const contact = pgTable(
  'contact',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contactRef: text('contact_ref').notNull().unique(),
    receivedAt: ts('received_at').notNull(),
    channel: text('channel').notNull(),
    sourceCode: text('source_code').notNull(),
    referrerName: text('referrer_name'),
    referrerAgency: text('referrer_agency'),
    referrerRole: text('referrer_role'),
    referrerPhone: text('referrer_phone'),
    referrerEmail: text('referrer_email'),
    concern: text('concern').notNull(),
    parentsAware: text('parents_aware').notNull(),
    consent: text('consent').notNull(),
    noConsentReason: text('no_consent_reason'),
    immediateSafety: text('immediate_safety'),
    thresholdLevel: text('threshold_level'),
    rag: text('rag'),
    screeningNotes: text('screening_notes'),
    screenedAt: ts('screened_at'),
    screenedBy: uuid('screened_by').references(() => userAccount.id),
    /** The date by which every child on the contact must be decided (1 working day after receipt). */
    decisionDueDate: date('decision_due_date').notNull(),
    /** Set when every child on the contact has a decision. */
    decidedAt: ts('decided_at'),
    outOfHours: boolean('out_of_hours').notNull().default(false),
    handoverAcknowledgedAt: ts('handover_acknowledged_at'),
    handoverAcknowledgedBy: uuid('handover_acknowledged_by').references(() => userAccount.id),
    /** When the referrer was first told the outcome (referrer_feedback), kept here so the list of contacts
     * awaiting feedback is one partial-index read however many contacts the council has had. */
    feedbackGivenOn: date('feedback_given_on'),
    submittedByPartner: uuid('submitted_by_partner').references(() => userAccount.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: uuid('created_by').references(() => userAccount.id),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('contact_undecided_idx').on(t.receivedAt).where(sql`${t.decidedAt} is null`),
    index('contact_handover_idx').on(t.receivedAt).where(sql`${t.outOfHours} and ${t.handoverAcknowledgedAt} is null`),
    index('contact_partner_idx').on(t.submittedByPartner),
    index('contact_feedback_due_idx').on(t.decidedAt).where(sql`${t.decidedAt} is not null and ${t.feedbackGivenOn} is null and ${t.sourceCode} not in ('9', '10')`),
    index('contact_decided_idx').on(t.decidedAt),
    // The dashboard counts contacts by month received (a range, not the whole table).
    index('contact_received_idx').on(t.receivedAt),
    check('contact_rag', sql`${t.rag} is null or ${t.rag} in ('red','amber','green')`),
  ],
)

export const contactChild = pgTable(
  'contact_child',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contact.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    outcome: text('outcome'),
    reasons: text('reasons'),
    decidedAt: ts('decided_at'),
    decidedBy: uuid('decided_by').references(() => userAccount.id),
    referralId: uuid('referral_id'),
  },
  (t) => [uniqueIndex('contact_child_key').on(t.contactId, t.personId), index('contact_child_person_idx').on(t.personId), index('contact_child_decided_idx').on(t.decidedAt)],
)

export const contactAdult = pgTable(
  'contact_adult',
  {
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contact.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    role: text('role').notNull(),
  },
  (t) => [uniqueIndex('contact_adult_key').on(t.contactId, t.personId)],
)

/** MASH agency checks: who asked which agency, when, and what came back. */
export const agencyCheck = pgTable(
  'agency_check',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contact.id),
    agency: text('agency').notNull(),
    requestedAt: ts('requested_at').notNull(),
    requestedBy: uuid('requested_by').references(() => userAccount.id),
    returnedAt: ts('returned_at'),
    returnedBy: uuid('returned_by').references(() => userAccount.id),
    summary: text('summary'),
  },
  (t) => [index('agency_check_contact_idx').on(t.contactId)],
)

/**
 * A referral: a request for services for a child not already open to children's social care (CIN
 * census). It opens the child's episode; at most one open episode per child.
 */
export const referral = pgTable(
  'referral',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    referralRef: text('referral_ref').notNull().unique(),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    contactId: uuid('contact_id').references(() => contact.id),
    referralDate: date('referral_date').notNull(),
    sourceCode: text('source_code').notNull(),
    /** A previous referral for the child within 12 months before this one (DfE re-referral measure). */
    isReReferral: boolean('is_re_referral').notNull(),
    referralsInLast12Months: integer('referrals_in_last_12_months').notNull(),
    primaryNeedCode: text('primary_need_code'),
    closedOn: date('closed_on'),
    closureReason: text('closure_reason'),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: uuid('created_by').references(() => userAccount.id),
  },
  (t) => [
    index('referral_person_idx').on(t.personId, t.referralDate),
    index('referral_contact_idx').on(t.contactId),
    // The dashboard counts the last two days' referrals from the records (ADR 0011).
    index('referral_date_idx').on(t.referralDate),
    uniqueIndex('referral_one_open_per_child').on(t.personId).where(sql`${t.closedOn} is null`),
  ],
)

/** What the referrer was told about the outcome, and when (Working Together: feed back to referrers). */
export const referrerFeedback = pgTable(
  'referrer_feedback',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contact.id),
    givenOn: date('given_on').notNull(),
    method: text('method').notNull(),
    summary: text('summary').notNull(),
    recordedBy: uuid('recorded_by').references(() => userAccount.id),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
  },
  (t) => [index('referrer_feedback_contact_idx').on(t.contactId)],
)

/**
 * Police notifications (e.g. domestic abuse incidents where children were present): their own queue,
 * triaged into no further action, a letter to the family, early help, or a contact for screening.
 */
export const policeNotification = pgTable(
  'police_notification',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    notificationRef: text('notification_ref').notNull().unique(),
    policeReference: text('police_reference').notNull(),
    receivedAt: ts('received_at').notNull(),
    incidentDate: date('incident_date').notNull(),
    incidentType: text('incident_type').notNull(),
    riskLevel: text('risk_level').notNull(),
    childrenPresent: boolean('children_present').notNull().default(true),
    summary: text('summary').notNull(),
    outcome: text('outcome'),
    outcomeReasons: text('outcome_reasons'),
    triagedAt: ts('triaged_at'),
    triagedBy: uuid('triaged_by').references(() => userAccount.id),
    contactId: uuid('contact_id').references(() => contact.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: uuid('created_by').references(() => userAccount.id),
  },
  (t) => [
    index('police_notification_untriaged_idx').on(t.receivedAt).where(sql`${t.triagedAt} is null`),
    uniqueIndex('police_notification_police_ref_key').on(t.policeReference),
  ],
)

export const policeNotificationChild = pgTable(
  'police_notification_child',
  {
    notificationId: uuid('notification_id')
      .notNull()
      .references(() => policeNotification.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
  },
  (t) => [uniqueIndex('police_notification_child_key').on(t.notificationId, t.personId), index('police_notification_child_person_idx').on(t.personId)],
)

/** The child's chronology: every significant event, in order, with where it came from. */
export const chronologyEntry = pgTable(
  'chronology_entry',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    occurredAt: ts('occurred_at').notNull(),
    kind: text('kind').notNull(),
    summary: text('summary').notNull(),
    sourceType: text('source_type'),
    sourceId: uuid('source_id'),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
    recordedBy: uuid('recorded_by').references(() => userAccount.id),
    /** The order entries were written in: breaks ties between entries of the same moment (a use case often
     * writes two or three at once), so the chronology reads the same way every time. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
  },
  (t) => [index('chronology_person_idx').on(t.personId, t.occurredAt)],
)

// ---------------------------------------------------------------- assessments (issue 4)

/**
 * Which assessment framework applies from which date, per council. Chosen by the referral's date
 * (REFERENCE §2: rules are chosen by the anchor event's date, not today's), so a case that started under
 * one framework keeps its timescale when the council moves to the next.
 */
export const assessmentFrameworkPeriod = pgTable(
  'assessment_framework_period',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    framework: text('framework').notNull(),
    effectiveFrom: date('effective_from').notNull().unique(),
    /** Local checkpoints in working days from the start (e.g. 10, 20, 35 under a 45-day maximum). */
    internalTargets: integer('internal_targets').array().notNull().default(sql`'{}'::integer[]`),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: uuid('created_by').references(() => userAccount.id),
  },
  (t) => [check('assessment_framework_code', sql`${t.framework} in ('fa2000','wt2010','wt2023')`)],
)

/** An initial, core or single assessment of a child within an open referral (CIN census Assessments). */
export const assessment = pgTable(
  'assessment',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    assessmentRef: text('assessment_ref').notNull().unique(),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referral.id),
    kind: text('kind').notNull(),
    framework: text('framework').notNull(),
    startDate: date('start_date').notNull(),
    /** Fixed when the assessment starts, from the framework and the working-day calendar. */
    dueDate: date('due_date').notNull(),
    status: text('status').notNull().default('in_progress'),
    workerId: uuid('worker_id').references(() => worker.id),
    teamId: uuid('team_id').references(() => team.id),
    childWishes: text('child_wishes'),
    parentsViews: text('parents_views'),
    diversity: text('diversity'),
    interpreterUsed: boolean('interpreter_used'),
    developmentalNeeds: text('developmental_needs'),
    parentingCapacity: text('parenting_capacity'),
    familyEnvironment: text('family_environment'),
    history: text('history'),
    analysis: text('analysis'),
    risks: text('risks'),
    /** CIN census assessment factor codes (REFERENCE §6). */
    factors: text('factors').array().notNull().default(sql`'{}'::text[]`),
    /** CIN census PrimaryNeedCode (N0–N9): the main reason the child is in need, as the worker judges it. */
    primaryNeedCode: text('primary_need_code'),
    outcome: text('outcome'),
    sharedOn: date('shared_on'),
    sharedHow: text('shared_how'),
    familyComments: text('family_comments'),
    delayReason: text('delay_reason'),
    submittedAt: ts('submitted_at'),
    submittedBy: uuid('submitted_by').references(() => userAccount.id),
    authorisedAt: ts('authorised_at'),
    authorisedBy: uuid('authorised_by').references(() => userAccount.id),
    /** The authorisation date: the statutory completion date (CIN census AssessmentAuthorisationDate). */
    completedOn: date('completed_on'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: uuid('created_by').references(() => userAccount.id),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    updatedBy: uuid('updated_by').references(() => userAccount.id),
  },
  (t) => [
    index('assessment_person_idx').on(t.personId, t.startDate),
    index('assessment_referral_idx').on(t.referralId),
    index('assessment_open_due_idx').on(t.dueDate).where(sql`${t.status} <> 'authorised'`),
    index('assessment_completed_idx').on(t.completedOn),
    index('assessment_open_worker_idx').on(t.workerId).where(sql`${t.status} <> 'authorised'`),
    index('assessment_open_team_idx').on(t.teamId).where(sql`${t.status} <> 'authorised'`),
    // Assessments open at some point in a period: not completed (this index) or completed after its start (completed_on).
    index('assessment_uncompleted_idx').on(t.startDate).where(sql`${t.completedOn} is null`),
    uniqueIndex('assessment_one_open_kind_per_referral').on(t.referralId, t.kind).where(sql`${t.status} <> 'authorised'`),
    check('assessment_kind_code', sql`${t.kind} in ('initial','core','single')`),
    check('assessment_primary_need_code', sql`${t.primaryNeedCode} is null or ${t.primaryNeedCode} in ('N0','N1','N2','N3','N4','N5','N6','N7','N8','N9')`),
    check('assessment_framework_code', sql`${t.framework} in ('fa2000','wt2010','wt2023')`),
    check('assessment_status_code', sql`${t.status} in ('in_progress','submitted','returned','authorised')`),
    check('assessment_authorised_has_completion', sql`${t.status} <> 'authorised' or (${t.completedOn} is not null and ${t.outcome} is not null)`),
  ],
)

/** Each time the child was seen during the assessment, and whether alone (Annex A list 4). */
export const assessmentChildSeen = pgTable(
  'assessment_child_seen',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => assessment.id),
    seenOn: date('seen_on').notNull(),
    seenAlone: boolean('seen_alone').notNull(),
    note: text('note'),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
    recordedBy: uuid('recorded_by').references(() => userAccount.id),
  },
  (t) => [index('assessment_child_seen_idx').on(t.assessmentId, t.seenOn)],
)

/** The sign-off trail of an assessment: submitted, returned with comments, authorised. */
export const assessmentReview = pgTable(
  'assessment_review',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => assessment.id),
    action: text('action').notNull(),
    comments: text('comments'),
    actedAt: ts('acted_at').notNull(),
    actedBy: uuid('acted_by')
      .notNull()
      .references(() => userAccount.id),
  },
  (t) => [index('assessment_review_idx').on(t.assessmentId, t.actedAt), check('assessment_review_action', sql`${t.action} in ('submitted','returned','authorised')`)],
)

// ---------------------------------------------------------------- management oversight (issues 4 and 5)

/**
 * A recorded management decision at any step of the case: who, when, the decision and its reasons.
 * Its directions are tasks (below) with due dates. Shown on the child's file and in the chronology.
 */
export const managementDecision = pgTable(
  'management_decision',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    /** contact | referral | assessment | plan | allocation | transfer | closure | supervision | other */
    stage: text('stage').notNull(),
    subjectType: text('subject_type'),
    subjectId: uuid('subject_id'),
    decision: text('decision').notNull(),
    reasons: text('reasons').notNull(),
    decidedAt: ts('decided_at').notNull(),
    decidedBy: uuid('decided_by')
      .notNull()
      .references(() => userAccount.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('management_decision_person_idx').on(t.personId, t.decidedAt),
    check('management_decision_stage', sql`${t.stage} in ('contact','referral','assessment','plan','allocation','transfer','closure','supervision','other')`),
  ],
)

/**
 * Something a named worker must do by a date: a management direction, a supervision action, an audit
 * action, or a worker's own reminder. Feeds "My work".
 */
export const task = pgTable(
  'task',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id').references(() => person.id),
    title: text('title').notNull(),
    details: text('details'),
    dueDate: date('due_date').notNull(),
    assignedWorkerId: uuid('assigned_worker_id').references(() => worker.id),
    /** management_direction | supervision_action | audit_action | manual */
    sourceType: text('source_type').notNull(),
    sourceId: uuid('source_id'),
    managementDecisionId: uuid('management_decision_id').references(() => managementDecision.id),
    completedAt: ts('completed_at'),
    completedBy: uuid('completed_by').references(() => userAccount.id),
    completionNote: text('completion_note'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: uuid('created_by').references(() => userAccount.id),
  },
  (t) => [
    index('task_open_worker_idx').on(t.assignedWorkerId, t.dueDate).where(sql`${t.completedAt} is null`),
    index('task_person_idx').on(t.personId),
    check('task_source_type', sql`${t.sourceType} in ('management_direction','supervision_action','audit_action','manual')`),
  ],
)

/** Closing a child's case (the referral episode): proposed by the worker, authorised by the manager. */
export const caseClosure = pgTable(
  'case_closure',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referral.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    /** CIN census closure reason RC1–RC9 (REFERENCE §6). */
    reasonCode: text('reason_code').notNull(),
    summary: text('summary').notNull(),
    status: text('status').notNull().default('proposed'),
    proposedAt: ts('proposed_at').notNull(),
    proposedBy: uuid('proposed_by')
      .notNull()
      .references(() => userAccount.id),
    decidedAt: ts('decided_at'),
    decidedBy: uuid('decided_by').references(() => userAccount.id),
    managerComments: text('manager_comments'),
    closureDate: date('closure_date'),
    referrerInformedOn: date('referrer_informed_on'),
    referrerInformedHow: text('referrer_informed_how'),
    familyInformedOn: date('family_informed_on'),
    familyInformedHow: text('family_informed_how'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('case_closure_person_idx').on(t.personId),
    index('case_closure_referral_idx').on(t.referralId, t.proposedAt),
    index('case_closure_returned_idx').on(t.proposedBy).where(sql`${t.status} = 'returned'`),
    uniqueIndex('case_closure_one_pending_per_referral').on(t.referralId).where(sql`${t.status} = 'proposed'`),
    check('case_closure_reason', sql`${t.reasonCode} in ('RC1','RC2','RC3','RC4','RC5','RC6','RC7','RC8','RC9')`),
    check('case_closure_status', sql`${t.status} in ('proposed','authorised','returned')`),
  ],
)

// ---------------------------------------------------------------- allocation, caseloads, transfers, supervision (issue 5)

/**
 * Caseload limits in children per full-time worker, by job role ('*' = the council default, 30 after
 * Kent's maximum), with a lower limit for newly qualified workers (ASYE). Pro rata by FTE.
 */
export const caseloadLimitRule = pgTable('caseload_limit_rule', {
  jobRole: text('job_role').primaryKey(),
  childrenPerFte: integer('children_per_fte').notNull(),
  newlyQualifiedChildrenPerFte: integer('newly_qualified_children_per_fte').notNull(),
})

/** A manager's oversight note on a child waiting for a worker, with when they will look again. */
export const unallocatedOversight = pgTable(
  'unallocated_oversight',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    teamId: uuid('team_id').references(() => team.id),
    note: text('note').notNull(),
    nextReviewOn: date('next_review_on').notNull(),
    recordedAt: ts('recorded_at').notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => userAccount.id),
  },
  (t) => [index('unallocated_oversight_person_idx').on(t.personId, t.recordedAt)],
)

/**
 * A child waiting for a team: set when a case is accepted into a team (referral, transfer) and ended
 * when a worker in that team is allocated. The wait is what the letters measured.
 */
export const teamQueue = pgTable(
  'team_queue',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    teamId: uuid('team_id')
      .notNull()
      .references(() => team.id),
    waitingSince: ts('waiting_since').notNull(),
    reason: text('reason').notNull(),
    sourceType: text('source_type'),
    sourceId: uuid('source_id'),
    allocatedAt: ts('allocated_at'),
    allocationId: uuid('allocation_id').references(() => allocation.id),
  },
  (t) => [
    uniqueIndex('team_queue_one_waiting_per_child').on(t.personId).where(sql`${t.allocatedAt} is null`),
    index('team_queue_team_idx').on(t.teamId).where(sql`${t.allocatedAt} is null`),
  ],
)

/** Transfer of a child's case between teams: proposed by the sending manager, accepted or declined. */
export const teamTransfer = pgTable(
  'team_transfer',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    fromTeamId: uuid('from_team_id')
      .notNull()
      .references(() => team.id),
    toTeamId: uuid('to_team_id')
      .notNull()
      .references(() => team.id),
    summary: text('summary').notNull(),
    status: text('status').notNull().default('proposed'),
    proposedAt: ts('proposed_at').notNull(),
    proposedBy: uuid('proposed_by')
      .notNull()
      .references(() => userAccount.id),
    decidedAt: ts('decided_at'),
    decidedBy: uuid('decided_by').references(() => userAccount.id),
    decisionReasons: text('decision_reasons'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('team_transfer_to_idx').on(t.toTeamId).where(sql`${t.status} = 'proposed'`),
    uniqueIndex('team_transfer_one_pending_per_child').on(t.personId).where(sql`${t.status} = 'proposed'`),
    check('team_transfer_status', sql`${t.status} in ('proposed','accepted','declined','withdrawn')`),
  ],
)

/** A supervision session between a worker and their supervisor. Reflective notes are private to the two. */
export const supervision = pgTable(
  'supervision',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workerId: uuid('worker_id')
      .notNull()
      .references(() => worker.id),
    supervisorUserId: uuid('supervisor_user_id')
      .notNull()
      .references(() => userAccount.id),
    heldOn: date('held_on').notNull(),
    reflectiveNotes: text('reflective_notes'),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: uuid('created_by').references(() => userAccount.id),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('supervision_worker_idx').on(t.workerId, t.heldOn), index('supervision_supervisor_idx').on(t.supervisorUserId, t.heldOn)],
)

/** One case discussed in a supervision; its decision is a management decision on the child's file. */
export const supervisionCase = pgTable(
  'supervision_case',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    supervisionId: uuid('supervision_id')
      .notNull()
      .references(() => supervision.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    discussion: text('discussion').notNull(),
    managementDecisionId: uuid('management_decision_id').references(() => managementDecision.id),
  },
  (t) => [uniqueIndex('supervision_case_key').on(t.supervisionId, t.personId), index('supervision_case_person_idx').on(t.personId)],
)

/** A bulk review of every open case in a team (Kent 2010: team leaders reviewed all live cases). */
export const caseReviewRound = pgTable(
  'case_review_round',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => team.id),
    title: text('title').notNull(),
    dueDate: date('due_date').notNull(),
    startedAt: ts('started_at').notNull(),
    startedBy: uuid('started_by')
      .notNull()
      .references(() => userAccount.id),
    closedAt: ts('closed_at'),
  },
  (t) => [index('case_review_round_team_idx').on(t.teamId)],
)

export const caseReview = pgTable(
  'case_review',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    roundId: uuid('round_id')
      .notNull()
      .references(() => caseReviewRound.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    status: text('status').notNull().default('to_review'),
    planRobust: boolean('plan_robust'),
    findings: text('findings'),
    actions: text('actions'),
    reviewedAt: ts('reviewed_at'),
    reviewedBy: uuid('reviewed_by').references(() => userAccount.id),
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('case_review_key').on(t.roundId, t.personId), check('case_review_status', sql`${t.status} in ('to_review','reviewed')`)],
)

// ---------------------------------------------------------------- child protection and children in need (issue 6)
// Every record hangs on the child's referral (the CIN episode, REFERENCE §4.2) and is appended to, not
// overwritten: a conference's outcome is recorded once; a plan ends by a conference; re-planning a missed
// date is its own row with the reason.

const who = {
  createdAt: ts('created_at').notNull().defaultNow(),
  createdBy: uuid('created_by')
    .notNull()
    .references(() => userAccount.id),
}

/**
 * A strategy discussion (Working Together 2010/2018/2023): who took part for which agency, what was
 * shared, the decision (section 47 single / joint with police / none), protective actions and who does what.
 */
export const strategyDiscussion = pgTable(
  'strategy_discussion',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referral.id),
    /** What it started from: contact | referral | assessment | cin_plan | cp_plan | looked_after */
    sourceType: text('source_type').notNull(),
    sourceId: uuid('source_id'),
    heldOn: date('held_on').notNull(),
    /** HH:MM, London time. */
    heldAt: text('held_at').notNull(),
    /** [{ name, agency, role }] */
    participants: jsonb('participants').notNull().default(sql`'[]'::jsonb`),
    decision: text('decision').notNull(),
    informationShared: text('information_shared').notNull(),
    riskAnalysis: text('risk_analysis'),
    immediateProtectiveActions: text('immediate_protective_actions'),
    /** [{ action, owner, dueOn }] */
    actions: jsonb('actions').notNull().default(sql`'[]'::jsonb`),
    /** The warnings shown when it was recorded (e.g. police or health did not take part), kept with it. */
    warnings: jsonb('warnings').notNull().default(sql`'[]'::jsonb`),
    ...who,
  },
  (t) => [
    index('strategy_discussion_person_idx').on(t.personId, t.heldOn),
    index('strategy_discussion_referral_idx').on(t.referralId),
    check('strategy_discussion_decision', sql`${t.decision} in ('s47_single','s47_joint','no_s47')`),
    check('strategy_discussion_source', sql`${t.sourceType} in ('contact','referral','assessment','cin_plan','cp_plan','looked_after')`),
  ],
)

/**
 * A section 47 enquiry: starts on the date of the strategy discussion that decided on it (CIN census
 * S47ActualStartDate); ICPC target 15 working days after it (InitialCPCtarget). The manager authorises
 * the outcome; the authorisation date ends the enquiry.
 */
export const section47Enquiry = pgTable(
  'section47_enquiry',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referral.id),
    strategyDiscussionId: uuid('strategy_discussion_id')
      .notNull()
      .unique()
      .references(() => strategyDiscussion.id),
    joint: boolean('joint').notNull(),
    startDate: date('start_date').notNull(),
    icpcTargetDate: date('icpc_target_date').notNull(),
    status: text('status').notNull().default('open'),
    childSeen: boolean('child_seen'),
    childSeenOn: date('child_seen_on'),
    childSeenAlone: boolean('child_seen_alone'),
    outcome: text('outcome'),
    icpcRequired: boolean('icpc_required'),
    /** CIN census ICPCnotRequired, with the reason. */
    conferenceNotRequiredReason: text('conference_not_required_reason'),
    summary: text('summary'),
    recordedBy: uuid('recorded_by').references(() => userAccount.id),
    recordedOn: date('recorded_on'),
    returnComments: text('return_comments'),
    authorisedBy: uuid('authorised_by').references(() => userAccount.id),
    /** The enquiry's end date. */
    authorisedOn: date('authorised_on'),
    workerId: uuid('worker_id').references(() => worker.id),
    teamId: uuid('team_id').references(() => team.id),
    version: integer('version').notNull().default(1),
    ...who,
  },
  (t) => [
    index('section47_person_idx').on(t.personId, t.startDate),
    index('section47_referral_idx').on(t.referralId),
    index('section47_open_worker_idx').on(t.workerId).where(sql`${t.status} <> 'authorised'`),
    index('section47_open_team_idx').on(t.teamId).where(sql`${t.status} <> 'authorised'`),
    // CIN census 8839/8890: one enquiry at a time per child.
    uniqueIndex('section47_one_open_per_child').on(t.personId).where(sql`${t.status} <> 'authorised'`),
    check('section47_status', sql`${t.status} in ('open','outcome_recorded','returned','authorised')`),
    check('section47_outcome', sql`${t.outcome} is null or ${t.outcome} in ('not_substantiated','substantiated_no_risk','substantiated_continuing_risk')`),
    check('section47_authorised_has_outcome', sql`${t.status} <> 'authorised' or (${t.outcome} is not null and ${t.authorisedOn} is not null)`),
  ],
)

/**
 * A child protection conference: initial (from a section 47), transfer-in (child moved here on a plan),
 * or review (of a plan). Scheduled first, then its outcome is recorded once.
 */
export const cpConference = pgTable(
  'cp_conference',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referral.id),
    type: text('type').notNull(),
    section47Id: uuid('section47_id').references(() => section47Enquiry.id),
    /** Reviews: the plan under review. */
    cpPlanId: uuid('cp_plan_id').references((): AnyPgColumn => cpPlan.id),
    /** ICPC: 15 WD after the strategy discussion; transfer-in: 15 WD after notification; review: the review due date. */
    targetDate: date('target_date').notNull(),
    notifiedOn: date('notified_on'),
    scheduledOn: date('scheduled_on').notNull(),
    reportsSharedOn: date('reports_shared_on'),
    chairUserId: uuid('chair_user_id').references(() => userAccount.id),
    /** [{ name, agency, role }] */
    invitees: jsonb('invitees').notNull().default(sql`'[]'::jsonb`),
    status: text('status').notNull().default('scheduled'),
    heldOn: date('held_on'),
    /** [{ name, agency, role, attended }] */
    attendees: jsonb('attendees').notNull().default(sql`'[]'::jsonb`),
    decision: text('decision'),
    categories: text('categories').array().notNull().default(sql`'{}'::text[]`),
    quorate: boolean('quorate'),
    childParticipation: text('child_participation'),
    dissent: text('dissent'),
    summary: text('summary'),
    /** ICPC with a plan: the core group (family and professionals), [{ name, agency, role }]. */
    coreGroupMembers: jsonb('core_group_members').notNull().default(sql`'[]'::jsonb`),
    warnings: jsonb('warnings').notNull().default(sql`'[]'::jsonb`),
    recordedBy: uuid('recorded_by').references(() => userAccount.id),
    recordedAt: ts('recorded_at'),
    version: integer('version').notNull().default(1),
    ...who,
  },
  (t) => [
    index('cp_conference_person_idx').on(t.personId, t.scheduledOn),
    // Initial conferences held, by date: the dashboard's ICPCs within 15 working days (ADR 0011).
    index('cp_conference_held_idx').on(t.heldOn).where(sql`${t.status} = 'held'`),
    index('cp_conference_section47_idx').on(t.section47Id),
    index('cp_conference_plan_idx').on(t.cpPlanId),
    index('cp_conference_referral_idx').on(t.referralId),
    index('cp_conference_scheduled_idx').on(t.scheduledOn).where(sql`${t.status} = 'scheduled'`),
    uniqueIndex('cp_conference_one_scheduled_per_child').on(t.personId).where(sql`${t.status} = 'scheduled'`),
    check('cp_conference_type', sql`${t.type} in ('initial','review','transfer_in')`),
    check('cp_conference_status', sql`${t.status} in ('scheduled','held')`),
    check('cp_conference_decision', sql`${t.decision} is null or ${t.decision} in ('plan','no_plan','continue','change_category','end_plan')`),
    check('cp_conference_held_has_outcome', sql`${t.status} <> 'held' or (${t.heldOn} is not null and ${t.decision} is not null)`),
    check('cp_conference_initial_has_s47', sql`${t.type} <> 'initial' or ${t.section47Id} is not null`),
  ],
)

/**
 * A child protection plan: starts on the date of the conference that decided on it (CPPstartDate) and
 * ends only by a conference decision (Working Together). One open plan per child (CIN census 8935).
 */
export const cpPlan = pgTable(
  'cp_plan',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referral.id),
    startConferenceId: uuid('start_conference_id')
      .notNull()
      .unique()
      .references(() => cpConference.id),
    startDate: date('start_date').notNull(),
    initialCategories: text('initial_categories').array().notNull(),
    latestCategories: text('latest_categories').array().notNull(),
    /** CIN census NumberOfPreviousCPP, computed when the plan starts. */
    numberOfPreviousPlans: integer('number_of_previous_plans').notNull(),
    repeatWithin2Years: boolean('repeat_within_2_years').notNull(),
    leadWorkerId: uuid('lead_worker_id').references(() => worker.id),
    /** Statutory visits every N working days (default 10, set by the conference). */
    visitFrequencyWorkingDays: integer('visit_frequency_working_days').notNull().default(10),
    /** Core groups after the first, every N working days [local]. */
    coreGroupFrequencyWorkingDays: integer('core_group_frequency_working_days').notNull().default(20),
    firstCoreGroupDue: date('first_core_group_due').notNull(),
    lastReviewDate: date('last_review_date'),
    nextReviewDue: date('next_review_due').notNull(),
    /** The child moved here on another council's plan (transfer-in). */
    otherLa: boolean('other_la').notNull().default(false),
    endDate: date('end_date'),
    endConferenceId: uuid('end_conference_id').references(() => cpConference.id),
    version: integer('version').notNull().default(1),
    ...who,
  },
  (t) => [
    index('cp_plan_person_idx').on(t.personId, t.startDate),
    index('cp_plan_referral_idx').on(t.referralId),
    index('cp_plan_open_worker_idx').on(t.leadWorkerId).where(sql`${t.endDate} is null`),
    uniqueIndex('cp_plan_one_open_per_child').on(t.personId).where(sql`${t.endDate} is null`),
    check('cp_plan_has_category', sql`cardinality(${t.initialCategories}) > 0 and cardinality(${t.latestCategories}) > 0`),
    check('cp_plan_end_after_start', sql`${t.endDate} is null or ${t.endDate} >= ${t.startDate}`),
    check('cp_plan_ended_by_conference', sql`${t.endDate} is null or ${t.endConferenceId} is not null`),
  ],
)

/** A core group meeting of a child protection plan. */
export const coreGroupMeeting = pgTable(
  'core_group_meeting',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cpPlanId: uuid('cp_plan_id')
      .notNull()
      .references(() => cpPlan.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    heldOn: date('held_on').notNull(),
    /** [{ name, agency, role, attended }] */
    attendees: jsonb('attendees').notNull().default(sql`'[]'::jsonb`),
    notes: text('notes'),
    /** [{ action, owner, dueOn }] */
    actions: jsonb('actions').notNull().default(sql`'[]'::jsonb`),
    ...who,
  },
  (t) => [index('core_group_plan_idx').on(t.cpPlanId, t.heldOn)],
)

/**
 * A child in need plan (CIN census CINPlanStartDate/EndDate): needs, services, who does what by when,
 * review and visit frequencies. One open plan per child (4004), never alongside a CP plan (4001, 4016).
 */
export const cinPlan = pgTable(
  'cin_plan',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referral.id),
    startDate: date('start_date').notNull(),
    /** [{ need, services, actions: [{ action, owner, agency, dueDate }] }] */
    needs: jsonb('needs').notNull().default(sql`'[]'::jsonb`),
    /** { amount, unit: months | weeks | workingDays } */
    reviewFrequency: jsonb('review_frequency').notNull(),
    visitFrequency: jsonb('visit_frequency').notNull(),
    stepDownFromCp: boolean('step_down_from_cp').notNull().default(false),
    workerId: uuid('worker_id').references(() => worker.id),
    teamId: uuid('team_id').references(() => team.id),
    endDate: date('end_date'),
    endReason: text('end_reason'),
    endReasonDetail: text('end_reason_detail'),
    endedBy: uuid('ended_by').references(() => userAccount.id),
    version: integer('version').notNull().default(1),
    ...who,
  },
  (t) => [
    index('cin_plan_person_idx').on(t.personId, t.startDate),
    index('cin_plan_referral_idx').on(t.referralId),
    index('cin_plan_open_worker_idx').on(t.workerId).where(sql`${t.endDate} is null`),
    index('cin_plan_open_team_idx').on(t.teamId).where(sql`${t.endDate} is null`),
    uniqueIndex('cin_plan_one_open_per_child').on(t.personId).where(sql`${t.endDate} is null`),
    check('cin_plan_end_after_start', sql`${t.endDate} is null or ${t.endDate} >= ${t.startDate}`),
    check('cin_plan_end_reason', sql`${t.endReason} is null or ${t.endReason} in ('services_not_needed','stepped_up_to_cp','stepped_down_to_early_help','moved_away','other')`),
  ],
)

/** A review meeting of a child in need plan. */
export const cinPlanReview = pgTable(
  'cin_plan_review',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cinPlanId: uuid('cin_plan_id')
      .notNull()
      .references(() => cinPlan.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    heldOn: date('held_on').notNull(),
    notes: text('notes'),
    ...who,
  },
  (t) => [index('cin_plan_review_plan_idx').on(t.cinPlanId, t.heldOn)],
)

/** A statutory visit to a child on a CP or CIN plan: seen, seen alone, bedroom seen (Annex A lists 6–7). */
export const visit = pgTable(
  'visit',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    planType: text('plan_type').notNull(),
    cpPlanId: uuid('cp_plan_id').references(() => cpPlan.id),
    cinPlanId: uuid('cin_plan_id').references(() => cinPlan.id),
    visitDate: date('visit_date').notNull(),
    childSeen: boolean('child_seen').notNull(),
    seenAlone: boolean('seen_alone'),
    bedroomSeen: text('bedroom_seen').notNull(),
    announced: boolean('announced').notNull(),
    visitedBy: text('visited_by').notNull(),
    notes: text('notes'),
    notSeenReason: text('not_seen_reason'),
    ...who,
  },
  (t) => [
    index('visit_person_idx').on(t.personId, t.visitDate),
    index('visit_cp_plan_idx').on(t.cpPlanId, t.visitDate),
    index('visit_cin_plan_idx').on(t.cinPlanId, t.visitDate),
    check('visit_plan_type', sql`(${t.planType} = 'cp' and ${t.cpPlanId} is not null and ${t.cinPlanId} is null) or (${t.planType} = 'cin' and ${t.cinPlanId} is not null and ${t.cpPlanId} is null)`),
    check('visit_bedroom_seen', sql`${t.bedroomSeen} in ('yes','no','not_applicable')`),
  ],
)

/**
 * Re-planning a missed or unachievable date with a recorded reason (a conference, review, core group or
 * visit). It replaces the due date `previousDue` only: once the item is done, the next due date is
 * computed afresh and the re-plan no longer applies.
 */
export const planReplan = pgTable(
  'plan_replan',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    /** icpc | cp_review | core_group | cp_visit | cin_review | cin_visit */
    item: text('item').notNull(),
    /** The section 47, CP plan or CIN plan the item belongs to. */
    subjectId: uuid('subject_id').notNull(),
    previousDue: date('previous_due').notNull(),
    newDue: date('new_due').notNull(),
    reason: text('reason').notNull(),
    ...who,
  },
  (t) => [
    index('plan_replan_subject_idx').on(t.subjectId, t.item, t.previousDue),
    check('plan_replan_item', sql`${t.item} in ('icpc','cp_review','core_group','cp_visit','cin_review','cin_visit')`),
  ],
)

// ---------------------------------------------------------------- statutory returns and data quality (issue 7)

/**
 * Children whose CIN census data-quality check must be re-run: a trigger on every table the census is
 * built from adds the child here on insert or update, so no use case can forget to. Cleared when checked.
 */
export const dataQualityCheck = pgTable(
  'data_quality_check',
  {
    personId: uuid('person_id')
      .primaryKey()
      .references(() => person.id),
    /** True when a census-relevant record changed since the last check. */
    dirty: boolean('dirty').notNull().default(true),
    /** The date the check last ran (the rules are "as at" a date, so a check goes stale each day). */
    checkedOn: date('checked_on'),
  },
  (t) => [index('data_quality_check_dirty_idx').on(t.personId).where(sql`${t.dirty}`)],
)

/** An open CIN census validation failure on a child's record ("this would fail rule 8610"). */
export const dataQualityIssue = pgTable(
  'data_quality_issue',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    rule: text('rule').notNull(),
    severity: text('severity').notNull(),
    field: text('field').notNull(),
    message: text('message').notNull(),
    /** The referral (CIN episode) the failure is about, when it is about one. */
    referralId: uuid('referral_id').references(() => referral.id),
    /** When this failure was first seen on the child (kept across re-checks while it stays open). */
    firstSeenOn: date('first_seen_on').notNull(),
  },
  (t) => [
    index('data_quality_issue_person_idx').on(t.personId),
    index('data_quality_issue_rule_idx').on(t.rule),
    check('data_quality_issue_severity', sql`${t.severity} in ('error','query')`),
  ],
)

// ---------------------------------------------------------------- management information (issue 8)

/**
 * Comparators for an indicator: the national figure, statistical neighbours' average, or the council's own
 * target, for a DfE year ('2025-26') — entered by an analyst or loaded from CSV. Replaced, not edited:
 * the audit log keeps each earlier value.
 */
export const indicatorComparator = pgTable(
  'indicator_comparator',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    indicatorId: text('indicator_id').notNull(),
    /** national | statistical_neighbours | target */
    kind: text('kind').notNull(),
    /** The DfE year it applies to, e.g. '2025-26'. */
    year: text('year').notNull(),
    value: numeric('value').notNull(),
    source: text('source'),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: uuid('created_by').references(() => userAccount.id),
  },
  (t) => [
    uniqueIndex('indicator_comparator_key').on(t.indicatorId, t.kind, t.year),
    check('indicator_comparator_kind', sql`${t.kind} in ('national','statistical_neighbours','target')`),
    check('indicator_comparator_year', sql`${t.year} ~ '^[0-9]{4}-[0-9]{2}$'`),
  ],
)

/** Council-wide settings an analyst keeps, e.g. the 0–17 child population for rates per 10,000. */
export const councilSetting = pgTable('council_setting', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  updatedBy: uuid('updated_by').references(() => userAccount.id),
})

// ---------------------------------------------------------------- the dashboard's kept counts (issue 8)
// A settled day's council-wide counts are kept once computed (the same SQL as the live ones and the lists
// behind them: src/db/repositories/indicators.ts), so a county's dashboard adds up kept days instead of
// recounting 800,000 contacts. A record written into a settled day marks its family's day stale (triggers
// in migration 0017), and a stale or missing day is recounted on the next view. ADR 0011.

/**
 * One indicator's council-wide numerator and denominator for one day: a day's records for the indicators
 * counted over time; the count at a month's end for those counted at a date (open assessments, children
 * on plans).
 */
export const indicatorDay = pgTable(
  'indicator_day',
  {
    indicatorId: text('indicator_id').notNull(),
    day: date('day').notNull(),
    numerator: integer('numerator').notNull(),
    denominator: integer('denominator').notNull(),
    computedAt: ts('computed_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.indicatorId, t.day] })],
)

/** A change to a settled day's records: that family's kept day is stale until recounted (then the mark is deleted). */
export const indicatorDayStale = pgTable(
  'indicator_day_stale',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** contacts_received | contacts_decided | referrals | assessments_completed | assessments_open | section47s | icpcs | cp_plans | cp_children */
    family: text('family').notNull(),
    day: date('day').notNull(),
    markedAt: ts('marked_at').notNull().defaultNow(),
  },
  (t) => [index('indicator_day_stale_idx').on(t.family, t.day)],
)

// ---------------------------------------------------------------- case audit, moderation and learning (issue 9)
// A tool is versioned (an audit keeps the version it used); a programme samples cases with a stored seed;
// each audit is signed off once and then only amended with a reason (case_audit_amendment keeps before and
// after); required actions are `task` rows (source_type 'audit_action', source_id = the audit).

/** An audit tool (template) a QA lead defines. */
export const auditTool = pgTable(
  'audit_tool',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    description: text('description'),
    builtIn: boolean('built_in').notNull().default(false),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: uuid('created_by').references(() => userAccount.id),
  },
  (t) => [uniqueIndex('audit_tool_name_key').on(sql`lower(${t.name})`)],
)

/** One published version of a tool: its sections and questions (src/domain/caseAudit/tool.ts ToolDefinition). */
export const auditToolVersion = pgTable(
  'audit_tool_version',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    toolId: uuid('tool_id')
      .notNull()
      .references(() => auditTool.id),
    version: integer('version').notNull(),
    definition: jsonb('definition').notNull(),
    publishedAt: ts('published_at').notNull(),
    publishedBy: uuid('published_by').references(() => userAccount.id),
  },
  (t) => [uniqueIndex('audit_tool_version_key').on(t.toolId, t.version), check('audit_tool_version_positive', sql`${t.version} > 0`)],
)

/** A monthly or themed audit programme: how its cases were chosen (seed and filters kept, so it can be redrawn). */
export const auditProgramme = pgTable(
  'audit_programme',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    kind: text('kind').notNull(),
    theme: text('theme'),
    /** YYYY-MM of a monthly programme. */
    month: text('month'),
    toolVersionId: uuid('tool_version_id')
      .notNull()
      .references(() => auditToolVersion.id),
    basis: text('basis').notNull(),
    teamId: uuid('team_id').references(() => team.id),
    workerId: uuid('worker_id').references(() => worker.id),
    sampleSize: integer('sample_size').notNull(),
    filterStatus: text('filter_status').notNull().default('any'),
    filterMinAgeDays: integer('filter_min_age_days'),
    filterMaxAgeDays: integer('filter_max_age_days'),
    seed: integer('seed').notNull(),
    allowOwnTeam: boolean('allow_own_team').notNull().default(false),
    moderationPercent: integer('moderation_percent').notNull().default(20),
    createdAt: ts('created_at').notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => userAccount.id),
  },
  (t) => [
    check('audit_programme_kind', sql`${t.kind} in ('monthly','themed')`),
    check('audit_programme_basis', sql`${t.basis} in ('team','worker','manual')`),
    check('audit_programme_status', sql`${t.filterStatus} in ('any','open_referral','cp_plan','cin_plan')`),
    check('audit_programme_moderation', sql`${t.moderationPercent} between 0 and 100`),
  ],
)

/** One case audit: a child's case, its auditor, the tool version, the grades and findings. */
export const caseAudit = pgTable(
  'case_audit',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => auditProgramme.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    /** The case's team and allocated worker when it was sampled. */
    teamId: uuid('team_id').references(() => team.id),
    workerId: uuid('worker_id').references(() => worker.id),
    toolVersionId: uuid('tool_version_id')
      .notNull()
      .references(() => auditToolVersion.id),
    auditorUserId: uuid('auditor_user_id')
      .notNull()
      .references(() => userAccount.id),
    status: text('status').notNull().default('assigned'),
    overallGrade: text('overall_grade'),
    findings: text('findings'),
    /** Actions typed before sign-off; they become tasks only when the audit is signed off. */
    draftActions: jsonb('draft_actions'),
    signedOffAt: ts('signed_off_at'),
    signedOffBy: uuid('signed_off_by').references(() => userAccount.id),
    amendmentCount: integer('amendment_count').notNull().default(0),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('case_audit_one_per_programme').on(t.programmeId, t.personId),
    index('case_audit_person_idx').on(t.personId),
    index('case_audit_auditor_idx').on(t.auditorUserId, t.status),
    index('case_audit_signed_off_idx').on(t.signedOffAt).where(sql`${t.status} = 'signed_off'`),
    check('case_audit_status', sql`${t.status} in ('assigned','in_progress','signed_off')`),
    check('case_audit_grade', sql`${t.overallGrade} is null or ${t.overallGrade} in ('outstanding','good','requires_improvement','inadequate')`),
    check('case_audit_signed_off', sql`${t.status} <> 'signed_off' or (${t.signedOffAt} is not null and ${t.overallGrade} is not null)`),
  ],
)

/** The answer to one question of an audit (graded, yes/no or written), with the auditor's comment. */
export const caseAuditAnswer = pgTable(
  'case_audit_answer',
  {
    caseAuditId: uuid('case_audit_id')
      .notNull()
      .references(() => caseAudit.id),
    questionKey: text('question_key').notNull(),
    grade: text('grade'),
    yesNo: boolean('yes_no'),
    textAnswer: text('text_answer'),
    comment: text('comment'),
  },
  (t) => [
    uniqueIndex('case_audit_answer_key').on(t.caseAuditId, t.questionKey),
    check('case_audit_answer_grade', sql`${t.grade} is null or ${t.grade} in ('outstanding','good','requires_improvement','inadequate')`),
  ],
)

/** An amendment of a signed-off audit: who, when, why, and the audit before and after. */
export const caseAuditAmendment = pgTable(
  'case_audit_amendment',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseAuditId: uuid('case_audit_id')
      .notNull()
      .references(() => caseAudit.id),
    reason: text('reason').notNull(),
    changes: jsonb('changes').notNull(),
    before: jsonb('before').notNull(),
    after: jsonb('after').notNull(),
    amendedAt: ts('amended_at').notNull(),
    amendedBy: uuid('amended_by')
      .notNull()
      .references(() => userAccount.id),
  },
  (t) => [index('case_audit_amendment_audit_idx').on(t.caseAuditId, t.amendedAt)],
)

/** The worker's or manager's response to a signed-off audit. */
export const caseAuditResponse = pgTable(
  'case_audit_response',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseAuditId: uuid('case_audit_id')
      .notNull()
      .references(() => caseAudit.id),
    response: text('response').notNull(),
    respondedAt: ts('responded_at').notNull(),
    respondedBy: uuid('responded_by')
      .notNull()
      .references(() => userAccount.id),
  },
  (t) => [index('case_audit_response_audit_idx').on(t.caseAuditId, t.respondedAt)],
)

/** A second auditor's moderation of a signed-off audit: the grade they would give, and whether they agree. */
export const caseAuditModeration = pgTable(
  'case_audit_moderation',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseAuditId: uuid('case_audit_id')
      .notNull()
      .references(() => caseAudit.id),
    originalGrade: text('original_grade').notNull(),
    moderatedGrade: text('moderated_grade').notNull(),
    agreed: boolean('agreed').notNull(),
    comments: text('comments').notNull(),
    moderatedAt: ts('moderated_at').notNull(),
    moderatedBy: uuid('moderated_by')
      .notNull()
      .references(() => userAccount.id),
  },
  (t) => [
    uniqueIndex('case_audit_moderation_one_per_audit').on(t.caseAuditId),
    check('case_audit_moderation_grades', sql`${t.originalGrade} in ('outstanding','good','requires_improvement','inadequate') and ${t.moderatedGrade} in ('outstanding','good','requires_improvement','inadequate')`),
    check('case_audit_moderation_agreed', sql`${t.agreed} = (${t.originalGrade} = ${t.moderatedGrade})`),
  ],
)
