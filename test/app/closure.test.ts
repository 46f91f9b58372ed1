/** Case closure through the use cases: proposal rules, the manager's authorisation, races. */
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { actorFor, testContext, testDatabase, uniqueFamilyName } from '../helpers/harness.ts'
import { createPerson } from '../../src/app/people/createPerson.ts'
import { authoriseClosure, proposeClosure, recordInformed, returnClosure, viewClosure } from '../../src/app/closure/closure.ts'
import { ConflictError, ForbiddenError, ValidationError, type RequestMeta } from '../../src/app/context.ts'
import { insertReferral, nextReferralRef } from '../../src/db/repositories/frontDoor.ts'
import { addDays } from '../../src/domain/calendar/days.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'

const database = testDatabase()
after(() => database.close())
const ctx = testContext(database)
const meta = async (u: string): Promise<RequestMeta> => ({ actor: await actorFor(database, u), ip: '127.0.0.1', requestId: 'test' })
const count = async (q: ReturnType<typeof sql>) => ((await database.db.execute(q)).rows[0] as { n: number }).n
const today = () => londonDate(new Date())

type Case = { personId: string; referralId: string; referralRef: string; assessmentRef: string | null }

/** A child allocated to Sam Okafor, with an open referral 40 days old and optionally an assessment. */
async function openCase(assessment: { status: string; outcome: string | null } | null, opts: { restricted?: boolean } = {}): Promise<Case> {
  const fd = await meta('frontdoor')
  const out = await createPerson(ctx, fd, { givenNames: 'Ava', familyName: uniqueFamilyName(), dateOfBirth: '2014-06-06', sex: 'F', confirmedNotDuplicate: true })
  assert.ok(out.kind === 'created')
  const personId = out.id
  const sw = await actorFor(database, 'socialworker')
  const referralDate = addDays(today(), -40)
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`insert into allocation (person_id, worker_id, team_id, start_date, created_by) values (${personId}, ${sw.workerId}, ${sw.teamId}, ${referralDate}, ${fd.actor.userId})`)
    const referralRef = await nextReferralRef(tx)
    const { id: referralId } = await insertReferral(tx, { referralRef, personId, contactId: null, referralDate, sourceCode: '2A', isReReferral: false, referralsInLast12Months: 0, createdBy: fd.actor.userId }, new Date())
    let assessmentRef: string | null = null
    if (assessment) {
      const row = (
        await tx.execute(sql`insert into assessment (assessment_ref, person_id, referral_id, kind, framework, start_date, due_date, status, outcome, completed_on, worker_id, team_id)
          values ('A' || lpad(nextval('assessment_ref_seq')::text, 6, '0'), ${personId}, ${referralId}, 'single', 'wt2023', ${referralDate}, ${addDays(referralDate, 60)}, ${assessment.status}, ${assessment.outcome},
                  ${assessment.status === 'authorised' ? addDays(referralDate, 30) : null}, ${sw.workerId}, ${sw.teamId}) returning assessment_ref`)
      ).rows[0] as { assessment_ref: string }
      assessmentRef = row.assessment_ref
    }
    if (opts.restricted) await tx.execute(sql`update person set restricted = true where id = ${personId}`)
    return { personId, referralId, referralRef, assessmentRef }
  })
}

const proposal = { reasonCode: 'RC8', summary: 'Assessment found no need for services. Family agree.' }

async function pendingOf(c: Case) {
  const view = await viewClosure(ctx, await meta('teammanager'), c.personId)
  assert.ok(view.pending, 'a closure is pending')
  return view.pending
}

