/**
 * CIN census rules about a child's episodes (CINdetails) and what is inside them: assessments, CIN
 * plans, section 47 enquiries and initial conferences, child protection plans (SPEC.md section c).
 * Rules that compare episodes of the same child (8815, 8816, 8820, 4014, 4016, 4017, 8935, 8940,
 * 2884) are here too: they need only the one child.
 */
import type { CinCensusAssessment, CinCensusCinPlan, CinCensusCpPlan, CinCensusEpisode, CinCensusSection47 } from '../model.ts'
import {
  ABUSE_CATEGORY_CODES, ASSESSMENT_FACTOR_CODES, CLOSURE_REASON_CODES, day, episodeName, fail, isFalse, isTrue, isWeekend, list, PRIMARY_NEED_CODES,
  REFERRAL_SOURCE_CODES, show, text, workingDaysBefore, type ChildContext,
} from './support.ts'

const APRIL_2013 = day('2013-04-01') as number

function inPeriod(ctx: ChildContext, d: number): boolean {
  return ctx.period === undefined || (d >= ctx.period.start && d <= ctx.period.end)
}

function yearText(ctx: ChildContext): string {
  return ctx.period ? `the census year (${show(ctx.period.start)} to ${show(ctx.period.end)})` : 'the census year'
}

/** "before the census year (…)" or "after the end of the census year (…)", for a date outside it. */
function outside(ctx: ChildContext, d: number): string {
  return ctx.period && d < ctx.period.start ? `before ${yearText(ctx)}` : `after the end of ${yearText(ctx)}`
}

/** What to do about an item dated before the year (leave it out) or after it (it is next year's). */
function outsideAdvice(ctx: ChildContext, d: number, what: string): string {
  return ctx.period && d < ctx.period.start ? `${what} that finished before the year should be left out of the return.` : 'A date after the reference date cannot be reported in this return: check the date.'
}

function nth(i: number, what: string): string {
  return `${what} ${i + 1}`
}

/** The factor codes of an assessment, trimmed; undefined entries for blank ones. */
function factorsOf(a: CinCensusAssessment): { present: boolean; codes: Array<string | undefined> } {
  if (!Array.isArray(a.factors)) return { present: false, codes: [] }
  return { present: true, codes: a.factors.map((f) => text(f)) }
}

// ---------------------------------------------------------------- one episode

