/**
 * Learning from audits: grade distribution, by theme and by team, recurring weaknesses, actions
 * completed on time, moderation agreement and the trend by month. Pure: the rows come in, the report
 * goes out. The grade that counts is the moderated one when an audit was moderated.
 */
import type { IsoDate } from '../shared/dates.ts'
import { GRADES, gradeScore, isGoodOrBetter, isWeak, type Grade } from './grades.ts'
import { finalGrade } from './audit.ts'
import { themeLabel } from './tool.ts'
import { csvCell } from '../shared/csv.ts'

export type LearningAudit = { id: string; signedOffOn: IsoDate; teamId: string | null; teamName: string | null; programmeTitle: string; overallGrade: Grade; moderatedGrade: Grade | null }
export type LearningAnswer = { auditId: string; theme: string; questionText: string; grade: Grade }
export type LearningAction = { dueDate: IsoDate; completedOn: IsoDate | null }

export type GradeCounts = Record<Grade, number>
export type Distribution = { counts: GradeCounts; total: number; goodOrBetterPct: number | null }
export type ThemeRow = Distribution & { theme: string; label: string; weak: number; weakPct: number | null }
export type TeamRow = Distribution & { teamName: string }
export type TrendRow = Distribution & { month: string; averageScore: number | null }
export type ActionSummary = { total: number; completedOnTime: number; completedLate: number; openOverdue: number; openNotDue: number; onTimePct: number | null }
export type ModerationSummary = { moderated: number; agreed: number; agreementPct: number | null; changes: { from: Grade; to: Grade; count: number }[] }

export type LearningReport = {
  audits: number
  overall: Distribution
  byTheme: ThemeRow[]
  byTeam: TeamRow[]
  weaknesses: ThemeRow[]
  actions: ActionSummary
  trend: TrendRow[]
  moderation: ModerationSummary
}

const pct = (n: number, d: number): number | null => (d === 0 ? null : Math.round((100 * n) / d))
const emptyCounts = (): GradeCounts => ({ outstanding: 0, good: 0, requires_improvement: 0, inadequate: 0 })

export function distribution(grades: readonly Grade[]): Distribution {
  const counts = emptyCounts()
  for (const g of grades) counts[g]++
  return { counts, total: grades.length, goodOrBetterPct: pct(grades.filter(isGoodOrBetter).length, grades.length) }
}

/** A theme is a recurring weakness when at least `minCount` answers, and at least `minPct`%, are below good. */
export const WEAKNESS_RULE = { minCount: 2, minPct: 40 } as const

export function learningReport(audits: readonly LearningAudit[], answers: readonly LearningAnswer[], actions: readonly LearningAction[], today: IsoDate): LearningReport {
  const grades = audits.map((a) => finalGrade(a.overallGrade, a.moderatedGrade) as Grade)
  const ids = new Set(audits.map((a) => a.id))
  const themeMap = new Map<string, Grade[]>()
  for (const x of answers) {
    if (!ids.has(x.auditId)) continue
    const list = themeMap.get(x.theme) ?? []
    list.push(x.grade)
    themeMap.set(x.theme, list)
  }
  const byTheme: ThemeRow[] = [...themeMap.entries()]
    .map(([theme, gs]) => {
      const weak = gs.filter(isWeak).length
      return { theme, label: themeLabel(theme), ...distribution(gs), weak, weakPct: pct(weak, gs.length) }
    })
    .sort((a, b) => a.label.localeCompare(b.label))
  const weaknesses = byTheme
    .filter((t) => t.weak >= WEAKNESS_RULE.minCount && (t.weakPct ?? 0) >= WEAKNESS_RULE.minPct)
    .sort((a, b) => (b.weakPct ?? 0) - (a.weakPct ?? 0) || b.weak - a.weak || a.label.localeCompare(b.label))
  const teamMap = new Map<string, Grade[]>()
  for (const [i, a] of audits.entries()) {
    const name = a.teamName ?? 'No team'
    const list = teamMap.get(name) ?? []
    list.push(grades[i] as Grade)
    teamMap.set(name, list)
  }
  const byTeam = [...teamMap.entries()].map(([teamName, gs]) => ({ teamName, ...distribution(gs) })).sort((a, b) => a.teamName.localeCompare(b.teamName))
  const monthMap = new Map<string, Grade[]>()
  for (const [i, a] of audits.entries()) {
    const m = a.signedOffOn.slice(0, 7)
    const list = monthMap.get(m) ?? []
    list.push(grades[i] as Grade)
    monthMap.set(m, list)
  }
  const trend = [...monthMap.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([month, gs]) => ({ month, ...distribution(gs), averageScore: gs.length ? Math.round((10 * gs.reduce((s, g) => s + gradeScore(g), 0)) / gs.length) / 10 : null }))
  const completedOnTime = actions.filter((a) => a.completedOn !== null && a.completedOn <= a.dueDate).length
  const completedLate = actions.filter((a) => a.completedOn !== null && a.completedOn > a.dueDate).length
  const openOverdue = actions.filter((a) => a.completedOn === null && a.dueDate < today).length
  const openNotDue = actions.filter((a) => a.completedOn === null && a.dueDate >= today).length
  const moderated = audits.filter((a) => a.moderatedGrade !== null)
  const agreed = moderated.filter((a) => a.moderatedGrade === a.overallGrade).length
  const changeMap = new Map<string, number>()
  for (const a of moderated) if (a.moderatedGrade !== a.overallGrade) changeMap.set(`${a.overallGrade}>${a.moderatedGrade}`, (changeMap.get(`${a.overallGrade}>${a.moderatedGrade}`) ?? 0) + 1)
  const changes = [...changeMap.entries()].map(([k, count]) => {
    const [from, to] = k.split('>') as [Grade, Grade]
    return { from, to, count }
  })
  return {
    audits: audits.length,
    overall: distribution(grades),
    byTheme,
    byTeam,
    weaknesses,
    actions: { total: actions.length, completedOnTime, completedLate, openOverdue, openNotDue, onTimePct: pct(completedOnTime, completedOnTime + completedLate + openOverdue) },
    trend,
    moderation: { moderated: moderated.length, agreed, agreementPct: pct(agreed, moderated.length), changes },
  }
}


/** The learning report's CSV: one row per graded answer of each audit, with the audit's grades (no names). */
export function learningCsv(audits: readonly LearningAudit[], answers: readonly LearningAnswer[]): string {
  const byId = new Map(audits.map((a) => [a.id, a]))
  const lines = [['audit_id', 'signed_off_on', 'month', 'team', 'programme', 'overall_grade', 'moderated_grade', 'final_grade', 'theme', 'question', 'grade'].join(',')]
  for (const x of answers) {
    const a = byId.get(x.auditId)
    if (!a) continue
    lines.push(
      [a.id, a.signedOffOn, a.signedOffOn.slice(0, 7), a.teamName, a.programmeTitle, a.overallGrade, a.moderatedGrade, finalGrade(a.overallGrade, a.moderatedGrade), themeLabel(x.theme), x.questionText, x.grade].map((v) => csvCell(v)).join(','),
    )
  }
  return `${lines.join('\r\n')}\r\n`
}

export { GRADES }
