/**
 * Police notifications: recorded one by one or imported from a CSV file, queued oldest first with
 * their age, and triaged into no further action, a letter to the family, early help, or a contact for
 * screening (which opens a contact through recordContact, in the same transaction).
 */
import type { Executor } from '../../db/database.ts'
import { appendAudit } from '../../db/repositories/audit.ts'
import { addChronology, nextPoliceNotificationRef } from '../../db/repositories/frontDoor.ts'
import {
  findByPoliceReference,
  getPoliceNotification,
  getPoliceNotificationChildren,
  insertPoliceNotification,
  lockPoliceNotification,
  peopleByNameAndDob,
  peopleByIds,
  peopleByRefs,
  personByNhsNumber,
  recordTriage,
  untriagedPoliceNotifications,
  untriagedSummary,
  type ChildCandidate,
  type PoliceNotificationChildRow,
  type PoliceNotificationRow,
  type UntriagedRow,
  type UntriagedSummary,
} from '../../db/repositories/policeNotifications.ts'
import {
  INCIDENT_TYPE,
  RISK_LEVEL,
  TRIAGE_OUTCOME,
  formatAge,
  parsePersonRefs,
  readPoliceNotificationCsv,
  validateCsvRow,
  validatePoliceNotification,
  validateTriage,
  type CsvChild,
  type CsvRowError,
  type PoliceNotificationDetails,
  type PoliceNotificationInput,
  type TriageInput,
  type TriageOutcome,
} from '../../domain/frontDoor/policeNotification.ts'
import { ageOn, formatDate, londonDate, londonTime } from '../../domain/shared/dates.ts'
import type { FieldError } from '../../domain/shared/result.ts'
import { ConflictError, NotFoundError, ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability } from '../people/access.ts'
import { recordContactIn } from './recordContact.ts'

/** The form's input: children either as person ids, or as the person references typed into the form. */
export type RecordPoliceNotificationInput = PoliceNotificationInput & { childRefs?: string | undefined }
export type RecordPoliceNotificationOutcome = { id: string; notificationRef: string }

/** Drizzle wraps the driver's error; a unique violation (two people saving one reference at once) is in its cause. */
function isUniqueViolation(e: unknown, depth = 0): boolean {
  const x = e as { code?: unknown; cause?: unknown } | null
  if (!x || typeof x !== 'object' || depth > 5) return false
  return x.code === '23505' || (x.cause !== undefined && x.cause !== e && isUniqueViolation(x.cause, depth + 1))
}

const duplicateMessage = (ref: string, existing: string) => `Police reference ${ref} is already recorded, as notification ${existing}`

const name = (p: Pick<ChildCandidate, 'givenNames' | 'familyName'>) => `${p.givenNames} ${p.familyName}`

/** A police notification is about children: someone 18 or over on the day of the incident is refused. */
function adultProblem(p: ChildCandidate, incidentDate: string | null): string | null {
  if (p.isUnborn || !p.dateOfBirth || !incidentDate) return null
  return ageOn(p.dateOfBirth, incidentDate) >= 18 ? `${name(p)} (${p.personRef}) was an adult on the day of the incident: a police notification is about children` : null
}

/** Writes a validated notification with its chronology and audit rows, inside the caller's transaction. */
async function insertWithHistory(tx: Executor, meta: RequestMeta, d: PoliceNotificationDetails, now: Date, via: Record<string, unknown>): Promise<RecordPoliceNotificationOutcome> {
  const notificationRef = await nextPoliceNotificationRef(tx)
  const { id } = await insertPoliceNotification(tx, { ...d, notificationRef, createdBy: meta.actor.userId }, now)
  const summary = `Police notification ${notificationRef} (police reference ${d.policeReference}): ${INCIDENT_TYPE[d.incidentType].toLowerCase()} incident on ${formatDate(d.incidentDate)}, DASH risk ${RISK_LEVEL[d.riskLevel].toLowerCase()}, children ${d.childrenPresent ? '' : 'not '}present`
  for (const personId of d.childIds) {
    await addChronology(tx, { personId, occurredAt: d.receivedAt, kind: 'police-notification', summary, sourceType: 'police_notification', sourceId: id, recordedBy: meta.actor.userId }, now)
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'police_notification.record', entityType: 'police_notification', entityId: id, personId, after: { ...d, notificationRef, ...via }, ip: meta.ip, requestId: meta.requestId, at: now })
  }
  return { id, notificationRef }
}

