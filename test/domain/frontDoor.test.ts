import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { contactDecisionDue, decideContactChild, decisionTimeliness, isOutOfHours, reReferral, validateContact, validateScreening } from '../../src/domain/frontDoor/contact.ts'
import { WorkingDayCalendar } from '../../src/domain/calendar/workingDays.ts'
import { londonInstant } from '../../src/domain/shared/dates.ts'

const calendar = new WorkingDayCalendar()
const NOW = new Date('2026-11-25T12:00:00Z')
const CHILD = '9f60ca6a-d74c-4a7e-bf5f-d5634742f37e'
const good = {
  receivedDate: '2026-11-25', receivedTime: '09:15', channel: 'phone', sourceCode: '2A', referrerName: 'Ms Sandhu', concern: 'Bruising seen on arm',
  parentsAware: 'yes', consent: 'given', childIds: [CHILD],
}

describe('validateContact', () => {
  it('accepts a complete contact and keeps the time received in England', () => {
    const r = validateContact(good, NOW)
    assert.ok(r.ok)
    assert.equal(r.value.receivedAt.toISOString(), '2026-11-25T09:15:00.000Z')
  })
  it('handles British Summer Time', () => {
    assert.equal(londonInstant('2026-07-01', '09:15').toISOString(), '2026-07-01T08:15:00.000Z')
  })
  it('refuses a contact with no child, a time in the future, and missing codes, naming each field', () => {
    const r = validateContact({ ...good, childIds: [], receivedTime: '23:59', channel: 'pigeon', sourceCode: 'ZZ' }, NOW)
    assert.ok(!r.ok)
    assert.deepEqual(r.errors.map((e) => e.field).sort(), ['channel', 'childIds', 'receivedDate', 'sourceCode'])
  })
  it('asks why the contact proceeds without consent', () => {
    const r = validateContact({ ...good, consent: 'not_sought' }, NOW)
    assert.ok(!r.ok)
    assert.equal(r.errors[0]?.field, 'noConsentReason')
  })
  it('lets an anonymous contact have no referrer name, but not a named source', () => {
    assert.ok(validateContact({ ...good, sourceCode: '9', referrerName: '' }, NOW).ok)
    const r = validateContact({ ...good, referrerName: '' }, NOW)
    assert.ok(!r.ok && r.errors.some((e) => e.field === 'referrerName'))
  })
  it('refuses a concern over 20,000 characters', () => {
    const r = validateContact({ ...good, concern: 'x'.repeat(20_001) }, NOW)
    assert.ok(!r.ok && r.errors[0]?.field === 'concern')
  })
})

describe('contact decision deadline and out of hours', () => {
  it('is the next working day (Friday 23 December 2022 → Wednesday 28th)', () => {
    assert.equal(contactDecisionDue(londonInstant('2022-12-23', '10:00'), calendar), '2022-12-28')
  })
  it('flags contacts outside 09:00–17:00 on working days, and every EDT contact', () => {
    assert.equal(isOutOfHours(londonInstant('2026-11-25', '10:00'), 'phone', calendar), false)
    assert.equal(isOutOfHours(londonInstant('2026-11-25', '17:30'), 'phone', calendar), true)
    assert.equal(isOutOfHours(londonInstant('2026-11-28', '11:00'), 'phone', calendar), true)
    assert.equal(isOutOfHours(londonInstant('2026-11-25', '11:00'), 'edt', calendar), true)
  })
  it('reports overdue, due today and not due', () => {
    const received = londonInstant('2026-11-23', '10:00')
    assert.equal(decisionTimeliness(received, '2026-11-24', null, '2026-11-25', calendar).state, 'overdue')
    assert.equal(decisionTimeliness(received, '2026-11-24', null, '2026-11-24', calendar).state, 'due-today')
    assert.equal(decisionTimeliness(received, '2026-11-24', null, '2026-11-23', calendar).state, 'not-due')
    assert.equal(decisionTimeliness(received, '2026-11-24', new Date(), '2026-11-30', calendar).state, 'decided')
  })
})

describe('decideContactChild', () => {
  const manager = { role: 'team_manager', qualifiedSocialWorker: true }
  it('needs reasons', () => {
    const r = decideContactChild({ decidedAt: null }, { outcome: 'referral', reasons: '  ' }, manager)
    assert.ok(!r.ok && r.errors[0]?.field === 'reasons')
  })
  it('needs a qualified manager', () => {
    assert.ok(!decideContactChild({ decidedAt: null }, { outcome: 'nfa', reasons: 'ok' }, { role: 'front_door_worker', qualifiedSocialWorker: true }).ok)
    assert.ok(!decideContactChild({ decidedAt: null }, { outcome: 'nfa', reasons: 'ok' }, { role: 'team_manager', qualifiedSocialWorker: false }).ok)
  })
  it('refuses a second decision', () => {
    const r = decideContactChild({ decidedAt: new Date() }, { outcome: 'nfa', reasons: 'ok' }, manager)
    assert.ok(!r.ok && /already been decided/.test(r.errors[0]?.message ?? ''))
  })
  it('accepts a decision with reasons', () => {
    assert.deepEqual(decideContactChild({ decidedAt: null }, { outcome: 'early_help', reasons: 'Family support' }, manager), { ok: true, value: { outcome: 'early_help', reasons: 'Family support' } })
  })
})

describe('reReferral (within 12 months of a previous referral)', () => {
  it('flags a referral 10 months after the last, and counts referrals in the last 12 months', () => {
    assert.deepEqual(reReferral(['2025-01-25', '2026-01-25'], '2026-11-25'), { isReReferral: true, referralsInLast12Months: 1 })
  })
  it('does not flag one 13 months later', () => {
    assert.deepEqual(reReferral(['2025-10-24'], '2026-11-25'), { isReReferral: false, referralsInLast12Months: 0 })
  })
  it('counts exactly 12 months back as within', () => {
    assert.equal(reReferral(['2025-11-25'], '2026-11-25').isReReferral, true)
  })
})

describe('validateScreening', () => {
  it('needs a threshold level and a RAG', () => {
    const r = validateScreening({})
    assert.ok(!r.ok)
    assert.deepEqual(r.errors.map((e) => e.field), ['thresholdLevel', 'rag'])
    assert.ok(validateScreening({ thresholdLevel: '3', rag: 'red' }).ok)
  })
})
