/**
 * CIN census XML: the writer puts every element in the schema's order (ReferralNFA between Section47 and
 * ChildProtectionPlans), leaves out empty elements and wrappers, and its output passes the 2025-26 schema;
 * the streaming reader turns a file into the model one child at a time (lines recorded, unknown elements
 * and stray text ignored, empty wrappers kept as []), and refuses files that are not CIN census XML with a
 * one-line reason; the schema check reports each problem with its line.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { tempDirSuite } from '../helpers/cli.ts'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import v8 from 'node:v8'
import vm from 'node:vm'
import {
  CinCensusFileError,
  readCinCensusFile,
  validateCinCensusXsd,
  writeCinCensusXml,
} from '../../src/app/returns/cinCensusXml.ts'
import type { CinCensusChild, CinCensusHeader, CinCensusReturn } from '../../src/domain/returns/cinCensus/model.ts'

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/cin-census')
const VALID = path.join(fixtures, 'cin-2025-26-valid-sample.xml')
const INVALID = path.join(fixtures, 'upstream-fake_data-CIN_Census_2026.invalid.xml')

const tmp = tempDirSuite('harbour-cin-xml-')

function write(name: string, content: string): string {
  const p = path.join(tmp.dir(), name)
  fs.writeFileSync(p, content)
  return p
}

async function readAll(file: string): Promise<CinCensusReturn & { headerCalls: number }> {
  let header: CinCensusHeader | undefined
  let headerCalls = 0
  const children: CinCensusChild[] = []
  await readCinCensusFile(file, {
    onHeader: (h) => {
      headerCalls++
      header = h
    },
    onChild: (c, i) => {
      assert.equal(i, children.length, 'children arrive in file order with their 0-based index')
      children.push(c)
    },
  })
  return { header: header!, children, headerCalls }
}

/** The model without the file positions, for comparing what was written with what was read. */
const withoutLines = (ret: CinCensusReturn): CinCensusReturn => JSON.parse(JSON.stringify(ret, (k, v) => (k === 'line' ? undefined : v)))

/** Element names in document order. */
const tags = (xml: string): string[] => [...xml.matchAll(/<([A-Za-z][\w]*)[\s/>]/g)].map((m) => m[1]!)

const FULL: CinCensusReturn = {
  header: {
    collection: 'CIN',
    year: '2026',
    referenceDate: '2026-03-31',
    sources: [{ sourceLevel: 'L', lea: '201', softwareCode: 'Harbour', release: '0.1.0', serialNo: '001', dateTime: '2026-04-02T10:00:00' }],
  },
  children: [
    {
      laChildId: 'FICT0001',
      upn: 'E201200116101',
      formerUpn: 'B201200119102',
      personBirthDate: '2014-06-01',
      sex: 'F',
      ethnicity: 'WBRI',
      disabilities: ['HAND', 'LD'],
      episodes: [
        {
          cinReferralDate: '2025-05-01',
          referralSource: '6',
          primaryNeedCode: 'N1',
          cinClosureDate: '2026-02-01',
          reasonForClosure: 'RC7',
          dateOfInitialCpc: '2025-05-20',
          referralNfa: 'false',
          assessments: [{ actualStartDate: '2025-05-02', internalReviewDate: '2025-05-10', authorisationDate: '2025-05-30', factors: ['3A', '16A'] }],
          cinPlans: [{ startDate: '2025-11-01', endDate: '2026-01-31' }],
          section47s: [{ actualStartDate: '2025-05-03', initialCpcTarget: '2025-05-23', dateOfInitialCpc: '2025-05-20', icpcNotRequired: 'false' }],
          cpPlans: [{ startDate: '2025-05-20', endDate: '2025-11-01', initialCategoryOfAbuse: 'NEG', latestCategoryOfAbuse: 'EMO', numberOfPreviousCpp: '0', reviewDates: ['2025-08-12', '2025-10-30'] }],
        },
      ],
    },
    {
      // An unborn child with empty lists and no optional values: everything optional is left out.
      laChildId: 'FICT0002',
      upnUnknown: 'UN1',
      expectedPersonBirthDate: '2026-05-01',
      personDeathDate: '',
      sex: 'U',
      ethnicity: 'NOBT',
      disabilities: [],
      episodes: [
        {
          cinReferralDate: '2026-01-10',
          referralSource: '3B',
          primaryNeedCode: 'N2',
          referralNfa: 'false',
          assessments: [{ actualStartDate: '2026-01-12', factors: [] }],
          cinPlans: [],
          section47s: [],
          cpPlans: [{ startDate: '2026-02-01', initialCategoryOfAbuse: 'NEG', latestCategoryOfAbuse: 'NEG', numberOfPreviousCpp: '1', reviewDates: [] }],
        },
      ],
    },
  ],
}

