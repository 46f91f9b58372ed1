/**
 * Producing the CIN census from the records (demo council plus children made here): a schema-valid file
 * for this collection year and for 2025-26, children in or out by their episodes, dates as they stood on
 * 31 March, the checks on the year and LA code, who may produce it, and the audit row. All data fictional.
 */
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { actorFor, testContext, testDatabase } from '../helpers/harness.ts'
import { childWithReferral, insertAssessmentRow } from '../helpers/worklistFixtures.ts'
import { generateCinCensus, type CinCensusResult } from '../../src/app/returns/cinCensus.ts'
import { validateCinCensusXsd } from '../../src/app/returns/cinCensusXml.ts'
import { ForbiddenError, ValidationError, type RequestMeta } from '../../src/app/context.ts'
import { loadCensusFacts } from '../../src/db/repositories/cinCensusFacts.ts'
import { collectionYearOf } from '../../src/domain/returns/cinCensus/build.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'

const database = testDatabase()
after(() => database.close())
const ctx = testContext(database)
const currentYear = collectionYearOf(londonDate(new Date()))

async function meta(username = 'analyst'): Promise<RequestMeta> {
  return { actor: await actorFor(database, username), ip: null, requestId: `test-cin-${randomUUID()}` }
}

async function rejects(input: { year: string; la: string }, field: string, pattern: RegExp): Promise<void> {
  await assert.rejects(generateCinCensus(ctx, await meta(), input), (e: unknown) => {
    assert.ok(e instanceof ValidationError, String(e))
    const err = e.errors.find((x) => x.field === field)
    assert.ok(err, `expected an error on ${field}: ${JSON.stringify(e.errors)}`)
    assert.match(err.message, pattern)
    return true
  })
}

const childIn = (r: CinCensusResult, personRef: string) => r.census.children.find((c) => c.laChildId === personRef)

