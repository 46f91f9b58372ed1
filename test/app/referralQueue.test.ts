import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { actorFor, testContext, testDatabase, uniqueFamilyName } from '../helpers/harness.ts'
import { createPerson } from '../../src/app/people/createPerson.ts'
import { recordContact } from '../../src/app/frontDoor/recordContact.ts'
import { decideContact } from '../../src/app/frontDoor/decideContact.ts'
import { ForbiddenError, type RequestMeta } from '../../src/app/context.ts'
import { viewPerson } from '../../src/app/people/viewPerson.ts'
import { londonDate, londonTime } from '../../src/domain/shared/dates.ts'

const database = testDatabase()
after(() => database.close())
const ctx = testContext(database)
const meta = async (u: string): Promise<RequestMeta> => ({ actor: await actorFor(database, u), ip: '127.0.0.1', requestId: 'test' })

describe('a new referral waits for a team', () => {
  it('a referral for a child nobody holds puts the child in the deciding manager’s team queue, waiting from the decision', async () => {
    const created = await createPerson(ctx, await meta('frontdoor'), { givenNames: 'Noor', familyName: uniqueFamilyName(), dateOfBirth: '2017-07-07', sex: 'F', confirmedNotDuplicate: true })
    const childId = created.kind === 'created' ? created.id : ''
    const now = new Date()
    const contact = await recordContact(ctx, await meta('frontdoor'), {
      receivedDate: londonDate(now), receivedTime: londonTime(new Date(now.getTime() - 60_000)), channel: 'phone', sourceCode: '2A', referrerName: 'Designated safeguarding lead',
      concern: 'Bruising seen on arms', parentsAware: 'yes', consent: 'given', childIds: [childId],
    })
    const tm = await meta('teammanager')
    const out = await decideContact(ctx, tm, contact.id, childId, { outcome: 'referral', reasons: 'Needs a single assessment' })
    assert.ok(out.referral)
    const queued = (await database.db.execute(sql`select q.team_id as "teamId", q.reason, q.source_id as "sourceId" from team_queue q where q.person_id = ${childId} and q.allocated_at is null`)).rows as { teamId: string; reason: string; sourceId: string }[]
    assert.equal(queued.length, 1)
    assert.equal(queued[0]?.teamId, tm.actor.teamId)
    assert.equal(queued[0]?.sourceId, out.referral?.id)
    // The team's manager can open the record of a child waiting for their team; a worker without the child cannot.
    const record = await viewPerson(ctx, tm, childId)
    assert.equal(record.id, childId)
    await assert.rejects(viewPerson(ctx, await meta('socialworker'), childId), ForbiddenError)
  })
})
