import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { WorkingDayCalendar } from '../../src/domain/calendar/workingDays.ts'
import { DEFAULT_FRAMEWORK, FRAMEWORKS, RULES, RULE_NAMES, dueDate, isFramework, isRuleName, type RuleName } from '../../src/domain/timescales/rules.ts'

const due = (...args: Parameters<typeof dueDate>) => {
  const r = dueDate(...args)
  assert.ok(r.ok, r.ok ? '' : r.error)
  return r.due
}

const errorOf = (...args: Parameters<typeof dueDate>) => {
  const r = dueDate(...args)
  assert.equal(r.ok, false)
  return r.ok ? '' : r.error
}

describe('dueDate: the required outcomes', () => {
  it('contact-decision 2022-12-23 → 2022-12-28 (Christmas and Boxing Day substitutes)', () => {
    assert.equal(due('contact-decision', '2022-12-23'), '2022-12-28')
  })

  it('single-assessment 2022-08-15 → 2022-10-19 (summer bank holiday and the state funeral)', () => {
    assert.equal(due('single-assessment', '2022-08-15'), '2022-10-19')
  })

  it('initial-assessment 2010-12-20 under wt2010 → 2011-01-06', () => {
    assert.equal(due('initial-assessment', '2010-12-20', 'wt2010'), '2011-01-06')
  })

  it('icpc 2020-04-30 → 2020-05-22 (VE day 8 May)', () => {
    assert.equal(due('icpc', '2020-04-30'), '2020-05-22')
  })

  it('first-rcpc 2023-11-30 → 2024-02-29 (3 calendar months, clamped)', () => {
    assert.equal(due('first-rcpc', '2023-11-30'), '2024-02-29')
  })
})

describe('dueDate: each rule', () => {
  it('initial assessment is 7 working days under fa2000 and 10 under wt2010', () => {
    assert.equal(due('initial-assessment', '2008-03-03', 'fa2000'), '2008-03-12')
    assert.equal(due('initial-assessment', '2008-03-03', 'wt2010'), '2008-03-17')
  })

  it('core assessment is 35 working days under fa2000 and wt2010', () => {
    assert.equal(due('core-assessment', '2009-01-05', 'fa2000'), '2009-02-23')
    assert.equal(due('core-assessment', '2009-01-05', 'wt2010'), '2009-02-23')
  })

  it('single assessment is 45 working days; icpc 15; first core group 10; cp visit 10', () => {
    assert.equal(due('single-assessment', '2024-01-02'), '2024-03-05')
    assert.equal(due('icpc', '2024-03-25'), '2024-04-17') // over Good Friday and Easter Monday
    assert.equal(due('first-core-group', '2024-04-17'), '2024-05-01')
    assert.equal(due('cp-visit', '2024-05-01'), '2024-05-16') // over the early May bank holiday
  })

  it('next rcpc is 6 calendar months after the previous review', () => {
    assert.equal(due('next-rcpc', '2024-02-29'), '2024-08-29')
    assert.equal(due('next-rcpc', '2024-08-31'), '2025-02-28')
  })

  it('uses wt2023 when no framework is given', () => {
    assert.equal(DEFAULT_FRAMEWORK, 'wt2023')
    assert.equal(due('single-assessment', '2022-08-15'), due('single-assessment', '2022-08-15', 'wt2023'))
    assert.match(errorOf('initial-assessment', '2024-01-02'), /wt2023/)
  })

  it('skips council closure days when given a calendar with them', () => {
    const calendar = new WorkingDayCalendar({ closureDays: ['2024-12-24', '2024-12-27'] })
    assert.equal(due('contact-decision', '2024-12-23', 'wt2023', calendar), '2024-12-30')
    assert.equal(due('contact-decision', '2024-12-23'), '2024-12-24')
  })

  it('defines every rule with a source for each framework it covers', () => {
    assert.deepEqual([...RULE_NAMES].sort(), [
      'contact-decision', 'core-assessment', 'cp-visit', 'first-core-group', 'first-rcpc', 'icpc', 'initial-assessment', 'next-rcpc', 'single-assessment',
    ])
    for (const name of RULE_NAMES) {
      const frameworks = Object.keys(RULES[name].frameworks)
      assert.ok(frameworks.length > 0, name)
      for (const f of frameworks) assert.ok(isFramework(f), `${name}: ${f}`)
      for (const t of Object.values(RULES[name].frameworks)) {
        assert.ok(t.source.length > 10, `${name} names its source`)
        assert.ok(Number.isInteger(t.amount) && t.amount > 0, `${name} amount`)
      }
    }
    assert.deepEqual(Object.keys(RULES['single-assessment'].frameworks), ['wt2023'])
    assert.deepEqual(Object.keys(RULES['initial-assessment'].frameworks), ['fa2000', 'wt2010'])
    assert.deepEqual(Object.keys(RULES['core-assessment'].frameworks), ['fa2000', 'wt2010'])
    for (const name of ['contact-decision', 'icpc', 'first-core-group', 'first-rcpc', 'next-rcpc', 'cp-visit'] as RuleName[])
      assert.deepEqual(Object.keys(RULES[name].frameworks), [...FRAMEWORKS], name)
  })
})

describe('dueDate: errors', () => {
  it('a rule not defined for the framework names the rule and the framework', () => {
    const e1 = errorOf('single-assessment', '2010-06-01', 'fa2000')
    assert.match(e1, /single-assessment/)
    assert.match(e1, /fa2000/)
    assert.match(e1, /initial-assessment and core-assessment/)
    const e2 = errorOf('core-assessment', '2024-06-01', 'wt2023')
    assert.match(e2, /core-assessment/)
    assert.match(e2, /wt2023/)
    assert.match(e2, /single-assessment/)
  })

  it('a bad date', () => {
    assert.match(errorOf('icpc', '2023-02-29'), /not a real date/)
    assert.match(errorOf('icpc', '1/3/2023'), /YYYY-MM-DD/)
  })

  it('an unknown rule or framework from an untyped caller', () => {
    assert.match(errorOf('nope' as RuleName, '2024-01-02'), /Unknown rule "nope".*contact-decision/)
    assert.match(errorOf('icpc', '2024-01-02', 'wt1999' as 'wt2010'), /Unknown framework "wt1999"/)
  })

  it('isRuleName does not accept inherited properties', () => {
    assert.equal(isRuleName('toString'), false)
    assert.equal(isRuleName('__proto__'), false)
    assert.equal(isRuleName('icpc'), true)
  })
})
