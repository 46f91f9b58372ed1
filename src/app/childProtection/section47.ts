/**
 * The section 47 enquiry (Children Act 1989 s47): its page with the initial child protection conference
 * target shown from the start, the worker's outcome (child seen, seen alone, outcome, whether a
 * conference is needed), and the manager's return or authorisation — each a versioned change, so two
 * people at once get a clear 409, and the authoriser is never the person who recorded the outcome.
 */
import { appendAudit } from '../../db/repositories/audit.ts'
import { addChronology } from '../../db/repositories/frontDoor.ts'
import { insertManagementDecision } from '../../db/repositories/oversight.ts'
import { type PersonRecord } from '../../db/repositories/people.ts'
import { conferenceForSection47, getSection47, lockSection47, updateSection47State, type Section47Row, type Section47State } from '../../db/repositories/section47.ts'
import type { Executor } from '../../db/database.ts'
import { can, type Actor } from '../../domain/access/roles.ts'
import type { WorkingDayCalendar } from '../../domain/calendar/workingDays.ts'
import { S47_OUTCOME, type S47Outcome } from '../../domain/childProtection/codes.ts'
import { section47Transition, type S47Event, type S47OutcomeInput, type Section47 } from '../../domain/childProtection/section47.ts'
import { formatDate, londonDate } from '../../domain/shared/dates.ts'
import { loadCalendar } from '../frontDoor/calendar.ts'
import { ConflictError, NotFoundError, ValidationError, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability, loadPersonWithAccess } from '../people/access.ts'


const viewAudit = (ctx: AppContext, tx: Executor, meta: RequestMeta, personId: string, via: string, section47Id: string) =>
  appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 'person.view', entityType: 'person', entityId: personId, personId, after: { via, section47Id }, ip: meta.ip, requestId: meta.requestId, at: ctx.now() })

/** The row as the domain's state. */
function toState(e: Section47Row): Section47 {
  return {
    status: e.status,
    startDate: e.startDate,
    icpcTargetDate: e.icpcTargetDate,
    recordedBy: e.recordedBy,
    recordedOn: e.recordedOn,
    result:
      e.outcome && e.childSeen !== null
        ? {
            childSeen: e.childSeen,
            childSeenOn: e.childSeenOn,
            childSeenAlone: e.childSeenAlone,
            outcome: e.outcome,
            icpcRequired: e.icpcRequired === true,
            conferenceNotRequired: e.icpcRequired !== true,
            conferenceNotRequiredReason: e.conferenceNotRequiredReason,
            summary: e.summary,
          }
        : null,
    returnComments: e.returnComments,
    authorisedBy: e.authorisedBy,
    authorisedOn: e.authorisedOn,
  }
}

function fromState(s: Section47): Section47State {
  const r = s.result
  return {
    status: s.status,
    childSeen: r?.childSeen ?? null,
    childSeenOn: r?.childSeenOn ?? null,
    childSeenAlone: r?.childSeenAlone ?? null,
    outcome: r?.outcome ?? null,
    icpcRequired: r ? r.icpcRequired : null,
    conferenceNotRequiredReason: r?.conferenceNotRequiredReason ?? null,
    summary: r?.summary ?? null,
    recordedBy: s.recordedBy,
    recordedOn: s.recordedOn,
    returnComments: s.returnComments,
    authorisedBy: s.authorisedBy,
    authorisedOn: s.authorisedOn,
  }
}

export type IcpcTimeliness =
  | { state: 'due'; targetDate: string; workingDaysLeft: number; colour: 'red' | 'amber' | 'green'; text: string }
  | { state: 'not_required'; targetDate: string; text: string }
  | { state: 'scheduled' | 'held'; targetDate: string; on: string; text: string }

/** The initial conference against its target: red overdue, amber within 2 working days, green otherwise. */
export function icpcTimeliness(e: Pick<Section47Row, 'status' | 'icpcRequired' | 'icpcTargetDate'>, conference: { scheduledOn: string; heldOn: string | null } | null, today: string, calendar: WorkingDayCalendar): IcpcTimeliness {
  const targetDate = e.icpcTargetDate
  if (conference?.heldOn) return { state: 'held', targetDate, on: conference.heldOn, text: `Held on ${formatDate(conference.heldOn)}` }
  if (e.status === 'authorised' && e.icpcRequired === false) return { state: 'not_required', targetDate, text: 'Conference not required' }
  const left = calendar.workingDaysBetween(today, targetDate)
  const colour = left < 0 ? 'red' : left <= 2 ? 'amber' : 'green'
  const text = left < 0 ? `Overdue by ${-left} working day${left === -1 ? '' : 's'}` : left === 0 ? 'Due today' : `${left} working day${left === 1 ? '' : 's'} left`
  return { state: 'due', targetDate, workingDaysLeft: left, colour, text }
}

