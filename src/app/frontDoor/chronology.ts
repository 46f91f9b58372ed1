import { appendAudit } from '../../db/repositories/audit.ts'
import { chronologyFor, type ChronologyRow } from '../../db/repositories/frontDoor.ts'
import { getPersonByRef, type PersonRecord } from '../../db/repositories/people.ts'
import { ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability, loadPersonWithAccess } from '../people/access.ts'

/** The child's chronology, newest first. A view of the record, so audited. */
export async function viewChronology(ctx: AppContext, meta: RequestMeta, personId: string): Promise<{ person: PersonRecord; entries: ChronologyRow[] }> {
  requireCapability(meta.actor, 'person:view')
  return ctx.database.db.transaction(async (tx) => {
    const person = await loadPersonWithAccess(tx, meta.actor, personId)
    const entries = await chronologyFor(tx, personId)
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'person.view', entityType: 'chronology', entityId: personId, personId, after: { via: 'chronology' }, ip: meta.ip, requestId: meta.requestId, at: ctx.now() })
    return { person, entries }
  })
}

/** Turns typed person references (P001234, comma or space separated) into ids, naming any not found. */
export async function resolvePersonRefs(ctx: AppContext, refs: string, field = 'childRefs'): Promise<string[]> {
  const list = [...new Set(refs.toUpperCase().split(/[\s,;]+/).filter(Boolean))]
  const bad = list.filter((r) => !/^P\d{6}$/.test(r))
  if (bad.length) throw new ValidationError([{ field, message: `Enter person references like P001234 (not ${bad.slice(0, 3).join(', ')})` }])
  const ids: string[] = []
  for (const ref of list) {
    const p = await getPersonByRef(ctx.database.db, ref)
    if (!p) throw new ValidationError([{ field, message: `No person has the reference ${ref}` }])
    ids.push(p.id)
  }
  return ids
}
