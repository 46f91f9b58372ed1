import type { Executor } from '../db/database.ts'
import { discardDraft, findDraft, upsertDraft, type Draft } from '../db/repositories/drafts.ts'
import type { Actor } from '../domain/access/roles.ts'
import { loadAudit } from './caseAudit/shared.ts'
import { ForbiddenError, ValidationError, type AppContext, type RequestMeta } from './context.ts'
import { requireCapability, requirePersonAccess } from './people/access.ts'

/**
 * Drafts: what a user has typed into a form, saved as they go, so that a session timeout or a closed
 * tab never loses work. A draft belongs to its author alone, and a draft about a person is only kept
 * and returned while the author may still see that person's record.
 */
type DraftCapability = 'person:create' | 'person:amend' | 'contact:record' | 'partner:refer' | 'police-notification:triage' | 'assessment:record' | 'management-decision:record' | 'chronology:add' | 'closure:propose' | 'allocation:manage' | 'transfer:manage' | 'supervision:record' | 'case-review:manage' | 'strategy-discussion:record' | 's47:record' | 'conference:record' | 'plan:record' | 'cin-plan:manage' | 'case-audit:conduct' | 'case-audit:moderate' | 'case-audit:respond'
/** The child a form's draft is about, when the key names another record (checked as that record is opened). */
type PersonOf = (tx: Executor, actor: Actor, id: string) => Promise<string>
/** A case audit the actor may open (so may see its child): for the moderation and response forms. */
const auditChild: PersonOf = async (tx, actor, id) => (await loadAudit(tx, actor, id)).personId
/** A case audit the actor is the auditor of: for the audit and amendment forms. */
const auditorsChild: PersonOf = async (tx, actor, id) => {
  const audit = await loadAudit(tx, actor, id)
  if (audit.auditorUserId !== actor.userId) throw new ForbiddenError('not-the-auditor')
  return audit.personId
}
const FORMS: { pattern: RegExp; capability: DraftCapability; personOf?: PersonOf }[] = [
  { pattern: /^\/people\/new$/, capability: 'person:create' },
  { pattern: /^\/contacts\/new$/, capability: 'contact:record' },
  { pattern: /^\/partner\/referrals\/new$/, capability: 'partner:refer' },
  { pattern: /^\/police-notifications\/new$/, capability: 'police-notification:triage' },
  { pattern: /^\/people\/([0-9a-f-]{36})\/(edit|address|relationships\/new)$/, capability: 'person:amend' },
  { pattern: /^\/people\/([0-9a-f-]{36})\/assessments\/[0-9a-f-]{36}\/edit$/, capability: 'assessment:record' },
  { pattern: /^\/people\/([0-9a-f-]{36})\/management-decisions\/new$/, capability: 'management-decision:record' },
  { pattern: /^\/people\/([0-9a-f-]{36})\/chronology\/new$/, capability: 'chronology:add' },
  { pattern: /^\/people\/([0-9a-f-]{36})\/closure\/new$/, capability: 'closure:propose' },
  { pattern: /^\/people\/([0-9a-f-]{36})\/allocation\/new$/, capability: 'allocation:manage' },
  { pattern: /^\/people\/([0-9a-f-]{36})\/transfer\/new$/, capability: 'transfer:manage' },
  { pattern: /^\/supervision\/new$/, capability: 'supervision:record' },
  { pattern: /^\/case-reviews\/[0-9a-f-]{36}\/people\/([0-9a-f-]{36})$/, capability: 'case-review:manage' },
  // Issue 6: the long child protection and child in need forms.
  { pattern: /^\/people\/([0-9a-f-]{36})\/strategy-discussions\/new$/, capability: 'strategy-discussion:record' },
  { pattern: /^\/people\/([0-9a-f-]{36})\/section-47\/[0-9a-f-]{36}\/outcome$/, capability: 's47:record' },
  { pattern: /^\/people\/([0-9a-f-]{36})\/conferences\/[0-9a-f-]{36}\/outcome$/, capability: 'conference:record' },
  { pattern: /^\/people\/([0-9a-f-]{36})\/cp-plan\/core-groups\/new$/, capability: 'plan:record' },
  { pattern: /^\/people\/([0-9a-f-]{36})\/cin-plans\/new$/, capability: 'cin-plan:manage' },
  { pattern: /^\/people\/([0-9a-f-]{36})\/visits\/new$/, capability: 'plan:record' },
  // Issue 9: the case-audit forms, one draft per audit (the key names the audit; its child comes from the audit).
  { pattern: /^\/case-audits\/([0-9a-f-]{36})$/, capability: 'case-audit:conduct', personOf: auditorsChild },
  { pattern: /^\/case-audits\/([0-9a-f-]{36})\/amend$/, capability: 'case-audit:conduct', personOf: auditorsChild },
  { pattern: /^\/case-audits\/([0-9a-f-]{36})\/moderation$/, capability: 'case-audit:moderate', personOf: auditChild },
  { pattern: /^\/case-audits\/([0-9a-f-]{36})\/responses$/, capability: 'case-audit:respond', personOf: auditChild },
]

export const DRAFT_MAX_BYTES = 200_000

/** The form's capability, and how to find the person its draft is about (null: about no one). */
type Resolved = { capability: DraftCapability; personOf: (tx: Executor, actor: Actor) => Promise<string | null> }

function resolve(formKey: string): Resolved {
  for (const f of FORMS) {
    const m = f.pattern.exec(formKey)
    if (!m) continue
    const id = m[1] ?? null
    const via = f.personOf
    return { capability: f.capability, personOf: async (tx, actor) => (via && id ? via(tx, actor, id) : id) }
  }
  throw new ValidationError([{ field: 'formKey', message: 'Drafts are not kept for this form' }])
}

// The version stays in the draft: a draft restored after someone else changed the record is then refused on save.
const OMIT = new Set(['_csrf', 'formKey'])

export async function saveDraft(ctx: AppContext, meta: RequestMeta, formKey: string, fields: Record<string, string | string[]>): Promise<Date> {
  const { capability, personOf } = resolve(formKey)
  requireCapability(meta.actor, capability)
  const data = Object.fromEntries(Object.entries(fields).filter(([k]) => !OMIT.has(k)))
  if (JSON.stringify(data).length > DRAFT_MAX_BYTES) throw new ValidationError([{ field: 'body', message: 'The draft is too large to keep' }])
  const now = ctx.now()
  await ctx.database.db.transaction(async (tx) => {
    const personId = await personOf(tx, meta.actor)
    if (personId) await requirePersonAccess(tx, meta.actor, personId)
    await upsertDraft(tx, meta.actor.userId, formKey, personId, data, now)
  })
  return now
}

export async function loadDraft(ctx: AppContext, meta: RequestMeta, formKey: string): Promise<Draft | undefined> {
  const { personOf } = resolve(formKey)
  return ctx.database.db.transaction(async (tx) => {
    const personId = await personOf(tx, meta.actor)
    if (personId) await requirePersonAccess(tx, meta.actor, personId)
    return findDraft(tx, meta.actor.userId, formKey)
  })
}

export async function clearDraft(ctx: AppContext, meta: RequestMeta, formKey: string): Promise<void> {
  await discardDraft(ctx.database.db, meta.actor.userId, formKey)
}