describe('the CIN census from the records', () => {
  it('this collection year and 2025-26 give files named by LA and year, schema-valid but for gaps the rules name, with one audit row each', async () => {
    for (const year of [currentYear, 2026]) {
      const m = await meta()
      const r = await generateCinCensus(ctx, m, { year: String(year), la: '886' })
      assert.equal(r.fileName, `CIN_Census_886_${year}.xml`)
      assert.ok(r.children > 0, `the demo council has children in need in ${year}`)
      assert.equal(r.children, r.census.children.length)
      assert.equal(r.episodes, r.census.children.reduce((n, c) => n + c.episodes.length, 0))
      assert.equal(r.census.header.referenceDate, `${year}-03-31`)
      assert.equal(r.census.header.sources[0]?.lea, '886')
      assert.equal(r.census.header.sources[0]?.softwareCode, 'Harbour')
      assert.match(r.census.header.sources[0]?.release ?? '', /^\d+\.\d+\.\d+/)
      assert.match(r.xml, new RegExp(`<Year>${year}</Year>`))
      // Other test files add children with no ethnicity on purpose; the builder leaves the element out
      // (never invents one), so the schema objects to just that, and rule 4220 names each such child.
      const xsd = await validateCinCensusXsd(r.xml)
      const other = xsd.problems.filter((p) => !/Expected is \( Ethnicity \)/.test(p.message))
      assert.deepEqual(other, [], `${year}: the file should pass the 2025-26 schema`)
      assert.ok(r.failures.filter((f) => f.rule === '4220').length >= xsd.problems.length, 'each child with no ethnicity is named by rule 4220')

      const audit = (await database.db.execute(sql`select action, after from audit_log where request_id = ${m.requestId}`)).rows as { action: string; after: Record<string, unknown> }[]
      assert.equal(audit.length, 1)
      const errors = r.failures.filter((f) => f.severity === 'error').length
      assert.deepEqual(audit[0], { action: 'returns.cin-census.generated', after: { year, la: '886', children: r.children, episodes: r.episodes, errors, queries: r.failures.length - errors } })
    }
  })

  it('a child referred in the year is in its return; a child whose episode closed before 1 April is not', async () => {
    const inYear = await childWithReferral(database, { referralDate: '2025-10-06' })
    const closedBefore = await childWithReferral(database, { referralDate: '2024-06-03' })
    await database.db.execute(sql`update referral set closed_on = '2025-01-15', closure_reason = 'RC7' where id = ${closedBefore.referralId}`)

    const r2026 = await generateCinCensus(ctx, await meta(), { year: '2026', la: '886' })
    const c = childIn(r2026, inYear.personRef)
    assert.ok(c, 'the child referred on 6 October 2025 is in the 2025-26 return')
    assert.equal(c.episodes.length, 1)
    assert.equal(c.episodes[0]?.cinReferralDate, '2025-10-06')
    assert.equal(c.episodes[0]?.referralSource, '2A')
    assert.equal(c.episodes[0]?.referralNfa, 'false')
    assert.match(r2026.xml, new RegExp(`<LAchildID>${inYear.personRef}</LAchildID>`))
    assert.equal(childIn(r2026, closedBefore.personRef), undefined, 'an episode closed on 15 January 2025 is not in 2025-26')
    assert.doesNotMatch(r2026.xml, new RegExp(`<LAchildID>${closedBefore.personRef}</LAchildID>`))

    // It is in the year it was open, with its closure.
    const r2025 = await generateCinCensus(ctx, await meta(), { year: '2025', la: '886' })
    const old = childIn(r2025, closedBefore.personRef)
    assert.ok(old)
    assert.equal(old.episodes[0]?.cinClosureDate, '2025-01-15')
    assert.equal(old.episodes[0]?.reasonForClosure, 'RC7')
    assert.equal(old.episodes[0]?.referralNfa, 'true')
  })

  it('an assessment authorised after 31 March is in progress in that year’s return, and completed in the next', async () => {
    const child = await childWithReferral(database, { referralDate: '2026-03-02' })
    const a = await insertAssessmentRow(database, { child, startDate: '2026-03-03', dueDate: '2026-04-29', status: 'authorised', completedOn: '2026-04-10', workerId: null, teamId: null })
    await database.db.execute(sql`update assessment set factors = '{16A,3B}' where id = ${a.id}`)

    const r2026 = await generateCinCensus(ctx, await meta(), { year: '2026', la: '886' })
    assert.deepEqual(childIn(r2026, child.personRef)?.episodes[0]?.assessments, [{ actualStartDate: '2026-03-03' }])
    const block = r2026.xml.slice(r2026.xml.indexOf(`<LAchildID>${child.personRef}</LAchildID>`))
    const thisChild = block.slice(0, block.indexOf('</Child>'))
    assert.match(thisChild, /<AssessmentActualStartDate>2026-03-03<\/AssessmentActualStartDate>/)
    assert.doesNotMatch(thisChild, /AssessmentAuthorisationDate|AssessmentFactors/)

    const r2027 = await generateCinCensus(ctx, await meta(), { year: '2027', la: '886' })
    assert.deepEqual(childIn(r2027, child.personRef)?.episodes[0]?.assessments, [{ actualStartDate: '2026-03-03', authorisationDate: '2026-04-10', factors: ['16A', '3B'] }])
  })

  it('the facts can be loaded for chosen children only (a child’s own data-quality check)', async () => {
    const child = await childWithReferral(database, { referralDate: '2025-11-03' })
    const a = await insertAssessmentRow(database, { child, startDate: '2025-11-04', dueDate: '2026-01-07', workerId: null, teamId: null })
    const facts = await loadCensusFacts(database.db, { from: '2025-04-01', to: '2026-03-31', personIds: [child.personId] })
    assert.equal(facts.length, 1)
    assert.equal(facts[0]?.personRef, child.personRef)
    assert.deepEqual(
      facts[0]?.referrals.map((r) => [r.referralId, r.referralDate, r.sourceCode, r.closedOn, r.assessments.map((x) => [x.assessmentId, x.startDate, x.completedOn, x.factors])]),
      [[child.referralId, '2025-11-03', '2A', null, [[a.id, '2025-11-04', null, []]]]],
    )
    assert.deepEqual(await loadCensusFacts(database.db, { from: '2023-04-01', to: '2024-03-31', personIds: [child.personId] }), [])
    assert.deepEqual(await loadCensusFacts(database.db, { from: '2025-04-01', to: '2026-03-31', personIds: [] }), [])
  })

  it('the year must be 4 digits, 2013 or later, and not beyond the current collection year', async () => {
    await rejects({ year: '26', la: '886' }, 'year', /4 digits/)
    await rejects({ year: '2026a', la: '886' }, 'year', /4 digits/)
    await rejects({ year: '2012', la: '886' }, 'year', /2013/)
    await rejects({ year: String(currentYear + 1), la: '886' }, 'year', /not started yet/)
  })

  it('the LA must be a DfE local authority code', async () => {
    await rejects({ year: '2026', la: '999' }, 'la', /not a DfE local authority code/)
    await rejects({ year: '2026', la: 'Kent' }, 'la', /not a DfE local authority code/)
    await rejects({ year: '2026', la: '' }, 'la', /DfE local authority code/)
  })

  it('only roles that produce returns may: a social worker may not', async () => {
    await assert.rejects(generateCinCensus(ctx, await meta('socialworker'), { year: '2026', la: '886' }), ForbiddenError)
    const r = await generateCinCensus(ctx, await meta('servicemanager'), { year: '2026', la: '886' })
    assert.ok(r.children > 0)
  })
})
