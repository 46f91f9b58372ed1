/**
 * Demo case audits (issue 9): the built-in audit tool, a second auditor (`qalead`, a QA lead, same demo
 * password), and four monthly programmes over the last four months — each four cases from a team, signed
 * off by `auditor`, one moderated by `qalead`, with required actions as tasks (most done on time, some
 * late, a few open). Grades are drawn so the child's voice and management oversight recur as weaknesses
 * and practice improves a little month by month, which gives the learning pages something to show.
 * Sam Okafor’s children are left out. Deterministic (its own random stream) and fast: a few dozen rows.
 */
import { sql } from 'drizzle-orm'
import type { Database, Tx } from '../database.ts'
import { chronologyEntry } from '../schema.ts'
import { insertCaseAudit, insertModeration, insertProgramme, replaceAnswers, sampleCandidates, updateAudit } from '../repositories/caseAudit.ts'
import { insertTask } from '../repositories/oversight.ts'
import { one, rows } from '../repositories/rows.ts'
import { ACTION_TITLE_PREFIX, type Answer } from '../../domain/caseAudit/audit.ts'
import { GRADES, GRADE_LABEL, type Grade } from '../../domain/caseAudit/grades.ts'
import { drawSample } from '../../domain/caseAudit/sample.ts'
import { allQuestions, DEFAULT_TOOL } from '../../domain/caseAudit/tool.ts'
import { addCalendarMonths, addDays } from '../../domain/calendar/days.ts'
import { londonInstant } from '../../domain/shared/dates.ts'
import { Rng } from './rng.ts'

export const QA_LEAD = { username: 'qalead', displayName: 'Ruth Castellano', role: 'auditor', scope: 'council' } as const

const TEAMS = ['Assessment North', 'Safeguarding East', 'Safeguarding West', 'Children in care'] as const
const WEAK_THEMES: Readonly<Record<string, number>> = { child_voice: 1.2, management_oversight: 0.9 }
const FINDINGS = [
  'Visits are regular and the child was seen alone. The assessment analyses risk well, but the child’s own words are missing from the plan.',
  'A clear, timely assessment. Management oversight is not visible after the strategy discussion: decisions are recorded without reasons.',
  'The chronology is up to date and used in the analysis. The plan is shared with the family, who understand it. Supervision notes are brief.',
  'Good direct work with the child. Recording is behind by about three weeks, and the plan has not been updated since the review.',
]
const ACTIONS = ['Record the child’s wishes and feelings in the plan', 'Record a management decision with reasons', 'Bring the case recording up to date', 'Update the chronology with the recent school and health information']

function gradeFor(rng: Rng, theme: string, monthIndex: number): Grade {
  const weak = WEAK_THEMES[theme] ?? 0
  const better = monthIndex * 0.25 // later months a little better
  return rng.weighted<Grade>([
    ['outstanding', 1 + better],
    ['good', 5 + 2 * better],
    ['requires_improvement', 3 + 3 * weak],
    ['inadequate', 0.6 + 1.5 * weak],
  ])
}

function overallOf(grades: readonly Grade[]): Grade {
  const avg = grades.reduce((s, g) => s + (4 - GRADES.indexOf(g)), 0) / grades.length
  return avg >= 3.5 ? 'outstanding' : avg >= 2.5 ? 'good' : avg >= 1.6 ? 'requires_improvement' : 'inadequate'
}

export async function seedDemoCaseAudit(database: Database, opts: { today: string; seed: number }): Promise<Record<string, number>> {
  return database.db.transaction((tx) => seed(tx, opts))
}

