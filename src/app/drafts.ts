import { discardDraft, findDraft, upsertDraft, type Draft } from '../db/repositories/drafts.ts'
import { ValidationError, type AppContext, type RequestMeta } from './context.ts'
import { requireCapability, requirePersonAccess } from './people/access.ts'

/**
 * Drafts: what a user has typed into a form, saved as they go, so that a session timeout or a closed
 * tab never loses work. A draft belongs to its author alone, and a draft about a person is only kept
 * and returned while the author may still see that person's record.
 */
type DraftCapability = 'person:create' | 'person:amend' | 'contact:record' | 'partner:refer' | 'police-notification:triage' | 'assessment:record' | 'management-decision:record' | 'chronology:add' | 'closure:propose' | 'allocation:manage' | 'transfer:manage' | 'supervision:record' | 'case-review:manage' | 'strategy-discussion:record' | 's47:record' | 'conference:record' | 'plan:record' | 'cin-plan:manage'
const FORMS: { pattern: RegExp; capability: DraftCapability }[] = [
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
]

export const DRAFT_MAX_BYTES = 200_000

function resolve(formKey: string): { capability: DraftCapability; personId: string | null } {
  for (const f of FORMS) {
    const m = f.pattern.exec(formKey)
    if (m) return { capability: f.capability, personId: m[1] ?? null }
  }
  throw new ValidationError([{ field: 'formKey', message: 'Drafts are not kept for this form' }])
}

// The version stays in the draft: a draft restored after someone else changed the record is then refused on save.
const OMIT = new Set(['_csrf', 'formKey'])

export async function saveDraft(ctx: AppContext, meta: RequestMeta, formKey: string, fields: Record<string, string | string[]>): Promise<Date> {
  const { capability, personId } = resolve(formKey)
  requireCapability(meta.actor, capability)
  const data = Object.fromEntries(Object.entries(fields).filter(([k]) => !OMIT.has(k)))
  if (JSON.stringify(data).length > DRAFT_MAX_BYTES) throw new ValidationError([{ field: 'body', message: 'The draft is too large to keep' }])
  const now = ctx.now()
  await ctx.database.db.transaction(async (tx) => {
    if (personId) await requirePersonAccess(tx, meta.actor, personId)
    await upsertDraft(tx, meta.actor.userId, formKey, personId, data, now)
  })
  return now
}

export async function loadDraft(ctx: AppContext, meta: RequestMeta, formKey: string): Promise<Draft | undefined> {
  const { personId } = resolve(formKey)
  return ctx.database.db.transaction(async (tx) => {
    if (personId) await requirePersonAccess(tx, meta.actor, personId)
    return findDraft(tx, meta.actor.userId, formKey)
  })
}

export async function clearDraft(ctx: AppContext, meta: RequestMeta, formKey: string): Promise<void> {
  await discardDraft(ctx.database.db, meta.actor.userId, formKey)
}
