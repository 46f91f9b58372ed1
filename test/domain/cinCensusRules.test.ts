import { describe, it } from 'node:test'
import { prng } from '../helpers/cli.ts'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { ENGLAND_AND_WALES_CALENDAR } from '../../src/domain/calendar/workingDays.ts'
import { addDays } from '../../src/domain/calendar/days.ts'
import { upnCheckLetter } from '../../src/domain/people/identifiers.ts'
import { isLaCode, LA_CODES } from '../../src/domain/returns/laCodes.ts'
import type { CinCensusChild, CinCensusEpisode, CinCensusReturn, CinRuleFailure } from '../../src/domain/returns/cinCensus/model.ts'
import { censusPeriod, CIN_RULES, cinRuleInternalErrors, CinCensusValidator, locationCount, validateCinCensus, validateCinChild } from '../../src/domain/returns/cinCensus/rules.ts'

const SPECS = new URL('../fixtures/cin-census/', import.meta.url)

// ---------------------------------------------------------------- test-only XML → model reader
// A tiny element reader for the two small sample files (the real streaming reader is src/app/returns/cinCensusXml.ts).

type El = { name: string; children: El[]; text: string; line: number }

function parseXml(xml: string): El {
  const root: El = { name: '#root', children: [], text: '', line: 1 }
  const stack: El[] = [root]
  const re = /<(\/?)([A-Za-z_][\w.-]*)[^>]*?(\/?)>|<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g
  let last = 0
  let line = 1
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const top = stack[stack.length - 1] as El
    top.text += xml.slice(last, m.index)
    line += (xml.slice(last, m.index).match(/\n/g) ?? []).length
    last = re.lastIndex
    if (m[2] === undefined) continue
    if (m[1] === '/') stack.pop()
    else {
      const el: El = { name: m[2], children: [], text: '', line }
      top.children.push(el)
      if (m[3] !== '/') stack.push(el)
    }
    line += (m[0].match(/\n/g) ?? []).length
  }
  return root
}

const kid = (el: El | undefined, name: string) => el?.children.find((c) => c.name === name)
const kids = (el: El | undefined, name: string) => el?.children.filter((c) => c.name === name) ?? []
const val = (el: El | undefined, name: string) => {
  const k = kid(el, name)
  return k ? k.text.trim() : undefined
}

function toModel(xml: string): CinCensusReturn {
  const msg = kid(parseXml(xml), 'Message')
  const header = kid(msg, 'Header')
  const details = kid(header, 'CollectionDetails')
  return {
    header: {
      collection: val(details, 'Collection'),
      year: val(details, 'Year'),
      referenceDate: val(details, 'ReferenceDate'),
      sources: kids(header, 'Source').map((s) => ({ sourceLevel: val(s, 'SourceLevel'), lea: val(s, 'LEA'), softwareCode: val(s, 'SoftwareCode'), release: val(s, 'Release'), serialNo: val(s, 'SerialNo'), dateTime: val(s, 'DateTime') })),
    },
    children: kids(kid(msg, 'Children'), 'Child').map((c): CinCensusChild => {
      const ids = kid(c, 'ChildIdentifiers')
      const chars = kid(c, 'ChildCharacteristics')
      const dis = kid(chars, 'Disabilities')
      return {
        line: c.line,
        laChildId: val(ids, 'LAchildID'),
        upn: val(ids, 'UPN'),
        formerUpn: val(ids, 'FormerUPN'),
        upnUnknown: val(ids, 'UPNunknown'),
        personBirthDate: val(ids, 'PersonBirthDate'),
        expectedPersonBirthDate: val(ids, 'ExpectedPersonBirthDate'),
        sex: val(ids, 'Sex'),
        personDeathDate: val(ids, 'PersonDeathDate'),
        ethnicity: val(chars, 'Ethnicity'),
        disabilities: dis ? kids(dis, 'Disability').map((d) => d.text.trim()) : undefined,
        episodes: kids(c, 'CINdetails').map((e): CinCensusEpisode => ({
          line: e.line,
          cinReferralDate: val(e, 'CINreferralDate'),
          referralSource: val(e, 'ReferralSource'),
          primaryNeedCode: val(e, 'PrimaryNeedCode'),
          cinClosureDate: val(e, 'CINclosureDate'),
          reasonForClosure: val(e, 'ReasonForClosure'),
          dateOfInitialCpc: val(e, 'DateOfInitialCPC'),
          referralNfa: val(e, 'ReferralNFA'),
          assessments: kids(e, 'Assessments').map((a) => {
            const f = kid(a, 'FactorsIdentifiedAtAssessment')
            return { actualStartDate: val(a, 'AssessmentActualStartDate'), internalReviewDate: val(a, 'AssessmentInternalReviewDate'), authorisationDate: val(a, 'AssessmentAuthorisationDate'), factors: f ? kids(f, 'AssessmentFactors').map((x) => x.text.trim()) : undefined }
          }),
          cinPlans: kids(e, 'CINPlanDates').map((p) => ({ startDate: val(p, 'CINPlanStartDate'), endDate: val(p, 'CINPlanEndDate') })),
          section47s: kids(e, 'Section47').map((s) => ({ actualStartDate: val(s, 'S47ActualStartDate'), initialCpcTarget: val(s, 'InitialCPCtarget'), dateOfInitialCpc: val(s, 'DateOfInitialCPC'), icpcNotRequired: val(s, 'ICPCnotRequired') })),
          cpPlans: kids(e, 'ChildProtectionPlans').map((p) => {
            const r = kid(p, 'Reviews')
            return { startDate: val(p, 'CPPstartDate'), endDate: val(p, 'CPPendDate'), initialCategoryOfAbuse: val(p, 'InitialCategoryOfAbuse'), latestCategoryOfAbuse: val(p, 'LatestCategoryOfAbuse'), numberOfPreviousCpp: val(p, 'NumberOfPreviousCPP'), reviewDates: r ? kids(r, 'CPPreviewDate').map((x) => x.text.trim()) : undefined }
          }),
        })),
      }
    }),
  }
}

