import { appendAudit } from '../../db/repositories/audit.ts'
import { addChronology } from '../../db/repositories/frontDoor.ts'
import { insertChildSeen, touchAssessment } from '../../db/repositories/assessments.ts'
import { MAX_SHORT_TEXT, transition } from '../../domain/assessments/assessment.ts'
import { ASSESSMENT_KIND_LABEL } from '../../domain/assessments/frameworks.ts'
import { formatDate, londonDate } from '../../domain/shared/dates.ts'
import { ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability, requirePersonAccess } from '../people/access.ts'
import { loadAssessment } from './shared.ts'

export type ChildSeenInput = { seenOn?: string | undefined; seenAlone?: string | boolean | undefined; note?: string | undefined }

/** A visit where the child was seen during the assessment, and whether alone (Annex A list 4). */
export async function recordChildSeen(ctx: AppContext, meta: RequestMeta, personId: string, assessmentId: string, input: ChildSeenInput): Promise<{ id: string }> {
  requireCapability(meta.actor, 'assessment:record')
  const now = ctx.now()
  return ctx.database.db.transaction(async (tx) => {
    await requirePersonAccess(tx, meta.actor, personId)
    const { row, state } = await loadAssessment(tx, personId, assessmentId, true)
    const next = transition(state, { type: 'childSeen', by: { userId: meta.actor.userId, mayAuthorise: false }, seenOn: input.seenOn, seenAlone: input.seenAlone }, londonDate(now))
    const note = (input.note ?? '').trim()
    const errors = next.ok ? [] : [...next.errors]
    if (note.length > MAX_SHORT_TEXT) errors.push({ field: 'note', message: `The note must be ${MAX_SHORT_TEXT} characters or fewer` })
    if (!next.ok || errors.length) throw new ValidationError(errors)
    const seen = { seenOn: (input.seenOn ?? '').trim() }
    const seenAlone = typeof input.seenAlone === 'boolean' ? input.seenAlone : input.seenAlone === 'yes' || input.seenAlone === 'true'
    const { id } = await insertChildSeen(tx, { assessmentId, seenOn: seen.seenOn, seenAlone, note: note || null, recordedBy: meta.actor.userId }, now)
    await touchAssessment(tx, assessmentId, meta.actor.userId, now)
    await addChronology(
      tx,
      {
        personId,
        occurredAt: now,
        kind: 'assessment-child-seen',
        summary: `Child seen${seenAlone ? ' alone' : ' (not alone)'} on ${formatDate(seen.seenOn)} for ${ASSESSMENT_KIND_LABEL[row.kind].toLowerCase()} ${row.assessmentRef}${note ? `: ${note}` : ''}`,
        sourceType: 'assessment',
        sourceId: assessmentId,
        recordedBy: meta.actor.userId,
      },
      now,
    )
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'assessment.child-seen', entityType: 'assessment', entityId: assessmentId, personId, before: null, after: { seenOn: seen.seenOn, seenAlone, note: note || null }, ip: meta.ip, requestId: meta.requestId, at: now })
    return { id }
  })
}
