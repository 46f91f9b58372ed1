/**
 * Allocating a child to a named worker (REFERENCE §1.3 referral and transfer steps, §4.2), changing
 * their worker (with an SSDA903 change reason), adding a co-worker, and ending an allocation.
 *
 * Two managers allocating the same child at the same moment: the form carries the id of the allocation
 * the manager saw as current ("none" if none); the child's row and open allocation rows are locked and
 * compared, and the unique index allocation_one_allocated_worker is the last guard. The loser is told
 * "Someone else allocated this child just now" (409); there is never more than one allocated worker.
 */
import { childProtectionStatus } from '../../db/repositories/childProtectionFacts.ts'
import type { Tx } from '../../db/database.ts'
import { appendAudit } from '../../db/repositories/audit.ts'
import {
  allocationById,
  allocationHistory,
  closeQueueRow,
  endAllocationRow,
  insertAllocation,
  lockChild,
  lockOpenAllocations,
  openReferralOf,
  oversightNotesOf,
  teamById,
  waitingRowOf,
  type AllocationRow,
} from '../../db/repositories/allocation.ts'
import { allocatedChildrenCount, limitRules, workerById } from '../../db/repositories/caseloads.ts'
import { addChronology } from '../../db/repositories/frontDoor.ts'
import { insertManagementDecision } from '../../db/repositories/oversight.ts'
import { isUniqueViolation } from '../../db/repositories/rows.ts'
import { caseloadLimit, checkAllocation, checkEndAllocation, CHANGE_REASONS, daysBetween, type AllocationRole, type OverLimitWarning } from '../../domain/allocation/allocation.ts'
import { can } from '../../domain/access/roles.ts'
import { londonDate } from '../../domain/shared/dates.ts'
import { ConflictError, NotFoundError, ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability } from '../people/access.ts'
import { caseloadsOfTeam, type WorkerCaseload } from './caseloads.ts'
import { enqueueForTeam } from './queue.ts'
import { requireAllocationAccess, requireTeamInScope } from './scope.ts'

export const RACE_MESSAGE = 'Someone else allocated this child just now'

export type AllocateInput = {
  teamId: string | undefined
  workerId: string | undefined
  role: string | undefined
  startDate: string | undefined
  reason: string | undefined
  changeReason: string | undefined
  overLimitReason: string | undefined
  /** The id of the allocated worker's allocation the manager saw as current, or 'none'. */
  currentAllocationId: string | undefined
}

