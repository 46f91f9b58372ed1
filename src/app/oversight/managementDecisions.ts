/**
 * Recording a management decision on a child's file, at any step of the case, with up to three directions
 * (tasks for named workers, due by a date). One transaction: the decision, its tasks, the chronology entry
 * and the audit row. Who and when are recorded automatically.
 */
import { appendAudit } from '../../db/repositories/audit.ts'
import { addChronology } from '../../db/repositories/frontDoor.ts'
import { insertManagementDecision, insertTask } from '../../db/repositories/oversight.ts'
import { workersForDirections, type DirectionWorker } from '../../db/repositories/oversightQueries.ts'
import { type PersonRecord } from '../../db/repositories/people.ts'
import { DECISION_STAGE, validateManagementDecision, type ManagementDecisionInput } from '../../domain/oversight/managementDecision.ts'
import { londonDate } from '../../domain/shared/dates.ts'
import { ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability, loadPersonWithAccess } from '../people/access.ts'

export type DecisionForm = { person: PersonRecord; workers: DirectionWorker[] }

/** What the form needs: the child, and the workers a direction may be given to. */
export async function managementDecisionForm(ctx: AppContext, meta: RequestMeta, personId: string): Promise<DecisionForm> {
  requireCapability(meta.actor, 'management-decision:record')
  return ctx.database.db.transaction(async (tx) => {
    const person = await loadPersonWithAccess(tx, meta.actor, personId)
    const workers = await workersForDirections(tx, personId, meta.actor.teamId, londonDate(ctx.now()))
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'person.view', entityType: 'person', entityId: personId, personId, after: { via: 'management-decision-form' }, ip: meta.ip, requestId: meta.requestId, at: ctx.now() })
    return { person, workers }
  })
}

export async function recordManagementDecision(ctx: AppContext, meta: RequestMeta, personId: string, input: ManagementDecisionInput): Promise<{ id: string; taskIds: string[] }> {
  requireCapability(meta.actor, 'management-decision:record')
  const now = ctx.now()
  const today = londonDate(now)
  return ctx.database.db.transaction(async (tx) => {
    await loadPersonWithAccess(tx, meta.actor, personId)
    const workers = await workersForDirections(tx, personId, meta.actor.teamId, today)
    const v = validateManagementDecision(input, { today, allowedWorkerIds: workers.map((w) => w.id) })
    if (!v.ok) throw new ValidationError(v.errors)
    const d = v.value
    const { id } = await insertManagementDecision(tx, { personId, stage: d.stage, subjectType: null, subjectId: null, decision: d.decision, reasons: d.reasons, decidedAt: now, decidedBy: meta.actor.userId })
    const taskIds: string[] = []
    for (const dir of d.directions) {
      const t = await insertTask(tx, { personId, title: dir.text, dueDate: dir.dueDate, assignedWorkerId: dir.workerId, sourceType: 'management_direction', sourceId: id, managementDecisionId: id, createdBy: meta.actor.userId, createdAt: now })
      taskIds.push(t.id)
    }
    const directionsText = d.directions.length ? ` Directions: ${d.directions.map((x) => `${x.text} (by ${x.dueDate.split('-').reverse().join('/')}, ${workers.find((w) => w.id === x.workerId)?.name ?? 'worker'})`).join('; ')}.` : ''
    await addChronology(
      tx,
      { personId, occurredAt: now, kind: 'management-decision', summary: `Management decision (${DECISION_STAGE[d.stage].toLowerCase()}) by ${meta.actor.displayName}: ${d.decision}${directionsText}`, sourceType: 'management_decision', sourceId: id, recordedBy: meta.actor.userId },
      now,
    )
    await appendAudit(tx, {
      userId: meta.actor.userId,
      username: meta.actor.username,
      action: 'management-decision.record',
      entityType: 'management_decision',
      entityId: id,
      personId,
      after: { stage: d.stage, decision: d.decision, reasons: d.reasons, directions: d.directions.map((x, i) => ({ ...x, taskId: taskIds[i] })) },
      ip: meta.ip,
      requestId: meta.requestId,
      at: now,
    })
    return { id, taskIds }
  })
}
