/**
 * The out-of-hours handover: contacts recorded out of hours wait for the daytime front door, oldest
 * first, until acknowledged; only the first acknowledgement counts and each one is audited.
 */
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { actorFor, testContext, testDatabase, uniqueFamilyName } from '../helpers/harness.ts'
import { createPerson } from '../../src/app/people/createPerson.ts'
import { recordContact } from '../../src/app/frontDoor/recordContact.ts'
import { screenContact } from '../../src/app/frontDoor/screenContact.ts'
import { acknowledgeHandover, edtHandoverList } from '../../src/app/frontDoor/edtHandover.ts'
import { ConflictError, ForbiddenError, NotFoundError, type RequestMeta } from '../../src/app/context.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'
import { loadCalendar } from '../../src/app/frontDoor/calendar.ts'

const database = testDatabase()
after(() => database.close())
const now = new Date()
const ctx = testContext(database, () => now)
const meta = async (username: string): Promise<RequestMeta> => ({ actor: await actorFor(database, username), ip: '127.0.0.1', requestId: 'test' })

/** The working day before today (EDT covered its evening), and the one before that. */
async function pastWorkingDays(): Promise<[string, string]> {
  const calendar = await loadCalendar(database.db)
  const d1 = calendar.addWorkingDays(londonDate(now), -1)
  return [d1, calendar.addWorkingDays(d1, -1)]
}

async function child(username = 'edt'): Promise<string> {
  const out = await createPerson(ctx, await meta(username), { givenNames: 'Milo', familyName: uniqueFamilyName(), dateOfBirth: '2017-06-06', sex: 'M', confirmedNotDuplicate: true })
  assert.equal(out.kind, 'created')
  return out.kind === 'created' ? out.id : ''
}

async function edtContact(day: string, time = '22:30', concern = 'Police called at 22:10: Milo found alone at home, mother not returned from work.') {
  return recordContact(ctx, await meta('edt'), {
    receivedDate: day, receivedTime: time, channel: 'edt', sourceCode: '6', referrerName: 'PC Dawson', referrerAgency: 'Harbourside Police',
    concern, parentsAware: 'not_known', consent: 'not_sought', noConsentReason: 'Out of hours emergency', childIds: [await child()],
  })
}

describe('the out-of-hours handover list', () => {
  it('shows each unacknowledged out-of-hours contact, oldest first, with a count; not contacts from office hours', async () => {
    const [yesterday, dayBefore] = await pastWorkingDays()
    const later = await edtContact(yesterday)
    const earlier = await edtContact(dayBefore, '23:45', 'x'.repeat(250))
    assert.equal(later.outOfHours, true)
    const inHours = await recordContact(ctx, await meta('frontdoor'), {
      receivedDate: yesterday, receivedTime: '10:30', channel: 'phone', sourceCode: '2A', referrerName: 'Karen Doyle', concern: 'Worried about attendance.',
      parentsAware: 'yes', consent: 'given', childIds: [await child('frontdoor')],
    })
    assert.equal(inHours.outOfHours, false)

    const list = await edtHandoverList(ctx, await meta('frontdoor'))
    const ids = list.items.map((i) => i.id)
    assert.ok(ids.includes(later.id) && ids.includes(earlier.id))
    assert.ok(!ids.includes(inHours.id))
    assert.ok(ids.indexOf(earlier.id) < ids.indexOf(later.id), 'oldest first')
    assert.ok(list.total >= 2)
    const times = list.items.map((i) => i.receivedAt.getTime())
    assert.deepEqual(times, [...times].sort((a, b) => a - b))

    const e = list.items.find((i) => i.id === earlier.id)
    assert.ok(e)
    assert.equal(e.concernExcerpt.length, 200)
    assert.equal(e.concernTruncated, true)
    assert.equal(e.decisionState, 'not-screened')
    assert.equal(e.rag, null)
    assert.match(e.children ?? '', /^Milo /)
    await assert.rejects(acknowledgeHandover(ctx, await meta('frontdoor'), inHours.id), NotFoundError)
  })

  it('shows the screening and RAG once the front door has screened', async () => {
    const [yesterday] = await pastWorkingDays()
    const c = await edtContact(yesterday)
    const fd = await meta('frontdoor')
    await screenContact(ctx, fd, c.id, 1, { thresholdLevel: '3', rag: 'amber', screeningNotes: 'Mother home now.' })
    const item = (await edtHandoverList(ctx, fd)).items.find((i) => i.id === c.id)
    assert.equal(item?.rag, 'amber')
    assert.equal(item?.decisionState, 'screened')
  })
})

