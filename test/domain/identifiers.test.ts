import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  formatNhsNumber,
  isValidNhsNumber,
  isValidPostcode,
  isValidUpn,
  normaliseNhsNumber,
  normalisePostcode,
  normaliseUpn,
  upnCheckLetter,
} from '../../src/domain/people/identifiers.ts'

describe('NHS number (modulus 11)', () => {
  // Worked by hand with weights 10..2 on the first nine digits; check = 11 - (sum mod 11), 11 → 0, 10 → invalid.
  //   999000001: 90+81+72+0+0+0+0+0+2 = 245; 245 mod 11 = 3; 11-3 = 8  → 9990000018
  //   999000002: 247 mod 11 = 5; 11-5 = 6                               → 9990000026
  //   999000005: 253 mod 11 = 0; 11-0 = 11 → 0                          → 9990000050
  //   999111111: 243+7+6+5+4+3+2 = 270; 270 mod 11 = 6; 11-6 = 5        → 9991111115
  //   999222222: 243+54 = 297; 297 mod 11 = 0 → 0                       → 9992222220
  //   999000010: 243+(1×3) = 246; 246 mod 11 = 4; 11-4 = 7           → 9990000107
  const valid = ['9990000018', '9990000026', '9990000050', '9991111115', '9992222220', '9990000107']

  it('accepts valid fictional numbers in the 999 range', () => {
    for (const n of valid) assert.equal(isValidNhsNumber(n), true, n)
  })

  it('agrees with an independent modulus 11 computation', () => {
    const checkDigit = (nine: string): number | null => {
      const weights = [10, 9, 8, 7, 6, 5, 4, 3, 2]
      const sum = weights.reduce((acc, w, i) => acc + w * Number(nine.charAt(i)), 0)
      const c = 11 - (sum % 11)
      return c === 11 ? 0 : c === 10 ? null : c
    }
    for (const n of valid) assert.equal(checkDigit(n.slice(0, 9)), Number(n.charAt(9)), n)
  })

  it('accepts spaces and hyphens', () => {
    assert.equal(isValidNhsNumber('999 000 0018'), true)
    assert.equal(isValidNhsNumber('999-000-0018'), true)
    assert.equal(isValidNhsNumber(' 999 111 1115 '), true)
    assert.equal(normaliseNhsNumber('999 000-0018'), '9990000018')
  })

  it('rejects a wrong check digit', () => {
    assert.equal(isValidNhsNumber('9990000019'), false)
    assert.equal(isValidNhsNumber('9990000017'), false)
    assert.equal(isValidNhsNumber('9991111116'), false)
  })

  it('rejects numbers whose check digit would be 10, whatever the last digit', () => {
    // 999123456: 90+81+72+7+12+15+16+15+12 = 320; 320 mod 11 = 1; 11-1 = 10 → no valid number
    for (let d = 0; d <= 9; d++) assert.equal(isValidNhsNumber(`999123456${d}`), false, `999123456${d}`)
  })

  it('rejects the wrong length, letters and empty input', () => {
    assert.equal(isValidNhsNumber(''), false)
    assert.equal(isValidNhsNumber('999000001'), false)
    assert.equal(isValidNhsNumber('99900000180'), false)
    assert.equal(isValidNhsNumber('999000001A'), false)
    assert.equal(isValidNhsNumber('ABCDEFGHIJ'), false)
    assert.equal(isValidNhsNumber('999.000.0018'), false)
  })
})

describe('formatNhsNumber', () => {
  it('formats ten digits as 3-3-4', () => {
    assert.equal(formatNhsNumber('9990000018'), '999 000 0018')
  })
  it('leaves anything else unchanged', () => {
    assert.equal(formatNhsNumber('999000001'), '999000001')
    assert.equal(formatNhsNumber('999 000 0018'), '999 000 0018')
    assert.equal(formatNhsNumber(''), '')
  })
})

