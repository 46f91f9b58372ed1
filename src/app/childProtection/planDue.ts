/**
 * What is due on a child's child protection and child in need work, and re-planning a missed or
 * unachievable date with a recorded reason (issue 6 "Overdue"). The items themselves are computed by
 * src/domain/childProtection/dueItems.ts from the tables; nothing is stored but the re-plans.
 */
import { appendAudit } from '../../db/repositories/audit.ts'
import { addChronology } from '../../db/repositories/frontDoor.ts'
import { insertManagementDecision } from '../../db/repositories/oversight.ts'
import { dueFactsForPerson, insertReplan, lockReplanSubject } from '../../db/repositories/planDue.ts'
import type { Executor } from '../../db/database.ts'
import type { Actor } from '../../domain/access/roles.ts'
import { can } from '../../domain/access/roles.ts'
import { DUE_ITEM_LABEL, dueItems, isDueItemKind, replanSummary, validateReplan, type DueItem, type DueItemKind } from '../../domain/childProtection/dueItems.ts'
import { formatDate } from '../../domain/shared/dates.ts'
import { NotFoundError, ValidationError, today, type AppContext, type RequestMeta } from '../context.ts'
import { loadCalendar } from '../frontDoor/calendar.ts'
import { requireCapability, requirePersonAccess, loadPersonWithAccess } from '../people/access.ts'

export type DueItemView = DueItem & { href: string; replanHref: string | null }

/** Where the item is dealt with: the section 47 (ICPC), the CP plan, the CIN plan. */
export function dueItemHref(i: Pick<DueItem, 'item' | 'personId' | 'subjectId'>): string {
  switch (i.item) {
    case 'icpc':
      return `/people/${i.personId}/section-47/${i.subjectId}`
    case 'cp_review':
    case 'core_group':
    case 'cp_visit':
      return `/people/${i.personId}/cp-plan`
    case 'cin_review':
    case 'cin_visit':
      return `/people/${i.personId}/cin-plans/${i.subjectId}`
  }
}

export const replanHref = (i: Pick<DueItem, 'item' | 'personId' | 'subjectId'>): string => `/people/${i.personId}/replan?item=${i.item}&subject=${i.subjectId}`

/** Adds the links; the re-plan link only for someone who may re-plan. */
export function withLinks(items: readonly DueItem[], actor: Pick<Actor, 'role'>): DueItemView[] {
  const mayReplan = can(actor, 'plan:replan')
  return items.map((i) => ({ ...i, href: dueItemHref(i), replanHref: mayReplan ? replanHref(i) : null }))
}

/** Due items of one child, read with any executor (inside another use case's transaction). */
export async function dueItemsIn(tx: Executor, personId: string, day: string): Promise<DueItem[]> {
  const calendar = await loadCalendar(tx)
  return dueItems(await dueFactsForPerson(tx, personId), day, calendar)
}

/** Everything due for the child, overdue first. A part of the child's record: audited as a view. */
export async function dueItemsForPerson(ctx: AppContext, meta: RequestMeta, personId: string): Promise<DueItemView[]> {
  requireCapability(meta.actor, 'person:view')
  const now = ctx.now()
  return ctx.database.db.transaction(async (tx) => {
    await requirePersonAccess(tx, meta.actor, personId)
    const items = await dueItemsIn(tx, personId, today(ctx))
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'person.view', entityType: 'person', entityId: personId, personId, after: { via: 'due-items' }, ip: meta.ip, requestId: meta.requestId, at: now })
    return withLinks(items, meta.actor)
  })
}

export type ReplanForm = { person: { id: string; name: string; personRef: string }; item: DueItemView; today: string }