export function episodeRules(ctx: ChildContext, ep: CinCensusEpisode, e: number): void {
  const c = ctx.child
  const period = ctx.period
  const name = episodeName(ep, e)
  const referral = day(ep.cinReferralDate)
  const closure = day(ep.cinClosureDate)
  const death = day(c.personDeathDate)
  const nfa = isTrue(ep.referralNfa)
  const reason = text(ep.reasonForClosure)
  const need = text(ep.primaryNeedCode)
  const source = text(ep.referralSource)
  const cinIcpc = day(ep.dateOfInitialCpc)
  const assessments = list(ep.assessments).filter((a): a is CinCensusAssessment => !!a && typeof a === 'object')
  const plans = list(ep.cinPlans).filter((p): p is CinCensusCinPlan => !!p && typeof p === 'object')
  const s47s = list(ep.section47s).filter((s): s is CinCensusSection47 => !!s && typeof s === 'object')
  const cpps = list(ep.cpPlans).filter((p): p is CinCensusCpPlan => !!p && typeof p === 'object')
  const f = (rule: string, field: string, message: string, others?: readonly string[]) => fail(ctx, rule, field, message, e, others)

  // CIN census 8600: referral date present and on or before the reference date.
  if (referral === undefined) f('8600', 'CINreferralDate', `The referral date of ${nth(e, 'episode')} is missing or not a real date: every episode needs the date of the referral that opened it.`)
  else if (period && referral > period.end) f('8600', 'CINreferralDate', `The referral date (${show(referral)}) is after the census reference date (${show(period.end)}): referrals after the census year belong in next year's return.`)
  // CIN census 8555Q: no referral after death.
  if (referral !== undefined && death !== undefined && referral > death) f('8555Q', 'CINreferralDate', `The referral (${show(referral)}) is after the child’s recorded date of death (${show(death)}). Please check both dates.`)
  // CIN census 8606: referral at most 280 days before the (expected) birth.
  const birth = day(c.personBirthDate)
  const expectedBirth = day(c.expectedPersonBirthDate)
  if (referral !== undefined && ((birth !== undefined && referral < birth - 280) || (expectedBirth !== undefined && referral < expectedBirth - 280))) f('8606', 'CINreferralDate', `The referral (${show(referral)}) is more than 40 weeks before the child’s ${birth !== undefined ? 'date of birth' : 'expected date of birth'}. Please check the dates.`, ['PersonBirthDate', 'ExpectedPersonBirthDate'])
  // CIN census 8568: ReferralNFA true/false/1/0.
  if (!nfa && !isFalse(ep.referralNfa)) f('8568', 'ReferralNFA', text(ep.referralNfa) === undefined ? `Whether ${name} led to no further action (ReferralNFA) is missing: record true or false.` : `ReferralNFA "${text(ep.referralNfa)}" is not valid: use true or false.`)
  // CIN census 8569Q: an NFA referral should be in the year (from 1 working day before its start).
  if (period && nfa && referral !== undefined) {
    const limit = workingDaysBefore(ctx.calendar, period.start, 1)
    if (limit !== undefined && referral < limit) f('8569Q', 'ReferralNFA', `The referral of ${show(referral)} is marked as no further action but is before the census year. An NFA referral from an earlier year should not be in this return; if work continued, ReferralNFA should be false.`)
  }
  // CIN census 8610, 8650: primary need for every referral that is not NFA; a valid code.
  if (!nfa && need === undefined) f('8610', 'PrimaryNeedCode', 'Primary need code is missing: every referral that is not "no further action" needs one.')
  if (need !== undefined && !PRIMARY_NEED_CODES.has(need)) f('8650', 'PrimaryNeedCode', `Primary need code "${need}" is not valid: use N0 to N9.`)
  // CIN census 8866: referral source for referrals from 1 April 2013.
  if ((referral === undefined || referral >= APRIL_2013) && (source === undefined || !REFERRAL_SOURCE_CODES.has(source))) f('8866', 'ReferralSource', source === undefined ? `The referral source is missing for ${name}: record who made the referral.` : `Referral source "${source}" is not a valid code.`)

  // Closure: 8620 in year, 8630 after referral, 8640 valid reason, 8805/8810 date and reason together.
  if (closure !== undefined && period && !inPeriod(ctx, closure)) f('8620', 'CINclosureDate', `The episode closure date (${show(closure)}) is ${outside(ctx, closure)}. ${outsideAdvice(ctx, closure, 'An episode')}`)
  if (closure !== undefined && referral !== undefined && closure < referral) f('8630', 'CINclosureDate', `The episode closes (${show(closure)}) before its referral (${show(referral)}). Please check the dates.`, ['CINreferralDate'])
  if (reason !== undefined && !CLOSURE_REASON_CODES.has(reason)) f('8640', 'ReasonForClosure', `Reason for closure "${reason}" is not valid: use RC1 to RC9.`)
  if (text(ep.cinClosureDate) !== undefined && reason === undefined) f('8805', 'ReasonForClosure', `${cap(name)} has a closure date but no reason for closure.`)
  if (reason !== undefined && text(ep.cinClosureDate) === undefined) f('8810', 'CINclosureDate', `${cap(name)} has a reason for closure (${reason}) but no closure date.`)
  // CIN census 8585Q: RC2 (child died) needs a date of death.
  if (reason === 'RC2' && text(c.personDeathDate) === undefined) f('8585Q', 'PersonDeathDate', 'The episode was closed because the child died (RC2) but no date of death is recorded. Please add it.')

  // CIN census 8565: nothing after the closure date. Locations as the reference (rule_8565.py): the
  // episode's closure and conference dates, and both dates of each late assessment, S47 and CIN plan.
  // Its check of CPPendDate runs on a fixed test table, so it never points at a child protection plan.
  if (closure !== undefined) {
    const after: string[] = []
    const late: string[] = []
    if (cinIcpc !== undefined && cinIcpc > closure) after.push(`initial conference on ${show(cinIcpc)}`)
    assessments.forEach((a, i) => {
      const st = day(a.actualStartDate)
      const au = day(a.authorisationDate)
      if (st !== undefined && st > closure) after.push(`assessment ${i + 1} started ${show(st)}`)
      else if (au !== undefined && au > closure) after.push(`assessment ${i + 1} authorised ${show(au)}`)
      else return
      late.push('AssessmentActualStartDate', 'AssessmentAuthorisationDate')
    })
    s47s.forEach((s, i) => {
      const st = day(s.actualStartDate)
      const ic = day(s.dateOfInitialCpc)
      if (st !== undefined && st > closure) after.push(`section 47 enquiry ${i + 1} started ${show(st)}`)
      else if (ic !== undefined && ic > closure) after.push(`initial conference on ${show(ic)}`)
      else return
      late.push('S47ActualStartDate', 'DateOfInitialCPC')
    })
    cpps.forEach((p) => {
      const en = day(p.endDate)
      if (en !== undefined && en > closure) after.push(`child protection plan ended ${show(en)}`)
    })
    plans.forEach((p) => {
      const st = day(p.startDate)
      const en = day(p.endDate)
      if (st !== undefined && st > closure) after.push(`CIN plan started ${show(st)}`)
      else if (en !== undefined && en > closure) after.push(`CIN plan ended ${show(en)}`)
      else return
      late.push('CINPlanStartDate', 'CINPlanEndDate')
    })
    if (after.length > 0) f('8565', 'CINclosureDate', `The episode is closed on ${show(closure)} but there is activity after that: ${after.join('; ')}. Correct the dates or the closure date.`, ['DateOfInitialCPC', ...late])
  }

  // CIN census 2990: RC8/RC9 (closed after assessment) means no S47, CPP, conference or CIN plan.
  if ((reason === 'RC8' || reason === 'RC9') && (s47s.length > 0 || cpps.length > 0 || cinIcpc !== undefined || text(ep.dateOfInitialCpc) !== undefined || plans.length > 0)) {
    const what = [s47s.length > 0 && 'a section 47 enquiry', cpps.length > 0 && 'a child protection plan', text(ep.dateOfInitialCpc) !== undefined && 'an initial conference', plans.length > 0 && 'a CIN plan'].filter(Boolean).join(', ')
    f('2990', 'ReasonForClosure', `The episode was closed after assessment with no further involvement (${reason}) but it has ${what}. Change the reason for closure or correct the record.`)
  }
  // CIN census 2991Q: a section 47 normally comes with an assessment.
  if (s47s.length > 0 && assessments.length === 0) f('2991Q', 'Assessments', 'A section 47 enquiry is recorded but the episode has no assessment. Please check whether an assessment is missing.')
  // CIN census 8825Q: RC8/RC9 need an assessment.
  if ((reason === 'RC8' || reason === 'RC9') && assessments.length === 0) f('8825Q', 'ReasonForClosure', `The episode was closed after assessment (${reason}) but no assessment is recorded.`)
  // CIN census 8831, 4000, 8832: an NFA referral has no assessment, S47, conference, CIN plan or CPP.
  if (nfa && (assessments.length > 0 || s47s.length > 0 || text(ep.dateOfInitialCpc) !== undefined || s47s.some((s) => text(s.dateOfInitialCpc) !== undefined))) f('8831', 'ReferralNFA', 'The referral is marked as no further action but has an assessment, section 47 enquiry or initial conference. Set ReferralNFA to false or correct the record.')
  if (nfa && plans.length > 0) f('4000', 'CINPlanStartDate', 'The referral is marked as no further action but has a CIN plan. Set ReferralNFA to false or correct the record.')
  if (nfa && cpps.length > 0) f('8832', 'CPPstartDate', 'The referral is marked as no further action but has a child protection plan. Set ReferralNFA to false or correct the record.')
  // CIN census 8867, 8868: a closed episode has completed assessments and concluded section 47s.
  if (text(ep.cinClosureDate) !== undefined) {
    if (assessments.some((a) => text(a.authorisationDate) === undefined)) f('8867', 'AssessmentAuthorisationDate', 'The episode is closed but an assessment has no authorisation (completion) date.')
    if (s47s.some((s) => text(s.dateOfInitialCpc) === undefined && !isTrue(s.icpcNotRequired))) f('8868', 'ICPCnotRequired', 'The episode is closed but a section 47 enquiry has neither an initial conference date nor "conference not required".')
  }

  assessmentRules(ctx, e, assessments, referral, reason)
  cinPlanRules(ctx, e, plans, referral, death, cpps)
  section47Rules(ctx, e, s47s, referral, cinIcpc)
  cpPlanRules(ctx, e, cpps, referral, death, s47s, cinIcpc)
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}

