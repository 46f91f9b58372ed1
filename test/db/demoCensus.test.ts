/**
 * The demo council produces a clean CIN census: for the last three collection years and the one in
 * progress, the return generated from a freshly seeded demo is XSD-valid and fails no 2025-26 rule.
 * A fresh database of the same kind as the run's is used (other test files add children of their own,
 * with gaps on purpose), so this checks exactly what `npm start` loads.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { connect, type Database } from '../../src/db/database.ts'
import { startEmbeddedDatabase } from '../../src/db/embedded/startEmbedded.ts'
import { migrateDatabase } from '../../src/db/migrate.ts'
import { seedDemoCouncil } from '../../src/db/seed/demoCouncil.ts'
import { generateCinCensus } from '../../src/app/returns/cinCensus.ts'
import { validateCinCensusXsd } from '../../src/app/returns/cinCensusXml.ts'
import { dataQualityReport } from '../../src/app/returns/dataQuality.ts'
import { ValidationError } from '../../src/app/context.ts'
import { runCinCensus } from '../../src/cli/returnsCinCensus.ts'
import { collectionYearOf } from '../../src/domain/returns/cinCensus/build.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'
import { actorFor, TEST_PASSWORD, testContext, testDatabase } from '../helpers/harness.ts'

let fresh: Database
let cleanup: () => Promise<void> = async () => {}
const today = londonDate(new Date())

before(async () => {
  if (process.env.HARBOUR_TEST_DB_KIND === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'harbour-demo-census-'))
    const embedded = await startEmbeddedDatabase(dir)
    fresh = connect(embedded.url, 'pglite')
    cleanup = async () => {
      await fresh.pool.end()
      await embedded.stop()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  } else {
    const main = testDatabase()
    const name = `harbour_demo_census_${process.pid}`
    await main.db.execute(sql.raw(`drop database if exists ${name}`))
    await main.db.execute(sql.raw(`create database ${name}`))
    const url = new URL(main.url)
    url.pathname = `/${name}`
    fresh = connect(url.toString(), 'postgres')
    cleanup = async () => {
      await fresh.pool.end()
      await main.db.execute(sql.raw(`drop database if exists ${name}`))
      await main.close()
    }
  }
  await migrateDatabase(fresh)
  await seedDemoCouncil(fresh, { password: TEST_PASSWORD, today })
})
after(() => cleanup())

describe('the demo council’s CIN census', () => {
  const current = collectionYearOf(today)
  const xml: string[] = []
  for (const year of [current - 3, current - 2, current - 1]) {
    it(`${year - 1}-${String(year).slice(2)}: XSD-valid, with children in every part of the return, and no validation failures`, async () => {
      const ctx = testContext(fresh)
      const meta = { actor: await actorFor(fresh, 'analyst'), ip: null, requestId: null }
      const result = await generateCinCensus(ctx, meta, { year: String(year), la: '886' })
      assert.ok(result.children >= 30, `children in the return: ${result.children}`)
      const xsd = await validateCinCensusXsd(result.xml)
      assert.deepEqual(xsd.problems, [])
      const list = result.failures.map((f) => `${f.rule} ${f.laChildId ?? ''} ${f.field}: ${f.message}`)
      assert.deepEqual(list, [], `${list.length} failures`)
      for (const el of ['<Assessments>', '<CINclosureDate>', '<FactorsIdentifiedAtAssessment>']) assert.ok(result.xml.includes(el), `the return has ${el}`)
      xml.push(result.xml)
    })
  }

  it('across those years the returns hold every kind of record, not just referrals and assessments', () => {
    for (const el of ['<CINPlanDates>', '<Section47>', '<ChildProtectionPlans>', '<Reviews>']) assert.ok(xml.some((x) => x.includes(el)), `a return has ${el}`)
  })

  it('a year before the demo’s history has nothing to return: the app says so by the year, the command exits 2 and writes nothing', async () => {
    const empty = current - 4
    const meta = { actor: await actorFor(fresh, 'analyst'), ip: null, requestId: null }
    await assert.rejects(generateCinCensus(testContext(fresh), meta, { year: String(empty), la: '886' }), (e: unknown) => e instanceof ValidationError && e.errors[0]?.field === 'year' && /No child had a CIN episode open in .*: nothing to return/.test(e.errors[0].message))
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'harbour-empty-census-'))
    const file = path.join(dir, 'empty.xml')
    let stderr = ''
    const code = await runCinCensus(fresh, ['--year', String(empty), '--la', '886', '--out', file], { stdout: { write: () => true }, stderr: { write: (s: string) => ((stderr += s), true) } }, new Date())
    assert.equal(code, 2)
    assert.match(stderr, /nothing to return/)
    assert.equal(fs.existsSync(file), false)
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('the year in progress: XSD-valid, and every error it would have is already on the data-quality list', async () => {
    const ctx = testContext(fresh)
    const meta = { actor: await actorFor(fresh, 'analyst'), ip: null, requestId: null }
    const result = await generateCinCensus(ctx, meta, { year: String(current), la: '886' })
    assert.deepEqual((await validateCinCensusXsd(result.xml)).problems, [])
    const report = await dataQualityReport(ctx, meta, {})
    const listed = new Set(report.issues.map((i) => `${i.rule} ${i.personRef}`))
    const errors = result.failures.filter((f) => f.severity === 'error').map((f) => `${f.rule} ${f.laChildId ?? ''}`)
    assert.deepEqual(errors.filter((e) => !listed.has(e)), [], 'errors the data-quality list does not show')
  })
})
