/**
 * Closing a child's case: the worker proposes (reason RC1–RC9, closing summary, who was told), a manager
 * other than the proposer authorises or returns it with comments. Authorising closes the referral on
 * today's date (London), ends the child's open allocations, and records a management decision, a
 * chronology entry and the audit — in one transaction. Two managers at once: the closure row is locked
 * and versioned, so the second is told it was already decided (409).
 */
import { appendAudit } from '../../db/repositories/audit.ts'
import {
  assessmentsOnReferral,
  closeReferral,
  closuresForPerson,
  currentOrLatestReferral,
  decideClosure,
  endOpenAllocations,
  getReferral,
  insertClosureProposal,
  lockClosure,
  lockOpenReferral,
  tookPartInClosure,
  updateInformed,
  type ClosureRow,
  type ReferralRow,
} from '../../db/repositories/closure.ts'
import { addChronology } from '../../db/repositories/frontDoor.ts'
import { childProtectionStatus } from '../../db/repositories/childProtectionFacts.ts'
import { episodeChildProtection } from '../../db/repositories/planDue.ts'
import { insertManagementDecision } from '../../db/repositories/oversight.ts'
import { getPerson, type PersonRecord } from '../../db/repositories/people.ts'
import { isUniqueViolation } from '../../db/repositories/rows.ts'
import type { Executor } from '../../db/database.ts'
import { can, type Actor } from '../../domain/access/roles.ts'
import type { AssessmentFact, ClosureFacts, ClosureProposalInput, ClosureReason, InformedInput } from '../../domain/closure/closure.ts'
import { CLOSURE_REASON, checkAuthorisation, validateClosureProposal, validateInformed, validateReturnComments } from '../../domain/closure/closure.ts'
import { formatDate, londonDate } from '../../domain/shared/dates.ts'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability, requirePersonAccess } from '../people/access.ts'

function requireClosureRole(actor: Actor): void {
  if (!can(actor, 'closure:propose') && !can(actor, 'closure:authorise')) throw new ForbiddenError('role')
}

async function loadPerson(tx: Executor, actor: Actor, personId: string, closureParticipantsToo = false): Promise<PersonRecord> {
  try {
    await requirePersonAccess(tx, actor, personId)
  } catch (e) {
    // Authorising ends the child's allocations, which takes the case out of the worker's (and often the
    // manager's) scope. Whoever proposed or authorised the closure may still open the closure page and
    // record who was told afterwards. Restricted records stay restricted (reason 'restricted').
    if (!(closureParticipantsToo && e instanceof ForbiddenError && e.reason === 'scope' && (await tookPartInClosure(tx, personId, actor.userId)))) throw e
  }
  const person = await getPerson(tx, personId)
  if (!person) throw new NotFoundError('person')
  return person
}

/**
 * Access for a manager's decision. A closure authorised a moment ago has ended the allocations that gave a
 * second manager access: they are told it was already decided (409), not refused (403).
 */
async function loadPersonForDecision(tx: Executor, actor: Actor, personId: string, closureId: string): Promise<PersonRecord> {
  try {
    return await loadPerson(tx, actor, personId)
  } catch (e) {
    if (e instanceof ForbiddenError && e.reason === 'scope') {
      const c = await lockClosure(tx, closureId, personId)
      if (c && c.status !== 'proposed') throw new ConflictError('This closure has already been decided by another manager', 'decision')
    }
    throw e
  }
}

async function facts(tx: Executor, person: PersonRecord, referral: ReferralRow, today: string): Promise<ClosureFacts> {
  const assessments: AssessmentFact[] = await assessmentsOnReferral(tx, referral.id)
  const cp = await episodeChildProtection(tx, person.id, referral.id)
  const status = await childProtectionStatus(tx, person.id)
  return {
    today,
    referralDate: referral.referralDate,
    referralRef: referral.referralRef,
    dateOfDeath: person.dateOfDeath,
    assessments,
    openChildProtectionPlan: status.openCpPlanId !== null,
    openCinPlanSince: cp.openCinPlanSince,
    episode: { section47: cp.section47, icpc: cp.icpc, cpPlan: cp.cpPlan, cinPlan: cp.cinPlan },
  }
}

export type ClosurePage = {
  person: PersonRecord
  referral: ReferralRow | null
  assessments: AssessmentFact[]
  pending: ClosureRow | null
  closures: ClosureRow[]
}

/** The closure page: the open (or latest) referral, its assessments, any proposal and past decisions. */
export async function viewClosure(ctx: AppContext, meta: RequestMeta, personId: string): Promise<ClosurePage> {
  requireCapability(meta.actor, 'person:view')
  requireClosureRole(meta.actor)
  return ctx.database.db.transaction(async (tx) => {
    const person = await loadPerson(tx, meta.actor, personId, true)
    const referral = (await currentOrLatestReferral(tx, personId)) ?? null
    const assessments = referral ? await assessmentsOnReferral(tx, referral.id) : []
    const closures = await closuresForPerson(tx, personId)
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'person.view', entityType: 'person', entityId: personId, personId, after: { via: 'closure' }, ip: meta.ip, requestId: meta.requestId, at: ctx.now() })
    return { person, referral, assessments, pending: closures.find((c) => c.status === 'proposed') ?? null, closures }
  })
}

