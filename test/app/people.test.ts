import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { actorFor, testContext, testDatabase, uniqueDateOfBirth, uniqueFamilyName } from '../helpers/harness.ts'
import { createPerson } from '../../src/app/people/createPerson.ts'
import { amendPerson } from '../../src/app/people/amendPerson.ts'
import { changeAddress } from '../../src/app/people/changeAddress.ts'
import { viewPerson } from '../../src/app/people/viewPerson.ts'
import { searchPeople } from '../../src/app/people/searchPeople.ts'
import { ConflictError, ForbiddenError, ValidationError, type RequestMeta } from '../../src/app/context.ts'

const database = testDatabase()
after(() => database.close())
const ctx = testContext(database, () => new Date('2026-11-25T10:00:00Z'))
const meta = async (username: string): Promise<RequestMeta> => ({ actor: await actorFor(database, username), ip: '127.0.0.1', requestId: 'test' })

const countAudit = async (personId: string, action: string) =>
  ((await database.db.execute(sql`select count(*)::int as n from audit_log where person_id = ${personId} and action = ${action}`)).rows[0] as { n: number }).n

describe('recording people', () => {
  it('creates a person with an address, and the creation is audited', async () => {
    const familyName = uniqueFamilyName()
    const m = await meta('frontdoor')
    const out = await createPerson(ctx, m, {
      givenNames: 'Ada', familyName, dateOfBirth: uniqueDateOfBirth(), sex: 'F', nhsNumber: '',
      address: { line1: '4 Quay Lane', town: 'Harbourside', postcode: 'hs1 4qt' },
    })
    assert.equal(out.kind, 'created')
    if (out.kind !== 'created') return
    assert.match(out.personRef, /^P\d{6}$/)
    const view = await viewPerson(ctx, m, out.id)
    assert.equal(view.addresses[0]?.postcode, 'HS1 4QT')
    assert.equal(await countAudit(out.id, 'person.create'), 1)
    assert.equal(await countAudit(out.id, 'person.view'), 1)
  })

  it('warns about a likely duplicate and creates only when the user confirms', async () => {
    const familyName = uniqueFamilyName()
    const dateOfBirth = uniqueDateOfBirth()
    const m = await meta('frontdoor')
    const first = await createPerson(ctx, m, { givenNames: 'Jonah', familyName, dateOfBirth, sex: 'M' })
    assert.equal(first.kind, 'created')
    const second = await createPerson(ctx, m, { givenNames: 'Jona', familyName, dateOfBirth, sex: 'M' })
    assert.equal(second.kind, 'possible-duplicates')
    if (second.kind === 'possible-duplicates') assert.ok(second.matches.some((p) => p.familyName === familyName))
    const confirmed = await createPerson(ctx, m, { givenNames: 'Jona', familyName, dateOfBirth, sex: 'M', confirmedNotDuplicate: true })
    assert.equal(confirmed.kind, 'created')
  })

  it('refuses invalid input naming each field, and stores nothing', async () => {
    const familyName = uniqueFamilyName()
    const before = ((await database.db.execute(sql`select count(*)::int as n from person`)).rows[0] as { n: number }).n
    await assert.rejects(
      createPerson(ctx, await meta('frontdoor'), {
        givenNames: 'x'.repeat(10_000), familyName, dateOfBirth: '2030-01-01', sex: 'M', nhsNumber: '1234567890', upn: 'A000',
        address: { line1: '1 Road', town: 'Town', postcode: 'NOT A POSTCODE' },
      }),
      (e: unknown) => {
        assert.ok(e instanceof ValidationError)
        const fields = e.errors.map((x) => x.field).sort()
        assert.deepEqual(fields, ['addressPostcode', 'dateOfBirth', 'givenNames', 'nhsNumber', 'upn'])
        return true
      },
    )
    const afterCount = ((await database.db.execute(sql`select count(*)::int as n from person`)).rows[0] as { n: number }).n
    assert.equal(afterCount, before)
  })

  it('amends with history, and refuses a stale version (concurrent edit) without writing', async () => {
    const familyName = uniqueFamilyName()
    const m = await meta('frontdoor')
    const dateOfBirth = uniqueDateOfBirth()
    const out = await createPerson(ctx, m, { givenNames: 'Mia', familyName, dateOfBirth, sex: 'F' })
    assert.equal(out.kind, 'created')
    if (out.kind !== 'created') return
    const v1 = await viewPerson(ctx, m, out.id)
    const details = { givenNames: 'Mia', familyName, dateOfBirth, sex: 'F', religion: "'; DROP TABLE person; --" }
    const res = await amendPerson(ctx, m, out.id, v1.version, details)
    assert.deepEqual(res.changed, ['religion'])
    // A second editor who opened version 1 is told, and their change is not written.
    await assert.rejects(amendPerson(ctx, m, out.id, v1.version, { ...details, religion: 'Other' }), ConflictError)
    const v2 = await viewPerson(ctx, m, out.id)
    assert.equal(v2.religion, "'; DROP TABLE person; --")
    assert.equal(v2.version, v1.version + 1)
    const audit = (await database.db.execute(sql`select before, after from audit_log where person_id = ${out.id} and action = 'person.amend'`)).rows as { before: { religion: unknown }; after: { religion: unknown } }[]
    assert.equal(audit.length, 1)
    assert.equal(audit[0]?.before.religion, null)
    assert.equal(audit[0]?.after.religion, "'; DROP TABLE person; --")
  })

  it('keeps the old name as a previous name, still found by search', async () => {
    const familyName = uniqueFamilyName('Oldname')
    const newFamily = uniqueFamilyName('Newname')
    const m = await meta('frontdoor')
    const dateOfBirth = uniqueDateOfBirth()
    const out = await createPerson(ctx, m, { givenNames: 'Tia', familyName, dateOfBirth, sex: 'F' })
    if (out.kind !== 'created') throw new Error('not created')
    const v = await viewPerson(ctx, m, out.id)
    await amendPerson(ctx, m, out.id, v.version, { givenNames: 'Tia', familyName: newFamily, dateOfBirth, sex: 'F' })
    const found = await searchPeople(ctx, m, { name: `Tia ${familyName}` })
    const hit = found.find((p) => p.id === out.id)
    assert.ok(hit, 'found by the previous name')
    assert.equal(hit.familyName, newFamily)
    assert.equal(hit.matchedNameType, 'previous')
  })

  it('a move keeps the previous address as history', async () => {
    const familyName = uniqueFamilyName()
    const m = await meta('frontdoor')
    const out = await createPerson(ctx, m, { givenNames: 'Kai', familyName, dateOfBirth: uniqueDateOfBirth(), sex: 'M', address: { line1: '1 Old Street', town: 'Harbourside', postcode: 'HS1 1AA', startDate: '2020-01-01' } })
    if (out.kind !== 'created') throw new Error('not created')
    const v = await viewPerson(ctx, m, out.id)
    await changeAddress(ctx, m, out.id, v.version, { line1: '2 New Road', town: 'Harbourside', postcode: 'HS2 2BB', startDate: '2026-11-01' })
    const after = await viewPerson(ctx, m, out.id)
    const current = after.addresses.filter((a) => a.endDate === null)
    assert.equal(current.length, 1)
    assert.equal(current[0]?.line1, '2 New Road')
    const old = after.addresses.find((a) => a.line1 === '1 Old Street')
    assert.equal(old?.endDate, '2026-10-31')
    await assert.rejects(changeAddress(ctx, m, out.id, v.version, { line1: '3 X', town: 'Y', postcode: 'HS3 3AB' }), ConflictError)
  })

  it('finds a child by a misspelt surname within the social worker’s caseload only', async () => {
    const sw = await meta('socialworker')
    const found = await searchPeople(ctx, sw, { name: 'Ashwerth' })
    assert.ok(found.some((p) => p.givenNames === 'Leo' && p.familyName === 'Ashworth'))
    const partner = await meta('partner')
    await assert.rejects(searchPeople(ctx, partner, { name: 'Ashworth' }), ForbiddenError)
  })

  it('refuses a record outside the actor’s scope, and does not audit a view that did not happen', async () => {
    const familyName = uniqueFamilyName()
    const out = await createPerson(ctx, await meta('frontdoor'), { givenNames: 'Zed', familyName, dateOfBirth: uniqueDateOfBirth(), sex: 'M' })
    if (out.kind !== 'created') throw new Error('not created')
    await assert.rejects(viewPerson(ctx, await meta('socialworker'), out.id), ForbiddenError)
    assert.equal(await countAudit(out.id, 'person.view'), 0)
  })
})