const VALID = toModel(readFileSync(new URL('cin-2025-26-valid-sample.xml', SPECS), 'utf8'))
const INVALID = toModel(readFileSync(new URL('upstream-fake_data-CIN_Census_2026.invalid.xml', SPECS), 'utf8'))

const codes = (fs: CinRuleFailure[]) => [...new Set(fs.map((f) => f.rule))].sort()
const describeFailures = (fs: CinRuleFailure[]) => fs.map((f) => `${f.rule} ${f.laChildId ?? ''} ${f.field}: ${f.message}`).join('\n')

// ---------------------------------------------------------------- the two samples

describe('CIN census 2025-26 rules on the sample returns', () => {
  it('the valid 2025-26 sample has no failures at all (errors or queries)', () => {
    const failures = validateCinCensus(VALID)
    assert.equal(failures.length, 0, describeFailures(failures))
    assert.equal(locationCount(failures), 0)
  })

  it('the upstream faulty file fails exactly the 22 rules the reference validator reports', () => {
    const failures = validateCinCensus(INVALID)
    assert.deepEqual(codes(failures), ['100', '1103', '1104', '1105', '1510', '1530', '1560Q', '1570', '1580', '2887Q', '2889', '4013', '4016', '4180', '8565', '8600', '8608', '8620', '8696', '8715', '8897Q', '8930'].sort())
    // One failure per rule per item: 23, 3 of them queries.
    assert.equal(failures.length, 23, describeFailures(failures))
    assert.equal(failures.filter((f) => f.severity === 'query').length, 3)
  })

  it('the upstream faulty file has the 34 failure locations the reference validator reports: 30 on errors, 4 on queries', () => {
    const failures = validateCinCensus(INVALID)
    assert.equal(locationCount(failures), 34)
    assert.equal(locationCount(failures.filter((f) => f.severity === 'error')), 30)
    assert.equal(locationCount(failures.filter((f) => f.severity === 'query')), 4)
    // A failure that involves two elements points at both, its own field first.
    const at = (rule: string) => failures.find((f) => f.rule === rule)?.locations
    assert.deepEqual(at('1103'), ['AssessmentActualStartDate', 'CINreferralDate'])
    assert.deepEqual(at('1104'), ['DateOfInitialCPC', 'CINreferralDate'])
    assert.deepEqual(at('1105'), ['CPPstartDate', 'CINreferralDate'])
    assert.deepEqual(at('2889'), ['S47ActualStartDate', 'CINreferralDate'])
    assert.deepEqual(at('8608'), ['AssessmentAuthorisationDate', 'AssessmentActualStartDate'])
    assert.deepEqual(at('4016'), ['CINPlanStartDate', 'CPPstartDate', 'CPPendDate'])
    assert.deepEqual(at('8897Q'), ['AssessmentFactors', 'AssessmentAuthorisationDate'])
    assert.deepEqual(at('8565'), ['CINclosureDate', 'DateOfInitialCPC', 'AssessmentActualStartDate', 'AssessmentAuthorisationDate'])
    // A failure about one element has no list: it is at its field.
    const sex = failures.find((f) => f.rule === '4180')
    assert.ok(sex && sex.locations === undefined && sex.field === 'Sex')
    for (const f of failures) if (f.locations) assert.equal(f.locations[0], f.field, f.rule)
  })

  it('counts a failure once for each element it involves, and once when it names only its field', () => {
    const base = { severity: 'error' as const, message: 'm' }
    assert.equal(locationCount([]), 0)
    assert.equal(locationCount([{ ...base, rule: '8600', field: 'CINreferralDate' }]), 1)
    assert.equal(locationCount([{ ...base, rule: '1103', field: 'AssessmentActualStartDate', locations: ['AssessmentActualStartDate', 'CINreferralDate'] }, { ...base, rule: '8600', field: 'CINreferralDate' }]), 3)
  })

  it('each failure says which child, episode and line it is about, in words a worker can act on', () => {
    const failures = validateCinCensus(INVALID)
    const need = failures.find((f) => f.rule === '8600')
    assert.ok(need)
    assert.equal(need.laChildId, 'child_fails_assessments')
    assert.equal(need.childIndex, 1)
    assert.equal(need.episodeIndex, 0)
    assert.equal(need.field, 'CINreferralDate')
    assert.equal(need.severity, 'error')
    assert.match(need.message, /after the census reference date \(31 March 2024\)/)
    assert.equal(typeof need.line, 'number')
    const header = failures.find((f) => f.rule === '100')
    assert.ok(header)
    assert.equal(header.laChildId, undefined)
    assert.match(header.message, /not 31 March 2023/)
    const q = failures.find((f) => f.rule === '1560Q')
    assert.equal(q?.severity, 'query')
  })

  it('streaming child by child gives the same failures as validating the whole return', () => {
    for (const ret of [VALID, INVALID]) {
      const v = new CinCensusValidator(ret.header)
      const streamed = [...v.headerFailures(), ...ret.children.flatMap((c, i) => v.child(c, i)), ...v.finish()]
      assert.deepEqual(streamed, validateCinCensus(ret))
    }
  })
})

