/**
 * The people pages through the real web server: who may open which record, validation and escaping of
 * what is typed, two people editing one record at once, and the duplicate warning.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'drizzle-orm'
import { postForm, uniqueFamilyName, routeSuite } from '../helpers/harness.ts'

const { database, app, as, get } = routeSuite()

type Details = { givenNames: string; familyName: string; dob: string; sex?: string; religion?: string }

function personFields(d: Details): Record<string, string> {
  const [y = '', m = '', day = ''] = d.dob.split('-')
  return {
    givenNames: d.givenNames,
    familyName: d.familyName,
    isUnborn: 'no',
    'dateOfBirth-day': day,
    'dateOfBirth-month': m,
    'dateOfBirth-year': y,
    sex: d.sex ?? 'F',
    religion: d.religion ?? '',
    interpreterNeeded: 'no',
  }
}

const idFromLocation = (location: unknown): string => {
  const id = /^\/people\/([0-9a-f-]{36})\?created=1$/.exec(String(location))?.[1]
  assert.ok(id, `expected a new person's page, got ${String(location)}`)
  return id
}

/** Adds a person through the form, confirming past any duplicate warning (test names look alike). */
async function createPerson(username: string, d: Details): Promise<string> {
  const res = await postForm(app(), await as(username), '/people', { ...personFields(d), confirmedNotDuplicate: 'yes' })
  assert.equal(res.statusCode, 302, res.body.slice(0, 500))
  return idFromLocation(res.headers.location)
}

/** Finds someone through the search page, as the given user, and returns the id their link points at. */
async function findBySearch(username: string, givenNames: string, familyName: string): Promise<string> {
  const res = await get(username, `/people?name=${encodeURIComponent(`${givenNames} ${familyName}`)}`)
  assert.equal(res.statusCode, 200)
  const id = new RegExp(`href="/people/([0-9a-f-]{36})">${givenNames} ${familyName}</a>`).exec(res.body)?.[1]
  assert.ok(id, `${givenNames} ${familyName} not found by ${username}'s search`)
  return id
}

const versionOn = (html: string): string => {
  const v = /name="version" value="(\d+)"/.exec(html)?.[1]
  assert.ok(v, 'no version on the form')
  return v
}

const personCount = async (familyName: string): Promise<number> =>
  ((await database.db.execute(sql`select count(*)::int as n from person where family_name = ${familyName}`)).rows[0] as { n: number }).n

const decode = (s: string): string => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')

// ------------------------------------------------------------------ tests

