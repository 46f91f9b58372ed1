/**
 * Starting an audit programme: validate, draw the sample (seeded, reproducible), check every sampled case
 * against the own-team rule and the auditor's access to the child, then write the programme and its
 * audits in one transaction — or nothing, with the reason by the field.
 */
import type { Executor } from '../../db/database.ts'
import { appendAudit } from '../../db/repositories/audit.ts'
import {
  allTeams,
  caseholdingWorkers,
  casesByRefs,
  getToolVersion,
  insertCaseAudit,
  insertProgramme,
  listTools,
  sampleCandidates,
  teamName,
  usersWithRoles,
  workerName,
  type AuditorOption,
  type TeamOption,
  type ToolRow,
  type WorkerOption,
} from '../../db/repositories/caseAudit.ts'
import { loadPersonAccessFacts } from '../../db/repositories/people.ts'
import { loadActor } from '../../db/repositories/users.ts'
import { decidePersonAccess } from '../../domain/access/personAccess.ts'
import { can, ROLES, type Role } from '../../domain/access/roles.ts'
import { ownTeamConflict } from '../../domain/caseAudit/audit.ts'
import { drawSample, filterCandidates, seedFrom, validateProgramme, type ProgrammeInput } from '../../domain/caseAudit/sample.ts'
import type { FieldError } from '../../domain/shared/result.ts'
import { ValidationError, today, type AppContext, type RequestMeta } from '../context.ts'
import { requireCapability } from '../people/access.ts'
import { UUID } from './shared.ts'

/** Roles whose users may be assigned audits. */
export const AUDITOR_ROLES = (Object.keys(ROLES) as Role[]).filter((r) => can({ role: r }, 'case-audit:conduct'))

export type ProgrammeFormData = { tools: ToolRow[]; teams: TeamOption[]; workers: WorkerOption[]; auditors: AuditorOption[] }

export async function programmeForm(ctx: AppContext, meta: RequestMeta): Promise<ProgrammeFormData> {
  requireCapability(meta.actor, 'audit-programme:manage')
  const db = ctx.database.db
  return { tools: await listTools(db), teams: await allTeams(db), workers: await caseholdingWorkers(db), auditors: await usersWithRoles(db, AUDITOR_ROLES) }
}

type Sampled = { personId: string; personRef?: string; teamId: string | null; workerId: string | null }

export async function auditorMaySee(tx: Executor, auditorUserId: string, personId: string): Promise<boolean> {
  const auditor = await loadActor(tx, auditorUserId)
  const facts = await loadPersonAccessFacts(tx, personId, auditorUserId)
  return !!auditor && !!facts && decidePersonAccess(auditor, facts).allowed
}

export async function createProgramme(ctx: AppContext, meta: RequestMeta, input: ProgrammeInput & { seed?: string | undefined }): Promise<{ id: string; audits: number }> {
  requireCapability(meta.actor, 'audit-programme:manage')
  const now = ctx.now()
  const on = today(ctx)
  const v = validateProgramme(input)
  if (!v.ok) throw new ValidationError(v.errors)
  const p = v.value
  const seedText = (input.seed ?? '').trim()
  if (seedText && !/^\d{1,9}$/.test(seedText)) throw new ValidationError([{ field: 'seed', message: 'The seed must be a whole number of up to 9 digits, or left blank' }])
  // The app may draw a random number; the domain only ever receives the seed.
  const seed = seedText ? Number(seedText) : seedFrom(Math.random())
  return ctx.database.db.transaction(async (tx) => {
    const errors: FieldError[] = []
    const version = UUID.test(p.toolVersionId) ? await getToolVersion(tx, p.toolVersionId) : undefined
    if (!version) errors.push({ field: 'toolVersionId', message: 'Select the audit tool' })
    const auditor = (await usersWithRoles(tx, AUDITOR_ROLES)).find((u) => u.userId === p.auditorUserId)
    if (!auditor) errors.push({ field: 'auditorUserId', message: 'Select an auditor from the list' })
    if (p.teamId && (!UUID.test(p.teamId) || !(await teamName(tx, p.teamId)))) errors.push({ field: 'teamId', message: 'Select the team to sample from' })
    if (p.workerId && (!UUID.test(p.workerId) || !(await workerName(tx, p.workerId)))) errors.push({ field: 'workerId', message: 'Select the worker whose cases are sampled' })
    if (errors.length || !version || !auditor) throw new ValidationError(errors)

    let sample: Sampled[]
    if (p.basis === 'manual') {
      const found = await casesByRefs(tx, p.personRefs)
      const missing = p.personRefs.filter((r) => !found.some((f) => f.personRef === r))
      if (missing.length) throw new ValidationError([{ field: 'personRefs', message: `No person has the reference ${missing.join(', ')}` }])
      sample = found
    } else {
      const candidates = await sampleCandidates(tx, p.basis === 'team' ? { teamId: p.teamId as string } : { workerId: p.workerId as string })
      sample = drawSample(filterCandidates(candidates, p.filters, on), seed, p.sampleSize)
      if (sample.length === 0) throw new ValidationError([{ field: 'sampleSize', message: 'No allocated cases match these filters, so there is nothing to sample' }])
    }
    for (const c of sample) {
      const conflict = ownTeamConflict(auditor, c, p.allowOwnTeam)
      if (conflict) throw new ValidationError([{ field: p.basis === 'manual' ? 'personRefs' : 'auditorUserId', message: `${conflict}${c.personRef ? ` (${c.personRef})` : ''}. Choose another auditor${p.allowOwnTeam ? '' : ', or allow own-team audits'}.` }])
      if (!(await auditorMaySee(tx, auditor.userId, c.personId))) {
        throw new ValidationError([{ field: p.basis === 'manual' ? 'personRefs' : 'auditorUserId', message: `${auditor.displayName} may not see the record of ${c.personRef ?? 'a sampled child'}, so cannot audit it. Choose another auditor or case.` }])
      }
    }
    const { id } = await insertProgramme(tx, {
      title: p.title,
      kind: p.kind,
      theme: p.theme,
      month: p.month,
      toolVersionId: version.id,
      basis: p.basis,
      teamId: p.teamId,
      workerId: p.workerId,
      sampleSize: p.sampleSize,
      filterStatus: p.filters.status,
      filterMinAgeDays: p.filters.minAgeDays,
      filterMaxAgeDays: p.filters.maxAgeDays,
      seed,
      allowOwnTeam: p.allowOwnTeam,
      moderationPercent: p.moderationPercent,
      createdAt: now,
      createdBy: meta.actor.userId,
    })
    const auditIds: string[] = []
    for (const c of sample) auditIds.push((await insertCaseAudit(tx, { programmeId: id, personId: c.personId, teamId: c.teamId, workerId: c.workerId, toolVersionId: version.id, auditorUserId: auditor.userId, createdAt: now })).id)
    await appendAudit(tx, {
      userId: meta.actor.userId,
      username: meta.actor.username,
      action: 'audit-programme.create',
      entityType: 'audit_programme',
      entityId: id,
      after: { ...p, seed, toolVersion: version.version, auditor: auditor.userId, sampled: sample.map((c) => c.personId), auditIds },
      ip: meta.ip,
      requestId: meta.requestId,
      at: now,
    })
    return { id, audits: sample.length }
  })
}