// ---------------------------------------------------------------- assessments

function assessmentRules(ctx: ChildContext, e: number, assessments: CinCensusAssessment[], referral: number | undefined, reason: string | undefined): void {
  const period = ctx.period
  const f = (rule: string, field: string, message: string, others?: readonly string[]) => fail(ctx, rule, field, message, e, others)
  const limit45 = period ? workingDaysBefore(ctx.calendar, period.end, 45) : undefined
  let incomplete = 0
  assessments.forEach((a, i) => {
    const label = assessments.length > 1 ? `Assessment ${i + 1}` : 'The assessment'
    const start = day(a.actualStartDate)
    const auth = day(a.authorisationDate)
    const completed = text(a.authorisationDate) !== undefined
    const { present: hasFactors, codes } = factorsOf(a)
    const factors = codes.filter((x): x is string => x !== undefined)
    if (!completed) incomplete += 1
    // CIN census 1103, 8608: starts on/after the referral; authorised on/after the start.
    if (start !== undefined && referral !== undefined && start < referral) f('1103', 'AssessmentActualStartDate', `${label} started (${show(start)}) before the referral (${show(referral)}). Please check the dates.`, ['CINreferralDate'])
    if (auth !== undefined && start !== undefined && auth < start) f('8608', 'AssessmentAuthorisationDate', `${label} is authorised (${show(auth)}) before it started (${show(start)}). Please check the dates.`, ['AssessmentActualStartDate'])
    // CIN census 8696: authorised in the year.
    if (auth !== undefined && period && !inPeriod(ctx, auth)) f('8696', 'AssessmentAuthorisationDate', `${label} was authorised on ${show(auth)}, ${outside(ctx, auth)}. ${outsideAdvice(ctx, auth, 'An assessment')}`)
    // CIN census 8614: factors only once the assessment is completed.
    if (!completed && factors.length > 0) f('8614', 'AssessmentFactors', `${label} has factors recorded but is not yet authorised: factors belong to a completed assessment.`)
    // CIN census 8736, 8670Q: an incomplete assessment started in the year and not long ago.
    if (!completed && start !== undefined && period) {
      if (!inPeriod(ctx, start)) f('8736', 'AssessmentActualStartDate', `${label} has no authorisation date and started on ${show(start)}, ${outside(ctx, start)}. An assessment still in progress must have started in the year: add its authorisation date if it was completed.`)
      if (limit45 !== undefined && start < limit45) f('8670Q', 'AssessmentActualStartDate', `${label} started on ${show(start)}, more than 45 working days before the end of the census year, and is still not authorised. Please check whether it has been completed.`)
    }
    // CIN census 8897Q: a completed assessment from this year has at least one factor, all valid.
    if (auth !== undefined && period && auth >= period.start) {
      const invalid = codes.filter((x) => x === undefined || !ASSESSMENT_FACTOR_CODES.has(x))
      if (!hasFactors || factors.length === 0) f('8897Q', 'AssessmentFactors', `${label} was completed on ${show(auth)} but no factors identified at assessment are recorded (use 21 if none were found).`, ['AssessmentAuthorisationDate'])
      else if (invalid.length > 0) f('8897Q', 'AssessmentFactors', `${label} has factor code${invalid.length > 1 ? 's' : ''} ${invalid.map((x) => `"${x ?? ''}"`).join(', ')} that ${invalid.length > 1 ? 'are' : 'is'} not valid.`, ['AssessmentAuthorisationDate'])
    }
    // CIN census 8898, 8869, 8945Q, 8950Q.
    const seen = new Set<string>()
    const dup = new Set<string>()
    for (const x of factors) (seen.has(x) ? dup : seen).add(x)
    if (dup.size > 0) f('8898', 'AssessmentFactors', `${label} records factor ${[...dup].join(', ')} more than once.`)
    if (factors.includes('21') && factors.some((x) => x !== '21')) f('8869', 'AssessmentFactors', `${label} records 21 (no factors identified) together with other factors: use either 21 alone or the factors found.`)
    if (factors.includes('18A')) f('8945Q', 'AssessmentFactors', `${label} uses factor 18A, which is no longer used: record 18B (child-on-child) or 18C (adult-on-child) physical abuse.`)
    if (factors.includes('19A')) f('8950Q', 'AssessmentFactors', `${label} uses factor 19A, which is no longer used: record 19B (child-on-child) or 19C (adult-on-child) sexual abuse.`)
  })
  // CIN census 8896: at most one open assessment per episode.
  if (incomplete > 1) f('8896', 'AssessmentAuthorisationDate', `The episode has ${incomplete} assessments without an authorisation date: only one can be in progress at a time.`)
  // CIN census 8873Q: a single assessment that found no factors (21) suggests closure RC8/RC9.
  if (assessments.length === 1) {
    const only = assessments[0] as CinCensusAssessment
    if (factorsOf(only).codes.includes('21') && reason !== 'RC8' && reason !== 'RC9') f('8873Q', 'ReasonForClosure', 'The only assessment in this episode found no factors (21) but the episode is not closed as RC8 or RC9 (closed after assessment). Please check the reason for closure.')
  }
  // CIN census 8863Q: an assessment does not start while another in the episode is ongoing.
  assessments.forEach((a, i) => {
    const start = day(a.actualStartDate)
    if (start === undefined) return
    const clash = assessments.some((b, j) => {
      if (j === i) return false
      const bs = day(b.actualStartDate)
      const be = day(b.authorisationDate)
      if (bs === undefined || start < bs) return false
      if (bs === start && text(b.authorisationDate) === text(a.authorisationDate)) return false // the same assessment twice
      if (be !== undefined) return start <= be
      return period !== undefined && text(b.authorisationDate) === undefined && start <= period.end
    })
    if (clash) f('8863Q', 'AssessmentActualStartDate', `Assessment ${i + 1} starts on ${show(start)} while another assessment in the same episode is still going on. Please check the dates.`)
  })
}

