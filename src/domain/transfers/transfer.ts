/**
 * Transfer of a child's case between teams (REFERENCE §1.3 "Transfer between teams"): the sending team's
 * manager proposes with a transfer summary; the receiving team's manager accepts or declines with
 * reasons; the time the child then waits for a worker in the receiving team is measured (§5
 * "Allocation after referral/transfer"). A transfer changes the allocation, not the case's state.
 */
import type { Actor } from '../access/roles.ts'
import { toDayNumber } from '../calendar/days.ts'
import type { WorkingDayCalendar } from '../calendar/workingDays.ts'
import { fail, ok, type FieldError, type Result } from '../shared/result.ts'
import { isValidIsoDate, type IsoDate } from '../shared/dates.ts'

export const TRANSFER_SUMMARY_MAX = 10_000
export const TRANSFER_REASONS_MAX = 10_000

export type TransferStatus = 'proposed' | 'accepted' | 'declined' | 'withdrawn'
export const TRANSFER_STATUS: Record<TransferStatus, string> = {
  proposed: 'Waiting for a decision',
  accepted: 'Accepted',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
}

export type TeamRef = { id: string; serviceId: string; name: string; kind?: string | undefined }

/** Teams that do not hold cases: the front door (MASH) and the out-of-hours service pass work on instead. */
export const NON_CASE_HOLDING_KINDS: readonly string[] = ['front_door', 'edt']
export const receivesTransfers = (team: Pick<TeamRef, 'kind'>): boolean => !NON_CASE_HOLDING_KINDS.includes(team.kind ?? '')
export type ManagerActor = Pick<Actor, 'userId' | 'role' | 'teamId' | 'serviceId'>

/** A team manager of that team, or a service manager over the team's service. */
export function managesTeam(actor: ManagerActor, team: Pick<TeamRef, 'id' | 'serviceId'>): boolean {
  if (actor.role === 'team_manager') return actor.teamId !== null && actor.teamId === team.id
  if (actor.role === 'service_manager') return actor.serviceId !== null && actor.serviceId === team.serviceId
  return false
}

export type ProposeInput = { toTeamId?: string | undefined; summary?: string | undefined }
export type ProposeFacts = {
  /** The child's current team: that of the open allocated worker, or the team they are waiting for. */
  currentTeam: TeamRef | null
  /** The team chosen, looked up; null when none was chosen or it does not exist. */
  toTeam: TeamRef | null
  /** A proposal for this child is already waiting for a decision. */
  pending: boolean
}
export type Proposal = { fromTeamId: string; toTeamId: string; summary: string }

export function proposeTransfer(input: ProposeInput, facts: ProposeFacts): Result<Proposal> {
  const errors: FieldError[] = []
  if (!facts.currentTeam) {
    errors.push({ field: 'toTeamId', message: 'This child is not allocated to a team or waiting for one, so there is nothing to transfer' })
  } else if (facts.pending) {
    errors.push({ field: 'toTeamId', message: 'A transfer of this child is already waiting for a decision' })
  } else if (!input.toTeamId || !facts.toTeam) {
    errors.push({ field: 'toTeamId', message: 'Select the team the child is transferring to' })
  } else if (facts.toTeam.id === facts.currentTeam.id) {
    errors.push({ field: 'toTeamId', message: `Select a team other than the child’s current team (${facts.currentTeam.name})` })
  } else if (!receivesTransfers(facts.toTeam)) {
    errors.push({ field: 'toTeamId', message: `${facts.toTeam.name} does not hold cases: select the team that will work with the child` })
  }
  const summary = (input.summary ?? '').trim()
  if (!summary) errors.push({ field: 'summary', message: 'Write a transfer summary for the receiving team' })
  else if (summary.length > TRANSFER_SUMMARY_MAX) errors.push({ field: 'summary', message: 'The transfer summary must be 10,000 characters or fewer' })
  if (errors.length) return fail(errors)
  return ok({ fromTeamId: (facts.currentTeam as TeamRef).id, toTeamId: (facts.toTeam as TeamRef).id, summary })
}

