import { caseSummary, type CaseSummaryRow } from '../../db/repositories/caseSummary.ts'
import { assessmentClock, ASSESSMENT_KIND_LABEL, type AssessmentClock, type AssessmentKind } from '../../domain/assessments/frameworks.ts'
import { type AppContext, type RequestMeta, today } from '../context.ts'
import { loadCalendar } from '../frontDoor/calendar.ts'
import { requireCapability, requirePersonAccess } from './access.ts'

export type CaseSummary = CaseSummaryRow & { assessmentLabel: string | null; clock: AssessmentClock | null; unallocated: boolean }

/**
 * The child's case at a glance for the top of their record: open referral, the assessment's due date and
 * RAG, who holds the case or how long the child has waited. The page that shows it audits the view.
 */
export async function personCaseSummary(ctx: AppContext, meta: RequestMeta, personId: string): Promise<CaseSummary> {
  requireCapability(meta.actor, 'person:view')
  const day = today(ctx)
  return ctx.database.db.transaction(async (tx) => {
    await requirePersonAccess(tx, meta.actor, personId)
    const s = await caseSummary(tx, personId)
    const open = s.assessment && s.assessment.status !== 'authorised' ? s.assessment : null
    const clock = open ? assessmentClock(open.startDate, open.dueDate, day, await loadCalendar(tx)) : null
    return {
      ...s,
      assessmentLabel: s.assessment ? ASSESSMENT_KIND_LABEL[s.assessment.kind as AssessmentKind] ?? s.assessment.kind : null,
      clock,
      unallocated: s.referral !== null && !s.workers.some((w) => w.role === 'allocated_worker'),
    }
  })
}
