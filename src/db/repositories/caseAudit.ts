/**
 * Case audits: tools and their versions, programmes and their samples, audits with their answers,
 * amendments, responses and moderation, and the audit-action tasks. All the SQL of issue 9 but learning's
 * (caseAuditLearning.ts).
 */
import { sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../database.ts'
import { auditProgramme, auditTool, auditToolVersion, caseAudit, caseAuditAmendment, caseAuditAnswer, caseAuditModeration, caseAuditResponse } from '../schema.ts'
import { listNameSql } from './people.ts'
import { one, rows, toDate } from './rows.ts'
import type { Answer, AuditStatus } from '../../domain/caseAudit/audit.ts'
import type { Grade } from '../../domain/caseAudit/grades.ts'
import type { Candidate } from '../../domain/caseAudit/sample.ts'
import { DEFAULT_TOOL, DEFAULT_TOOL_DESCRIPTION, DEFAULT_TOOL_NAME, type ToolDefinition } from '../../domain/caseAudit/tool.ts'

// ---------------------------------------------------------------- tools

export type ToolRow = { id: string; name: string; description: string | null; builtIn: boolean; latestVersionId: string; latestVersion: number; publishedAt: Date }

export async function listTools(db: Executor): Promise<ToolRow[]> {
  const list = await rows<ToolRow>(
    db,
    sql`select t.id, t.name, t.description, t.built_in as "builtIn", v.id as "latestVersionId", v.version as "latestVersion", v.published_at as "publishedAt"
          from audit_tool t join lateral (select * from audit_tool_version v where v.tool_id = t.id order by v.version desc limit 1) v on true
         order by t.built_in desc, t.name`,
  )
  return list.map((r) => ({ ...r, publishedAt: toDate(r.publishedAt) }))
}

export async function getTool(db: Executor, id: string): Promise<ToolRow | undefined> {
  return (await listTools(db)).find((t) => t.id === id)
}

export type ToolVersionRow = { id: string; toolId: string; toolName: string; version: number; definition: ToolDefinition; publishedAt: Date; publishedByName: string | null }

const VERSION_COLUMNS = sql`v.id, v.tool_id as "toolId", t.name as "toolName", v.version, v.definition, v.published_at as "publishedAt", u.display_name as "publishedByName"`

export async function getToolVersion(db: Executor, id: string): Promise<ToolVersionRow | undefined> {
  const r = await one<ToolVersionRow>(db, sql`select ${VERSION_COLUMNS} from audit_tool_version v join audit_tool t on t.id = v.tool_id left join user_account u on u.id = v.published_by where v.id = ${id}`)
  return r ? { ...r, publishedAt: toDate(r.publishedAt) } : undefined
}

export async function toolVersions(db: Executor, toolId: string): Promise<ToolVersionRow[]> {
  const list = await rows<ToolVersionRow>(db, sql`select ${VERSION_COLUMNS} from audit_tool_version v join audit_tool t on t.id = v.tool_id left join user_account u on u.id = v.published_by where v.tool_id = ${toolId} order by v.version desc`)
  return list.map((r) => ({ ...r, publishedAt: toDate(r.publishedAt) }))
}

export async function toolNameTaken(db: Executor, name: string): Promise<boolean> {
  return (await one<{ n: number }>(db, sql`select count(*)::int as n from audit_tool where lower(name) = lower(${name})`))?.n !== 0
}

export async function insertTool(db: Executor, t: { name: string; description: string | null; builtIn: boolean; createdBy: string | null; createdAt: Date }): Promise<{ id: string }> {
  const [row] = await db.insert(auditTool).values(t).returning({ id: auditTool.id })
  return row as { id: string }
}

export async function insertToolVersion(db: Executor, v: { toolId: string; version: number; definition: ToolDefinition; publishedAt: Date; publishedBy: string | null }): Promise<{ id: string }> {
  const [row] = await db.insert(auditToolVersion).values(v).returning({ id: auditToolVersion.id })
  return row as { id: string }
}

/**
 * The built-in audit tool (the Ofsted letters' themes) exists on every Harbour database, not only the
 * demo's: added after the migrations when missing, never changed once there (a QA lead publishes new
 * versions of it like any other tool).
 */
export async function ensureBuiltInAuditTool(db: Executor, at: Date): Promise<void> {
  if (await one(db, sql`select 1 from audit_tool where built_in`)) return
  const tool = await insertTool(db, { name: DEFAULT_TOOL_NAME, description: DEFAULT_TOOL_DESCRIPTION, builtIn: true, createdBy: null, createdAt: at })
  await insertToolVersion(db, { toolId: tool.id, version: 1, definition: DEFAULT_TOOL, publishedAt: at, publishedBy: null })
}

/** Locks the tool's row so two QA leads publishing at once get consecutive version numbers. */
export async function lockTool(db: Executor, toolId: string): Promise<void> {
  await db.execute(sql`select id from audit_tool where id = ${toolId} for update`)
}

// ---------------------------------------------------------------- people who audit, teams, workers

export type AuditorOption = { userId: string; displayName: string; role: string; teamId: string | null; teamName: string | null; workerId: string | null }

export async function usersWithRoles(db: Executor, roles: readonly string[]): Promise<AuditorOption[]> {
  if (roles.length === 0) return []
  return rows<AuditorOption>(
    db,
    sql`select u.id as "userId", u.display_name as "displayName", u.role, w.team_id as "teamId", t.name as "teamName", u.worker_id as "workerId"
          from user_account u left join worker w on w.id = u.worker_id left join team t on t.id = w.team_id
         where not u.disabled and u.role::text in (${sql.join(
           roles.map((r) => sql`${r}`),
           sql`, `,
         )})
         order by u.display_name`,
  )
}

export type TeamOption = { id: string; name: string }
export async function allTeams(db: Executor): Promise<TeamOption[]> {
  return rows<TeamOption>(db, sql`select id, name from team order by name`)
}
export type WorkerOption = { id: string; name: string; teamName: string | null }
export async function caseholdingWorkers(db: Executor): Promise<WorkerOption[]> {
  return rows<WorkerOption>(
    db,
    sql`select w.id, w.name, t.name as "teamName" from worker w left join team t on t.id = w.team_id
         where w.left_on is null and exists (select 1 from allocation a where a.worker_id = w.id and a.end_date is null)
         order by t.name, w.name`,
  )
}
export async function teamName(db: Executor, id: string): Promise<string | undefined> {
  return (await one<{ name: string }>(db, sql`select name from team where id = ${id}`))?.name
}
export async function workerName(db: Executor, id: string): Promise<string | undefined> {
  return (await one<{ name: string }>(db, sql`select name from worker where id = ${id}`))?.name
}

// ---------------------------------------------------------------- sampling

const CANDIDATE_COLUMNS = sql`a.person_id as "personId", a.team_id as "teamId", a.worker_id as "workerId",
  coalesce((select r.referral_date::text from referral r where r.person_id = a.person_id and r.closed_on is null limit 1), a.start_date::text) as "caseStartDate",
  json_build_object(
    'openReferral', exists (select 1 from referral r where r.person_id = a.person_id and r.closed_on is null),
    'cpPlan', exists (select 1 from cp_plan c where c.person_id = a.person_id and c.end_date is null),
    'cinPlan', exists (select 1 from cin_plan c where c.person_id = a.person_id and c.end_date is null)) as status`

/** Children with an open allocation (named allocated worker) in the team, or to the worker: the sampling frame. */
export async function sampleCandidates(db: Executor, by: { teamId: string } | { workerId: string }): Promise<Candidate[]> {
  const where: SQL = 'teamId' in by ? sql`a.team_id = ${by.teamId}` : sql`a.worker_id = ${by.workerId}`
  return rows<Candidate>(db, sql`select ${CANDIDATE_COLUMNS} from allocation a where a.end_date is null and a.allocation_role = 'allocated_worker' and ${where} order by a.person_id`)
}

export type PickedCase = { personId: string; personRef: string; teamId: string | null; workerId: string | null }

/** Hand-picked cases by person reference, with their current allocation (if any). */
export async function casesByRefs(db: Executor, refs: readonly string[]): Promise<PickedCase[]> {
  if (refs.length === 0) return []
  return rows<PickedCase>(
    db,
    sql`select p.id as "personId", p.person_ref as "personRef", a.team_id as "teamId", a.worker_id as "workerId"
          from person p left join allocation a on a.person_id = p.id and a.end_date is null and a.allocation_role = 'allocated_worker'
         where p.person_ref in (${sql.join(
           refs.map((r) => sql`${r}`),
           sql`, `,
         )})`,
  )
}

// ---------------------------------------------------------------- programmes

export type NewProgramme = {
  title: string
  kind: string
  theme: string | null
  month: string | null
  toolVersionId: string
  basis: string
  teamId: string | null
  workerId: string | null
  sampleSize: number
  filterStatus: string
  filterMinAgeDays: number | null
  filterMaxAgeDays: number | null
  seed: number
  allowOwnTeam: boolean
  moderationPercent: number
  createdAt: Date
  createdBy: string
}

export async function insertProgramme(db: Executor, p: NewProgramme): Promise<{ id: string }> {
  const [row] = await db.insert(auditProgramme).values(p).returning({ id: auditProgramme.id })
  return row as { id: string }
}

export type ProgrammeRow = NewProgramme & {
  id: string
  toolName: string
  toolVersion: number
  teamName: string | null
  workerName: string | null
  createdByName: string
  total: number
  signedOff: number
  moderated: number
}

const PROGRAMME_COLUMNS = sql`p.id, p.title, p.kind, p.theme, p.month, p.tool_version_id as "toolVersionId", p.basis, p.team_id as "teamId", p.worker_id as "workerId",
  p.sample_size as "sampleSize", p.filter_status as "filterStatus", p.filter_min_age_days as "filterMinAgeDays", p.filter_max_age_days as "filterMaxAgeDays",
  p.seed, p.allow_own_team as "allowOwnTeam", p.moderation_percent as "moderationPercent", p.created_at as "createdAt", p.created_by as "createdBy",
  t.name as "toolName", v.version as "toolVersion", tm.name as "teamName", w.name as "workerName", u.display_name as "createdByName",
  (select count(*)::int from case_audit c where c.programme_id = p.id) as total,
  (select count(*)::int from case_audit c where c.programme_id = p.id and c.status = 'signed_off') as "signedOff",
  (select count(*)::int from case_audit c join case_audit_moderation m on m.case_audit_id = c.id where c.programme_id = p.id) as moderated`
const PROGRAMME_FROM = sql`audit_programme p join audit_tool_version v on v.id = p.tool_version_id join audit_tool t on t.id = v.tool_id
  left join team tm on tm.id = p.team_id left join worker w on w.id = p.worker_id join user_account u on u.id = p.created_by`

export async function getProgramme(db: Executor, id: string): Promise<ProgrammeRow | undefined> {
  const r = await one<ProgrammeRow>(db, sql`select ${PROGRAMME_COLUMNS} from ${PROGRAMME_FROM} where p.id = ${id}`)
  return r ? { ...r, createdAt: toDate(r.createdAt) } : undefined
}

export async function listProgrammes(db: Executor, limit = 100): Promise<ProgrammeRow[]> {
  const list = await rows<ProgrammeRow>(db, sql`select ${PROGRAMME_COLUMNS} from ${PROGRAMME_FROM} order by p.created_at desc limit ${limit}`)
  return list.map((r) => ({ ...r, createdAt: toDate(r.createdAt) }))
}

// ---------------------------------------------------------------- audits

export async function insertCaseAudit(db: Executor, a: { programmeId: string; personId: string; teamId: string | null; workerId: string | null; toolVersionId: string; auditorUserId: string; createdAt: Date }): Promise<{ id: string }> {
  const [row] = await db.insert(caseAudit).values(a).returning({ id: caseAudit.id })
  return row as { id: string }
}

export type AuditListRow = {
  id: string
  programmeId: string
  programmeTitle: string
  personId: string
  personRef: string
  childName: string
  teamName: string | null
  workerName: string | null
  auditorUserId: string
  auditorName: string
  status: AuditStatus
  overallGrade: Grade | null
  moderatedGrade: Grade | null
  signedOffAt: Date | null
  amendmentCount: number
  version: number
}

const LIST_COLUMNS = (viewerUserId: string) => sql`c.id, c.programme_id as "programmeId", pr.title as "programmeTitle", c.person_id as "personId", p.person_ref as "personRef",
  ${listNameSql(viewerUserId)} as "childName", tm.name as "teamName", w.name as "workerName", c.auditor_user_id as "auditorUserId", u.display_name as "auditorName",
  c.status, c.overall_grade as "overallGrade", m.moderated_grade as "moderatedGrade", c.signed_off_at as "signedOffAt", c.amendment_count as "amendmentCount", c.version`
const LIST_FROM = sql`case_audit c join audit_programme pr on pr.id = c.programme_id join person p on p.id = c.person_id
  left join team tm on tm.id = c.team_id left join worker w on w.id = c.worker_id join user_account u on u.id = c.auditor_user_id
  left join case_audit_moderation m on m.case_audit_id = c.id`

async function auditList(db: Executor, viewerUserId: string, where: SQL, order: SQL): Promise<AuditListRow[]> {
  const list = await rows<AuditListRow>(db, sql`select ${LIST_COLUMNS(viewerUserId)} from ${LIST_FROM} where ${where} order by ${order}`)
  return list.map((r) => ({ ...r, signedOffAt: toDate(r.signedOffAt) }))
}

export const programmeAudits = (db: Executor, programmeId: string, viewerUserId: string) => auditList(db, viewerUserId, sql`c.programme_id = ${programmeId}`, sql`p.person_ref`)
export const auditsAssignedTo = (db: Executor, userId: string) => auditList(db, userId, sql`c.auditor_user_id = ${userId} and c.status <> 'signed_off'`, sql`c.created_at, p.person_ref`)
export const personAudits = (db: Executor, personId: string, viewerUserId: string) => auditList(db, viewerUserId, sql`c.person_id = ${personId}`, sql`c.signed_off_at desc nulls last, c.created_at desc`)
/** Signed-off audits waiting for moderation that were drawn for it (the caller filters by the sample). */
export const unmoderatedSignedOff = (db: Executor, viewerUserId: string) => auditList(db, viewerUserId, sql`c.status = 'signed_off' and m.id is null`, sql`c.signed_off_at`)

export type AuditRecord = AuditListRow & {
  toolVersionId: string
  findings: string | null
  draftActions: { text?: string; ownerWorkerId?: string; dueDate?: string }[] | null
  teamId: string | null
  workerId: string | null
  allowOwnTeam: boolean
  programmeSeed: number
  moderationPercent: number
  signedOffByName: string | null
  moderation: { originalGrade: Grade; moderatedGrade: Grade; agreed: boolean; comments: string; moderatedAt: Date; moderatedByName: string } | null
}

export async function getCaseAudit(db: Executor, id: string, viewerUserId: string): Promise<AuditRecord | undefined> {
  const r = await one<AuditRecord & { moderation: (Omit<NonNullable<AuditRecord['moderation']>, 'moderatedAt'> & { moderatedAt: string }) | null }>(
    db,
    sql`select ${LIST_COLUMNS(viewerUserId)}, c.tool_version_id as "toolVersionId", c.findings, c.draft_actions as "draftActions", c.team_id as "teamId", c.worker_id as "workerId",
               pr.allow_own_team as "allowOwnTeam", pr.seed as "programmeSeed", pr.moderation_percent as "moderationPercent", su.display_name as "signedOffByName",
               case when m.id is null then null else json_build_object('originalGrade', m.original_grade, 'moderatedGrade', m.moderated_grade, 'agreed', m.agreed,
                 'comments', m.comments, 'moderatedAt', m.moderated_at, 'moderatedByName', mu.display_name) end as moderation
          from ${LIST_FROM} left join user_account su on su.id = c.signed_off_by left join user_account mu on mu.id = m.moderated_by
         where c.id = ${id}`,
  )
  if (!r) return undefined
  return { ...r, signedOffAt: toDate(r.signedOffAt), moderation: r.moderation ? { ...r.moderation, moderatedAt: new Date(r.moderation.moderatedAt) } : null }
}

export async function auditAnswers(db: Executor, auditId: string): Promise<Answer[]> {
  return rows<Answer>(
    db,
    sql`select question_key as "questionKey", grade, yes_no as "yesNo", text_answer as text, comment from case_audit_answer where case_audit_id = ${auditId} order by question_key`,
  )
}

export async function replaceAnswers(db: Executor, auditId: string, answers: readonly Answer[]): Promise<void> {
  await db.execute(sql`delete from case_audit_answer where case_audit_id = ${auditId}`)
  const kept = answers.filter((a) => a.grade !== null || a.yesNo !== null || a.text !== null || a.comment !== null)
  if (kept.length) await db.insert(caseAuditAnswer).values(kept.map((a) => ({ caseAuditId: auditId, questionKey: a.questionKey, grade: a.grade, yesNo: a.yesNo, textAnswer: a.text, comment: a.comment })))
}

/** Saves the audit's own row if it is still at `version`; false when someone else changed it first. */
export async function updateAudit(
  db: Executor,
  id: string,
  version: number,
  patch: { status: AuditStatus; overallGrade: Grade | null; findings: string | null; draftActions: unknown; signedOffAt?: Date; signedOffBy?: string; amended?: boolean },
): Promise<boolean> {
  const list = await rows<{ id: string }>(
    db,
    sql`update case_audit set status = ${patch.status}, overall_grade = ${patch.overallGrade}, findings = ${patch.findings},
               draft_actions = ${patch.draftActions === null ? null : JSON.stringify(patch.draftActions)}::jsonb,
               signed_off_at = coalesce(${patch.signedOffAt ?? null}::timestamptz, signed_off_at), signed_off_by = coalesce(${patch.signedOffBy ?? null}::uuid, signed_off_by),
               amendment_count = amendment_count + ${patch.amended ? 1 : 0}, version = version + 1
         where id = ${id} and version = ${version} returning id`,
  )
  return list.length === 1
}

export type AuditActionRow = { id: string; title: string; dueDate: string; ownerName: string | null; completedAt: Date | null }

export async function auditActions(db: Executor, auditId: string): Promise<AuditActionRow[]> {
  const list = await rows<AuditActionRow>(
    db,
    sql`select k.id, k.title, k.due_date::text as "dueDate", w.name as "ownerName", k.completed_at as "completedAt"
          from task k left join worker w on w.id = k.assigned_worker_id
         where k.source_type = 'audit_action' and k.source_id = ${auditId} order by k.due_date, k.created_at`,
  )
  return list.map((r) => ({ ...r, completedAt: toDate(r.completedAt) }))
}

export type ActionOwner = { id: string; name: string; role: string }

/** Who may own an audit action: the child's allocated workers now, and the case team's managers and senior practitioners. */
export async function actionOwners(db: Executor, personId: string, teamId: string | null): Promise<ActionOwner[]> {
  return rows<ActionOwner>(
    db,
    sql`select distinct on (w.id) w.id, w.name, case when a.id is not null then 'Allocated worker' else w.job_role end as role
          from worker w left join allocation a on a.worker_id = w.id and a.person_id = ${personId} and a.end_date is null
         where w.left_on is null and (a.id is not null or (w.team_id = ${teamId} and w.job_role in ('Team manager', 'Senior practitioner')))
         order by w.id, a.id nulls last`,
  )
}

// ---------------------------------------------------------------- amendments, responses, moderation

export async function insertAmendment(db: Executor, a: { caseAuditId: string; reason: string; changes: string[]; before: unknown; after: unknown; amendedAt: Date; amendedBy: string }): Promise<void> {
  await db.insert(caseAuditAmendment).values(a)
}

export type AmendmentRow = { reason: string; changes: string[]; amendedAt: Date; amendedByName: string }
export async function auditAmendments(db: Executor, auditId: string): Promise<AmendmentRow[]> {
  const list = await rows<AmendmentRow>(
    db,
    sql`select a.reason, a.changes, a.amended_at as "amendedAt", u.display_name as "amendedByName" from case_audit_amendment a join user_account u on u.id = a.amended_by
         where a.case_audit_id = ${auditId} order by a.amended_at`,
  )
  return list.map((r) => ({ ...r, amendedAt: toDate(r.amendedAt) }))
}

export async function insertResponse(db: Executor, r: { caseAuditId: string; response: string; respondedAt: Date; respondedBy: string }): Promise<void> {
  await db.insert(caseAuditResponse).values(r)
}

export type ResponseRow = { response: string; respondedAt: Date; respondedByName: string; role: string }
export async function auditResponses(db: Executor, auditId: string): Promise<ResponseRow[]> {
  const list = await rows<ResponseRow>(
    db,
    sql`select r.response, r.responded_at as "respondedAt", u.display_name as "respondedByName", u.role from case_audit_response r join user_account u on u.id = r.responded_by
         where r.case_audit_id = ${auditId} order by r.responded_at`,
  )
  return list.map((r) => ({ ...r, respondedAt: toDate(r.respondedAt) }))
}

export async function insertModeration(db: Executor, m: { caseAuditId: string; originalGrade: Grade; moderatedGrade: Grade; agreed: boolean; comments: string; moderatedAt: Date; moderatedBy: string }): Promise<void> {
  await db.insert(caseAuditModeration).values(m)
}

/** The ids of a programme's signed-off audits (for drawing its moderation sample). */
export async function signedOffIds(db: Executor, programmeId: string): Promise<string[]> {
  return (await rows<{ id: string }>(db, sql`select id from case_audit where programme_id = ${programmeId} and status = 'signed_off' order by id`)).map((r) => r.id)
}

/** The team manager of a team now (the first, if there are two), who oversees audit actions. */
export async function teamManagerOf(db: Executor, teamId: string): Promise<{ id: string; name: string } | undefined> {
  return one<{ id: string; name: string }>(db, sql`select id, name from worker where team_id = ${teamId} and job_role = 'Team manager' and left_on is null order by started_on, id limit 1`)
}

/** Gives a not-yet-signed-off audit to another auditor, if it is still at `version`. */
export async function reassignAudit(db: Executor, id: string, version: number, auditorUserId: string): Promise<boolean> {
  const list = await rows<{ id: string }>(db, sql`update case_audit set auditor_user_id = ${auditorUserId}, version = version + 1 where id = ${id} and version = ${version} and status <> 'signed_off' returning id`)
  return list.length === 1
}
