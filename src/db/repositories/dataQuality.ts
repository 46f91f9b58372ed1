/**
 * Continuous data quality (issue 7): which children need their CIN census checks re-run, and the open
 * failures found. The issues are derived: each check replaces the child's rows, keeping the date each
 * failure was first seen.
 */
import { sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../database.ts'
import { dataQualityIssue } from '../schema.ts'
import { listNameSql } from './people.ts'
import { rows } from './rows.ts'

const inList = (ids: readonly string[]): SQL => sql.join(ids.map((id) => sql`${id}`), sql`, `)

/**
 * Children whose check is out of date: a census-relevant record changed, or it last ran before today.
 * Locked, so two refreshes at once do not both write the same child's issues (the second finds them fresh).
 */
export async function staleDataQualityPersons(db: Executor, today: string, opts: { personIds?: readonly string[]; limit?: number } = {}): Promise<string[]> {
  if (opts.personIds && opts.personIds.length === 0) return []
  const only = opts.personIds ? sql`and c.person_id in (${inList(opts.personIds)})` : sql``
  const limit = opts.limit ? sql`limit ${opts.limit}` : sql``
  const found = await rows<{ personId: string }>(
    db,
    sql`select c.person_id as "personId" from data_quality_check c
         where (c.dirty or c.checked_on is null or c.checked_on < ${today}::date) ${only}
         order by c.person_id ${limit}
         for update`,
  )
  return found.map((r) => r.personId)
}

export type NewDataQualityIssue = { personId: string; rule: string; severity: 'error' | 'query'; field: string; message: string; referralId: string | null }

/** Replaces the issues of these children with `issues`, keeping first_seen_on for failures still open, and marks them checked today. */
export async function replaceDataQualityIssues(db: Executor, personIds: readonly string[], issues: readonly NewDataQualityIssue[], today: string): Promise<void> {
  if (personIds.length === 0) return
  const key = (i: { personId: string; rule: string; field: string; referralId: string | null }) => `${i.personId}|${i.rule}|${i.field}|${i.referralId ?? ''}`
  const before = await rows<{ personId: string; rule: string; field: string; referralId: string | null; firstSeenOn: string }>(
    db,
    sql`select person_id as "personId", rule, field, referral_id as "referralId", first_seen_on::text as "firstSeenOn"
          from data_quality_issue where person_id in (${inList(personIds)})`,
  )
  const firstSeen = new Map(before.map((b) => [key(b), b.firstSeenOn]))
  await db.execute(sql`delete from data_quality_issue where person_id in (${inList(personIds)})`)
  const values = issues.map((i) => ({ ...i, firstSeenOn: firstSeen.get(key(i)) ?? today }))
  for (let i = 0; i < values.length; i += 500) await db.insert(dataQualityIssue).values(values.slice(i, i + 500))
  await db.execute(sql`update data_quality_check set dirty = false, checked_on = ${today}::date where person_id in (${inList(personIds)})`)
}

export type DataQualityIssueRow = {
  id: string
  personId: string
  personRef: string
  name: string
  restricted: boolean
  rule: string
  severity: 'error' | 'query'
  field: string
  message: string
  referralId: string | null
  referralRef: string | null
  firstSeenOn: string
  teamId: string | null
  teamName: string | null
  workerId: string | null
  workerName: string | null
  /** The latest assessment of the episode, where the fix usually is (primary need, factors). */
  assessmentId: string | null
}

const issueColumns = (viewerUserId: string) => sql`i.id, i.person_id as "personId", p.person_ref as "personRef", ${listNameSql(viewerUserId)} as name, p.restricted,
  i.rule, i.severity, i.field, i.message, i.referral_id as "referralId", r.referral_ref as "referralRef", i.first_seen_on::text as "firstSeenOn",
  al.team_id as "teamId", t.name as "teamName", al.worker_id as "workerId", w.name as "workerName",
  (select a.id from assessment a where a.referral_id = i.referral_id order by a.start_date desc, a.created_at desc limit 1) as "assessmentId"`

const ISSUE_FROM = sql`data_quality_issue i join person p on p.id = i.person_id
  left join referral r on r.id = i.referral_id
  left join allocation al on al.person_id = i.person_id and al.end_date is null and al.allocation_role = 'allocated_worker'
  left join team t on t.id = al.team_id left join worker w on w.id = al.worker_id`

export async function dataQualityIssuesFor(db: Executor, personId: string, viewerUserId: string): Promise<DataQualityIssueRow[]> {
  return rows<DataQualityIssueRow>(db, sql`select ${issueColumns(viewerUserId)} from ${ISSUE_FROM} where i.person_id = ${personId} order by i.severity, i.rule, i.field`)
}

export type DataQualityFilter = {
  /** Restricted children read "Restricted record" to a viewer without a grant. */
  viewerUserId: string
  /** null: every child (council-wide); otherwise only children allocated in these teams. */
  teamIds: readonly string[] | null
  rule?: string | undefined
  teamId?: string | undefined
  workerId?: string | undefined
  severity?: 'error' | 'query' | undefined
}

/** Every open issue in scope, errors first, then by rule and child. */
export async function listDataQualityIssues(db: Executor, f: DataQualityFilter): Promise<DataQualityIssueRow[]> {
  const where: SQL[] = [sql`true`]
  if (f.teamIds !== null) where.push(f.teamIds.length ? sql`al.team_id in (${inList(f.teamIds)})` : sql`false`)
  if (f.rule) where.push(sql`i.rule = ${f.rule}`)
  if (f.teamId) where.push(sql`al.team_id = ${f.teamId}`)
  if (f.workerId) where.push(sql`al.worker_id = ${f.workerId}`)
  if (f.severity) where.push(sql`i.severity = ${f.severity}`)
  return rows<DataQualityIssueRow>(
    db,
    sql`select ${issueColumns(f.viewerUserId)} from ${ISSUE_FROM} where ${sql.join(where, sql` and `)}
         order by i.severity, i.rule, p.family_name, p.given_names, i.field`,
  )
}
