/**
 * Management oversight, closure and chronology pages through the real web server: error summaries,
 * oversized answers, who may do what, and escaping.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { actorFor, testContext, uniqueFamilyName, routeSuite } from '../helpers/harness.ts'
import { createPerson } from '../../src/app/people/createPerson.ts'
import { insertReferral, nextReferralRef } from '../../src/db/repositories/frontDoor.ts'
import { addDays } from '../../src/domain/calendar/days.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'

const { database, get, post } = routeSuite()
const count = async (q: ReturnType<typeof sql>) => ((await database.db.execute(q)).rows[0] as { n: number }).n
const today = () => londonDate(new Date())

/** A child allocated to Sam Okafor with an open referral; optionally an authorised NFA assessment. */
async function child(withAssessment: boolean): Promise<{ id: string; familyName: string }> {
  const ctx = testContext(database)
  const fd = { actor: await actorFor(database, 'frontdoor'), ip: null, requestId: null }
  const familyName = uniqueFamilyName()
  const out = await createPerson(ctx, fd, { givenNames: 'Noor', familyName, dateOfBirth: '2013-01-15', sex: 'F', confirmedNotDuplicate: true })
  assert.ok(out.kind === 'created')
  const sw = await actorFor(database, 'socialworker')
  const referralDate = addDays(today(), -30)
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`insert into allocation (person_id, worker_id, team_id, start_date) values (${out.id}, ${sw.workerId}, ${sw.teamId}, ${referralDate})`)
    const { id: referralId } = await insertReferral(tx, { referralRef: await nextReferralRef(tx), personId: out.id, contactId: null, referralDate, sourceCode: '5A', isReReferral: false, referralsInLast12Months: 0, createdBy: fd.actor.userId }, new Date())
    if (withAssessment) {
      await tx.execute(sql`insert into assessment (assessment_ref, person_id, referral_id, kind, framework, start_date, due_date, status, outcome, completed_on)
        values ('A' || lpad(nextval('assessment_ref_seq')::text, 6, '0'), ${out.id}, ${referralId}, 'single', 'wt2023', ${referralDate}, ${addDays(referralDate, 60)}, 'authorised', 'nfa', ${addDays(referralDate, 20)})`)
    }
  })
  return { id: out.id, familyName }
}

describe('management decision pages', () => {
  it('a manager sees the form; an empty form gives an error summary that links to each field', async () => {
    const c = await child(false)
    const page = await get('teammanager', `/people/${c.id}/management-decisions/new`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Record a management decision/)
    assert.match(page.body, /Sam Okafor \(allocated\)/)
    const res = await post('teammanager', `/people/${c.id}/management-decisions`, { stage: '', decision: '', reasons: '', direction1Text: 'Visit', 'direction1DueDate-day': '1', 'direction1DueDate-month': '1', 'direction1DueDate-year': '2020', direction1Worker: '' })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /There is a problem/)
    assert.match(res.body, /href="#stage"[^>]*>Select the stage/)
    assert.match(res.body, /href="#decision">Enter the decision/)
    assert.match(res.body, /href="#direction1DueDate-day">Direction 1: the due date cannot be in the past/)
    assert.match(res.body, /href="#direction1Worker">Select the worker responsible for direction 1/)
  })

  it('1 MB of reasons: a message by the field, nothing saved', async () => {
    const c = await child(false)
    const res = await post('teammanager', `/people/${c.id}/management-decisions`, { stage: 'other', decision: 'Close monitoring', reasons: 'x'.repeat(1_000_000) })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /The reasons must be 10,000 characters or fewer/)
    assert.ok(res.body.length < 200_000, 'the paste is not sent back whole')
    assert.equal(await count(sql`select count(*)::int as n from management_decision where person_id = ${c.id}`), 0)
  })

  it('saves a decision with a direction; the oversight page shows it, escaped', async () => {
    const c = await child(false)
    const sam = (await actorFor(database, 'socialworker')).workerId as string
    const [y, m, d] = addDays(today(), 7).split('-')
    const res = await post('teammanager', `/people/${c.id}/management-decisions`, {
      stage: 'assessment', decision: 'Proceed to <script>alert(1)</script> strategy discussion', reasons: 'Disclosure at school',
      direction1Text: 'Convene a strategy discussion', 'direction1DueDate-day': String(Number(d)), 'direction1DueDate-month': String(Number(m)), 'direction1DueDate-year': y ?? '', direction1Worker: sam,
    })
    assert.equal(res.statusCode, 302)
    assert.equal(res.headers.location, `/people/${c.id}/oversight?recorded=1`)
    const view = await get('socialworker', `/people/${c.id}/oversight`)
    assert.equal(view.statusCode, 200)
    assert.match(view.body, /Convene a strategy discussion/)
    assert.match(view.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/)
    assert.doesNotMatch(view.body, /<script>alert/)
    assert.doesNotMatch(view.body, /Record a management decision<\/a>/, 'no button for a social worker')
  })

  it('a social worker gets 403 for the form and the post', async () => {
    const c = await child(false)
    assert.equal((await get('socialworker', `/people/${c.id}/management-decisions/new`)).statusCode, 403)
    assert.equal((await post('socialworker', `/people/${c.id}/management-decisions`, { stage: 'other', decision: 'd', reasons: 'r' })).statusCode, 403)
  })
})

