/**
 * The council's assessment framework periods: which framework (and which local checkpoints) applies to
 * assessments starting from which date. Administrators add periods; existing assessments keep the due
 * dates fixed when they started.
 */
import { appendAudit } from '../../db/repositories/audit.ts'
import { insertFrameworkPeriod, listFrameworkPeriods as listPeriods, type FrameworkPeriodRow } from '../../db/repositories/frameworks.ts'
import { isUniqueViolation } from '../../db/repositories/rows.ts'
import { assessmentKindsFor } from '../../domain/assessments/frameworks.ts'
import { isValidIsoDate } from '../../domain/shared/dates.ts'
import type { FieldError } from '../../domain/shared/result.ts'
import { FRAMEWORKS, FRAMEWORK_TITLES, RULES, isFramework, type Framework } from '../../domain/timescales/rules.ts'
import { ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability } from '../people/access.ts'

const RULE_FOR_KIND = { initial: 'initial-assessment', core: 'core-assessment', single: 'single-assessment' } as const

/** The longest assessment timescale of a framework in working days: internal targets must be fewer. */
export function frameworkMaximum(framework: Framework): number {
  return Math.max(...assessmentKindsFor(framework).map((k) => RULES[RULE_FOR_KIND[k]].frameworks[framework]?.amount ?? 0))
}

export type FrameworkOption = { value: Framework; title: string; maximum: number }

export function frameworkOptions(): FrameworkOption[] {
  return FRAMEWORKS.map((f) => ({ value: f, title: FRAMEWORK_TITLES[f], maximum: frameworkMaximum(f) }))
}

export async function listFrameworkPeriods(ctx: AppContext, meta: RequestMeta): Promise<(FrameworkPeriodRow & { title: string })[]> {
  requireCapability(meta.actor, 'framework:manage')
  return (await listPeriods(ctx.database.db)).map((p) => ({ ...p, title: FRAMEWORK_TITLES[p.framework] ?? p.framework }))
}

export type NewPeriodInput = { framework?: string | undefined; effectiveFrom?: string | undefined; internalTargets?: string | undefined }

/** Validates "10, 20, 35": whole numbers of working days, each above 0 and below the framework's maximum. */
export function parseInternalTargets(text: string | undefined, framework: Framework | null): { targets: number[]; error: string | null } {
  const raw = (text ?? '').trim()
  if (!raw) return { targets: [], error: null }
  if (raw.length > 200) return { targets: [], error: 'Enter at most 10 internal targets' }
  const parts = raw.split(/[,\s]+/).filter((s) => s !== '')
  if (!parts.every((s) => /^\d{1,3}$/.test(s))) return { targets: [], error: 'Enter internal targets as whole numbers of working days separated by commas, like 10, 20, 35' }
  const targets = [...new Set(parts.map(Number))].sort((a, b) => a - b)
  if (targets.length > 10) return { targets: [], error: 'Enter at most 10 internal targets' }
  if (targets.some((n) => n < 1)) return { targets: [], error: 'Each internal target must be at least 1 working day' }
  if (framework) {
    const max = frameworkMaximum(framework)
    if (targets.some((n) => n >= max)) return { targets: [], error: `Each internal target must be fewer than ${max} working days, the framework’s maximum` }
  }
  return { targets, error: null }
}

export async function addFrameworkPeriod(ctx: AppContext, meta: RequestMeta, input: NewPeriodInput): Promise<{ id: string }> {
  requireCapability(meta.actor, 'framework:manage')
  const errors: FieldError[] = []
  const framework = input.framework && isFramework(input.framework) ? input.framework : null
  if (!framework) errors.push({ field: 'framework', message: 'Select the framework' })
  const from = input.effectiveFrom
  if (!from) errors.push({ field: 'effectiveFrom', message: 'Enter the date the framework takes effect' })
  else if (!isValidIsoDate(from)) errors.push({ field: 'effectiveFrom', message: 'The date it takes effect must be a real date' })
  else if (from < '1990-01-01' || from > '2100-12-31') errors.push({ field: 'effectiveFrom', message: 'The date it takes effect must be between 1990 and 2100' })
  const targets = parseInternalTargets(input.internalTargets, framework)
  if (targets.error) errors.push({ field: 'internalTargets', message: targets.error })
  if (errors.length || !framework || !from) throw new ValidationError(errors)
  const now = ctx.now()
  try {
    return await ctx.database.db.transaction(async (tx) => {
      const { id } = await insertFrameworkPeriod(tx, { framework, effectiveFrom: from, internalTargets: targets.targets, createdBy: meta.actor.userId, createdAt: now })
      await appendAudit(tx, {
        userId: meta.actor.userId,
        username: meta.actor.username,
        action: 'framework.period.add',
        entityType: 'assessment_framework_period',
        entityId: id,
        after: { framework, effectiveFrom: from, internalTargets: targets.targets },
        ip: meta.ip,
        requestId: meta.requestId,
        at: now,
      })
      return { id }
    })
  } catch (e) {
    if (isUniqueViolation(e, 'assessment_framework_period_effective_from_unique'))
      throw new ValidationError([{ field: 'effectiveFrom', message: 'A framework period already starts on that date' }])
    throw e
  }
}
