/**
 * The CIN census builder: which children and episodes are in a year's return, and every date as it stood
 * on the reference date (31 March), however long afterwards the return is produced. All data fictional.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { buildCinCensus, buildCinCensusChild, collectionPeriod, collectionYearOf, londonDateTime, type CinCensusOptions } from '../../src/domain/returns/cinCensus/build.ts'
import type {
  CensusAssessmentFacts,
  CensusConferenceFacts,
  CensusCpPlanFacts,
  CensusPersonFacts,
  CensusReferralFacts,
  CensusSection47Facts,
} from '../../src/domain/returns/cinCensus/facts.ts'
import type { CinCensusChild, CinCensusEpisode } from '../../src/domain/returns/cinCensus/model.ts'

const Y2026 = collectionPeriod(2026) // 2025-04-01 … 2026-03-31

let seq = 0
const id = (p: string) => `${p}-${++seq}`

function referral(r: Partial<CensusReferralFacts> & { referralDate: string }): CensusReferralFacts {
  return {
    referralId: id('ref'),
    referralRef: `R${String(++seq).padStart(6, '0')}`,
    sourceCode: '2A',
    primaryNeedCode: 'N1',
    closedOn: null,
    closureReason: null,
    assessments: [],
    section47s: [],
    conferences: [],
    cinPlans: [],
    cpPlans: [],
    ...r,
  }
}

function person(p: Partial<CensusPersonFacts> & { referrals: CensusReferralFacts[] }): CensusPersonFacts {
  return {
    personId: id('person'),
    personRef: 'P000101',
    upn: 'A886200101001',
    upnUnknownReason: null,
    dateOfBirth: '2014-06-15',
    isUnborn: false,
    expectedDateOfBirth: null,
    dateOfDeath: null,
    sex: 'F',
    ethnicityCode: 'WBRI',
    disabilities: ['NONE'],
    ...p,
  }
}

const assessment = (a: Partial<CensusAssessmentFacts> & { startDate: string }): CensusAssessmentFacts => ({
  assessmentId: id('a'),
  assessmentRef: `A${String(++seq).padStart(6, '0')}`,
  kind: 'single',
  completedOn: null,
  factors: [],
  ...a,
})

const s47 = (s: Partial<CensusSection47Facts> & { startDate: string; icpcTargetDate: string }): CensusSection47Facts => ({
  section47Id: id('s47'),
  status: 'open',
  authorisedOn: null,
  icpcRequired: null,
  ...s,
})

const conference = (c: Partial<CensusConferenceFacts> & { type: string }): CensusConferenceFacts => ({
  conferenceId: id('conf'),
  section47Id: null,
  cpPlanId: null,
  status: 'held',
  heldOn: null,
  decision: null,
  categories: [],
  ...c,
})

const cpPlan = (p: Partial<CensusCpPlanFacts> & { startConferenceId: string; startDate: string }): CensusCpPlanFacts => ({
  cpPlanId: id('cpp'),
  endDate: null,
  endConferenceId: null,
  initialCategories: ['NEG'],
  latestCategories: ['NEG'],
  numberOfPreviousPlans: 0,
  ...p,
})

function child(p: CensusPersonFacts, period = Y2026): CinCensusChild {
  const c = buildCinCensusChild(p, period)
  assert.ok(c, 'the child should be in the return')
  return c
}
const onlyEpisode = (c: CinCensusChild): CinCensusEpisode => {
  assert.equal(c.episodes.length, 1)
  return c.episodes[0] as CinCensusEpisode
}

describe('collection years', () => {
  it('a date belongs to the year whose 31 March ends it', () => {
    assert.equal(collectionYearOf('2026-03-31'), 2026)
    assert.equal(collectionYearOf('2026-04-01'), 2027)
    assert.equal(collectionYearOf('2026-01-01'), 2026)
    assert.deepEqual(collectionPeriod(2026), { start: '2025-04-01', end: '2026-03-31' })
  })
})

describe('which children and episodes are in the return', () => {
  it('a referral received in the year is an episode; one received after 31 March is not', () => {
    assert.ok(buildCinCensusChild(person({ referrals: [referral({ referralDate: '2025-04-01' })] }), Y2026))
    assert.equal(buildCinCensusChild(person({ referrals: [referral({ referralDate: '2026-04-01' })] }), Y2026), null)
  })

  it('an episode carried over open from an earlier year is in; one closed before 1 April is not', () => {
    assert.ok(buildCinCensusChild(person({ referrals: [referral({ referralDate: '2023-05-10' })] }), Y2026))
    assert.equal(buildCinCensusChild(person({ referrals: [referral({ referralDate: '2024-05-10', closedOn: '2025-03-31', closureReason: 'RC7' })] }), Y2026), null)
    assert.ok(buildCinCensusChild(person({ referrals: [referral({ referralDate: '2024-05-10', closedOn: '2025-04-01', closureReason: 'RC7' })] }), Y2026))
  })

  it('a closure after 31 March had not happened yet: the episode is open, with no closure date or reason', () => {
    const e = onlyEpisode(child(person({ referrals: [referral({ referralDate: '2025-09-01', closedOn: '2026-05-02', closureReason: 'RC7' })] })))
    assert.equal(e.cinClosureDate, undefined)
    assert.equal(e.reasonForClosure, undefined)
    assert.equal(e.referralNfa, 'false')
  })

  it('a closure in the year is reported with its reason', () => {
    const e = onlyEpisode(child(person({ referrals: [referral({ referralDate: '2025-09-01', closedOn: '2026-01-20', closureReason: 'RC7' })] })))
    assert.equal(e.cinClosureDate, '2026-01-20')
    assert.equal(e.reasonForClosure, 'RC7')
  })

  it('each episode is one CINdetails, oldest referral first; episodes outside the year are left out', () => {
    const c = child(
      person({
        referrals: [
          referral({ referralDate: '2026-02-01' }),
          referral({ referralDate: '2024-01-05', closedOn: '2024-06-01', closureReason: 'RC7' }),
          referral({ referralDate: '2025-05-01', closedOn: '2025-07-01', closureReason: 'RC8', assessments: [assessment({ startDate: '2025-05-02', completedOn: '2025-06-20', factors: ['21'] })] }),
        ],
      }),
    )
    assert.deepEqual(
      c.episodes.map((e) => e.cinReferralDate),
      ['2025-05-01', '2026-02-01'],
    )
  })

  it('the episode carries the referral source, primary need and the LA child ID', () => {
    const c = child(person({ personRef: 'P004127', referrals: [referral({ referralDate: '2025-06-01', sourceCode: '3E', primaryNeedCode: 'N4' })] }))
    assert.equal(c.laChildId, 'P004127')
    const e = onlyEpisode(c)
    assert.equal(e.referralSource, '3E')
    assert.equal(e.primaryNeedCode, 'N4')
  })

  it('no primary need recorded: the element is left out (the validator reports 8610 when it is needed)', () => {
    assert.equal(onlyEpisode(child(person({ referrals: [referral({ referralDate: '2025-06-01', primaryNeedCode: null })] }))).primaryNeedCode, undefined)
  })
})

describe('ReferralNFA', () => {
  it('true for a referral closed by 31 March with nothing started on it', () => {
    const e = onlyEpisode(child(person({ referrals: [referral({ referralDate: '2025-06-01', closedOn: '2025-06-03', closureReason: 'RC7' })] })))
    assert.equal(e.referralNfa, 'true')
  })

  it('false while the referral is open, even with nothing started', () => {
    assert.equal(onlyEpisode(child(person({ referrals: [referral({ referralDate: '2026-03-30' })] }))).referralNfa, 'false')
  })

  it('false for a closed referral that had an assessment, a section 47, a CIN plan or a CP plan', () => {
    const closed = { referralDate: '2025-06-01', closedOn: '2025-12-01', closureReason: 'RC7' }
    const icpc = conference({ type: 'initial', heldOn: '2025-07-01', decision: 'plan' })
    for (const extra of [
      { assessments: [assessment({ startDate: '2025-06-02', completedOn: '2025-07-01', factors: ['16A'] })] },
      { section47s: [s47({ startDate: '2025-06-02', icpcTargetDate: '2025-06-23', authorisedOn: '2025-06-20', icpcRequired: false, status: 'authorised' })] },
      { cinPlans: [{ cinPlanId: id('cin'), startDate: '2025-07-01', endDate: '2025-12-01' }] },
      { conferences: [icpc], cpPlans: [cpPlan({ startConferenceId: icpc.conferenceId, startDate: '2025-07-01', endDate: '2025-12-01' })] },
    ]) {
      assert.equal(onlyEpisode(child(person({ referrals: [referral({ ...closed, ...extra })] }))).referralNfa, 'false', JSON.stringify(Object.keys(extra)))
    }
  })
})

describe('child identifiers as at 31 March', () => {
  it('a UPN is given as recorded, with no UPNunknown', () => {
    const c = child(person({ upn: 'A886200101001', upnUnknownReason: 'UN2', referrals: [referral({ referralDate: '2025-06-01' })] }))
    assert.equal(c.upn, 'A886200101001')
    assert.equal(c.upnUnknown, undefined)
  })

  it('no UPN: the recorded reason; else UN1 for a child not yet of school age; else UN7 when every episode is NFA; else nothing', () => {
    const nfa = referral({ referralDate: '2025-06-01', closedOn: '2025-06-02', closureReason: 'RC7' })
    assert.equal(child(person({ upn: null, upnUnknownReason: 'UN3', referrals: [nfa] })).upnUnknown, 'UN3')
    // School age (CIN census 8770Q) on 31 March 2026: born on or before 31 August 2020.
    assert.equal(child(person({ upn: null, dateOfBirth: '2020-09-01', referrals: [referral({ referralDate: '2025-06-01' })] })).upnUnknown, 'UN1')
    assert.equal(child(person({ upn: null, dateOfBirth: '2020-08-31', referrals: [referral({ referralDate: '2025-06-01' })] })).upnUnknown, undefined, 'a 5-year-old of school age is not UN1')
    // 6 on 31 March 2026.
    assert.equal(child(person({ upn: null, dateOfBirth: '2020-03-31', referrals: [nfa] })).upnUnknown, 'UN7')
    assert.equal(child(person({ upn: null, dateOfBirth: '2012-01-01', referrals: [referral({ referralDate: '2025-06-01' })] })).upnUnknown, undefined)
  })

  it('an unborn child has an expected birth date, no birth date, sex U and UN1', () => {
    const c = child(person({ upn: null, isUnborn: true, dateOfBirth: null, expectedDateOfBirth: '2026-06-10', sex: 'F', disabilities: [], referrals: [referral({ referralDate: '2026-02-01' })] }))
    assert.equal(c.expectedPersonBirthDate, '2026-06-10')
    assert.equal(c.personBirthDate, undefined)
    assert.equal(c.sex, 'U')
    assert.equal(c.upnUnknown, 'UN1')
    assert.equal(c.disabilities, undefined)
  })

  it('a child born after 31 March was unborn on the reference date: the birth date is given as expected, sex U', () => {
    const c = child(person({ upn: null, dateOfBirth: '2026-04-20', sex: 'M', referrals: [referral({ referralDate: '2026-01-15' })] }))
    assert.equal(c.personBirthDate, undefined)
    assert.equal(c.expectedPersonBirthDate, '2026-04-20')
    assert.equal(c.sex, 'U')
  })

  it('a death after 31 March is not reported; a death by then is', () => {
    const r = () => [referral({ referralDate: '2025-06-01' })]
    assert.equal(child(person({ dateOfDeath: '2026-04-02', referrals: r() })).personDeathDate, undefined)
    assert.equal(child(person({ dateOfDeath: '2026-03-02', referrals: r() })).personDeathDate, '2026-03-02')
  })

  it('ethnicity and disabilities as recorded; no Disabilities element when none are recorded', () => {
    const c = child(person({ ethnicityCode: 'MWBA', disabilities: ['MOB', 'COMM'], referrals: [referral({ referralDate: '2025-06-01' })] }))
    assert.equal(c.ethnicity, 'MWBA')
    assert.deepEqual(c.disabilities, ['MOB', 'COMM'])
    assert.equal(child(person({ disabilities: [], referrals: [referral({ referralDate: '2025-06-01' })] })).disabilities, undefined)
  })
})

describe('assessments', () => {
  it('completed in the year: start, authorisation date and factors', () => {
    const e = onlyEpisode(child(person({ referrals: [referral({ referralDate: '2025-06-01', assessments: [assessment({ startDate: '2025-06-02', completedOn: '2025-07-10', factors: ['3B', '4B'] })] })] })))
    assert.deepEqual(e.assessments, [{ actualStartDate: '2025-06-02', authorisationDate: '2025-07-10', factors: ['3B', '4B'] }])
  })

  it('authorised after 31 March: in progress on the reference date, so no authorisation date and no factors (8614)', () => {
    const e = onlyEpisode(child(person({ referrals: [referral({ referralDate: '2026-03-01', assessments: [assessment({ startDate: '2026-03-02', completedOn: '2026-04-14', factors: ['16A'] })] })] })))
    assert.deepEqual(e.assessments, [{ actualStartDate: '2026-03-02' }])
  })

  it('completed before 1 April is left out; started after 31 March is left out', () => {
    const e = onlyEpisode(
      child(
        person({
          referrals: [
            referral({
              referralDate: '2025-01-10',
              assessments: [assessment({ startDate: '2025-01-11', completedOn: '2025-03-20', factors: ['1B'] }), assessment({ startDate: '2026-04-01' })],
            }),
          ],
        }),
      ),
    )
    assert.deepEqual(e.assessments, [])
  })

  it('a completed assessment with no factors recorded has no empty factors wrapper', () => {
    const e = onlyEpisode(child(person({ referrals: [referral({ referralDate: '2025-06-01', assessments: [assessment({ startDate: '2025-06-02', completedOn: '2025-07-10' })] })] })))
    assert.equal(e.assessments[0]?.factors, undefined)
    assert.equal(e.assessments[0]?.authorisationDate, '2025-07-10')
  })
})

describe('CIN plans', () => {
  it('open on 31 March (ended later): no end date; ended before 1 April: left out; started after: left out', () => {
    const e = onlyEpisode(
      child(
        person({
          referrals: [
            referral({
              referralDate: '2024-01-10',
              cinPlans: [
                { cinPlanId: id('cin'), startDate: '2024-02-01', endDate: '2025-03-01' },
                { cinPlanId: id('cin'), startDate: '2025-03-20', endDate: '2025-10-01' },
                { cinPlanId: id('cin'), startDate: '2025-11-01', endDate: '2026-05-01' },
                { cinPlanId: id('cin'), startDate: '2026-04-02', endDate: null },
              ],
            }),
          ],
        }),
      ),
    )
    assert.deepEqual(e.cinPlans, [{ startDate: '2025-03-20', endDate: '2025-10-01' }, { startDate: '2025-11-01' }])
  })
})

describe('section 47 enquiries', () => {
  it('ICPC held in the year: its date, the target date and ICPCnotRequired false', () => {
    const s = s47({ startDate: '2025-09-01', icpcTargetDate: '2025-09-22', status: 'authorised', authorisedOn: '2025-09-10', icpcRequired: true })
    const icpc = conference({ type: 'initial', section47Id: s.section47Id, heldOn: '2025-09-19', decision: 'no_plan' })
    const e = onlyEpisode(child(person({ referrals: [referral({ referralDate: '2025-08-29', section47s: [s], conferences: [icpc] })] })))
    assert.deepEqual(e.section47s, [{ actualStartDate: '2025-09-01', initialCpcTarget: '2025-09-22', dateOfInitialCpc: '2025-09-19', icpcNotRequired: 'false' }])
  })

  it('an ICPC held after 31 March had not happened: the enquiry was awaiting its conference', () => {
    const s = s47({ startDate: '2026-03-10', icpcTargetDate: '2026-03-31', status: 'authorised', authorisedOn: '2026-03-25', icpcRequired: true })
    const icpc = conference({ type: 'initial', section47Id: s.section47Id, heldOn: '2026-04-01', decision: 'plan', categories: ['EMO'] })
    const e = onlyEpisode(child(person({ referrals: [referral({ referralDate: '2026-03-09', section47s: [s], conferences: [icpc] })] })))
    assert.deepEqual(e.section47s, [{ actualStartDate: '2026-03-10', initialCpcTarget: '2026-03-31', icpcNotRequired: 'false' }])
    assert.deepEqual(e.cpPlans, [])
  })

  it('"conference not required" counts once authorised by 31 March; authorised later, it is still open', () => {
    const byThen = s47({ startDate: '2025-10-01', icpcTargetDate: '2025-10-22', status: 'authorised', authorisedOn: '2025-10-15', icpcRequired: false })
    assert.equal(onlyEpisode(child(person({ referrals: [referral({ referralDate: '2025-09-30', section47s: [byThen] })] }))).section47s[0]?.icpcNotRequired, 'true')
    const later = s47({ startDate: '2026-03-20', icpcTargetDate: '2026-04-13', status: 'authorised', authorisedOn: '2026-04-02', icpcRequired: false })
    assert.equal(onlyEpisode(child(person({ referrals: [referral({ referralDate: '2026-03-19', section47s: [later] })] }))).section47s[0]?.icpcNotRequired, 'false')
  })

  it('enquiries finished before 1 April (ICPC held, or "not required" authorised) are left out', () => {
    const held = s47({ startDate: '2025-02-01', icpcTargetDate: '2025-02-21', status: 'authorised', authorisedOn: '2025-02-10', icpcRequired: true })
    const notNeeded = s47({ startDate: '2025-03-01', icpcTargetDate: '2025-03-21', status: 'authorised', authorisedOn: '2025-03-14', icpcRequired: false })
    const icpc = conference({ type: 'initial', section47Id: held.section47Id, heldOn: '2025-02-20', decision: 'no_plan' })
    const e = onlyEpisode(child(person({ referrals: [referral({ referralDate: '2025-01-15', section47s: [held, notNeeded], conferences: [icpc] })] })))
    assert.deepEqual(e.section47s, [])
    assert.equal(e.referralNfa, 'false')
  })

  it('an enquiry that started after 31 March is left out', () => {
    const s = s47({ startDate: '2026-04-01', icpcTargetDate: '2026-04-22' })
    assert.deepEqual(onlyEpisode(child(person({ referrals: [referral({ referralDate: '2026-03-01', section47s: [s] })] }))).section47s, [])
  })
})

describe('child protection plans', () => {
  function planEpisode(opts: { planStart: string; planEnd?: string | null; reviews?: { heldOn: string; decision: string; categories?: string[]; ends?: boolean }[]; initial?: string[]; previous?: number }) {
    const icpc = conference({ type: 'initial', heldOn: opts.planStart, decision: 'plan', categories: opts.initial ?? ['NEG'] })
    const plan = cpPlan({ startConferenceId: icpc.conferenceId, startDate: opts.planStart, endDate: opts.planEnd ?? null, initialCategories: opts.initial ?? ['NEG'], numberOfPreviousPlans: opts.previous ?? 0 })
    const reviews = (opts.reviews ?? []).map((r) => conference({ type: 'review', cpPlanId: plan.cpPlanId, heldOn: r.heldOn, decision: r.decision, categories: r.categories ?? [] }))
    const ender = (opts.reviews ?? []).findIndex((r) => r.ends)
    if (ender >= 0) plan.endConferenceId = (reviews[ender] as CensusConferenceFacts).conferenceId
    // Today's latest categories on the record, whatever happened after 31 March.
    plan.latestCategories = ['SAB']
    return referral({ referralDate: '2024-11-01', conferences: [icpc, ...reviews], cpPlans: [plan] })
  }

  it('an open plan: start, categories, previous plans; no end date and no Reviews element when there were none in the year', () => {
    const e = onlyEpisode(child(person({ referrals: [planEpisode({ planStart: '2026-02-10', initial: ['PHY', 'EMO'], previous: 2 })] })))
    assert.deepEqual(e.cpPlans, [{ startDate: '2026-02-10', initialCategoryOfAbuse: 'MUL', latestCategoryOfAbuse: 'MUL', numberOfPreviousCpp: '2' }])
  })

  it('reviews in the year and by 31 March are listed, including the one that ended the plan', () => {
    const e = onlyEpisode(
      child(
        person({
          referrals: [
            planEpisode({
              planStart: '2025-01-10',
              planEnd: '2025-12-01',
              reviews: [
                { heldOn: '2025-03-20', decision: 'continue' },
                { heldOn: '2025-09-15', decision: 'continue' },
                { heldOn: '2025-12-01', decision: 'end_plan', ends: true },
              ],
            }),
          ],
        }),
      ),
    )
    assert.deepEqual(e.cpPlans[0]?.reviewDates, ['2025-09-15', '2025-12-01'])
    assert.equal(e.cpPlans[0]?.endDate, '2025-12-01')
  })

  it('a plan ended after 31 March was open on the reference date; reviews after it are not listed', () => {
    const e = onlyEpisode(
      child(
        person({
          referrals: [
            planEpisode({
              planStart: '2025-10-01',
              planEnd: '2026-06-01',
              reviews: [
                { heldOn: '2025-12-22', decision: 'continue' },
                { heldOn: '2026-06-01', decision: 'end_plan', ends: true },
              ],
            }),
          ],
        }),
      ),
    )
    assert.equal(e.cpPlans[0]?.endDate, undefined)
    assert.deepEqual(e.cpPlans[0]?.reviewDates, ['2025-12-22'])
  })

  it('the latest category as at 31 March: the last change on or before it, not one made afterwards', () => {
    const e = onlyEpisode(
      child(
        person({
          referrals: [
            planEpisode({
              planStart: '2025-06-01',
              reviews: [
                { heldOn: '2025-08-20', decision: 'change_category', categories: ['PHY'] },
                { heldOn: '2026-01-15', decision: 'change_category', categories: ['EMO', 'PHY'] },
                { heldOn: '2026-04-10', decision: 'change_category', categories: ['SAB'] },
              ],
            }),
          ],
        }),
      ),
    )
    assert.equal(e.cpPlans[0]?.initialCategoryOfAbuse, 'NEG')
    assert.equal(e.cpPlans[0]?.latestCategoryOfAbuse, 'MUL')
    const early = onlyEpisode(child(person({ referrals: [planEpisode({ planStart: '2025-06-01', reviews: [{ heldOn: '2026-04-10', decision: 'change_category', categories: ['SAB'] }] })] })))
    assert.equal(early.cpPlans[0]?.latestCategoryOfAbuse, 'NEG')
  })

  it('plans ended before 1 April or started after 31 March are left out', () => {
    assert.deepEqual(onlyEpisode(child(person({ referrals: [planEpisode({ planStart: '2024-12-01', planEnd: '2025-03-15' })] }))).cpPlans, [])
    assert.deepEqual(onlyEpisode(child(person({ referrals: [planEpisode({ planStart: '2026-04-07' })] }))).cpPlans, [])
  })

  it('a transfer-in conference in the year that started a plan is the episode-level initial conference', () => {
    const tic = conference({ type: 'transfer_in', heldOn: '2025-11-05', decision: 'plan', categories: ['NEG'] })
    const plan = cpPlan({ startConferenceId: tic.conferenceId, startDate: '2025-11-05' })
    const e = onlyEpisode(child(person({ referrals: [referral({ referralDate: '2025-10-20', sourceCode: '5C', conferences: [tic], cpPlans: [plan] })] })))
    assert.equal(e.dateOfInitialCpc, '2025-11-05')
    assert.equal(e.cpPlans[0]?.startDate, '2025-11-05')
    const before = conference({ type: 'transfer_in', heldOn: '2025-02-05', decision: 'plan' })
    const old = onlyEpisode(child(person({ referrals: [referral({ referralDate: '2025-01-20', conferences: [before], cpPlans: [cpPlan({ startConferenceId: before.conferenceId, startDate: '2025-02-05' })] })] })))
    assert.equal(old.dateOfInitialCpc, undefined)
  })
})

describe('the whole return', () => {
  const options: CinCensusOptions = { year: 2026, la: '886', producedAt: new Date('2026-07-01T09:05:03Z'), softwareCode: 'Harbour', release: '0.1.0', serialNo: '001' }

  it('header: CIN, the year, 31 March, one source with the LA and the London time it was produced', () => {
    const ret = buildCinCensus([], options)
    assert.deepEqual(ret.header, {
      collection: 'CIN',
      year: '2026',
      referenceDate: '2026-03-31',
      sources: [{ sourceLevel: 'L', lea: '886', softwareCode: 'Harbour', release: '0.1.0', serialNo: '001', dateTime: '2026-07-01T10:05:03' }],
    })
  })

  it('London time follows the clocks: GMT in winter, BST from the last Sunday in March', () => {
    assert.equal(londonDateTime(new Date('2026-01-15T23:59:59Z')), '2026-01-15T23:59:59')
    // Clocks go forward at 01:00 GMT on 29 March 2026.
    assert.equal(londonDateTime(new Date('2026-03-29T00:30:00Z')), '2026-03-29T00:30:00')
    assert.equal(londonDateTime(new Date('2026-03-29T01:30:00Z')), '2026-03-29T02:30:00')
  })

  it('only children with an episode in the year, ordered by LA child ID', () => {
    const ret = buildCinCensus(
      [
        person({ personRef: 'P000300', referrals: [referral({ referralDate: '2025-05-01' })] }),
        person({ personRef: 'P000100', referrals: [referral({ referralDate: '2026-05-01' })] }),
        person({ personRef: 'P000200', referrals: [referral({ referralDate: '2024-05-01' })] }),
      ],
      options,
    )
    assert.deepEqual(
      ret.children.map((c) => c.laChildId),
      ['P000200', 'P000300'],
    )
  })

  it('the same records give the same return for 2026 whether produced in April 2026 or years later', () => {
    const records = [
      person({
        personRef: 'P000400',
        dateOfDeath: '2027-02-01',
        referrals: [
          referral({
            referralDate: '2026-03-01',
            closedOn: '2026-11-30',
            closureReason: 'RC7',
            assessments: [assessment({ startDate: '2026-03-02', completedOn: '2026-04-20', factors: ['16A'] })],
          }),
          referral({ referralDate: '2026-12-01' }),
        ],
      }),
    ]
    const early = buildCinCensus(records, { ...options, producedAt: new Date('2026-04-02T08:00:00Z') })
    const late = buildCinCensus(records, { ...options, producedAt: new Date('2029-04-02T08:00:00Z') })
    assert.deepEqual(early.children, late.children)
    const c = early.children[0] as CinCensusChild
    assert.equal(c.personDeathDate, undefined)
    assert.deepEqual(c.episodes.map((e) => [e.cinReferralDate, e.cinClosureDate, e.assessments]), [['2026-03-01', undefined, [{ actualStartDate: '2026-03-02' }]]])
  })
})
