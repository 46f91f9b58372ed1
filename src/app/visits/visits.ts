/**
 * Statutory visits to a child on a child protection or child in need plan: the form (against the open CP
 * plan if there is one, else the open CIN plan), recording a visit (seen, seen alone, bedroom seen,
 * announced, who visited) and the list of every visit to the child.
 */
import { appendAudit } from '../../db/repositories/audit.ts'
import { addChronology } from '../../db/repositories/frontDoor.ts'
import { type PersonRecord } from '../../db/repositories/people.ts'
import { insertVisit, lockPlanForVisit, openPlanForVisit, visitsOfPerson, type VisitablePlan, type VisitPlanType, type VisitRow } from '../../db/repositories/visits.ts'
import { londonDate, londonInstant } from '../../domain/shared/dates.ts'
import { seenAloneAtLastVisit, validateVisit, type Visit, type VisitInput } from '../../domain/visits/visit.ts'
import { ConflictError, ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability, loadPersonWithAccess, auditPersonView } from '../people/access.ts'

export const VISIT_PLAN_LABEL: Readonly<Record<VisitPlanType, string>> = Object.freeze({ cp: 'child protection', cin: 'child in need' })



/** "Statutory visit (child protection): child seen alone; bedroom seen". */
export function visitSummary(planType: VisitPlanType, v: Pick<Visit, 'childSeen' | 'seenAlone' | 'bedroomSeen' | 'announced' | 'notSeenReason'>): string {
  const seen = v.childSeen ? (v.seenAlone ? 'child seen alone' : 'child seen, not alone') : `child not seen${v.notSeenReason ? ` (${v.notSeenReason})` : ''}`
  const bedroom = v.bedroomSeen === 'yes' ? 'bedroom seen' : v.bedroomSeen === 'no' ? 'bedroom not seen' : 'bedroom not applicable'
  return `Statutory visit (${VISIT_PLAN_LABEL[planType]}): ${seen}; ${bedroom}${v.announced ? '' : '; unannounced'}`
}

export type VisitFormContext = { person: PersonRecord; plan: VisitablePlan | null }

/** The visit form's context: the plan the visit goes to (the open CP plan, else the open CIN plan; none → nothing to visit against). */
export async function visitForm(ctx: AppContext, meta: RequestMeta, personId: string): Promise<VisitFormContext> {
  requireCapability(meta.actor, 'plan:record')
  return ctx.database.db.transaction(async (tx) => {
    const person = await loadPersonWithAccess(tx, meta.actor, personId)
    const plan = (await openPlanForVisit(tx, personId)) ?? null
    await auditPersonView(tx, meta, personId, 'visit-form', ctx.now())
    return { person, plan }
  })
}

export type RecordVisitInput = VisitInput & {
  /** The plan the form was shown for; blank → the child's open plan now (CP first, then CIN). */
  planType?: string | undefined
  planId?: string | undefined
}

export async function recordVisit(ctx: AppContext, meta: RequestMeta, personId: string, input: RecordVisitInput): Promise<{ id: string; planType: VisitPlanType; planId: string }> {
  requireCapability(meta.actor, 'plan:record')
  const now = ctx.now()
  const today = londonDate(now)
  return ctx.database.db.transaction(async (tx) => {
    await loadPersonWithAccess(tx, meta.actor, personId)
    let plan: VisitablePlan | undefined
    const named = (input.planType === 'cp' || input.planType === 'cin') && input.planId && /^[0-9a-f-]{36}$/i.test(input.planId)
    if (named) {
      plan = await lockPlanForVisit(tx, personId, input.planType as VisitPlanType, input.planId as string)
      if (!plan) throw new ConflictError('The plan this visit was for is not on the child’s record. Start again from the child’s record', 'visitDate')
    } else {
      const open = await openPlanForVisit(tx, personId)
      plan = open ? await lockPlanForVisit(tx, personId, open.type, open.id) : undefined
      if (!plan) throw new ValidationError([{ field: 'visitDate', message: 'The child has no open child protection or child in need plan to record a statutory visit against' }])
    }
    const v = validateVisit(input, { planStart: plan.startDate, planEnd: plan.endDate, today })
    if (!v.ok) throw new ValidationError(v.errors)
    const visit = v.value
    const { id } = await insertVisit(tx, { personId, planType: plan.type, planId: plan.id, ...visit, createdBy: meta.actor.userId }, now)
    await addChronology(
      tx,
      { personId, occurredAt: visit.visitDate === today ? now : londonInstant(visit.visitDate, '12:00'), kind: 'visit', summary: `${visitSummary(plan.type, visit)}. Visited by ${visit.visitedBy}.`, sourceType: 'visit', sourceId: id, recordedBy: meta.actor.userId },
      now,
    )
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'visit.record', entityType: 'visit', entityId: id, personId, after: { planType: plan.type, planId: plan.id, ...visit }, ip: meta.ip, requestId: meta.requestId, at: now })
    return { id, planType: plan.type, planId: plan.id }
  })
}

export type VisitsPage = {
  person: PersonRecord
  visits: VisitRow[]
  /** The latest visit at which the child was seen; null if never. */
  lastSeen: string | null
  /** Whether the child was seen alone at the latest visit; null when there has been no visit. */
  seenAloneAtLast: boolean | null
  openPlan: VisitablePlan | null
}

export async function viewVisits(ctx: AppContext, meta: RequestMeta, personId: string): Promise<VisitsPage> {
  requireCapability(meta.actor, 'person:view')
  return ctx.database.db.transaction(async (tx) => {
    const person = await loadPersonWithAccess(tx, meta.actor, personId)
    const visits = await visitsOfPerson(tx, personId)
    const openPlan = (await openPlanForVisit(tx, personId)) ?? null
    const lastSeen = visits.filter((v) => v.childSeen).reduce<string | null>((m, v) => (m === null || v.visitDate > m ? v.visitDate : m), null)
    await auditPersonView(tx, meta, personId, 'visits', ctx.now())
    return { person, visits, lastSeen, seenAloneAtLast: seenAloneAtLastVisit(visits), openPlan }
  })
}
