/**
 * Ofsted Annex A (lists 1, 3, 4, 5, 6, 7) from plain facts: the template's headers in order, Harbour's
 * codes written as the template's drop-downs, who is on each list for a window, and every record read as
 * it stood at the window's end (a later authorisation, conference, closure or plan end is not shown).
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ANNEX_A_LISTS, LIST_1_COLUMNS, LIST_3_COLUMNS, LIST_4_COLUMNS, LIST_5_COLUMNS, LIST_6_COLUMNS, LIST_7_COLUMNS } from '../../src/domain/returns/annexA/columns.ts'
import { annexAAbuseCategory, annexAClosureReason, annexAEthnicity, annexAGender, annexASource } from '../../src/domain/returns/annexA/codes.ts'
import { UNALLOCATED, allocatedAt, annexAProblems, buildAnnexA, list1Rows, list3Rows, list4Rows, list5Rows, list6Rows, list7Rows } from '../../src/domain/returns/annexA/build.ts'
import type { AnnexAChildFacts, AnnexAFacts, AnnexAWindow } from '../../src/domain/returns/annexA/facts.ts'
import { validateAnnexAWindow } from '../../src/domain/returns/annexA/window.ts'

const W: AnnexAWindow = { from: '2026-01-01', to: '2026-06-30' }

const CHILD_HEADERS = ['Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth', 'Age of Child (Years)']
const SPEC_HEADERS: Record<string, string[]> = {
  'List 1': [...CHILD_HEADERS, 'Date of Contact', 'Contact Source'],
  'List 3': [...CHILD_HEADERS, 'Date of referral', 'Referral Source', 'Referral NFA?', 'Number of Referrals in Last 12 Months', 'Allocated Team', 'Allocated Worker'],
  'List 4': [
    ...CHILD_HEADERS,
    'Does the Child have a Disability',
    'Continuous Assessment Start Date',
    'Child Seen During Continuous Assessment',
    'Continuous Assessment Date of Authorisation',
    "Was the child assessed as requiring LA children's social care support?",
    'Allocated Team',
    'Allocated Worker',
  ],
  'List 5': [
    ...CHILD_HEADERS,
    'Does the Child have a Disability',
    'Strategy discussion initiating Section 47 Enquiry Start Date',
    'Was an Initial Child Protection Conference deemed unnecessary?',
    'Date of Initial Child Protection Conference',
    'Did the Initial Child Protection Conference Result in a Child Protection Plan',
    'Number of Section 47 Enquiries in the last 12 months',
    'Number of ICPCs in the last 12 months',
    'Allocated Team',
    'Allocated Worker',
  ],
  'List 6': [
    ...CHILD_HEADERS,
    'Does the Child have a Disability',
    'CIN Start Date',
    'Primary Need Code',
    'Date Child Was Last Seen',
    'CIN Closure Date',
    'Reason for Closure',
    'Case Status',
    'Allocated Team',
    'Allocated Worker',
  ],
  'List 7': [
    ...CHILD_HEADERS,
    'Does the Child have a Disability',
    'Child Protection Plan Start Date',
    'Initial Category of Abuse',
    'Latest Category of Abuse',
    'Date of the Last Statutory Visit',
    'Was the Child Seen Alone?',
    'Date of latest review conference',
    'Child Protection Plan End Date',
    'Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)',
    'Number of Previous Child Protection Plans',
    'Allocated Team',
    'Allocated Worker',
  ],
}

function child(id: string, over: Partial<AnnexAChildFacts> = {}): AnnexAChildFacts {
  return { personId: id, personRef: `P${id.toUpperCase()}`, sex: 'F', ethnicityCode: 'WBRI', dateOfBirth: '2015-09-15', isUnborn: false, disabilities: [], ...over }
}

function facts(over: Partial<AnnexAFacts>): AnnexAFacts {
  return { children: [], allocations: [], contacts: [], referrals: [], assessments: [], section47s: [], conferences: [], cpPlans: [], cinPlans: [], visits: [], ...over }
}

const referral = (id: string, personId: string, referralDate: string, over: Partial<AnnexAFacts['referrals'][number]> = {}) => ({
  referralId: id,
  personId,
  referralRef: `R-${id}`,
  referralDate,
  sourceCode: '2A',
  primaryNeedCode: null,
  closedOn: null,
  closureReason: null,
  ...over,
})
const assessment = (id: string, personId: string, referralId: string, startDate: string, over: Partial<AnnexAFacts['assessments'][number]> = {}) => ({
  assessmentId: id,
  personId,
  referralId,
  assessmentRef: `A-${id}`,
  startDate,
  completedOn: null,
  outcome: null,
  primaryNeedCode: null,
  childSeenOn: [],
  workerName: 'Sam Okafor',
  teamName: 'Assessment North',
  ...over,
})
const s47 = (id: string, personId: string, referralId: string, startDate: string, over: Partial<AnnexAFacts['section47s'][number]> = {}) => ({
  section47Id: id,
  personId,
  referralId,
  startDate,
  authorisedOn: null,
  icpcRequired: null,
  childSeenOn: null,
  workerName: null,
  teamName: null,
  ...over,
})
const cpPlan = (id: string, personId: string, referralId: string, startDate: string, over: Partial<AnnexAFacts['cpPlans'][number]> = {}) => ({
  cpPlanId: id,
  personId,
  referralId,
  startDate,
  endDate: null,
  initialCategories: ['NEG'],
  latestCategories: ['NEG'],
  numberOfPreviousPlans: 0,
  leadWorkerName: null,
  ...over,
})

describe('Annex A columns', () => {
  it('has six sheets, lists 1, 3, 4, 5, 6 and 7 in order, with names Excel accepts', () => {
    assert.deepEqual(
      ANNEX_A_LISTS.map((l) => l.list),
      ['List 1', 'List 3', 'List 4', 'List 5', 'List 6', 'List 7'],
    )
    for (const l of ANNEX_A_LISTS) {
      assert.ok(l.sheetName.length <= 31, l.sheetName)
      assert.ok(l.sheetName.startsWith(`${l.list} `), l.sheetName)
      assert.doesNotMatch(l.sheetName, /[\\/?*[\]:]/)
    }
  })

  it('has every header exactly as the Ofsted template, in its order', () => {
    const byList = { 'List 1': LIST_1_COLUMNS, 'List 3': LIST_3_COLUMNS, 'List 4': LIST_4_COLUMNS, 'List 5': LIST_5_COLUMNS, 'List 6': LIST_6_COLUMNS, 'List 7': LIST_7_COLUMNS }
    for (const [list, columns] of Object.entries(byList))
      assert.deepEqual(
        columns.map((c) => c.header),
        SPEC_HEADERS[list],
        list,
      )
  })
})

describe('Annex A codes', () => {
  it('writes gender from the recorded sex', () => {
    assert.equal(annexAGender('M'), 'a) Male')
    assert.equal(annexAGender('F'), 'b) Female')
    assert.equal(annexAGender('U'), 'c) Not stated/recorded')
  })

  it('writes ethnicity with the template letter; nothing recorded is "not yet obtained"', () => {
    assert.equal(annexAEthnicity('WBRI'), 'a) WBRI')
    assert.equal(annexAEthnicity('BAFR'), 'o) BAFR')
    assert.equal(annexAEthnicity('REFU'), 's) REFU')
    assert.equal(annexAEthnicity('NOBT'), 's) NOBT')
    assert.equal(annexAEthnicity(null), 's) NOBT')
  })

  it('writes contact and referral sources as the template words them; 5D (early help) as 5B, anything else as unknown', () => {
    assert.equal(annexASource('6'), 'q) 6: Police')
    assert.equal(annexASource('2A'), 'e) 2A: Schools')
    assert.equal(annexASource('3C'), 'i) 3C: Health services')
    assert.equal(annexASource('10'), 'u) 10: Unknown')
    assert.equal(annexASource('5D'), 'o) 5B: LA services')
    assert.equal(annexASource('ZZ'), 'u) 10: Unknown')
  })

  it('reports RC9 closures as RC8 (the template stops at RC8) and several abuse categories as "Multiple"', () => {
    assert.equal(annexAClosureReason('RC7'), 'RC7 - Services ceased for any other reason, including child no longer in need')
    assert.equal(annexAClosureReason('RC9'), 'RC8 - Case closed after assessment, no further action')
    assert.equal(annexAAbuseCategory(['EMO']), 'd) Emotional abuse')
    assert.equal(annexAAbuseCategory(['NEG', 'EMO']), 'e) Multiple/not recommended')
  })
})

describe('Annex A reporting window', () => {
  const today = '2026-11-26'
  const fieldsOf = (r: ReturnType<typeof validateAnnexAWindow>) => (r.ok ? [] : r.errors.map((e) => e.field))

  it('accepts a six-month window ending today, and exactly two years', () => {
    assert.ok(validateAnnexAWindow({ from: '2026-05-27', to: today }, today).ok)
    assert.ok(validateAnnexAWindow({ from: '2024-11-27', to: '2026-11-26' }, today).ok)
  })

  it('names the field that is wrong', () => {
    assert.deepEqual(fieldsOf(validateAnnexAWindow({ from: '2026-02-30', to: '2026-06-30' }, today)), ['from'])
    assert.deepEqual(fieldsOf(validateAnnexAWindow({ from: '2026-01-01', to: '30/06/2026' }, today)), ['to'])
    assert.deepEqual(fieldsOf(validateAnnexAWindow({ from: '2026-07-01', to: '2026-06-30' }, today)), ['from'])
    assert.deepEqual(fieldsOf(validateAnnexAWindow({ from: '2026-06-01', to: '2026-11-27' }, today)), ['to'])
    assert.deepEqual(fieldsOf(validateAnnexAWindow({ from: '2024-11-26', to: '2026-11-26' }, today)), ['to'])
  })
})

describe('Annex A list 1 (contacts)', () => {
  it('has a row per child on each contact received in the window, with the age at the window end', () => {
    const f = facts({
      children: [child('a', { dateOfBirth: '2015-09-15' }), child('b', { sex: 'M', ethnicityCode: null, dateOfBirth: null, isUnborn: true })],
      contacts: [
        { personId: 'a', contactRef: 'C1', receivedOn: '2026-03-02', sourceCode: '6' },
        { personId: 'b', contactRef: 'C1', receivedOn: '2026-03-02', sourceCode: '6' },
        { personId: 'a', contactRef: 'C0', receivedOn: '2025-12-31', sourceCode: '1A' },
        { personId: 'a', contactRef: 'C9', receivedOn: '2026-07-01', sourceCode: '1A' },
      ],
    })
    const rows = list1Rows(f, W)
    assert.equal(rows.length, 2)
    assert.deepEqual(rows[0], { childId: 'PA', gender: 'b) Female', ethnicity: 'a) WBRI', dateOfBirth: '2015-09-15', age: 10, contactDate: '2026-03-02', contactSource: 'q) 6: Police' })
    // An unborn child: no date of birth, no age.
    assert.deepEqual(rows[1], { childId: 'PB', gender: 'a) Male', ethnicity: 's) NOBT', dateOfBirth: null, age: null, contactDate: '2026-03-02', contactSource: 'q) 6: Police' })
  })
})

describe('Annex A list 3 (referrals)', () => {
  it('marks NFA only when the referral closed by the window end with nothing started, and counts earlier referrals in 12 months', () => {
    const f = facts({
      children: [child('a'), child('b'), child('c')],
      referrals: [
        referral('r0', 'a', '2025-01-15', { closedOn: '2025-01-20', closureReason: 'RC7' }),
        referral('r1', 'a', '2025-08-01', { closedOn: '2025-09-01', closureReason: 'RC7' }),
        referral('r2', 'a', '2026-02-01', { closedOn: '2026-02-10', closureReason: 'RC7' }),
        referral('r3', 'b', '2026-03-01', { closedOn: '2026-05-01', closureReason: 'RC8' }),
        // Closed after the window: at its end the referral was still open.
        referral('r4', 'c', '2026-06-01', { closedOn: '2026-07-15', closureReason: 'RC7' }),
      ],
      assessments: [assessment('x', 'b', 'r3', '2026-03-02', { completedOn: '2026-04-20', outcome: 'nfa' })],
      allocations: [{ personId: 'b', startDate: '2026-03-01', endDate: null, workerName: 'Ada Byron', teamName: 'Assessment South' }],
    })
    const rows = list3Rows(f, W)
    assert.deepEqual(
      rows.map((r) => [r.childId, r.referralDate, r.referralNfa, r.referralsInLast12Months]),
      [
        ['PA', '2026-02-01', 'a) Yes', 1],
        ['PB', '2026-03-01', 'b) No', 0],
        ['PC', '2026-06-01', 'b) No', 0],
      ],
    )
    assert.equal(rows[0]?.referralSource, 'e) 2A: Schools')
    assert.deepEqual([rows[1]?.allocatedTeam, rows[1]?.allocatedWorker], ['Assessment South', 'Ada Byron'])
    assert.deepEqual([rows[0]?.allocatedTeam, rows[0]?.allocatedWorker], [UNALLOCATED, UNALLOCATED])
  })
})

describe('Annex A list 4 (assessments)', () => {
  it('shows an assessment authorised after the window end as not yet authorised', () => {
    const f = facts({
      children: [child('a', { disabilities: ['AUT'] }), child('b')],
      referrals: [referral('ra', 'a', '2026-01-05'), referral('rb', 'b', '2026-01-05')],
      assessments: [
        assessment('1', 'a', 'ra', '2026-01-06', { completedOn: '2026-03-01', outcome: 'cin_plan', childSeenOn: ['2026-01-10'] }),
        assessment('2', 'b', 'rb', '2026-06-01', { completedOn: '2026-07-20', outcome: 'nfa', childSeenOn: ['2026-07-02'] }),
        assessment('3', 'b', 'rb', '2025-12-01', { completedOn: '2026-01-20', outcome: 'nfa' }),
      ],
    })
    const rows = list4Rows(f, W)
    assert.deepEqual(
      rows.map((r) => [r.childId, r.disability, r.assessmentStart, r.childSeen, r.authorisedOn, r.requiresSupport, r.allocatedWorker]),
      [
        ['PA', 'a) Yes', '2026-01-06', 'a) Yes', '2026-03-01', 'a) Yes', 'Sam Okafor'],
        // Authorised 20 July and seen 2 July: after the window, so neither shows.
        ['PB', 'b) No', '2026-06-01', 'b) No', null, null, 'Sam Okafor'],
      ],
    )
  })

  it('answers "requiring support" No when the assessment ended in no further action', () => {
    const f = facts({
      children: [child('a')],
      referrals: [referral('ra', 'a', '2026-01-05')],
      assessments: [assessment('1', 'a', 'ra', '2026-01-06', { completedOn: '2026-02-01', outcome: 'nfa' })],
    })
    assert.equal(list4Rows(f, W)[0]?.requiresSupport, 'b) No')
  })
})

describe('Annex A list 5 (section 47 enquiries and ICPCs)', () => {
  it('shows the ICPC only once held by the window end, and counts earlier enquiries and ICPCs in 12 months', () => {
    const f = facts({
      children: [child('a'), child('b')],
      referrals: [referral('ra', 'a', '2025-06-01'), referral('rb', 'b', '2026-04-01')],
      section47s: [
        s47('old', 'a', 'ra', '2025-06-10', { authorisedOn: '2025-06-20', icpcRequired: true }),
        s47('new', 'a', 'ra', '2026-02-01', { authorisedOn: '2026-02-10', icpcRequired: true }),
        s47('b1', 'b', 'rb', '2026-06-20', { authorisedOn: '2026-06-28', icpcRequired: true }),
      ],
      conferences: [
        { conferenceId: 'c-old', personId: 'a', type: 'initial', section47Id: 'old', cpPlanId: null, heldOn: '2025-07-01', decision: 'no_plan', categories: [] },
        { conferenceId: 'c-new', personId: 'a', type: 'initial', section47Id: 'new', cpPlanId: null, heldOn: '2026-02-20', decision: 'plan', categories: ['NEG'] },
        { conferenceId: 'c-b1', personId: 'b', type: 'initial', section47Id: 'b1', cpPlanId: null, heldOn: '2026-07-10', decision: 'plan', categories: ['PHY'] },
      ],
    })
    const rows = list5Rows(f, W)
    assert.deepEqual(
      rows.map((r) => [r.childId, r.s47Start, r.icpcUnnecessary, r.icpcDate, r.icpcPlan, r.s47sInLast12Months, r.icpcsInLast12Months]),
      [
        ['PA', '2026-02-01', 'b) No', '2026-02-20', 'a) Yes', 1, 1],
        ['PB', '2026-06-20', 'b) No', null, null, 0, 0],
      ],
    )
  })

  it('answers "conference unnecessary" Yes when the manager authorised no conference, and leaves it blank while undecided', () => {
    const f = facts({
      children: [child('a'), child('b')],
      referrals: [referral('ra', 'a', '2026-01-01'), referral('rb', 'b', '2026-01-01')],
      section47s: [s47('1', 'a', 'ra', '2026-02-01', { authorisedOn: '2026-02-12', icpcRequired: false }), s47('2', 'b', 'rb', '2026-06-25', { authorisedOn: '2026-07-02', icpcRequired: false })],
    })
    assert.deepEqual(
      list5Rows(f, W).map((r) => r.icpcUnnecessary),
      ['a) Yes', null],
    )
  })
})

describe('Annex A list 6 (children in need)', () => {
  const base = facts({
    children: [child('cp'), child('cin'), child('open'), child('closed'), child('late'), child('refonly'), child('before')],
    referrals: [
      referral('r-cp', 'cp', '2025-10-01'),
      referral('r-cin', 'cin', '2025-11-01', { primaryNeedCode: 'N4' }),
      referral('r-open', 'open', '2026-05-01'),
      referral('r-closed', 'closed', '2026-01-10', { closedOn: '2026-03-01', closureReason: 'RC9' }),
      referral('r-late', 'late', '2026-02-01', { closedOn: '2026-08-01', closureReason: 'RC8' }),
      referral('r-refonly', 'refonly', '2026-06-20'),
      referral('r-before', 'before', '2025-01-01', { closedOn: '2025-12-31', closureReason: 'RC7' }),
    ],
    assessments: [
      assessment('a-cp', 'cp', 'r-cp', '2025-10-02', { completedOn: '2025-11-01', outcome: 'strategy_discussion' }),
      assessment('a-cin', 'cin', 'r-cin', '2025-11-02', { completedOn: '2025-12-01', outcome: 'cin_plan', primaryNeedCode: 'N1' }),
      assessment('a-open', 'open', 'r-open', '2026-05-02', { childSeenOn: ['2026-05-20', '2026-07-03'] }),
      assessment('a-closed', 'closed', 'r-closed', '2026-01-11', { completedOn: '2026-02-20', outcome: 'early_help', primaryNeedCode: 'N5' }),
      assessment('a-late', 'late', 'r-late', '2026-02-02', { completedOn: '2026-07-01', outcome: 'nfa' }),
      assessment('a-before', 'before', 'r-before', '2025-01-02', { completedOn: '2025-02-01', outcome: 'nfa' }),
      // Started after the window: at its end, this child was only the subject of a referral.
      assessment('a-refonly', 'refonly', 'r-refonly', '2026-07-02'),
    ],
    cpPlans: [cpPlan('p-cp', 'cp', 'r-cp', '2025-11-20')],
    cinPlans: [{ cinPlanId: 'c-cin', personId: 'cin', referralId: 'r-cin', startDate: '2025-12-05', endDate: null, workerName: 'Kate Armitage', teamName: 'Children in need' }],
    visits: [
      { personId: 'cin', cpPlanId: null, cinPlanId: 'c-cin', visitDate: '2026-06-01', childSeen: true, seenAlone: true },
      { personId: 'cin', cpPlanId: null, cinPlanId: 'c-cin', visitDate: '2026-06-20', childSeen: false, seenAlone: null },
    ],
  })

  it('lists each child whose episode was open in the window, with the case status at its end', () => {
    const rows = list6Rows(base, W)
    const byId = new Map(rows.map((r) => [r.childId, r]))
    assert.deepEqual([...byId.keys()].sort(), ['PCIN', 'PCLOSED', 'PCP', 'PLATE', 'POPEN'])
    assert.equal(byId.get('PCP')?.caseStatus, 'b) Child Protection plan')
    assert.equal(byId.get('PCIN')?.caseStatus, 'c) Child in need plan')
    assert.equal(byId.get('POPEN')?.caseStatus, 'd) Open assessment')
    assert.equal(byId.get('PCLOSED')?.caseStatus, 'e) Closed episode')
    // Closed after the window: still open (its assessment authorised in July too).
    assert.deepEqual([byId.get('PLATE')?.caseStatus, byId.get('PLATE')?.cinClosure, byId.get('PLATE')?.closureReason], ['d) Open assessment', null, null])
  })

  it('gives the closure date and reason, the primary need, and the last day the child was seen by the window end', () => {
    const byId = new Map(list6Rows(base, W).map((r) => [r.childId, r]))
    const closed = byId.get('PCLOSED')
    assert.deepEqual([closed?.cinStart, closed?.cinClosure, closed?.closureReason, closed?.primaryNeed], ['2026-01-10', '2026-03-01', 'RC8 - Case closed after assessment, no further action', 'N5 - Family dysfunction'])
    const cin = byId.get('PCIN')
    // The episode's own primary need comes first; the 20 June visit did not see the child.
    assert.deepEqual([cin?.primaryNeed, cin?.lastSeen, cin?.allocatedTeam, cin?.allocatedWorker], ['N4 - Family in acute stress', '2026-06-01', 'Children in need', 'Kate Armitage'])
    assert.deepEqual([byId.get('POPEN')?.lastSeen, byId.get('POPEN')?.primaryNeed], ['2026-05-20', 'N0 - Not stated'])
  })
})

describe('Annex A list 7 (child protection)', () => {
  it('lists plans open at any time in the window, as they stood at its end', () => {
    const f = facts({
      children: [child('a'), child('b'), child('c')],
      referrals: [referral('ra', 'a', '2025-09-01'), referral('rb', 'b', '2025-01-01'), referral('rc', 'c', '2026-01-01')],
      cpPlans: [
        cpPlan('pa', 'a', 'ra', '2025-10-01', { endDate: '2026-08-01', initialCategories: ['NEG'], latestCategories: ['EMO'], numberOfPreviousPlans: 1, leadWorkerName: 'Rhys Oduya' }),
        cpPlan('pb', 'b', 'rb', '2025-02-01', { endDate: '2025-12-01' }),
        cpPlan('pc', 'c', 'rc', '2026-03-01', { initialCategories: ['NEG', 'PHY'], latestCategories: ['PHY'] }),
      ],
      conferences: [
        { conferenceId: 'r1', personId: 'a', type: 'review', section47Id: null, cpPlanId: 'pa', heldOn: '2026-01-05', decision: 'continue', categories: [] },
        // The change to emotional abuse came after the window.
        { conferenceId: 'r2', personId: 'a', type: 'review', section47Id: null, cpPlanId: 'pa', heldOn: '2026-07-05', decision: 'change_category', categories: ['EMO'] },
        { conferenceId: 'r3', personId: 'c', type: 'review', section47Id: null, cpPlanId: 'pc', heldOn: '2026-05-30', decision: 'change_category', categories: ['PHY'] },
      ],
      visits: [
        { personId: 'a', cpPlanId: 'pa', cinPlanId: null, visitDate: '2026-06-10', childSeen: true, seenAlone: false },
        { personId: 'a', cpPlanId: 'pa', cinPlanId: null, visitDate: '2026-07-10', childSeen: true, seenAlone: true },
        { personId: 'c', cpPlanId: 'pc', cinPlanId: null, visitDate: '2026-06-15', childSeen: true, seenAlone: true },
      ],
      allocations: [
        { personId: 'a', startDate: '2025-09-01', endDate: '2026-04-01', workerName: 'Old Worker', teamName: 'Assessment North' },
        { personId: 'a', startDate: '2026-04-01', endDate: null, workerName: 'Lena Carrick', teamName: 'Safeguarding West' },
        { personId: 'a', startDate: '2026-08-01', endDate: null, workerName: 'Later Worker', teamName: 'Safeguarding East' },
      ],
    })
    const rows = list7Rows(f, W)
    assert.deepEqual(
      rows.map((r) => [r.childId, r.planStart, r.initialCategory, r.latestCategory, r.lastVisit, r.seenAlone, r.lastReview, r.planEnd, r.epo, r.previousPlans, r.allocatedTeam, r.allocatedWorker]),
      [
        ['PA', '2025-10-01', 'a) Neglect', 'a) Neglect', '2026-06-10', 'b) No', '2026-01-05', null, 'c) Unknown', 1, 'Safeguarding West', 'Lena Carrick'],
        ['PC', '2026-03-01', 'e) Multiple/not recommended', 'b) Physical abuse', '2026-06-15', 'a) Yes', '2026-05-30', null, 'c) Unknown', 0, UNALLOCATED, UNALLOCATED],
      ],
    )
  })
})

describe('Annex A allocation', () => {
  it('takes the allocation open at the window end, else the last before it, else the event’s worker', () => {
    const allocations = [
      { personId: 'a', startDate: '2025-01-01', endDate: '2025-06-01', workerName: 'First', teamName: 'T1' },
      { personId: 'a', startDate: '2025-06-01', endDate: '2026-02-01', workerName: 'Second', teamName: 'T2' },
      { personId: 'a', startDate: '2026-09-01', endDate: null, workerName: 'After', teamName: 'T3' },
    ]
    assert.deepEqual(allocatedAt(allocations, W), { allocatedTeam: 'T2', allocatedWorker: 'Second' })
    assert.deepEqual(allocatedAt(allocations, { from: '2026-01-01', to: '2026-09-30' }), { allocatedTeam: 'T3', allocatedWorker: 'After' })
    assert.deepEqual(allocatedAt([], W, { teamName: 'Assessment North', workerName: 'Sam Okafor' }), { allocatedTeam: 'Assessment North', allocatedWorker: 'Sam Okafor' })
  })
})

describe('Annex A workbook', () => {
  it('builds all six lists with counts and no cell the template would reject', () => {
    const f = facts({
      children: [child('a', { sex: 'U', ethnicityCode: null }), child('b', { disabilities: ['HEAR'] })],
      contacts: [{ personId: 'a', contactRef: 'C1', receivedOn: '2026-02-01', sourceCode: '5D' }],
      referrals: [referral('ra', 'a', '2026-02-02', { closedOn: '2026-04-01', closureReason: 'RC9' }), referral('rb', 'b', '2025-06-01', { sourceCode: '6' })],
      assessments: [assessment('1', 'a', 'ra', '2026-02-03', { completedOn: '2026-03-01', outcome: 'early_help' }), assessment('2', 'b', 'rb', '2025-06-02', { completedOn: '2025-07-01', outcome: 'strategy_discussion' })],
      section47s: [s47('s', 'b', 'rb', '2026-01-10', { authorisedOn: '2026-01-20', icpcRequired: true })],
      conferences: [{ conferenceId: 'i', personId: 'b', type: 'initial', section47Id: 's', cpPlanId: null, heldOn: '2026-01-30', decision: 'plan', categories: ['SAB'] }],
      cpPlans: [cpPlan('p', 'b', 'rb', '2026-01-30', { initialCategories: ['SAB'], latestCategories: ['SAB'] })],
    })
    const wb = buildAnnexA(f, W)
    assert.deepEqual(wb.rowCounts, { 'List 1': 1, 'List 3': 1, 'List 4': 1, 'List 5': 1, 'List 6': 2, 'List 7': 1 })
    for (const sheet of wb.sheets) assert.deepEqual(annexAProblems(sheet), [], sheet.sheetName)
  })

  it('finds cells the template would reject', () => {
    const problems = annexAProblems({ columns: LIST_1_COLUMNS, rows: [{ childId: null, gender: 'Female', ethnicity: 'a) WBRI', dateOfBirth: null, age: null, contactDate: '2026-01-01', contactSource: 'q) 6: Police' }] })
    assert.deepEqual(
      problems.map((p) => [p.row, p.column]),
      [
        [2, 'Child Unique ID'],
        [2, 'Gender'],
      ],
    )
  })
})