// ---------------------------------------------------------------- every rule: a failing case and its fix

const clone = (r: CinCensusReturn): CinCensusReturn => structuredClone(r)
const ch = (r: CinCensusReturn, i: number) => r.children[i] as CinCensusChild
const ep = (r: CinCensusReturn, i: number, e = 0) => ch(r, i).episodes[e] as CinCensusEpisode
const upnFor = (body12: string) => `${upnCheckLetter(body12)}${body12}`
const cpp = (startDate: string, endDate?: string, reviewDates?: string[]) => ({ startDate, endDate, initialCategoryOfAbuse: 'NEG', latestCategoryOfAbuse: 'NEG', numberOfPreviousCpp: '0', reviewDates })
const cal = ENGLAND_AND_WALES_CALENDAR
const limit45 = cal.addWorkingDays('2026-03-31', -45)
const limit15 = cal.addWorkingDays('2026-03-31', -15)

// Children of the valid sample: 0 CHILD0001 (open CIN plan), 1 CHILD0002 (S47 → ICPC → open CPP), 2 CHILD0003 (unborn),
// 3 CHILD0004 (NFA), 4 CHILD0005 (RC8 then re-referred), 5 CHILD0006 (closed CIN plan), 6 CHILD0007 (S47, ICPC not required),
// 7 CHILD0008 (CPP ended, CIN plan from its end date), 8 CHILD0009 (UN3), 9 CHILD0010 (three disabilities), 10 CHILD0011 (NFA).
type Case = [code: string, bad: (r: CinCensusReturn) => void, good: (r: CinCensusReturn) => void]
const noop = () => {}