/** Who may propose: a manager of the sending team. */
export function mayPropose(actor: ManagerActor, fromTeam: TeamRef): boolean {
  return managesTeam(actor, fromTeam)
}

export type TransferFacts = { status: TransferStatus; toTeam: Pick<TeamRef, 'id' | 'serviceId'>; fromTeam: Pick<TeamRef, 'id' | 'serviceId'>; proposedBy: string }

/** Only the receiving team's manager (or a service manager over it) accepts or declines. */
export function mayDecide(actor: ManagerActor, t: Pick<TransferFacts, 'toTeam'>): boolean {
  return managesTeam(actor, t.toTeam)
}

export type Decision = { status: 'accepted' | 'declined'; reasons: string | null }

function notProposed(status: TransferStatus): FieldError[] {
  return [{ field: 'decision', message: `This transfer has already been ${TRANSFER_STATUS[status].toLowerCase()}` }]
}

export function acceptTransfer(t: Pick<TransferFacts, 'status'>, input: { reasons?: string | undefined }): Result<Decision> {
  if (t.status !== 'proposed') return fail(notProposed(t.status))
  const reasons = (input.reasons ?? '').trim()
  if (reasons.length > TRANSFER_REASONS_MAX) return fail([{ field: 'acceptReasons', message: 'The reasons must be 10,000 characters or fewer' }])
  return ok({ status: 'accepted', reasons: reasons || null })
}

export function declineTransfer(t: Pick<TransferFacts, 'status'>, input: { reasons?: string | undefined }): Result<Decision> {
  if (t.status !== 'proposed') return fail(notProposed(t.status))
  const reasons = (input.reasons ?? '').trim()
  if (!reasons) return fail([{ field: 'declineReasons', message: 'Give the reasons for declining the transfer' }])
  if (reasons.length > TRANSFER_REASONS_MAX) return fail([{ field: 'declineReasons', message: 'The reasons must be 10,000 characters or fewer' }])
  return ok({ status: 'declined', reasons })
}

/** The proposer withdraws a proposal that is still waiting for a decision. */
export function withdrawTransfer(t: Pick<TransferFacts, 'status' | 'proposedBy'>, actor: Pick<ManagerActor, 'userId'>): Result<{ status: 'withdrawn' }> {
  if (t.status !== 'proposed') return fail(notProposed(t.status))
  if (t.proposedBy !== actor.userId) return fail([{ field: 'decision', message: 'Only the manager who proposed the transfer can withdraw it' }])
  return ok({ status: 'withdrawn' })
}

export type WaitingTime = { days: number; workingDays: number; stillWaiting: boolean }

/**
 * The time a child waits between teams: from acceptance into the receiving team until a worker there is
 * allocated, in calendar days and working days (working days in (from, to]); still waiting → so far.
 */
export function waitingTime(from: IsoDate, allocatedOn: IsoDate | null, today: IsoDate, calendar: WorkingDayCalendar): WaitingTime {
  if (!isValidIsoDate(from) || !isValidIsoDate(today) || (allocatedOn !== null && !isValidIsoDate(allocatedOn))) throw new RangeError('waitingTime needs ISO dates')
  const to = allocatedOn ?? today
  const days = Math.max(0, toDayNumber(to) - toDayNumber(from))
  const workingDays = Math.max(0, calendar.workingDaysBetween(from, to))
  return { days, workingDays, stillWaiting: allocatedOn === null }
}

/** "3 days (2 working days)". */
export function describeWait(w: Pick<WaitingTime, 'days' | 'workingDays'>): string {
  return `${w.days} day${w.days === 1 ? '' : 's'} (${w.workingDays} working day${w.workingDays === 1 ? '' : 's'})`
}
