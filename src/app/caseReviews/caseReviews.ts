import type { Tx } from '../../db/database.ts'
import { appendAudit } from '../../db/repositories/audit.ts'
import {
  getCaseReview,
  getRound,
  insertReviewsForOpenCases,
  insertRound,
  listRounds,
  roundCases,
  saveReview,
  teamsManagedBy,
  teamWorkers,
  type CaseReviewRow,
  type RoundCaseRow,
  type RoundRow,
  type TeamOption,
  type WorkerOption,
} from '../../db/repositories/caseReviews.ts'
import { addChronology } from '../../db/repositories/frontDoor.ts'
import { insertManagementDecision, insertTask } from '../../db/repositories/oversight.ts'
import { reviewCase, reviewDecision, roundInScope, roundProgress, startRound as domainStartRound, type CaseReviewStatus, type ReviewInput, type RoundInput, type RoundProgress } from '../../domain/caseReviews/caseReview.ts'
import { formatDate, londonDate } from '../../domain/shared/dates.ts'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability, requirePersonAccess } from '../people/access.ts'

export type RoundView = RoundRow & { progress: RoundProgress }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function withProgress(r: RoundRow, today: string): RoundView {
  return { ...r, progress: roundProgress(r.reviewed, r.total, r.dueDate, today) }
}

/** The teams the manager may start a review round for. */
export async function newRoundForm(ctx: AppContext, meta: RequestMeta): Promise<{ teams: TeamOption[] }> {
  requireCapability(meta.actor, 'case-review:manage')
  return { teams: await teamsManagedBy(ctx.database.db, meta.actor) }
}

/** Starts a round: every child with an open allocation in the team now gets a case to review. */
export async function startRound(ctx: AppContext, meta: RequestMeta, input: RoundInput): Promise<{ id: string; cases: number }> {
  requireCapability(meta.actor, 'case-review:manage')
  const now = ctx.now()
  return ctx.database.db.transaction(async (tx) => {
    const teams = await teamsManagedBy(tx, meta.actor)
    const team = teams.find((t) => t.id === input.teamId)
    if (input.teamId && UUID.test(input.teamId) && !team) throw new ForbiddenError('scope')
    const d = domainStartRound(input, londonDate(now), team !== undefined)
    if (!d.ok) throw new ValidationError(d.errors)
    const { id } = await insertRound(tx, { ...d.value, startedAt: now, startedBy: meta.actor.userId })
    const cases = await insertReviewsForOpenCases(tx, id, d.value.teamId)
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'case-review.start', entityType: 'case_review_round', entityId: id, after: { ...d.value, cases }, ip: meta.ip, requestId: meta.requestId, at: now })
    return { id, cases }
  })
}

export async function listReviewRounds(ctx: AppContext, meta: RequestMeta): Promise<RoundView[]> {
  requireCapability(meta.actor, 'case-review:manage')
  const today = londonDate(ctx.now())
  return (await listRounds(ctx.database.db, meta.actor)).map((r) => withProgress(r, today))
}

async function roundFor(tx: Tx, meta: RequestMeta, roundId: string): Promise<RoundRow> {
  const round = UUID.test(roundId) ? await getRound(tx, roundId) : undefined
  if (!round) throw new NotFoundError('case review round')
  if (!roundInScope(meta.actor, { id: round.teamId, serviceId: round.serviceId })) throw new ForbiddenError('scope')
  return round
}

export async function viewRound(ctx: AppContext, meta: RequestMeta, roundId: string, status: CaseReviewStatus | null): Promise<{ round: RoundView; cases: RoundCaseRow[] }> {
  requireCapability(meta.actor, 'case-review:manage')
  const today = londonDate(ctx.now())
  return ctx.database.db.transaction(async (tx) => {
    const round = await roundFor(tx, meta, roundId)
    return { round: withProgress(round, today), cases: await roundCases(tx, round.id, status) }
  })
}

export type ReviewFormData = { round: RoundView; review: CaseReviewRow; workers: WorkerOption[] }

