import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { sql } from 'drizzle-orm'
import { signIn, testDatabase, testServer } from '../helpers/harness.ts'

const database = testDatabase()
let app: FastifyInstance
before(async () => {
  app = await testServer(database)
})
after(async () => {
  await app.close()
  await database.close()
})

describe('the chronology in either order', () => {
  it('lists newest first by default, and oldest first (as a court bundle reads) when asked', async () => {
    const leo = ((await database.db.execute(sql`select id from person where person_ref = 'P001001'`)).rows[0] as { id: string }).id
    const s = await signIn(app, 'socialworker')
    const dates = async (query: string): Promise<string[]> => {
      const res = await app.inject({ method: 'GET', url: `/people/${leo}/chronology${query}`, headers: { cookie: s.cookie } })
      assert.equal(res.statusCode, 200)
      return [...res.body.matchAll(/<tr class="govuk-table__row harbour-chronology__entry">\s*<td class="govuk-table__cell">([^<]+)</g)].map((m) => (m[1] ?? '').trim())
    }
    const newest = await dates('')
    const oldest = await dates('?order=oldest')
    assert.ok(newest.length >= 3, `Leo has a history (${newest.length} entries)`)
    assert.deepEqual(oldest, [...newest].reverse())
  })
})
