/**
 * Recording a strategy discussion (Working Together 2010, 2018, 2023): who took part for which agency,
 * what was shared, the decision and who does what by when. A decision to start a section 47 enquiry
 * starts it in the same transaction, on the discussion's date, with its initial child protection
 * conference target (15 working days after the discussion) fixed from the start.
 */
import { appendAudit } from '../../db/repositories/audit.ts'
import { lockOpenReferralForCasework, type OpenReferral } from '../../db/repositories/childProtectionFacts.ts'
import { addChronology } from '../../db/repositories/frontDoor.ts'
import { type PersonRecord } from '../../db/repositories/people.ts'
import { isUniqueViolation } from '../../db/repositories/rows.ts'
import {
  getStrategyDiscussion,
  insertSection47,
  insertStrategyDiscussion,
  openAllocatedWorker,
  openSection47For,
  strategySourceBelongsTo,
  type StrategyDiscussionRow,
  type StrategySourceType,
} from '../../db/repositories/section47.ts'
import { AGENCY, STRATEGY_DECISION, startsSection47, type Agency } from '../../domain/childProtection/codes.ts'
import { startSection47 } from '../../domain/childProtection/section47.ts'
import { validateStrategyDiscussion, type Participant, type StrategyDiscussionInput, type Warning } from '../../domain/childProtection/strategyDiscussion.ts'
import { formatDate, isValidIsoDate, londonDate, londonInstant, londonTime } from '../../domain/shared/dates.ts'
import { loadCalendar } from '../frontDoor/calendar.ts'
import { ConflictError, NotFoundError, ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability, loadPersonWithAccess } from '../people/access.ts'

export const STRATEGY_SOURCE = {
  contact: 'Contact',
  referral: 'Referral',
  assessment: 'Assessment',
  cin_plan: 'Child in need plan',
  cp_plan: 'Child protection plan',
} as const satisfies Record<StrategySourceType, string>

export const isStrategySource = (s: unknown): s is StrategySourceType => typeof s === 'string' && Object.prototype.hasOwnProperty.call(STRATEGY_SOURCE, s)

export type StrategyDiscussionRecordInput = StrategyDiscussionInput & { source?: string | null; sourceId?: string | null }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i


const openEnquiryMessage = (startDate: string) =>
  `The child already has an open section 47 enquiry, started on ${formatDate(startDate)}: its outcome must be authorised before another enquiry can start`

/** "Police: DC Hollis; Health: Nurse Patel" — who took part, grouped by agency. */
export function participantsByAgency(participants: readonly Pick<Participant, 'name' | 'agency'>[]): string {
  const byAgency = new Map<Agency, string[]>()
  for (const p of participants) byAgency.set(p.agency, [...(byAgency.get(p.agency) ?? []), p.name])
  return [...byAgency.entries()].map(([a, names]) => `${AGENCY[a]}: ${names.join(', ')}`).join('; ')
}

export type StrategyDiscussionFormView = {
  person: PersonRecord
  referral: OpenReferral | null
  openSection47: { id: string; startDate: string } | null
}

/** The form's context: the child, their open referral (none → the form says to record one first), any open enquiry. */
export async function strategyDiscussionForm(ctx: AppContext, meta: RequestMeta, personId: string): Promise<StrategyDiscussionFormView> {
  requireCapability(meta.actor, 'strategy-discussion:record')
  return ctx.database.db.transaction(async (tx) => {
    const person = await loadPersonWithAccess(tx, meta.actor, personId)
    const referral = (await lockOpenReferralForCasework(tx, personId)) ?? null
    const openSection47 = (await openSection47For(tx, personId)) ?? null
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'person.view', entityType: 'person', entityId: personId, personId, after: { via: 'strategy-discussion-form' }, ip: meta.ip, requestId: meta.requestId, at: ctx.now() })
    return { person, referral, openSection47 }
  })
}

export type RecordedStrategyDiscussion = { id: string; section47Id: string | null; icpcTargetDate: string | null; warnings: Warning[] }

