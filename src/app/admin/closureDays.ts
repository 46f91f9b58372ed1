import { appendAudit } from '../../db/repositories/audit.ts'
import { addClosureDay as insertClosureDay, closureDays } from '../../db/repositories/frontDoor.ts'
import { isValidIsoDate } from '../../domain/shared/dates.ts'
import type { FieldError } from '../../domain/shared/result.ts'
import { ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability } from '../people/access.ts'

export async function listClosureDays(ctx: AppContext, meta: RequestMeta): Promise<string[]> {
  requireCapability(meta.actor, 'calendar:manage')
  return closureDays(ctx.database.db)
}

/**
 * A council closure day (e.g. between Christmas and New Year) stops counting as a working day for the
 * council's own deadlines from now on. Deadlines already fixed (e.g. a contact's decision date) keep theirs.
 */
export async function addClosureDay(ctx: AppContext, meta: RequestMeta, day: string | undefined, reason: string | undefined): Promise<void> {
  requireCapability(meta.actor, 'calendar:manage')
  const errors: FieldError[] = []
  if (!day || !isValidIsoDate(day)) errors.push({ field: 'day', message: 'Enter a real date' })
  const r = (reason ?? '').trim()
  if (!r) errors.push({ field: 'reason', message: 'Say why the offices are closed' })
  else if (r.length > 200) errors.push({ field: 'reason', message: 'The reason must be 200 characters or fewer' })
  if (errors.length || !day) throw new ValidationError(errors)
  const now = ctx.now()
  await ctx.database.db.transaction(async (tx) => {
    if (!(await insertClosureDay(tx, day, r, meta.actor.userId))) throw new ValidationError([{ field: 'day', message: 'That day is already a closure day' }])
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'calendar.closure-day.add', entityType: 'council_closure_day', entityId: day, after: { day, reason: r }, ip: meta.ip, requestId: meta.requestId, at: now })
  })
}
