import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { routeSuite } from '../helpers/harness.ts'

const { database, app, as } = routeSuite()

async function get(url: string, username?: string) {
  const cookie = username ? (await as(username)).cookie : ''
  return app().inject({ method: 'GET', url, headers: cookie ? { cookie } : {} })
}

const personByRef = async (ref: string) => ((await database.db.execute(sql`select id from person where person_ref = ${ref}`)).rows[0] as { id: string }).id

describe('GET /api/v1/people/{id}/assessments', () => {
  it('lists the child’s assessments with due dates, RAG for open ones and timeliness for authorised ones; the call is audited', async () => {
    // A child of the social worker's caseload with an open assessment (the demo gives Sam's children some).
    const row = (await database.db.execute(sql`
      select a.person_id as "personId" from assessment a join allocation al on al.person_id = a.person_id and al.end_date is null
        join user_account u on u.worker_id = al.worker_id and u.username = 'socialworker'
       where a.status <> 'authorised' limit 1`)).rows[0] as { personId: string } | undefined
    assert.ok(row, 'the demo gives socialworker a child with an open assessment')
    const res = await get(`/api/v1/people/${row.personId}/assessments`, 'socialworker')
    assert.equal(res.statusCode, 200)
    const { data } = res.json() as { data: { assessmentRef: string; status: string; dueDate: string; rag: string | null; workingDaysLeft: number | null; inTimescale: boolean | null; completedOn: string | null }[] }
    assert.ok(data.length >= 1)
    for (const a of data) {
      assert.match(a.assessmentRef, /^A\d{6}$/)
      assert.match(a.dueDate, /^\d{4}-\d{2}-\d{2}$/)
      if (a.status === 'authorised') {
        assert.equal(a.rag, null)
        assert.equal(a.inTimescale, (a.completedOn ?? '') <= a.dueDate)
      } else {
        assert.ok(['red', 'amber', 'green'].includes(a.rag ?? ''))
        assert.equal(typeof a.workingDaysLeft, 'number')
        assert.equal(a.rag === 'red', (a.workingDaysLeft ?? 0) < 0)
      }
    }
    const audit = (await database.db.execute(sql`select count(*)::int as n from audit_log where person_id = ${row.personId} and action = 'person.view' and after->>'via' = 'assessments'`)).rows[0] as { n: number }
    assert.ok(audit.n >= 1)
  })

  it('answers 401 without a session, 403 for a child outside the caller’s scope or restricted, 404 for a bad id', async () => {
    const leo = await personByRef('P001001')
    assert.equal((await get(`/api/v1/people/${leo}/assessments`)).statusCode, 401)
    const restricted = ((await database.db.execute(sql`select id from person where family_name = 'Tremayne' and given_names = 'Freya'`)).rows[0] as { id: string }).id
    const forbidden = await get(`/api/v1/people/${restricted}/assessments`, 'frontdoor')
    assert.equal(forbidden.statusCode, 403)
    assert.equal((forbidden.json() as { code: string }).code, 'forbidden')
    assert.equal((await get(`/api/v1/people/not-an-id/assessments`, 'socialworker')).statusCode, 404)
  })
})

describe('GET /api/v1/people/{id}/data-quality', () => {
  it('lists what the child’s record would fail in the CIN census, and the call is audited as a view', async () => {
    const sam = (await database.db.execute(sql`select w.id as "workerId", w.team_id as "teamId" from worker w join user_account u on u.worker_id = w.id where u.username = 'socialworker'`)).rows[0] as { workerId: string; teamId: string }
    const { childWithReferral } = await import('../helpers/worklistFixtures.ts')
    const child = await childWithReferral(database, { referralDate: new Date(Date.now() - 5 * 864e5).toISOString().slice(0, 10), allocateTo: sam })
    const res = await get(`/api/v1/people/${child.personId}/data-quality`, 'socialworker')
    assert.equal(res.statusCode, 200)
    const body = res.json() as { checkedOn: string; data: { rule: string; severity: string; field: string; message: string; referralRef: string | null }[] }
    assert.match(body.checkedOn, /^\d{4}-\d{2}-\d{2}$/)
    const need = body.data.find((d) => d.rule === '8610')
    assert.ok(need, 'no primary need on the referral')
    assert.equal(need.severity, 'error')
    assert.equal(need.field, 'PrimaryNeedCode')
    assert.match(need.referralRef ?? '', /^R\d+$/)
    const audit = (await database.db.execute(sql`select count(*)::int as n from audit_log where person_id = ${child.personId} and action = 'person.view' and after->>'via' = 'data-quality'`)).rows[0] as { n: number }
    assert.equal(audit.n, 1)
    assert.equal((await get(`/api/v1/people/${child.personId}/data-quality`)).statusCode, 401)
    assert.equal((await get(`/api/v1/people/${child.personId}/data-quality`, 'partner')).statusCode, 403)
  })
})