describe('closure pages', () => {
  it('an empty proposal gives an error summary; RC8 without an assessment is explained', async () => {
    const c = await child(false)
    assert.equal((await get('socialworker', `/people/${c.id}/closure/new`)).statusCode, 200)
    const empty = await post('socialworker', `/people/${c.id}/closure`, {})
    assert.equal(empty.statusCode, 400)
    assert.match(empty.body, /href="#reasonCode">Select the reason for closing the case/)
    assert.match(empty.body, /href="#summary">Enter the closing summary/)
    const rc8 = await post('socialworker', `/people/${c.id}/closure`, { reasonCode: 'RC8', summary: 'No further action' })
    assert.equal(rc8.statusCode, 400)
    assert.match(rc8.body, /RC8 is for closing after an assessment/)
    assert.equal(await count(sql`select count(*)::int as n from case_closure where person_id = ${c.id}`), 0)
  })

  it('the proposer cannot authorise (error shown), a social worker gets 403, another manager authorises', async () => {
    const c = await child(true)
    const proposed = await post('teammanager', `/people/${c.id}/closure`, { reasonCode: 'RC8', summary: 'Assessment: no further action', 'referrerInformedOn-day': '', 'referrerInformedOn-month': '', 'referrerInformedOn-year': '' })
    assert.equal(proposed.statusCode, 302)
    const id = ((await database.db.execute(sql`select id from case_closure where person_id = ${c.id}`)).rows[0] as { id: string }).id
    const page = await get('teammanager', `/people/${c.id}/closure`)
    assert.match(page.body, /You proposed this closure, so another manager must authorise it/)
    const self = await post('teammanager', `/people/${c.id}/closure/${id}/authorise`, { version: '1' })
    assert.equal(self.statusCode, 400)
    assert.match(self.body, /You cannot authorise a closure you proposed/)
    assert.equal((await post('socialworker', `/people/${c.id}/closure/${id}/authorise`, { version: '1' })).statusCode, 403)
    const ok = await post('servicemanager', `/people/${c.id}/closure/${id}/authorise`, { version: '1' })
    assert.equal(ok.statusCode, 200)
    assert.match(ok.body, /Case closed/)
    const again = await post('servicemanager', `/people/${c.id}/closure/${id}/authorise`, { version: '1' })
    assert.equal(again.statusCode, 409)
  })
})

describe('chronology pages', () => {
  it('shows the add and print buttons and the filter; a bad entry gives field errors; a good one is listed', async () => {
    const c = await child(false)
    const page = await get('socialworker', `/people/${c.id}/chronology`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Add an entry/)
    assert.match(page.body, /data-print hidden>Print chronology</)
    assert.match(page.body, /Printed by Sam Okafor on/)
    const bad = await post('socialworker', `/people/${c.id}/chronology`, { 'occurredDate-day': '31', 'occurredDate-month': '2', 'occurredDate-year': '2026', occurredTime: '25:61', summary: '' })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /href="#occurredDate-day">The date it happened must be a real date/)
    assert.match(bad.body, /href="#occurredTime">Enter the time on the 24-hour clock/)
    assert.match(bad.body, /href="#summary">Enter what happened/)
    const [y, m, d] = addDays(today(), -1).split('-')
    const good = await post('socialworker', `/people/${c.id}/chronology`, { 'occurredDate-day': d ?? '', 'occurredDate-month': m ?? '', 'occurredDate-year': y ?? '', occurredTime: '16:20', summary: 'Phone call from school: Noor arrived late and hungry.' })
    assert.equal(good.statusCode, 302)
    const filtered = await get('socialworker', `/people/${c.id}/chronology?kind=practitioner`)
    assert.match(filtered.body, /Noor arrived late and hungry/)
    assert.match(filtered.body, /Recorded .*20\d\d/)
    assert.match(filtered.body, /day after it happened|hours after it happened|days after it happened/)
    const other = await get('socialworker', `/people/${c.id}/chronology?kind=assessments`)
    assert.doesNotMatch(other.body, /Noor arrived late and hungry/)
  })

  it('a partner cannot open a chronology', async () => {
    const c = await child(false)
    assert.equal((await get('partner', `/people/${c.id}/chronology`)).statusCode, 403)
  })
})
