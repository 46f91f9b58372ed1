/**
 * Police notifications through the use cases: recording (validation, children by reference, duplicates),
 * the queue with its age, triage (reasons, one triage only, two people at once), triage to a contact
 * (recordContact, in the same transaction), and the CSV import (bad rows import nothing).
 */
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { actorFor, testContext, testDatabase, uniqueFamilyName } from '../helpers/harness.ts'
import { createPerson } from '../../src/app/people/createPerson.ts'
import {
  NO_CONSENT_REASON,
  importPoliceNotifications,
  policeNotificationQueue,
  recordPoliceNotification,
  triagePoliceNotification,
  viewPoliceNotification,
} from '../../src/app/frontDoor/policeNotifications.ts'
import { ConflictError, ForbiddenError, ValidationError, type RequestMeta } from '../../src/app/context.ts'
import { formatAge, parseCsv, readPoliceNotificationCsv, validateCsvRow, validatePoliceNotification, validateTriage } from '../../src/domain/frontDoor/policeNotification.ts'
import { londonDate, londonTime } from '../../src/domain/shared/dates.ts'

const database = testDatabase()
after(() => database.close())
const NOW = new Date()
const ctx = testContext(database, () => NOW)
const meta = async (username: string): Promise<RequestMeta> => ({ actor: await actorFor(database, username), ip: '127.0.0.1', requestId: 'test' })

const ago = (hours: number) => new Date(NOW.getTime() - hours * 3600_000)
const dateAgo = (hours: number) => londonDate(ago(hours))
const timeAgo = (hours: number) => londonTime(ago(hours))
const policeRef = () => `DA/${randomBytes(4).toString('hex').toUpperCase()}`

/** A valid NHS number (modulus 11) in the 999 test range, random so each test's children are its own. */
function randomNhsNumber(): string {
  for (;;) {
    const body = `999${String(randomBytes(4).readUInt32BE() % 1_000_000).padStart(6, '0')}`
    let sum = 0
    for (let i = 0; i < 9; i++) sum += Number(body[i]) * (10 - i)
    const check = 11 - (sum % 11)
    if (check === 10) continue
    return `${body}${check === 11 ? 0 : check}`
  }
}

async function child(opts: { dob?: string; nhsNumber?: string } = {}): Promise<{ id: string; personRef: string; familyName: string }> {
  const familyName = uniqueFamilyName()
  const out = await createPerson(ctx, await meta('frontdoor'), { givenNames: 'Robin', familyName, dateOfBirth: opts.dob ?? '2016-04-01', sex: 'U', nhsNumber: opts.nhsNumber ?? '', confirmedNotDuplicate: true })
  assert.equal(out.kind, 'created')
  if (out.kind !== 'created') throw new Error('not created')
  return { id: out.id, personRef: out.personRef, familyName }
}

const count = async (q: ReturnType<typeof sql>) => ((await database.db.execute(q)).rows[0] as { n: number }).n

function input(childRefs: string, over: Record<string, string> = {}) {
  return {
    policeReference: policeRef(),
    receivedDate: dateAgo(27),
    receivedTime: timeAgo(27),
    incidentDate: dateAgo(40),
    incidentType: 'domestic_abuse',
    riskLevel: 'medium',
    childrenPresent: 'yes',
    summary: 'Verbal argument between the parents; the children were upstairs. Officers attended.',
    childRefs,
    ...over,
  }
}