export async function recordStrategyDiscussion(ctx: AppContext, meta: RequestMeta, personId: string, input: StrategyDiscussionRecordInput): Promise<RecordedStrategyDiscussion> {
  requireCapability(meta.actor, 'strategy-discussion:record')
  const now = ctx.now()
  try {
    return await ctx.database.db.transaction(async (tx) => {
      await loadPersonWithAccess(tx, meta.actor, personId)
      const referral = await lockOpenReferralForCasework(tx, personId)
      if (!referral) throw new ValidationError([{ field: 'heldOn', message: 'The child has no open referral: record a contact and referral first' }])

      const v = validateStrategyDiscussion(input, { today: londonDate(now), time: londonTime(now) })
      const errors = v.ok ? [] : [...v.errors]
      const heldOn = v.ok ? v.value.record.heldOn : (input.heldOn ?? '').trim()
      if (heldOn && isValidIsoDate(heldOn) && heldOn < referral.referralDate && !errors.some((e) => e.field === 'heldOn'))
        errors.push({ field: 'heldOn', message: `The date of the strategy discussion cannot be before the referral (${referral.referralRef}, ${formatDate(referral.referralDate)})` })

      // Where it started from: the referral unless the link said otherwise; it must be this child's record.
      let sourceType: StrategySourceType = 'referral'
      let sourceId: string | null = referral.id
      const source = (input.source ?? '').trim()
      if (source) {
        const sid = (input.sourceId ?? '').trim()
        if (!isStrategySource(source) || !UUID.test(sid) || !(await strategySourceBelongsTo(tx, personId, source, sid)))
          errors.push({ field: 'source', message: 'The record this strategy discussion started from is not one of this child’s: start it again from the child’s record' })
        else {
          sourceType = source
          sourceId = sid
        }
      }
      if (!v.ok || errors.length) throw new ValidationError(errors)
      const { record, warnings } = v.value

      let started: { startDate: string; icpcTargetDate: string } | null = null
      let worker: { workerId: string; teamId: string } | null = null
      if (startsSection47(record.decision)) {
        const open = await openSection47For(tx, personId)
        if (open) throw new ValidationError([{ field: 'decision', message: openEnquiryMessage(open.startDate) }])
        const s = startSection47({ heldOn: record.heldOn, decision: record.decision }, await loadCalendar(tx))
        if (!s.ok) throw new ValidationError(s.errors)
        started = { startDate: s.value.startDate, icpcTargetDate: s.value.icpcTargetDate }
        worker = (await openAllocatedWorker(tx, personId)) ?? null
      }

      const { id } = await insertStrategyDiscussion(
        tx,
        {
          personId,
          referralId: referral.id,
          sourceType,
          sourceId,
          heldOn: record.heldOn,
          heldAt: record.heldAt,
          participants: record.participants,
          decision: record.decision,
          informationShared: record.informationShared,
          riskAnalysis: record.riskAnalysis,
          immediateProtectiveActions: record.immediateProtectiveActions,
          actions: record.actions,
          warnings,
          createdBy: meta.actor.userId,
        },
        now,
      )
      const occurredAt = londonInstant(record.heldOn, record.heldAt)
      const who = participantsByAgency(record.participants)
      await addChronology(
        tx,
        {
          personId,
          occurredAt,
          kind: 'strategy-discussion',
          summary: `Strategy discussion on ${formatDate(record.heldOn)} at ${record.heldAt}: ${STRATEGY_DECISION[record.decision]}. Took part: ${who}.${warnings.length ? ` ${warnings.map((w) => w.message).join('. ')}.` : ''}`,
          sourceType: 'strategy_discussion',
          sourceId: id,
          recordedBy: meta.actor.userId,
        },
        now,
      )
      await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'strategy-discussion.record', entityType: 'strategy_discussion', entityId: id, personId, after: { referralId: referral.id, sourceType, sourceId, ...record, warnings }, ip: meta.ip, requestId: meta.requestId, at: now })

      let section47Id: string | null = null
      if (started) {
        const joint = record.decision === 's47_joint'
        ;({ id: section47Id } = await insertSection47(
          tx,
          { personId, referralId: referral.id, strategyDiscussionId: id, joint, startDate: started.startDate, icpcTargetDate: started.icpcTargetDate, workerId: worker?.workerId ?? null, teamId: worker?.teamId ?? null, createdBy: meta.actor.userId },
          now,
        ))
        await addChronology(
          tx,
          {
            personId,
            occurredAt,
            kind: 'section-47-started',
            summary: `Section 47 enquiry started (${joint ? 'joint with the police' : 'single agency'}) on ${formatDate(started.startDate)} after the strategy discussion, which decided: ${STRATEGY_DECISION[record.decision]}. Took part: ${who}. Initial child protection conference due by ${formatDate(started.icpcTargetDate)} (15 working days).`,
            sourceType: 'section47_enquiry',
            sourceId: section47Id,
            recordedBy: meta.actor.userId,
          },
          now,
        )
        await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 's47.start', entityType: 'section47_enquiry', entityId: section47Id, personId, after: { strategyDiscussionId: id, joint, ...started, workerId: worker?.workerId ?? null, teamId: worker?.teamId ?? null }, ip: meta.ip, requestId: meta.requestId, at: now })
      }
      return { id, section47Id, icpcTargetDate: started?.icpcTargetDate ?? null, warnings }
    })
  } catch (e) {
    if (isUniqueViolation(e, 'section47_one_open_per_child')) {
      const open = await openSection47For(ctx.database.db, personId)
      throw new ConflictError(open ? openEnquiryMessage(open.startDate) : 'The child already has an open section 47 enquiry', 'decision')
    }
    throw e
  }
}

export type StrategyDiscussionView = { person: PersonRecord; discussion: StrategyDiscussionRow }

export async function viewStrategyDiscussion(ctx: AppContext, meta: RequestMeta, personId: string, id: string): Promise<StrategyDiscussionView> {
  requireCapability(meta.actor, 'person:view')
  return ctx.database.db.transaction(async (tx) => {
    const person = await loadPersonWithAccess(tx, meta.actor, personId)
    const discussion = await getStrategyDiscussion(tx, id, personId)
    if (!discussion) throw new NotFoundError('strategy discussion')
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'person.view', entityType: 'person', entityId: personId, personId, after: { via: 'strategy-discussion', strategyDiscussionId: id }, ip: meta.ip, requestId: meta.requestId, at: ctx.now() })
    return { person, discussion }
  })
}
