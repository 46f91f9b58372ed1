/** What the learning reports read: signed-off audits in a period (and teams), their graded answers and their actions. */
import { sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../database.ts'
import { rows } from './rows.ts'
import type { Grade } from '../../domain/caseAudit/grades.ts'

export type LearningFilter = { from: string; to: string; teamIds: readonly string[] | null; programmeKind: 'monthly' | 'themed' | null }

function where(f: LearningFilter): SQL {
  const parts: SQL[] = [sql`c.status = 'signed_off'`, sql`(c.signed_off_at at time zone 'Europe/London')::date between ${f.from}::date and ${f.to}::date`]
  if (f.teamIds) parts.push(f.teamIds.length ? sql`c.team_id in (${sql.join(f.teamIds.map((id) => sql`${id}::uuid`), sql`, `)})` : sql`false`)
  if (f.programmeKind) parts.push(sql`pr.kind = ${f.programmeKind}`)
  return sql.join(parts, sql` and `)
}

export type LearningAuditRow = { id: string; signedOffOn: string; teamId: string | null; teamName: string | null; programmeTitle: string; overallGrade: Grade; moderatedGrade: Grade | null; toolVersionId: string }

export async function learningAudits(db: Executor, f: LearningFilter): Promise<LearningAuditRow[]> {
  return rows<LearningAuditRow>(
    db,
    sql`select c.id, (c.signed_off_at at time zone 'Europe/London')::date::text as "signedOffOn", c.team_id as "teamId", t.name as "teamName", pr.title as "programmeTitle",
               c.overall_grade as "overallGrade", m.moderated_grade as "moderatedGrade", c.tool_version_id as "toolVersionId"
          from case_audit c join audit_programme pr on pr.id = c.programme_id left join team t on t.id = c.team_id
          left join case_audit_moderation m on m.case_audit_id = c.id
         where ${where(f)} order by c.signed_off_at`,
  )
}

export type LearningAnswerRow = { auditId: string; questionKey: string; grade: Grade }

export async function learningAnswers(db: Executor, f: LearningFilter): Promise<LearningAnswerRow[]> {
  return rows<LearningAnswerRow>(
    db,
    sql`select a.case_audit_id as "auditId", a.question_key as "questionKey", a.grade
          from case_audit_answer a join case_audit c on c.id = a.case_audit_id join audit_programme pr on pr.id = c.programme_id
         where a.grade is not null and ${where(f)} order by c.signed_off_at, a.question_key`,
  )
}

/** The owners' audit-action tasks (a manager's oversight copy, titled with `oversightPrefix`, is not counted twice). */
export async function learningActions(db: Executor, f: LearningFilter, oversightPrefix: string): Promise<{ dueDate: string; completedOn: string | null }[]> {
  return rows(
    db,
    sql`select k.due_date::text as "dueDate", (k.completed_at at time zone 'Europe/London')::date::text as "completedOn"
          from task k join case_audit c on c.id = k.source_id join audit_programme pr on pr.id = c.programme_id
         where k.source_type = 'audit_action' and left(k.title, ${oversightPrefix.length}) <> ${oversightPrefix} and ${where(f)}`,
  )
}

export async function toolDefinitions(db: Executor, ids: readonly string[]): Promise<Map<string, unknown>> {
  if (ids.length === 0) return new Map()
  const list = await rows<{ id: string; definition: unknown }>(db, sql`select id, definition from audit_tool_version where id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`)
  return new Map(list.map((r) => [r.id, r.definition]))
}