describe('writeCinCensusXml', () => {
  it('writes every element in the schema order, ReferralNFA after Section47 and before ChildProtectionPlans, with no namespace', async () => {
    const xml = writeCinCensusXml(FULL)
    assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<Message>\n  <Header>\n'), 'declaration, then pretty-printed')
    assert.doesNotMatch(xml, /xmlns/)
    const first = xml.slice(xml.indexOf('<Child>'), xml.indexOf('</Child>'))
    assert.deepEqual(tags(first), [
      'Child', 'ChildIdentifiers', 'LAchildID', 'UPN', 'FormerUPN', 'PersonBirthDate', 'Sex',
      'ChildCharacteristics', 'Ethnicity', 'Disabilities', 'Disability', 'Disability',
      'CINdetails', 'CINreferralDate', 'ReferralSource', 'PrimaryNeedCode', 'CINclosureDate', 'ReasonForClosure', 'DateOfInitialCPC',
      'Assessments', 'AssessmentActualStartDate', 'AssessmentInternalReviewDate', 'AssessmentAuthorisationDate', 'FactorsIdentifiedAtAssessment', 'AssessmentFactors', 'AssessmentFactors',
      'CINPlanDates', 'CINPlanStartDate', 'CINPlanEndDate',
      'Section47', 'S47ActualStartDate', 'InitialCPCtarget', 'DateOfInitialCPC', 'ICPCnotRequired',
      'ReferralNFA',
      'ChildProtectionPlans', 'CPPstartDate', 'CPPendDate', 'InitialCategoryOfAbuse', 'LatestCategoryOfAbuse', 'NumberOfPreviousCPP', 'Reviews', 'CPPreviewDate', 'CPPreviewDate',
    ])
    assert.deepEqual(tags(xml.slice(0, xml.indexOf('<Children>'))), ['Message', 'Header', 'CollectionDetails', 'Collection', 'Year', 'ReferenceDate', 'Source', 'SourceLevel', 'LEA', 'SoftwareCode', 'Release', 'SerialNo', 'DateTime'])
    assert.deepEqual(await validateCinCensusXsd(xml), { valid: true, problems: [] })
  })

  it('leaves out optional elements with no value and empty Disabilities, FactorsIdentifiedAtAssessment and Reviews wrappers', async () => {
    const xml = writeCinCensusXml(FULL)
    const second = xml.slice(xml.lastIndexOf('<Child>'))
    for (const absent of ['UPN>', '<PersonBirthDate', 'PersonDeathDate', 'Disabilities', 'CINclosureDate', 'FactorsIdentifiedAtAssessment', 'AssessmentAuthorisationDate', 'CPPendDate', 'Reviews', '<CINPlanDates', '<Section47']) {
      assert.ok(!second.includes(absent), `${absent} left out`)
    }
    assert.ok(second.includes('<ExpectedPersonBirthDate>2026-05-01</ExpectedPersonBirthDate>'))
    assert.doesNotMatch(xml, /<\w+\/>|<(\w+)><\/\1>/, 'no empty elements')
    assert.equal((await validateCinCensusXsd(xml)).valid, true)
  })

  it('escapes text so a value cannot break the XML', async () => {
    const ret: CinCensusReturn = { ...FULL, header: { ...FULL.header, sources: [{ ...FULL.header.sources[0]!, softwareCode: 'Harbour <test> & "co"' }] } }
    const p = write('escaped.xml', writeCinCensusXml(ret))
    const back = await readAll(p)
    assert.equal(back.header.sources[0]!.softwareCode, 'Harbour <test> & "co"')
  })

  it('round-trips the valid sample: read, write, and the result is schema-valid and reads back the same', async () => {
    const read = await readAll(VALID)
    assert.equal(read.children.length, 11)
    const xml = writeCinCensusXml({ header: read.header, children: read.children })
    assert.deepEqual(await validateCinCensusXsd(xml), { valid: true, problems: [] })
    const again = await readAll(write('roundtrip.xml', xml))
    assert.deepEqual(withoutLines({ header: again.header, children: again.children }), withoutLines({ header: read.header, children: read.children }))
  })
})