describe('police notifications: pure rules', () => {
  it('validates the notification, the triage and the age', () => {
    const bad = validatePoliceNotification({ policeReference: 'x'.repeat(51), receivedDate: '2099-01-01', receivedTime: '25:00', incidentDate: '2026-02-30', incidentType: 'burglary', riskLevel: 'severe', childrenPresent: 'maybe', summary: ' ', childIds: [] }, NOW)
    assert.equal(bad.ok, false)
    if (!bad.ok) assert.deepEqual([...new Set(bad.errors.map((e) => e.field))].sort(), ['childIds', 'childrenPresent', 'incidentDate', 'incidentType', 'policeReference', 'receivedTime', 'riskLevel', 'summary'])
    const after = validatePoliceNotification({ policeReference: 'a1', receivedDate: dateAgo(48), receivedTime: '10:00', incidentDate: dateAgo(0), incidentType: 'other', riskLevel: 'high', childrenPresent: 'no', summary: 's', childIds: ['7d4ff2a4-57c9-4a0e-a2a8-d5bb2c3cf0b4'] }, NOW)
    assert.equal(after.ok, false)
    if (!after.ok) assert.match(after.errors[0]?.message ?? '', /cannot be after the date the notification was received/)
    const future = validatePoliceNotification({ policeReference: 'a1', receivedDate: londonDate(new Date(NOW.getTime() + 86_400_000)), receivedTime: '10:00', incidentDate: dateAgo(0), incidentType: 'other', riskLevel: 'high', childrenPresent: 'no', summary: 's', childIds: ['7d4ff2a4-57c9-4a0e-a2a8-d5bb2c3cf0b4'] }, NOW)
    assert.equal(future.ok, false)
    if (!future.ok) assert.ok(future.errors.some((e) => e.field === 'receivedDate' && /future/.test(e.message)))
    const good = validatePoliceNotification({ policeReference: '  da/123 ', receivedDate: dateAgo(5), receivedTime: timeAgo(5), incidentDate: dateAgo(30), incidentType: 'missing_child', riskLevel: 'standard', childrenPresent: 'No', summary: 'ok', childIds: ['7d4ff2a4-57c9-4a0e-a2a8-d5bb2c3cf0b4'] }, NOW)
    assert.equal(good.ok, true)
    if (good.ok) {
      assert.equal(good.value.policeReference, 'DA/123')
      assert.equal(good.value.childrenPresent, false)
    }
    assert.equal(validateTriage({ outcome: 'early_help', reasons: '' }).ok, false)
    assert.equal(validateTriage({ outcome: 'referral', reasons: 'x' }).ok, false)
    assert.equal(validateTriage({ outcome: 'contact', reasons: 'x'.repeat(10_001) }).ok, false)
    assert.equal(validateTriage({ outcome: 'letter_to_family', reasons: 'Standard risk, first incident' }).ok, true)
    assert.equal(formatAge(59 * 60), 'less than an hour')
    assert.equal(formatAge(5 * 3600 + 10), '5 hours')
    assert.equal(formatAge(24 * 3600), '1 day')
    assert.equal(formatAge(51 * 3600), '2 days 3 hours')
  })

  it('parses CSV with quotes, commas and line breaks, and names row and column in errors', () => {
    const p = parseCsv('a,b\r\n"x, ""quoted""","line\nbreak"\n\n')
    assert.deepEqual(p, { ok: true, records: [['a', 'b'], ['x, "quoted"', 'line\nbreak']] })
    assert.equal(parseCsv('a,"b\n').ok, false)
    const missing = readPoliceNotificationCsv('police_reference,received_at,summary\nX,2026-01-01 10:00,s\n')
    assert.equal(missing.ok, false)
    if (!missing.ok) {
      assert.equal(missing.kind, 'missing-columns')
      assert.match(missing.message, /incident_date, incident_type, risk_level, children_present, child_nhs_number/)
    }
    const notCsv = readPoliceNotificationCsv('PK\u0003\u0004\u0000\u0000binary')
    assert.equal(notCsv.ok, false)
    const header = 'police_reference,received_at,incident_date,incident_type,risk_level,children_present,summary,child_nhs_number,child_family_name,child_given_names,child_date_of_birth'
    const file = readPoliceNotificationCsv(`${header}\nR1,04/03/2026 10:00,2026-03-03,burglary,High,yes,s,,Smith,Jo,2015-01-01\n`)
    assert.equal(file.ok, true)
    if (!file.ok) return
    const row = validateCsvRow(file.rows[0] as never, NOW)
    assert.equal(row.ok, false)
    if (row.ok) return
    assert.deepEqual(row.errors.map((e) => [e.row, e.field]), [[2, 'received_at'], [2, 'incident_type']])
    assert.match(row.errors[0]?.message ?? '', /YYYY-MM-DD/)
    // The child can still be matched, and the reference checked, so every problem is reported at once.
    assert.deepEqual(row.child, { nhsNumber: null, familyName: 'Smith', givenNames: 'Jo', dateOfBirth: '2015-01-01' })
    assert.equal(row.policeReference, 'R1')
    // An unquoted comma shifts the values: the row is refused, not guessed at.
    const shifted = readPoliceNotificationCsv(`${header}\nR2,2026-03-04 10:00,2026-03-03,other,high,yes,Door broken, window too,,Smith,Jo,2015-01-01\n`)
    assert.ok(shifted.ok)
    if (!shifted.ok) return
    const s = validateCsvRow(shifted.rows[0] as never, NOW)
    assert.ok(!s.ok && s.errors.some((e) => e.field === 'row' && /double quotes/.test(e.message)))
  })
})