/**
 * Records one police notification, typed into the form. Children are given by person reference (the
 * form) or id; each must be in the index and not an adult on the day of the incident. A police reference
 * already recorded is refused, naming the notification that holds it.
 */
export async function recordPoliceNotification(ctx: AppContext, meta: RequestMeta, input: RecordPoliceNotificationInput): Promise<RecordPoliceNotificationOutcome> {
  requireCapability(meta.actor, 'police-notification:triage')
  const now = ctx.now()
  const byRef = input.childRefs !== undefined
  try {
    return await ctx.database.db.transaction(async (tx) => {
      const errors: FieldError[] = []
      let people: ChildCandidate[] = []
      if (byRef) {
        const refs = parsePersonRefs(input.childRefs)
        if (!refs.ok) errors.push(...refs.errors)
        else {
          people = await peopleByRefs(tx, refs.value)
          const unknown = refs.value.filter((r) => !people.some((p) => p.personRef === r))
          if (unknown.length) errors.push({ field: 'childRefs', message: `No person has the reference ${unknown.join(', ')}: find the children with Search people first` })
        }
      }
      const childIds = byRef ? people.map((p) => p.id) : (input.childIds ?? [])
      const v = validatePoliceNotification({ ...input, childIds }, now)
      if (!v.ok) {
        for (const e of v.errors) {
          if (e.field !== 'childIds') errors.push(e)
          else if (!byRef) errors.push(e)
          else if (!errors.some((x) => x.field === 'childRefs')) errors.push({ ...e, field: 'childRefs' })
        }
      }
      const childField = byRef ? 'childRefs' : 'childIds'
      if (!byRef && v.ok) {
        people = await peopleByIds(tx, v.value.childIds)
        if (people.length !== v.value.childIds.length) errors.push({ field: childField, message: 'One of the children is not in the person index' })
      }
      const incidentDate = v.ok ? v.value.incidentDate : null
      for (const p of people) {
        const problem = adultProblem(p, incidentDate)
        if (problem) errors.push({ field: childField, message: problem })
      }
      if (v.ok) {
        const existing = await findByPoliceReference(tx, v.value.policeReference)
        if (existing) errors.push({ field: 'policeReference', message: duplicateMessage(v.value.policeReference, existing.notificationRef) })
      }
      if (errors.length || !v.ok) throw new ValidationError(inFormOrder(errors))
      return insertWithHistory(tx, meta, v.value, now, { via: 'form' })
    })
  } catch (e) {
    if (isUniqueViolation(e)) throw new ValidationError([{ field: 'policeReference', message: 'This police reference was recorded by someone else a moment ago: check the queue' }])
    throw e
  }
}

/** The error summary lists problems in the order of the form's questions. */
const FORM_ORDER = ['policeReference', 'receivedDate', 'receivedTime', 'incidentDate', 'incidentType', 'riskLevel', 'childrenPresent', 'childRefs', 'childIds', 'summary']
const inFormOrder = (errors: FieldError[]): FieldError[] => [...errors].sort((a, b) => FORM_ORDER.indexOf(a.field) - FORM_ORDER.indexOf(b.field))

// ---------------------------------------------------------------- the queue

export const PN_QUEUE_LIMIT = 200

export type PoliceNotificationQueue = {
  summary: UntriagedSummary & { oldestAge: string | null }
  rows: (UntriagedRow & { age: string })[]
  limit: number
}

