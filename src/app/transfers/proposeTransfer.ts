import { appendAudit } from '../../db/repositories/audit.ts'
import { addChronology } from '../../db/repositories/frontDoor.ts'
import { isUniqueViolation } from '../../db/repositories/rows.ts'
import { currentTeamOf, getTeam, hasPendingTransfer, insertTransfer, listTeams, transferPerson, transfersOf, type TeamRow, type TransferPerson, type TransferRow } from '../../db/repositories/transfers.ts'
import { mayPropose, proposeTransfer as decidePropose, receivesTransfers, type ProposeInput, type TeamRef } from '../../domain/transfers/transfer.ts'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { requireAllocationAccess } from '../allocation/scope.ts'
import { requireCapability } from '../people/access.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export type TransferFormData = {
  person: TransferPerson
  currentTeam: TeamRef | null
  /** Teams the child could go to: every case-holding team but the current one. */
  teams: TeamRow[]
  pending: TransferRow | null
}

/**
 * What the proposal form needs. The sending manager must have the child in scope — their record, or the
 * child belongs to one of the manager's teams for allocation (a child waiting in the team's queue has no
 * open allocation) — and manage the child's current team.
 */
export async function transferForm(ctx: AppContext, meta: RequestMeta, personId: string): Promise<TransferFormData> {
  requireCapability(meta.actor, 'transfer:manage')
  const now = ctx.now()
  return ctx.database.db.transaction(async (tx) => {
    await requireAllocationAccess(tx, meta.actor, personId)
    const person = await transferPerson(tx, personId)
    if (!person) throw new NotFoundError('person')
    const currentTeam = await currentTeamOf(tx, personId)
    if (currentTeam && !mayPropose(meta.actor, currentTeam)) throw new ForbiddenError('scope')
    const teams = (await listTeams(tx)).filter((t) => t.id !== currentTeam?.id && receivesTransfers(t))
    const pending = (await transfersOf(tx, personId)).find((t) => t.status === 'proposed') ?? null
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'person.view', entityType: 'person', entityId: personId, personId, after: { via: 'transfer-form' }, ip: meta.ip, requestId: meta.requestId, at: now })
    return { person, currentTeam, teams, pending }
  })
}

/**
 * The sending manager proposes a transfer to another team, with a transfer summary for the receiving
 * manager. One proposal per child waits at a time.
 */
export async function proposeTransfer(ctx: AppContext, meta: RequestMeta, personId: string, input: ProposeInput): Promise<{ id: string }> {
  requireCapability(meta.actor, 'transfer:manage')
  const now = ctx.now()
  try {
    return await ctx.database.db.transaction(async (tx) => {
      await requireAllocationAccess(tx, meta.actor, personId)
      const currentTeam = await currentTeamOf(tx, personId)
      if (currentTeam && !mayPropose(meta.actor, currentTeam)) throw new ForbiddenError('scope')
      const toTeam = input.toTeamId && UUID.test(input.toTeamId) ? ((await getTeam(tx, input.toTeamId)) ?? null) : null
      const d = decidePropose(input, { currentTeam, toTeam, pending: await hasPendingTransfer(tx, personId) })
      if (!d.ok) throw new ValidationError(d.errors)
      const { id } = await insertTransfer(tx, { personId, ...d.value, proposedBy: meta.actor.userId, proposedAt: now })
      const from = currentTeam as TeamRef
      const to = toTeam as TeamRef
      await addChronology(
        tx,
        { personId, occurredAt: now, kind: 'transfer', summary: `Transfer from ${from.name} to ${to.name} proposed by ${meta.actor.displayName}`, sourceType: 'team_transfer', sourceId: id, recordedBy: meta.actor.userId },
        now,
      )
      await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'transfer.propose', entityType: 'team_transfer', entityId: id, personId, after: { ...d.value, status: 'proposed' }, ip: meta.ip, requestId: meta.requestId, at: now })
      return { id }
    })
  } catch (e) {
    if (isUniqueViolation(e, 'team_transfer_one_pending_per_child')) throw new ConflictError('A transfer of this child is already waiting for a decision', 'toTeamId')
    throw e
  }
}