// ---------------------------------------------------------------- CIN plans

function cinPlanRules(ctx: ChildContext, e: number, plans: CinCensusCinPlan[], referral: number | undefined, death: number | undefined, cpps: CinCensusCpPlan[]): void {
  const period = ctx.period
  const f = (rule: string, field: string, message: string, others?: readonly string[]) => fail(ctx, rule, field, message, e, others)
  let open = 0
  plans.forEach((p, i) => {
    const label = plans.length > 1 ? `CIN plan ${i + 1}` : 'The CIN plan'
    const start = day(p.startDate)
    const end = day(p.endDate)
    if (text(p.endDate) === undefined) open += 1
    // CIN census 4010: start present, on or before the reference date.
    if (start === undefined) f('4010', 'CINPlanStartDate', `${label} has no start date (or it is not a real date).`)
    else if (period && start > period.end) f('4010', 'CINPlanStartDate', `${label} starts (${show(start)}) after the census reference date (${show(period.end)}).`)
    if (start !== undefined && referral !== undefined && start < referral) f('4015', 'CINPlanStartDate', `${label} starts (${show(start)}) before the referral (${show(referral)}).`, ['CINreferralDate'])
    if (start !== undefined && death !== undefined && start > death) f('4008', 'CINPlanStartDate', `${label} starts (${show(start)}) after the child’s date of death (${show(death)}).`, ['PersonDeathDate'])
    if (end !== undefined && death !== undefined && end > death) f('4009Q', 'CINPlanEndDate', `${label} ends (${show(end)}) after the child’s date of death (${show(death)}). Please check the dates.`)
    if (end !== undefined && start !== undefined && end < start) f('4011', 'CINPlanEndDate', `${label} ends (${show(end)}) before it starts (${show(start)}).`, ['CINPlanStartDate'])
    if (end !== undefined && start !== undefined && end === start) f('4012Q', 'CINPlanEndDate', `${label} starts and ends on the same day (${show(start)}). Please check the dates.`)
    if (end !== undefined && period && !inPeriod(ctx, end)) f('4013', 'CINPlanEndDate', `${label} ended on ${show(end)}, ${outside(ctx, end)}. ${outsideAdvice(ctx, end, 'A CIN plan')}`)
  })
  // CIN census 4004: one open CIN plan at a time.
  if (open > 1) f('4004', 'CINPlanEndDate', `The episode has ${open} CIN plans with no end date: only one can be open.`)
  // CIN census 4001: not an open CIN plan alongside an open child protection plan.
  if (open > 0 && cpps.some((p) => text(p.endDate) === undefined)) f('4001', 'CINPlanEndDate', 'The episode has an open CIN plan and an open child protection plan at the same time: end the CIN plan when the child protection plan starts.')
  // CIN census 4003: no CP review while a CIN plan is open (unless it is the CPP end date).
  cpps.forEach((cp) => {
    const cpEnd = day(cp.endDate)
    for (const r of list(cp.reviewDates)) {
      const rd = day(r)
      if (rd === undefined || rd === cpEnd) continue
      const during = plans.some((p) => {
        const ps = day(p.startDate)
        const pe = day(p.endDate)
        if (ps === undefined || rd < ps) return false
        if (pe !== undefined) return rd < pe
        return text(p.endDate) === undefined && (period === undefined || rd <= period.end)
      })
      if (during) f('4003', 'CPPreviewDate', `A child protection review on ${show(rd)} is recorded while a CIN plan was open. A child should not have both plans at once.`)
    }
  })
}

