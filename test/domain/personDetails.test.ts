import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  addMonths,
  validateAddress,
  validatePersonDetails,
  type AddressInput,
  type PersonDetailsInput,
} from '../../src/domain/people/personDetails.ts'
import type { FieldError, Result } from '../../src/domain/shared/result.ts'

const TODAY = '2025-06-15'

const child: PersonDetailsInput = {
  givenNames: 'Leo',
  familyName: 'Smith',
  dateOfBirth: '2018-03-04',
  sex: 'M',
  ethnicityCode: 'WBRI',
  nhsNumber: '9990000018',
  upn: 'Q201401234567',
}

function valueOf<T>(r: Result<T>): T {
  if (!r.ok) assert.fail(`expected ok, got errors ${JSON.stringify(r.errors)}`)
  return r.value
}

function errorsOf<T>(r: Result<T>): FieldError[] {
  if (r.ok) assert.fail(`expected errors, got ${JSON.stringify(r.value)}`)
  return r.errors
}

function fieldsOf<T>(r: Result<T>): string[] {
  return errorsOf(r).map((e) => e.field)
}

function errorFor<T>(r: Result<T>, field: string): FieldError {
  const e = errorsOf(r).find((x) => x.field === field)
  if (!e) assert.fail(`no error for ${field}: ${JSON.stringify(errorsOf(r))}`)
  return e
}

