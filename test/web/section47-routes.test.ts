/**
 * Strategy discussion and section 47 pages through the real web server: error summaries linking to the
 * fields, oversized answers, who may see what, the warnings and the ICPC target on the pages, stale forms.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { actorFor, routeSuite } from '../helpers/harness.ts'
import { childWithReferral, type TestChild } from '../helpers/worklistFixtures.ts'
import { addDays } from '../../src/domain/calendar/days.ts'
import { formatDate, londonDate } from '../../src/domain/shared/dates.ts'

const { database, get, post } = routeSuite()
const count = async (q: ReturnType<typeof sql>) => ((await database.db.execute(q)).rows[0] as { n: number }).n
const today = () => londonDate(new Date())

async function child(allocated = true): Promise<TestChild> {
  const sw = await actorFor(database, 'socialworker')
  assert.ok(sw.workerId && sw.teamId)
  return childWithReferral(database, { referralDate: addDays(today(), -20), allocateTo: allocated ? { workerId: sw.workerId, teamId: sw.teamId } : null })
}

const dateFields = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-')
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y ?? '' }
}

const validForm = (over: Record<string, string> = {}) => ({
  ...dateFields('heldOn', addDays(today(), -3)),
  heldAt: '11:15',
  participant1Name: 'DC Hollis',
  participant1Agency: 'police',
  participant1Role: 'Detective constable',
  participant2Name: 'Ms Grant',
  participant2Agency: 'education',
  participant2Role: 'Head teacher',
  decision: 's47_single',
  informationShared: 'Fictional: the child told a teacher about being hit.',
  action1Action: 'Visit the child at school',
  action1Owner: 'Sam Okafor',
  ...dateFields('action1DueOn', today()),
  ...over,
})

describe('strategy discussion pages', () => {
  it('an empty form gives an error summary that links to each field; a half-filled row is named by its row', async () => {
    const c = await child()
    const page = await get('socialworker', `/people/${c.personId}/strategy-discussions/new`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Record a strategy discussion/)
    assert.match(page.body, /data-draft-key="\/people\/[0-9a-f-]+\/strategy-discussions\/new"/)
    const res = await post('socialworker', `/people/${c.personId}/strategy-discussions`, {})
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /There is a problem/)
    assert.match(res.body, /href="#heldOn-day">Enter the date of the strategy discussion/)
    assert.match(res.body, /href="#heldAt">Enter the time of the strategy discussion/)
    assert.match(res.body, /href="#participant1Name">Add the people who took part/)
    assert.match(res.body, /href="#decision">Select the decision/)
    assert.match(res.body, /href="#informationShared">Enter the information shared/)

    const row = await post('socialworker', `/people/${c.personId}/strategy-discussions`, validForm({ participant3Name: 'Dr Shah', participant3Agency: '' }))
    assert.equal(row.statusCode, 400)
    assert.match(row.body, /href="#participant3Agency">Select the agency of participant 3/)
    assert.match(row.body, /value="Dr Shah"/, 'the answers are kept')
    assert.equal(await count(sql`select count(*)::int as n from strategy_discussion where person_id = ${c.personId}`), 0)
  })

  it('1 MB of information shared: a message by the field, nothing saved', async () => {
    const c = await child()
    const res = await post('socialworker', `/people/${c.personId}/strategy-discussions`, validForm({ informationShared: 'x'.repeat(1_000_000) }))
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /href="#informationShared">The information shared must be 20,000 characters or fewer/)
    assert.ok(res.body.length < 200_000, 'the paste is not sent back whole')
    assert.equal(await count(sql`select count(*)::int as n from strategy_discussion where person_id = ${c.personId}`), 0)
    assert.equal(await count(sql`select count(*)::int as n from section47_enquiry where person_id = ${c.personId}`), 0)
  })

  it('a social worker cannot open or record for a child outside their caseload (403)', async () => {
    const c = await child(false)
    assert.equal((await get('socialworker', `/people/${c.personId}/strategy-discussions/new`)).statusCode, 403)
    assert.equal((await post('socialworker', `/people/${c.personId}/strategy-discussions`, validForm())).statusCode, 403)
    assert.equal(await count(sql`select count(*)::int as n from strategy_discussion where person_id = ${c.personId}`), 0)
    // The front door's EDT colleague has council-wide scope and may record one out of hours.
    assert.equal((await get('edt', `/people/${c.personId}/strategy-discussions/new`)).statusCode, 200)
  })

  it('saved: the page shows the health warning, who took part, the decision and the section 47 with its ICPC target; the enquiry page shows it too', async () => {
    const c = await child()
    const res = await post('socialworker', `/people/${c.personId}/strategy-discussions`, validForm())
    assert.equal(res.statusCode, 303)
    const location = String(res.headers.location)
    assert.match(location, new RegExp(`^/people/${c.personId}/strategy-discussions/[0-9a-f-]{36}\\?recorded=1$`))
    const page = await get('socialworker', location)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /govuk-warning-text[\s\S]*Health did not take part: Working Together expects police and health/)
    assert.doesNotMatch(page.body, /Police did not take part/)
    assert.match(page.body, /<td class="govuk-table__cell">DC Hollis<\/td><td class="govuk-table__cell">Police<\/td>/)
    assert.match(page.body, /Section 47 enquiry: single agency/)
    const e = (await database.db.execute(sql`select id, icpc_target_date::text as target from section47_enquiry where person_id = ${c.personId}`)).rows[0] as { id: string; target: string }
    assert.ok(e)
    assert.match(page.body, new RegExp(`href="/people/${c.personId}/section-47/${e.id}"`))
    assert.match(page.body, new RegExp(`conference due by <strong>${formatDate(e.target)}</strong>`))

    const s47 = await get('socialworker', `/people/${c.personId}/section-47/${e.id}`)
    assert.equal(s47.statusCode, 200)
    assert.match(s47.body, new RegExp(`Due by ${formatDate(e.target)}`))
    assert.match(s47.body, /govuk-tag--(green|orange|red)[^>]*>\s*(\d+ working days? left|Due today|Overdue)/)
    assert.match(s47.body, /Single agency/)
    assert.match(s47.body, /Record the outcome/)
    assert.equal(await count(sql`select count(*)::int as n from audit_log where person_id = ${c.personId} and action = 'person.view' and after->>'via' = 'section-47'`), 1)
  })
})

describe('section 47 pages', () => {
  async function enquiry() {
    const c = await child()
    const res = await post('socialworker', `/people/${c.personId}/strategy-discussions`, validForm({ participant2Agency: 'health' }))
    assert.equal(res.statusCode, 303)
    const e = (await database.db.execute(sql`select id, version from section47_enquiry where person_id = ${c.personId}`)).rows[0] as { id: string; version: number }
    return { c, eid: e.id, url: `/people/${c.personId}/section-47/${e.id}`, version: e.version }
  }

  it('the outcome form: errors link to the fields; saved, the manager authorises and is offered to schedule the conference', async () => {
    const { c, url, version } = await enquiry()
    const form = await get('socialworker', `${url}/outcome`)
    assert.equal(form.statusCode, 200)
    assert.match(form.body, /Was the child seen during the enquiry\?/)
    const bad = await post('socialworker', `${url}/outcome`, { version: String(version) })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /href="#childSeen">Select yes if the child was seen/)
    assert.match(bad.body, /href="#outcome">Select the outcome of the section 47 enquiry/)
    const bad2 = await post('socialworker', `${url}/outcome`, { version: String(version), childSeen: 'yes', childSeenAlone: 'yes', outcome: 'not_substantiated' })
    assert.match(bad2.body, /href="#childSeenOn-day">Enter the date the child was seen/)
    assert.match(bad2.body, /href="#conferenceNotRequiredReason">Enter the reason a conference is not needed/)

    const ok = await post('socialworker', `${url}/outcome`, { version: String(version), childSeen: 'yes', ...dateFields('childSeenOn', today()), childSeenAlone: 'yes', outcome: 'substantiated_continuing_risk', summary: 'Seen alone at school.' })
    assert.equal(ok.statusCode, 303)
    const waiting = await get('socialworker', url)
    assert.match(waiting.body, /Outcome recorded – waiting for a manager/)
    assert.match(waiting.body, /Waiting for a manager to authorise the outcome/)
    assert.doesNotMatch(waiting.body, /Authorise the outcome/)

    // The social worker cannot authorise, even by posting the form.
    assert.equal((await post('socialworker', `${url}/authorise`, { version: String(version + 1) })).statusCode, 403)
    const mgr = await get('teammanager', url)
    assert.match(mgr.body, /Authorise the outcome/)
    const empty = await post('teammanager', `${url}/return`, { version: String(version + 1), comments: '' })
    assert.equal(empty.statusCode, 400)
    assert.match(empty.body, /href="#comments">Enter what needs to change/)
    const authorised = await post('teammanager', `${url}/authorise`, { version: String(version + 1) })
    assert.equal(authorised.statusCode, 303)
    const done = await get('teammanager', String(authorised.headers.location))
    assert.match(done.body, /Section 47 enquiry outcome authorised/)
    assert.match(done.body, /Joanne Fletcher/)
    assert.match(done.body, new RegExp(`href="/people/${c.personId}/conferences/new\\?type=initial&amp;section47=[0-9a-f-]{36}"[^>]*>Schedule the initial child protection conference`))

    // A second manager with the old page: 409.
    const stale = await post('servicemanager', `${url}/authorise`, { version: String(version + 1) })
    assert.equal(stale.statusCode, 409)
    assert.match(stale.body, /Someone else changed this section 47 enquiry/)
  })

  it('a stale outcome form is a conflict; 1 MB summary is refused by the field', async () => {
    const { url, version, eid } = await enquiry()
    const big = await post('socialworker', `${url}/outcome`, { version: String(version), childSeen: 'no', outcome: 'substantiated_continuing_risk', summary: 'y'.repeat(1_000_000) })
    assert.equal(big.statusCode, 400)
    assert.match(big.body, /href="#summary">The summary of the enquiry must be 20,000 characters or fewer/)
    const stale = await post('socialworker', `${url}/outcome`, { version: String(version - 1), childSeen: 'no', outcome: 'substantiated_continuing_risk' })
    assert.equal(stale.statusCode, 409)
    assert.equal(await count(sql`select count(*)::int as n from section47_enquiry where id = ${eid} and status = 'open' and version = ${version}`), 1)
  })

  it('a social worker outside the caseload cannot see the enquiry (403)', async () => {
    const { c, url } = await enquiry()
    await database.db.execute(sql`update allocation set end_date = ${today()} where person_id = ${c.personId}`)
    assert.equal((await get('socialworker', url)).statusCode, 403)
    assert.equal((await get('socialworker', `${url}/outcome`)).statusCode, 403)
  })
})
