import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { describeChanges, finalGrade, ownTeamConflict, transition, validateAmendmentReason, validateAudit, validateModeration, validateResponse, type AuditInput } from '../../src/domain/caseAudit/audit.ts'
import { GRADES, gradeScore, isGrade } from '../../src/domain/caseAudit/grades.ts'
import { learningCsv, learningReport, type LearningAnswer, type LearningAudit } from '../../src/domain/caseAudit/learning.ts'
import { drawSample, filterCandidates, moderationSample, prng, validateProgramme, type Candidate } from '../../src/domain/caseAudit/sample.ts'
import { allQuestions, DEFAULT_TOOL, nextVersion, parseToolText, THEMES, toolToText, validateTool, type ToolDefinition } from '../../src/domain/caseAudit/tool.ts'

const today = '2026-11-20'
const fields = (r: { ok: boolean; errors?: { field: string }[] }) => (r.ok ? [] : (r.errors ?? []).map((e) => e.field))

describe('the grade scale and the audit tool', () => {
  it('is the Ofsted scale, outstanding to inadequate', () => {
    assert.deepEqual([...GRADES], ['outstanding', 'good', 'requires_improvement', 'inadequate'])
    assert.equal(isGrade('adequate'), false, 'the 2009–11 "adequate" is not on the ILACS scale')
    assert.deepEqual(GRADES.map(gradeScore), [4, 3, 2, 1])
  })
  it('the built-in tool covers every theme of the Ofsted letters, each graded', () => {
    assert.ok(validateTool(DEFAULT_TOOL).ok)
    const graded = new Set(allQuestions(DEFAULT_TOOL).filter((q) => q.kind === 'graded').map((q) => q.theme))
    for (const theme of Object.keys(THEMES)) assert.ok(graded.has(theme), `no graded question on ${theme}`)
    assert.ok(allQuestions(DEFAULT_TOOL).some((q) => q.kind === 'yes_no') && allQuestions(DEFAULT_TOOL).some((q) => q.kind === 'text'))
  })
  it('a tool is edited as text and round-trips; mistakes are named by line', () => {
    const parsed = parseToolText(toolToText(DEFAULT_TOOL))
    assert.ok(parsed.ok)
    assert.deepEqual(parsed.value, DEFAULT_TOOL)
    const bad = parseToolText('# Voice\nvoice | graded | required | child_voice | Is the voice heard?\nvoice | scored | required | x | Again')
    assert.ok(!bad.ok)
    assert.match(bad.errors[0]?.message ?? '', /Line 3: the kind must be graded, yes_no or text/)
    const dup = parseToolText('# A\na | graded | required | t | One\na | yes_no | optional | t | Two')
    assert.ok(!dup.ok && dup.errors.some((e) => /used twice/.test(e.message)))
    assert.ok(!parseToolText('# A\na | yes_no | required | t | Only yes or no').ok, 'needs a graded question')
    assert.ok(!parseToolText('').ok)
    assert.equal(nextVersion([]), 1)
    assert.equal(nextVersion([1, 3, 2]), 4)
  })
})

