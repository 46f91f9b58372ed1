/**
 * Reading supervision records. A supervision record is seen by the supervisee, the supervisor, and the
 * managers over the supervisee's team; its reflective notes only by the supervisee and the supervisor
 * who wrote them. A child discussed is shown only to someone who may see that child's record, and the
 * view is audited on the child's record.
 */
import { appendAudit } from '../../db/repositories/audit.ts'
import { loadPersonAccessFacts } from '../../db/repositories/people.ts'
import {
  getSupervision,
  getWorker,
  listSupervisionsForTeam,
  listSupervisionsForWorker,
  personNames,
  supervisionActions,
  supervisionAmendments,
  type AmendmentRow,
  supervisionCases,
  teamsFor,
  type SupervisionActionRow,
  type SupervisionCaseRow,
  type SupervisionListRow,
  type SupervisionRecord,
  type SupervisionTeam,
} from '../../db/repositories/supervision.ts'
import type { Executor } from '../../db/database.ts'
import { decidePersonAccess } from '../../domain/access/personAccess.ts'
import { can, type Actor } from '../../domain/access/roles.ts'
import { mayReadReflectiveNotes, PRIVATE_NOTES_MESSAGE, supervisesTeam } from '../../domain/supervision/supervision.ts'
import { ForbiddenError, NotFoundError, today, type AppContext, type RequestMeta } from '../context.ts'
import { supervisionDueFor, requireSupervisedTeam, type SupervisionDue } from './supervisionDue.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

const mayRead = (actor: Actor) => can(actor, 'supervision:record') || can(actor, 'supervision:view-own')

async function maySeePerson(db: Executor, actor: Actor, personId: string): Promise<boolean> {
  const facts = await loadPersonAccessFacts(db, personId, actor.userId)
  return facts !== undefined && decidePersonAccess(actor, facts).allowed
}

export type SupervisionCaseView = (SupervisionCaseRow & { visible: true }) | { visible: false }
export type SupervisionActionView = SupervisionActionRow & { personName: string | null; personRef: string | null }
export type SupervisionView = {
  record: Omit<SupervisionRecord, 'reflectiveNotes'>
  /** The notes when the viewer may read them; otherwise null and `notesPrivate` says why. */
  reflectiveNotes: string | null
  notesVisible: boolean
  privateNotesMessage: string
  cases: SupervisionCaseView[]
  actions: SupervisionActionView[]
  viewerIsSupervisee: boolean
  /** The supervisor who wrote it may amend it. */
  mayAmend: boolean
  amendments: AmendmentRow[]
}

export async function viewSupervision(ctx: AppContext, meta: RequestMeta, supervisionId: string): Promise<SupervisionView> {
  const actor = meta.actor
  if (!mayRead(actor)) throw new ForbiddenError('role')
  if (!UUID.test(supervisionId)) throw new NotFoundError('supervision record')
  const now = ctx.now()
  return ctx.database.db.transaction(async (tx) => {
    const s = await getSupervision(tx, supervisionId)
    if (!s) throw new NotFoundError('supervision record')
    const isSupervisee = actor.workerId !== null && actor.workerId === s.workerId
    const isSupervisor = actor.userId === s.supervisorUserId
    const isManager = can(actor, 'supervision:record') && s.workerTeamId !== null && s.workerServiceId !== null && supervisesTeam(actor, { id: s.workerTeamId, serviceId: s.workerServiceId })
    if (!isSupervisee && !isSupervisor && !isManager) throw new ForbiddenError('scope')
    const notesVisible = mayReadReflectiveNotes(actor, s)
    const cases: SupervisionCaseView[] = []
    const visibleIds = new Set<string>()
    for (const c of await supervisionCases(tx, s.id)) {
      if (!(await maySeePerson(tx, actor, c.personId))) {
        cases.push({ visible: false })
        continue
      }
      visibleIds.add(c.personId)
      cases.push({ ...c, visible: true })
      await appendAudit(tx, { userId: actor.userId, username: actor.username, action: 'person.view', entityType: 'person', entityId: c.personId, personId: c.personId, after: { via: 'supervision', supervisionId: s.id }, ip: meta.ip, requestId: meta.requestId, at: now })
    }
    const actions: SupervisionActionView[] = []
    const caseRows = cases.filter((c): c is SupervisionCaseRow & { visible: true } => c.visible)
    for (const a of await supervisionActions(tx, s.id)) {
      let personName: string | null = null
      let personRef: string | null = null
      if (a.personId) {
        const known = caseRows.find((c) => c.personId === a.personId)
        if (known) ({ name: personName, personRef } = known)
        else if (await maySeePerson(tx, actor, a.personId)) {
          const p = (await personNames(tx, [a.personId])).get(a.personId)
          if (p) ({ name: personName, personRef } = p)
        }
      }
      actions.push({ ...a, personId: personName ? a.personId : null, personName, personRef })
    }
    const { reflectiveNotes, ...record } = s
    const amendments = await supervisionAmendments(tx, s.id)
    return { record, reflectiveNotes: notesVisible ? reflectiveNotes : null, notesVisible, privateNotesMessage: PRIVATE_NOTES_MESSAGE, cases, actions, viewerIsSupervisee: isSupervisee, mayAmend: isSupervisor && can(actor, 'supervision:record'), amendments }
  })
}

