/**
 * Benchmark: the statutory returns at county size (issue 7). Loads the demo council, then a synthetic CIN
 * census population about the size of a large county's year: 30,000 children, each with one referral in
 * the last complete collection year (1 April … 31 March), an authorised single assessment each, ~70% closed
 * in the year (RC8 only where there was nothing but the assessment), ~20% on child in need plans, ~8% through
 * strategy discussion, section 47 and initial conference onto a child protection plan (some reviewed, half
 * of those ended at the review). Then measures: the CIN census export, the streaming file validator (in
 * process and as the `harbour returns validate-cin` command), the schema check, the first data-quality run
 * over every child, Ofsted Annex A for the last six months, and the validator alone on a ~200 MB file.
 * `npm run bench:returns` — on DATABASE_URL (its public schema is dropped and rebuilt: a scratch database
 * only) or a fresh embedded PGlite. Writes bench/results/YYYY-MM-DD-returns-<db>.json.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { machine, percentile, prepareBenchDatabase } from './common.ts'
import { CHILDREN, loadCensusPopulation } from './censusYear.ts'
import { migrateDatabase } from '../src/db/migrate.ts'
import { seedDemoCouncil } from '../src/db/seed/demoCouncil.ts'
import { loadActor } from '../src/db/repositories/users.ts'
import type { AppContext, RequestMeta } from '../src/app/context.ts'
import { generateAnnexA } from '../src/app/returns/annexA.ts'
import { generateCinCensus } from '../src/app/returns/cinCensus.ts'
import { validateCinCensusXsd } from '../src/app/returns/cinCensusXml.ts'
import { refreshDataQuality } from '../src/app/returns/dataQuality.ts'
import { validateCinCensusFile } from '../src/app/returns/validateCinFile.ts'
import { addCalendarMonths, addDays } from '../src/domain/calendar/days.ts'
import { upnCheckLetter } from '../src/domain/people/identifiers.ts'
import { collectionYearOf } from '../src/domain/returns/cinCensus/build.ts'
import type { CinRuleFailure } from '../src/domain/returns/cinCensus/model.ts'
import { londonDate } from '../src/domain/shared/dates.ts'

const PASSWORD = 'bench-password-2026'
const STRESS_BYTES = 200 * 1024 * 1024
const LA = '886'


const mb = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10
const peakRssMb = (): number => Math.round(process.resourceUsage().maxRSS / 102.4) / 10
const countBy = <T>(xs: readonly T[], key: (x: T) => string): Record<string, number> => {
  const m = new Map<string, number>()
  for (const x of xs) m.set(key(x), (m.get(key(x)) ?? 0) + 1)
  return Object.fromEntries([...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])))
}
const ruleCounts = (failures: readonly CinRuleFailure[]): Record<string, number> => countBy(failures, (f) => f.rule)
/** The synthetic children are PC000001…; copies in the stress file S<n>PC…; anything else is the demo council's. */
const synthetic = (id: string | undefined): boolean => /^(S\d+)?PC\d{6}$/.test(id ?? '')

type Timed<T> = { times: number[]; last: T }
async function timed<T>(runs: number, fn: () => Promise<T>): Promise<Timed<T>> {
  const times: number[] = []
  let last: T | undefined
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    last = await fn()
    times.push(performance.now() - t)
  }
  return { times: times.sort((a, b) => a - b), last: last as T }
}

type Row = { step: string; runs: number; p50_ms: number; max_ms: number; peak_rss_mb: number | null; notes: string; [k: string]: unknown }
const row = (step: string, t: { times: number[] }, rss: number | null, notes: string, extra: Record<string, unknown> = {}): Row => ({
  step,
  runs: t.times.length,
  p50_ms: percentile(t.times, 50),
  max_ms: Math.round((t.times[t.times.length - 1] ?? 0) * 10) / 10,
  peak_rss_mb: rss,
  notes,
  ...extra,
})

/** Runs a command under /usr/bin/time -v (when there is one): wall time and the child's peak RSS. */
async function runMeasured(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; wallMs: number; maxRssMb: number | null }> {
  const timeBin = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null
  const [cmd, ...rest] = timeBin ? [timeBin, '-v', ...args] : args
  const t = performance.now()
  return new Promise((resolve, reject) => {
    const child = spawn(cmd as string, rest, { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString() })
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
    child.on('error', reject)
    child.on('close', (code) => {
      const wallMs = performance.now() - t
      const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1]
      resolve({ code, stdout, stderr, wallMs, maxRssMb: kb ? Math.round(Number(kb) / 102.4) / 10 : null })
    })
  })
}