describe('recording a police notification', () => {
  it('records one about two children, with chronology and audit, and it waits in the queue with its age', async () => {
    const a = await child()
    const b = await child({ dob: '2019-09-09' })
    const m = await meta('frontdoor')
    const i = input(`${a.personRef.toLowerCase()}, ${b.personRef}`)
    const out = await recordPoliceNotification(ctx, m, i)
    assert.match(out.notificationRef, /^PN\d{6}$/)
    assert.equal(await count(sql`select count(*)::int as n from police_notification_child where notification_id = ${out.id}`), 2)
    for (const c of [a, b]) {
      assert.equal(await count(sql`select count(*)::int as n from chronology_entry where person_id = ${c.id} and kind = 'police-notification' and source_id = ${out.id}`), 1)
      assert.equal(await count(sql`select count(*)::int as n from audit_log where person_id = ${c.id} and action = 'police_notification.record' and entity_id = ${out.id}`), 1)
    }
    const queue = await policeNotificationQueue(ctx, m)
    const row = queue.rows.find((r) => r.id === out.id)
    assert.ok(row, 'in the queue')
    assert.equal(row.age, '1 day 3 hours')
    assert.ok(queue.summary.count >= 1)
    assert.ok(queue.summary.oldestAgeSeconds !== null && queue.summary.oldestAgeSeconds >= row.ageSeconds)
    // Oldest first.
    const ages = queue.rows.map((r) => r.ageSeconds)
    assert.deepEqual(ages, [...ages].sort((x, y) => y - x))
    const view = await viewPoliceNotification(ctx, m, out.id)
    assert.equal(view.children.length, 2)
    assert.equal(view.notification.policeReference, i.policeReference)
  })

  it('refuses bad input naming each field, unknown references, adults and duplicates, storing nothing', async () => {
    const m = await meta('frontdoor')
    const before = await count(sql`select count(*)::int as n from police_notification`)
    await assert.rejects(recordPoliceNotification(ctx, m, input('P999999x, nonsense', { receivedDate: '2026-13-01', incidentType: 'burglary', summary: '' })), (e: unknown) => {
      assert.ok(e instanceof ValidationError)
      assert.deepEqual(e.errors.map((x) => x.field).sort(), ['childRefs', 'incidentType', 'receivedDate', 'summary'])
      return true
    })
    await assert.rejects(recordPoliceNotification(ctx, m, input('P999998')), (e: unknown) => e instanceof ValidationError && /No person has the reference P999998/.test(e.message))
    await assert.rejects(recordPoliceNotification(ctx, m, input('')), (e: unknown) => e instanceof ValidationError && e.errors[0]?.field === 'childRefs')
    const adult = await child({ dob: '1990-01-01' })
    await assert.rejects(recordPoliceNotification(ctx, m, input(adult.personRef)), (e: unknown) => e instanceof ValidationError && /was an adult/.test(e.message))
    const c = await child()
    const first = input(c.personRef)
    await recordPoliceNotification(ctx, m, first)
    await assert.rejects(recordPoliceNotification(ctx, m, { ...input(c.personRef), policeReference: first.policeReference.toLowerCase() }), (e: unknown) => e instanceof ValidationError && e.errors[0]?.field === 'policeReference' && /already recorded/.test(e.message))
    assert.equal(await count(sql`select count(*)::int as n from police_notification`), before + 1)
  })

  it('is refused to roles without the triage capability', async () => {
    const c = await child()
    await assert.rejects(recordPoliceNotification(ctx, await meta('socialworker'), input(c.personRef)), ForbiddenError)
    await assert.rejects(policeNotificationQueue(ctx, await meta('partner')), ForbiddenError)
    await assert.rejects(triagePoliceNotification(ctx, await meta('edt'), '7d4ff2a4-57c9-4a0e-a2a8-d5bb2c3cf0b4', { outcome: 'nfa', reasons: 'x' }), ForbiddenError)
    await assert.rejects(importPoliceNotifications(ctx, await meta('auditor'), 'a,b\n'), ForbiddenError)
  })
})

