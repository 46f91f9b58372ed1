/**
 * The child's chronology page (filterable by kind, printable) and practitioners' own entries: what
 * happened and when it happened; who recorded it and when is kept automatically.
 */
import { appendAudit } from '../../db/repositories/audit.ts'
import { chronologyEntries, insertPractitionerEntry, type ChronologyEntryRow } from '../../db/repositories/chronology.ts'
import { type PersonRecord } from '../../db/repositories/people.ts'
import { recordedLater, recordingDelay, validateChronologyEntry, type ChronologyEntryInput, type ChronologyFilter } from '../../domain/oversight/chronologyEntry.ts'
import { ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability, loadPersonWithAccess } from '../people/access.ts'

export type ChronologyPage = { person: PersonRecord; entries: (ChronologyEntryRow & { recordedLater: boolean; recordingDelay: string | null })[]; printedAt: Date }

/** Newest first on screen; oldest first reads as a court bundle expects. */
export async function viewChronologyPage(ctx: AppContext, meta: RequestMeta, personId: string, filter: ChronologyFilter, order: 'newest' | 'oldest' = 'newest'): Promise<ChronologyPage> {
  requireCapability(meta.actor, 'person:view')
  const now = ctx.now()
  return ctx.database.db.transaction(async (tx) => {
    const person = await loadPersonWithAccess(tx, meta.actor, personId)
    const entries = (await chronologyEntries(tx, personId, filter, 1000, order)).map((e) => ({ ...e, recordedLater: recordedLater(e.occurredAt, e.recordedAt), recordingDelay: recordingDelay(e.occurredAt, e.recordedAt) }))
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'person.view', entityType: 'chronology', entityId: personId, personId, after: { via: 'chronology', filter }, ip: meta.ip, requestId: meta.requestId, at: now })
    return { person, entries, printedAt: now }
  })
}

/** The form's context: the child (access checked, and the view audited). */
export async function chronologyEntryForm(ctx: AppContext, meta: RequestMeta, personId: string): Promise<PersonRecord> {
  requireCapability(meta.actor, 'chronology:add')
  return ctx.database.db.transaction(async (tx) => {
    const person = await loadPersonWithAccess(tx, meta.actor, personId)
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'person.view', entityType: 'person', entityId: personId, personId, after: { via: 'chronology-entry-form' }, ip: meta.ip, requestId: meta.requestId, at: ctx.now() })
    return person
  })
}

export async function addChronologyEntry(ctx: AppContext, meta: RequestMeta, personId: string, input: ChronologyEntryInput): Promise<{ id: string }> {
  requireCapability(meta.actor, 'chronology:add')
  const now = ctx.now()
  const v = validateChronologyEntry(input, now)
  if (!v.ok) throw new ValidationError(v.errors)
  return ctx.database.db.transaction(async (tx) => {
    await loadPersonWithAccess(tx, meta.actor, personId)
    const { id } = await insertPractitionerEntry(tx, { personId, occurredAt: v.value.occurredAt, summary: v.value.summary, recordedBy: meta.actor.userId }, now)
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'chronology.add', entityType: 'chronology_entry', entityId: id, personId, after: { occurredAt: v.value.occurredAt.toISOString(), summary: v.value.summary }, ip: meta.ip, requestId: meta.requestId, at: now })
    return { id }
  })
}