const CASES: Case[] = [
  ['100', (r) => { r.header.referenceDate = '2026-03-30' }, (r) => { r.header.year = '2026' }],
  ['1510', (r) => { ch(r, 0).upn = 'A201200116101' }, (r) => { ch(r, 0).upn = upnFor('201200116101') }],
  ['1520', (r) => { ch(r, 1).upn = ch(r, 0).upn }, noop],
  ['1530', (r) => { ch(r, 0).upn = upnFor('999200116101') }, (r) => { ch(r, 0).upn = upnFor('886200116101') }],
  ['1540', (r) => { ch(r, 0).upn = 'E2012A0116101' }, noop],
  ['1550', (r) => { ch(r, 0).upn = 'E20120011610S' }, (r) => { ch(r, 0).upn = upnFor('20120011610T') }],
  ['1560Q', (r) => { ch(r, 0).formerUpn = 'X1234' }, (r) => { ch(r, 0).formerUpn = 'X123456789012' }],
  ['1570', (r) => { ch(r, 0).laChildId = 'C'.repeat(21) }, (r) => { ch(r, 0).laChildId = 'C'.repeat(20) }],
  ['1580', (r) => { ch(r, 0).laChildId = 'CHILD-0001' }, (r) => { ch(r, 0).laChildId = 'CHILDA0001' }],
  ['2886Q', (r) => { ch(r, 0).sex = 'U' }, (r) => { ch(r, 2).sex = 'U' }],
  ['4180', (r) => { ch(r, 0).sex = '1' }, (r) => { ch(r, 0).sex = 'M' }],
  ['8500', (r) => { ch(r, 0).laChildId = ' ' }, noop],
  ['8510', (r) => { ch(r, 1).laChildId = 'CHILD0001' }, noop],
  ['8520', (r) => { ch(r, 0).personBirthDate = '2026-04-01' }, (r) => { ch(r, 2).personBirthDate = '2026-03-31'; ch(r, 2).expectedPersonBirthDate = undefined }],
  ['8525Q', (r) => { ch(r, 0).expectedPersonBirthDate = '2026-05-01' }, noop],
  ['8530Q', (r) => { ch(r, 2).expectedPersonBirthDate = '2027-01-01' }, (r) => { ch(r, 2).expectedPersonBirthDate = '2026-12-31' }],
  ['8535Q', (r) => { ch(r, 0).personDeathDate = '2016-05-13' }, (r) => { ch(r, 0).personDeathDate = '2016-05-14' }],
  ['8545Q', (r) => { ch(r, 0).personDeathDate = '2025-03-31' }, (r) => { ch(r, 0).personDeathDate = '2026-03-31' }],
  ['8590', (r) => { ch(r, 0).episodes = [] }, noop],
  ['8750', (r) => { ch(r, 2).sex = 'F' }, noop],
  ['8770Q', (r) => { ch(r, 8).upnUnknown = undefined; ch(r, 8).personBirthDate = '2020-08-31' }, (r) => { ch(r, 8).upnUnknown = undefined; ch(r, 8).personBirthDate = '2020-09-01' }],
  ['8772', (r) => { ch(r, 8).upnUnknown = 'UN7' }, (r) => { ch(r, 10).upn = undefined; ch(r, 10).upnUnknown = 'UN7' }],
  ['8775Q', (r) => { ch(r, 0).personBirthDate = '2001-03-30' }, (r) => { ch(r, 0).personBirthDate = '2001-03-31' }],
  ['4220', (r) => { ch(r, 0).ethnicity = 'XXXX' }, (r) => { ch(r, 0).ethnicity = 'REFU' }],
  ['8540', (r) => { ch(r, 0).disabilities = undefined }, (r) => { ch(r, 3).disabilities = undefined }],
  ['8790', (r) => { ch(r, 0).disabilities = ['NONE', 'LD'] }, (r) => { ch(r, 0).disabilities = ['LD'] }],
  ['8794', (r) => { ch(r, 9).disabilities = ['AUT', 'AUT'] }, (r) => { ch(r, 9).disabilities = ['AUT'] }],
  ['2887Q', (r) => { ch(r, 0).disabilities = ['MOB'] }, noop],
  ['2888Q', (r) => { ch(r, 4).disabilities = ['LD']; ch(r, 9).disabilities = ['AUT'] }, (r) => { ch(r, 4).disabilities = ['LD'] }],
  ['2990', (r) => { ep(r, 4).cinPlans = [{ startDate: '2025-05-01', endDate: '2025-06-01' }] }, noop],
  ['2991Q', (r) => { ep(r, 6).assessments = [] }, noop],
  ['8555Q', (r) => { ch(r, 0).personDeathDate = '2025-06-01' }, (r) => { ch(r, 0).personDeathDate = '2025-06-02' }],
  ['8565', (r) => { ep(r, 5).cinClosureDate = '2025-12-18' }, (r) => { ep(r, 5).cinClosureDate = '2025-12-19' }],
  ['8568', (r) => { ep(r, 0).referralNfa = 'yes' }, (r) => { ep(r, 0).referralNfa = '0' }],
  ['8569Q', (r) => { ep(r, 3).cinReferralDate = '2025-03-28' }, (r) => { ep(r, 3).cinReferralDate = '2025-03-31' }],
  ['8585Q', (r) => { ep(r, 5).reasonForClosure = 'RC2' }, (r) => { ep(r, 5).reasonForClosure = 'RC2'; ch(r, 5).personDeathDate = '2025-12-19' }],
  ['8600', (r) => { ep(r, 0).cinReferralDate = '2026-04-01' }, (r) => { ep(r, 10).cinReferralDate = '2026-03-31' }],
  ['8606', (r) => { ep(r, 2).cinReferralDate = '2025-08-12' }, (r) => { ep(r, 2).cinReferralDate = '2025-08-13' }],
  ['8610', (r) => { ep(r, 0).primaryNeedCode = undefined }, (r) => { ep(r, 3).primaryNeedCode = undefined }],
  ['8620', (r) => { ep(r, 5).cinClosureDate = '2026-04-01' }, (r) => { ep(r, 5).cinClosureDate = '2026-03-31' }],
  ['8630', (r) => { ep(r, 3).cinClosureDate = '2025-11-11'; ep(r, 3).reasonForClosure = 'RC7' }, (r) => { ep(r, 3).cinClosureDate = '2025-11-12'; ep(r, 3).reasonForClosure = 'RC7' }],
  ['8640', (r) => { ep(r, 5).reasonForClosure = 'RC10' }, (r) => { ep(r, 5).reasonForClosure = 'RC6' }],
  ['8650', (r) => { ep(r, 0).primaryNeedCode = 'N10' }, (r) => { ep(r, 0).primaryNeedCode = 'N0' }],
  ['8805', (r) => { ep(r, 3).cinClosureDate = '2025-11-12' }, (r) => { ep(r, 3).cinClosureDate = '2025-11-12'; ep(r, 3).reasonForClosure = 'RC7' }],
  ['8810', (r) => { ep(r, 3).reasonForClosure = 'RC7' }, noop],
  ['8815', (r) => { ep(r, 4, 0).cinClosureDate = undefined; ep(r, 4, 0).reasonForClosure = undefined }, (r) => { ep(r, 4, 0).cinClosureDate = undefined; ep(r, 4, 0).reasonForClosure = undefined; ep(r, 4, 0).referralNfa = 'true' }],
  ['8816', (r) => { ep(r, 4, 0).cinClosureDate = undefined; ep(r, 4, 0).reasonForClosure = undefined }, noop],
  ['8820', (r) => { ep(r, 4, 1).cinReferralDate = '2025-06-01' }, (r) => { ep(r, 4, 1).cinReferralDate = '2025-06-02' }],
  ['8825Q', (r) => { ep(r, 4, 0).assessments = [] }, noop],
  ['8831', (r) => { ep(r, 3).assessments = [{ actualStartDate: '2025-11-12' }] }, noop],
  ['8866', (r) => { ep(r, 0).referralSource = 'ZZ' }, (r) => { ep(r, 0).referralSource = '10' }],
  ['8867', (r) => { (ep(r, 5).assessments[0] as { authorisationDate?: string }).authorisationDate = undefined }, noop],
  ['8868', (r) => { (ep(r, 6).section47s[0] as { icpcNotRequired?: string }).icpcNotRequired = 'false' }, (r) => { (ep(r, 6).section47s[0] as { icpcNotRequired?: string }).icpcNotRequired = '1' }],
  ['1103', (r) => { ep(r, 0).assessments[0]!.actualStartDate = '2025-06-01' }, (r) => { ep(r, 0).assessments[0]!.actualStartDate = '2025-06-02' }],
  ['8608', (r) => { ep(r, 0).assessments[0]!.authorisationDate = '2025-06-02' }, (r) => { ep(r, 0).assessments[0]!.authorisationDate = '2025-06-03' }],
  ['8614', (r) => { ep(r, 2).assessments[0]!.factors = ['1A'] }, noop],
  ['8670Q', (r) => { ep(r, 2).cinReferralDate = '2025-12-01'; ep(r, 2).assessments[0]!.actualStartDate = addDays(limit45, -1) }, (r) => { ep(r, 2).cinReferralDate = '2025-12-01'; ep(r, 2).assessments[0]!.actualStartDate = limit45 }],
  ['8696', (r) => { ep(r, 0).assessments[0]!.authorisationDate = '2026-04-01' }, (r) => { ep(r, 0).assessments[0]!.authorisationDate = '2026-03-31' }],
  ['8736', (r) => { ep(r, 2).cinReferralDate = '2025-03-01'; ep(r, 2).assessments[0]!.actualStartDate = '2025-03-31' }, (r) => { ep(r, 2).cinReferralDate = '2025-03-01'; ep(r, 2).assessments[0]!.actualStartDate = '2025-04-01' }],
  ['8863Q', (r) => { ep(r, 0).assessments.push({ actualStartDate: '2025-07-10', authorisationDate: '2025-07-20', factors: ['3A'] }) }, (r) => { ep(r, 0).assessments.push({ actualStartDate: '2025-07-11', authorisationDate: '2025-07-20', factors: ['3A'] }) }],
  ['8869', (r) => { ep(r, 0).assessments[0]!.factors = ['21', '3A'] }, (r) => { ep(r, 0).assessments[0]!.factors = ['21'] ; ep(r, 0).cinClosureDate = '2025-07-10'; ep(r, 0).reasonForClosure = 'RC8' }],
  ['8873Q', (r) => { ep(r, 4, 0).reasonForClosure = 'RC7' }, (r) => { ep(r, 4, 0).reasonForClosure = 'RC9' }],
  ['8896', (r) => { ep(r, 2).assessments.push({ actualStartDate: '2026-03-10' }) }, (r) => { ep(r, 2).assessments.push({ actualStartDate: '2026-03-02', authorisationDate: '2026-03-05', factors: ['4B'] }) }],
  ['8897Q', (r) => { ep(r, 0).assessments[0]!.factors = undefined }, (r) => { ep(r, 0).assessments[0]!.factors = ['20'] }],
  ['8898', (r) => { ep(r, 0).assessments[0]!.factors = ['3A', '3A'] }, noop],
  ['8945Q', (r) => { ep(r, 0).assessments[0]!.factors = ['18A'] }, (r) => { ep(r, 0).assessments[0]!.factors = ['18B'] }],
  ['8950Q', (r) => { ep(r, 0).assessments[0]!.factors = ['19A'] }, (r) => { ep(r, 0).assessments[0]!.factors = ['19C'] }],
  ['4000', (r) => { ep(r, 3).cinPlans = [{ startDate: '2025-11-12' }] }, noop],
  ['4001', (r) => { ep(r, 1).cinPlans = [{ startDate: '2025-09-22' }] }, (r) => { ep(r, 1).cinPlans = [{ startDate: '2025-09-02', endDate: '2025-09-22' }] }],
  ['4003', (r) => { ep(r, 0).cpPlans = [cpp('2025-07-15', '2025-09-01', ['2025-08-01'])] }, (r) => { ep(r, 0).cpPlans = [cpp('2025-07-15', '2025-09-01', ['2025-09-01'])] }],
  ['4004', (r) => { ep(r, 0).cinPlans.push({ startDate: '2025-08-01' }) }, (r) => { ep(r, 0).cinPlans.push({ startDate: '2025-08-01', endDate: '2025-09-01' }) }],
  ['4008', (r) => { ch(r, 0).personDeathDate = '2025-07-14' }, (r) => { ch(r, 0).personDeathDate = '2025-07-15' }],
  ['4009Q', (r) => { ch(r, 5).personDeathDate = '2025-12-18' }, (r) => { ch(r, 5).personDeathDate = '2025-12-19' }],
  ['4010', (r) => { ep(r, 0).cinPlans[0]!.startDate = 'soon' }, noop],
  ['4011', (r) => { ep(r, 5).cinPlans[0]!.endDate = '2025-06-22' }, (r) => { ep(r, 5).cinPlans[0]!.endDate = '2025-06-24' }],
  ['4012Q', (r) => { ep(r, 5).cinPlans[0]!.endDate = '2025-06-23' }, (r) => { ep(r, 5).cinPlans[0]!.endDate = '2025-06-24' }],
  ['4013', (r) => { ep(r, 5).cinReferralDate = '2025-01-01'; ep(r, 5).cinPlans[0] = { startDate: '2025-01-02', endDate: '2025-03-31' } }, (r) => { ep(r, 5).cinReferralDate = '2025-01-01'; ep(r, 5).cinPlans[0] = { startDate: '2025-01-02', endDate: '2025-04-01' } }],
  ['4014', (r) => { ep(r, 5).cinPlans.push({ startDate: '2025-12-19', endDate: '2025-12-19' }) }, (r) => { ep(r, 5).cinPlans[0]!.endDate = '2025-09-01'; ep(r, 5).cinPlans.push({ startDate: '2025-09-02', endDate: '2025-12-19' }) }],
  ['4015', (r) => { ep(r, 0).cinPlans[0]!.startDate = '2025-06-01' }, (r) => { ep(r, 0).cinPlans[0]!.startDate = '2025-06-02' }],
  ['4016', (r) => { ep(r, 7).cinPlans[0]!.startDate = '2025-10-05' }, noop],
  ['4017', (r) => { ep(r, 0).cpPlans = [cpp('2025-08-01')] }, (r) => { ep(r, 0).cinPlans[0]!.endDate = '2025-08-01'; ep(r, 0).cpPlans = [cpp('2025-08-01')] }],
  ['1104', (r) => { ep(r, 1).dateOfInitialCpc = '2025-08-29' }, noop],
  ['2883', (r) => { ep(r, 1).section47s[0]!.dateOfInitialCpc = undefined }, noop],
  ['2884', (r) => { ep(r, 1).dateOfInitialCpc = '2025-09-22' }, noop],
  ['2885', (r) => { ep(r, 1).cpPlans[0]!.startDate = '2025-09-23' }, noop],
  ['2889', (r) => { ep(r, 1).section47s[0]!.actualStartDate = '2025-08-31' }, (r) => { ep(r, 1).section47s[0]!.actualStartDate = '2025-09-01' }],
  ['8615', (r) => { ep(r, 1).section47s[0]!.actualStartDate = '2025-09-23' }, (r) => { ep(r, 1).section47s[0]!.actualStartDate = '2025-09-22' }],
  ['8675Q', (r) => { ep(r, 1).section47s.push({ actualStartDate: addDays(limit15, -1), icpcNotRequired: 'false' }) }, (r) => { ep(r, 1).section47s.push({ actualStartDate: limit15, icpcNotRequired: 'false' }) }],
  ['8715', (r) => { ep(r, 1).section47s[0]!.dateOfInitialCpc = '2026-04-01' }, noop],
  ['8740', (r) => { ep(r, 1).cinReferralDate = '2025-03-01'; ep(r, 1).section47s.push({ actualStartDate: '2025-03-31', icpcNotRequired: 'false' }) }, (r) => { ep(r, 1).cinReferralDate = '2025-03-01'; ep(r, 1).section47s.push({ actualStartDate: '2025-03-31', icpcNotRequired: 'true' }) }],
  ['8839', (r) => { ep(r, 1).section47s.push({ actualStartDate: '2026-03-20', icpcNotRequired: 'false' }, { actualStartDate: '2026-03-25', icpcNotRequired: 'false' }) }, (r) => { ep(r, 1).section47s.push({ actualStartDate: '2026-03-20', icpcNotRequired: 'true' }, { actualStartDate: '2026-03-25', icpcNotRequired: 'false' }) }],
  ['8870Q', (r) => { ep(r, 1).section47s[0]!.initialCpcTarget = '2025-09-20' }, (r) => { ep(r, 1).section47s[0]!.initialCpcTarget = '2025-09-22' }],
  ['8875', (r) => { ep(r, 1).section47s[0]!.dateOfInitialCpc = '2025-09-21' }, noop],
  ['8890', (r) => { ep(r, 1).section47s.push({ actualStartDate: '2025-09-10', dateOfInitialCpc: '2025-09-24', icpcNotRequired: 'false' }) }, (r) => { ep(r, 1).section47s.push({ actualStartDate: '2025-09-23', dateOfInitialCpc: '2025-09-24', icpcNotRequired: 'false' }) }],
  ['1105', (r) => { ep(r, 1).cpPlans[0]!.startDate = '2025-08-29' }, noop],
  ['8720', (r) => { ep(r, 1).cpPlans[0]!.startDate = undefined }, noop],
  ['8730', (r) => { ep(r, 1).cpPlans[0]!.numberOfPreviousCpp = '-1' }, (r) => { ep(r, 1).cpPlans[0]!.numberOfPreviousCpp = '12' }],
  ['8832', (r) => { ep(r, 3).cpPlans = [cpp('2025-11-20')] }, noop],
  ['8840', (r) => { ep(r, 7).cpPlans[0]!.endDate = '2025-01-13' }, (r) => { ep(r, 7).cpPlans[0]!.endDate = '2025-10-06' }],
  ['8841', (r) => { ep(r, 1).cpPlans[0]!.reviewDates = ['2025-09-22'] }, (r) => { ep(r, 1).cpPlans[0]!.reviewDates = ['2025-09-23'] }],
  ['8842Q', (r) => { ep(r, 1).cpPlans[0]!.reviewDates = [] }, (r) => { ep(r, 1).cpPlans[0]!.reviewDates = undefined }],
  ['8905', (r) => { ep(r, 1).cpPlans[0]!.initialCategoryOfAbuse = 'XXX' }, (r) => { ep(r, 1).cpPlans[0]!.initialCategoryOfAbuse = 'MUL' }],
  ['8910', (r) => { ep(r, 1).cpPlans[0]!.latestCategoryOfAbuse = undefined }, (r) => { ep(r, 1).cpPlans[0]!.latestCategoryOfAbuse = 'SAB' }],
  ['8915', (r) => { ch(r, 7).personDeathDate = '2025-01-12' }, noop],
  ['8920', (r) => { ch(r, 7).personDeathDate = '2025-10-05' }, (r) => { ch(r, 7).personDeathDate = '2025-10-06' }],
  ['8925', (r) => { ep(r, 7).cpPlans[0]!.endDate = '2025-01-12' }, noop],
  ['8930', (r) => { ep(r, 7).cpPlans[0]!.endDate = '2025-03-31' }, (r) => { ep(r, 7).cpPlans[0]!.endDate = '2025-04-01' }],
  ['8935', (r) => { ep(r, 1).cpPlans.push(cpp('2025-12-01')) }, noop],
  ['8940', (r) => { ep(r, 7).cpPlans.push(cpp('2025-05-01', '2025-06-01')) }, (r) => { ep(r, 7).cpPlans.push(cpp('2024-12-01', '2025-01-12')) }],
]

