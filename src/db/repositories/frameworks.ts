/** The council's assessment framework periods (which framework applies from which date). */
import { sql } from 'drizzle-orm'
import type { Executor } from '../database.ts'
import { assessmentFrameworkPeriod } from '../schema.ts'
import { rows, toDate } from './rows.ts'
import type { Framework } from '../../domain/timescales/rules.ts'

export type FrameworkPeriodRow = {
  id: string
  framework: Framework
  effectiveFrom: string
  internalTargets: number[]
  createdAt: Date
  createdByName: string | null
}

export async function listFrameworkPeriods(db: Executor): Promise<FrameworkPeriodRow[]> {
  const list = await rows<FrameworkPeriodRow>(
    db,
    sql`select f.id, f.framework, f.effective_from::text as "effectiveFrom", f.internal_targets as "internalTargets",
               f.created_at as "createdAt", u.display_name as "createdByName"
          from assessment_framework_period f left join user_account u on u.id = f.created_by
         order by f.effective_from`,
  )
  return list.map((r) => ({ ...r, internalTargets: (r.internalTargets ?? []).map(Number), createdAt: toDate(r.createdAt) }))
}

export type NewFrameworkPeriod = { framework: Framework; effectiveFrom: string; internalTargets: number[]; createdBy: string; createdAt: Date }

/** Unique on effective_from: a second period from the same date violates assessment_framework_period_effective_from_unique. */
export async function insertFrameworkPeriod(db: Executor, p: NewFrameworkPeriod): Promise<{ id: string }> {
  const [row] = await db.insert(assessmentFrameworkPeriod).values(p).returning({ id: assessmentFrameworkPeriod.id })
  return row as { id: string }
}