export type Section47View = {
  person: PersonRecord
  enquiry: Section47Row
  conference: { id: string; scheduledOn: string; heldOn: string | null; status: string } | null
  icpc: IcpcTimeliness
  today: string
}

export async function viewSection47(ctx: AppContext, meta: RequestMeta, personId: string, section47Id: string): Promise<Section47View> {
  requireCapability(meta.actor, 'person:view')
  const today = londonDate(ctx.now())
  return ctx.database.db.transaction(async (tx) => {
    const person = await loadPersonWithAccess(tx, meta.actor, personId)
    const enquiry = await getSection47(tx, section47Id, personId)
    if (!enquiry) throw new NotFoundError('section 47 enquiry')
    const conference = (await conferenceForSection47(tx, section47Id)) ?? null
    const icpc = icpcTimeliness(enquiry, conference, today, await loadCalendar(tx))
    await viewAudit(ctx, tx, meta, personId, 'section-47', section47Id)
    return { person, enquiry, conference, icpc, today }
  })
}

/** The outcome form's context. */
export async function section47OutcomeForm(ctx: AppContext, meta: RequestMeta, personId: string, section47Id: string): Promise<{ person: PersonRecord; enquiry: Section47Row }> {
  requireCapability(meta.actor, 's47:record')
  return ctx.database.db.transaction(async (tx) => {
    const person = await loadPersonWithAccess(tx, meta.actor, personId)
    const enquiry = await getSection47(tx, section47Id, personId)
    if (!enquiry) throw new NotFoundError('section 47 enquiry')
    await viewAudit(ctx, tx, meta, personId, 'section-47-outcome-form', section47Id)
    return { person, enquiry }
  })
}

const acting = (actor: Actor) => ({ userId: actor.userId, mayAuthorise: can(actor, 's47:authorise') })

/** Locks the enquiry, checks the version, applies the event; returns the row before and the new state. */
async function transition(tx: Executor, personId: string, section47Id: string, expectedVersion: number, event: S47Event, today: string, field: string): Promise<{ before: Section47Row; after: Section47 }> {
  const before = await lockSection47(tx, section47Id, personId)
  if (!before) throw new NotFoundError('section 47 enquiry')
  if (before.version !== expectedVersion) {
    const what = before.status === 'authorised' ? `its outcome was authorised${before.authorisedByName ? ` by ${before.authorisedByName}` : ''}` : 'it was changed'
    throw new ConflictError(`Someone else changed this section 47 enquiry while you were reading it (${what}). Reload the page to see the latest version`, field)
  }
  const r = section47Transition(toState(before), event, today)
  if (!r.ok) throw new ValidationError(r.errors)
  if (!(await updateSection47State(tx, section47Id, expectedVersion, fromState(r.value)))) throw new ConflictError('Someone else changed this section 47 enquiry while you were reading it. Reload the page to see the latest version', field)
  return { before, after: r.value }
}

const outcomeLabel = (o: string | null | undefined) => (o ? (S47_OUTCOME[o as S47Outcome] ?? o) : '')

export async function recordSection47Outcome(ctx: AppContext, meta: RequestMeta, personId: string, section47Id: string, expectedVersion: number, input: S47OutcomeInput): Promise<void> {
  requireCapability(meta.actor, 's47:record')
  const now = ctx.now()
  const today = londonDate(now)
  await ctx.database.db.transaction(async (tx) => {
    await loadPersonWithAccess(tx, meta.actor, personId)
    const { before, after } = await transition(tx, personId, section47Id, expectedVersion, { type: 'recordOutcome', by: acting(meta.actor), input }, today, 'outcome')
    const r = after.result
    if (!r) throw new Error('an outcome was recorded without a result')
    const seen = r.childSeen ? `child seen on ${formatDate(r.childSeenOn)}${r.childSeenAlone ? ', seen alone' : ', not seen alone'}` : 'child not seen'
    await addChronology(
      tx,
      {
        personId,
        occurredAt: now,
        kind: 'section-47-outcome',
        summary: `Section 47 enquiry outcome recorded by ${meta.actor.displayName}: ${outcomeLabel(r.outcome)}; ${seen}; ${r.icpcRequired ? 'initial child protection conference requested' : `conference not required: ${r.conferenceNotRequiredReason ?? ''}`}. Waiting for a manager to authorise it.`,
        sourceType: 'section47_enquiry',
        sourceId: section47Id,
        recordedBy: meta.actor.userId,
      },
      now,
    )
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 's47.record-outcome', entityType: 'section47_enquiry', entityId: section47Id, personId, before: { status: before.status, version: before.version }, after: fromState(after), ip: meta.ip, requestId: meta.requestId, at: now })
  })
}