describe('validatePersonDetails', () => {
  it('accepts a valid child and returns normalised details', () => {
    const v = valueOf(validatePersonDetails(child, TODAY))
    assert.deepEqual(v, {
      givenNames: 'Leo',
      familyName: 'Smith',
      isUnborn: false,
      dateOfBirth: '2018-03-04',
      expectedDateOfBirth: null,
      sex: 'M',
      genderIdentity: null,
      ethnicityCode: 'WBRI',
      religion: null,
      firstLanguage: null,
      interpreterNeeded: false,
      nhsNumber: '9990000018',
      upn: 'Q201401234567',
      upnUnknownReason: null,
      disabilities: [],
    })
  })

  it('normalises NHS number and UPN as stored', () => {
    const v = valueOf(validatePersonDetails({ ...child, nhsNumber: ' 999 000-0018 ', upn: 'q2014 0123 4567' }, TODAY))
    assert.equal(v.nhsNumber, '9990000018')
    assert.equal(v.upn, 'Q201401234567')
  })

  it('records ‘No disability’ on its own (CIN census NONE), never with a disability (8790)', () => {
    assert.deepEqual(valueOf(validatePersonDetails({ ...child, disabilities: ['NONE'] }, TODAY)).disabilities, ['NONE'])
    assert.equal(errorFor(validatePersonDetails({ ...child, disabilities: ['NONE', 'HEAR'] }, TODAY), 'disabilities').message, 'Select ‘No disability’ on its own, or the disabilities the person has')
  })

  it('records why there is no UPN (CIN census UPNunknown), clears it when a UPN is given, refuses an unknown reason', () => {
    assert.equal(valueOf(validatePersonDetails({ ...child, upn: '', upnUnknownReason: 'UN4' }, TODAY)).upnUnknownReason, 'UN4')
    assert.equal(valueOf(validatePersonDetails({ ...child, upnUnknownReason: 'UN4' }, TODAY)).upnUnknownReason, null, 'a UPN makes the reason moot')
    assert.equal(errorFor(validatePersonDetails({ ...child, upn: '', upnUnknownReason: 'UN9' }, TODAY), 'upnUnknownReason').message, 'Select why there is no UPN from the list')
  })

  it('treats blank optional fields as not given', () => {
    const v = valueOf(validatePersonDetails({ ...child, nhsNumber: '   ', upn: '', ethnicityCode: ' ', religion: '  ' }, TODAY))
    assert.equal(v.nhsNumber, null)
    assert.equal(v.upn, null)
    assert.equal(v.ethnicityCode, null)
    assert.equal(v.religion, null)
  })

  it('requires given names and family name', () => {
    const r = validatePersonDetails({ ...child, givenNames: undefined, familyName: '   ' }, TODAY)
    const fields = fieldsOf(r)
    assert.ok(fields.includes('givenNames'))
    assert.ok(fields.includes('familyName'))
    assert.match(errorFor(r, 'givenNames').message, /given names/i)
    assert.match(errorFor(r, 'familyName').message, /family name/i)
  })

  it('rejects a 10,000-character name on that field, mentioning 100 characters', () => {
    const r = validatePersonDetails({ ...child, familyName: 'a'.repeat(10_000) }, TODAY)
    assert.deepEqual(fieldsOf(r), ['familyName'])
    assert.match(errorFor(r, 'familyName').message, /100 characters/)
    const r2 = validatePersonDetails({ ...child, givenNames: 'b'.repeat(10_000) }, TODAY)
    assert.deepEqual(fieldsOf(r2), ['givenNames'])
    assert.match(errorFor(r2, 'givenNames').message, /100 characters/)
  })

  it('accepts a name of exactly 100 characters, rejects 101', () => {
    assert.equal(validatePersonDetails({ ...child, givenNames: 'a'.repeat(100) }, TODAY).ok, true)
    assert.deepEqual(fieldsOf(validatePersonDetails({ ...child, givenNames: 'a'.repeat(101) }, TODAY)), ['givenNames'])
  })

  it('rejects HTML in a name', () => {
    const r = validatePersonDetails({ ...child, givenNames: '<script>alert(1)</script>' }, TODAY)
    assert.deepEqual(fieldsOf(r), ['givenNames'])
    const r2 = validatePersonDetails({ ...child, familyName: 'Smith<b>' }, TODAY)
    assert.deepEqual(fieldsOf(r2), ['familyName'])
  })

  it('accepts apostrophes, hyphens and accents', () => {
    const v = valueOf(validatePersonDetails({ ...child, givenNames: 'Siobhán', familyName: "O'Neill-Kowalski" }, TODAY))
    assert.equal(v.givenNames, 'Siobhán')
    assert.equal(v.familyName, "O'Neill-Kowalski")
    const whole = valueOf(validatePersonDetails({ ...child, givenNames: "Siobhán O'Neill-Kowalski", familyName: 'Zoë D’Arcy' }, TODAY))
    assert.equal(whole.givenNames, "Siobhán O'Neill-Kowalski")
    assert.equal(whole.familyName, 'Zoë D’Arcy')
    // Decomposed accent (combining mark) and other alphabets
    assert.equal(validatePersonDetails({ ...child, givenNames: 'Sio\u0062ha\u0301n', familyName: 'Łukasz' }, TODAY).ok, true)
    assert.equal(validatePersonDetails({ ...child, givenNames: 'محمد', familyName: '王' }, TODAY).ok, true)
  })

  it('rejects a name starting with punctuation or containing digits', () => {
    assert.deepEqual(fieldsOf(validatePersonDetails({ ...child, givenNames: "-Leo" }, TODAY)), ['givenNames'])
    assert.deepEqual(fieldsOf(validatePersonDetails({ ...child, familyName: 'Smith2' }, TODAY)), ['familyName'])
  })

  it('rejects a date of birth after today, accepts today', () => {
    const r = validatePersonDetails({ ...child, dateOfBirth: '2025-06-16' }, TODAY)
    assert.deepEqual(fieldsOf(r), ['dateOfBirth'])
    assert.equal(valueOf(validatePersonDetails({ ...child, dateOfBirth: TODAY }, TODAY)).dateOfBirth, TODAY)
  })

  it('rejects an impossible or malformed date of birth', () => {
    assert.deepEqual(fieldsOf(validatePersonDetails({ ...child, dateOfBirth: '2023-02-30' }, TODAY)), ['dateOfBirth'])
    assert.deepEqual(fieldsOf(validatePersonDetails({ ...child, dateOfBirth: '30/02/2023' }, TODAY)), ['dateOfBirth'])
    assert.deepEqual(fieldsOf(validatePersonDetails({ ...child, dateOfBirth: undefined }, TODAY)), ['dateOfBirth'])
  })

  describe('unborn children', () => {
    const unborn: PersonDetailsInput = { givenNames: 'Baby', familyName: 'Smith', isUnborn: true, sex: 'U' }

    it('accepts an expected date of birth within 10 months and stores no date of birth', () => {
      const v = valueOf(validatePersonDetails({ ...unborn, expectedDateOfBirth: '2025-12-01', dateOfBirth: '2020-01-01' }, TODAY))
      assert.equal(v.isUnborn, true)
      assert.equal(v.expectedDateOfBirth, '2025-12-01')
      assert.equal(v.dateOfBirth, null)
    })

    it('accepts exactly 10 months ahead, rejects the day after', () => {
      assert.equal(valueOf(validatePersonDetails({ ...unborn, expectedDateOfBirth: '2026-04-15' }, TODAY)).expectedDateOfBirth, '2026-04-15')
      assert.deepEqual(fieldsOf(validatePersonDetails({ ...unborn, expectedDateOfBirth: '2026-04-16' }, TODAY)), ['expectedDateOfBirth'])
    })

    it('accepts up to a month ago, rejects earlier', () => {
      assert.equal(validatePersonDetails({ ...unborn, expectedDateOfBirth: '2025-05-15' }, TODAY).ok, true)
      assert.deepEqual(fieldsOf(validatePersonDetails({ ...unborn, expectedDateOfBirth: '2025-05-14' }, TODAY)), ['expectedDateOfBirth'])
    })

    it('requires a real expected date of birth', () => {
      assert.deepEqual(fieldsOf(validatePersonDetails(unborn, TODAY)), ['expectedDateOfBirth'])
      assert.deepEqual(fieldsOf(validatePersonDetails({ ...unborn, expectedDateOfBirth: '2025-09-31' }, TODAY)), ['expectedDateOfBirth'])
    })
  })

  it('rejects an invalid NHS number on nhsNumber', () => {
    const r = validatePersonDetails({ ...child, nhsNumber: '9990000019' }, TODAY)
    assert.deepEqual(fieldsOf(r), ['nhsNumber'])
    assert.match(errorFor(r, 'nhsNumber').message, /NHS number/)
    assert.deepEqual(fieldsOf(validatePersonDetails({ ...child, nhsNumber: '12345' }, TODAY)), ['nhsNumber'])
  })

  it('rejects an invalid UPN on upn', () => {
    const r = validatePersonDetails({ ...child, upn: 'A201401234567' }, TODAY)
    assert.deepEqual(fieldsOf(r), ['upn'])
    assert.match(errorFor(r, 'upn').message, /pupil number/)
  })

  // The error messages show people what a good value looks like; each example must pass the same check.
  it('gives a valid example NHS number in its error message', () => {
    const nhsMessage = errorFor(validatePersonDetails({ ...child, nhsNumber: 'x' }, TODAY), 'nhsNumber').message
    const nhsExample = /(\d{3} \d{3} \d{4})/.exec(nhsMessage)?.[1]
    assert.ok(nhsExample, nhsMessage)
    assert.equal(validatePersonDetails({ ...child, nhsNumber: nhsExample }, TODAY).ok, true, `example NHS number ${nhsExample}`)
  })

  it('gives a valid example UPN in its error message', () => {
    const upnMessage = errorFor(validatePersonDetails({ ...child, upn: 'x' }, TODAY), 'upn').message
    const upnExample = /([A-Z]\d{12})/.exec(upnMessage)?.[1]
    assert.ok(upnExample, upnMessage)
    assert.equal(validatePersonDetails({ ...child, upn: upnExample }, TODAY).ok, true, `example UPN ${upnExample}`)
  })

  it('requires a known sex code', () => {
    assert.deepEqual(fieldsOf(validatePersonDetails({ ...child, sex: 'X' }, TODAY)), ['sex'])
    assert.deepEqual(fieldsOf(validatePersonDetails({ ...child, sex: 'male' }, TODAY)), ['sex'])
    assert.deepEqual(fieldsOf(validatePersonDetails({ ...child, sex: undefined }, TODAY)), ['sex'])
    for (const s of ['M', 'F', 'U']) assert.equal(valueOf(validatePersonDetails({ ...child, sex: s }, TODAY)).sex, s)
  })

  it('rejects an unknown ethnicity code, including inherited object property names', () => {
    assert.deepEqual(fieldsOf(validatePersonDetails({ ...child, ethnicityCode: 'XXXX' }, TODAY)), ['ethnicityCode'])
    assert.deepEqual(fieldsOf(validatePersonDetails({ ...child, ethnicityCode: 'wbri' }, TODAY)), ['ethnicityCode'])
    assert.deepEqual(fieldsOf(validatePersonDetails({ ...child, ethnicityCode: 'toString' }, TODAY)), ['ethnicityCode'])
    assert.deepEqual(fieldsOf(validatePersonDetails({ ...child, ethnicityCode: '__proto__' }, TODAY)), ['ethnicityCode'])
  })

  it('accepts SQL-looking free text in religion unchanged', () => {
    const text = "'; DROP TABLE person; --"
    assert.equal(valueOf(validatePersonDetails({ ...child, religion: text }, TODAY)).religion, text)
  })

  it('limits short free text to 100 characters', () => {
    assert.deepEqual(fieldsOf(validatePersonDetails({ ...child, religion: 'r'.repeat(101) }, TODAY)), ['religion'])
    assert.deepEqual(fieldsOf(validatePersonDetails({ ...child, firstLanguage: 'l'.repeat(101) }, TODAY)), ['firstLanguage'])
    assert.deepEqual(fieldsOf(validatePersonDetails({ ...child, genderIdentity: 'g'.repeat(101) }, TODAY)), ['genderIdentity'])
  })

  it('de-duplicates disabilities and rejects unknown codes once', () => {
    const v = valueOf(validatePersonDetails({ ...child, disabilities: ['AUT', 'HEAR', 'AUT'] }, TODAY))
    assert.deepEqual(v.disabilities, ['AUT', 'HEAR'])
    const r = validatePersonDetails({ ...child, disabilities: ['AUT', 'NOPE', 'ALSO_NOPE'] }, TODAY)
    assert.deepEqual(fieldsOf(r), ['disabilities'])
  })

  it('records interpreterNeeded only when exactly true', () => {
    assert.equal(valueOf(validatePersonDetails({ ...child, interpreterNeeded: true }, TODAY)).interpreterNeeded, true)
    assert.equal(valueOf(validatePersonDetails({ ...child, interpreterNeeded: undefined }, TODAY)).interpreterNeeded, false)
  })
})