/** Child mode: validate one file in a fresh process and print what it took, as one JSON line. */
async function validateChild(file: string, xsdLimit: number | undefined): Promise<void> {
  const t = performance.now()
  const r = await validateCinCensusFile(file, xsdLimit === undefined ? {} : { xsdSizeLimitBytes: xsdLimit })
  const ms = performance.now() - t
  console.log(JSON.stringify({ ms, maxRssMb: peakRssMb(), children: r.children, failures: r.failures.length, failuresByRule: ruleCounts(r.failures), schema: { checked: r.schema.checked, valid: r.schema.valid, skippedReason: r.schema.skippedReason } }))
}
type ChildReport = { ms: number; maxRssMb: number; children: number; failures: number; failuresByRule: Record<string, number>; schema: { checked: boolean; valid: boolean | null; skippedReason?: string } }

/** Repeats the generated children with new LAchildIDs (and UPNs, so 1520 does not fire) until the file is ~`target` bytes; streamed. */
async function writeStressFile(xml: string, file: string, target: number): Promise<{ bytes: number; children: number; copies: number }> {
  const open = xml.indexOf('<Children>')
  const close = xml.lastIndexOf('</Children>')
  if (open < 0 || close < 0) throw new Error('no <Children> in the generated XML')
  const head = xml.slice(0, open + '<Children>'.length)
  const tail = xml.slice(close)
  const children = xml.slice(open, close).match(/<Child>[\s\S]*?<\/Child>/g) ?? []
  const perCopy = Buffer.byteLength(xml.slice(open, close))
  const copies = Math.max(1, Math.round((target - Buffer.byteLength(head) - Buffer.byteLength(tail)) / perCopy))
  const out = fs.createWriteStream(file)
  const write = (s: string): Promise<void> => (out.write(s) ? Promise.resolve() : new Promise((resolve) => out.once('drain', () => resolve())))
  await write(head)
  let n = 0
  for (let copy = 0; copy < copies; copy++) {
    let chunk = ''
    for (const c of children) {
      n++
      const body = `886${String(500_000_000 + n).padStart(9, '0')}`
      chunk += `\n    ${c.replace(/<LAchildID>([^<]*)<\/LAchildID>/, (_m, id: string) => `<LAchildID>S${copy}${id}</LAchildID>`).replace(/<UPN>[^<]*<\/UPN>/, `<UPN>${upnCheckLetter(body) ?? 'A'}${body}</UPN>`)}`
      if (chunk.length > 1 << 20) {
        await write(chunk)
        chunk = ''
      }
    }
    await write(chunk)
  }
  await write(`\n  ${tail}`)
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())))
  return { bytes: fs.statSync(file).size, children: n, copies }
}

const fmtRules = (m: Record<string, number>): string => Object.entries(m).map(([k, v]) => `${k} ×${v}`).join(', ') || 'none'