// ---------------------------------------------------------------- section 47 and initial conferences

function section47Rules(ctx: ChildContext, e: number, s47s: CinCensusSection47[], referral: number | undefined, cinIcpc: number | undefined): void {
  const period = ctx.period
  const f = (rule: string, field: string, message: string, others?: readonly string[]) => fail(ctx, rule, field, message, e, others)
  const limit15 = period ? workingDaysBefore(ctx.calendar, period.end, 15) : undefined
  // CIN census 1104 (episode-level conference): not before the referral.
  if (cinIcpc !== undefined && referral !== undefined && cinIcpc < referral) f('1104', 'DateOfInitialCPC', `The initial child protection conference (${show(cinIcpc)}) is before the referral (${show(referral)}).`, ['CINreferralDate'])
  let awaiting = 0
  s47s.forEach((s, i) => {
    const label = s47s.length > 1 ? `Section 47 enquiry ${i + 1}` : 'The section 47 enquiry'
    const start = day(s.actualStartDate)
    const icpc = day(s.dateOfInitialCpc)
    const target = day(s.initialCpcTarget)
    const hasIcpc = text(s.dateOfInitialCpc) !== undefined
    if (!hasIcpc && !isTrue(s.icpcNotRequired)) awaiting += 1
    if (start !== undefined && referral !== undefined && start < referral) f('2889', 'S47ActualStartDate', `${label} started (${show(start)}) before the referral (${show(referral)}).`, ['CINreferralDate'])
    if (icpc !== undefined && referral !== undefined && icpc < referral) f('1104', 'DateOfInitialCPC', `The initial child protection conference (${show(icpc)}) is before the referral (${show(referral)}).`, ['CINreferralDate'])
    // CIN census 8615: a conference needs the enquiry that led to it, started no later.
    if (icpc !== undefined && (start === undefined || start > icpc)) f('8615', 'S47ActualStartDate', start === undefined ? `${label} has an initial conference date but no start date.` : `${label} starts (${show(start)}) after its initial conference (${show(icpc)}).`, ['DateOfInitialCPC'])
    if (icpc !== undefined && period && !inPeriod(ctx, icpc)) f('8715', 'DateOfInitialCPC', `The initial child protection conference on ${show(icpc)} is ${outside(ctx, icpc)}. ${outsideAdvice(ctx, icpc, 'A section 47 enquiry')}`)
    if (icpc !== undefined && isWeekend(icpc)) f('8875', 'DateOfInitialCPC', `The initial child protection conference is recorded on a weekend (${show(icpc)}). Please check the date.`)
    if (target !== undefined && isWeekend(target)) f('8870Q', 'InitialCPCtarget', `The target date for the initial conference is a weekend (${show(target)}). Please check it.`)
    // CIN census 8740, 8675Q: an enquiry still awaiting its conference started in the year, and recently.
    if (!hasIcpc && isFalse(s.icpcNotRequired) && start !== undefined && period) {
      if (!inPeriod(ctx, start)) f('8740', 'S47ActualStartDate', `${label} is still awaiting an initial conference and started on ${show(start)}, ${outside(ctx, start)}. Record the conference date, or that a conference was not required.`)
      if (limit15 !== undefined && start < limit15) f('8675Q', 'S47ActualStartDate', `${label} started on ${show(start)}, more than 15 working days before the end of the census year, and there is no initial conference date. Please check whether the conference has taken place.`)
    }
  })
  // CIN census 8839: one enquiry awaiting a conference at a time.
  if (awaiting > 1) f('8839', 'DateOfInitialCPC', `The episode has ${awaiting} section 47 enquiries with no initial conference date and not marked "conference not required": only one can be awaiting a conference.`)
  // CIN census 8890: section 47 enquiries do not overlap.
  s47s.forEach((s, i) => {
    const start = day(s.actualStartDate)
    if (start === undefined) return
    const clash = s47s.some((o, j) => {
      if (j === i) return false
      const os = day(o.actualStartDate)
      if (os === undefined || start < os) return false
      if (os === start && text(o.dateOfInitialCpc) === text(s.dateOfInitialCpc)) return false
      const oe = day(o.dateOfInitialCpc)
      if (oe !== undefined) return start <= oe
      return text(o.dateOfInitialCpc) === undefined && !isTrue(o.icpcNotRequired) && (period === undefined || start <= period.end)
    })
    if (clash) f('8890', 'S47ActualStartDate', `Section 47 enquiry ${i + 1} starts on ${show(start)} while another enquiry in the same episode is still going on.`)
  })
}