/** Every untriaged notification, oldest first, with how long each has waited: a backlog cannot hide. */
export async function policeNotificationQueue(ctx: AppContext, meta: RequestMeta): Promise<PoliceNotificationQueue> {
  requireCapability(meta.actor, 'police-notification:triage')
  const now = ctx.now()
  return ctx.database.db.transaction(async (tx) => {
    const summary = await untriagedSummary(tx, now)
    const rows = await untriagedPoliceNotifications(tx, meta.actor.userId, now, PN_QUEUE_LIMIT)
    return {
      summary: { ...summary, oldestAge: summary.oldestAgeSeconds === null ? null : formatAge(summary.oldestAgeSeconds) },
      rows: rows.map((r) => ({ ...r, age: formatAge(r.ageSeconds) })),
      limit: PN_QUEUE_LIMIT,
    }
  })
}

// ---------------------------------------------------------------- one notification

export type PoliceNotificationView = { notification: PoliceNotificationRow & { age: string }; children: PoliceNotificationChildRow[] }

/** Opens a notification. Front-door work is council-wide, so access is by role; each child's appearance is audited as a view. */
export async function viewPoliceNotification(ctx: AppContext, meta: RequestMeta, id: string): Promise<PoliceNotificationView> {
  requireCapability(meta.actor, 'police-notification:triage')
  const now = ctx.now()
  return ctx.database.db.transaction(async (tx) => {
    const n = await getPoliceNotification(tx, id, now)
    if (!n) throw new NotFoundError('police notification')
    const children = await getPoliceNotificationChildren(tx, id)
    for (const c of children) {
      await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'person.view', entityType: 'police_notification', entityId: id, personId: c.personId, after: { via: 'police_notification' }, ip: meta.ip, requestId: meta.requestId, at: now })
    }
    return { notification: { ...n, age: formatAge(n.ageSeconds) }, children }
  })
}

// ---------------------------------------------------------------- triage

export type TriageOutcomeResult = { notificationRef: string; outcome: TriageOutcome; contact: { id: string; contactRef: string } | null }

export const NO_CONSENT_REASON = 'Police notification: information shared under safeguarding duties'

/**
 * Triage: what happens next, with reasons. 'contact' opens a contact for screening (channel police
 * notification, source police) through recordContact, in the same transaction, and links it. The row is
 * locked and updated only while untriaged: the second of two people triaging at once is told, and
 * nothing of theirs is written (no second contact).
 */
export async function triagePoliceNotification(ctx: AppContext, meta: RequestMeta, id: string, input: TriageInput): Promise<TriageOutcomeResult> {
  requireCapability(meta.actor, 'police-notification:triage')
  const v = validateTriage(input)
  if (!v.ok) throw new ValidationError(v.errors)
  const t = v.value
  const now = ctx.now()
  return ctx.database.db.transaction(async (tx) => {
    const locked = await lockPoliceNotification(tx, id)
    if (!locked) throw new NotFoundError('police notification')
    const n = await getPoliceNotification(tx, id, now)
    if (!n) throw new NotFoundError('police notification')
    if (locked.triagedAt) throw alreadyTriaged(n)
    const children = await getPoliceNotificationChildren(tx, id)

    let contact: { id: string; contactRef: string } | null = null
    if (t.outcome === 'contact') {
      // In this transaction: the contact and the triage are written together or not at all.
      try {
        const c = await recordContactIn(tx, now, meta, {
          receivedDate: londonDate(n.receivedAt),
          receivedTime: londonTime(n.receivedAt),
          channel: 'police_notification',
          sourceCode: '6',
          referrerName: n.policeReference,
          referrerAgency: 'Police',
          concern: n.summary,
          parentsAware: 'not_known',
          consent: 'not_sought',
          noConsentReason: NO_CONSENT_REASON,
          childIds: children.map((c) => c.personId),
        })
        contact = { id: c.id, contactRef: c.contactRef }
      } catch (e) {
        if (e instanceof ValidationError) throw new ValidationError(e.errors.map((x) => ({ field: 'outcome', message: `A contact could not be opened: ${x.message}` })))
        throw e
      }
    }

    if (!(await recordTriage(tx, id, t, meta.actor.userId, now, contact?.id ?? null))) throw alreadyTriaged(n)
    const summary = `Police notification ${n.notificationRef} triaged: ${TRIAGE_OUTCOME[t.outcome]}${contact ? ` – contact ${contact.contactRef} opened for screening` : ''}. Reasons: ${t.reasons}`
    for (const c of children) {
      await addChronology(tx, { personId: c.personId, occurredAt: now, kind: 'police-notification-triage', summary, sourceType: 'police_notification', sourceId: id, recordedBy: meta.actor.userId }, now)
      await appendAudit(tx, {
        userId: meta.actor.userId,
        username: meta.actor.username,
        action: 'police_notification.triage',
        entityType: 'police_notification',
        entityId: id,
        personId: c.personId,
        before: { outcome: null, triagedAt: null },
        after: { ...t, contactId: contact?.id ?? null, contactRef: contact?.contactRef ?? null },
        ip: meta.ip,
        requestId: meta.requestId,
        at: now,
      })
    }
    return { notificationRef: n.notificationRef, outcome: t.outcome, contact }
  })
}