describe('the reproducible sample', () => {
  const cands: Candidate[] = Array.from({ length: 20 }, (_, i) => ({
    personId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    teamId: 't1',
    workerId: i % 2 ? 'w1' : 'w2',
    status: { openReferral: i % 3 !== 0, cpPlan: i % 5 === 0, cinPlan: i % 4 === 0 },
    caseStartDate: `2026-${String((i % 10) + 1).padStart(2, '0')}-01`,
  }))
  it('the same seed and candidates give the same cases, whatever order they come in', () => {
    const a = drawSample(cands, 424242, 5)
    const b = drawSample([...cands].reverse(), 424242, 5)
    assert.equal(a.length, 5)
    assert.deepEqual(a, b)
    assert.equal(new Set(a.map((c) => c.personId)).size, 5, 'no case twice')
    assert.notDeepEqual(drawSample(cands, 7, 5), a, 'another seed, another sample')
  })
  it('takes every candidate when there are fewer than asked', () => {
    assert.equal(drawSample(cands.slice(0, 3), 1, 5).length, 3)
    assert.deepEqual(drawSample([], 1, 5), [])
  })
  it('the PRNG is deterministic and in [0, 1)', () => {
    const r1 = prng(99)
    const r2 = prng(99)
    for (let i = 0; i < 50; i++) {
      const x = r1()
      assert.equal(x, r2())
      assert.ok(x >= 0 && x < 1)
    }
  })
  it('filters by status and age of case', () => {
    assert.ok(filterCandidates(cands, { status: 'cp_plan', minAgeDays: null, maxAgeDays: null }, today).every((c) => c.status.cpPlan))
    const old = filterCandidates(cands, { status: 'any', minAgeDays: 180, maxAgeDays: null }, today)
    assert.ok(old.length > 0 && old.every((c) => c.caseStartDate <= '2026-05-24'))
    const recent = filterCandidates(cands, { status: 'any', minAgeDays: null, maxAgeDays: 60 }, today)
    assert.ok(recent.every((c) => c.caseStartDate >= '2026-09-21'))
  })
  it('draws a reproducible moderation sample of at least one', () => {
    const ids = cands.map((c) => c.personId)
    assert.equal(moderationSample(ids, 5, 20).size, 4)
    assert.deepEqual(moderationSample(ids, 5, 20), moderationSample([...ids].reverse(), 5, 20))
    assert.equal(moderationSample(ids.slice(0, 2), 5, 10).size, 1)
    assert.equal(moderationSample(ids, 5, 0).size, 0)
  })
  it('a programme needs a title, kind, how cases are chosen, a size and an auditor', () => {
    assert.deepEqual(fields(validateProgramme({})), ['title', 'kind', 'basis', 'sampleSize', 'auditorUserId', 'toolVersionId'])
    assert.deepEqual(fields(validateProgramme({ title: 'x', kind: 'monthly', month: '2026-13', basis: 'team', sampleSize: '5', auditorUserId: 'u', toolVersionId: 'v' })), ['month', 'teamId'])
    assert.deepEqual(fields(validateProgramme({ title: 'x', kind: 'themed', basis: 'manual', personRefs: 'P000001 banana', auditorUserId: 'u', toolVersionId: 'v' })), ['theme', 'personRefs'])
    assert.deepEqual(fields(validateProgramme({ title: 'x', kind: 'monthly', month: '2026-11', basis: 'team', teamId: 't', sampleSize: '0', minAgeDays: '90', maxAgeDays: '30', auditorUserId: 'u', toolVersionId: 'v' })), ['sampleSize', 'maxAgeDays'])
    const ok = validateProgramme({ title: ' Monthly ', kind: 'monthly', month: '2026-11', basis: 'manual', personRefs: 'p000001, P000002 P000001', auditorUserId: 'u', toolVersionId: 'v' })
    assert.ok(ok.ok)
    assert.deepEqual(ok.value.personRefs, ['P000001', 'P000002'])
    assert.equal(ok.value.sampleSize, 2)
    assert.equal(ok.value.moderationPercent, 20)
  })
})

const tool: ToolDefinition = {
  sections: [
    {
      title: 'S',
      questions: [
        { key: 'voice', kind: 'graded', required: true, theme: 'child_voice', text: 'Voice?' },
        { key: 'seen', kind: 'yes_no', required: true, theme: 'child_seen', text: 'Seen?' },
        { key: 'note', kind: 'text', required: false, theme: 'recording', text: 'Notes' },
      ],
    },
  ],
}
const full = (over: Partial<AuditInput> = {}): AuditInput => ({ answers: { voice: { value: 'good' }, seen: { value: 'yes' } }, overallGrade: 'good', findings: 'Clear plan.', actions: [], ...over })

