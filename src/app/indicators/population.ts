/**
 * The council's 0–17 child population (ONS mid-year estimate), the denominator of the dashboard's rates
 * per 10,000 children. Set by an analyst; one current value, each change in the audit log.
 */
import type { Executor } from '../../db/database.ts'
import { appendAudit } from '../../db/repositories/audit.ts'
import { getCouncilSetting, setCouncilSetting } from '../../db/repositories/indicatorSettings.ts'
import { asChildPopulation, validateChildPopulation, type ChildPopulation, type ChildPopulationInput } from '../../domain/indicators/comparators.ts'
import { ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability } from '../people/access.ts'

export const CHILD_POPULATION_KEY = 'child_population'

export type ChildPopulationView = ChildPopulation & { updatedAt: Date; updatedBy: string | null }

/** The latest child population, or null when none has been set (the dashboard then shows no rate). */
export async function childPopulation(db: Executor): Promise<ChildPopulationView | null> {
  const row = await getCouncilSetting(db, CHILD_POPULATION_KEY)
  const p = row ? asChildPopulation(row.value) : null
  return row && p ? { ...p, updatedAt: row.updatedAt, updatedBy: row.updatedBy } : null
}

/** The child population as the comparators page shows it. */
export async function viewChildPopulation(ctx: AppContext, meta: RequestMeta): Promise<ChildPopulationView | null> {
  requireCapability(meta.actor, 'indicators:view')
  return childPopulation(ctx.database.db)
}

/** Sets the child population; the value it replaces is kept in the audit row. */
export async function setChildPopulation(ctx: AppContext, meta: RequestMeta, input: ChildPopulationInput): Promise<ChildPopulation> {
  requireCapability(meta.actor, 'indicators:manage')
  const v = validateChildPopulation(input)
  if (!v.ok) throw new ValidationError(v.errors)
  const now = ctx.now()
  await ctx.database.db.transaction(async (tx) => {
    const before = await getCouncilSetting(tx, CHILD_POPULATION_KEY, { forUpdate: true })
    await setCouncilSetting(tx, CHILD_POPULATION_KEY, v.value, meta.actor.userId, now)
    await appendAudit(tx, {
      userId: meta.actor.userId,
      username: meta.actor.username,
      action: 'council_setting.set',
      entityType: 'council_setting',
      entityId: CHILD_POPULATION_KEY,
      before: before ? { key: CHILD_POPULATION_KEY, value: before.value } : null,
      after: { key: CHILD_POPULATION_KEY, value: v.value },
      ip: meta.ip,
      requestId: meta.requestId,
      at: now,
    })
  })
  return v.value
}