async function main(): Promise<void> {
  const { database, stop } = await prepareBenchDatabase()
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'harbour-returns-bench-'))
  try {
    await migrateDatabase(database)
    const now = new Date()
    const today = londonDate(now)
    const year = collectionYearOf(today) - 1
    await seedDemoCouncil(database, { password: PASSWORD, today })
    const load = await loadCensusPopulation(database, year, today)
    console.log(`loaded ${load.counts.children} children in ${load.ms} ms`)
    const rows: Row[] = []
    const notBuilt: string[] = []
    const attempt = async (what: string, fn: () => Promise<void>): Promise<void> => {
      try {
        await fn()
      } catch (e) {
        const message = (e as Error).message
        if (!/not built yet/i.test(message)) throw e
        notBuilt.push(`${what}: ${message}`)
        console.log(`${what}: not built yet (${message})`)
      }
    }
    rows.push({ step: 'load (bulk SQL, one transaction + analyze)', runs: 1, p50_ms: load.ms, max_ms: load.ms, peak_rss_mb: peakRssMb(), notes: `${load.counts.children} children, ${load.counts.cpPlans} CP plans, ${load.counts.cinPlans} CIN plans` })

    const userId = ((await database.db.execute(sql`select id from user_account where username = 'analyst'`)).rows[0] as { id: string }).id
    const actor = await loadActor(database.db, userId)
    if (!actor) throw new Error('no analyst')
    const meta: RequestMeta = { actor, ip: '127.0.0.1', requestId: 'bench-returns' }
    const ctx: AppContext = { database, now: () => new Date() }

    const out: Record<string, unknown> = {}
    const xmlFile = path.join(tmp, `CIN_Census_${LA}_${year}.xml`)
    let xml: string | undefined

    // 1. The CIN census for last year.
    await attempt('generateCinCensus', async () => {
      const t = await timed(3, () => generateCinCensus(ctx, meta, { year: String(year), la: LA }))
      const r = t.last
      xml = r.xml
      fs.writeFileSync(xmlFile, r.xml)
      const bytes = Buffer.byteLength(r.xml)
      const byRule = ruleCounts(r.failures)
      const onSynthetic = ruleCounts(r.failures.filter((f) => synthetic(f.laChildId)))
      out.cinCensus = { year, children: r.children, episodes: r.episodes, xmlMb: mb(bytes), failures: r.failures.length, errors: r.failures.filter((f) => f.severity === 'error').length, failuresByRule: byRule, syntheticChildFailuresByRule: onSynthetic }
      rows.push(row(`1. generateCinCensus ${year}`, t, peakRssMb(), `${r.children} children, ${r.episodes} episodes, ${mb(bytes)} MB XML; ${r.failures.length} failures: ${fmtRules(byRule)} (on synthetic children: ${fmtRules(onSynthetic)})`))
    })

    if (xml !== undefined) {
      const children = (out.cinCensus as { children: number }).children
      // 2. The file validator, in this process (rules + schema, then rules only), and as the harbour command.
      await attempt('validateCinCensusFile', async () => {
        const t = await timed(3, () => validateCinCensusFile(xmlFile))
        const v = t.last
        const perS = Math.round(v.children / ((t.times[Math.floor(t.times.length / 2)] ?? 1) / 1000))
        out.validator = { children: v.children, failures: v.failures.length, failuresByRule: ruleCounts(v.failures), schema: v.schema.checked ? (v.schema.valid ? 'valid' : `${v.schema.problems.length} problems`) : `skipped: ${v.schema.skippedReason}` }
        rows.push(row('2a. validateCinCensusFile (rules + XSD), in process', t, peakRssMb(), `${v.children} children, ~${perS} children/s; ${v.failures.length} failures; schema ${String(out.validator && (out.validator as { schema: string }).schema)}`))
        const rulesOnly = await timed(3, () => validateCinCensusFile(xmlFile, { xsdSizeLimitBytes: 0 }))
        const perS2 = Math.round(children / ((rulesOnly.times[1] ?? 1) / 1000))
        rows.push(row('2b. validateCinCensusFile (rules only), in process', rulesOnly, peakRssMb(), `~${perS2} children/s`))
        const cli: { times: number[]; rss: number[]; code: number | null; summary: string } = { times: [], rss: [], code: null, summary: '' }
        for (let i = 0; i < 2; i++) {
          const c = await runMeasured([process.execPath, '--import', 'tsx', 'src/cli/main.ts', 'returns', 'validate-cin', xmlFile])
          cli.times.push(c.wallMs)
          if (c.maxRssMb !== null) cli.rss.push(c.maxRssMb)
          cli.code = c.code
          cli.summary = c.stdout.trim().split('\n').pop() ?? ''
        }
        cli.times.sort((a, b) => a - b)
        out.validatorCli = { exitCode: cli.code, summary: cli.summary, maxRssMb: cli.rss }
        rows.push(row('2c. harbour returns validate-cin (child process, wall incl. startup)', cli, cli.rss.length ? Math.max(...cli.rss) : null, `exit ${cli.code}; "${cli.summary}"`))
      })

      // 3. The schema check on its own.
      await attempt('validateCinCensusXsd', async () => {
        const text = xml as string
        const t = await timed(3, () => validateCinCensusXsd(text))
        out.xsd = { valid: t.last.valid, problems: t.last.problems.slice(0, 5) }
        rows.push(row('3. validateCinCensusXsd', t, peakRssMb(), `${mb(Buffer.byteLength(text))} MB; valid: ${t.last.valid}${t.last.problems.length ? `; ${t.last.problems.length} problems, first: ${t.last.problems[0]?.message ?? ''}` : ''}`))
      })
    }

    // 4. Data quality: the first run after the load, every child stale.
    await attempt('refreshDataQuality', async () => {
      const t = await timed(1, () => refreshDataQuality(database.db, today))
      const byRule = Object.fromEntries(
        ((await database.db.execute(sql`select rule, count(*)::int as n from data_quality_issue group by rule order by n desc, rule`)).rows as { rule: string; n: number }[]).map((x) => [x.rule, x.n]),
      )
      const onSynthetic = Object.fromEntries(
        ((await database.db.execute(sql`select i.rule, count(*)::int as n from data_quality_issue i join person p on p.id = i.person_id where p.person_ref like 'PC%' group by i.rule order by n desc, i.rule`)).rows as { rule: string; n: number }[]).map((x) => [x.rule, x.n]),
      )
      const again = await timed(1, () => refreshDataQuality(database.db, today))
      out.dataQuality = { checked: t.last.checked, issues: t.last.issues, issuesByRule: byRule, syntheticChildIssuesByRule: onSynthetic, secondRun: again.last }
      rows.push(row('4. refreshDataQuality (first run, all stale)', t, peakRssMb(), `${t.last.checked} children checked, ${t.last.issues} issues: ${fmtRules(byRule)} (on synthetic children: ${fmtRules(onSynthetic)})`))
      rows.push(row('4b. refreshDataQuality (again, nothing stale)', again, peakRssMb(), `${again.last.checked} checked`))
    })

    // 5. Ofsted Annex A for the six months to yesterday.
    await attempt('generateAnnexA', async () => {
      const to = addDays(today, -1)
      const from = addDays(addCalendarMonths(to, -6), 1)
      const t = await timed(3, () => generateAnnexA(ctx, meta, { from, to }))
      out.annexA = { from, to, workbookMb: mb(t.last.workbook.length), rowCounts: t.last.rowCounts }
      rows.push(row(`5. generateAnnexA ${from} to ${to}`, t, peakRssMb(), `${mb(t.last.workbook.length)} MB workbook; rows ${Object.entries(t.last.rowCounts).map(([k, v]) => `${k} ${v}`).join(', ')}`))
    })

    // Stress: the validator alone on a ~200 MB file, in a fresh process (so its peak RSS is its own).
    if (xml !== undefined) {
      await attempt('stress validator', async () => {
        const big = path.join(os.tmpdir(), `harbour-returns-bench-${process.pid}-stress.xml`)
        try {
          const t0 = performance.now()
          const w = await writeStressFile(xml as string, big, STRESS_BYTES)
          const writeMs = Math.round(performance.now() - t0)
          const c = await runMeasured([process.execPath, '--import', 'tsx', 'bench/returns.ts', '--validate-file', big])
          const line = c.stdout.trim().split('\n').pop() ?? ''
          if (c.code !== 0 || !line.startsWith('{')) throw new Error(`stress child failed (${c.code}): ${c.stderr.slice(-2000)}`)
          const rep = JSON.parse(line) as ChildReport
          out.stress = { fileMb: mb(w.bytes), copies: w.copies, children: rep.children, writeMs, validateMs: Math.round(rep.ms), childrenPerS: Math.round(rep.children / (rep.ms / 1000)), maxRssMbInside: rep.maxRssMb, maxRssMbTime: c.maxRssMb, wallMs: Math.round(c.wallMs), failures: rep.failures, failuresByRule: rep.failuresByRule, schema: rep.schema }
          rows.push({
            step: `stress: validateCinCensusFile on ${mb(w.bytes)} MB (child process)`,
            runs: 1,
            p50_ms: Math.round(rep.ms),
            max_ms: Math.round(rep.ms),
            peak_rss_mb: c.maxRssMb ?? rep.maxRssMb,
            notes: `${rep.children} children, ~${Math.round(rep.children / (rep.ms / 1000))} children/s; schema ${rep.schema.checked ? 'checked' : `skipped (${rep.schema.skippedReason ?? ''})`}; ${rep.failures} failures: ${fmtRules(rep.failuresByRule)}`,
          })
        } finally {
          fs.rmSync(big, { force: true })
        }
      })
    }

    const result = {
      date: today,
      database: database.kind,
      machine: machine(),
      population: load.counts,
      loadMs: load.ms,
      peakRssMb: peakRssMb(),
      notBuilt,
      ...out,
      results: rows,
    }
    fs.mkdirSync('bench/results', { recursive: true })
    const file = `bench/results/${today}-returns-${database.kind}.json`
    fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`)
    console.log(`\nStatutory returns: ${CHILDREN} synthetic children in the ${year - 1}-${String(year).slice(2)} census year on the demo council (${database.kind}; ${result.machine})\n`)
    console.log('| step | runs | p50 ms | max ms | peak RSS MB | notes |')
    console.log('| --- | --- | --- | --- | --- | --- |')
    for (const r of rows) console.log(`| ${r.step} | ${r.runs} | ${r.p50_ms} | ${r.max_ms} | ${r.peak_rss_mb ?? ''} | ${r.notes} |`)
    if (notBuilt.length) console.log(`\nNot built yet: ${notBuilt.join('; ')}`)
    console.log(`\nPeak RSS of this process: ${result.peakRssMb} MB (in-process steps show the running peak). Written to ${file}`)
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
    await stop()
  }
}

const flag = process.argv.indexOf('--validate-file')
if (flag >= 0) {
  const limit = process.argv.indexOf('--xsd-limit')
  validateChild(process.argv[flag + 1] as string, limit >= 0 ? Number(process.argv[limit + 1]) : undefined).then(() => process.exit(0), (e: unknown) => { console.error(e); process.exit(1) })
} else {
  main().then(() => process.exit(0), (e: unknown) => { console.error(e); process.exit(1) })
}