describe('who may open which record', () => {
  it('a partner gets 403 on the people pages', async () => {
    const leo = await findBySearch('socialworker', 'Leo', 'Ashworth')
    for (const url of ['/people', '/people?name=Ashworth', '/people/new', `/people/${leo}`, `/people/${leo}/edit`]) {
      const res = await get('partner', url)
      assert.equal(res.statusCode, 403, url)
      assert.match(res.body, /You do not have access to this record/, url)
      assert.doesNotMatch(res.body, /Ashworth/, url)
    }
  })

  it('a social worker gets 403 on a person outside their caseload, and cannot change them', async () => {
    const familyName = uniqueFamilyName('Outside')
    const id = await createPerson('frontdoor', { givenNames: 'Zed', familyName, dob: '2016-07-21', sex: 'M' })
    const view = await get('socialworker', `/people/${id}`)
    assert.equal(view.statusCode, 403)
    assert.match(view.body, /You do not have access to this record/)
    assert.doesNotMatch(view.body, new RegExp(familyName))
    assert.equal((await get('socialworker', `/people/${id}/edit`)).statusCode, 403)

    const sw = await as('socialworker')
    const post = await postForm(app(), sw, `/people/${id}/edit`, { ...personFields({ givenNames: 'Changed', familyName, dob: '2016-07-21', sex: 'M' }), version: '1' })
    assert.equal(post.statusCode, 403)
    const still = await get('frontdoor', `/people/${id}`)
    assert.equal(still.statusCode, 200)
    assert.match(still.body, new RegExp(`Zed ${familyName}`))
    assert.doesNotMatch(still.body, /Changed/)
  })

  it('a social worker can open a child on their own caseload', async () => {
    const leo = await findBySearch('socialworker', 'Leo', 'Ashworth')
    const res = await get('socialworker', `/people/${leo}`)
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /<h1 class="govuk-heading-l">Leo Ashworth/)
  })

  it('an address that is not a person id is "Page not found" (404)', async () => {
    for (const url of ['/people/not-a-uuid', '/people/123', '/people/not-a-uuid/edit', '/people/not-a-uuid/record-access']) {
      const res = await get('frontdoor', url)
      assert.equal(res.statusCode, 404, url)
      assert.match(res.body, /Page not found/, url)
    }
  })

  it('"Who has viewed this record": a team manager sees it, a social worker (no such permission) does not', async () => {
    const leo = await findBySearch('socialworker', 'Leo', 'Ashworth')
    // The social worker has just opened Leo's record; the team manager sees that view listed.
    assert.equal((await get('socialworker', `/people/${leo}`)).statusCode, 200)
    const tm = await get('teammanager', `/people/${leo}/record-access`)
    assert.equal(tm.statusCode, 200)
    assert.match(tm.body, /Who has viewed this record/)
    assert.match(tm.body, /Sam Okafor/)

    const personPage = await get('teammanager', `/people/${leo}`)
    assert.match(personPage.body, new RegExp(`href="/people/${leo}/record-access"`))
    const swPage = await get('socialworker', `/people/${leo}`)
    assert.doesNotMatch(swPage.body, /record-access/, 'the social worker is not offered the link')

    const sw = await get('socialworker', `/people/${leo}/record-access`)
    assert.equal(sw.statusCode, 403)
    assert.match(sw.body, /You do not have access/)
  })

  it('a restricted child is refused to the front door (403) but open to the service manager granted it', async () => {
    const freya = await findBySearch('servicemanager', 'Freya', 'Tremayne')
    const sm = await get('servicemanager', `/people/${freya}`)
    assert.equal(sm.statusCode, 200)
    assert.match(sm.body, /Restricted record/)
    const fd = await get('frontdoor', `/people/${freya}`)
    assert.equal(fd.statusCode, 403)
    assert.doesNotMatch(fd.body, /Freya|Tremayne/)
    assert.equal((await get('frontdoor', `/people/${freya}/edit`)).statusCode, 403)
  })
})

describe('what is typed into the forms', () => {
  it('a 10,000-character given name is refused (400) with the error summary naming Given names, and nothing is stored', async () => {
    const familyName = uniqueFamilyName('Longname')
    const res = await postForm(app(), await as('frontdoor'), '/people', { ...personFields({ givenNames: 'A'.repeat(10_000), familyName, dob: '2015-05-05' }), confirmedNotDuplicate: 'yes' })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /govuk-error-summary/)
    assert.match(res.body, /<a href="#givenNames">Given names must be 100 characters or fewer<\/a>/)
    assert.equal(await personCount(familyName), 0)
  })

  it('a value beyond the form ceiling (20,000 characters) is refused with a message, not stored', async () => {
    const familyName = uniqueFamilyName('Longfield')
    const res = await postForm(app(), await as('frontdoor'), '/people', { ...personFields({ givenNames: 'Ada', familyName, dob: '2015-05-05', religion: 'r'.repeat(25_000) }), confirmedNotDuplicate: 'yes' })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /too long/)
    assert.equal(await personCount(familyName), 0)
  })

  it('HTML typed into free-text fields is shown as text, never run', async () => {
    const familyName = uniqueFamilyName('Escaping')
    const id = await createPerson('frontdoor', { givenNames: 'Ivy', familyName, dob: '2013-03-13' })
    const edit = await get('frontdoor', `/people/${id}/edit`)
    assert.equal(edit.statusCode, 200)
    const payload = '<script>alert(1)</script>'
    const res = await postForm(app(), await as('frontdoor'), `/people/${id}/edit`, {
      ...personFields({ givenNames: 'Ivy', familyName, dob: '2013-03-13', religion: payload }),
      genderIdentity: '<img src=x onerror=alert(2)>',
      version: versionOn(edit.body),
    })
    assert.equal(res.statusCode, 302)
    const page = await get('frontdoor', `/people/${id}`)
    assert.equal(page.statusCode, 200)
    assert.ok(!page.body.includes(payload), 'the script tag is not on the page unescaped')
    assert.ok(!page.body.includes('<img src=x'), 'the img tag is not on the page unescaped')
    assert.ok(page.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the text is shown, escaped')
    // The edit form shows it back as a value, escaped too.
    const again = await get('frontdoor', `/people/${id}/edit`)
    assert.ok(!again.body.includes(payload))
    assert.ok(again.body.includes('value="&lt;script&gt;alert(1)&lt;/script&gt;"'))
  })

  it('HTML echoed back after a validation error, or in a search, is escaped', async () => {
    const payload = '"><script>alert(3)</script>'
    const res = await postForm(app(), await as('frontdoor'), '/people', { ...personFields({ givenNames: 'Ada', familyName: uniqueFamilyName('Echo'), dob: '' }), religion: payload })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /Enter the date of birth/)
    assert.ok(!res.body.includes('<script>alert(3)'))
    const search = await get('frontdoor', `/people?name=${encodeURIComponent(payload)}`)
    assert.ok(!search.body.includes('<script>alert(3)'))
  })
})