describe('every CIN census rule: a small failing case and its fixed version', () => {
  it('has a case for each of the 109 rules, and only for them', () => {
    assert.deepEqual(CASES.map((c) => c[0]).sort(), CIN_RULES.map((r) => r.code).sort())
  })

  for (const [code, bad, good] of CASES) {
    it(`${code}: fails when broken, passes when fixed`, () => {
      const broken = clone(VALID)
      bad(broken)
      const failures = validateCinCensus(broken).filter((f) => f.rule === code)
      assert.ok(failures.length > 0, `${code} should fail`)
      const rule = CIN_RULES.find((r) => r.code === code)
      for (const f of failures) {
        assert.equal(f.severity, rule?.severity)
        assert.ok(f.message.length > 20 && !/undefined|NaN|\[object/.test(f.message), f.message)
        assert.ok(f.field.length > 0)
      }
      const fixed = clone(VALID)
      good(fixed)
      const after = validateCinCensus(fixed).filter((f) => f.rule === code)
      assert.equal(after.length, 0, describeFailures(after))
    })
  }
})

// ---------------------------------------------------------------- the catalogue, the period, the LA list

describe('CIN_RULES and the census period', () => {
  it('lists all 109 rules: 83 errors and 26 queries, each with an area and a description', () => {
    assert.equal(CIN_RULES.length, 109)
    assert.equal(CIN_RULES.filter((r) => r.severity === 'error').length, 83)
    assert.equal(CIN_RULES.filter((r) => r.severity === 'query').length, 26)
    assert.equal(new Set(CIN_RULES.map((r) => r.code)).size, 109)
    for (const r of CIN_RULES) {
      assert.equal(r.severity === 'query', r.code.endsWith('Q'), r.code)
      assert.ok(r.description.length > 10 && r.area.length > 0, r.code)
    }
  })

  it('the census year runs from the day after ReferenceDate − 1 year to ReferenceDate', () => {
    assert.deepEqual(censusPeriod('2026-03-31'), { start: '2025-04-01', end: '2026-03-31' })
    assert.deepEqual(censusPeriod('2024-02-29'), { start: '2023-03-01', end: '2024-02-29' })
  })

  it('a missing or unreal ReferenceDate fails rule 100 and the period rules are skipped, without crashing', () => {
    for (const referenceDate of [undefined, '', '2026-02-30', 'next March']) {
      const r = clone(INVALID)
      r.header.referenceDate = referenceDate
      const failures = validateCinCensus(r)
      assert.ok(failures.some((f) => f.rule === '100'))
      for (const periodRule of ['8620', '8696', '8715', '8930', '4013', '8600']) assert.ok(!failures.some((f) => f.rule === periodRule && !/missing/.test(f.message)), periodRule)
      assert.ok(failures.some((f) => f.rule === '1103'), 'rules that do not need the period still run')
    }
  })

  it('knows the DfE LA codes used in UPNs (2023-24 list, incl. Kent, City of London, Cumberland)', () => {
    assert.equal(LA_CODES.get('886'), 'Kent')
    assert.equal(LA_CODES.get('201'), 'City of London')
    assert.equal(LA_CODES.get('942'), 'Cumberland')
    assert.ok(isLaCode('001') && isLaCode('681') && isLaCode('943'))
    assert.ok(!isLaCode('999') && !isLaCode('86') && !isLaCode(886) && !isLaCode('123') && !isLaCode('814'))
    // Exactly the codes of the reference validator's rule 1530 (cin2023_24).
    const ranges: Array<[number, number]> = [[1, 5], [201, 213], [301, 320], [330, 336], [340, 344], [350, 359], [370, 373], [380, 384], [390, 394], [660, 681], [701, 708], [800, 803], [805, 808], [810, 813], [820, 823], [835, 839], [850, 852], [855, 857], [865, 896], [935, 938], [940, 941]]
    const single = [420, 815, 816, 825, 826, 830, 831, 840, 841, 845, 846, 860, 861, 908, 909, 916, 919, 921, 925, 926, 928, 929, 931, 933, 942, 943]
    const expected = new Set([...ranges.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i)), ...single].map((n) => String(n).padStart(3, '0')))
    assert.deepEqual([...LA_CODES.keys()].sort(), [...expected].sort())
    assert.equal(LA_CODES.size, 195)
  })

  it('reports a repeated UPN or LAchildID on every child that shares it, from finish()', () => {
    const r = clone(VALID)
    ch(r, 1).upn = ch(r, 0).upn
    ch(r, 5).laChildId = 'CHILD0002'
    const v = new CinCensusValidator(r.header)
    const perChild = r.children.flatMap((c, i) => v.child(c, i))
    assert.ok(!perChild.some((f) => f.rule === '1520' || f.rule === '8510'))
    const end = v.finish()
    assert.deepEqual(end.filter((f) => f.rule === '1520').map((f) => f.laChildId), ['CHILD0001', 'CHILD0002'])
    assert.deepEqual(end.filter((f) => f.rule === '8510').map((f) => f.childIndex), [1, 5])
  })
})

