/**
 * Continuous data quality: the CIN census rules run on a child's record as it is saved. A worker sees what
 * would fail on the child's page, fixing it clears it, and analysts see every open issue by rule, team and
 * worker within their scope.
 */
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { actorFor, testContext, testDatabase } from '../helpers/harness.ts'
import { childWithReferral, otherTeam, type TestChild } from '../helpers/worklistFixtures.ts'
import { ConflictError, ForbiddenError, ValidationError, type RequestMeta } from '../../src/app/context.ts'
import { startAssessment } from '../../src/app/assessments/startAssessment.ts'
import { saveAssessment } from '../../src/app/assessments/saveAssessment.ts'
import { amendPerson } from '../../src/app/people/amendPerson.ts'
import { childDataQuality, dataQualityReport, refreshDataQuality } from '../../src/app/returns/dataQuality.ts'
import { recordReferralPrimaryNeed } from '../../src/app/referrals/primaryNeed.ts'
import { addDays } from '../../src/domain/calendar/days.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'

const database = testDatabase()
after(() => database.close())
const ctx = testContext(database)
const meta = async (u: string): Promise<RequestMeta> => ({ actor: await actorFor(database, u), ip: '127.0.0.1', requestId: 'test' })
const today = () => londonDate(new Date())
const q = async <T>(query: ReturnType<typeof sql>) => (await database.db.execute(query)).rows as T[]

async function samsChild(): Promise<TestChild> {
  const sam = await actorFor(database, 'socialworker')
  return childWithReferral(database, { referralDate: addDays(today(), -5), allocateTo: { workerId: sam.workerId as string, teamId: sam.teamId as string }, givenNames: 'Ellis' })
}

const rulesOf = (issues: { rule: string }[]) => [...new Set(issues.map((i) => i.rule))].sort()

describe('data quality on the child’s record', () => {
  it('shows what would fail the CIN census, and clears each failure when the record is put right', async () => {
    const child = await samsChild()
    const sw = await meta('socialworker')
    const first = await childDataQuality(ctx, sw, child.personId)
    // No ethnicity, no disability recorded, no primary need on a referral that is not NFA.
    for (const rule of ['4220', '8540', '8610']) assert.ok(rulesOf(first.issues).includes(rule), `expected rule ${rule} in ${rulesOf(first.issues).join(', ')}`)
    const primaryNeed = first.issues.find((i) => i.rule === '8610')
    assert.equal(primaryNeed?.severity, 'error')
    assert.equal(primaryNeed?.field, 'PrimaryNeedCode')
    assert.equal(primaryNeed?.referralId, child.referralId, 'the failure names the referral it is about')
    assert.equal(primaryNeed?.firstSeenOn, today())

    // The worker records the primary need in the assessment: the referral takes it, and 8610 goes.
    const started = await startAssessment(ctx, sw, child.personId)
    const [a] = await q<{ version: number }>(sql`select version from assessment where id = ${started.id}`)
    await saveAssessment(ctx, sw, child.personId, started.id, a?.version as number, { primaryNeedCode: 'N4' })
    const [ref] = await q<{ code: string }>(sql`select primary_need_code as code from referral where id = ${child.referralId}`)
    assert.equal(ref?.code, 'N4')
    const second = await childDataQuality(ctx, sw, child.personId)
    assert.ok(!rulesOf(second.issues).includes('8610'), 'the primary need failure is cleared')
    assert.ok(rulesOf(second.issues).includes('4220'), 'the ethnicity failure is still there')

    // Ethnicity and disability on the child's details clear 4220 and 8540.
    const [p] = await q<{ version: number; familyName: string }>(sql`select version, family_name as "familyName" from person where id = ${child.personId}`)
    await amendPerson(ctx, sw, child.personId, p?.version as number, { givenNames: 'Ellis', familyName: p?.familyName as string, dateOfBirth: '2016-03-03', sex: 'F', ethnicityCode: 'WBRI', disabilities: ['NONE'], upn: 'A123456789012' })
    const third = await childDataQuality(ctx, sw, child.personId)
    for (const rule of ['4220', '8540', '8610']) assert.ok(!rulesOf(third.issues).includes(rule), `rule ${rule} should be cleared, still: ${rulesOf(third.issues).join(', ')}`)
  })

  it('keeps the date a failure was first seen while it stays open', async () => {
    const child = await samsChild()
    const sw = await meta('socialworker')
    await childDataQuality(ctx, sw, child.personId)
    await database.db.execute(sql`update data_quality_issue set first_seen_on = current_date - 10 where person_id = ${child.personId}`)
    // Tomorrow the check is stale and runs again: still open, still first seen 10 days ago.
    const tomorrow = new Date(Date.now() + 24 * 3600 * 1000)
    const later = await childDataQuality(testContext(database, () => tomorrow), sw, child.personId)
    const ethnicity = later.issues.find((i) => i.rule === '4220')
    assert.equal(ethnicity?.firstSeenOn, addDays(today(), -10))
  })

  it('is checked for anyone who may see the child, and refused to anyone who may not', async () => {
    const child = await samsChild()
    const other = await otherTeam(database, (await actorFor(database, 'socialworker')).teamId as string)
    const outsider = await childWithReferral(database, { referralDate: addDays(today(), -5), allocateTo: { workerId: other.workerId, teamId: other.teamId } })
    await assert.rejects(childDataQuality(ctx, await meta('socialworker'), outsider.personId), ForbiddenError)
    assert.ok((await childDataQuality(ctx, await meta('teammanager'), child.personId)).issues.length > 0)
  })
})

