/** Allocation, children waiting and caseloads through the real web server: validation pages and scope. */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { postForm, uniqueFamilyName, routeSuite } from '../helpers/harness.ts'
import { addDays } from '../../src/domain/calendar/days.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'

const { database, app, as, get } = routeSuite()
const today = londonDate(new Date())
const teamId = async (name: string): Promise<string> => ((await database.db.execute(sql`select id from team where name = ${name}`)).rows[0] as { id: string }).id

async function waitingChild(team: string): Promise<{ personId: string; name: string }> {
  const fam = uniqueFamilyName()
  const p = (
    await database.db.execute(
      sql`insert into person (person_ref, given_names, family_name, sex, date_of_birth) values ('P' || lpad(nextval('person_ref_seq')::text, 6, '0'), 'Noah', ${fam}, 'M', '2016-01-01') returning id`,
    )
  ).rows[0] as { id: string }
  await database.db.execute(sql`insert into referral (referral_ref, person_id, referral_date, source_code, is_re_referral, referrals_in_last_12_months)
                                values ('R' || lpad(nextval('referral_ref_seq')::text, 6, '0'), ${p.id}, ${addDays(today, -3)}, '2A', false, 0)`)
  await database.db.execute(sql`insert into team_queue (person_id, team_id, waiting_since, reason) values (${p.id}, ${await teamId(team)}, now() - interval '3 days', 'referral accepted')`)
  return { personId: p.id, name: `Noah ${fam}` }
}

describe('allocation pages', () => {
  it('shows a child waiting in the manager’s team, and the allocation form with caseloads against limits', async () => {
    const child = await waitingChild('Assessment North')
    const list = await get('teammanager', '/unallocated')
    assert.equal(list.statusCode, 200)
    assert.match(list.body, new RegExp(child.name))
    const page = await get('teammanager', `/people/${child.personId}/allocation`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Waiting for a worker in Assessment North for 3 days/)
    const form = await get('teammanager', `/people/${child.personId}/allocation/new`)
    assert.equal(form.statusCode, 200)
    assert.match(form.body, /Sam Okafor – \d+ of 30/)
  })

  it('answers a form with no worker with 400 and a GOV.UK error summary', async () => {
    const child = await waitingChild('Assessment North')
    const res = await postForm(app(), await as('teammanager'), `/people/${child.personId}/allocation`, {
      teamId: await teamId('Assessment North'),
      role: 'allocated_worker',
      currentAllocationId: 'none',
      workerId: '',
      'startDate-day': '1',
      'startDate-month': '1',
      'startDate-year': '2020',
    })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /govuk-error-summary/)
    assert.match(res.body, /Select the worker/)
    const bad = await postForm(app(), await as('teammanager'), `/people/${child.personId}/unallocated-oversight`, { note: '', 'nextReviewOn-day': '1', 'nextReviewOn-month': '1', 'nextReviewOn-year': '2020' })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /govuk-error-summary/)
    assert.match(bad.body, /The next review date must be today or in the future/)
  })

  it('allocates, then refuses a second allocation from a stale form with 409', async () => {
    const child = await waitingChild('Assessment North')
    const north = await teamId('Assessment North')
    const w = (
      await database.db.execute(sql`insert into worker (name, job_role, qualified_social_worker, fte, team_id, started_on) values (${`Zuri ${uniqueFamilyName()}`}, 'Senior practitioner', true, 1, ${north}, '2020-01-01') returning id`)
    ).rows[0] as { id: string }
    const [y, m, d] = today.split('-')
    const fields = { teamId: north, role: 'allocated_worker', currentAllocationId: 'none', workerId: w.id, 'startDate-day': d as string, 'startDate-month': m as string, 'startDate-year': y as string, reason: 'Capacity' }
    const ok = await postForm(app(), await as('teammanager'), `/people/${child.personId}/allocation`, fields)
    assert.equal(ok.statusCode, 302)
    assert.equal(ok.headers.location, `/people/${child.personId}/allocation?allocated=1`)
    const stale = await postForm(app(), await as('servicemanager'), `/people/${child.personId}/allocation`, fields)
    assert.equal(stale.statusCode, 409)
    assert.match(stale.body, /Someone else allocated this child just now/)
  })

  it('refuses teams outside the viewer’s scope with 403', async () => {
    const south = await teamId('Assessment South')
    assert.equal((await get('teammanager', `/caseloads?team=${south}`)).statusCode, 403)
    assert.equal((await get('teammanager', `/unallocated?team=${south}`)).statusCode, 403)
    const southChild = await waitingChild('Assessment South')
    assert.equal((await get('teammanager', `/people/${southChild.personId}/allocation/new`)).statusCode, 403)
    assert.equal((await get('socialworker', '/unallocated')).statusCode, 403)
    assert.equal((await get('socialworker', '/caseloads')).statusCode, 403)
    assert.equal((await get('servicemanager', `/caseloads?team=${south}`)).statusCode, 200)
  })

  it('shows the caseload chart beside its table', async () => {
    const res = await get('teammanager', '/caseloads')
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /<svg[^>]*role="img"/)
    assert.match(res.body, /<title id="caseload-chart-title">/)
    assert.doesNotMatch(res.body, /<svg[\s\S]*style=[\s\S]*<\/svg>/)
    assert.match(res.body, /<table class="govuk-table" id="caseloads">/)
    assert.match(res.body, /Sam Okafor/)
  })
})
