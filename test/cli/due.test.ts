import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { runDue } from '../../src/cli/due.ts'

const ok = (args: string[]) => {
  const r = runDue(args)
  assert.equal(r.stderr, '')
  assert.equal(r.code, 0)
  return r.stdout
}

const usage = (args: string[]) => {
  const r = runDue(args)
  assert.equal(r.code, 2, `exit 2 for ${args.join(' ')}`)
  assert.equal(r.stdout, '')
  assert.match(r.stderr, /Usage: harbour due RULE DATE/)
  return r.stderr
}

describe('harbour due', () => {
  it('prints only the due date', () => {
    assert.equal(ok(['contact-decision', '2022-12-23']), '2022-12-28\n')
    assert.equal(ok(['single-assessment', '2022-08-15']), '2022-10-19\n')
    assert.equal(ok(['initial-assessment', '2010-12-20', '--framework', 'wt2010']), '2011-01-06\n')
    assert.equal(ok(['icpc', '2020-04-30']), '2020-05-22\n')
    assert.equal(ok(['first-rcpc', '2023-11-30']), '2024-02-29\n')
  })

  it('accepts --framework before the arguments and in --framework=X form', () => {
    assert.equal(ok(['--framework', 'wt2010', 'initial-assessment', '2010-12-20']), '2011-01-06\n')
    assert.equal(ok(['initial-assessment', '2010-12-20', '--framework=fa2000']), '2010-12-31\n')
    assert.equal(ok(['single-assessment', '2022-08-15', '--framework', 'wt2023']), '2022-10-19\n')
  })

  it('without --framework uses the framework in force on DATE (by era)', () => {
    assert.equal(ok(['initial-assessment', '2010-12-20']), '2011-01-06\n') // wt2010: 10 working days
    assert.equal(ok(['initial-assessment', '2009-06-01']), '2009-06-10\n') // fa2000: 7 working days
    assert.equal(ok(['core-assessment', '2011-03-01']), '2011-04-19\n') // wt2010: 35 working days
    assert.equal(ok(['single-assessment', '2022-08-15']), '2022-10-19\n') // wt2023: 45 working days
    assert.match(usage(['single-assessment', '2012-05-01']), /single-assessment is not defined under framework wt2010/)
    assert.match(usage(['initial-assessment', '2014-01-06']), /initial-assessment is not defined under framework wt2023/)
  })

  it('lists the rules for an unknown rule', () => {
    const err = usage(['initial', '2024-01-02'])
    assert.match(err, /unknown rule "initial"/)
    for (const r of ['contact-decision', 'initial-assessment', 'core-assessment', 'single-assessment', 'icpc', 'first-core-group', 'first-rcpc', 'next-rcpc', 'cp-visit'])
      assert.ok(err.includes(r), r)
  })

  it('rejects a bad date', () => {
    assert.match(usage(['icpc', '2023-02-29']), /"2023-02-29" is not a real date: give it as YYYY-MM-DD/)
    assert.match(usage(['icpc', '29/02/2024']), /not a real date/)
  })

  it('rejects an unknown framework, or --framework without a value', () => {
    assert.match(usage(['icpc', '2024-01-02', '--framework', 'wt2018']), /unknown framework "wt2018": use fa2000, wt2010, wt2023/)
    assert.match(usage(['icpc', '2024-01-02', '--framework']), /--framework needs a value/)
    assert.match(usage(['icpc', '2024-01-02', '--framework=']), /--framework needs a value/)
  })

  it('explains a rule not defined for the framework', () => {
    const err = usage(['single-assessment', '2010-06-01', '--framework', 'fa2000'])
    assert.match(err, /single-assessment is not defined under framework fa2000/)
    assert.match(usage(['core-assessment', '2024-06-01']), /core-assessment is not defined under framework wt2023/)
  })

  it('reports missing arguments, extra arguments and unknown options', () => {
    assert.match(usage([]), /missing RULE and DATE/)
    assert.match(usage(['icpc']), /missing DATE/)
    assert.match(usage(['icpc', '2024-01-02', '2024-01-03']), /unexpected argument: 2024-01-03/)
    assert.match(usage(['icpc', '2024-01-02', '--council', 'x']), /unknown option --council/)
  })

  it('prints help listing the rules and frameworks', () => {
    const r = runDue(['--help'])
    assert.equal(r.code, 0)
    assert.match(r.stdout, /harbour due RULE DATE/)
    assert.match(r.stdout, /single-assessment +Single \(child and family\) assessment, from the referral date \(wt2023: 45 working days\)/)
    assert.match(r.stdout, /initial-assessment .*fa2000: 7 working days; wt2010: 10 working days/)
    assert.match(r.stdout, /first-rcpc .*3 months/)
    assert.match(r.stdout, /Default: the framework in force in England on DATE/)
    assert.match(r.stdout, /fa2000 from 2000-04-01, wt2010 from 2010-04-01, wt2023 from 2013-04-15/)
  })
})
