import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { checkAuthorisation, closureConsistency, outcomeNeedsServices, validateClosureProposal, validateInformed, validateReturnComments, type ClosureFacts } from '../../src/domain/closure/closure.ts'

const base: ClosureFacts = {
  today: '2026-11-25',
  referralDate: '2026-09-01',
  referralRef: 'R000123',
  dateOfDeath: null,
  assessments: [{ assessmentRef: 'A000123', status: 'authorised', outcome: 'nfa', completedOn: '2026-10-20' }],
  openChildProtectionPlan: false,
}
const messages = (errors: { message: string }[]) => errors.map((e) => e.message).join(' | ')

describe('case closure rules', () => {
  it('accepts RC8 after an authorised assessment that found no further action', () => {
    const r = validateClosureProposal({ reasonCode: 'RC8', summary: 'Assessment complete; no further action.' }, base)
    assert.ok(r.ok)
    assert.equal(r.value.reasonCode, 'RC8')
    assert.equal(r.value.referrerInformedOn, null)
  })

  it('needs a reason from RC1–RC9 and a closing summary of at most 10,000 characters', () => {
    const r = validateClosureProposal({ reasonCode: 'RC10', summary: '' }, base)
    assert.deepEqual(r.ok ? [] : r.errors.map((e) => e.field), ['reasonCode', 'summary'])
    const long = validateClosureProposal({ reasonCode: 'RC7', summary: 'x'.repeat(10_001) }, base)
    assert.ok(!long.ok && /10,000/.test(messages(long.errors)))
  })

  it('RC8 and RC9 only after an assessment on this referral has been authorised', () => {
    const none = { ...base, assessments: [] }
    for (const rc of ['RC8', 'RC9'] as const) {
      const errors = closureConsistency(rc, none)
      assert.equal(errors.length, 1)
      assert.match(errors[0]?.message ?? '', /no assessment on referral R000123 has been authorised/)
    }
    assert.deepEqual(closureConsistency('RC7', none), [])
  })

  it('no closure while an assessment is in progress or awaiting authorisation', () => {
    for (const status of ['in_progress', 'submitted', 'returned']) {
      const facts = { ...base, assessments: [...base.assessments, { assessmentRef: 'A000200', status, outcome: null, completedOn: null }] }
      const errors = closureConsistency('RC7', facts)
      assert.match(messages(errors), /Finish assessment A000200 first/)
    }
    assert.match(messages(closureConsistency('RC7', { ...base, assessments: [{ assessmentRef: 'A000201', status: 'submitted', outcome: null, completedOn: null }] })), /awaiting authorisation/)
  })

  it('RC8 contradicts a latest assessment that concluded with a CIN plan, a strategy discussion or the child becoming looked after', () => {
    for (const [outcome, words] of [['cin_plan', 'child in need plan'], ['strategy_discussion', 'strategy discussion'], ['looked_after', 'looked after']] as const) {
      const facts = { ...base, assessments: [{ assessmentRef: 'A000300', status: 'authorised', outcome, completedOn: '2026-11-01' }] }
      const errors = closureConsistency('RC8', facts)
      assert.equal(errors.length, 1, outcome)
      assert.match(errors[0]?.message ?? '', new RegExp(`A000300 concluded with .*${words}`))
      assert.deepEqual(closureConsistency('RC7', facts), [], 'services ceased later is still allowed')
    }
    // The latest authorised assessment counts: an earlier CIN-plan outcome followed by NFA is fine.
    const later = { ...base, assessments: [{ assessmentRef: 'A1', status: 'authorised', outcome: 'cin_plan', completedOn: '2026-10-01' }, { assessmentRef: 'A2', status: 'authorised', outcome: 'nfa', completedOn: '2026-11-01' }] }
    assert.deepEqual(closureConsistency('RC8', later), [])
    assert.equal(outcomeNeedsServices('nfa'), null)
    assert.equal(outcomeNeedsServices('early_help'), null)
  })

  it('RC8 is refused while the child has an open child protection plan', () => {
    const errors = closureConsistency('RC8', { ...base, openChildProtectionPlan: true })
    assert.match(messages(errors), /open child protection plan/)
    assert.deepEqual(closureConsistency('RC8', base), [])
  })

  it('no closure at all while a child protection plan is open: only a conference ends it', () => {
    for (const reason of ['RC1', 'RC5', 'RC7', 'RC9'] as const) {
      assert.match(messages(closureConsistency(reason, { ...base, openChildProtectionPlan: true, dateOfDeath: '2026-11-10' })), /only a child protection conference can end it/)
    }
  })

  it('an open child in need plan must end before the case closes', () => {
    assert.match(messages(closureConsistency('RC7', { ...base, openCinPlanSince: '2026-10-01' })), /open child in need plan \(from 1 October 2026\): end the plan before closing the case/)
    assert.deepEqual(closureConsistency('RC7', { ...base, openCinPlanSince: null }), [])
  })

  it('CIN census 2990: RC8 and RC9 are refused when the episode had a section 47, ICPC, CP plan or CIN plan', () => {
    const none = { section47: false, icpc: false, cpPlan: false, cinPlan: false }
    assert.deepEqual(closureConsistency('RC9', { ...base, episode: none }), [])
    assert.match(messages(closureConsistency('RC9', { ...base, episode: { ...none, section47: true } })), /RC9 is for closing after an assessment only, and referral .* had a section 47 enquiry\. Choose another reason/)
    assert.match(messages(closureConsistency('RC8', { ...base, episode: { section47: true, icpc: true, cpPlan: true, cinPlan: false } })), /had a section 47 enquiry, an initial child protection conference and a child protection plan/)
    assert.match(messages(closureConsistency('RC8', { ...base, episode: { ...none, cinPlan: true } })), /had a child in need plan/)
    assert.deepEqual(closureConsistency('RC7', { ...base, episode: { section47: true, icpc: true, cpPlan: true, cinPlan: true } }), [], 'RC7 is still allowed')
  })

  it('RC2 (died) needs a date of death on the person record', () => {
    assert.match(messages(closureConsistency('RC2', base)), /date of death/)
    assert.deepEqual(closureConsistency('RC2', { ...base, dateOfDeath: '2026-11-10' }), [])
  })

  it('who was told: optional, but a date needs a how, not in the future nor before the referral', () => {
    assert.ok(validateInformed({}, base).ok)
    const r = validateInformed({ referrerInformedOn: '2026-11-26', familyInformedOn: '2026-08-01', familyInformedHow: 'Letter' }, base)
    assert.deepEqual(r.ok ? [] : r.errors.map((e) => e.field), ['referrerInformedOn', 'referrerInformedHow', 'familyInformedOn'])
    const ok = validateInformed({ referrerInformedOn: '2026-11-20', referrerInformedHow: 'Phone call to the school', familyInformedOn: '2026-11-21', familyInformedHow: 'Letter' }, base)
    assert.ok(ok.ok && ok.value.familyInformedOn === '2026-11-21')
  })

  it('authorisation: not by the proposer, not before the referral date, and the reason must still fit', () => {
    const pending = { status: 'proposed', proposedBy: 'u-worker', reasonCode: 'RC8' as const }
    const byManager = checkAuthorisation(pending, 'u-manager', base)
    assert.ok(byManager.ok && byManager.value.closureDate === '2026-11-25')
    const self = checkAuthorisation(pending, 'u-worker', base)
    assert.ok(!self.ok && /You cannot authorise a closure you proposed/.test(messages(self.errors)))
    const early = checkAuthorisation(pending, 'u-manager', { ...base, referralDate: '2026-11-26' })
    assert.ok(!early.ok && /cannot be before the referral date/.test(messages(early.errors)))
    const reopened = checkAuthorisation(pending, 'u-manager', { ...base, assessments: [...base.assessments, { assessmentRef: 'A9', status: 'in_progress', outcome: null, completedOn: null }] })
    assert.ok(!reopened.ok && /Finish assessment A9 first/.test(messages(reopened.errors)))
  })

  it('returning a closure needs comments', () => {
    assert.ok(!validateReturnComments('  ').ok)
    assert.ok(validateReturnComments('Tell the family first').ok)
  })
})
