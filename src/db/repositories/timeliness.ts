/** What the timeliness report reads: authorised and open assessments, by team. */
import { sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../database.ts'
import { rows } from './rows.ts'
import { personAccessSql } from './people.ts'
import type { Actor } from '../../domain/access/roles.ts'
import type { AssessmentKind } from '../../domain/assessments/frameworks.ts'
import type { Framework } from '../../domain/timescales/rules.ts'

export type TeamRow = { id: string; name: string; serviceId: string; serviceName: string }

/** Teams, optionally only those of one service or one team, by service then name. */
export async function listTeams(db: Executor, filter: { serviceId?: string | null; teamId?: string | null } = {}): Promise<TeamRow[]> {
  const where: SQL[] = [sql`true`]
  if (filter.serviceId !== undefined) where.push(filter.serviceId === null ? sql`false` : sql`t.service_id = ${filter.serviceId}`)
  if (filter.teamId !== undefined) where.push(filter.teamId === null ? sql`false` : sql`t.id = ${filter.teamId}`)
  return rows<TeamRow>(
    db,
    sql`select t.id, t.name, t.service_id as "serviceId", s.name as "serviceName"
          from team t join service s on s.id = t.service_id
         where ${sql.join(where, sql` and `)}
         order by s.name, t.name`,
  )
}

/** The team an assessment counts for: its own team, else its worker's. teamIds null = every team. */
const teamFilter = (teamIds: readonly string[] | null): SQL =>
  teamIds === null ? sql`true` : teamIds.length === 0 ? sql`false` : sql`coalesce(a.team_id, w.team_id) in (${sql.join(teamIds.map((id) => sql`${id}::uuid`), sql`, `)})`

export type CompletedAssessmentRow = { kind: AssessmentKind; framework: Framework; startDate: string; dueDate: string; completedOn: string }

export async function completedAssessments(db: Executor, f: { from: string; to: string; teamIds: readonly string[] | null }): Promise<CompletedAssessmentRow[]> {
  return rows<CompletedAssessmentRow>(
    db,
    sql`select a.kind, a.framework, a.start_date::text as "startDate", a.due_date::text as "dueDate", a.completed_on::text as "completedOn"
          from assessment a left join worker w on w.id = a.worker_id
         where a.status = 'authorised' and a.completed_on between ${f.from} and ${f.to} and ${teamFilter(f.teamIds)}`,
  )
}

export type OverdueAssessmentRow = {
  id: string
  assessmentRef: string
  personId: string
  kind: AssessmentKind
  startDate: string
  dueDate: string
  status: string
  workerName: string | null
  teamName: string | null
  /** Whether the viewer may open the child's record; name and ref are null when not. */
  visible: boolean
  personRef: string | null
  childName: string | null
}

/** Open assessments whose due date is before `today`, with the child named only for viewers with access. */
export async function overdueOpenAssessments(db: Executor, actor: Actor, f: { today: string; teamIds: readonly string[] | null }): Promise<OverdueAssessmentRow[]> {
  return rows<OverdueAssessmentRow>(
    db,
    sql`select x.id, x."assessmentRef", x."personId", x.kind, x."startDate", x."dueDate", x.status, x."workerName", x."teamName", x.visible,
               case when x.visible then x.ref end as "personRef", case when x.visible then x.name end as "childName"
          from (select a.id, a.assessment_ref as "assessmentRef", a.person_id as "personId", a.kind, a.start_date::text as "startDate",
                       a.due_date::text as "dueDate", a.status, w.name as "workerName", t.name as "teamName",
                       ${personAccessSql(actor)} as visible, p.person_ref as ref, p.full_name as name
                  from assessment a
                  join person p on p.id = a.person_id
                  left join worker w on w.id = a.worker_id
                  left join team t on t.id = coalesce(a.team_id, w.team_id)
                 where a.status <> 'authorised' and a.due_date < ${f.today} and ${teamFilter(f.teamIds)}) x
         order by x."dueDate", x."assessmentRef"`,
  )
}
