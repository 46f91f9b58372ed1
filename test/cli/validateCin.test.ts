/**
 * `harbour returns validate-cin FILE`: the valid 2025-26 sample passes (exit 0); the faulty upstream sample
 * lists each rule failure by child and each schema error by line (exit 1); --json gives the same as data;
 * a file too big for the schema check is still checked against every rule, with a line saying the schema
 * was not; anything that is not a CIN census file gets one line saying why and exit 2. Needs no database.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { tempDirSuite } from '../helpers/cli.ts'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { capture } from '../helpers/cli.ts'
import { exitCodeFor, failureLine, runValidateCin, summaryLine, VALIDATE_CIN_USAGE } from '../../src/cli/returnsValidate.ts'
import type { CinFileValidation } from '../../src/app/returns/validateCinFile.ts'
import { upnCheckLetter } from '../../src/domain/people/identifiers.ts'

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/cin-census')
const VALID = path.join(fixtures, 'cin-2025-26-valid-sample.xml')
const INVALID = path.join(fixtures, 'upstream-fake_data-CIN_Census_2026.invalid.xml')

const tmp = tempDirSuite('harbour-validate-cin-')


function write(name: string, content: string): string {
  const p = path.join(tmp.dir(), name)
  fs.writeFileSync(p, content)
  return p
}

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = capture()
  const code = await runValidateCin(args, out)
  return { code, ...out.text() }
}

/** The valid sample's children repeated `copies` times, each copy with its own LAchildIDs and UPNs. */
function bigValidFile(name: string, copies: number): string {
  const body = fs.readFileSync(VALID, 'utf8')
  const start = body.indexOf('<Child>')
  const end = body.lastIndexOf('</Children>')
  const children = body.slice(start, end)
  let serial = 0
  const p = path.join(tmp.dir(), name)
  const fd = fs.openSync(p, 'w')
  fs.writeSync(fd, body.slice(0, start))
  for (let k = 0; k < copies; k++) {
    const copy = children
      .replace(/CHILD(\d{4})/g, `C${String(k).padStart(6, '0')}X$1`)
      .replace(/<UPN>[^<]*<\/UPN>/g, () => {
        const body12 = `201${String(++serial).padStart(8, '0')}1`
        return `<UPN>${upnCheckLetter(body12)}${body12}</UPN>`
      })
    fs.writeSync(fd, copy)
  }
  fs.writeSync(fd, body.slice(end))
  fs.closeSync(fd)
  return p
}

// The elements column: the field, then any other elements the failure involves ("S47ActualStartDate, CINreferralDate").
const FAILURE_LINE = /^(\d{3,4}Q?) {2}(error|query) {2}(child \S+|header|return) {2}(\w+(?:, \w+)*) {2}(.+)$/