// ---------------------------------------------------------------- child protection plans

function cpPlanRules(ctx: ChildContext, e: number, cpps: CinCensusCpPlan[], referral: number | undefined, death: number | undefined, s47s: CinCensusSection47[], cinIcpc: number | undefined): void {
  const period = ctx.period
  const f = (rule: string, field: string, message: string, others?: readonly string[]) => fail(ctx, rule, field, message, e, others)
  const icpcs = new Set<number>()
  for (const s of s47s) {
    const d = day(s.dateOfInitialCpc)
    if (d !== undefined) icpcs.add(d)
  }
  if (cinIcpc !== undefined) icpcs.add(cinIcpc)
  cpps.forEach((p, i) => {
    const label = cpps.length > 1 ? `Child protection plan ${i + 1}` : 'The child protection plan'
    const start = day(p.startDate)
    const end = day(p.endDate)
    if (start === undefined) f('8720', 'CPPstartDate', `${label} has no start date (or it is not a real date).`)
    else if (period && start > period.end) f('8720', 'CPPstartDate', `${label} starts (${show(start)}) after the census reference date (${show(period.end)}).`)
    if (start !== undefined && referral !== undefined && start < referral) f('1105', 'CPPstartDate', `${label} starts (${show(start)}) before the referral (${show(referral)}).`, ['CINreferralDate'])
    const prev = text(p.numberOfPreviousCpp)
    if (prev === undefined || !/^\d{1,4}$/.test(prev)) f('8730', 'NumberOfPreviousCPP', prev === undefined ? `${label} does not say how many previous child protection plans the child had: record 0 if none.` : `Number of previous child protection plans "${prev}" is not a whole number of 0 or more.`)
    if (start !== undefined && end !== undefined && start === end) f('8840', 'CPPendDate', `${label} starts and ends on the same day (${show(start)}).`, ['CPPstartDate'])
    if (start !== undefined && end !== undefined && end < start) f('8925', 'CPPendDate', `${label} ends (${show(end)}) before it starts (${show(start)}).`)
    if (end !== undefined && period && !inPeriod(ctx, end)) f('8930', 'CPPendDate', `${label} ended on ${show(end)}, ${outside(ctx, end)}. ${outsideAdvice(ctx, end, 'A child protection plan')}`)
    if (start !== undefined && death !== undefined && start > death) f('8915', 'CPPstartDate', `${label} starts (${show(start)}) after the child’s date of death (${show(death)}).`)
    if (end !== undefined && death !== undefined && end > death) f('8920', 'CPPendDate', `${label} ends (${show(end)}) after the child’s date of death (${show(death)}).`)
    const initial = text(p.initialCategoryOfAbuse)
    const latest = text(p.latestCategoryOfAbuse)
    if (initial === undefined || !ABUSE_CATEGORY_CODES.has(initial)) f('8905', 'InitialCategoryOfAbuse', initial === undefined ? `${label} has no initial category of abuse.` : `Initial category of abuse "${initial}" is not valid: use NEG, PHY, SAB, EMO or MUL.`)
    if (latest === undefined || !ABUSE_CATEGORY_CODES.has(latest)) f('8910', 'LatestCategoryOfAbuse', latest === undefined ? `${label} has no latest category of abuse.` : `Latest category of abuse "${latest}" is not valid: use NEG, PHY, SAB, EMO or MUL.`)
    // CIN census 8841, 8842Q: reviews after the start; a Reviews group holds dates.
    if (Array.isArray(p.reviewDates)) {
      const dates = p.reviewDates.map((r) => text(r))
      if (dates.length === 0 || dates.some((r) => r === undefined)) f('8842Q', 'CPPreviewDate', `${label} has a reviews section with no review date in it. Please add the date or remove the empty section.`)
      for (const r of p.reviewDates) {
        const rd = day(r)
        if (rd !== undefined && start !== undefined && rd <= start) f('8841', 'CPPreviewDate', `${label} has a review dated ${show(rd)}, on or before the day the plan started (${show(start)}). Reviews come after the plan starts.`, ['CPPstartDate'])
      }
    }
    // CIN census 2885: an in-year plan starts on the day of an initial conference in the episode.
    if (start !== undefined && period && inPeriod(ctx, start) && !icpcs.has(start)) f('2885', 'CPPstartDate', `${label} starts on ${show(start)}, which is not the date of an initial child protection conference recorded in this episode. A plan normally starts at the conference.`)
  })
}