export type AllocateOutcome = { kind: 'allocated'; allocationId: string } | { kind: 'over-limit'; warning: OverLimitWarning }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export async function allocateChild(ctx: AppContext, meta: RequestMeta, personId: string, input: AllocateInput): Promise<AllocateOutcome> {
  requireCapability(meta.actor, 'allocation:manage')
  const now = ctx.now()
  const today = londonDate(now)
  const role: AllocationRole = input.role === 'co_worker' ? 'co_worker' : 'allocated_worker'
  try {
    return await ctx.database.db.transaction(async (tx) => {
      const scope = await requireAllocationAccess(tx, meta.actor, personId)
      const errors: { field: string; message: string }[] = []
      if (!input.teamId || !UUID.test(input.teamId)) throw new ValidationError([{ field: 'teamId', message: 'Select a team' }])
      const team = await teamById(tx, input.teamId)
      if (!team) throw new ValidationError([{ field: 'teamId', message: 'Select a team' }])
      requireTeamInScope(scope, team.id)
      const worker = input.workerId && UUID.test(input.workerId) ? await workerById(tx, input.workerId) : undefined
      if (!worker) throw new ValidationError([{ field: 'workerId', message: 'Select the worker' }])
      if (worker.teamId !== team.id) errors.push({ field: 'workerId', message: `${worker.name} is not in ${team.name}: choose a worker in the team` })

      await lockChild(tx, personId)
      const open = await lockOpenAllocations(tx, personId)
      const current = open.find((a) => a.allocationRole === 'allocated_worker') ?? null
      const seen = input.currentAllocationId?.trim() || 'none'
      if ((current?.id ?? 'none') !== seen) throw new ConflictError(RACE_MESSAGE, 'workerId')
      if (role === 'co_worker' && !current) errors.push({ field: 'role', message: 'Allocate a social worker before adding a co-worker' })
      const referral = await openReferralOf(tx, personId)
      if (!referral) errors.push({ field: 'workerId', message: 'The child has no open referral: only an open case can be allocated' })

      const rules = await limitRules(tx)
      const candidate = {
        name: worker.name,
        qualifiedSocialWorker: worker.qualified,
        leftOn: worker.leftOn,
        children: await allocatedChildrenCount(tx, worker.id),
        limit: caseloadLimit(worker, rules),
      }
      const checked = checkAllocation(
        candidate,
        { role, startDate: input.startDate, reason: input.reason, changeReason: input.changeReason, overLimitReason: input.overLimitReason },
        {
          today,
          referralDate: referral?.referralDate ?? null,
          replacing: role === 'allocated_worker' && current !== null,
          alreadyAllocatedToWorker: open.some((a) => a.workerId === worker.id),
          // Only a qualified social worker may be allocated worker of a child on a child protection plan.
          childProtectionPlan: (await childProtectionStatus(tx, personId)).openCpPlanId !== null,
        },
      )
      if (checked.kind === 'invalid') throw new ValidationError([...errors, ...checked.errors])
      if (current && role === 'allocated_worker' && checked.kind === 'ok' && checked.value.startDate < current.startDate)
        errors.push({ field: 'startDate', message: `The start date must be on or after ${current.workerName}’s allocation began` })
      if (errors.length) throw new ValidationError(errors)
      if (checked.kind === 'over-limit') return { kind: 'over-limit', warning: checked.warning }
      const d = checked.value

      if (current && role === 'allocated_worker') {
        await endAllocationRow(tx, current.id, { endDate: d.startDate, endReason: d.changeReason as string, endedBy: meta.actor.userId })
      }
      const { id } = await insertAllocation(tx, {
        personId,
        workerId: worker.id,
        teamId: team.id,
        role,
        startDate: d.startDate,
        reason: d.reason,
        overLimitReason: d.overLimitReason,
        createdBy: meta.actor.userId,
        createdAt: now,
      })
      const queueRowId = role === 'allocated_worker' ? await closeQueueRow(tx, personId, now, id) : null
      const what = role === 'co_worker' ? `Co-worker added: ${worker.name} (${team.name})` : `Allocated to ${worker.name} (${team.name})`
      const reasons = [
        d.reason,
        current && role === 'allocated_worker' && d.changeReason ? `Change of social worker from ${current.workerName}: ${CHANGE_REASONS[d.changeReason]}` : null,
        d.overLimitReason ? `Beyond ${worker.name}’s caseload limit (${d.childrenAfter} children; limit ${candidate.limit}): ${d.overLimitReason}` : null,
      ]
        .filter(Boolean)
        .join('. ')
      await insertManagementDecision(tx, {
        personId,
        stage: 'allocation',
        subjectType: 'allocation',
        subjectId: id,
        decision: what,
        reasons: reasons || 'No reason given',
        decidedAt: now,
        decidedBy: meta.actor.userId,
      })
      await addChronology(tx, { personId, occurredAt: now, kind: 'allocation', summary: `${what}${reasons ? `. ${reasons}` : ''}`, sourceType: 'allocation', sourceId: id, recordedBy: meta.actor.userId }, now)
      await appendAudit(tx, {
        userId: meta.actor.userId,
        username: meta.actor.username,
        action: role === 'co_worker' ? 'allocation.co-worker' : 'allocation.allocate',
        entityType: 'allocation',
        entityId: id,
        personId,
        before: current ? { allocationId: current.id, workerId: current.workerId, teamId: current.teamId } : null,
        after: { workerId: worker.id, teamId: team.id, ...d, endedAllocationId: current && role === 'allocated_worker' ? current.id : null, queueRowClosed: queueRowId },
        ip: meta.ip,
        requestId: meta.requestId,
        at: now,
      })
      return { kind: 'allocated', allocationId: id }
    })
  } catch (e) {
    if (isUniqueViolation(e, 'allocation_one_allocated_worker')) throw new ConflictError(RACE_MESSAGE, 'workerId')
    if (isUniqueViolation(e, 'allocation_one_open_per_worker')) throw new ConflictError('This worker was allocated to the child just now', 'workerId')
    throw e
  }
}

