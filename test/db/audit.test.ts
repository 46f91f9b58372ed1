import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { testDatabase } from '../helpers/harness.ts'
import { appendAudit } from '../../src/db/repositories/audit.ts'

const database = testDatabase()
after(() => database.close())

describe('the audit log is append-only, enforced by the database', () => {
  it('accepts new rows', async () => {
    await appendAudit(database.db, { userId: null, username: 'test', action: 'test.append' })
    const r = await database.db.execute(sql`select count(*)::int as n from audit_log where action = 'test.append'`)
    assert.ok((r.rows[0] as { n: number }).n >= 1)
  })

  // Drizzle wraps the database's error; the reason is in its cause.
  const appendOnly = (e: unknown) => /append-only/.test(String((e as { cause?: { message?: string } }).cause?.message ?? (e as Error).message))

  it('refuses UPDATE, DELETE and TRUNCATE even from the owner', async () => {
    await assert.rejects(database.db.execute(sql`update audit_log set action = 'tampered' where action = 'test.append'`), appendOnly)
    await assert.rejects(database.db.execute(sql`delete from audit_log where action = 'test.append'`), appendOnly)
    await assert.rejects(database.db.execute(sql`truncate audit_log`), appendOnly)
    const r = await database.db.execute(sql`select count(*)::int as n from audit_log where action = 'tampered'`)
    assert.equal((r.rows[0] as { n: number }).n, 0)
  })
})