describe('validateAddress', () => {
  const address: AddressInput = { line1: '1 High Street', town: 'Leeds', postcode: 'ls1 1ub', startDate: '2024-01-10' }

  it('accepts a valid address and normalises the postcode', () => {
    const v = valueOf(validateAddress(address, TODAY))
    assert.deepEqual(v, { line1: '1 High Street', line2: null, town: 'Leeds', postcode: 'LS1 1UB', startDate: '2024-01-10' })
  })

  it('normalises a postcode typed without a space', () => {
    assert.equal(valueOf(validateAddress({ ...address, postcode: 'sw1a1aa' }, TODAY)).postcode, 'SW1A 1AA')
  })

  it('requires a postcode in a valid UK format', () => {
    assert.deepEqual(fieldsOf(validateAddress({ ...address, postcode: undefined }, TODAY)), ['postcode'])
    assert.deepEqual(fieldsOf(validateAddress({ ...address, postcode: 'QQ1 1AA' }, TODAY)), ['postcode'])
    assert.deepEqual(fieldsOf(validateAddress({ ...address, postcode: '12345' }, TODAY)), ['postcode'])
    assert.deepEqual(fieldsOf(validateAddress({ ...address, postcode: 'SW1A 1AA SW1A 1AA' }, TODAY)), ['postcode'])
  })

  it('requires line 1 and town', () => {
    const fields = fieldsOf(validateAddress({ ...address, line1: ' ', town: undefined }, TODAY))
    assert.deepEqual(fields.sort(), ['line1', 'town'])
  })

  it('defaults the start date to today', () => {
    assert.equal(valueOf(validateAddress({ ...address, startDate: undefined }, TODAY)).startDate, TODAY)
    assert.equal(valueOf(validateAddress({ ...address, startDate: '' }, TODAY)).startDate, TODAY)
  })

  it('accepts a start date of today, rejects future and impossible start dates', () => {
    assert.equal(valueOf(validateAddress({ ...address, startDate: TODAY }, TODAY)).startDate, TODAY)
    assert.deepEqual(fieldsOf(validateAddress({ ...address, startDate: '2025-06-16' }, TODAY)), ['startDate'])
    assert.deepEqual(fieldsOf(validateAddress({ ...address, startDate: '2023-02-30' }, TODAY)), ['startDate'])
  })

  it('prefixes field names when asked', () => {
    const fields = fieldsOf(validateAddress({ ...address, postcode: 'nope', startDate: '2099-01-01' }, TODAY, 'address'))
    assert.deepEqual(fields, ['addressPostcode', 'addressStartDate'])
  })
})

describe('addMonths', () => {
  it('lands on the last day of a shorter month', () => {
    assert.equal(addMonths('2023-11-30', 3), '2024-02-29')
    assert.equal(addMonths('2024-01-31', 1), '2024-02-29')
    assert.equal(addMonths('2023-01-31', 1), '2023-02-28')
    assert.equal(addMonths('2024-03-31', 1), '2024-04-30')
  })

  it('crosses year boundaries both ways', () => {
    assert.equal(addMonths('2025-06-15', 10), '2026-04-15')
    assert.equal(addMonths('2025-01-15', -1), '2024-12-15')
    assert.equal(addMonths('2024-03-31', -1), '2024-02-29')
    assert.equal(addMonths('2025-12-01', 1), '2026-01-01')
    assert.equal(addMonths('2025-05-05', 0), '2025-05-05')
  })
})