// ---------------------------------------------------------------- one child on its own page

describe('validateCinChild: continuous data quality for one child', () => {
  it('runs the child-level rules against a reference date and never the return-level ones', () => {
    const c = structuredClone(VALID.children[0] as CinCensusChild)
    assert.deepEqual(validateCinChild(c, '2026-03-31'), [])
    ;(c.episodes[0] as CinCensusEpisode).primaryNeedCode = undefined
    const failures = validateCinChild(c, '2026-03-31')
    assert.deepEqual(failures.map((f) => f.rule), ['8610'])
    assert.equal(failures[0]?.laChildId, 'CHILD0001')
    assert.equal(failures[0]?.episodeIndex, 0)
  })

  it('uses the working-day calendar it is given (8670Q counts 45 working days before the reference date)', () => {
    const c = structuredClone(VALID.children[2] as CinCensusChild)
    const e = c.episodes[0] as CinCensusEpisode
    e.cinReferralDate = '2025-12-01'
    e.assessments[0]!.actualStartDate = limit45
    assert.ok(!validateCinChild(c, '2026-03-31').some((f) => f.rule === '8670Q'))
    e.assessments[0]!.actualStartDate = cal.addWorkingDays(limit45, -1)
    assert.ok(validateCinChild(c, '2026-03-31').some((f) => f.rule === '8670Q'))
  })
})