describe('case closure', () => {
  it('a worker proposes, a manager authorises: referral closed, allocations ended, decision, chronology and audit', async () => {
    const c = await openCase({ status: 'authorised', outcome: 'nfa' })
    const sw = await meta('socialworker')
    const tm = await meta('teammanager')
    const { id } = await proposeClosure(ctx, sw, c.personId, { ...proposal, referrerInformedOn: today(), referrerInformedHow: 'Phone call' })
    const pending = await pendingOf(c)
    assert.equal(pending.id, id)
    const out = await authoriseClosure(ctx, tm, c.personId, id, pending.version)
    assert.equal(out.closureDate, today())
    assert.equal(out.allocationsEnded, 1)
    const ref = (await database.db.execute(sql`select closed_on, closure_reason from referral where id = ${c.referralId}`)).rows[0] as { closed_on: string; closure_reason: string }
    assert.deepEqual(ref, { closed_on: today(), closure_reason: 'RC8' })
    assert.equal(await count(sql`select count(*)::int as n from allocation where person_id = ${c.personId} and end_date is null`), 0)
    assert.equal(await count(sql`select count(*)::int as n from allocation where person_id = ${c.personId} and end_date = ${today()} and ended_by = ${tm.actor.userId} and end_reason is null`), 1)
    assert.equal(await count(sql`select count(*)::int as n from case_closure where id = ${id} and status = 'authorised' and closure_date = ${today()} and decided_by = ${tm.actor.userId}`), 1)
    assert.equal(await count(sql`select count(*)::int as n from management_decision where person_id = ${c.personId} and stage = 'closure' and subject_id = ${id}`), 1)
    assert.equal(await count(sql`select count(*)::int as n from chronology_entry where person_id = ${c.personId} and kind = 'closure-authorised'`), 1)
    assert.equal(await count(sql`select count(*)::int as n from audit_log where entity_id = ${id} and action = 'closure.authorise'`), 1)
  })

  it('the proposer cannot authorise their own closure', async () => {
    const c = await openCase({ status: 'authorised', outcome: 'nfa' })
    const tm = await meta('teammanager')
    const { id } = await proposeClosure(ctx, tm, c.personId, proposal)
    await assert.rejects(authoriseClosure(ctx, tm, c.personId, id, 1), (e: unknown) => e instanceof ValidationError && /You cannot authorise a closure you proposed/.test(e.message))
    assert.equal(await count(sql`select count(*)::int as n from referral where id = ${c.referralId} and closed_on is null`), 1)
  })

  it('a social worker cannot authorise (403)', async () => {
    const c = await openCase({ status: 'authorised', outcome: 'nfa' })
    const { id } = await proposeClosure(ctx, await meta('socialworker'), c.personId, proposal)
    await assert.rejects(authoriseClosure(ctx, await meta('socialworker'), c.personId, id, 1), ForbiddenError)
  })

  it('RC8 without an authorised assessment is refused, and nothing is saved', async () => {
    const c = await openCase(null)
    await assert.rejects(proposeClosure(ctx, await meta('socialworker'), c.personId, proposal), (e: unknown) => e instanceof ValidationError && e.errors[0]?.field === 'reasonCode' && /no assessment on referral/.test(e.message))
    assert.equal(await count(sql`select count(*)::int as n from case_closure where person_id = ${c.personId}`), 0)
    // Services ceasing for another reason (RC7) is fine without an assessment.
    await proposeClosure(ctx, await meta('socialworker'), c.personId, { reasonCode: 'RC7', summary: 'Family moved away; no longer in need.' })
  })

  it('no closure while an assessment is in progress; RC8 refused after a CIN-plan outcome', async () => {
    const open = await openCase({ status: 'in_progress', outcome: null })
    await assert.rejects(proposeClosure(ctx, await meta('socialworker'), open.personId, { reasonCode: 'RC7', summary: 's' }), (e: unknown) => e instanceof ValidationError && e.message.includes(`Finish assessment ${open.assessmentRef} first`))
    const cin = await openCase({ status: 'authorised', outcome: 'cin_plan' })
    await assert.rejects(proposeClosure(ctx, await meta('socialworker'), cin.personId, proposal), (e: unknown) => e instanceof ValidationError && /child in need plan/.test(e.message))
  })

  it('two managers authorising at once: one closes the case, the other gets a conflict (409)', async () => {
    const c = await openCase({ status: 'authorised', outcome: 'nfa' })
    const { id } = await proposeClosure(ctx, await meta('socialworker'), c.personId, proposal)
    const results = await Promise.allSettled([authoriseClosure(ctx, await meta('teammanager'), c.personId, id, 1), authoriseClosure(ctx, await meta('servicemanager'), c.personId, id, 1)])
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1)
    assert.equal(rejected.length, 1)
    assert.ok(rejected[0]?.reason instanceof ConflictError, String(rejected[0]?.reason))
    assert.equal(await count(sql`select count(*)::int as n from management_decision where subject_id = ${id}`), 1)
  })

  it('a manager returns a proposal with comments; the worker can propose again', async () => {
    const c = await openCase({ status: 'authorised', outcome: 'nfa' })
    const sw = await meta('socialworker')
    const { id } = await proposeClosure(ctx, sw, c.personId, proposal)
    await assert.rejects(returnClosure(ctx, await meta('teammanager'), c.personId, id, 1, ' '), ValidationError)
    await returnClosure(ctx, await meta('teammanager'), c.personId, id, 1, 'Tell the school before closing.')
    assert.equal(await count(sql`select count(*)::int as n from management_decision where subject_id = ${id} and reasons = 'Tell the school before closing.'`), 1)
    await proposeClosure(ctx, sw, c.personId, { ...proposal, summary: 'School told.' })
  })

  it('who was told can be recorded after authorisation, with the change audited', async () => {
    const c = await openCase({ status: 'authorised', outcome: 'nfa' })
    const { id } = await proposeClosure(ctx, await meta('socialworker'), c.personId, proposal)
    const tm = await meta('servicemanager')
    await authoriseClosure(ctx, tm, c.personId, id, 1)
    // The case is closed and no longer on Sam's caseload, but the proposer can still record who was told.
    const sw = await meta('socialworker')
    assert.equal((await viewClosure(ctx, sw, c.personId)).referral?.closedOn, today())
    await recordInformed(ctx, sw, c.personId, id, 2, { familyInformedOn: today(), familyInformedHow: 'Letter to mother' })
    assert.equal(await count(sql`select count(*)::int as n from case_closure where id = ${id} and family_informed_how = 'Letter to mother' and version = 3`), 1)
    assert.equal(await count(sql`select count(*)::int as n from audit_log where entity_id = ${id} and action = 'closure.informed' and before->>'familyInformedOn' is null and after->>'familyInformedOn' = ${today()}`), 1)
    await assert.rejects(recordInformed(ctx, sw, c.personId, id, 2, {}), ConflictError)
    // Someone who took no part in it and has no other access still cannot.
    await assert.rejects(viewClosure(ctx, await meta('teammanager'), c.personId), ForbiddenError)
  })

  it('a restricted child is out of scope (403)', async () => {
    const c = await openCase({ status: 'authorised', outcome: 'nfa' }, { restricted: true })
    await assert.rejects(proposeClosure(ctx, await meta('socialworker'), c.personId, proposal), ForbiddenError)
    await assert.rejects(viewClosure(ctx, await meta('teammanager'), c.personId), ForbiddenError)
  })
})
