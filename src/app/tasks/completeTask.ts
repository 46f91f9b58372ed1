import { appendAudit } from '../../db/repositories/audit.ts'
import { addChronology } from '../../db/repositories/frontDoor.ts'
import type { Executor } from '../../db/database.ts'
import { lockTask, markTaskDone, workerTeamAndService } from '../../db/repositories/tasks.ts'
import { can, type Actor } from '../../domain/access/roles.ts'
import { validateCompletionNote } from '../../domain/worklists/worklist.ts'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { requirePersonAccess } from '../people/access.ts'

export type CompleteTaskInput = { version: number; note?: string | undefined }

/**
 * Marks a task done, with an optional note. Only the worker it is assigned to, or a manager who may see
 * the child (or, for a task about no child, who manages the assignee's team or service). Optimistic: the
 * version read must still be current, so two people finishing it at once are told, not both recorded.
 * A task about a child goes into the child's chronology.
 */
export async function completeTask(ctx: AppContext, meta: RequestMeta, taskId: string, input: CompleteTaskInput): Promise<{ personId: string | null }> {
  const actor = meta.actor
  if (!can(actor, 'worklist:own') && !can(actor, 'worklist:team')) throw new ForbiddenError('role')
  const note = validateCompletionNote(input.note)
  if (!note.ok) throw new ValidationError(note.errors)
  const now = ctx.now()
  return ctx.database.db.transaction(async (tx) => {
    const task = await lockTask(tx, taskId)
    if (!task) throw new NotFoundError('task')
    await requireTaskAccess(tx, actor, task)
    if (task.completedAt) throw new ConflictError('This task has already been marked as done', 'version')
    if (!Number.isInteger(input.version) || input.version !== task.version)
      throw new ConflictError('Someone changed this task since you opened the page. Reload it and try again.', 'version')
    if (!(await markTaskDone(tx, task.id, task.version, actor.userId, note.value, now)))
      throw new ConflictError('Someone changed this task since you opened the page. Reload it and try again.', 'version')
    if (task.personId) {
      await addChronology(
        tx,
        { personId: task.personId, occurredAt: now, kind: 'task-completed', summary: `Task done: ${task.title}${note.value ? `. Note: ${note.value}` : ''}`, sourceType: 'task', sourceId: task.id, recordedBy: actor.userId },
        now,
      )
    }
    await appendAudit(tx, {
      userId: actor.userId,
      username: actor.username,
      action: 'task.complete',
      entityType: 'task',
      entityId: task.id,
      personId: task.personId,
      before: { completedAt: null, version: task.version },
      after: { completedAt: now.toISOString(), completedBy: actor.userId, note: note.value, version: task.version + 1 },
      ip: meta.ip,
      requestId: meta.requestId,
      at: now,
    })
    return { personId: task.personId }
  })
}

/**
 * Who may see and complete a task: the worker it is assigned to; or a manager who may see the child
 * (for a task about no child: who manages the assignee's team or service).
 */
export async function requireTaskAccess(tx: Executor, actor: Actor, task: { personId: string | null; assignedWorkerId: string | null }): Promise<void> {
  const isAssignee = actor.workerId !== null && task.assignedWorkerId === actor.workerId
  if (!isAssignee) {
    if (!can(actor, 'worklist:team')) throw new ForbiddenError('not-assignee')
    if (task.personId) {
      await requirePersonAccess(tx, actor, task.personId)
    } else {
      const assignee = task.assignedWorkerId ? await workerTeamAndService(tx, task.assignedWorkerId) : undefined
      const manages =
        assignee !== undefined &&
        ((actor.role === 'team_manager' && assignee.teamId !== null && assignee.teamId === actor.teamId) ||
          (actor.role === 'service_manager' && assignee.serviceId !== null && assignee.serviceId === actor.serviceId))
      if (!manages) throw new ForbiddenError('not-assignee')
    }
  }
}