/** The proposal form's context: the child and the open referral (none → nothing to close). */
export async function closureProposalForm(ctx: AppContext, meta: RequestMeta, personId: string): Promise<{ person: PersonRecord; referral: ReferralRow | null; pending: boolean }> {
  requireCapability(meta.actor, 'closure:propose')
  return ctx.database.db.transaction(async (tx) => {
    const person = await loadPerson(tx, meta.actor, personId)
    const referral = (await currentOrLatestReferral(tx, personId)) ?? null
    const open = referral && !referral.closedOn ? referral : null
    const pending = (await closuresForPerson(tx, personId)).some((c) => c.status === 'proposed')
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'person.view', entityType: 'person', entityId: personId, personId, after: { via: 'closure-proposal-form' }, ip: meta.ip, requestId: meta.requestId, at: ctx.now() })
    return { person, referral: open, pending }
  })
}

export async function proposeClosure(ctx: AppContext, meta: RequestMeta, personId: string, input: ClosureProposalInput): Promise<{ id: string }> {
  requireCapability(meta.actor, 'closure:propose')
  const now = ctx.now()
  const today = londonDate(now)
  try {
    return await ctx.database.db.transaction(async (tx) => {
      const person = await loadPerson(tx, meta.actor, personId)
      const referral = await lockOpenReferral(tx, personId)
      if (!referral) throw new ValidationError([{ field: 'reasonCode', message: 'The child has no open referral, so there is no case to close' }])
      if ((await closuresForPerson(tx, personId)).some((c) => c.status === 'proposed' && c.referralId === referral.id)) {
        throw new ConflictError('A closure of this case is already awaiting a manager’s decision', 'reasonCode')
      }
      const v = validateClosureProposal(input, await facts(tx, person, referral, today))
      if (!v.ok) throw new ValidationError(v.errors)
      const c = v.value
      const { id } = await insertClosureProposal(tx, { referralId: referral.id, personId, proposedBy: meta.actor.userId, ...c }, now)
      await addChronology(
        tx,
        { personId, occurredAt: now, kind: 'closure-proposed', summary: `Closure of referral ${referral.referralRef} proposed by ${meta.actor.displayName}: ${c.reasonCode} ${CLOSURE_REASON[c.reasonCode].toLowerCase()}`, sourceType: 'case_closure', sourceId: id, recordedBy: meta.actor.userId },
        now,
      )
      await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'closure.propose', entityType: 'case_closure', entityId: id, personId, after: { referralId: referral.id, ...c }, ip: meta.ip, requestId: meta.requestId, at: now })
      return { id }
    })
  } catch (e) {
    if (isUniqueViolation(e, 'case_closure_one_pending_per_referral')) throw new ConflictError('A closure of this case is already awaiting a manager’s decision', 'reasonCode')
    throw e
  }
}

async function lockPending(tx: Executor, closureId: string, personId: string, expectedVersion: number): Promise<ClosureRow> {
  const c = await lockClosure(tx, closureId, personId)
  if (!c) throw new NotFoundError('closure')
  if (c.status !== 'proposed') {
    throw new ConflictError(`This closure has already been ${c.status} by ${c.decidedByName ?? 'another manager'}${c.decidedAt ? ` on ${formatDate(londonDate(c.decidedAt))}` : ''}`, 'decision')
  }
  if (c.version !== expectedVersion) throw new ConflictError('Someone else changed this closure while you were reading it. Reload the page to see the latest version', 'decision')
  return c
}

export type AuthorisedClosure = { closureDate: string; referralRef: string; reasonCode: ClosureReason; allocationsEnded: number; person: { id: string; personRef: string; name: string } }

