/**
 * Child-level CIN census rules: ChildIdentifiers and ChildCharacteristics (SPEC.md section c,
 * "Child identifiers" and "Child characteristics"), one child at a time.
 */
import { upnCheckLetter } from '../../../people/identifiers.ts'
import { isLaCode } from '../../laCodes.ts'
import type { CinCensusEpisode } from '../model.ts'
import { addMonths, addYears, day, DISABILITY_CODES, ETHNICITY_CODES, fail, isFalse, isTrue, iso, list, SEX_CODES, show, text, type ChildContext } from './support.ts'

const UPN_UNKNOWN_SCHOOL_AGE = new Set(['UN2', 'UN3', 'UN4', 'UN5', 'UN6', 'UN7'])

export function identifierRules(ctx: ChildContext): void {
  const c = ctx.child
  const period = ctx.period
  const id = text(c.laChildId)
  const upn = text(c.upn)
  const episodes = list(c.episodes)

  // CIN census 8500, 1570, 1580: LAchildID present, ≤ 20 characters, letters and digits only.
  if (id === undefined) fail(ctx, '8500', 'LAchildID', 'The child’s LA identifier (LAchildID) is missing: every child needs one.')
  else {
    if (id.length > 20) fail(ctx, '1570', 'LAchildID', `The child’s LA identifier "${id}" is ${id.length} characters long: it must be 20 characters or fewer.`)
    if (!/^[\p{L}\p{N}]+$/u.test(id)) fail(ctx, '1580', 'LAchildID', `The child’s LA identifier "${id}" contains spaces or symbols: use letters and digits only.`)
  }

  if (upn !== undefined) {
    const u = upn.toUpperCase()
    // CIN census 1510: check letter (weights 2…13 on characters 2…13, mod 23). Only when the rest is well formed.
    if (u.length === 13) {
      const expected = upnCheckLetter(u.slice(1))
      if (expected !== null && expected !== u[0]) fail(ctx, '1510', 'UPN', `The UPN ${upn} has the wrong check letter: it starts with "${u[0]}" but its digits give "${expected}". Check the UPN with the child’s school.`)
    }
    // CIN census 1530: characters 2–4 are the LA code that issued the UPN.
    if (u.length === 13 && !isLaCode(u.slice(1, 4))) fail(ctx, '1530', 'UPN', `The UPN ${upn} does not contain a recognised local authority code in characters 2–4 ("${u.slice(1, 4)}"). Check the UPN with the child’s school.`)
    // CIN census 1540: characters 5–12 numeric (a short UPN fails here, as in the reference implementation).
    if (!/^\d{8}$/.test(u.slice(4, 12))) fail(ctx, '1540', 'UPN', `The UPN ${upn} is not valid: characters 5 to 12 must all be digits (a UPN is 13 characters).`)
    // CIN census 1550: character 13 a digit or a letter other than I, O, S (temporary UPN).
    if (!/^[0-9A-HJ-NP-RT-Z]$/.test(u[12] ?? '')) fail(ctx, '1550', 'UPN', `The UPN ${upn} is not valid: character 13 must be a digit or a letter other than I, O or S.`)
  }

  // CIN census 1560Q: FormerUPN a letter then 12 digits (reference implementation's reading).
  const former = text(c.formerUpn)
  if (former !== undefined && !/^[A-Za-z]\d{12}$/.test(former)) fail(ctx, '1560Q', 'FormerUPN', `The former UPN ${former} is not in UPN format (a letter followed by 12 digits). Please check it.`)

  // CIN census 4180: Sex M, F or U (from 2024-25).
  const sex = text(c.sex)
  if (sex === undefined || !SEX_CODES.has(sex)) fail(ctx, '4180', 'Sex', sex === undefined ? 'Sex is missing: record M, F or U (unknown).' : `Sex "${sex}" is not a valid code: use M, F or U (unknown).`)

  const birth = day(c.personBirthDate)
  const expected = day(c.expectedPersonBirthDate)
  const death = day(c.personDeathDate)
  const hasBirth = text(c.personBirthDate) !== undefined
  const hasExpected = text(c.expectedPersonBirthDate) !== undefined

  // CIN census 8520: born on or before the reference date.
  if (period && birth !== undefined && birth > period.end) fail(ctx, '8520', 'PersonBirthDate', `The date of birth (${show(birth)}) is after the census reference date (${show(period.end)}). For an unborn child record the expected date of birth instead.`)
  // CIN census 8525Q: exactly one of date of birth / expected date of birth.
  if (hasBirth === hasExpected) fail(ctx, '8525Q', hasBirth ? 'ExpectedPersonBirthDate' : 'PersonBirthDate', hasBirth ? 'Both a date of birth and an expected date of birth are recorded: keep only the date of birth once the child is born.' : 'Neither a date of birth nor an expected date of birth is recorded: please add one.')
  // CIN census 8530Q: expected date of birth between ReferenceDate − 30 days and + 9 months.
  if (period && expected !== undefined && (expected < period.end - 30 || expected > addMonths(period.end, 9))) fail(ctx, '8530Q', 'ExpectedPersonBirthDate', `The expected date of birth (${show(expected)}) is outside the range expected for this census (${show(period.end - 30)} to ${show(addMonths(period.end, 9))}). Please check it, or record the date of birth if the child has been born.`)
  // CIN census 8535Q, 8545Q: death after birth, in the year.
  if (death !== undefined && birth !== undefined && death < birth) fail(ctx, '8535Q', 'PersonDeathDate', `The date of death (${show(death)}) is before the date of birth (${show(birth)}). Please check both dates.`)
  if (period && death !== undefined && (death < period.start || death > period.end)) fail(ctx, '8545Q', 'PersonDeathDate', `The date of death (${show(death)}) is ${death < period.start ? 'before' : 'after'} the census year (${show(period.start)} to ${show(period.end)}). Please check it.`)

  // CIN census 8590: at least one CINdetails.
  if (episodes.length === 0) fail(ctx, '8590', 'CINdetails', 'The child has no referral (CINdetails): every child in the return needs at least one.')

  // CIN census 8750: an unborn child's Sex is U.
  if (!hasBirth && hasExpected && sex !== 'U') fail(ctx, '8750', 'Sex', `The child is unborn (only an expected date of birth is recorded), so Sex must be U, not "${sex ?? ''}".`)

  const someNotNfa = episodes.some((e) => isFalse(e?.referralNfa))
  const upnUnknown = text(c.upnUnknown)?.toUpperCase()

  // CIN census 8770Q: school age = born on or before 31 August six years before the September after
  // the reference date (SPEC.md; the reference implementation uses four years).
  if (period && birth !== undefined && someNotNfa && upn === undefined && !(upnUnknown && UPN_UNKNOWN_SCHOOL_AGE.has(upnUnknown))) {
    const refIso = iso(period.end)
    const septemberYear = Number(refIso.slice(0, 4)) + (Number(refIso.slice(5, 7)) >= 9 ? 1 : 0)
    const cutoff = day(`${septemberYear - 6}-08-31`)
    if (cutoff !== undefined && birth <= cutoff) fail(ctx, '8770Q', 'UPN', `The child is of school age but has no UPN${upnUnknown ? ` and "${upnUnknown}" is not a reason that applies to a school-age child` : ' and no reason why (UPNunknown UN2–UN7)'}. Please add the UPN or the reason it is not known.`)
  }
  // CIN census 8772: UN7 (referral with no further action) only when every episode is NFA.
  if (upnUnknown === 'UN7' && episodes.some((e) => !isTrue(e?.referralNfa))) fail(ctx, '8772', 'UPNunknown', 'UPN unknown reason UN7 (referral with no further action) is used, but the child has a referral that was not "no further action". Record the UPN or another reason.')
  // CIN census 8775Q: over 25 on the reference date with an episode open or closed after the 25th birthday.
  if (period && birth !== undefined && birth < addYears(period.end, -25)) {
    const turned25 = addYears(birth, 25)
    if (episodes.some((e: CinCensusEpisode | undefined) => { const cl = day(e?.cinClosureDate); return cl === undefined || cl > turned25 })) fail(ctx, '8775Q', 'PersonBirthDate', `The child is recorded as born on ${show(birth)}, so is over 25, with an episode still open or closed after their 25th birthday. Please check the date of birth.`)
  }
}

