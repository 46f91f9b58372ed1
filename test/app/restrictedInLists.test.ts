import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { actorFor, testContext, testDatabase, uniqueFamilyName } from '../helpers/harness.ts'
import { createPerson } from '../../src/app/people/createPerson.ts'
import { recordContact } from '../../src/app/frontDoor/recordContact.ts'
import { frontDoorQueue } from '../../src/app/frontDoor/queue.ts'
import { edtHandoverList } from '../../src/app/frontDoor/edtHandover.ts'
import type { RequestMeta } from '../../src/app/context.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'

const database = testDatabase()
after(() => database.close())
const ctx = testContext(database)
const meta = async (u: string): Promise<RequestMeta> => ({ actor: await actorFor(database, u), ip: '127.0.0.1', requestId: 'test' })

/** Finds a contact in the front-door queue, page by page. */
async function queueRow(username: string, contactId: string) {
  for (let page = 1; ; page++) {
    const q = await frontDoorQueue(ctx, await meta(username), { sort: 'oldest' }, page)
    const row = q.rows.find((r) => r.id === contactId)
    if (row) return row
    if (page >= q.pages) return undefined
  }
}

describe('restricted children on role-wide lists', () => {
  it('the front-door queue and the out-of-hours handover show "Restricted record" instead of the name to anyone without a grant', async () => {
    const familyName = uniqueFamilyName()
    const created = await createPerson(ctx, await meta('frontdoor'), { givenNames: 'Ivy', familyName, dateOfBirth: '2015-02-02', sex: 'F', confirmedNotDuplicate: true })
    assert.equal(created.kind, 'created')
    const childId = created.kind === 'created' ? created.id : ''
    // Recorded out of hours by EDT (a Saturday night), then the record is restricted with a grant to the service manager.
    const contact = await recordContact(ctx, await meta('edt'), {
      receivedDate: londonDate(new Date()), receivedTime: '00:00', channel: 'edt', sourceCode: '6', referrerName: 'Police control room',
      concern: 'Child found alone at night', parentsAware: 'no', consent: 'not_sought', noConsentReason: 'Immediate safety of the child', childIds: [childId],
    })
    await database.db.execute(sql`update person set restricted = true where id = ${childId}`)
    const sm = await actorFor(database, 'servicemanager')
    await database.db.execute(sql`insert into person_access_grant (person_id, user_id) values (${childId}, ${sm.userId})`)

    const forFrontDoor = await queueRow('frontdoor', contact.id)
    assert.equal(forFrontDoor?.children, 'Restricted record')
    const forGrantee = await queueRow('servicemanager', contact.id)
    assert.equal(forGrantee?.children, `Ivy ${familyName}`)

    const handover = await edtHandoverList(ctx, await meta('frontdoor'))
    const item = handover.items.find((i) => i.id === contact.id)
    assert.equal(item?.children, 'Restricted record')
  })
})
