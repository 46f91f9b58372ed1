import type { Tx } from '../../db/database.ts'
import { appendAudit } from '../../db/repositories/audit.ts'
import { addChronology } from '../../db/repositories/frontDoor.ts'
import { insertManagementDecision } from '../../db/repositories/oversight.ts'
import { endOpenAllocationsInTeam, getTransfer, leaveWaitingQueue, lockTransfer, recordTransferDecision, type TransferRow } from '../../db/repositories/transfers.ts'
import { londonDate } from '../../domain/shared/dates.ts'
import type { Result } from '../../domain/shared/result.ts'
import { acceptTransfer as domainAccept, declineTransfer as domainDecline, mayDecide, withdrawTransfer as domainWithdraw, type Decision } from '../../domain/transfers/transfer.ts'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability } from '../people/access.ts'
import { queueForReceivingTeam } from './queue.ts'

/** SSDA903 social-worker change reason: transfer in process. */
export const TRANSFER_END_REASON = 'TSPROC'

export type DecisionInput = { version?: number | undefined; reasons?: string | undefined }

async function loadForDecision(tx: Tx, transferId: string): Promise<TransferRow> {
  const t = await getTransfer(tx, transferId)
  if (!t) throw new NotFoundError('transfer')
  const locked = await lockTransfer(tx, transferId)
  if (!locked) throw new NotFoundError('transfer')
  return { ...t, status: locked.status, version: locked.version }
}

function orConflict<T>(r: Result<T>): T {
  if (r.ok) return r.value
  const first = r.errors[0]
  if (first?.field === 'decision') throw new ConflictError(first.message, 'decision')
  throw new ValidationError(r.errors)
}

function checkVersion(t: TransferRow, version: number | undefined): void {
  if (version !== undefined && version !== t.version) throw new ConflictError('This transfer changed after you opened it. Check the decision below.', 'decision')
}

/**
 * The receiving manager accepts: in one transaction the transfer is accepted, the child's open
 * allocations in the sending team end today (SSDA903 reason TSPROC), the child joins the receiving
 * team's queue (the wait between teams starts now), and the decision goes on the child's file.
 */
export async function acceptTransfer(ctx: AppContext, meta: RequestMeta, transferId: string, input: DecisionInput): Promise<void> {
  requireCapability(meta.actor, 'transfer:manage')
  const now = ctx.now()
  await ctx.database.db.transaction(async (tx) => {
    const t = await loadForDecision(tx, transferId)
    if (!mayDecide(meta.actor, t)) throw new ForbiddenError('scope')
    const d: Decision = orConflict(domainAccept(t, input))
    checkVersion(t, input.version)
    if (!(await recordTransferDecision(tx, t.id, t.version, { status: d.status, reasons: d.reasons, userId: meta.actor.userId, at: now }))) {
      throw new ConflictError('This transfer changed after you opened it. Check the decision below.', 'decision')
    }
    const ended = await endOpenAllocationsInTeam(tx, t.personId, t.fromTeam.id, londonDate(now), TRANSFER_END_REASON, meta.actor.userId)
    await leaveWaitingQueue(tx, t.personId, now)
    await queueForReceivingTeam(tx, { personId: t.personId, teamId: t.toTeam.id, waitingSince: now, reason: 'transfer', sourceType: 'team_transfer', sourceId: t.id })
    const decision = `Transfer from ${t.fromTeam.name} to ${t.toTeam.name} accepted`
    const md = await insertManagementDecision(tx, { personId: t.personId, stage: 'transfer', subjectType: 'team_transfer', subjectId: t.id, decision, reasons: d.reasons ?? 'Accepted; no further reasons given.', decidedAt: now, decidedBy: meta.actor.userId })
    const endedText = ended.length ? ` Allocation ended (transfer in process): ${ended.map((a) => a.workerName).join(', ')}.` : ''
    await addChronology(
      tx,
      { personId: t.personId, occurredAt: now, kind: 'transfer', summary: `${decision} by ${meta.actor.displayName}.${endedText} Waiting for allocation in ${t.toTeam.name}.${d.reasons ? ` Reasons: ${d.reasons}` : ''}`, sourceType: 'team_transfer', sourceId: t.id, recordedBy: meta.actor.userId },
      now,
    )
    await appendAudit(tx, {
      userId: meta.actor.userId,
      username: meta.actor.username,
      action: 'transfer.accept',
      entityType: 'team_transfer',
      entityId: t.id,
      personId: t.personId,
      before: { status: 'proposed', version: t.version },
      after: { status: 'accepted', reasons: d.reasons, endedAllocations: ended.map((a) => a.id), queuedFor: t.toTeam.id, managementDecisionId: md.id },
      ip: meta.ip,
      requestId: meta.requestId,
      at: now,
    })
  })
}

