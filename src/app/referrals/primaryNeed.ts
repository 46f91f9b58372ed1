/**
 * The primary need of a referral (CIN census PrimaryNeedCode, 8610): normally carried from the assessment,
 * but recorded here when it is known before one starts (at the referral), or needs correcting. The form
 * carries the value it was opened with; a change by someone else since is refused (409), not overwritten.
 */
import { appendAudit } from '../../db/repositories/audit.ts'
import { getReferralPrimaryNeed, setReferralPrimaryNeed, type ReferralPrimaryNeedRow } from '../../db/repositories/assessments.ts'
import { addChronology } from '../../db/repositories/frontDoor.ts'
import { PRIMARY_NEED, isPrimaryNeed } from '../../domain/assessments/codes.ts'
import { ConflictError, NotFoundError, ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability, requirePersonAccess } from '../people/access.ts'

export async function viewReferralPrimaryNeed(ctx: AppContext, meta: RequestMeta, personId: string, referralId: string): Promise<ReferralPrimaryNeedRow> {
  requireCapability(meta.actor, 'assessment:record')
  await requirePersonAccess(ctx.database.db, meta.actor, personId)
  const row = await getReferralPrimaryNeed(ctx.database.db, referralId)
  if (!row || row.personId !== personId) throw new NotFoundError('referral')
  return row
}

export async function recordReferralPrimaryNeed(
  ctx: AppContext,
  meta: RequestMeta,
  personId: string,
  referralId: string,
  input: { primaryNeedCode?: string | undefined; previous?: string | undefined },
): Promise<void> {
  requireCapability(meta.actor, 'assessment:record')
  const code = (input.primaryNeedCode ?? '').trim()
  if (!isPrimaryNeed(code)) throw new ValidationError([{ field: 'primaryNeedCode', message: code ? 'Select the primary need from the list' : 'Select the child’s primary need' }])
  const now = ctx.now()
  await ctx.database.db.transaction(async (tx) => {
    await requirePersonAccess(tx, meta.actor, personId)
    const row = await getReferralPrimaryNeed(tx, referralId, { lock: true })
    if (!row || row.personId !== personId) throw new NotFoundError('referral')
    if ((row.primaryNeedCode ?? '') !== (input.previous ?? '')) {
      throw new ConflictError(`Someone else recorded the primary need (${row.primaryNeedCode ? PRIMARY_NEED[row.primaryNeedCode as keyof typeof PRIMARY_NEED] ?? row.primaryNeedCode : 'none'}) after you opened this page. Check it, then save again if it should change.`, 'primaryNeedCode')
    }
    if (row.primaryNeedCode === code) return
    await setReferralPrimaryNeed(tx, referralId, code)
    await addChronology(tx, {
      personId,
      occurredAt: now,
      kind: 'primary-need',
      summary: `Primary need for referral ${row.referralRef} recorded: ${PRIMARY_NEED[code]} (${code})${row.primaryNeedCode ? `, was ${row.primaryNeedCode}` : ''}`,
      sourceType: 'referral',
      sourceId: referralId,
      recordedBy: meta.actor.userId,
    }, now)
    await appendAudit(tx, {
      userId: meta.actor.userId,
      username: meta.actor.username,
      action: 'referral.primary-need',
      entityType: 'referral',
      entityId: referralId,
      personId,
      before: { primaryNeedCode: row.primaryNeedCode },
      after: { primaryNeedCode: code },
      ip: meta.ip,
      requestId: meta.requestId,
      at: now,
    })
  })
}