describe('validateCinCensusXsd', () => {
  it('accepts the valid 2025-26 sample', async () => {
    assert.deepEqual(await validateCinCensusXsd(fs.readFileSync(VALID, 'utf8')), { valid: true, problems: [] })
  })

  it('finds the 5 schema errors in the upstream invalid sample, each with its line', async () => {
    const r = await validateCinCensusXsd(fs.readFileSync(INVALID))
    assert.equal(r.valid, false)
    assert.deepEqual(r.problems.map((p) => p.line), [19, 25, 46, 71, 107])
    assert.match(r.problems[0]!.message, /ChildIdentifiers.*Character content/)
    assert.match(r.problems[1]!.message, /^Element 'Sex'.*'1'/)
    assert.match(r.problems[2]!.message, /AssessmentFactors.*'RB'/)
    assert.match(r.problems[3]!.message, /PreProceedingsandFGDM.*not expected/)
    assert.match(r.problems[4]!.message, /FactorsIdentifiedAtAssessment.*Missing child/)
  })

  it('reports XML that is not well-formed as invalid rather than throwing', async () => {
    const r = await validateCinCensusXsd('<Message><Children>')
    assert.equal(r.valid, false)
    assert.ok(r.problems.length > 0)
  })
})

describe('readCinCensusFile', () => {
  it('reads the header and each child of the invalid sample, ignoring stray text and unknown elements', async () => {
    const r = await readAll(INVALID)
    assert.equal(r.headerCalls, 1)
    assert.deepEqual(r.header, {
      collection: 'CIN',
      year: '2023',
      referenceDate: '2024-03-31',
      sources: [{ sourceLevel: 'L', lea: '201', softwareCode: 'Local Authority', release: 'ver 3.1.21', serialNo: '001', dateTime: '2023-05-23T11:14:05' }],
    })
    assert.equal(r.children.length, 2)
    const [a, b] = r.children as [CinCensusChild, CinCensusChild]
    assert.equal(a.line, 18)
    assert.equal(a.laChildId, 'DfEX0000001')
    assert.equal(a.upnUnknown, 'UN3', 'the stray "PersonBirthDate" text after it is not part of the value')
    assert.equal(a.personBirthDate, '2015-03-27')
    assert.equal(a.sex, '1')
    assert.deepEqual(a.disabilities, ['HAND', 'HEAR'])
    assert.equal(a.episodes.length, 1)
    const e = a.episodes[0]!
    assert.equal(e.line, 34)
    assert.equal(e.referralNfa, '0')
    assert.equal(e.dateOfInitialCpc, '2022-12-06')
    assert.deepEqual(e.assessments, [{ actualStartDate: '2028-04-28', authorisationDate: '2020-09-19', factors: ['1C', 'RB', '6B'] }])
    assert.deepEqual(e.section47s, [{ actualStartDate: '2022-06-02', initialCpcTarget: '2022-06-23', dateOfInitialCpc: '2022-06-17', icpcNotRequired: 'false' }])
    assert.deepEqual(e.cpPlans, [{ startDate: '2022-02-17', endDate: '2023-03-14', initialCategoryOfAbuse: 'PHY', latestCategoryOfAbuse: 'PHY', numberOfPreviousCpp: '10', reviewDates: ['2023-02-15'] }])
    assert.ok(!JSON.stringify(a).includes('2026-09-09'), 'PreProceedingsandFGDM is not read into the model')
    assert.equal(b.line, 85)
    assert.equal(b.episodes[0]!.line, 98)
    assert.deepEqual(b.episodes[0]!.assessments[0]!.factors, [], 'an empty FactorsIdentifiedAtAssessment reads as an empty list')
    assert.equal(b.formerUpn, undefined)
  })

  it('trims values, reads an empty leaf as absent, and tells a missing wrapper from an empty one', async () => {
    const p = write(
      'odd.xml',
      `<Message><Children><Child><ChildIdentifiers><LAchildID>
        FICT0009  </LAchildID><UPN></UPN><Sex> M </Sex></ChildIdentifiers>
        <ChildCharacteristics><Ethnicity>WBRI</Ethnicity><Disabilities/></ChildCharacteristics>
        <CINdetails><CINreferralDate>2025-06-01</CINreferralDate><ReferralNFA>true</ReferralNFA>
        <Assessments><AssessmentActualStartDate>2025-06-02</AssessmentActualStartDate></Assessments></CINdetails></Child></Children></Message>`,
    )
    const r = await readAll(p)
    assert.deepEqual(r.header, { sources: [] }, 'no <Header>: an empty header, still delivered once before the children')
    const c = r.children[0]!
    assert.equal(c.laChildId, 'FICT0009')
    assert.equal(c.sex, 'M')
    assert.equal(c.upn, undefined)
    assert.deepEqual(c.disabilities, [])
    assert.equal(c.episodes[0]!.assessments[0]!.factors, undefined)
    assert.equal(c.episodes[0]!.cpPlans.length, 0)
  })

  it('streams a large file one child at a time without holding the file in memory', async () => {
    const body = fs.readFileSync(VALID, 'utf8')
    const children = body.slice(body.indexOf('<Child>'), body.lastIndexOf('</Children>'))
    const p = path.join(tmp.dir(), 'large.xml')
    const fd = fs.openSync(p, 'w')
    fs.writeSync(fd, body.slice(0, body.indexOf('<Child>')))
    const copies = 2500
    for (let k = 0; k < copies; k++) fs.writeSync(fd, children.replace(/CHILD(\d{4})/g, `C${k}X$1`))
    fs.writeSync(fd, '  </Children>\n</Message>\n')
    fs.closeSync(fd)
    const size = fs.statSync(p).size
    assert.ok(size > 25 * 1024 * 1024, `a file of ${size} bytes`)

    // Measure what is retained, not garbage awaiting collection.
    v8.setFlagsFromString('--expose-gc')
    const gc = vm.runInNewContext('gc') as () => void
    gc()
    const base = process.memoryUsage().heapUsed
    let peak = 0
    let count = 0
    let last: CinCensusChild | undefined
    await readCinCensusFile(p, {
      onHeader: () => undefined,
      onChild: (c, i) => {
        count++
        last = c
        if (i % 5000 === 4999) {
          gc()
          peak = Math.max(peak, process.memoryUsage().heapUsed - base)
        }
      },
    })
    assert.equal(count, copies * 11)
    assert.equal(last!.laChildId, `C${copies - 1}X0011`)
    // Holding the file as a string would take twice its size; keeping every child, more still.
    assert.ok(peak < 8 * 1024 * 1024, `heap grew by ${peak} bytes while reading ${size}`)
  })
})