export function characteristicRules(ctx: ChildContext): void {
  const c = ctx.child
  // CIN census 4220: Ethnicity present and valid.
  const eth = text(c.ethnicity)
  if (eth === undefined || !ETHNICITY_CODES.has(eth)) fail(ctx, '4220', 'Ethnicity', eth === undefined ? 'Ethnicity is missing: record the child’s ethnic group, or REFU (refused) or NOBT (not yet obtained).' : `Ethnicity "${eth}" is not a valid code.`)

  const raw = Array.isArray(c.disabilities) ? c.disabilities : undefined
  const codes = (raw ?? []).map((d) => text(d))
  const present = codes.filter((d): d is string => d !== undefined)
  // CIN census 8540: a born child with a non-NFA episode needs at least one disability code, all valid.
  const born = text(c.personBirthDate) !== undefined
  if (born && list(c.episodes).some((e) => isFalse(e?.referralNfa))) {
    const invalid = codes.filter((d) => d === undefined || !DISABILITY_CODES.has(d))
    if (present.length === 0) fail(ctx, '8540', 'Disability', 'No disability is recorded: record each of the child’s disabilities, or NONE if they have none.')
    else if (invalid.length > 0) fail(ctx, '8540', 'Disability', `Disability code${invalid.length > 1 ? 's' : ''} ${invalid.map((d) => `"${d ?? ''}"`).join(', ')} ${invalid.length > 1 ? 'are' : 'is'} not valid.`)
  }
  // CIN census 8790: NONE stands alone.
  if (present.includes('NONE') && present.some((d) => d !== 'NONE')) fail(ctx, '8790', 'Disability', 'Disability NONE is recorded together with other disabilities: remove NONE or the other codes.')
  // CIN census 8794: no code twice.
  const seen = new Set<string>()
  const dup = new Set<string>()
  for (const d of present) (seen.has(d) ? dup : seen).add(d)
  if (dup.size > 0) fail(ctx, '8794', 'Disability', `Disability ${[...dup].join(', ')} is recorded more than once for this child.`)
}
