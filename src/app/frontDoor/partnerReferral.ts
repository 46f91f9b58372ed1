import { appendAudit } from '../../db/repositories/audit.ts'
import { insertPerson, moveToAddress, nextPersonRef } from '../../db/repositories/people.ts'
import {
  exactChildMatches,
  lockChildIdentity,
  partnerProfile,
  PARTNER_REFERRAL_AUDIT_ACTION,
  submissionForPartner,
  submissionsByPartner,
  type PartnerSubmissionDetail,
  type PartnerSubmissionRow,
} from '../../db/repositories/partnerReferrals.ts'
import { londonDate, londonTime } from '../../domain/shared/dates.ts'
import { concernWithChildAsGiven, partnerReferralStatus, personDetailsFromReferral, validatePartnerReferral, type PartnerReferralInput } from '../../domain/frontDoor/partnerReferral.ts'
import { NotFoundError, ValidationError, today, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability } from '../people/access.ts'
import { recordContactIn } from './recordContact.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export type PartnerReferralOutcome = {
  id: string
  contactRef: string
  outOfHours: boolean
  /** For the front door and tests only: never shown to the partner (it would tell them who is known). */
  childMatched: boolean
}

/** What the form starts with: the partner's own name and organisation. */
export async function partnerReferralDefaults(ctx: AppContext, meta: RequestMeta): Promise<{ referrerName: string; referrerAgency: string }> {
  requireCapability(meta.actor, 'partner:refer')
  const p = await partnerProfile(ctx.database.db, meta.actor.userId)
  return { referrerName: p?.displayName ?? meta.actor.displayName, referrerAgency: p?.partnerAgency ?? '' }
}

/**
 * A partner's online referral, all in one transaction: the child is found in the person index by an
 * exact match (name in either case and date of birth; used only when exactly one person matches) or
 * added to it, then the contact is recorded as `recordContact` does (decision deadline, out-of-hours
 * flag, chronology, audit) with the partner as its submitter. Nothing is written unless all of it is.
 */
export async function submitPartnerReferral(ctx: AppContext, meta: RequestMeta, input: PartnerReferralInput): Promise<PartnerReferralOutcome> {
  requireCapability(meta.actor, 'partner:refer')
  const now = ctx.now()
  const v = validatePartnerReferral(input, today(ctx))
  if (!v.ok) throw new ValidationError(v.errors)
  const r = v.value
  const audit = { userId: meta.actor.userId, username: meta.actor.username, ip: meta.ip, requestId: meta.requestId, at: now }

  return ctx.database.db.transaction(async (tx) => {
    const { givenNames, familyName, dateOfBirth } = r.child
    await lockChildIdentity(tx, givenNames, familyName, dateOfBirth)
    const matches = await exactChildMatches(tx, givenNames, familyName, dateOfBirth)
    const only = matches.length === 1 ? matches[0] : undefined
    const childMatched = only !== undefined
    let personId: string
    if (only) {
      personId = only.id
    } else {
      const details = personDetailsFromReferral(r.child)
      const personRef = await nextPersonRef(tx)
      personId = (await insertPerson(tx, details, personRef, meta.actor.userId, now)).id
      if (r.child.address) await moveToAddress(tx, personId, r.child.address, now)
      await appendAudit(tx, { ...audit, action: 'person.create', entityType: 'person', entityId: personId, personId, after: { ...details, personRef, address: r.child.address, via: 'partner-referral' } })
    }

    const { id, contactRef, outOfHours } = await recordContactIn(
      tx,
      now,
      meta,
      {
        receivedDate: londonDate(now),
        receivedTime: londonTime(now),
        channel: 'portal',
        sourceCode: r.sourceCode,
        referrerName: r.referrerName,
        referrerAgency: r.referrerAgency,
        referrerRole: r.referrerRole ?? undefined,
        referrerPhone: r.referrerPhone ?? undefined,
        referrerEmail: r.referrerEmail ?? undefined,
        concern: concernWithChildAsGiven(r),
        parentsAware: r.parentsAware,
        consent: r.consent,
        noConsentReason: r.noConsentReason ?? undefined,
        immediateSafety: r.immediateSafety ?? undefined,
        childIds: [personId],
      },
      { capability: 'partner:refer' },
    )
    // The submission exactly as typed: what the partner's own list shows them, never the index's record.
    await appendAudit(tx, { ...audit, action: PARTNER_REFERRAL_AUDIT_ACTION, entityType: 'contact', entityId: id, after: { contactRef, child: r.child, agencyType: r.agencyType, concern: r.concern } })
    return { id, contactRef, outOfHours, childMatched }
  })
}

export type PartnerSubmission = PartnerSubmissionRow & { status: string; childName: string }

const present = <T extends PartnerSubmissionRow>(s: T): T & { status: string; childName: string } => ({
  ...s,
  status: partnerReferralStatus(s.decidedAt, s.outcomes),
  childName: [s.child?.givenNames, s.child?.familyName].filter(Boolean).join(' '),
})

export const PARTNER_LIST_LIMIT = 500

/** The partner's own referrals, newest first, with where each stands and what they were told. */
export async function listPartnerReferrals(ctx: AppContext, meta: RequestMeta): Promise<PartnerSubmission[]> {
  requireCapability(meta.actor, 'partner:refer')
  return (await submissionsByPartner(ctx.database.db, meta.actor.userId, PARTNER_LIST_LIMIT)).map(present)
}

/** One of the partner's own referrals; anyone else's is "not found", never "forbidden" (that would confirm it exists). */
export async function viewPartnerReferral(ctx: AppContext, meta: RequestMeta, contactId: string): Promise<PartnerSubmissionDetail & { status: string; childName: string }> {
  requireCapability(meta.actor, 'partner:refer')
  if (!UUID.test(contactId)) throw new NotFoundError('referral')
  const s = await submissionForPartner(ctx.database.db, meta.actor.userId, contactId)
  if (!s) throw new NotFoundError('referral')
  return present(s)
}