describe('the data-quality list', () => {
  it('lists every open issue by rule, team and worker, for the analyst council-wide and a team manager for their team', async () => {
    const child = await samsChild()
    const analyst = await meta('analyst')
    const report = await dataQualityReport(ctx, analyst, {})
    const mine = report.issues.filter((i) => i.personId === child.personId)
    assert.ok(mine.some((i) => i.rule === '8610'))
    assert.equal(mine[0]?.workerName, 'Sam Okafor')
    const rule = report.byRule.find((r) => r.rule === '8610')
    assert.ok(rule && rule.count >= 1 && rule.description.length > 0)
    assert.ok(report.byWorker.some((w) => w.workerName === 'Sam Okafor' && w.count >= mine.length))

    const only = await dataQualityReport(ctx, analyst, { rule: '8610' })
    assert.ok(only.issues.length > 0 && only.issues.every((i) => i.rule === '8610'))

    const tm = await meta('teammanager')
    const teamView = await dataQualityReport(ctx, tm, {})
    assert.ok(teamView.issues.some((i) => i.personId === child.personId))
    assert.ok(teamView.issues.every((i) => i.teamId === tm.actor.teamId), 'a team manager sees only their team’s children')
  })

  it('refuses a team outside the viewer’s scope, an unknown rule, and people without the capability', async () => {
    const tm = await meta('teammanager')
    const other = await otherTeam(database, tm.actor.teamId as string)
    await assert.rejects(dataQualityReport(ctx, tm, { teamId: other.teamId }), ForbiddenError)
    await assert.rejects(dataQualityReport(ctx, await meta('analyst'), { rule: '9999' }), (e: unknown) => e instanceof ValidationError && e.errors[0]?.field === 'rule')
    await assert.rejects(dataQualityReport(ctx, await meta('socialworker'), {}), ForbiddenError)
  })

  it('re-checks a child when any census record changes, through a database trigger', async () => {
    const child = await samsChild()
    await refreshDataQuality(database.db, today())
    const [before] = await q<{ dirty: boolean }>(sql`select dirty from data_quality_check where person_id = ${child.personId}`)
    assert.equal(before?.dirty, false)
    await database.db.execute(sql`update referral set primary_need_code = 'N1' where id = ${child.referralId}`)
    const [after] = await q<{ dirty: boolean }>(sql`select dirty from data_quality_check where person_id = ${child.personId}`)
    assert.equal(after?.dirty, true)
    const res = await refreshDataQuality(database.db, today(), { personIds: [child.personId] })
    assert.equal(res.checked, 1)
    const issues = await q<{ rule: string }>(sql`select rule from data_quality_issue where person_id = ${child.personId}`)
    assert.ok(!issues.some((i) => i.rule === '8610'))
  })
})

