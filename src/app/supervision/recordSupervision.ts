/**
 * Recording a supervision session (REFERENCE §1.3): in one transaction, the session; for each case
 * discussed, the discussion and any decision — a management decision on the child's file with an entry
 * in their chronology; each action as a task for its owner; and the audit. The supervisor must be able to
 * see every child discussed, or nothing is saved. Reflective notes never go into the audit log.
 */
import { appendAudit } from '../../db/repositories/audit.ts'
import { addChronology } from '../../db/repositories/frontDoor.ts'
import { insertManagementDecision, insertTask } from '../../db/repositories/oversight.ts'
import {
  currentTeamMembers,
  getTeam,
  getWorker,
  insertSupervision,
  insertSupervisionCase,
  personNames,
  teamsFor,
  teamWorkersWithLastSupervision,
  workerCaseload,
  type CaseloadChild,
  type SupervisedWorker,
  type SupervisionTeam,
  type TeamMember,
} from '../../db/repositories/supervision.ts'
import type { Executor } from '../../db/database.ts'
import type { Actor } from '../../domain/access/roles.ts'
import { londonInstant } from '../../domain/shared/dates.ts'
import { supervisesTeam, validateSupervision, type ActionInput, type CaseInput } from '../../domain/supervision/supervision.ts'
import { ForbiddenError, ValidationError, today, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability, requirePersonAccess } from '../people/access.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export type RecordSupervisionInput = {
  workerId?: string | undefined
  heldOn?: string | undefined
  cases?: CaseInput[]
  actions?: ActionInput[]
  reflectiveNotes?: string | undefined
}

/**
 * The supervisee, if the actor may supervise them: a current worker (not the actor) in a team the actor
 * manages. No worker chosen, or no such worker: a field error. Someone outside the actor's teams: refused.
 */
export async function requireSupervisee(db: Executor, actor: Actor, workerId: string | undefined, on: string): Promise<{ worker: SupervisedWorker; team: SupervisionTeam }> {
  const id = (workerId ?? '').trim()
  if (!id) throw new ValidationError([{ field: 'workerId', message: 'Select the worker who was supervised' }])
  const worker = UUID.test(id) ? await getWorker(db, id) : undefined
  if (!worker) throw new ValidationError([{ field: 'workerId', message: 'Select the worker who was supervised' }])
  const team = worker.teamId ? await getTeam(db, worker.teamId) : undefined
  if (!team || !supervisesTeam(actor, team)) throw new ForbiddenError('scope')
  if (worker.leftOn !== null && worker.leftOn <= on) throw new ValidationError([{ field: 'workerId', message: `${worker.name} has left, so their supervision cannot be recorded` }])
  if (actor.workerId !== null && actor.workerId === worker.id) throw new ValidationError([{ field: 'workerId', message: 'Your own supervision is recorded by your supervisor' }])
  return { worker, team }
}

export type SupervisionFormData = {
  worker: SupervisedWorker
  team: SupervisionTeam
  children: CaseloadChild[]
  owners: TeamMember[]
}

/** What the form offers for this worker: their allocated children, and who may own actions. */
export async function supervisionFormFor(ctx: AppContext, meta: RequestMeta, workerId: string): Promise<SupervisionFormData> {
  requireCapability(meta.actor, 'supervision:record')
  const on = today(ctx)
  return ctx.database.db.transaction(async (tx) => {
    const { worker, team } = await requireSupervisee(tx, meta.actor, workerId, on)
    // Only children the supervisor may see are offered (a restricted record is never named here).
    const children: CaseloadChild[] = await workerCaseload(tx, worker.id, meta.actor)
    return { worker, team, children, owners: await currentTeamMembers(tx, team.id, on) }
  })
}

