import { sql } from 'drizzle-orm'
import type { Executor } from '../database.ts'
import { one, rows, toDate } from './rows.ts'

export type CaseSummaryRow = {
  referral: { id: string; referralRef: string; referralDate: string; isReReferral: boolean; primaryNeedCode: string | null } | null
  lastClosed: { referralRef: string; closedOn: string; closureReason: string | null } | null
  assessment: {
    id: string
    assessmentRef: string
    kind: string
    framework: string
    status: string
    startDate: string
    dueDate: string
    completedOn: string | null
    outcome: string | null
  } | null
  workers: { workerName: string; teamName: string; role: string; startDate: string }[]
  waiting: { teamName: string; waitingSince: Date } | null
  closureProposed: boolean
  transferProposed: { toTeamName: string } | null
}

/** Where the child's case stands now: the open referral, the latest assessment, who holds it, what waits. */
export async function caseSummary(db: Executor, personId: string): Promise<CaseSummaryRow> {
  const referral =
    (await one<NonNullable<CaseSummaryRow['referral']>>(
      db,
      sql`select id, referral_ref as "referralRef", referral_date::text as "referralDate", is_re_referral as "isReReferral", primary_need_code as "primaryNeedCode"
            from referral where person_id = ${personId} and closed_on is null limit 1`,
    )) ?? null
  const lastClosed = referral
    ? null
    : ((await one<NonNullable<CaseSummaryRow['lastClosed']>>(
        db,
        sql`select referral_ref as "referralRef", closed_on::text as "closedOn", closure_reason as "closureReason"
              from referral where person_id = ${personId} and closed_on is not null order by closed_on desc limit 1`,
      )) ?? null)
  const assessment = referral
    ? ((await one<NonNullable<CaseSummaryRow['assessment']>>(
        db,
        sql`select id, assessment_ref as "assessmentRef", kind, framework, status, start_date::text as "startDate", due_date::text as "dueDate",
                   completed_on::text as "completedOn", outcome
              from assessment where referral_id = ${referral.id} order by (status <> 'authorised') desc, start_date desc, created_at desc limit 1`,
      )) ?? null)
    : null
  const workers = await rows<CaseSummaryRow['workers'][number]>(
    db,
    sql`select w.name as "workerName", t.name as "teamName", a.allocation_role as role, a.start_date::text as "startDate"
          from allocation a join worker w on w.id = a.worker_id join team t on t.id = a.team_id
         where a.person_id = ${personId} and a.end_date is null
         order by (a.allocation_role = 'allocated_worker') desc, a.start_date`,
  )
  const waitingRow = await one<{ teamName: string; waitingSince: Date | string }>(
    db,
    sql`select t.name as "teamName", q.waiting_since as "waitingSince" from team_queue q join team t on t.id = q.team_id
         where q.person_id = ${personId} and q.allocated_at is null limit 1`,
  )
  const closure = await one<{ n: number }>(db, sql`select count(*)::int as n from case_closure where person_id = ${personId} and status = 'proposed'`)
  const transfer = await one<{ toTeamName: string }>(
    db,
    sql`select t.name as "toTeamName" from team_transfer x join team t on t.id = x.to_team_id where x.person_id = ${personId} and x.status = 'proposed' limit 1`,
  )
  return {
    referral,
    lastClosed,
    assessment,
    workers,
    waiting: waitingRow ? { teamName: waitingRow.teamName, waitingSince: toDate(waitingRow.waitingSince) } : null,
    closureProposed: (closure?.n ?? 0) > 0,
    transferProposed: transfer ?? null,
  }
}