/** The review form for one child: the reviewer must have the child in scope. */
export async function caseReviewForm(ctx: AppContext, meta: RequestMeta, roundId: string, personId: string): Promise<ReviewFormData> {
  requireCapability(meta.actor, 'case-review:manage')
  const now = ctx.now()
  return ctx.database.db.transaction(async (tx) => {
    const round = await roundFor(tx, meta, roundId)
    const review = await getCaseReview(tx, round.id, personId)
    if (!review) throw new NotFoundError('case in this review round')
    await requirePersonAccess(tx, meta.actor, personId)
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'person.view', entityType: 'person', entityId: personId, personId, after: { via: 'case-review', roundId }, ip: meta.ip, requestId: meta.requestId, at: now })
    return { round: withProgress(round, londonDate(now)), review, workers: await teamWorkers(tx, round.teamId, londonDate(now)) }
  })
}

/**
 * Records (or amends) the review of one case. The decision goes on the child's file as a management
 * decision; each action becomes a task for the named worker. Amendments keep history in the audit log.
 */
export async function saveCaseReview(ctx: AppContext, meta: RequestMeta, roundId: string, personId: string, version: number, input: ReviewInput): Promise<void> {
  requireCapability(meta.actor, 'case-review:manage')
  const now = ctx.now()
  const today = londonDate(now)
  await ctx.database.db.transaction(async (tx) => {
    const round = await roundFor(tx, meta, roundId)
    const review = await getCaseReview(tx, round.id, personId)
    if (!review) throw new NotFoundError('case in this review round')
    await requirePersonAccess(tx, meta.actor, personId)
    const workers = await teamWorkers(tx, round.teamId, today)
    const d = reviewCase(input, today, new Set(workers.map((w) => w.id)))
    if (!d.ok) throw new ValidationError(d.errors)
    if (!Number.isInteger(version) || version !== review.version) throw new ConflictError('This review was changed by someone else after you opened it. Check it, then save your changes again.', 'findings')
    const workerName = new Map(workers.map((w) => [w.id, w.name]))
    const actionLines = d.value.actions.map((a) => `${a.description} – ${workerName.get(a.workerId) ?? ''}, by ${formatDate(a.dueDate)}`)
    const actionsText = [review.actions, ...actionLines].filter((x): x is string => !!x).join('\n') || null
    if (!(await saveReview(tx, review.id, version, { planRobust: d.value.planRobust, findings: d.value.findings, actions: actionsText, reviewedAt: now, reviewedBy: meta.actor.userId }))) {
      throw new ConflictError('This review was changed by someone else after you opened it. Check it, then save your changes again.', 'findings')
    }
    const decision = reviewDecision(d.value.planRobust)
    const md = await insertManagementDecision(tx, { personId, stage: 'other', subjectType: 'case_review', subjectId: review.id, decision, reasons: d.value.findings, decidedAt: now, decidedBy: meta.actor.userId })
    const taskIds: string[] = []
    for (const a of d.value.actions) {
      const t = await insertTask(tx, { personId, title: a.description, details: `From the case review “${round.title}”`, dueDate: a.dueDate, assignedWorkerId: a.workerId, sourceType: 'management_direction', sourceId: review.id, managementDecisionId: md.id, createdBy: meta.actor.userId, createdAt: now })
      taskIds.push(t.id)
    }
    await addChronology(
      tx,
      { personId, occurredAt: now, kind: 'management-decision', summary: `${decision} (${round.title}), by ${meta.actor.displayName}.${actionLines.length ? ` Actions: ${actionLines.join('; ')}` : ''}`, sourceType: 'case_review', sourceId: review.id, recordedBy: meta.actor.userId },
      now,
    )
    await appendAudit(tx, {
      userId: meta.actor.userId,
      username: meta.actor.username,
      action: review.status === 'reviewed' ? 'case-review.amend' : 'case-review.record',
      entityType: 'case_review',
      entityId: review.id,
      personId,
      before: { status: review.status, planRobust: review.planRobust, findings: review.findings, actions: review.actions, version: review.version },
      after: { status: 'reviewed', planRobust: d.value.planRobust, findings: d.value.findings, actions: actionsText, managementDecisionId: md.id, taskIds },
      ip: meta.ip,
      requestId: meta.requestId,
      at: now,
    })
  })
}