describe('recording the primary need on the referral', () => {
  it('records it with a chronology entry and an audit row, refuses a bad code, a stale form and people without the capability', async () => {
    const child = await samsChild()
    const sw = await meta('socialworker')
    await assert.rejects(recordReferralPrimaryNeed(ctx, sw, child.personId, child.referralId, { primaryNeedCode: '', previous: '' }), (e: unknown) => e instanceof ValidationError && e.errors[0]?.message === 'Select the child’s primary need')
    await assert.rejects(recordReferralPrimaryNeed(ctx, sw, child.personId, child.referralId, { primaryNeedCode: 'N11', previous: '' }), ValidationError)
    await assert.rejects(recordReferralPrimaryNeed(ctx, await meta('analyst'), child.personId, child.referralId, { primaryNeedCode: 'N1', previous: '' }), ForbiddenError)
    await recordReferralPrimaryNeed(ctx, sw, child.personId, child.referralId, { primaryNeedCode: 'N1', previous: '' })
    const [ref] = await q<{ code: string }>(sql`select primary_need_code as code from referral where id = ${child.referralId}`)
    assert.equal(ref?.code, 'N1')
    const audit = await q<{ before: { primaryNeedCode: string | null }; after: { primaryNeedCode: string } }>(sql`select before, after from audit_log where action = 'referral.primary-need' and entity_id = ${child.referralId}`)
    assert.deepEqual(audit.map((a) => [a.before.primaryNeedCode, a.after.primaryNeedCode]), [[null, 'N1']])
    const chron = await q<{ summary: string }>(sql`select summary from chronology_entry where person_id = ${child.personId} and kind = 'primary-need'`)
    assert.match(chron[0]?.summary ?? '', /Abuse or neglect \(N1\)/)
    // A form opened before that change (previous '') cannot overwrite it unseen.
    await assert.rejects(recordReferralPrimaryNeed(ctx, await meta('teammanager'), child.personId, child.referralId, { primaryNeedCode: 'N4', previous: '' }), ConflictError)
    assert.equal((await q<{ code: string }>(sql`select primary_need_code as code from referral where id = ${child.referralId}`))[0]?.code, 'N1')
  })
})

describe('why there is no UPN', () => {
  it('recording the reason clears the school-age UPN query, and an amendment that leaves the field out keeps it', async () => {
    const child = await samsChild()
    const sw = await meta('socialworker')
    assert.ok(rulesOf((await childDataQuality(ctx, sw, child.personId)).issues).includes('8770Q'))
    const [p] = await q<{ version: number; familyName: string }>(sql`select version, family_name as "familyName" from person where id = ${child.personId}`)
    const base = { givenNames: 'Ellis', familyName: p?.familyName as string, dateOfBirth: '2016-03-03', sex: 'F', ethnicityCode: 'WBRI', disabilities: ['NONE'] }
    await amendPerson(ctx, sw, child.personId, p?.version as number, { ...base, upnUnknownReason: 'UN4' })
    assert.ok(!rulesOf((await childDataQuality(ctx, sw, child.personId)).issues).includes('8770Q'))
    // An API client that does not send the field (it predates it) does not blank it.
    await amendPerson(ctx, sw, child.personId, (p?.version as number) + 1, { ...base, religion: 'None' })
    const [after] = await q<{ reason: string | null }>(sql`select upn_unknown_reason as reason from person where id = ${child.personId}`)
    assert.equal(after?.reason, 'UN4')
  })
})
