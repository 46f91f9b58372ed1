import { appendAudit } from '../../db/repositories/audit.ts'
import { addChronology, closeContactIfAllDecided, getContact, hasOpenAllocatedWorker, insertReferral, lockContactChild, nextReferralRef, openReferralFor, recordChildDecision, referralDatesFor, referralTeamFor } from '../../db/repositories/frontDoor.ts'
import { enqueueForTeam } from '../allocation/queue.ts'
import { loadWorkerQualification } from '../../db/repositories/workers.ts'
import { CONTACT_OUTCOME } from '../../domain/frontDoor/codes.ts'
import { decideContactChild, reReferral, type ChildDecisionInput } from '../../domain/frontDoor/contact.ts'
import { londonDate } from '../../domain/shared/dates.ts'
import { ConflictError, NotFoundError, ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability } from '../people/access.ts'

export type DecisionOutcome =
  | { kind: 'decided'; referral: { id: string; referralRef: string; isReReferral: boolean; joinedOpenCase: boolean } | null; contactDecided: boolean }

/**
 * A qualified manager's decision on one child of a contact, with reasons. A referral (or a strategy
 * discussion, which needs the child open to children's social care) opens a referral — or, when the child
 * already has an open case, joins it: one open episode per child (CIN census). Two managers deciding at
 * once: the row is locked, and the second is told it was already decided; no double referral.
 */
export async function decideContact(ctx: AppContext, meta: RequestMeta, contactId: string, personId: string, input: ChildDecisionInput): Promise<DecisionOutcome> {
  requireCapability(meta.actor, 'contact:decide')
  const now = ctx.now()
  return ctx.database.db.transaction(async (tx) => {
    const contact = await getContact(tx, contactId)
    if (!contact) throw new NotFoundError('contact')
    const child = await lockContactChild(tx, contactId, personId)
    if (!child) throw new NotFoundError('child on this contact')
    const qualified = meta.actor.workerId ? await loadWorkerQualification(tx, meta.actor.workerId) : false
    const d = decideContactChild({ decidedAt: child.decidedAt }, input, { role: meta.actor.role, qualifiedSocialWorker: qualified })
    if (!d.ok) {
      if (child.decidedAt) throw new ConflictError(d.errors[0]?.message ?? 'Already decided', 'outcome')
      throw new ValidationError(d.errors)
    }
    let referral: { id: string; referralRef: string; isReReferral: boolean; joinedOpenCase: boolean } | null = null
    if (d.value.outcome === 'referral' || d.value.outcome === 'strategy_discussion') {
      const open = await openReferralFor(tx, personId)
      if (open) {
        referral = { id: open.id, referralRef: open.referralRef, isReReferral: false, joinedOpenCase: true }
      } else {
        const referralDate = londonDate(now)
        const rr = reReferral(await referralDatesFor(tx, personId), referralDate)
        const referralRef = await nextReferralRef(tx)
        const { id } = await insertReferral(tx, { referralRef, personId, contactId, referralDate, sourceCode: contact.sourceCode, ...rr, createdBy: meta.actor.userId }, now)
        referral = { id, referralRef, isReReferral: rr.isReReferral, joinedOpenCase: false }
        // A new referral with nobody holding the child waits, visibly, for a team to allocate (ADR 0005).
        if (!(await hasOpenAllocatedWorker(tx, personId))) {
          const teamId = await referralTeamFor(tx, meta.actor.teamId)
          if (teamId) await enqueueForTeam(tx, { personId, teamId, waitingSince: now, reason: 'referral', sourceType: 'referral', sourceId: id })
        }
        await addChronology(
          tx,
          { personId, occurredAt: now, kind: 'referral', summary: `Referral ${referralRef} opened from contact ${contact.contactRef}${rr.isReReferral ? ` – a re-referral (${rr.referralsInLast12Months} in the last 12 months)` : ''}`, sourceType: 'referral', sourceId: id, recordedBy: meta.actor.userId },
          now,
        )
      }
    }
    await recordChildDecision(tx, child.id, d.value, meta.actor.userId, now, referral?.id ?? null)
    await addChronology(
      tx,
      {
        personId,
        occurredAt: now,
        kind: 'contact-decision',
        summary: `Contact ${contact.contactRef} decided: ${CONTACT_OUTCOME[d.value.outcome]}${referral?.joinedOpenCase ? ` (added to open case ${referral.referralRef})` : ''}. Reasons: ${d.value.reasons}`,
        sourceType: 'contact',
        sourceId: contactId,
        recordedBy: meta.actor.userId,
      },
      now,
    )
    const contactDecided = await closeContactIfAllDecided(tx, contactId, now)
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'contact.decide', entityType: 'contact', entityId: contactId, personId, after: { ...d.value, referral }, ip: meta.ip, requestId: meta.requestId, at: now })
    return { kind: 'decided', referral, contactDecided }
  })
}