export type SupervisionOverview = {
  /** Managers: the teams they may choose, the team shown, its workers' due dates and recent sessions. */
  teams: SupervisionTeam[]
  team: SupervisionTeam | null
  due: SupervisionDue[]
  teamSessions: SupervisionListRow[]
  /** Anyone supervised: their own sessions. */
  ownSessions: SupervisionListRow[]
  mayRecord: boolean
}

/** The /supervision page: a manager's team (chosen from theirs), and the viewer's own sessions. */
export async function supervisionOverview(ctx: AppContext, meta: RequestMeta, teamId: string | undefined): Promise<SupervisionOverview> {
  const actor = meta.actor
  if (!mayRead(actor)) throw new ForbiddenError('role')
  const on = today(ctx)
  return ctx.database.db.transaction(async (tx) => {
    const mayRecord = can(actor, 'supervision:record')
    let teams: SupervisionTeam[] = []
    if (mayRecord && actor.role === 'team_manager' && actor.teamId) teams = await teamsFor(tx, { teamId: actor.teamId })
    else if (mayRecord && actor.role === 'service_manager' && actor.serviceId) teams = await teamsFor(tx, { serviceId: actor.serviceId })
    let team: SupervisionTeam | null = null
    if (teams.length > 0) {
      const wanted = teamId ?? (teams.find((t) => t.id === actor.teamId) ?? teams[0])?.id
      team = wanted ? await requireSupervisedTeam(tx, actor, wanted) : null
    }
    const due = team ? await supervisionDueFor(tx, team.id, on) : []
    const teamSessions = team ? await listSupervisionsForTeam(tx, team.id) : []
    const ownSessions = actor.workerId ? await listSupervisionsForWorker(tx, actor.workerId) : []
    return { teams, team, due, teamSessions, ownSessions, mayRecord }
  })
}

export type FrequencyView = { workerId: string; name: string; teamId: string; teamName: string | null; newlyQualified: boolean; overrideDays: number | null }

/** The worker whose supervision frequency a manager may set. */
export async function frequencyFormFor(ctx: AppContext, meta: RequestMeta, workerId: string): Promise<FrequencyView> {
  if (!can(meta.actor, 'supervision:record')) throw new ForbiddenError('role')
  if (!UUID.test(workerId)) throw new NotFoundError('worker')
  return ctx.database.db.transaction(async (tx) => {
    const w = await getWorker(tx, workerId)
    if (!w) throw new NotFoundError('worker')
    if (!w.teamId || !w.serviceId || !supervisesTeam(meta.actor, { id: w.teamId, serviceId: w.serviceId })) throw new ForbiddenError('scope')
    return { workerId: w.id, name: w.name, teamId: w.teamId, teamName: w.teamName, newlyQualified: w.newlyQualified, overrideDays: w.frequencyOverride }
  })
}
