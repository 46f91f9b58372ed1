/**
 * Case audits through the real web server: who may open what, the programme form and its error summary,
 * the audit beside the read-only case, sign-off refused with a grade missing (nothing saved), editing after
 * sign-off refused, amendment, moderation, the child's page, the learning report and its CSV.
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
