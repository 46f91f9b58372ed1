import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { actorFor, testContext, testDatabase, uniqueFamilyName } from '../helpers/harness.ts'
import { createPerson } from '../../src/app/people/createPerson.ts'
import { recordContact } from '../../src/app/frontDoor/recordContact.ts'
import { decideContact } from '../../src/app/frontDoor/decideContact.ts'
import { frontDoorQueue } from '../../src/app/frontDoor/queue.ts'
import { viewContact } from '../../src/app/frontDoor/viewContact.ts'
import { ConflictError, ForbiddenError, ValidationError, type RequestMeta } from '../../src/app/context.ts'
import { londonDate, londonTime } from '../../src/domain/shared/dates.ts'

const database = testDatabase()
after(() => database.close())
const ctx = testContext(database)
const meta = async (u: string): Promise<RequestMeta> => ({ actor: await actorFor(database, u), ip: '127.0.0.1', requestId: 'test' })

async function newChild(dob = '2016-05-05'): Promise<string> {
  const out = await createPerson(ctx, await meta('frontdoor'), { givenNames: 'Sam', familyName: uniqueFamilyName(), dateOfBirth: dob, sex: 'U', confirmedNotDuplicate: true })
  assert.equal(out.kind, 'created')
  return out.kind === 'created' ? out.id : ''
}

async function newContact(childIds: string[]) {
  const now = new Date()
  return recordContact(ctx, await meta('frontdoor'), {
    receivedDate: londonDate(now), receivedTime: londonTime(new Date(now.getTime() - 60_000)), channel: 'phone', sourceCode: '3B', referrerName: 'Health visitor',
    concern: 'Baby not brought to appointments', parentsAware: 'yes', consent: 'given', childIds,
  })
}

const count = async (q: ReturnType<typeof sql>) => ((await database.db.execute(q)).rows[0] as { n: number }).n

describe('front door use cases', () => {
  it('records a contact with its decision deadline, a chronology entry per child, and puts it in the queue', async () => {
    const a = await newChild()
    const b = await newChild('2019-01-01')
    const c = await newContact([a, b])
    assert.match(c.contactRef, /^C\d{6}$/)
    assert.equal(await count(sql`select count(*)::int as n from chronology_entry where source_id = ${c.id} and kind = 'contact'`), 2)
    const queue = await frontDoorQueue(ctx, await meta('frontdoor'), { sort: 'oldest' })
    assert.ok(queue.summary.total >= 1)
  })

  it('refuses a contact about an adult, and stores nothing', async () => {
    const adult = await newChild('1980-01-01')
    const before = await count(sql`select count(*)::int as n from contact`)
    await assert.rejects(newContact([adult]), (e: unknown) => e instanceof ValidationError && e.errors[0]?.field === 'childIds')
    assert.equal(await count(sql`select count(*)::int as n from contact`), before)
  })

  it('two managers deciding the same child at once: one decides, the other is told; one referral', async () => {
    const child = await newChild()
    const c = await newContact([child])
    const tm = await meta('teammanager')
    const sm = await meta('servicemanager')
    const results = await Promise.allSettled([
      decideContact(ctx, tm, c.id, child, { outcome: 'referral', reasons: 'Needs assessment' }),
      decideContact(ctx, sm, c.id, child, { outcome: 'referral', reasons: 'Needs assessment too' }),
    ])
    const fulfilled = results.filter((r) => r.status === 'fulfilled')
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    assert.equal(fulfilled.length, 1)
    assert.equal(rejected.length, 1)
    assert.ok(rejected[0]?.reason instanceof ConflictError, String(rejected[0]?.reason))
    assert.equal(await count(sql`select count(*)::int as n from referral where person_id = ${child}`), 1)
  })

  it('a second contact on an open case joins it instead of opening a new referral', async () => {
    const child = await newChild()
    const tm = await meta('teammanager')
    const first = await newContact([child])
    const d1 = await decideContact(ctx, tm, first.id, child, { outcome: 'referral', reasons: 'Assess' })
    const second = await newContact([child])
    const d2 = await decideContact(ctx, tm, second.id, child, { outcome: 'referral', reasons: 'New information for the open case' })
    assert.equal(d2.referral?.joinedOpenCase, true)
    assert.equal(d2.referral?.id, d1.referral?.id)
    assert.equal(await count(sql`select count(*)::int as n from referral where person_id = ${child}`), 1)
  })

  it('only qualified managers decide; a decision without reasons is refused and nothing is written', async () => {
    const child = await newChild()
    const c = await newContact([child])
    await assert.rejects(decideContact(ctx, await meta('frontdoor'), c.id, child, { outcome: 'nfa', reasons: 'x' }), ForbiddenError)
    await assert.rejects(decideContact(ctx, await meta('teammanager'), c.id, child, { outcome: 'nfa', reasons: '' }), ValidationError)
    const view = await viewContact(ctx, await meta('frontdoor'), c.id)
    assert.equal(view.children[0]?.decidedAt, null)
    assert.equal(view.contact.decidedAt, null)
  })
})