describe('triage', () => {
  it('needs reasons, leaves the queue once triaged, and a second triage is refused without writing', async () => {
    const c = await child()
    const m = await meta('frontdoor')
    const { id } = await recordPoliceNotification(ctx, m, input(c.personRef))
    await assert.rejects(triagePoliceNotification(ctx, m, id, { outcome: 'nfa', reasons: ' ' }), ValidationError)
    const out = await triagePoliceNotification(ctx, m, id, { outcome: 'letter_to_family', reasons: 'Standard risk; first known incident' })
    assert.equal(out.contact, null)
    const queue = await policeNotificationQueue(ctx, m)
    assert.equal(queue.rows.some((r) => r.id === id), false)
    await assert.rejects(triagePoliceNotification(ctx, await meta('teammanager'), id, { outcome: 'contact', reasons: 'Escalate' }), (e: unknown) => {
      assert.ok(e instanceof ConflictError)
      assert.match(e.message, /already triaged by Hannah Mensah .*Letter to the family.*nothing was changed/)
      return true
    })
    const row = (await database.db.execute(sql`select outcome, outcome_reasons as reasons, contact_id from police_notification where id = ${id}`)).rows[0] as { outcome: string; reasons: string; contact_id: string | null }
    assert.deepEqual(row, { outcome: 'letter_to_family', reasons: 'Standard risk; first known incident', contact_id: null })
    assert.equal(await count(sql`select count(*)::int as n from chronology_entry where person_id = ${c.id} and kind = 'police-notification-triage'`), 1)
    assert.equal(await count(sql`select count(*)::int as n from audit_log where person_id = ${c.id} and action = 'police_notification.triage'`), 1)
  })

  it('to a contact: opens a contact through recordContact with the police details, and links it', async () => {
    const a = await child()
    const b = await child({ dob: '2020-02-02' })
    const m = await meta('frontdoor')
    const i = input(`${a.personRef},${b.personRef}`, { riskLevel: 'high' })
    const { id } = await recordPoliceNotification(ctx, m, i)
    const out = await triagePoliceNotification(ctx, m, id, { outcome: 'contact', reasons: 'High risk, third incident this year' })
    assert.ok(out.contact)
    const contact = (await database.db.execute(sql`select channel, source_code, concern, referrer_name, parents_aware, consent, no_consent_reason, received_at from contact where id = ${out.contact.id}`)).rows[0] as Record<string, unknown>
    assert.equal(contact.channel, 'police_notification')
    assert.equal(contact.source_code, '6')
    assert.equal(contact.concern, i.summary)
    assert.equal(contact.referrer_name, i.policeReference)
    assert.equal(contact.parents_aware, 'not_known')
    assert.equal(contact.consent, 'not_sought')
    assert.equal(contact.no_consent_reason, NO_CONSENT_REASON)
    assert.equal(await count(sql`select count(*)::int as n from contact_child where contact_id = ${out.contact.id}`), 2)
    const linked = (await database.db.execute(sql`select contact_id from police_notification where id = ${id}`)).rows[0] as { contact_id: string }
    assert.equal(linked.contact_id, out.contact.id)
    const view = await viewPoliceNotification(ctx, m, id)
    assert.equal(view.notification.contactRef, out.contact.contactRef)
    assert.equal(view.notification.outcome, 'contact')
  })

  it('two people triaging at once: one succeeds, the other is told; only one contact is opened', async () => {
    const c = await child()
    const { id } = await recordPoliceNotification(ctx, await meta('frontdoor'), input(c.personRef))
    const [x, y] = [await meta('frontdoor'), await meta('teammanager')]
    const results = await Promise.allSettled([
      triagePoliceNotification(ctx, x, id, { outcome: 'contact', reasons: 'Concerned' }),
      triagePoliceNotification(ctx, y, id, { outcome: 'contact', reasons: 'Also concerned' }),
    ])
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1)
    const rejected = results.find((r) => r.status === 'rejected')
    assert.ok(rejected && rejected.status === 'rejected' && rejected.reason instanceof ConflictError, String(rejected && rejected.status === 'rejected' ? rejected.reason : ''))
    assert.equal(await count(sql`select count(*)::int as n from contact_child where person_id = ${c.id}`), 1)
  })

  it('when the contact cannot be opened, nothing is written and the notification stays in the queue', async () => {
    const c = await child()
    const m = await meta('frontdoor')
    // recordContact refuses a contact received more than a year ago.
    const { id } = await recordPoliceNotification(ctx, m, input(c.personRef, { receivedDate: dateAgo(24 * 400), receivedTime: '10:00', incidentDate: dateAgo(24 * 401) }))
    await assert.rejects(triagePoliceNotification(ctx, m, id, { outcome: 'contact', reasons: 'Late' }), (e: unknown) => e instanceof ValidationError && e.errors[0]?.field === 'outcome' && /A contact could not be opened/.test(e.message))
    assert.equal(await count(sql`select count(*)::int as n from contact_child where person_id = ${c.id}`), 0)
    assert.equal(await count(sql`select count(*)::int as n from police_notification where id = ${id} and triaged_at is null`), 1)
    assert.ok((await policeNotificationQueue(ctx, m)).rows.some((r) => r.id === id))
  })
})