describe('two people changing one record', () => {
  it('the first save wins; the second is told "Someone else changed this record" (409) and nothing of theirs is saved', async () => {
    const familyName = uniqueFamilyName('Concurrent')
    const id = await createPerson('frontdoor', { givenNames: 'Nia', familyName, dob: '2011-11-11' })
    const first = await get('frontdoor', `/people/${id}/edit`)
    const second = await get('edt', `/people/${id}/edit`)
    assert.equal(first.statusCode, 200)
    assert.equal(second.statusCode, 200)
    const version = versionOn(first.body)
    assert.equal(versionOn(second.body), version)

    const save1 = await postForm(app(), await as('frontdoor'), `/people/${id}/edit`, { ...personFields({ givenNames: 'Nia', familyName, dob: '2011-11-11', religion: 'Quakerfirst' }), version })
    assert.equal(save1.statusCode, 302)
    assert.equal(save1.headers.location, `/people/${id}?amended=1`)

    const save2 = await postForm(app(), await as('edt'), `/people/${id}/edit`, { ...personFields({ givenNames: 'Nia', familyName, dob: '2011-11-11', religion: 'Quakersecond' }), version })
    assert.equal(save2.statusCode, 409)
    assert.match(save2.body, /Someone else changed this record/)
    assert.match(save2.body, /govuk-error-summary/)
    assert.ok(save2.body.includes('value="Quakersecond"'), 'what the second person typed is kept on the form')
    assert.notEqual(versionOn(save2.body), version, 'the form now carries the current version')

    const page = await get('frontdoor', `/people/${id}`)
    assert.match(page.body, /Quakerfirst/)
    assert.doesNotMatch(page.body, /Quakersecond/)
  })
})

describe('the duplicate warning', () => {
  it('warns about someone like an existing person, and adds them only when the user confirms', async () => {
    const familyName = uniqueFamilyName('Dupe')
    const existing = await createPerson('frontdoor', { givenNames: 'Tobias', familyName, dob: '2014-08-19', sex: 'M' })

    const res = await postForm(app(), await as('frontdoor'), '/people', personFields({ givenNames: 'Tobia', familyName, dob: '2014-08-19', sex: 'M' }))
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /<h1 class="govuk-heading-l">This person may already be recorded<\/h1>/)
    assert.ok(res.body.includes(`href="/people/${existing}">Tobias ${familyName}</a>`), 'the existing person is listed')
    assert.equal(await personCount(familyName), 1, 'nothing added yet')

    // The page's own button resubmits the answers as hidden fields, with confirmedNotDuplicate=yes.
    const formHtml = /<form method="post" action="\/people"[\s\S]*?<\/form>/.exec(res.body)?.[0]
    assert.ok(formHtml)
    const fields: Record<string, string> = {}
    for (const m of formHtml.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[decode(m[1] ?? '')] = decode(m[2] ?? '')
    assert.equal(fields.confirmedNotDuplicate, 'yes')
    assert.equal(fields.givenNames, 'Tobia')
    const confirmed = await app().inject({
      method: 'POST',
      url: '/people',
      headers: { cookie: (await as('frontdoor')).cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(fields).toString(),
    })
    assert.equal(confirmed.statusCode, 302)
    const created = idFromLocation(confirmed.headers.location)
    assert.notEqual(created, existing)
    assert.equal(await personCount(familyName), 2)
    const page = await get('frontdoor', `/people/${created}?created=1`)
    assert.match(page.body, new RegExp(`Tobia ${familyName}`))
    assert.match(page.body, /Person added to the index with reference P\d{6}/)
  })
})