describe('doing an audit', () => {
  const ctx = { today, owners: new Set(['w1', 'm1']) }
  it('a draft may have gaps; signing off needs every required question, the overall grade and findings', () => {
    assert.ok(validateAudit(tool, { answers: {}, actions: [] }, 'save', ctx).ok)
    assert.deepEqual(fields(validateAudit(tool, { answers: {}, actions: [] }, 'sign_off', ctx)), ['q_voice', 'q_seen', 'overallGrade', 'findings'])
    const r = validateAudit(tool, { answers: { seen: { value: 'no' } }, overallGrade: 'good', findings: 'x', actions: [] }, 'sign_off', ctx)
    assert.ok(!r.ok)
    assert.equal(r.errors[0]?.message, 'Select a grade for "Voice?": it is required')
    const ok = validateAudit(tool, full({ answers: { voice: { value: 'inadequate', comment: ' No direct work ' }, seen: { value: 'no' }, note: { value: '' } } }), 'sign_off', ctx)
    assert.ok(ok.ok)
    assert.deepEqual(ok.value.answers, [
      { questionKey: 'voice', grade: 'inadequate', yesNo: null, text: null, comment: 'No direct work' },
      { questionKey: 'seen', grade: null, yesNo: false, text: null, comment: null },
      { questionKey: 'note', grade: null, yesNo: null, text: null, comment: null },
    ])
  })
  it('refuses a grade off the scale', () => {
    assert.deepEqual(fields(validateAudit(tool, full({ answers: { voice: { value: 'adequate' }, seen: { value: 'maybe' } }, overallGrade: 'great' }), 'save', ctx)), ['q_voice', 'q_seen', 'overallGrade'])
  })
  it('an action needs what, an owner (the worker or a manager) and a due date from today', () => {
    const r = validateAudit(tool, full({ actions: [{ text: 'Record the child’s views', ownerWorkerId: 'w1', dueDate: '2026-12-01' }, {}, { text: 'x', ownerWorkerId: 'stranger', dueDate: '2026-11-19' }] }), 'sign_off', ctx)
    assert.deepEqual(fields(r), ['action3Owner', 'action3Due'])
    const ok = validateAudit(tool, full({ actions: [{ text: 'Record the child’s views', ownerWorkerId: 'w1', dueDate: '2026-12-01' }] }), 'sign_off', ctx)
    assert.ok(ok.ok)
    assert.deepEqual(ok.value.actions, [{ text: 'Record the child’s views', ownerWorkerId: 'w1', dueDate: '2026-12-01' }])
    assert.deepEqual(fields(validateAudit(tool, full({ actions: [{ ownerWorkerId: 'w1', dueDate: 'invalid' }] }), 'save', ctx)), ['action1Text', 'action1Due'])
  })
  it('moves assigned → in progress → signed off, and a signed-off audit is amended, never saved over', () => {
    assert.deepEqual(transition('assigned', 'save'), { ok: true, value: 'in_progress' })
    assert.deepEqual(transition('in_progress', 'sign_off'), { ok: true, value: 'signed_off' })
    const again = transition('signed_off', 'save')
    assert.ok(!again.ok)
    assert.match(again.errors[0]?.message ?? '', /signed off, so it cannot be edited\. Amend it instead/)
    assert.ok(!transition('signed_off', 'sign_off').ok)
    assert.ok(transition('signed_off', 'amend').ok)
    assert.ok(!transition('in_progress', 'amend').ok)
    assert.ok(!transition('signed_off', 'amend', true).ok, 'not after moderation')
    assert.ok(!transition('in_progress', 'respond').ok)
  })
  it('an amendment needs a reason and says what changed', () => {
    assert.deepEqual(fields(validateAmendmentReason({ reason: '  ' })), ['reason'])
    const before = { answers: [{ questionKey: 'voice', grade: 'good' as const, yesNo: null, text: null, comment: null }], overallGrade: 'good' as const, findings: 'a', actions: [] }
    const after = { answers: [{ questionKey: 'voice', grade: 'requires_improvement' as const, yesNo: null, text: null, comment: null }], overallGrade: 'requires_improvement' as const, findings: 'a', actions: [] }
    assert.deepEqual(describeChanges(tool, before, after), ['Voice?: Good → Requires improvement', 'Overall grade: Good → Requires improvement'])
    assert.deepEqual(describeChanges(tool, before, before), [])
  })
})

describe('the own-team rule', () => {
  it('an auditor does not audit their own team’s cases unless allowed, nor ever their own case', () => {
    assert.match(ownTeamConflict({ teamId: 't1', workerId: 'w9' }, { teamId: 't1', workerId: 'w1' }, false) ?? '', /own team/)
    assert.equal(ownTeamConflict({ teamId: 't1', workerId: 'w9' }, { teamId: 't1', workerId: 'w1' }, true), null)
    assert.equal(ownTeamConflict({ teamId: 't2', workerId: 'w9' }, { teamId: 't1', workerId: 'w1' }, false), null)
    assert.equal(ownTeamConflict({ teamId: null, workerId: null }, { teamId: 't1', workerId: 'w1' }, false), null, 'a council-wide auditor has no team')
    assert.match(ownTeamConflict({ teamId: 't1', workerId: 'w1' }, { teamId: 't1', workerId: 'w1' }, true) ?? '', /allocated to them/)
  })
})

describe('moderation and responses', () => {
  const audit = { auditorUserId: 'a1', overallGrade: 'good' as const, status: 'signed_off' as const, moderated: false }
  it('a second auditor grades it; agreement is the same overall grade', () => {
    assert.deepEqual(validateModeration({ moderatedGrade: 'good', comments: 'Agree' }, audit, 'm1'), { ok: true, value: { moderatedGrade: 'good', agreed: true, comments: 'Agree' } })
    assert.deepEqual(validateModeration({ moderatedGrade: 'requires_improvement', comments: 'Weaker' }, audit, 'm1'), { ok: true, value: { moderatedGrade: 'requires_improvement', agreed: false, comments: 'Weaker' } })
    assert.match((validateModeration({ moderatedGrade: 'good', comments: 'x' }, audit, 'a1') as { errors: { message: string }[] }).errors[0]?.message ?? '', /cannot moderate your own/)
    assert.deepEqual(fields(validateModeration({}, audit, 'm1')), ['moderatedGrade', 'comments'])
    assert.ok(!validateModeration({ moderatedGrade: 'good', comments: 'x' }, { ...audit, moderated: true }, 'm1').ok)
    assert.ok(!validateModeration({ moderatedGrade: 'good', comments: 'x' }, { ...audit, status: 'in_progress' }, 'm1').ok)
    assert.equal(finalGrade('good', 'inadequate'), 'inadequate')
    assert.equal(finalGrade('good', null), 'good')
  })
  it('a response needs words and a signed-off audit', () => {
    assert.deepEqual(validateResponse({ response: ' Will do ' }, 'signed_off'), { ok: true, value: 'Will do' })
    assert.deepEqual(fields(validateResponse({ response: '' }, 'signed_off')), ['response'])
    assert.deepEqual(fields(validateResponse({ response: 'x' }, 'assigned')), ['response'])
  })
})

