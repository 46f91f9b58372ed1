import { appendAudit } from '../../db/repositories/audit.ts'
import { getWorker, setWorkerSupervisionFrequency } from '../../db/repositories/supervision.ts'
import { supervisesTeam, supervisionFrequencyDays, validateFrequency } from '../../domain/supervision/supervision.ts'
import { ForbiddenError, NotFoundError, ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability } from '../people/access.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * A manager sets how often a worker in their team is supervised (7–90 days), or clears it back to the
 * council default (monthly; fortnightly while newly qualified). Audited with before and after.
 */
export async function setSupervisionFrequency(ctx: AppContext, meta: RequestMeta, workerId: string, days: string | undefined): Promise<{ frequencyDays: number }> {
  requireCapability(meta.actor, 'supervision:record')
  if (!UUID.test(workerId)) throw new NotFoundError('worker')
  const now = ctx.now()
  return ctx.database.db.transaction(async (tx) => {
    const w = await getWorker(tx, workerId)
    if (!w) throw new NotFoundError('worker')
    if (!w.teamId || !w.serviceId || !supervisesTeam(meta.actor, { id: w.teamId, serviceId: w.serviceId })) throw new ForbiddenError('scope')
    const v = validateFrequency(days)
    if (!v.ok) throw new ValidationError(v.errors)
    await setWorkerSupervisionFrequency(tx, w.id, v.value)
    await appendAudit(tx, {
      userId: meta.actor.userId,
      username: meta.actor.username,
      action: 'supervision.frequency',
      entityType: 'worker',
      entityId: w.id,
      before: { supervisionFrequencyDays: w.frequencyOverride },
      after: { supervisionFrequencyDays: v.value },
      ip: meta.ip,
      requestId: meta.requestId,
      at: now,
    })
    return { frequencyDays: supervisionFrequencyDays({ newlyQualified: w.newlyQualified, overrideDays: v.value }) }
  })
}