// ---------------------------------------------------------------- across the child's episodes

export function crossEpisodeRules(ctx: ChildContext): void {
  const period = ctx.period
  const episodes = list(ctx.child.episodes).map((ep, i) => ({ ep, i })).filter(({ ep }) => !!ep && typeof ep === 'object')

  // CIN census 8815, 8816: one open non-NFA episode, and it is the latest referral.
  const openNotNfa = episodes.filter(({ ep }) => text(ep.cinClosureDate) === undefined && isFalse(ep.referralNfa))
  if (openNotNfa.length > 1) for (const { i } of openNotNfa) fail(ctx, '8815', 'CINclosureDate', `The child has ${openNotNfa.length} open episodes that are not "no further action": only one can be open. Close the earlier episode(s).`, i)
  const latest = Math.max(...episodes.map(({ ep }) => day(ep.cinReferralDate) ?? -Infinity))
  for (const { ep, i } of openNotNfa) {
    const r = day(ep.cinReferralDate)
    if (r !== undefined && r < latest) fail(ctx, '8816', 'CINreferralDate', `The episode from the referral of ${show(r)} is still open but there is a later referral (${show(latest)}). Only the latest episode can be open.`, i)
  }
  // CIN census 8820: a referral does not fall inside another episode (an end may equal the next start).
  for (const { ep, i } of episodes) {
    const r = day(ep.cinReferralDate)
    if (r === undefined) continue
    const inside = episodes.some(({ ep: o, i: j }) => {
      if (j === i) return false
      const or = day(o.cinReferralDate)
      if (or === undefined || r < or) return false
      const oc = day(o.cinClosureDate)
      if (oc !== undefined) return r < oc
      return text(o.cinClosureDate) === undefined && isFalse(o.referralNfa) && (period === undefined || r <= period.end)
    })
    if (inside) fail(ctx, '8820', 'CINreferralDate', `The referral of ${show(r)} falls inside another of the child’s episodes: episodes must not overlap. Close the earlier episode first or correct the dates.`, i)
  }

  type Span = { start: number; end: number | undefined; open: boolean; e: number }
  const cinPlans: Span[] = []
  const cpPlans: Span[] = []
  for (const { ep, i } of episodes) {
    list(ep.cinPlans).forEach((p) => {
      const s = day(p?.startDate)
      if (s !== undefined) cinPlans.push({ start: s, end: day(p?.endDate), open: text(p?.endDate) === undefined, e: i })
    })
    list(ep.cpPlans).forEach((p) => {
      const s = day(p?.startDate)
      if (s !== undefined) cpPlans.push({ start: s, end: day(p?.endDate), open: text(p?.endDate) === undefined, e: i })
    })
  }
  const refEnd = period?.end
  // Open-ended span: from the start up to the reference date (unknown reference date: no upper limit).
  const within = (d: number, sp: Span, endInclusive: boolean) =>
    d >= sp.start && (sp.end !== undefined ? (endInclusive ? d <= sp.end : d < sp.end) : sp.open && (refEnd === undefined || d <= refEnd))

  // CIN census 4014: CIN plans do not overlap (reference implementation: an end date counts as inside).
  cinPlans.forEach((a, x) => {
    if (cinPlans.some((b, y) => y !== x && within(a.start, b, true))) fail(ctx, '4014', 'CINPlanStartDate', `A CIN plan starting ${show(a.start)} overlaps another of the child’s CIN plans.`, a.e)
  })
  // CIN census 4016: a CIN plan does not start during a CP plan, unless on the day it ends.
  // Locations as the reference: the CIN plan start and both dates of each child protection plan it falls in.
  for (const a of cinPlans) {
    const open = cpPlans.filter((b) => within(a.start, b, false))
    if (open.length > 0) fail(ctx, '4016', 'CINPlanStartDate', `A CIN plan starts on ${show(a.start)} while a child protection plan is open. A CIN plan can start on the day the child protection plan ends.`, a.e, open.flatMap(() => ['CPPstartDate', 'CPPendDate']))
  }
  // CIN census 4017: a CP plan does not start during a CIN plan, unless on the day it ends.
  for (const a of cpPlans) if (cinPlans.some((b) => within(a.start, b, false))) fail(ctx, '4017', 'CPPstartDate', `A child protection plan starts on ${show(a.start)} while a CIN plan is open. End the CIN plan on the day the child protection plan starts.`, a.e)
  // CIN census 8935: one open CP plan at a time.
  const openCpps = cpPlans.filter((p) => p.open)
  if (openCpps.length > 1) for (const p of openCpps) fail(ctx, '8935', 'CPPendDate', `The child has ${openCpps.length} child protection plans with no end date: only one can be open.`, p.e)
  // CIN census 8940: CP plans do not overlap (as in the reference implementation, a start on another plan's end date counts as inside).
  cpPlans.forEach((a, x) => {
    if (cpPlans.some((b, y) => y !== x && within(a.start, b, true))) fail(ctx, '8940', 'CPPstartDate', `A child protection plan starting ${show(a.start)} overlaps another of the child’s child protection plans.`, a.e)
  })

  // CIN census 2884: an initial conference is recorded at S47 level or at CIN level, not both.
  const cinLevel = new Set<number>()
  for (const { ep } of episodes) {
    const d = day(ep.dateOfInitialCpc)
    if (d !== undefined) cinLevel.add(d)
  }
  if (cinLevel.size > 0)
    for (const { ep, i } of episodes)
      for (const s of list(ep.section47s)) {
        const d = day(s?.dateOfInitialCpc)
        if (d !== undefined && cinLevel.has(d)) fail(ctx, '2884', 'DateOfInitialCPC', `The initial conference of ${show(d)} is recorded both on the section 47 enquiry and on the episode: record it in one place only (on the section 47).`, i)
      }
}