describe('importing from CSV (use case)', () => {
  it('imports good rows, nothing from bad ones, and reports progress', async () => {
    const nhs = randomNhsNumber()
    const a = await child({ nhsNumber: nhs })
    const b = await child({ dob: '2014-06-06' })
    const [r1, r2, r3] = [policeRef(), policeRef(), policeRef()]
    const header = 'police_reference,received_at,incident_date,incident_type,risk_level,children_present,summary,child_nhs_number,child_family_name,child_given_names,child_date_of_birth'
    const when = `${dateAgo(30)} ${timeAgo(30)}`
    const csv = [
      header,
      `${r1},${when},${dateAgo(48)},domestic_abuse,high,yes,"Shouting, a door broken",${nhs},,,`,
      `${r2},${when},${dateAgo(48)},child_at_risk,standard,no,Left alone,,${b.familyName.toUpperCase()},robin,2014-06-06`,
      `${r3},${when},${dateAgo(48)},domestic_abuse,severe,yes,Bad code,,${b.familyName},Robin,2014-06-06`,
    ].join('\n')
    const progress: [number, number][] = []
    const out = await importPoliceNotifications(ctx, await meta('frontdoor'), csv, (d, t) => progress.push([d, t]))
    assert.equal(out.total, 3)
    assert.equal(out.imported, 2)
    assert.deepEqual(out.errors.map((e) => [e.row, e.field]), [[4, 'risk_level']])
    assert.deepEqual(progress.at(-1), [3, 3])
    assert.equal(await count(sql`select count(*)::int as n from police_notification where police_reference = ${r3}`), 0)
    assert.equal(await count(sql`select count(*)::int as n from police_notification_child pc join police_notification n on n.id = pc.notification_id where n.police_reference = ${r1} and pc.person_id = ${a.id}`), 1)
    assert.equal(await count(sql`select count(*)::int as n from police_notification_child pc join police_notification n on n.id = pc.notification_id where n.police_reference = ${r2} and pc.person_id = ${b.id}`), 1)
    // The same file again: the imported rows are now duplicates.
    const again = await importPoliceNotifications(ctx, await meta('frontdoor'), csv)
    assert.equal(again.imported, 0)
    assert.deepEqual(again.errors.filter((e) => e.field === 'police_reference').map((e) => e.row), [2, 3])
    await assert.rejects(importPoliceNotifications(ctx, await meta('frontdoor'), 'a,b\n1,2\n'), (e: unknown) => e instanceof ValidationError && e.errors[0]?.field === 'file')
  })
})