describe('learning', () => {
  const audits: LearningAudit[] = [
    { id: 'a', signedOffOn: '2026-09-10', teamId: 't1', teamName: 'North', programmeTitle: 'Sept', overallGrade: 'good', moderatedGrade: null },
    { id: 'b', signedOffOn: '2026-09-20', teamId: 't1', teamName: 'North', programmeTitle: 'Sept', overallGrade: 'good', moderatedGrade: 'requires_improvement' },
    { id: 'c', signedOffOn: '2026-10-05', teamId: 't2', teamName: 'East, "B"', programmeTitle: '=Oct', overallGrade: 'outstanding', moderatedGrade: 'outstanding' },
  ]
  const answers: LearningAnswer[] = [
    { auditId: 'a', theme: 'child_voice', questionText: 'Voice?', grade: 'inadequate' },
    { auditId: 'b', theme: 'child_voice', questionText: 'Voice?', grade: 'requires_improvement' },
    { auditId: 'c', theme: 'child_voice', questionText: 'Voice?', grade: 'good' },
    { auditId: 'a', theme: 'timeliness', questionText: 'On time?', grade: 'good' },
    { auditId: 'b', theme: 'timeliness', questionText: 'On time?', grade: 'requires_improvement' },
    { auditId: 'c', theme: 'timeliness', questionText: 'On time?', grade: 'outstanding' },
    { auditId: 'zzz', theme: 'timeliness', questionText: 'On time?', grade: 'inadequate' },
  ]
  const actions = [
    { dueDate: '2026-10-01', completedOn: '2026-09-30' },
    { dueDate: '2026-10-01', completedOn: '2026-10-03' },
    { dueDate: '2026-11-01', completedOn: null },
    { dueDate: '2026-12-01', completedOn: null },
  ]
  const r = learningReport(audits, answers, actions, today)
  it('counts the final (moderated) grades, by team and by month', () => {
    assert.equal(r.audits, 3)
    assert.deepEqual(r.overall.counts, { outstanding: 1, good: 1, requires_improvement: 1, inadequate: 0 })
    assert.equal(r.overall.goodOrBetterPct, 67)
    assert.deepEqual(r.byTeam.map((t) => [t.teamName, t.total, t.goodOrBetterPct]), [['East, "B"', 1, 100], ['North', 2, 50]])
    assert.deepEqual(r.trend.map((t) => [t.month, t.total, t.averageScore]), [['2026-09', 2, 2.5], ['2026-10', 1, 4]])
  })
  it('finds recurring weaknesses by theme', () => {
    assert.deepEqual(r.weaknesses.map((t) => [t.label, t.weak, t.weakPct]), [["The child's voice", 2, 67]])
    assert.equal(r.byTheme.find((t) => t.theme === 'timeliness')?.total, 3, 'answers of other audits are left out')
  })
  it('actions completed on time, late, overdue; moderation agreement', () => {
    assert.deepEqual(r.actions, { total: 4, completedOnTime: 1, completedLate: 1, openOverdue: 1, openNotDue: 1, onTimePct: 33 })
    assert.deepEqual(r.moderation, { moderated: 2, agreed: 1, agreementPct: 50, changes: [{ from: 'good', to: 'requires_improvement', count: 1 }] })
  })
  it('exports one CSV row per graded answer, quoted, with formulas defused', () => {
    const csv = learningCsv(audits, answers)
    const lines = csv.trim().split('\r\n')
    assert.equal(lines[0], 'audit_id,signed_off_on,month,team,programme,overall_grade,moderated_grade,final_grade,theme,question,grade')
    assert.equal(lines.length, 7)
    assert.equal(lines[2], 'b,2026-09-20,2026-09,North,Sept,good,requires_improvement,requires_improvement,The child\'s voice,Voice?,requires_improvement')
    assert.ok(lines[3]?.includes('"East, ""B""",\'=Oct'))
  })
  it('an empty period is an empty report, not an error', () => {
    const e = learningReport([], [], [], today)
    assert.equal(e.overall.goodOrBetterPct, null)
    assert.deepEqual(e.weaknesses, [])
  })
})