export async function addCoWorker(ctx: AppContext, meta: RequestMeta, personId: string, input: Omit<AllocateInput, 'role' | 'changeReason'>): Promise<AllocateOutcome> {
  return allocateChild(ctx, meta, personId, { ...input, role: 'co_worker', changeReason: undefined })
}

/**
 * Ends an allocation with an SSDA903 reason. Ending the allocated worker with no one new puts the child
 * in the same team's queue, waiting from now.
 */
export async function endAllocation(ctx: AppContext, meta: RequestMeta, personId: string, allocationId: string, input: { endDate: string | undefined; endReason: string | undefined }): Promise<void> {
  requireCapability(meta.actor, 'allocation:manage')
  const now = ctx.now()
  await ctx.database.db.transaction(async (tx) => {
    const scope = await requireAllocationAccess(tx, meta.actor, personId)
    await lockChild(tx, personId)
    const open = await lockOpenAllocations(tx, personId)
    const a = open.find((x) => x.id === allocationId)
    if (!a) {
      const any = await allocationById(tx, allocationId)
      if (!any || any.personId !== personId) throw new NotFoundError('allocation')
      throw new ConflictError('This allocation has already ended', 'endReason')
    }
    requireTeamInScope(scope, a.teamId)
    const checked = checkEndAllocation(a, input, londonDate(now))
    if (!checked.ok) throw new ValidationError(checked.errors)
    await endAllocationRow(tx, a.id, { ...checked.value, endedBy: meta.actor.userId })
    const queued = a.allocationRole === 'allocated_worker'
    if (queued) await enqueueForTeam(tx, { personId, teamId: a.teamId, waitingSince: now, reason: 'allocation ended', sourceType: 'allocation', sourceId: a.id })
    const what = `${a.allocationRole === 'co_worker' ? 'Co-working' : 'Allocation'} ended: ${a.workerName} (${a.teamName}) – ${CHANGE_REASONS[checked.value.endReason]}`
    const summary = queued ? `${what}. The child waits for a worker in ${a.teamName}.` : what
    await insertManagementDecision(tx, { personId, stage: 'allocation', subjectType: 'allocation', subjectId: a.id, decision: what, reasons: CHANGE_REASONS[checked.value.endReason], decidedAt: now, decidedBy: meta.actor.userId })
    await addChronology(tx, { personId, occurredAt: now, kind: 'allocation', summary, sourceType: 'allocation', sourceId: a.id, recordedBy: meta.actor.userId }, now)
    await appendAudit(tx, {
      userId: meta.actor.userId,
      username: meta.actor.username,
      action: 'allocation.end',
      entityType: 'allocation',
      entityId: a.id,
      personId,
      before: { endDate: null },
      after: { ...checked.value, queuedFor: queued ? a.teamId : null },
      ip: meta.ip,
      requestId: meta.requestId,
      at: now,
    })
  })
}

// ---------------------------------------------------------------- what the pages show

export type AllocationView = {
  person: { id: string; name: string; personRef: string }
  current: AllocationRow | null
  coWorkers: AllocationRow[]
  history: AllocationRow[]
  waiting: { teamName: string; since: Date; days: number } | null
  openReferral: boolean
  canManage: boolean
  notes: Awaited<ReturnType<typeof oversightNotesOf>>
}