export async function authoriseClosure(ctx: AppContext, meta: RequestMeta, personId: string, closureId: string, expectedVersion: number): Promise<AuthorisedClosure> {
  requireCapability(meta.actor, 'closure:authorise')
  const now = ctx.now()
  const today = londonDate(now)
  return ctx.database.db.transaction(async (tx) => {
    const person = await loadPersonForDecision(tx, meta.actor, personId, closureId)
    const c = await lockPending(tx, closureId, personId, expectedVersion)
    const referral = await getReferral(tx, c.referralId)
    if (!referral) throw new NotFoundError('referral')
    if (referral.closedOn) throw new ConflictError(`Referral ${referral.referralRef} was already closed on ${formatDate(referral.closedOn)}`, 'decision')
    const reasonCode = c.reasonCode as ClosureReason
    const check = checkAuthorisation({ status: c.status, proposedBy: c.proposedBy, reasonCode }, meta.actor.userId, await facts(tx, person, referral, today))
    if (!check.ok) throw new ValidationError(check.errors)
    const { closureDate } = check.value
    if (!(await decideClosure(tx, closureId, expectedVersion, { status: 'authorised', decidedBy: meta.actor.userId, managerComments: null, closureDate }, now))) {
      throw new ConflictError('This closure has already been decided by another manager', 'decision')
    }
    if (!(await closeReferral(tx, referral.id, closureDate, reasonCode))) throw new ConflictError(`Referral ${referral.referralRef} was already closed`, 'decision')
    const ended = await endOpenAllocations(tx, personId, closureDate, meta.actor.userId)
    const decision = `Case closed: ${reasonCode} ${CLOSURE_REASON[reasonCode].toLowerCase()}. Referral ${referral.referralRef} closed on ${formatDate(closureDate)}.`
    const { id: decisionId } = await insertManagementDecision(tx, { personId, stage: 'closure', subjectType: 'case_closure', subjectId: closureId, decision, reasons: c.summary, decidedAt: now, decidedBy: meta.actor.userId })
    await addChronology(
      tx,
      { personId, occurredAt: now, kind: 'closure-authorised', summary: `${decision} Authorised by ${meta.actor.displayName}${ended.length ? `; ${ended.length} allocation${ended.length === 1 ? '' : 's'} ended` : ''}.`, sourceType: 'management_decision', sourceId: decisionId, recordedBy: meta.actor.userId },
      now,
    )
    await appendAudit(tx, {
      userId: meta.actor.userId,
      username: meta.actor.username,
      action: 'closure.authorise',
      entityType: 'case_closure',
      entityId: closureId,
      personId,
      before: { status: 'proposed', referral: { id: referral.id, closedOn: null }, openAllocations: ended.map((a) => a.id) },
      after: { status: 'authorised', closureDate, reasonCode, managementDecisionId: decisionId, allocationsEnded: ended },
      ip: meta.ip,
      requestId: meta.requestId,
      at: now,
    })
    return { closureDate, referralRef: referral.referralRef, reasonCode, allocationsEnded: ended.length, person: { id: person.id, personRef: person.personRef, name: `${person.givenNames} ${person.familyName}` } }
  })
}

export async function returnClosure(ctx: AppContext, meta: RequestMeta, personId: string, closureId: string, expectedVersion: number, comments: string | undefined): Promise<void> {
  requireCapability(meta.actor, 'closure:authorise')
  const v = validateReturnComments(comments)
  if (!v.ok) throw new ValidationError(v.errors)
  const now = ctx.now()
  await ctx.database.db.transaction(async (tx) => {
    await loadPersonForDecision(tx, meta.actor, personId, closureId)
    const c = await lockPending(tx, closureId, personId, expectedVersion)
    if (!(await decideClosure(tx, closureId, expectedVersion, { status: 'returned', decidedBy: meta.actor.userId, managerComments: v.value, closureDate: null }, now))) {
      throw new ConflictError('This closure has already been decided by another manager', 'decision')
    }
    const { id: decisionId } = await insertManagementDecision(tx, { personId, stage: 'closure', subjectType: 'case_closure', subjectId: closureId, decision: `Closure of referral ${c.referralRef} (${c.reasonCode}) returned to the worker: the case stays open`, reasons: v.value, decidedAt: now, decidedBy: meta.actor.userId })
    await addChronology(tx, { personId, occurredAt: now, kind: 'closure-returned', summary: `Closure proposal returned by ${meta.actor.displayName}: ${v.value}`, sourceType: 'management_decision', sourceId: decisionId, recordedBy: meta.actor.userId }, now)
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'closure.return', entityType: 'case_closure', entityId: closureId, personId, before: { status: 'proposed' }, after: { status: 'returned', comments: v.value, managementDecisionId: decisionId }, ip: meta.ip, requestId: meta.requestId, at: now })
  })
}

/** Who was told, and how: recorded at proposal or later, also after authorisation (an amendment, audited with before and after). */
export async function recordInformed(ctx: AppContext, meta: RequestMeta, personId: string, closureId: string, expectedVersion: number, input: InformedInput): Promise<void> {
  requireClosureRole(meta.actor)
  const now = ctx.now()
  await ctx.database.db.transaction(async (tx) => {
    await loadPerson(tx, meta.actor, personId, true)
    const c = await lockClosure(tx, closureId, personId)
    if (!c) throw new NotFoundError('closure')
    if (c.status === 'returned') throw new ConflictError('This proposal was returned: record who was told on the new proposal', 'referrerInformedOn')
    if (c.version !== expectedVersion) throw new ConflictError('Someone else changed this closure while you were reading it. Reload the page to see the latest version', 'referrerInformedOn')
    const referral = await getReferral(tx, c.referralId)
    if (!referral) throw new NotFoundError('referral')
    const v = validateInformed(input, { today: londonDate(now), referralDate: referral.referralDate })
    if (!v.ok) throw new ValidationError(v.errors)
    const before = { referrerInformedOn: c.referrerInformedOn, referrerInformedHow: c.referrerInformedHow, familyInformedOn: c.familyInformedOn, familyInformedHow: c.familyInformedHow }
    if (!(await updateInformed(tx, closureId, expectedVersion, v.value))) throw new ConflictError('Someone else changed this closure while you were reading it', 'referrerInformedOn')
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'closure.informed', entityType: 'case_closure', entityId: closureId, personId, before, after: v.value, ip: meta.ip, requestId: meta.requestId, at: now })
  })
}