describe('harbour returns validate-cin', () => {
  it('passes the valid 2025-26 sample: no failures, schema valid, exit 0', async () => {
    const r = await run(VALID)
    assert.equal(r.stderr, '')
    assert.equal(r.stdout, '0 failures at 0 locations (0 errors, 0 queries) in 11 children; schema: valid\n')
    assert.equal(r.code, 0)
  })

  it('lists every failure of the faulty upstream sample by child, then its schema errors by line; exit 1', async () => {
    const r = await run(INVALID)
    assert.equal(r.code, 1)
    assert.equal(r.stderr, '')
    const lines = r.stdout.trimEnd().split('\n')
    const failures = lines.filter((l) => !l.startsWith('schema  ')).slice(0, -1)
    for (const l of failures) assert.match(l, FAILURE_LINE)
    // One line per failure (23), each listing the elements it points at: 34 locations, as the reference tool counts them.
    const errors = failures.filter((l) => FAILURE_LINE.exec(l)![2] === 'error').length
    assert.equal(failures.length, 23)
    assert.equal(lines.at(-1), `23 failures at 34 locations (${errors} errors, ${failures.length - errors} queries) in 2 children; schema: 5 schema errors`)
    const elements = failures.map((l) => FAILURE_LINE.exec(l)![4]!.split(', '))
    assert.equal(elements.flat().length, 34)
    assert.equal(failures.filter((l) => FAILURE_LINE.exec(l)![2] === 'query').reduce((n, l) => n + FAILURE_LINE.exec(l)![4]!.split(', ').length, 0), 4)
    assert.ok(failures.some((l) => l.startsWith('1103  error  child child_fails_assessments  AssessmentActualStartDate, CINreferralDate  ')), 'both dates of 1103')
    const rules = new Set(failures.map((l) => FAILURE_LINE.exec(l)![1]))
    assert.deepEqual([...rules].sort(), ['100', '1103', '1104', '1105', '1510', '1530', '1560Q', '1570', '1580', '2887Q', '2889', '4013', '4016', '4180', '8565', '8600', '8608', '8620', '8696', '8715', '8897Q', '8930'].sort())
    // In file order: the header, the first child, the second, then the return as a whole.
    const order = failures.map((l) => FAILURE_LINE.exec(l)![3]!)
    const rank = (w: string): number => (w === 'header' ? 0 : w === 'child DfEX0000001' ? 1 : w === 'child child_fails_assessments' ? 2 : 3)
    assert.deepEqual(order.map(rank), [...order.map(rank)].sort((a, b) => a - b))
    assert.ok(failures.some((l) => l.startsWith('4180  error  child DfEX0000001  Sex  ')), 'Sex 1 is not a 2025-26 code')
    const schema = lines.filter((l) => l.startsWith('schema  '))
    assert.deepEqual(schema.map((l) => /^schema {2}line (\d+) {2}/.exec(l)?.[1]), ['19', '25', '46', '71', '107'])
    assert.ok(schema[3]!.includes('PreProceedingsandFGDM'))
  })

  it('--json gives the same result as data', async () => {
    const r = await run('--json', INVALID)
    assert.equal(r.code, 1)
    const j = JSON.parse(r.stdout)
    assert.equal(j.children, 2)
    assert.equal(j.errors + j.queries, j.failures.length)
    assert.equal(j.locations, 34)
    assert.deepEqual(j.failures.find((f: { rule: string }) => f.rule === '1105').locations, ['CPPstartDate', 'CINreferralDate'])
    assert.equal(j.errors, j.failures.filter((f: { severity: string }) => f.severity === 'error').length)
    assert.deepEqual(new Set(j.failures.map((f: { rule: string }) => f.rule)).size, 22)
    assert.ok(j.failures.every((f: { rule: string; field: string; message: string }) => f.rule && f.field && f.message))
    const text = await run(INVALID)
    assert.equal(j.failures.length, text.stdout.split('\n').filter((l) => FAILURE_LINE.test(l)).length, 'the same failures as the text output')
    assert.equal(j.header.referenceDate, '2024-03-31')
    assert.deepEqual(j.schema.problems.map((p: { line: number }) => p.line), [19, 25, 46, 71, 107])
    assert.equal(j.schema.checked, true)
    assert.equal(j.schema.valid, false)
    const valid = JSON.parse((await run(VALID, '--json')).stdout)
    assert.deepEqual({ failures: valid.failures, schema: valid.schema, children: valid.children }, { failures: [], schema: { checked: true, valid: true, problems: [] }, children: 11 })
  })

  it('checks every child of a file too big for the schema check and says the schema was not checked', async () => {
    const p = bigValidFile('big.xml', 300)
    const size = fs.statSync(p).size
    assert.ok(size > 2 * 1024 * 1024)
    const out = capture()
    const code = await runValidateCin([p], out, { xsdSizeLimitBytes: 1024 * 1024 })
    const { stdout, stderr } = out.text()
    assert.equal(stderr, '')
    assert.match(stdout, /^0 failures at 0 locations \(0 errors, 0 queries\) in 3300 children; schema: not checked \(the file is [\d.]+ MB, over the 1 MB limit for the schema check\)\n$/)
    assert.equal(code, 0)
  })

  it('names a child with no LAchildID by its position', async () => {
    const text = fs.readFileSync(VALID, 'utf8').replace('<LAchildID>CHILD0002</LAchildID>', '')
    const r = await run(write('noid.xml', text))
    assert.equal(r.code, 1)
    assert.match(r.stdout, /^8500 {2}error {2}child #2 {2}LAchildID {2}/m)
    assert.match(r.stdout, /^schema {2}line \d+ {2}Element 'UPN': This element is not expected/m)
  })
})

describe('harbour returns validate-cin refuses unusable input with one line and exit 2', () => {
  const refused = async (args: string[], message: RegExp): Promise<void> => {
    const r = await run(...args)
    assert.equal(r.code, 2)
    assert.equal(r.stdout, '')
    assert.match(r.stderr, message)
  }

  it('a missing file', () => refused([path.join(tmp.dir(), 'missing.xml')], /^harbour returns validate-cin: \S*missing\.xml does not exist\n$/))
  it('a directory', () => refused([tmp.dir()], /^harbour returns validate-cin: \S+ is a directory, not a file\n$/))
  it('an empty file', () => refused([write('empty.xml', '')], /^harbour returns validate-cin: \S*empty\.xml is empty\n$/))
  it('a text file', () => refused([write('x.txt', 'not xml at all\n')], /^harbour returns validate-cin: \S*x\.txt is not an XML file: line 1, column 1: text data outside of root node\n$/))
  it('another kind of XML', () =>
    refused([write('foo.xml', '<?xml version="1.0"?>\n<Foo/>\n')], /^harbour returns validate-cin: \S*foo\.xml is not a CIN census file: its root element is <Foo>, expected <Message>\n$/))
  it('a truncated file', () => {
    const text = fs.readFileSync(VALID, 'utf8')
    return refused([write('cut.xml', text.slice(0, text.indexOf('<Source>') + 20))], /^harbour returns validate-cin: \S*cut\.xml is not well-formed XML: line \d+, column \d+: .+\n$/)
  })
  it('no file, two files, or an unknown option: the usage', async () => {
    for (const args of [[], [VALID, INVALID], ['--fast', VALID]]) {
      const r = await run(...args)
      assert.equal(r.code, 2)
      assert.ok(r.stderr.includes(VALIDATE_CIN_USAGE), r.stderr)
    }
  })
})

describe('harbour returns validate-cin output', () => {
  const result = (over: Partial<CinFileValidation>): CinFileValidation => ({
    header: { sources: [] },
    children: 1,
    failures: [],
    schema: { checked: true, valid: true, problems: [] },
    ...over,
  })

  it('one line per failure: rule, severity, where (child ID, #position, header or return), field and other elements, message, line', () => {
    assert.equal(
      failureLine({ rule: '8610', severity: 'error', laChildId: 'FICT01', childIndex: 0, episodeIndex: 0, field: 'PrimaryNeedCode', message: 'Primary need code is missing.', line: 34 }),
      '8610  error  child FICT01  PrimaryNeedCode  Primary need code is missing.  (line 34)',
    )
    assert.equal(failureLine({ rule: '8500', severity: 'error', childIndex: 4, field: 'LAchildID', message: 'LAchildID is missing.' }), '8500  error  child #5  LAchildID  LAchildID is missing.')
    assert.equal(failureLine({ rule: '100', severity: 'error', field: 'ReferenceDate', message: 'Reference date must be 31 March of the year.' }), '100  error  header  ReferenceDate  Reference date must be 31 March of the year.')
    assert.equal(failureLine({ rule: '2887Q', severity: 'query', field: 'Disability', message: 'Fewer than 8 disability codes used.' }), '2887Q  query  return  Disability  Fewer than 8 disability codes used.')
    assert.equal(
      failureLine({ rule: '1103', severity: 'error', laChildId: 'FICT01', childIndex: 0, episodeIndex: 0, field: 'AssessmentActualStartDate', locations: ['AssessmentActualStartDate', 'CINreferralDate'], message: 'The assessment started before the referral.' }),
      '1103  error  child FICT01  AssessmentActualStartDate, CINreferralDate  The assessment started before the referral.',
    )
  })

  it('the summary counts failures, the locations they point at, errors, queries and children, and says what became of the schema check', () => {
    const q = { rule: '8545Q', severity: 'query' as const, childIndex: 0, field: 'PersonDeathDate', message: 'm' }
    const e = { rule: '8600', severity: 'error' as const, childIndex: 0, field: 'CINreferralDate', message: 'm' }
    const two = { ...e, rule: '1103', field: 'AssessmentActualStartDate', locations: ['AssessmentActualStartDate', 'CINreferralDate'] }
    assert.equal(summaryLine(result({ failures: [q] })), '1 failure at 1 location (0 errors, 1 query) in 1 child; schema: valid')
    assert.equal(summaryLine(result({ failures: [e, e, q], children: 7, schema: { checked: true, valid: false, problems: [{ line: 3, message: 'x' }] } })), '3 failures at 3 locations (2 errors, 1 query) in 7 children; schema: 1 schema error')
    assert.equal(summaryLine(result({ failures: [two, q] })), '2 failures at 3 locations (1 error, 1 query) in 1 child; schema: valid')
    assert.equal(
      summaryLine(result({ children: 0, schema: { checked: false, valid: null, problems: [], skippedReason: 'the file is 210 MB, over the 50 MB limit for the schema check' } })),
      '0 failures at 0 locations (0 errors, 0 queries) in 0 children; schema: not checked (the file is 210 MB, over the 50 MB limit for the schema check)',
    )
  })

  it('exit code: 0 with only queries and a valid (or unchecked) schema; 1 with any error or schema error', () => {
    const q = { rule: '8545Q', severity: 'query' as const, childIndex: 0, field: 'PersonDeathDate', message: 'm' }
    const e = { rule: '8600', severity: 'error' as const, childIndex: 0, field: 'CINreferralDate', message: 'm' }
    assert.equal(exitCodeFor(result({})), 0)
    assert.equal(exitCodeFor(result({ failures: [q] })), 0)
    assert.equal(exitCodeFor(result({ schema: { checked: false, valid: null, problems: [], skippedReason: 'too big' } })), 0)
    assert.equal(exitCodeFor(result({ failures: [e, q] })), 1)
    assert.equal(exitCodeFor(result({ schema: { checked: true, valid: false, problems: [{ line: 1, message: 'x' }] } })), 1)
  })
})