async function seed(tx: Tx, opts: { today: string; seed: number }): Promise<Record<string, number>> {
  const rng = new Rng((opts.seed ^ 0x1b873593) >>> 0)
  const today = opts.today
  const auditor = await one<{ id: string; passwordHash: string }>(tx, sql`select id, password_hash as "passwordHash" from user_account where username = 'auditor'`)
  if (!auditor) return {}
  const qa = await one<{ id: string }>(
    tx,
    sql`insert into user_account (username, display_name, password_hash, role, scope) values (${QA_LEAD.username}, ${QA_LEAD.displayName}, ${auditor.passwordHash}, ${QA_LEAD.role}, ${QA_LEAD.scope}) returning id`,
  )
  if (!qa) return {}
  // Sam Okafor's (socialworker) children are left out, so the demo's "My work" stays as the other stages made it.
  const sam = await one<{ workerId: string | null }>(tx, sql`select worker_id as "workerId" from user_account where username = 'socialworker'`)
  const published = londonInstant(addDays(today, -200), '09:00')
  // The built-in tool comes with every database (migrateDatabase); in the demo's story it was published 200 days ago.
  const version = await one<{ id: string }>(tx, sql`update audit_tool_version v set published_at = ${published} from audit_tool t
      where t.id = v.tool_id and t.built_in and v.version = 1 returning v.id`)
  if (!version) throw new Error('the built-in audit tool is missing: migrate the database first')
  const questions = allQuestions(DEFAULT_TOOL)
  let audits = 0
  let actions = 0
  for (const [i, teamName] of TEAMS.entries()) {
    const monthIndex = i // 0 = four months ago … 3 = last month
    const monthStart = `${addCalendarMonths(today, -(TEAMS.length - i)).slice(0, 7)}-01`
    const team = await one<{ id: string }>(tx, sql`select id from team where name = ${teamName}`)
    if (!team) continue
    const restricted = new Set((await rows<{ id: string }>(tx, sql`select id from person where restricted`)).map((r) => r.id))
    const candidates = (await sampleCandidates(tx, { teamId: team.id })).filter((c) => !restricted.has(c.personId) && c.workerId !== sam?.workerId)
    const programmeSeed = rng.int(1, 2_000_000_000)
    const sample = drawSample(candidates, programmeSeed, 4)
    if (sample.length === 0) continue
    const createdAt = londonInstant(monthStart, '09:30')
    const programme = await insertProgramme(tx, {
      title: `Monthly audit, ${teamName}, ${monthStart.slice(0, 7)}`,
      kind: 'monthly',
      theme: null,
      month: monthStart.slice(0, 7),
      toolVersionId: version.id,
      basis: 'team',
      teamId: team.id,
      workerId: null,
      sampleSize: 4,
      filterStatus: 'any',
      filterMinAgeDays: null,
      filterMaxAgeDays: null,
      seed: programmeSeed,
      allowOwnTeam: false,
      moderationPercent: 25,
      createdAt,
      createdBy: auditor.id,
    })
    for (const [k, c] of sample.entries()) {
      const signedOn = [addDays(monthStart, 3 + k * 5 + rng.int(0, 3)), addDays(today, -1)].sort()[0] as string
      const signedOffAt = londonInstant(signedOn, '15:00')
      const { id } = await insertCaseAudit(tx, { programmeId: programme.id, personId: c.personId, teamId: c.teamId, workerId: c.workerId, toolVersionId: version.id, auditorUserId: auditor.id, createdAt })
      const answers: Answer[] = questions.map((q) => ({
        questionKey: q.key,
        grade: q.kind === 'graded' ? gradeFor(rng, q.theme, monthIndex) : null,
        yesNo: q.kind === 'yes_no' ? rng.chance(q.key === 'child_seen_alone' ? 0.7 : 0.95) : null,
        text: null,
        comment: null,
      }))
      const overall = overallOf(answers.flatMap((a) => (a.grade ? [a.grade] : [])))
      await replaceAnswers(tx, id, answers)
      await updateAudit(tx, id, 1, { status: 'signed_off', overallGrade: overall, findings: rng.pick(FINDINGS), draftActions: null, signedOffAt, signedOffBy: auditor.id })
      await tx.insert(chronologyEntry).values({ personId: c.personId, occurredAt: signedOffAt, recordedAt: signedOffAt, kind: 'case-audit', summary: `Case audit signed off by Gareth Lloyd (Monthly audit, ${teamName}): overall grade ${GRADE_LABEL[overall]}.`, sourceType: 'case_audit', sourceId: id, recordedBy: auditor.id })
      audits++
      if ((overall === 'requires_improvement' || overall === 'inadequate' || rng.chance(0.3)) && c.workerId) {
        const due = addDays(signedOn, 14)
        const roll = rng.next()
        const done = due >= today ? null : roll < 0.7 ? [addDays(due, -rng.int(0, 7)), today].sort()[0] : roll < 0.9 ? [addDays(due, rng.int(1, 10)), addDays(today, -1)].sort()[0] : null
        const task = await insertTask(tx, { personId: c.personId, title: `${ACTION_TITLE_PREFIX}${rng.pick(ACTIONS)}`, details: `Required by the case audit (Monthly audit, ${teamName}) by Gareth Lloyd, overall grade ${GRADE_LABEL[overall]}.`, dueDate: due, assignedWorkerId: c.workerId, sourceType: 'audit_action', sourceId: id, createdBy: auditor.id, createdAt: signedOffAt })
        if (done) await tx.execute(sql`update task set completed_at = ${londonInstant(done as string, '16:00')}, completion_note = 'Done.' where id = ${task.id}`)
        actions++
      }
      // The QA lead moderates one audit of each programme; they agree with most.
      if (k === 0) {
        const moderated: Grade = rng.chance(0.75) ? overall : overall === 'good' ? 'requires_improvement' : 'good'
        await insertModeration(tx, { caseAuditId: id, originalGrade: overall, moderatedGrade: moderated, agreed: moderated === overall, comments: moderated === overall ? 'Agree with the grade: the evidence on file supports it.' : 'The analysis is weaker than graded: the plan does not follow from it.', moderatedAt: londonInstant([addDays(signedOn, 3), today].sort()[0] as string, '11:00'), moderatedBy: qa.id })
      }
    }
  }
  return { tools: 1, audits, actions }
}