/** '18:31' → '6:31pm', as GOV.UK writes times. */
function twelveHour(hhmm: string): string {
  const [h = 0, m = 0] = hhmm.split(':').map(Number)
  return `${h % 12 === 0 ? 12 : h % 12}:${String(m).padStart(2, '0')}${h < 12 ? 'am' : 'pm'}`
}

function alreadyTriaged(n: PoliceNotificationRow): ConflictError {
  const when = n.triagedAt ? ` at ${twelveHour(londonTime(n.triagedAt))} on ${formatDate(londonDate(n.triagedAt))}` : ''
  const outcome = n.outcome && n.outcome in TRIAGE_OUTCOME ? ` (${TRIAGE_OUTCOME[n.outcome as TriageOutcome]})` : ''
  return new ConflictError(`${n.notificationRef} was already triaged${n.triagedByName ? ` by ${n.triagedByName}` : ''}${when}${outcome}: nothing was changed`, 'outcome')
}

// ---------------------------------------------------------------- CSV import

/** `ignoredColumns`: columns in the header that are not import columns (not read). */
export type ImportResult = { total: number; imported: number; errors: CsvRowError[]; ignoredColumns: string[] }
export type ImportProgress = (done: number, total: number) => void

/** Finds the row's child in the index: by NHS number (the date of birth must agree if given), else by exact name and date of birth. */
async function matchChild(tx: Executor, row: number, c: CsvChild): Promise<{ person: ChildCandidate | null; errors: CsvRowError[] }> {
  if (c.nhsNumber) {
    const p = await personByNhsNumber(tx, c.nhsNumber)
    if (!p) return { person: null, errors: [{ row, field: 'child_nhs_number', message: `No one in the person index has NHS number ${c.nhsNumber}: add the child first, or check the number` }] }
    if (c.dateOfBirth && p.dateOfBirth && p.dateOfBirth !== c.dateOfBirth) {
      return { person: null, errors: [{ row, field: 'child_date_of_birth', message: `NHS number ${c.nhsNumber} belongs to ${p.personRef}, whose date of birth is not ${c.dateOfBirth}: check which child this is` }] }
    }
    return { person: p, errors: [] }
  }
  if (!c.familyName || !c.givenNames || !c.dateOfBirth) return { person: null, errors: [] }
  const found = await peopleByNameAndDob(tx, c.familyName, c.givenNames, c.dateOfBirth)
  const who = `${c.givenNames} ${c.familyName}, born ${c.dateOfBirth}`
  if (found.length === 0) return { person: null, errors: [{ row, field: 'child_family_name', message: `No child in the person index is ${who} (exact match on name and date of birth): add the child first, or give their NHS number` }] }
  if (found.length > 1) return { person: null, errors: [{ row, field: 'child_nhs_number', message: `${found.length} people in the index are ${who} (${found.map((p) => p.personRef).join(', ')}): give the child’s NHS number` }] }
  return { person: found[0] as ChildCandidate, errors: [] }
}

