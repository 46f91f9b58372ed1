import { appendAudit } from '../../db/repositories/audit.ts'
import { getTaskDetails, type TaskDetails } from '../../db/repositories/tasks.ts'
import { can } from '../../domain/access/roles.ts'
import { ForbiddenError, NotFoundError, type AppContext, type RequestMeta } from '../context.ts'
import { requireTaskAccess } from './completeTask.ts'

/**
 * One task, for its assignee or a manager who may see the child. A task about a child is part of the
 * child's record, so opening it is audited as a view of that record.
 */
export async function viewTask(ctx: AppContext, meta: RequestMeta, taskId: string): Promise<TaskDetails & { canComplete: boolean }> {
  const actor = meta.actor
  if (!can(actor, 'worklist:own') && !can(actor, 'worklist:team')) throw new ForbiddenError('role')
  const now = ctx.now()
  return ctx.database.db.transaction(async (tx) => {
    const task = await getTaskDetails(tx, taskId, actor.userId)
    if (!task) throw new NotFoundError('task')
    await requireTaskAccess(tx, actor, task)
    if (task.personId)
      await appendAudit(tx, { userId: actor.userId, username: actor.username, action: 'person.view', entityType: 'task', entityId: task.id, personId: task.personId, after: { via: 'task' }, ip: meta.ip, requestId: meta.requestId, at: now })
    return { ...task, canComplete: task.completedAt === null }
  })
}