describe('Unique pupil number', () => {
  // Independent implementation of the DfE rule: weights 2..13 on characters 2..13, sum mod 23, in the
  // alphabet without I, O and S; a temporary UPN's final letter counts as its position in that alphabet.
  const ALPHABET = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'Q', 'R', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z']
  const expectedCheck = (body: string): string => {
    let sum = 0
    for (let pos = 2; pos <= 13; pos++) {
      const ch = body.charAt(pos - 2)
      const value = ch >= '0' && ch <= '9' ? ch.charCodeAt(0) - 48 : ALPHABET.indexOf(ch)
      sum += value * pos
    }
    return ALPHABET[sum % 23] as string
  }

  const permanentBodies = ['201401234567', '820200100001', '207000016049', '801200005001']
  const temporaryBodies = ['93210000001A', '93210000001Z']

  it('computes the documented check letter (permanent and temporary bodies)', () => {
    for (const body of [...permanentBodies, ...temporaryBodies]) assert.equal(upnCheckLetter(body), expectedCheck(body), body)
    // Hard-coded results of the hand calculation above, so a shared mistake cannot hide.
    assert.equal(upnCheckLetter('201401234567'), 'Q')
    assert.equal(upnCheckLetter('820200100001'), 'H')
    // 2×2 + 7×4 + 1×9 + 6×10 + 4×12 + 9×13 = 266; 266 mod 23 = 13 → P (A=0 … H=7, J=8 … N=12, P=13)
    assert.equal(upnCheckLetter('207000016049'), 'P')
    assert.equal(upnCheckLetter('801200005001'), 'B')
    assert.equal(upnCheckLetter('93210000001A'), 'G')
    assert.equal(upnCheckLetter('93210000001Z'), 'T')
  })

  it('accepts valid permanent UPNs', () => {
    assert.equal(isValidUpn('Q201401234567'), true)
    assert.equal(isValidUpn('H820200100001'), true)
    assert.equal(isValidUpn('P207000016049'), true)
    assert.equal(isValidUpn('B801200005001'), true)
  })

  it('accepts a temporary UPN ending in a letter', () => {
    assert.equal(isValidUpn('G93210000001A'), true)
    assert.equal(isValidUpn('T93210000001Z'), true)
  })

  it('accepts lower case and spaces, and normalises them', () => {
    assert.equal(isValidUpn('q 2014 0123 4567'), true)
    assert.equal(isValidUpn('g93210000001a'), true)
    assert.equal(normaliseUpn(' q2014 01234567 '), 'Q201401234567')
  })

  it('rejects a wrong check letter', () => {
    assert.equal(isValidUpn('A201401234567'), false)
    assert.equal(isValidUpn('B207000016049'), false)
    assert.equal(isValidUpn('Q207000016049'), false)
    assert.equal(isValidUpn('H93210000001A'), false)
  })

  it('rejects I, O and S as the check letter or the temporary letter', () => {
    for (const letter of ['I', 'O', 'S']) {
      assert.equal(isValidUpn(`${letter}201401234567`), false, `check letter ${letter}`)
      assert.equal(upnCheckLetter(`93210000001${letter}`), null, `temporary letter ${letter}`)
      for (const check of ALPHABET) assert.equal(isValidUpn(`${check}93210000001${letter}`), false, `${check}93210000001${letter}`)
    }
  })

  it('rejects the wrong length and misplaced letters', () => {
    assert.equal(isValidUpn(''), false)
    assert.equal(isValidUpn('Q20140123456'), false)
    assert.equal(isValidUpn('Q2014012345670'), false)
    assert.equal(isValidUpn('2201401234567'), false)
    assert.equal(upnCheckLetter('2014A1234567'), null)
    assert.equal(upnCheckLetter('20140123456'), null)
  })
})

describe('postcodes', () => {
  it('accepts valid formats', () => {
    for (const p of ['SW1A 1AA', 'M1 1AE', 'B33 8TH', 'CR2 6XH', 'DN55 1PT', 'EC1A 1BB', 'W1A 0AX', 'GIR 0AA'])
      assert.equal(isValidPostcode(p), true, p)
  })

  it('accepts lower case and missing or extra spaces, and normalises to upper case with one space', () => {
    assert.equal(isValidPostcode('sw1a1aa'), true)
    assert.equal(isValidPostcode('  m1   1ae '), true)
    assert.equal(isValidPostcode('dn551pt'), true)
    assert.equal(normalisePostcode('sw1a1aa'), 'SW1A 1AA')
    assert.equal(normalisePostcode('  m1   1ae '), 'M1 1AE')
    assert.equal(normalisePostcode('ec1a 1bb'), 'EC1A 1BB')
  })

  it('rejects letters not allowed in their position', () => {
    assert.equal(isValidPostcode('QQ1 1AA'), false) // Q never first
    assert.equal(isValidPostcode('V1 1AA'), false) // V never first
    assert.equal(isValidPostcode('X1 1AA'), false) // X never first
    assert.equal(isValidPostcode('AI1 1AA'), false) // I never second
    assert.equal(isValidPostcode('SW1A 1CA'), false) // C never in the inward letters
    assert.equal(isValidPostcode('SW1A 1AO'), false) // O never in the inward letters
  })

  it('rejects malformed input', () => {
    for (const p of ['12345', 'AB1', '', '   ', 'SW1A', 'SW1A 1AAA', 'SW1A-1AA', 'SW1A 11A', '1SW 1AA', 'ABC1 1AA'])
      assert.equal(isValidPostcode(p), false, JSON.stringify(p))
  })
})