/**
 * Imports notifications from CSV text (columns in CSV_COLUMNS; one row is one notification about one
 * child). Each row is its own transaction: a row with any problem imports nothing, good rows import.
 * Problems name the row (header = row 1) and the column. A police reference already recorded, or
 * repeated in the file, is an error. A file that is not CSV or lacks columns throws a ValidationError
 * (field 'file') and imports nothing.
 */
export async function importPoliceNotifications(ctx: AppContext, meta: RequestMeta, csvText: string, onProgress: ImportProgress = () => {}): Promise<ImportResult> {
  requireCapability(meta.actor, 'police-notification:triage')
  const file = readPoliceNotificationCsv(csvText)
  if (!file.ok) throw new ValidationError([{ field: 'file', message: file.message }])
  const total = file.rows.length
  const errors: CsvRowError[] = []
  const seen = new Map<string, number>()
  let imported = 0
  let done = 0
  onProgress(0, total)
  for (const r of file.rows) {
    const now = ctx.now()
    const checked = validateCsvRow(r, now)
    const rowErrors: CsvRowError[] = checked.ok ? [] : [...checked.errors]
    const ref = checked.ok ? checked.value.policeReference : checked.policeReference
    if (ref !== null) {
      const first = seen.get(ref)
      if (first !== undefined) rowErrors.push({ row: r.row, field: 'police_reference', message: `Police reference ${ref} is also on row ${first} of this file: one row is one notification, so each needs its own reference` })
      else seen.set(ref, r.row)
    }
    try {
      const outcome = await ctx.database.db.transaction(async (tx) => {
        const child = checked.ok ? checked.value.child : checked.child
        const match = child ? await matchChild(tx, r.row, child) : { person: null, errors: [] }
        rowErrors.push(...match.errors)
        if (match.person) {
          const problem = adultProblem(match.person, checked.ok ? checked.value.incidentDate : null)
          if (problem) rowErrors.push({ row: r.row, field: match.person && child?.nhsNumber ? 'child_nhs_number' : 'child_date_of_birth', message: problem })
        }
        if (ref !== null && !rowErrors.some((e) => e.field === 'police_reference')) {
          const existing = await findByPoliceReference(tx, ref)
          if (existing) rowErrors.push({ row: r.row, field: 'police_reference', message: duplicateMessage(ref, existing.notificationRef) })
        }
        if (rowErrors.length || !checked.ok || !match.person) return null
        const { child: _child, ...facts } = checked.value
        return insertWithHistory(tx, meta, { ...facts, childIds: [match.person.id] }, now, { via: 'csv_import', row: r.row })
      })
      if (outcome) imported++
    } catch (e) {
      if (!isUniqueViolation(e)) throw e
      rowErrors.push({ row: r.row, field: 'police_reference', message: `Police reference ${ref ?? ''} was recorded by someone else during the import` })
    }
    errors.push(...rowErrors)
    done++
    onProgress(done, total)
  }
  await appendAudit(ctx.database.db, {
    userId: meta.actor.userId,
    username: meta.actor.username,
    action: 'police_notification.import',
    entityType: 'police_notification',
    after: { rows: total, imported, rowsWithErrors: new Set(errors.map((e) => e.row)).size, ignoredColumns: file.ignoredColumns },
    ip: meta.ip,
    requestId: meta.requestId,
    at: ctx.now(),
  })
  return { total, imported, errors, ignoredColumns: file.ignoredColumns }
}
