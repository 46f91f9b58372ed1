import { sql } from 'drizzle-orm'
import type { Executor } from '../database.ts'
import { one, rows } from './rows.ts'

export async function jobRoles(db: Executor): Promise<string[]> {
  return (await rows<{ jobRole: string }>(db, sql`select distinct job_role as "jobRole" from worker order by job_role`)).map((r) => r.jobRole)
}

/** Adds or changes a rule; with `expected`, only if the rule still has the values the manager saw. */
export async function upsertLimitRule(
  db: Executor,
  r: { jobRole: string; childrenPerFte: number; newlyQualifiedChildrenPerFte: number },
  expected: { childrenPerFte: number; newlyQualifiedChildrenPerFte: number } | null,
): Promise<boolean> {
  if (expected === null) {
    const inserted = await rows<{ jobRole: string }>(
      db,
      sql`insert into caseload_limit_rule (job_role, children_per_fte, newly_qualified_children_per_fte) values (${r.jobRole}, ${r.childrenPerFte}, ${r.newlyQualifiedChildrenPerFte})
          on conflict (job_role) do nothing returning job_role as "jobRole"`,
    )
    return inserted.length === 1
  }
  const updated = await rows<{ jobRole: string }>(
    db,
    sql`update caseload_limit_rule set children_per_fte = ${r.childrenPerFte}, newly_qualified_children_per_fte = ${r.newlyQualifiedChildrenPerFte}
         where job_role = ${r.jobRole} and children_per_fte = ${expected.childrenPerFte} and newly_qualified_children_per_fte = ${expected.newlyQualifiedChildrenPerFte}
        returning job_role as "jobRole"`,
  )
  return updated.length === 1
}

export async function limitRuleFor(db: Executor, jobRole: string): Promise<{ childrenPerFte: number; newlyQualifiedChildrenPerFte: number } | undefined> {
  return one(db, sql`select children_per_fte as "childrenPerFte", newly_qualified_children_per_fte as "newlyQualifiedChildrenPerFte" from caseload_limit_rule where job_role = ${jobRole}`)
}

/** Sets a worker's newly-qualified flag and own limit if they are still what the manager saw. */
export async function setWorkerLimit(
  db: Executor,
  workerId: string,
  next: { newlyQualified: boolean; caseloadLimit: number | null },
  expected: { newlyQualified: boolean; caseloadLimit: number | null },
): Promise<boolean> {
  const updated = await rows<{ id: string }>(
    db,
    sql`update worker set newly_qualified = ${next.newlyQualified}, caseload_limit = ${next.caseloadLimit}
         where id = ${workerId} and newly_qualified = ${expected.newlyQualified} and caseload_limit is not distinct from ${expected.caseloadLimit}::int
        returning id`,
  )
  return updated.length === 1
}
