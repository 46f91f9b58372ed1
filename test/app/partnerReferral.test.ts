/**
 * The partner referral form end to end through the use cases: matching or adding the child, the contact
 * recorded as the front door would, everything in one transaction, and a partner seeing only their own.
 */
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { actorFor, testContext, testDatabase, uniqueFamilyName } from '../helpers/harness.ts'
import { createPerson } from '../../src/app/people/createPerson.ts'
import { listPartnerReferrals, partnerReferralDefaults, submitPartnerReferral, viewPartnerReferral } from '../../src/app/frontDoor/partnerReferral.ts'
import { decideContact } from '../../src/app/frontDoor/decideContact.ts'
import { recordReferrerFeedback } from '../../src/app/frontDoor/referrerFeedback.ts'
import { ForbiddenError, NotFoundError, ValidationError, type AppContext, type RequestMeta } from '../../src/app/context.ts'
import { insertUser } from '../../src/db/repositories/users.ts'
import { contact } from '../../src/db/schema.ts'
import type { Database } from '../../src/db/database.ts'
import { validatePartnerReferral, type PartnerReferralInput } from '../../src/domain/frontDoor/partnerReferral.ts'

const database = testDatabase()
after(() => database.close())
// Wednesday 25 November 2026, 10:00 in London: office hours.
const ctx = testContext(database, () => new Date('2026-11-25T10:00:00Z'))
const meta = async (username: string): Promise<RequestMeta> => ({ actor: await actorFor(database, username), ip: '127.0.0.1', requestId: 'test' })

const one = async <T>(q: ReturnType<typeof sql>): Promise<T> => (await database.db.execute(q)).rows[0] as T

/** A second partner of another agency, made for this run. */
async function anotherPartner(): Promise<RequestMeta> {
  const username = `partner-${randomBytes(5).toString('hex')}`
  await insertUser(database.db, { username, displayName: 'Priya Nair', passwordHash: 'not-used', role: 'partner_referrer', scope: 'none', partnerAgency: 'Quayside Medical Practice' })
  return meta(username)
}

function referral(over: Partial<PartnerReferralInput> = {}): PartnerReferralInput {
  return {
    childGivenNames: 'Rosie',
    childFamilyName: uniqueFamilyName(),
    childDateOfBirth: '2016-04-12',
    childAddressLine1: '12 Ropewalk',
    childAddressTown: 'Harbourside',
    childAddressPostcode: 'hs2 3rw',
    childSchool: 'Harbourside Primary School',
    concern: 'Rosie came to school with bruising on her arm and said her stepfather grabbed her.',
    immediateSafety: 'Rosie is in school until 3.15pm.',
    parentsAware: 'no',
    consent: 'not_sought',
    noConsentReason: 'Telling the stepfather could put Rosie at greater risk.',
    referrerName: 'Karen Doyle',
    referrerRole: 'Designated safeguarding lead',
    referrerAgency: 'Harbourside Primary School',
    agencyType: 'school',
    referrerPhone: '01632 960 001',
    referrerEmail: 'k.doyle@harbourside.example.sch.uk',
    ...over,
  }
}

describe('validating the partner referral form', () => {
  it('names every missing answer, and asks for a reason when there is no consent', () => {
    const r = validatePartnerReferral({ consent: 'not_given' }, '2026-11-25')
    assert.equal(r.ok, false)
    if (r.ok) return
    assert.deepEqual(r.errors.map((e) => e.field).sort(), [
      'agencyType', 'childDateOfBirth', 'childFamilyName', 'childGivenNames', 'concern', 'immediateSafety', 'noConsentReason', 'parentsAware', 'referrerAgency', 'referrerName', 'referrerPhone', 'referrerRole',
    ])
  })

  it('refuses adults, future dates, half an address and a malformed email; maps the agency to its CIN source', () => {
    const bad = validatePartnerReferral(referral({ childDateOfBirth: '2000-01-01', childAddressTown: '', referrerEmail: 'nope', agencyType: 'spy' }), '2026-11-25')
    assert.equal(bad.ok, false)
    if (!bad.ok) assert.deepEqual(bad.errors.map((e) => e.field).sort(), ['agencyType', 'childAddressTown', 'childDateOfBirth', 'referrerEmail'])
    const future = validatePartnerReferral(referral({ childDateOfBirth: '2027-01-01' }), '2026-11-25')
    assert.equal(future.ok, false)
    for (const [type, code] of [['school', '2A'], ['gp', '3A'], ['health_visitor', '3B'], ['police', '6'], ['other', '8']] as const) {
      const r = validatePartnerReferral(referral({ agencyType: type, childAddressLine1: '', childAddressTown: '', childAddressPostcode: '' }), '2026-11-25')
      assert.ok(r.ok)
      if (r.ok) {
        assert.equal(r.value.sourceCode, code)
        assert.equal(r.value.child.address, null)
      }
    }
  })
})