describe('readCinCensusFile refuses what is not a CIN census file, with one line saying why', () => {
  const refused = async (file: string): Promise<CinCensusFileError> => {
    try {
      await readAll(file)
    } catch (e) {
      assert.ok(e instanceof CinCensusFileError, `a CinCensusFileError, not ${String(e)}`)
      assert.doesNotMatch(e.message, /\n/)
      return e
    }
    assert.fail('the file was accepted')
  }

  it('a file that does not exist', async () => {
    const e = await refused(path.join(tmp.dir(), 'nope.xml'))
    assert.equal(e.kind, 'missing')
    assert.match(e.message, /nope\.xml does not exist$/)
  })

  it('a directory', async () => {
    const e = await refused(tmp.dir())
    assert.equal(e.kind, 'directory')
    assert.match(e.message, /is a directory/)
  })

  it('an empty file', async () => {
    const e = await refused(write('empty.xml', ''))
    assert.match(e.message, /empty\.xml is empty$/)
  })

  it('a text file', async () => {
    const e = await refused(write('x.txt', 'LAchildID,UPN\nFICT1,\n'))
    assert.equal(e.kind, 'not-xml')
    assert.match(e.message, /x\.txt is not an XML file: line 1, column 1: text data outside of root node$/)
  })

  it('XML whose root is not <Message>', async () => {
    const e = await refused(write('foo.xml', '<?xml version="1.0"?>\n<Foo><Child/></Foo>\n'))
    assert.equal(e.kind, 'not-cin')
    assert.match(e.message, /foo\.xml is not a CIN census file: its root element is <Foo>, expected <Message>$/)
  })

  it('a truncated file, with the error at the end', async () => {
    const text = fs.readFileSync(VALID, 'utf8')
    const lines = text.slice(0, Math.floor(text.length / 2)).split('\n').length
    const e = await refused(write('cut.xml', text.slice(0, Math.floor(text.length / 2))))
    assert.equal(e.kind, 'malformed')
    assert.match(e.message, new RegExp(`cut\\.xml is not well-formed XML: line ${lines}, column \\d+: `))
  })

  it('mismatched tags', async () => {
    const e = await refused(write('bad.xml', '<Message>\n<Children>\n<Child></Children>\n</Message>\n'))
    assert.match(e.message, /bad\.xml is not well-formed XML: line 3, column \d+: unexpected close tag$/)
  })
})