/** The re-plan form: the item as it stands now (404 when the child has no such item due). */
export async function replanForm(ctx: AppContext, meta: RequestMeta, personId: string, q: { item: string | undefined; subjectId: string | undefined }): Promise<ReplanForm> {
  requireCapability(meta.actor, 'plan:replan')
  const now = ctx.now()
  return ctx.database.db.transaction(async (tx) => {
    const person = await loadPersonWithAccess(tx, meta.actor, personId)
    const item = findItem(await dueItemsIn(tx, personId, today(ctx)), q.item, q.subjectId)
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'person.view', entityType: 'person', entityId: personId, personId, after: { via: 'replan-form' }, ip: meta.ip, requestId: meta.requestId, at: now })
    return { person: { id: person.id, name: `${person.givenNames} ${person.familyName}`, personRef: person.personRef }, item: withLinks([item], meta.actor)[0] as DueItemView, today: today(ctx) }
  })
}

function findItem(items: readonly DueItem[], item: string | undefined, subjectId: string | undefined): DueItem {
  if (!isDueItemKind(item) || !subjectId) throw new NotFoundError('item due')
  const found = items.find((i) => i.item === item && i.subjectId === subjectId)
  if (!found) throw new NotFoundError('item due')
  return found
}

export type ReplanInput = { item: string | undefined; subjectId: string | undefined; newDue: string | undefined; reason: string | undefined }

/**
 * Re-plans one item: a manager (or the chair) sets a new date, not in the past, with a reason. The
 * previous due date is the date due now (after any earlier re-plan); once the item is done the next date
 * is computed afresh and the re-plan no longer applies. Chronology, management decision (stage 'plan')
 * and audit in the same transaction.
 */
export async function recordReplan(ctx: AppContext, meta: RequestMeta, personId: string, input: ReplanInput): Promise<{ id: string; item: DueItemKind; previousDue: string; newDue: string }> {
  requireCapability(meta.actor, 'plan:replan')
  const now = ctx.now()
  const day = today(ctx)
  return ctx.database.db.transaction(async (tx) => {
    await requirePersonAccess(tx, meta.actor, personId)
    if (!isDueItemKind(input.item) || !input.subjectId) throw new NotFoundError('item due')
    if (!(await lockReplanSubject(tx, personId, input.item, input.subjectId))) throw new NotFoundError('item due')
    const current = findItem(await dueItemsIn(tx, personId, day), input.item, input.subjectId)
    const v = validateReplan({ newDue: input.newDue, reason: input.reason }, { today: day, currentDue: current.dueDate, item: current.item })
    if (!v.ok) throw new ValidationError(v.errors)
    const { newDue, reason } = v.value
    const { id } = await insertReplan(tx, { personId, item: current.item, subjectId: current.subjectId, previousDue: current.dueDate, newDue, reason, createdBy: meta.actor.userId }, now)
    const summary = replanSummary(current.item, current.dueDate, newDue, reason)
    const { id: decisionId } = await insertManagementDecision(tx, {
      personId,
      stage: 'plan',
      subjectType: 'plan_replan',
      subjectId: id,
      decision: `${DUE_ITEM_LABEL[current.item]} re-planned from ${formatDate(current.dueDate)} to ${formatDate(newDue)}`,
      reasons: reason,
      decidedAt: now,
      decidedBy: meta.actor.userId,
    })
    await addChronology(tx, { personId, occurredAt: now, kind: 'replan', summary, sourceType: 'plan_replan', sourceId: id, recordedBy: meta.actor.userId }, now)
    await appendAudit(tx, {
      userId: meta.actor.userId,
      username: meta.actor.username,
      action: 'plan.replan',
      entityType: 'plan_replan',
      entityId: id,
      personId,
      before: { item: current.item, subjectId: current.subjectId, dueDate: current.dueDate, status: current.status },
      after: { item: current.item, subjectId: current.subjectId, previousDue: current.dueDate, newDue, reason, managementDecisionId: decisionId },
      ip: meta.ip,
      requestId: meta.requestId,
      at: now,
    })
    return { id, item: current.item, previousDue: current.dueDate, newDue }
  })
}