describe('acknowledging a handover item', () => {
  it('records who and when, audits it, takes it off the list, and tells a second acknowledger', async () => {
    const [yesterday] = await pastWorkingDays()
    const c = await edtContact(yesterday)
    const fd = await meta('frontdoor')
    const before = await edtHandoverList(ctx, fd)
    const out = await acknowledgeHandover(ctx, fd, c.id)
    assert.equal(out.contactRef, c.contactRef)
    const row = (await database.db.execute(sql`select handover_acknowledged_at as at, handover_acknowledged_by as by from contact where id = ${c.id}`)).rows[0] as { at: string | Date; by: string }
    assert.equal(new Date(row.at).getTime(), now.getTime())
    assert.equal(row.by, fd.actor.userId)
    const audit = (await database.db.execute(sql`select count(*)::int as n from audit_log where action = 'contact.edt-handover.acknowledge' and entity_id = ${c.id} and user_id = ${fd.actor.userId}`)).rows[0] as { n: number }
    assert.equal(audit.n, 1)

    const afterList = await edtHandoverList(ctx, fd)
    assert.ok(!afterList.items.some((i) => i.id === c.id))
    assert.equal(afterList.total, before.total - 1)

    await assert.rejects(acknowledgeHandover(ctx, await meta('teammanager'), c.id), (e: unknown) => {
      assert.ok(e instanceof ConflictError)
      assert.match(e.message, new RegExp(`^${c.contactRef} had already been acknowledged by Hannah Mensah on .+ at \\d\\d:\\d\\d: nothing was changed$`))
      return true
    })
    const stillBy = (await database.db.execute(sql`select handover_acknowledged_by as by from contact where id = ${c.id}`)).rows[0] as { by: string }
    assert.equal(stillBy.by, fd.actor.userId)
    const audits = (await database.db.execute(sql`select count(*)::int as n from audit_log where action = 'contact.edt-handover.acknowledge' and entity_id = ${c.id}`)).rows[0] as { n: number }
    assert.equal(audits.n, 1)
  })

  it('counts only the first of two acknowledgements made at once', async () => {
    const [yesterday] = await pastWorkingDays()
    const c = await edtContact(yesterday)
    const results = await Promise.allSettled([acknowledgeHandover(ctx, await meta('frontdoor'), c.id), acknowledgeHandover(ctx, await meta('teammanager'), c.id)])
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1)
    const rejected = results.filter((r) => r.status === 'rejected')
    assert.equal(rejected.length, 1)
    assert.ok((rejected[0] as PromiseRejectedResult).reason instanceof ConflictError)
    const audits = (await database.db.execute(sql`select count(*)::int as n from audit_log where action = 'contact.edt-handover.acknowledge' and entity_id = ${c.id}`)).rows[0] as { n: number }
    assert.equal(audits.n, 1)
  })

  it('is for the daytime front door: EDT workers and partners are refused; unknown contacts are not found', async () => {
    const [yesterday] = await pastWorkingDays()
    const c = await edtContact(yesterday)
    await assert.rejects(edtHandoverList(ctx, await meta('edt')), ForbiddenError)
    await assert.rejects(acknowledgeHandover(ctx, await meta('edt'), c.id), ForbiddenError)
    await assert.rejects(edtHandoverList(ctx, await meta('partner')), ForbiddenError)
    await assert.rejects(acknowledgeHandover(ctx, await meta('partner'), c.id), ForbiddenError)
    await assert.rejects(acknowledgeHandover(ctx, await meta('frontdoor'), '00000000-0000-4000-8000-000000000000'), NotFoundError)
    await assert.rejects(acknowledgeHandover(ctx, await meta('frontdoor'), 'nonsense'), NotFoundError)
    const still = (await database.db.execute(sql`select handover_acknowledged_at as at from contact where id = ${c.id}`)).rows[0] as { at: unknown }
    assert.equal(still.at, null)
  })
})