// ---------------------------------------------------------------- never throws


describe('the validator never throws', () => {
  it('on garbage: random strings, huge numbers, wrong types, missing and empty lists', () => {
    const rnd = prng(7)
    const junk = ['', ' ', 'true', '0', 'NONE', '21', '2025-13-45', '9999-12-31', '0000-01-01', '2026-03-31', '2025-02-29', '1e309', '99999999999999999999', '-1', 'RC8', 'UN7', 'A'.repeat(5000), '\u0000', '<x>', 'U', 'N1', '18A']
    const pick = (): unknown => {
      const n = rnd()
      if (n < 0.1) return undefined
      if (n < 0.15) return null
      if (n < 0.2) return 12345678901234567890
      if (n < 0.25) return { nested: true }
      if (n < 0.3) return []
      return junk[Math.floor(rnd() * junk.length)]
    }
    const maybeList = <T>(make: () => T): unknown => {
      const n = rnd()
      if (n < 0.15) return undefined
      if (n < 0.2) return 'not a list'
      if (n < 0.25) return [null, 7]
      return Array.from({ length: Math.floor(rnd() * 4) }, make)
    }
    const before = cinRuleInternalErrors()
    for (let i = 0; i < 300; i++) {
      const child = () => ({
        line: pick(), laChildId: pick(), upn: pick(), formerUpn: pick(), upnUnknown: pick(), personBirthDate: pick(), expectedPersonBirthDate: pick(), sex: pick(), personDeathDate: pick(), ethnicity: pick(),
        disabilities: maybeList(pick),
        episodes: maybeList(() => ({
          line: pick(), cinReferralDate: pick(), referralSource: pick(), primaryNeedCode: pick(), cinClosureDate: pick(), reasonForClosure: pick(), dateOfInitialCpc: pick(), referralNfa: pick(),
          assessments: maybeList(() => ({ actualStartDate: pick(), authorisationDate: pick(), factors: maybeList(pick) })),
          cinPlans: maybeList(() => ({ startDate: pick(), endDate: pick() })),
          section47s: maybeList(() => ({ actualStartDate: pick(), initialCpcTarget: pick(), dateOfInitialCpc: pick(), icpcNotRequired: pick() })),
          cpPlans: maybeList(() => ({ startDate: pick(), endDate: pick(), initialCategoryOfAbuse: pick(), latestCategoryOfAbuse: pick(), numberOfPreviousCpp: pick(), reviewDates: maybeList(pick) })),
        })),
      })
      const ret = { header: { year: pick(), referenceDate: rnd() < 0.5 ? '2026-03-31' : pick(), sources: maybeList(() => ({})) }, children: maybeList(child) } as unknown as CinCensusReturn
      const failures = validateCinCensus(ret)
      assert.ok(Array.isArray(failures))
      for (const f of failures) assert.ok(CIN_RULES.some((r) => r.code === f.rule), f.rule)
      validateCinChild(child() as unknown as CinCensusChild, '2026-03-31')
    }
    assert.equal(cinRuleInternalErrors(), before, 'no rule body threw (a caught throw is a bug)')
  })

  it('on empty and absent input', () => {
    assert.ok(Array.isArray(validateCinCensus({ header: { sources: [] }, children: [] })))
    assert.ok(Array.isArray(validateCinCensus(undefined as unknown as CinCensusReturn)))
    assert.ok(Array.isArray(validateCinCensus({ header: null, children: null } as unknown as CinCensusReturn)))
    const v = new CinCensusValidator(undefined as unknown as CinCensusReturn['header'])
    assert.ok(Array.isArray(v.child(undefined as unknown as CinCensusChild, Number.NaN)))
    assert.ok(Array.isArray(v.finish()))
    assert.ok(Array.isArray(validateCinChild({ episodes: [] }, 'not a date')))
  })
})
