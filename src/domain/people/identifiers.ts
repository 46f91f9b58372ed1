/**
 * National identifiers, checked the way the issuing bodies define them, so a mistyped number is caught
 * at the keyboard instead of in the CIN census months later.
 */

/** NHS number: 10 digits, modulus 11 check digit (NHS Data Dictionary, "NHS Number"). */
export function normaliseNhsNumber(input: string): string {
  return input.replace(/[\s-]/g, '')
}

export function isValidNhsNumber(input: string): boolean {
  const n = normaliseNhsNumber(input)
  if (!/^\d{10}$/.test(n)) return false
  let sum = 0
  for (let i = 0; i < 9; i++) sum += Number(n[i]) * (10 - i)
  const check = 11 - (sum % 11)
  if (check === 10) return false
  return (check === 11 ? 0 : check) === Number(n[9])
}

/** Formats as 3-3-4, the way it is printed on NHS letters. */
export function formatNhsNumber(n: string): string {
  return /^\d{10}$/.test(n) ? `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}` : n
}

/**
 * Unique Pupil Number: 13 characters — a check letter, then 11 digits (LA, school, year, serial), then a
 * digit, or a letter for a temporary UPN. The check letter is the weighted sum (weights 2–13 on
 * characters 2–13) modulo 23, in the DfE's 23-letter alphabet (no I, O or S). (DfE, "Unique pupil
 * numbers (UPN)" guidance, annex on the check letter.)
 */
const UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ'

export function normaliseUpn(input: string): string {
  return input.replace(/\s/g, '').toUpperCase()
}

export function upnCheckLetter(body12: string): string | null {
  if (!/^\d{11}[0-9ABCDEFGHJKLMNPQRTUVWXYZ]$/.test(body12)) return null
  let sum = 0
  for (let i = 0; i < 12; i++) {
    const ch = body12[i] as string
    const value = /\d/.test(ch) ? Number(ch) : UPN_LETTERS.indexOf(ch)
    sum += value * (i + 2)
  }
  return UPN_LETTERS[sum % 23] ?? null
}

export function isValidUpn(input: string): boolean {
  const u = normaliseUpn(input)
  if (u.length !== 13) return false
  const expected = upnCheckLetter(u.slice(1))
  return expected !== null && expected === u[0]
}

/** UK postcode (the format, not whether it exists). Normalised to upper case with one space. */
const POSTCODE = /^(GIR 0AA|[A-PR-UWYZ](\d{1,2}|[A-HK-Y]\d{1,2}|\d[A-HJKPSTUW]|[A-HK-Y]\d[ABEHMNPRV-Y]) \d[ABD-HJLNP-UW-Z]{2})$/

export function normalisePostcode(input: string): string {
  const compact = input.replace(/\s/g, '').toUpperCase()
  if (compact.length < 5) return compact
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`
}

export function isValidPostcode(input: string): boolean {
  return POSTCODE.test(normalisePostcode(input))
}