export async function recordSupervision(ctx: AppContext, meta: RequestMeta, input: RecordSupervisionInput): Promise<{ id: string }> {
  requireCapability(meta.actor, 'supervision:record')
  const now = ctx.now()
  const on = today(ctx)
  const actor = meta.actor
  return ctx.database.db.transaction(async (tx) => {
    const { worker, team } = await requireSupervisee(tx, actor, input.workerId, on)
    const owners = await currentTeamMembers(tx, team.id, on)
    const v = validateSupervision(
      { heldOn: input.heldOn, cases: input.cases ?? [], actions: input.actions ?? [], reflectiveNotes: input.reflectiveNotes },
      { today: on, workerStartedOn: worker.startedOn, ownerWorkerIds: new Set([worker.id, ...owners.map((o) => o.id)]) },
    )
    if (!v.ok) throw new ValidationError(v.errors)
    const s = v.value
    // Every child named must exist and be visible to the supervisor, before anything is written.
    const childIds = [...new Set([...s.cases.map((c) => c.personId), ...s.actions.flatMap((a) => (a.personId ? [a.personId] : []))])]
    const badId = childIds.find((id) => !UUID.test(id))
    if (badId) throw new ValidationError([{ field: 'case1Person', message: 'Select a child from the list' }])
    const names = await personNames(tx, childIds)
    for (const id of childIds) {
      if (!names.has(id)) throw new ValidationError([{ field: 'case1Person', message: 'Select a child from the list' }])
      await requirePersonAccess(tx, actor, id)
    }
    const occurredAt = s.heldOn === on ? now : londonInstant(s.heldOn, '12:00')
    const { id } = await insertSupervision(tx, { workerId: worker.id, supervisorUserId: actor.userId, heldOn: s.heldOn, reflectiveNotes: s.reflectiveNotes, createdBy: actor.userId, createdAt: now })
    const auditCases: { personId: string; managementDecisionId: string | null; decision: string | null }[] = []
    for (const c of s.cases) {
      let managementDecisionId: string | null = null
      if (c.decision) {
        managementDecisionId = (
          await insertManagementDecision(tx, { personId: c.personId, stage: 'supervision', subjectType: 'supervision', subjectId: id, decision: c.decision.decision, reasons: c.decision.reasons, decidedAt: occurredAt, decidedBy: actor.userId })
        ).id
      }
      await insertSupervisionCase(tx, { supervisionId: id, personId: c.personId, discussion: c.discussion, managementDecisionId })
      await addChronology(
        tx,
        {
          personId: c.personId,
          occurredAt,
          kind: 'supervision',
          summary: c.decision
            ? `Discussed in supervision with ${actor.displayName}: decision – ${c.decision.decision}${/[.!?]$/.test(c.decision.decision) ? '' : '.'} Reasons: ${c.decision.reasons}`
            : `Discussed in supervision with ${actor.displayName}`,
          sourceType: c.decision ? 'management_decision' : 'supervision',
          sourceId: managementDecisionId ?? id,
          recordedBy: actor.userId,
        },
        now,
      )
      await appendAudit(tx, {
        userId: actor.userId,
        username: actor.username,
        action: 'supervision.case',
        entityType: 'supervision',
        entityId: id,
        personId: c.personId,
        after: { supervisionId: id, heldOn: s.heldOn, workerId: worker.id, discussion: c.discussion, decision: c.decision, managementDecisionId },
        ip: meta.ip,
        requestId: meta.requestId,
        at: now,
      })
      auditCases.push({ personId: c.personId, managementDecisionId, decision: c.decision?.decision ?? null })
    }
    const taskIds: string[] = []
    for (const a of s.actions) {
      const task = await insertTask(tx, {
        personId: a.personId,
        title: a.text,
        details: `Action from supervision of ${worker.name} with ${actor.displayName} on ${s.heldOn}`,
        dueDate: a.dueDate,
        assignedWorkerId: a.ownerWorkerId,
        sourceType: 'supervision_action',
        sourceId: id,
        createdBy: actor.userId,
        createdAt: now,
      })
      taskIds.push(task.id)
    }
    await appendAudit(tx, {
      userId: actor.userId,
      username: actor.username,
      action: 'supervision.record',
      entityType: 'supervision',
      entityId: id,
      after: {
        workerId: worker.id,
        heldOn: s.heldOn,
        cases: auditCases,
        actions: s.actions.map((a, i) => ({ taskId: taskIds[i], text: a.text, ownerWorkerId: a.ownerWorkerId, dueDate: a.dueDate, personId: a.personId })),
        // Written, but private to the worker and the supervisor: never copied into the audit log.
        reflectiveNotes: s.reflectiveNotes ? '[private]' : null,
      },
      ip: meta.ip,
      requestId: meta.requestId,
      at: now,
    })
    return { id }
  })
}

export type SuperviseeChoice = { teamName: string; workers: { id: string; name: string; jobRole: string }[] }

/** The workers a supervisor may record supervision for, by team (not themself, not managers). */
export async function superviseeChoices(ctx: AppContext, meta: RequestMeta): Promise<SuperviseeChoice[]> {
  requireCapability(meta.actor, 'supervision:record')
  const actor = meta.actor
  const on = today(ctx)
  return ctx.database.db.transaction(async (tx) => {
    const teams = actor.role === 'team_manager' && actor.teamId ? await teamsFor(tx, { teamId: actor.teamId }) : actor.role === 'service_manager' && actor.serviceId ? await teamsFor(tx, { serviceId: actor.serviceId }) : []
    const out: SuperviseeChoice[] = []
    for (const t of teams) {
      const workers = (await teamWorkersWithLastSupervision(tx, t.id, on)).filter((w) => w.id !== actor.workerId)
      if (workers.length) out.push({ teamName: t.name, workers: workers.map((w) => ({ id: w.id, name: w.name, jobRole: w.jobRole })) })
    }
    return out
  })
}