describe('a partner sends a referral', () => {
  it('adds a child the index does not know, records the contact from the portal, and audits it all', async () => {
    const m = await meta('partner')
    const input = referral()
    const out = await submitPartnerReferral(ctx, m, input)
    assert.match(out.contactRef, /^C\d{6}$/)
    assert.equal(out.childMatched, false)
    assert.equal(out.outOfHours, false)

    const c = await one<{ channel: string; source_code: string; submitted_by_partner: string; created_by: string; out_of_hours: boolean; decision_due_date: string; concern: string; referrer_agency: string; consent: string; no_consent_reason: string }>(
      sql`select channel, source_code, submitted_by_partner, created_by, out_of_hours, decision_due_date, concern, referrer_agency, consent, no_consent_reason from contact where id = ${out.id}`,
    )
    assert.equal(c.channel, 'portal')
    assert.equal(c.source_code, '2A')
    assert.equal(c.submitted_by_partner, m.actor.userId)
    assert.equal(c.created_by, m.actor.userId)
    assert.equal(c.out_of_hours, false)
    assert.equal(c.decision_due_date, '2026-11-26')
    assert.equal(c.consent, 'not_sought')
    assert.match(c.concern, /^Rosie came to school with bruising/)
    // The front door sees the child as the partner described them, school included.
    assert.match(c.concern, new RegExp(`Rosie ${input.childFamilyName}, born 12 April 2016; address: 12 Ropewalk, Harbourside, HS2 3RW; school or setting: Harbourside Primary School`))

    const child = await one<{ id: string; given_names: string; family_name: string; date_of_birth: string; sex: string; created_by: string; postcode: string }>(
      sql`select p.id, p.given_names, p.family_name, p.date_of_birth, p.sex, p.created_by, a.postcode
            from contact_child cc join person p on p.id = cc.person_id left join address a on a.person_id = p.id where cc.contact_id = ${out.id}`,
    )
    assert.equal(child.family_name, input.childFamilyName)
    assert.equal(child.date_of_birth, '2016-04-12')
    assert.equal(child.sex, 'U')
    assert.equal(child.postcode, 'HS2 3RW')
    const actions = (await database.db.execute(sql`select action from audit_log where entity_id in (${out.id}, ${child.id}) order by id`)).rows.map((r) => (r as { action: string }).action)
    assert.deepEqual(actions, ['person.create', 'contact.record', 'contact.partner-referral'])
    const chronology = await one<{ n: number }>(sql`select count(*)::int as n from chronology_entry where person_id = ${child.id} and source_id = ${out.id}`)
    assert.equal(chronology.n, 1)
  })

  it('uses the one child with exactly that name (either case) and date of birth, without changing their record', async () => {
    const familyName = uniqueFamilyName()
    const created = await createPerson(ctx, await meta('frontdoor'), { givenNames: 'Theo James', familyName, dateOfBirth: '2014-09-30', sex: 'M', confirmedNotDuplicate: true })
    assert.equal(created.kind, 'created')
    if (created.kind !== 'created') return
    const before = await one<{ n: number }>(sql`select count(*)::int as n from person where lower(family_name) = lower(${familyName})`)
    const out = await submitPartnerReferral(ctx, await meta('partner'), referral({ childGivenNames: '  theo  JAMES ', childFamilyName: familyName.toUpperCase(), childDateOfBirth: '2014-09-30' }))
    assert.equal(out.childMatched, true)
    const linked = await one<{ person_id: string }>(sql`select person_id from contact_child where contact_id = ${out.id}`)
    assert.equal(linked.person_id, created.id)
    const afterCount = await one<{ n: number }>(sql`select count(*)::int as n from person where lower(family_name) = lower(${familyName})`)
    assert.equal(afterCount.n, before.n)
    const addresses = await one<{ n: number }>(sql`select count(*)::int as n from address where person_id = ${created.id}`)
    assert.equal(addresses.n, 0, 'an unverified address from a partner does not change the index record')
  })

  it('adds a new child when the name and date of birth match more than one person, or only nearly match', async () => {
    const familyName = uniqueFamilyName()
    const fd = await meta('frontdoor')
    for (let i = 0; i < 2; i++) await createPerson(ctx, fd, { givenNames: 'Ava', familyName, dateOfBirth: '2018-02-02', sex: 'F', confirmedNotDuplicate: true })
    const twice = await submitPartnerReferral(ctx, await meta('partner'), referral({ childGivenNames: 'Ava', childFamilyName: familyName, childDateOfBirth: '2018-02-02' }))
    assert.equal(twice.childMatched, false)
    const nearly = await submitPartnerReferral(ctx, await meta('partner'), referral({ childGivenNames: 'Ava', childFamilyName: familyName, childDateOfBirth: '2018-02-03' }))
    assert.equal(nearly.childMatched, false)
    const count = await one<{ n: number }>(sql`select count(*)::int as n from person where family_name = ${familyName}`)
    assert.equal(count.n, 4)
  })

  it('adds a new child once when two partners refer them at the same moment', async () => {
    const familyName = uniqueFamilyName()
    const child = { childGivenNames: 'Nell', childFamilyName: familyName, childDateOfBirth: '2019-10-10' }
    const [a, b] = await Promise.all([submitPartnerReferral(ctx, await meta('partner'), referral(child)), submitPartnerReferral(ctx, await anotherPartner(), referral(child))])
    assert.deepEqual([a.childMatched, b.childMatched].sort(), [false, true])
    const people = await one<{ n: number }>(sql`select count(*)::int as n from person where family_name = ${familyName}`)
    assert.equal(people.n, 1)
    const linked = await one<{ n: number }>(sql`select count(distinct person_id)::int as n from contact_child where contact_id in (${a.id}, ${b.id})`)
    assert.equal(linked.n, 1)
  })

  it('flags a referral sent in the evening as out of hours', async () => {
    const evening = testContext(database, () => new Date('2026-11-25T19:30:00Z'))
    const out = await submitPartnerReferral(evening, await meta('partner'), referral())
    assert.equal(out.outOfHours, true)
  })

  it('refuses invalid answers and writes nothing', async () => {
    const familyName = uniqueFamilyName()
    await assert.rejects(submitPartnerReferral(ctx, await meta('partner'), referral({ childFamilyName: familyName, concern: '  ' })), (e: unknown) => {
      assert.ok(e instanceof ValidationError)
      assert.deepEqual(e.errors.map((x) => x.field), ['concern'])
      return true
    })
    const n = await one<{ n: number }>(sql`select count(*)::int as n from person where family_name = ${familyName}`)
    assert.equal(n.n, 0)
  })

  it('leaves nothing behind when recording the contact fails after the child was added (one transaction)', async () => {
    const familyName = uniqueFamilyName()
    await assert.rejects(submitPartnerReferral(failingOnContactInsert(ctx), await meta('partner'), referral({ childFamilyName: familyName })), /simulated failure/)
    const people = await one<{ n: number }>(sql`select count(*)::int as n from person where family_name = ${familyName}`)
    assert.equal(people.n, 0)
    const audits = await one<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'person.create' and after->>'familyName' = ${familyName}`)
    assert.equal(audits.n, 0)
  })

  it('is for partners only: front-door staff record contacts their own way', async () => {
    await assert.rejects(submitPartnerReferral(ctx, await meta('frontdoor'), referral()), ForbiddenError)
    await assert.rejects(listPartnerReferrals(ctx, await meta('teammanager')), ForbiddenError)
    await assert.rejects(partnerReferralDefaults(ctx, await meta('edt')), ForbiddenError)
  })
})

describe('a partner’s own referrals', () => {
  it('prefills the referrer from the account', async () => {
    const d = await partnerReferralDefaults(ctx, await meta('partner'))
    assert.deepEqual(d, { referrerName: 'Karen Doyle', referrerAgency: 'Harbourside Primary School' })
  })

  it('lists only their own, with the name as they typed it, the decision in plain words and the feedback', async () => {
    const partner = await meta('partner')
    const other = await anotherPartner()
    const familyName = uniqueFamilyName()
    const mine = await submitPartnerReferral(ctx, partner, referral({ childGivenNames: 'rosa', childFamilyName: familyName.toLowerCase() }))
    const theirs = await submitPartnerReferral(ctx, other, referral({ referrerName: 'Priya Nair', referrerAgency: 'Quayside Medical Practice', agencyType: 'gp' }))

    const list = await listPartnerReferrals(ctx, partner)
    const row = list.find((r) => r.id === mine.id)
    assert.ok(row)
    assert.equal(row.childName, `rosa ${familyName.toLowerCase()}`)
    assert.equal(row.status, 'Received')
    assert.ok(!list.some((r) => r.id === theirs.id))
    const otherList = await listPartnerReferrals(ctx, other)
    assert.deepEqual(otherList.map((r) => r.contactRef), [theirs.contactRef])

    // Another partner opening this one is told it does not exist; so is anyone opening nonsense.
    await assert.rejects(viewPartnerReferral(ctx, other, mine.id), NotFoundError)
    await assert.rejects(viewPartnerReferral(ctx, partner, theirs.id), NotFoundError)
    await assert.rejects(viewPartnerReferral(ctx, partner, 'not-a-uuid'), NotFoundError)

    // The front door decides and tells the referrer; the partner sees both.
    const personId = (await one<{ person_id: string }>(sql`select person_id from contact_child where contact_id = ${mine.id}`)).person_id
    await decideContact(ctx, await meta('teammanager'), mine.id, personId, { outcome: 'early_help', reasons: 'Family agree to early help; school to monitor.' })
    await recordReferrerFeedback(ctx, await meta('frontdoor'), mine.id, { givenOn: '2026-11-25', method: 'portal', summary: 'Passed to the early help team, who will contact the family this week.' })
    const view = await viewPartnerReferral(ctx, partner, mine.id)
    assert.equal(view.status, 'Decided: Passed to early help')
    assert.deepEqual(view.feedback, [{ givenOn: '2026-11-25', method: 'portal', summary: 'Passed to the early help team, who will contact the family this week.' }])
    assert.equal(view.submitted?.concern, referral().concern)
    assert.doesNotMatch(JSON.stringify(view), /Family agree to early help/, 'the decision’s reasons are not shown to the partner')
  })
})

/** The same database, but inserting a contact fails: as if the server fell over half-way through. */
function failingOnContactInsert(base: AppContext): AppContext {
  const wrap = <T extends object>(target: T, onInsert: (table: unknown) => void): T =>
    new Proxy(target, {
      get(t, p) {
        const v = Reflect.get(t, p) as unknown
        if (p === 'insert' && typeof v === 'function') {
          return (table: unknown) => {
            onInsert(table)
            return (v as (x: unknown) => unknown).call(t, table)
          }
        }
        if (p === 'transaction' && typeof v === 'function') {
          return (fn: (tx: object) => Promise<unknown>) => (v as (f: (tx: object) => Promise<unknown>) => Promise<unknown>).call(t, (tx: object) => fn(wrap(tx, onInsert)))
        }
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v
      },
    })
  const db = wrap(base.database.db, (table) => {
    if (table === contact) throw new Error('simulated failure')
  })
  const database: Database = { ...base.database, db }
  return { ...base, database }
}
