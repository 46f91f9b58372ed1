import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { postForm, signIn, testDatabase, testServer } from '../helpers/harness.ts'
import { loadCalendar } from '../../src/app/frontDoor/calendar.ts'

const database = testDatabase()
let app: FastifyInstance
before(async () => {
  app = await testServer(database)
})
after(async () => {
  await app.close()
  await database.close()
})

describe('council closure days', () => {
  it('an administrator adds one; it stops being a working day; others are refused', async () => {
    const admin = await signIn(app, 'admin')
    // A past date, so no other test's deadlines move.
    const day = { 'day-day': '29', 'day-month': '12', 'day-year': '2020', reason: 'Offices closed between Christmas and New Year' }
    assert.equal((await loadCalendar(database.db)).isWorkingDay('2020-12-29'), true)
    const res = await postForm(app, admin, '/admin/closure-days', day)
    assert.equal(res.statusCode, 302)
    assert.equal((await loadCalendar(database.db)).isWorkingDay('2020-12-29'), false)
    const again = await postForm(app, admin, '/admin/closure-days', day)
    assert.equal(again.statusCode, 400)
    assert.match(again.body, /already a closure day/)
    const blank = await postForm(app, admin, '/admin/closure-days', { 'day-day': '', 'day-month': '', 'day-year': '', reason: '' })
    assert.equal(blank.statusCode, 400)
    assert.match(blank.body, /Enter a real date/)
    assert.match(blank.body, /Say why the offices are closed/)
    const fd = await signIn(app, 'frontdoor')
    assert.equal((await postForm(app, fd, '/admin/closure-days', { ...day, 'day-day': '30' })).statusCode, 403)
    assert.equal((await app.inject({ method: 'GET', url: '/admin/closure-days', headers: { cookie: fd.cookie } })).statusCode, 403)
  })
})