export async function returnSection47(ctx: AppContext, meta: RequestMeta, personId: string, section47Id: string, expectedVersion: number, comments: string | null | undefined): Promise<void> {
  requireCapability(meta.actor, 's47:authorise')
  const now = ctx.now()
  const today = londonDate(now)
  await ctx.database.db.transaction(async (tx) => {
    await loadPersonWithAccess(tx, meta.actor, personId)
    const { before, after } = await transition(tx, personId, section47Id, expectedVersion, { type: 'return', by: acting(meta.actor), comments }, today, 'comments')
    const { id: decisionId } = await insertManagementDecision(tx, {
      personId,
      stage: 'other',
      subjectType: 'section47_enquiry',
      subjectId: section47Id,
      decision: `Section 47 enquiry outcome returned to the worker with comments: ${outcomeLabel(before.outcome)}`,
      reasons: after.returnComments ?? '',
      decidedAt: now,
      decidedBy: meta.actor.userId,
    })
    await addChronology(tx, { personId, occurredAt: now, kind: 'section-47-returned', summary: `Section 47 enquiry outcome returned by ${meta.actor.displayName}: ${after.returnComments ?? ''}`, sourceType: 'management_decision', sourceId: decisionId, recordedBy: meta.actor.userId }, now)
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 's47.return', entityType: 'section47_enquiry', entityId: section47Id, personId, before: { status: before.status }, after: { status: after.status, comments: after.returnComments, managementDecisionId: decisionId }, ip: meta.ip, requestId: meta.requestId, at: now })
  })
}

export async function authoriseSection47(ctx: AppContext, meta: RequestMeta, personId: string, section47Id: string, expectedVersion: number): Promise<{ icpcRequired: boolean }> {
  requireCapability(meta.actor, 's47:authorise')
  const now = ctx.now()
  const today = londonDate(now)
  return ctx.database.db.transaction(async (tx) => {
    await loadPersonWithAccess(tx, meta.actor, personId)
    const { before, after } = await transition(tx, personId, section47Id, expectedVersion, { type: 'authorise', by: acting(meta.actor) }, today, 'decision')
    const r = after.result
    if (!r) throw new Error('an enquiry was authorised without a result')
    const decision = `Section 47 enquiry outcome authorised: ${outcomeLabel(r.outcome)}; ${r.icpcRequired ? 'initial child protection conference needed' : `conference not required: ${r.conferenceNotRequiredReason ?? ''}`}`
    const { id: decisionId } = await insertManagementDecision(tx, {
      personId,
      stage: 'other',
      subjectType: 'section47_enquiry',
      subjectId: section47Id,
      decision,
      reasons: r.summary ?? (r.icpcRequired ? `Initial child protection conference due by ${formatDate(before.icpcTargetDate)}` : (r.conferenceNotRequiredReason ?? '')),
      decidedAt: now,
      decidedBy: meta.actor.userId,
    })
    await addChronology(
      tx,
      {
        personId,
        occurredAt: now,
        kind: 'section-47-authorised',
        summary: `${decision}. Authorised by ${meta.actor.displayName}; the enquiry ended on ${formatDate(today)}.${r.icpcRequired ? ` Initial child protection conference due by ${formatDate(before.icpcTargetDate)}.` : ''}`,
        sourceType: 'management_decision',
        sourceId: decisionId,
        recordedBy: meta.actor.userId,
      },
      now,
    )
    await appendAudit(tx, { userId: meta.actor.userId, username: meta.actor.username, action: 's47.authorise', entityType: 'section47_enquiry', entityId: section47Id, personId, before: { status: before.status, version: before.version }, after: { status: after.status, authorisedOn: today, icpcRequired: r.icpcRequired, managementDecisionId: decisionId }, ip: meta.ip, requestId: meta.requestId, at: now })
    return { icpcRequired: r.icpcRequired }
  })
}