export async function viewAllocation(ctx: AppContext, meta: RequestMeta, personId: string): Promise<AllocationView> {
  requireCapability(meta.actor, 'person:view')
  const now = ctx.now()
  return ctx.database.db.transaction(async (tx) => {
    const scope = await requireAllocationAccess(tx, meta.actor, personId)
    const history = await allocationHistory(tx, personId)
    const open = history.filter((a) => a.endDate === null)
    const current = open.find((a) => a.allocationRole === 'allocated_worker') ?? null
    const referral = await openReferralOf(tx, personId)
    let waiting: AllocationView['waiting'] = null
    if (!current && referral) {
      const q = await waitingRowOf(tx, personId)
      const lastEnd = history.find((a) => a.allocationRole === 'allocated_worker' && a.endDate)?.endDate ?? null
      const sinceDate = q ? londonDate(q.waitingSince) : (lastEnd ?? londonDate(referral.createdAt))
      waiting = { teamName: q?.teamName ?? scope.team?.name ?? 'No team yet', since: q?.waitingSince ?? referral.createdAt, days: daysBetween(sinceDate, londonDate(now)) }
    }
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'person.view', entityType: 'person', entityId: personId, personId, after: { via: 'allocation' }, ip: meta.ip, requestId: meta.requestId, at: now })
    return {
      person: { id: scope.child.id, name: scope.child.name, personRef: scope.child.personRef },
      current,
      coWorkers: open.filter((a) => a.allocationRole === 'co_worker'),
      history,
      waiting,
      openReferral: !!referral,
      canManage: can(meta.actor, 'allocation:manage'),
      notes: await oversightNotesOf(tx, personId, 5),
    }
  })
}

export type AllocationFormData = {
  person: { id: string; name: string; personRef: string }
  current: AllocationRow | null
  teams: { id: string; name: string; serviceName: string }[]
  teamId: string
  workers: (WorkerCaseload & { label: string })[]
  today: string
}

/** The allocation form: the teams the manager may allocate in, and the chosen team's workers with their caseloads. */
export async function allocationForm(ctx: AppContext, meta: RequestMeta, personId: string, wantedTeamId: string | undefined): Promise<AllocationFormData> {
  requireCapability(meta.actor, 'allocation:manage')
  const now = ctx.now()
  return ctx.database.db.transaction(async (tx: Tx) => {
    const scope = await requireAllocationAccess(tx, meta.actor, personId)
    const open = (await allocationHistory(tx, personId)).filter((a) => a.endDate === null)
    const current = open.find((a) => a.allocationRole === 'allocated_worker') ?? null
    const inScope = (id: string | undefined | null) => (id && scope.teams.some((t) => t.id === id) ? id : undefined)
    const teamId = inScope(wantedTeamId) ?? inScope(scope.team?.id) ?? inScope(meta.actor.teamId) ?? scope.teams[0]?.id
    if (!teamId) throw new NotFoundError('team you may allocate in')
    const workers = (await caseloadsOfTeam(tx, teamId, londonDate(now))).map((w) => ({ ...w, label: `${w.name} – ${w.children} of ${w.limit}${w.newlyQualified ? ' (newly qualified)' : ''}` }))
    return {
      person: { id: scope.child.id, name: scope.child.name, personRef: scope.child.personRef },
      current,
      teams: scope.teams,
      teamId,
      workers,
      today: londonDate(now),
    }
  })
}

export async function endAllocationForm(ctx: AppContext, meta: RequestMeta, personId: string, allocationId: string): Promise<{ person: { id: string; name: string; personRef: string }; allocation: AllocationRow; today: string }> {
  requireCapability(meta.actor, 'allocation:manage')
  return ctx.database.db.transaction(async (tx) => {
    const scope = await requireAllocationAccess(tx, meta.actor, personId)
    const a = await allocationById(tx, allocationId)
    if (!a || a.personId !== personId) throw new NotFoundError('allocation')
    if (a.endDate) throw new ConflictError('This allocation has already ended', 'endReason')
    return { person: { id: scope.child.id, name: scope.child.name, personRef: scope.child.personRef }, allocation: a, today: londonDate(ctx.now()) }
  })
}