/** The receiving manager declines, with reasons: the child stays with the sending team. */
export async function declineTransfer(ctx: AppContext, meta: RequestMeta, transferId: string, input: DecisionInput): Promise<void> {
  requireCapability(meta.actor, 'transfer:manage')
  const now = ctx.now()
  await ctx.database.db.transaction(async (tx) => {
    const t = await loadForDecision(tx, transferId)
    if (!mayDecide(meta.actor, t)) throw new ForbiddenError('scope')
    const d = orConflict(domainDecline(t, input))
    checkVersion(t, input.version)
    if (!(await recordTransferDecision(tx, t.id, t.version, { status: d.status, reasons: d.reasons, userId: meta.actor.userId, at: now }))) {
      throw new ConflictError('This transfer changed after you opened it. Check the decision below.', 'decision')
    }
    const decision = `Transfer from ${t.fromTeam.name} to ${t.toTeam.name} declined`
    const md = await insertManagementDecision(tx, { personId: t.personId, stage: 'transfer', subjectType: 'team_transfer', subjectId: t.id, decision, reasons: d.reasons as string, decidedAt: now, decidedBy: meta.actor.userId })
    await addChronology(
      tx,
      { personId: t.personId, occurredAt: now, kind: 'transfer', summary: `${decision} by ${meta.actor.displayName}; the child stays with ${t.fromTeam.name}. Reasons: ${d.reasons}`, sourceType: 'team_transfer', sourceId: t.id, recordedBy: meta.actor.userId },
      now,
    )
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'transfer.decline', entityType: 'team_transfer', entityId: t.id, personId: t.personId, before: { status: 'proposed', version: t.version }, after: { status: 'declined', reasons: d.reasons, managementDecisionId: md.id }, ip: meta.ip, requestId: meta.requestId, at: now })
  })
}

/** The proposer withdraws a proposal still waiting for a decision. */
export async function withdrawTransfer(ctx: AppContext, meta: RequestMeta, transferId: string, input: DecisionInput): Promise<void> {
  requireCapability(meta.actor, 'transfer:manage')
  const now = ctx.now()
  await ctx.database.db.transaction(async (tx) => {
    const t = await loadForDecision(tx, transferId)
    if (t.proposedBy !== meta.actor.userId && t.status === 'proposed') throw new ForbiddenError('role')
    orConflict(domainWithdraw(t, meta.actor))
    checkVersion(t, input.version)
    if (!(await recordTransferDecision(tx, t.id, t.version, { status: 'withdrawn', reasons: null, userId: meta.actor.userId, at: now }))) {
      throw new ConflictError('This transfer changed after you opened it.', 'decision')
    }
    await addChronology(
      tx,
      { personId: t.personId, occurredAt: now, kind: 'transfer', summary: `Transfer from ${t.fromTeam.name} to ${t.toTeam.name} withdrawn by ${meta.actor.displayName}`, sourceType: 'team_transfer', sourceId: t.id, recordedBy: meta.actor.userId },
      now,
    )
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'transfer.withdraw', entityType: 'team_transfer', entityId: t.id, personId: t.personId, before: { status: 'proposed', version: t.version }, after: { status: 'withdrawn' }, ip: meta.ip, requestId: meta.requestId, at: now })
  })
}
