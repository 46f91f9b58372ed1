/**
 * Case audits through the real web server: who may open what, the programme form and its error summary,
 * the audit beside the read-only case, sign-off refused with a grade missing (nothing saved), editing after
 * sign-off refused, amendment, moderation, the child's page, the learning report and its CSV; drafts of
 * each of an audit's forms (restored for their author and that audit, cleared on save, never past the checks).
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { routeSuite } from '../helpers/harness.ts'
import { answersAll, auditTeam, defaultToolVersionId, userId } from '../helpers/caseAuditFixtures.ts'
import { addDays } from '../../src/domain/calendar/days.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'

const { database, get, post } = routeSuite()
const all = async <T>(q: ReturnType<typeof sql>) => (await database.db.execute(q)).rows as T[]
const today = () => londonDate(new Date())
const answerFields = (grade: string) => Object.fromEntries(Object.entries(answersAll(grade)).map(([k, v]) => [`q_${k}`, v.value]))
const dueFields = (n: number, iso: string) => {
  const [y, m, d] = iso.split('-')
  return { [`action${n}Due-day`]: String(Number(d)), [`action${n}Due-month`]: String(Number(m)), [`action${n}Due-year`]: y ?? '' }
}

async function newProgramme(teamId: string, size = '5'): Promise<string> {
  const res = await post('auditor', '/case-audits/programmes', {
    title: 'Monthly audit (route test)',
    kind: 'monthly',
    month: today().slice(0, 7),
    basis: 'team',
    teamId,
    sampleSize: size,
    status: 'any',
    auditorUserId: await userId(database, 'auditor'),
    toolVersionId: await defaultToolVersionId(database),
    moderationPercent: '100',
  })
  assert.equal(res.statusCode, 302, res.body.slice(0, 500))
  const m = /\/case-audits\/programmes\/([0-9a-f-]{36})\?created=(\d+)/.exec(String(res.headers.location))
  assert.ok(m)
  return m[1] as string
}

describe('case audit pages', () => {
  it('who may: auditors, managers and QA see Case audits; a social worker and an analyst are refused', async () => {
    const home = await get('auditor', '/case-audits')
    assert.equal(home.statusCode, 200)
    assert.match(home.body, /govuk-service-navigation__link" href="\/case-audits"/)
    assert.match(home.body, /Start an audit programme/)
    assert.equal((await get('teammanager', '/case-audits')).statusCode, 200)
    assert.equal((await get('socialworker', '/case-audits')).statusCode, 403)
    assert.equal((await get('analyst', '/case-audits')).statusCode, 403)
    assert.doesNotMatch((await get('socialworker', '/my-work')).body, /href="\/case-audits"/)
    assert.equal((await get('teammanager', '/case-audits/programmes/new')).statusCode, 403)
    assert.equal((await get('auditor', '/case-audits/not-a-uuid')).statusCode, 404)
    assert.equal((await get('auditor', '/case-audits/00000000-0000-4000-8000-000000000000')).statusCode, 404)
  })

  it('the programme form shows errors by the field, then draws the sample', async () => {
    const bad = await post('auditor', '/case-audits/programmes', { kind: 'monthly', month: 'November', basis: 'team', sampleSize: '500' })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /There is a problem/)
    assert.match(bad.body, /href="#title">Enter a title for the programme/)
    assert.match(bad.body, /Enter the month as YYYY-MM/)
    assert.match(bad.body, /Enter how many cases to sample, from 1 to 50/)
    const t = await auditTeam(database, 6)
    const id = await newProgramme(t.teamId)
    const page = await get('auditor', `/case-audits/programmes/${id}?created=5`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /5 cases sampled and assigned/)
    assert.equal(t.children.filter((c) => page.body.includes(c.personRef)).length, 5)
    // Give one audit to the QA lead; a manager of the team would be refused by the own-team rule.
    const [first] = await all<{ id: string; version: number; personRef: string }>(sql`select c.id, c.version, p.person_ref as "personRef" from case_audit c join person p on p.id = c.person_id where c.programme_id = ${id} order by p.person_ref limit 1`)
    assert.ok(first)
    const moved = await post('auditor', `/case-audits/${first.id}/auditor`, { programmeId: id, version: String(first.version), auditorUserId: await userId(database, 'qalead') })
    assert.equal(moved.statusCode, 302)
    assert.match((await get('auditor', `/case-audits/programmes/${id}?reassigned=1`)).body, /Auditor changed/)
    const stale = await post('auditor', `/case-audits/${first.id}/auditor`, { programmeId: id, version: String(first.version), auditorUserId: await userId(database, 'auditor') })
    assert.equal(stale.statusCode, 409)
    assert.match(stale.body, new RegExp(`href="#auditor-${first.id}">This audit changed after you opened the programme`))
  })

  it('an audit: grade missing refused and nothing saved; sign-off; editing after refused; amendment; moderation; the child’s page', async () => {
    const t = await auditTeam(database, 2)
    const pid = await newProgramme(t.teamId, '1')
    const [row] = await all<{ id: string; personId: string; version: number }>(sql`select id, person_id as "personId", version from case_audit where programme_id = ${pid}`)
    assert.ok(row)
    const page = await get('auditor', `/case-audits/${row.id}`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /The case \(read only\)/)
    assert.match(page.body, /Is the child&#39;s voice, wishes and feelings heard and recorded\?/)
    const { q_child_voice: _drop, ...missing } = answerFields('good')
    const refused = await post('auditor', `/case-audits/${row.id}`, { version: String(row.version), action: 'sign_off', ...missing, overallGrade: 'good', findings: 'Clear analysis.' })
    assert.equal(refused.statusCode, 400)
    assert.match(refused.body, /href="#q_child_voice">Select a grade for &quot;Is the child&#39;s voice, wishes and feelings heard and recorded\?&quot;: it is required/)
    assert.match(refused.body, /value="good" checked/, 'answers given are kept on the page')
    assert.equal((await all(sql`select 1 from case_audit_answer where case_audit_id = ${row.id}`)).length, 0, 'nothing half-saved')

    const due = addDays(today(), 14)
    const signed = await post('auditor', `/case-audits/${row.id}`, { version: String(row.version), action: 'sign_off', ...answerFields('good'), overallGrade: 'good', findings: 'Clear analysis.', action1Text: 'See the child alone', action1Owner: t.workerId, ...dueFields(1, due) })
    assert.equal(signed.statusCode, 302, signed.body.slice(0, 300))
    const after = await get('auditor', `/case-audits/${row.id}?done=signed-off`)
    assert.match(after.body, /Audit signed off/)
    assert.match(after.body, /Case audit action: See the child alone/)
    assert.match(after.body, /Amend this audit/)
    const again = await post('auditor', `/case-audits/${row.id}`, { version: String(row.version + 1), action: 'save', ...answerFields('good'), overallGrade: 'inadequate', findings: 'x' })
    assert.equal(again.statusCode, 400)
    assert.match(again.body, /This audit has been signed off, so it cannot be edited\. Amend it instead/)

    assert.equal((await get('auditor', `/case-audits/${row.id}/amend`)).statusCode, 200)
    const noReason = await post('auditor', `/case-audits/${row.id}/amend`, { version: String(row.version + 1), ...answerFields('good'), overallGrade: 'requires_improvement', findings: 'Clear analysis.' })
    assert.equal(noReason.statusCode, 400)
    assert.match(noReason.body, /href="#reason">Give the reason for amending a signed-off audit/)
    const amended = await post('auditor', `/case-audits/${row.id}/amend`, { version: String(row.version + 1), reason: 'Recording is behind', ...answerFields('good'), q_recording: 'requires_improvement', overallGrade: 'requires_improvement', findings: 'Clear analysis.' })
    assert.equal(amended.statusCode, 302)
    const history = await get('auditor', `/case-audits/${row.id}`)
    assert.match(history.body, /Amendment history/)
    assert.match(history.body, /Overall grade: Good → Requires improvement/)

    const noGrade = await post('qalead', `/case-audits/${row.id}/moderation`, { comments: 'x' })
    assert.equal(noGrade.statusCode, 400)
    assert.match(noGrade.body, /Select the grade you would give overall/)
    const own = await post('auditor', `/case-audits/${row.id}/moderation`, { moderatedGrade: 'good', comments: 'x' })
    assert.equal(own.statusCode, 400)
    assert.match(own.body, /you cannot moderate your own audit/)
    assert.equal((await post('qalead', `/case-audits/${row.id}/moderation`, { moderatedGrade: 'requires_improvement', comments: 'Agree.' })).statusCode, 302)
    assert.match((await get('qalead', `/case-audits/${row.id}`)).body, /Agreed/)

    const person = await get('servicemanager', `/people/${row.personId}`)
    assert.match(person.body, /id="case-audits"/)
    assert.match(person.body, /Requires improvement<\/strong> \(moderated\)/)
    const resp = await post('servicemanager', `/case-audits/${row.id}/responses`, { response: '' })
    assert.equal(resp.statusCode, 400)
    assert.match(resp.body, /Write your response to the audit/)
    assert.equal((await post('servicemanager', `/case-audits/${row.id}/responses`, { response: 'The worker will visit this week.' })).statusCode, 302)
    assert.equal((await get('socialworker', `/case-audits/${row.id}`)).statusCode, 403, 'not Sam’s child')
  })

  it('drafts: each form of an audit keeps what was typed, for its author and that audit only, never past validation or the version check', async () => {
    const t = await auditTeam(database, 2)
    const pid = await newProgramme(t.teamId, '2')
    const [row, other] = await all<{ id: string; version: number }>(sql`select c.id, c.version from case_audit c join person p on p.id = c.person_id where c.programme_id = ${pid} order by p.person_ref`)
    assert.ok(row && other)
    const key = `/case-audits/${row.id}`
    const drafts = async (formKey: string) => (await all(sql`select 1 from form_draft where form_key = ${formKey}`)).length
    const first = await get('auditor', key)
    assert.match(first.body, new RegExp(`data-draft-key="${key}"`))
    assert.doesNotMatch(first.body, /We have restored/)

    // The auditor types, the page autosaves, the session times out: the audit form comes back as typed.
    const findings = `Half-typed findings ${Date.now()}`
    const due = addDays(today(), 10)
    assert.equal((await post('auditor', '/drafts', { formKey: key, version: String(row.version), q_timeliness: 'outstanding', q_child_seen: 'yes', findings, action1Text: 'Visit the child at school', action1Owner: t.workerId, ...dueFields(1, due) })).statusCode, 200)
    const restored = await get('auditor', key)
    assert.equal(restored.statusCode, 200)
    assert.match(restored.body, /id="draft-restored">We have restored the answers you had not saved/)
    assert.ok(restored.body.includes(`>${findings}</textarea>`), 'the findings are restored')
    assert.match(restored.body, /name="q_timeliness" type="radio" value="outstanding" checked/)
    assert.match(restored.body, /name="q_child_seen" type="radio" value="yes" checked/)
    assert.match(restored.body, /id="action1Text" name="action1Text" type="text" value="Visit the child at school"/)
    assert.match(restored.body, new RegExp(`name="action1Due-day" type="text" value="${Number(due.slice(8))}"`))
    // Not on another audit, nor for anyone else: only the auditor may keep a draft of the audit form.
    assert.doesNotMatch((await get('auditor', `/case-audits/${other.id}`)).body, /We have restored/)
    assert.doesNotMatch((await get('qalead', key)).body, /We have restored|Half-typed findings/)
    assert.equal((await post('qalead', '/drafts', { formKey: key, findings: 'not mine' })).statusCode, 403)
    assert.equal((await post('socialworker', '/drafts', { formKey: key, findings: 'not mine' })).statusCode, 403)
    assert.equal((await post('auditor', '/drafts', { formKey: '/case-audits/00000000-0000-4000-8000-000000000000', findings: 'x' })).statusCode, 404)

    // A restored draft is checked like any post: sign-off refused with questions unanswered, and the draft kept.
    const refused = await post('auditor', key, { version: String(row.version), action: 'sign_off', q_timeliness: 'outstanding', findings })
    assert.equal(refused.statusCode, 400)
    assert.match(refused.body, /href="#q_child_voice">Select a grade for/)
    assert.equal(await drafts(key), 1)
    const saved = await post('auditor', key, { version: String(row.version), action: 'save', q_timeliness: 'outstanding', findings })
    assert.equal(saved.statusCode, 302)
    assert.equal(await drafts(key), 0, 'saving the form discards the draft')
    const after = await get('auditor', `${key}?done=saved`)
    assert.doesNotMatch(after.body, /We have restored/)
    assert.ok(after.body.includes(`>${findings}</textarea>`))

    // A draft typed against the audit as it was (another tab) is refused on save; the form then carries the version now saved.
    assert.equal((await post('auditor', '/drafts', { formKey: key, version: String(row.version), findings: 'Typed in an old tab' })).statusCode, 200)
    const stale = await get('auditor', key)
    assert.match(stale.body, /We have restored/)
    assert.match(stale.body, new RegExp(`name="version" value="${row.version}"`))
    const conflict = await post('auditor', key, { version: String(row.version), action: 'save', findings: 'Typed in an old tab' })
    assert.equal(conflict.statusCode, 409)
    assert.match(conflict.body, /This audit was changed by someone else after you opened it/)
    assert.ok(conflict.body.includes('>Typed in an old tab</textarea>'), 'what was typed is kept')
    assert.match(conflict.body, new RegExp(`name="version" value="${row.version + 1}"`))
    const [kept] = await all<{ findings: string }>(sql`select findings from case_audit where id = ${row.id}`)
    assert.equal(kept?.findings, findings, 'nothing saved over the newer audit')

    // Sign off, then the amendment form keeps its own draft.
    assert.equal((await post('auditor', key, { version: String(row.version + 1), action: 'sign_off', ...answerFields('good'), overallGrade: 'good', findings })).statusCode, 302)
    assert.equal(await drafts(key), 0)
    const amendKey = `${key}/amend`
    assert.match((await get('auditor', amendKey)).body, new RegExp(`data-draft-key="${amendKey}"`))
    const reason = `The grade for recording was too high ${Date.now()}`
    assert.equal((await post('auditor', '/drafts', { formKey: amendKey, version: String(row.version + 2), reason, ...answerFields('good'), q_recording: 'requires_improvement', overallGrade: 'good', findings })).statusCode, 200)
    const amendPage = await get('auditor', amendKey)
    assert.match(amendPage.body, /id="draft-restored">We have restored the answers you had not saved/)
    assert.ok(amendPage.body.includes(`>${reason}</textarea>`))
    assert.match(amendPage.body, /name="q_recording" type="radio" value="requires_improvement" checked/)
    assert.equal((await post('qalead', '/drafts', { formKey: amendKey, reason: 'not mine' })).statusCode, 403)
    assert.equal((await post('auditor', amendKey, { version: String(row.version + 2), reason, ...answerFields('good'), q_recording: 'requires_improvement', overallGrade: 'good', findings })).statusCode, 302)
    assert.equal(await drafts(amendKey), 0)
    assert.doesNotMatch((await get('auditor', amendKey)).body, /We have restored/)

    // Moderation and a response, both on the signed-off audit for a service manager: each keeps its own draft.
    const modKey = `${key}/moderation`
    const respKey = `${key}/responses`
    const signedOff = await get('servicemanager', key)
    assert.match(signedOff.body, new RegExp(`data-draft-key="${modKey}" data-draft-name="moderation"`))
    assert.match(signedOff.body, new RegExp(`data-draft-key="${respKey}" data-draft-name="response"`))
    const comments = `Moderation half-written ${Date.now()}`
    const response = `Response half-written ${Date.now()}`
    assert.equal((await post('servicemanager', '/drafts', { formKey: modKey, moderatedGrade: 'requires_improvement', comments })).statusCode, 200)
    assert.equal((await post('servicemanager', '/drafts', { formKey: respKey, response })).statusCode, 200)
    assert.equal((await post('socialworker', '/drafts', { formKey: respKey, response: 'Not my child' })).statusCode, 403)
    const both = await get('servicemanager', key)
    assert.match(both.body, /id="draft-restored-moderation">We have restored/)
    assert.match(both.body, /id="draft-restored-response">We have restored/)
    assert.ok(both.body.includes(`>${comments}</textarea>`) && both.body.includes(`>${response}</textarea>`))
    assert.match(both.body, /name="moderatedGrade" type="radio" value="requires_improvement" checked/)
    assert.doesNotMatch((await get('qalead', key)).body, /We have restored|half-written/, 'another moderator does not see them')
    const noGrade = await post('servicemanager', modKey, { comments })
    assert.equal(noGrade.statusCode, 400, 'a restored moderation is validated too')
    assert.equal(await drafts(modKey), 1)
    assert.equal((await post('servicemanager', modKey, { moderatedGrade: 'requires_improvement', comments })).statusCode, 302)
    assert.equal(await drafts(modKey), 0)
    const left = await get('servicemanager', key)
    assert.doesNotMatch(left.body, /id="draft-restored-moderation"/)
    assert.match(left.body, /id="draft-restored-response">We have restored/)
    assert.equal((await post('servicemanager', respKey, { response })).statusCode, 302)
    assert.equal(await drafts(respKey), 0)
    assert.doesNotMatch((await get('servicemanager', key)).body, /We have restored/)
  })

  it('the learning report, its CSV and the summary; scoped by team', async () => {
    const page = await get('auditor', '/audit-learning')
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Learning from case audits/)
    assert.match(page.body, /Recurring weaknesses/)
    assert.match(page.body, /The child&#39;s voice/, 'the demo’s weakness')
    const csv = await get('auditor', '/audit-learning.csv')
    assert.equal(csv.statusCode, 200)
    assert.match(String(csv.headers['content-type']), /text\/csv/)
    assert.match(String(csv.headers['content-disposition']), /attachment; filename="case-audit-learning-/)
    assert.ok(csv.body.startsWith('audit_id,signed_off_on,month,team,programme,overall_grade,moderated_grade,final_grade,theme,question,grade\r\n'))
    assert.ok(csv.body.split('\r\n').length > 10)
    const summary = await get('servicemanager', '/audit-learning/summary')
    assert.equal(summary.statusCode, 200)
    assert.match(summary.body, /Learning summary/)
    const east = (await all<{ id: string }>(sql`select id from team where name = 'Safeguarding East'`))[0]?.id
    assert.equal((await get('teammanager', `/audit-learning?teamId=${east}`)).statusCode, 403)
    assert.equal((await get('socialworker', '/audit-learning')).statusCode, 403)
    const badDates = await get('auditor', '/audit-learning?from-day=31&from-month=2&from-year=2026')
    assert.equal(badDates.statusCode, 400)
    assert.match(badDates.body, /Enter the start of the period as a real date/)
  })

  it('audit tools: a QA lead publishes; mistakes by the field; a manager may not', async () => {
    assert.equal((await get('qalead', '/audit-tools')).statusCode, 200)
    assert.match((await get('qalead', '/audit-tools')).body, /Practice quality audit/)
    const bad = await post('qalead', '/audit-tools', { name: `Tool ${Date.now()}`, definition: 'no section here' })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /Line 1: write/)
    const ok = await post('qalead', '/audit-tools', { name: `Tool ${Date.now()}`, definition: '# Voice\nvoice | graded | required | child_voice | Heard?' })
    assert.equal(ok.statusCode, 302)
    assert.match(String(ok.headers.location), /published=1/)
    assert.equal((await get('teammanager', '/audit-tools')).statusCode, 403)
    assert.equal((await post('teammanager', '/audit-tools', { name: 'x', definition: '' })).statusCode, 403)
  })
})
