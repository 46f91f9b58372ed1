/**
 * Issue 4's acceptance: a social worker assesses Leo Ashworth (P001001, on Sam Okafor's caseload), the
 * team manager returns it with a comment, the worker fixes and resubmits, the manager authorises; the
 * assessment shows as completed in timescale, and the chronology shows each step.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { browserSuite, expectAccessible, screenshot, signInInBrowser } from '../helpers/browser.ts'
import { londonDate } from '../../src/domain/shared/dates.ts'

const suite = browserSuite()

describe('assessment: start, child seen, submit, return, resubmit, authorise', () => {
  it('is recorded by the worker, signed off by the manager, and shows in the chronology', async () => {
    const [year, month, day] = londonDate(new Date()).split('-')

    // ---------------------------------------------------------------- the social worker starts and fills it in
    const swContext = await suite.browser.newContext()
    const sw = await signInInBrowser(swContext, suite.baseUrl, 'socialworker')
    await sw.goto(`${suite.baseUrl}/people?name=Leo+Ashworth`)
    await expectAccessible(sw, 'person search')
    await sw.getByRole('link', { name: 'Leo Ashworth' }).first().click()
    await sw.getByRole('heading', { level: 1, name: /Leo Ashworth/ }).waitFor()
    await expectAccessible(sw, 'Leo’s record')
    await sw.getByRole('link', { name: 'Assessments', exact: true }).click()
    await sw.getByRole('heading', { level: 1, name: 'Assessments' }).waitFor()
    await expectAccessible(sw, 'assessments list')
    await sw.getByRole('button', { name: 'Start an assessment' }).click()
    await sw.locator('.govuk-notification-banner').getByText(/Single assessment A\d{6} started/).waitFor()
    const ref = (await sw.locator('h1 .harbour-ref').innerText()).trim()
    assert.match(ref, /^A\d{6}$/)
    assert.match(await sw.locator('#timescale').innerText(), /Due \d{1,2} \w+ \d{4} – \d+ working days left/)
    await expectAccessible(sw, 'assessment form (new)')
    const assessmentUrl = sw.url().replace(/\/edit\?started=1$/, '')

    // The history is pre-filled from Leo's chronology.
    assert.match(await sw.getByLabel('History').inputValue(), /Referral R\d{6}/)
    await sw.getByLabel('The child’s wishes and feelings').fill('Leo said: “I like it when Nan picks me up. I don’t like it when Mum and Dad shout at night.”')
    await sw.getByLabel('The child’s developmental needs').fill('Meeting milestones; attendance 90%; anxious at bedtime.')
    await sw.getByLabel('Parenting capacity').fill('Basic care good; emotional warmth evident; boundaries inconsistent.')
    await sw.getByLabel('Family and environmental factors').fill('Arguments between the parents; Nan nearby and supportive.')
    await sw.getByLabel('Mental health: concerns about the parent or carer (4B)').check()
    await sw.getByLabel('Domestic abuse: concerns about the parent or carer being the subject (3B)').check()
    await sw.getByLabel('Family dysfunction (N5)').check()
    await sw.getByLabel('Analysis', { exact: true }).fill('Leo is a child in need: the conflict at home affects his sleep and school. A plan with the family is recommended.')
    await sw.getByLabel('Child in need plan').check()
    await screenshot(sw, 'assessment-form')
    await sw.getByRole('button', { name: 'Save assessment' }).click()
    await sw.getByText('Assessment saved.').waitFor()
    await expectAccessible(sw, 'assessment page')

    // The child seen, alone, today.
    await sw.getByRole('group', { name: 'Date the child was seen' }).getByLabel('Day').fill(String(Number(day)))
    await sw.getByRole('group', { name: 'Date the child was seen' }).getByLabel('Month').fill(String(Number(month)))
    await sw.getByRole('group', { name: 'Date the child was seen' }).getByLabel('Year').fill(String(year))
    await sw.getByRole('group', { name: 'Was the child seen alone?' }).getByLabel('Yes').check()
    await sw.getByLabel('Note (optional)').fill('Seen alone at school')
    await sw.getByRole('button', { name: 'Add visit' }).click()
    await sw.getByText('Visit recorded.').waitFor()
    assert.match(await sw.locator('#child-seen + table').innerText(), /Yes\s+Seen alone at school/)
    await expectAccessible(sw, 'assessment page with a visit')
    await sw.getByRole('button', { name: 'Submit for authorisation' }).click()
    await sw.getByText('Assessment submitted to a manager for authorisation.').waitFor()
    await expectAccessible(sw, 'assessment submitted')
    await screenshot(sw, 'assessment-submitted')

    // ---------------------------------------------------------------- the manager returns it
    const tmContext = await suite.browser.newContext()
    const tm = await signInInBrowser(tmContext, suite.baseUrl, 'teammanager')
    await tm.goto(assessmentUrl)
    await expectAccessible(tm, 'assessment for the manager')
    await tm.getByRole('button', { name: 'Return with comments' }).click()
    await tm.getByRole('heading', { name: 'There is a problem' }).waitFor()
    assert.match(await tm.locator('.govuk-error-summary').innerText(), /Enter your comments/)
    await expectAccessible(tm, 'return without comments')
    await tm.getByLabel('Your comments').fill('Please add the parents’ views, and what Nan said.')
    await tm.getByRole('button', { name: 'Return with comments' }).click()
    await tm.getByText('Assessment returned to the worker with your comments.').waitFor()
    await expectAccessible(tm, 'assessment returned')

    // ---------------------------------------------------------------- the worker sees the comment, fixes, resubmits
    await sw.goto(assessmentUrl)
    assert.match(await sw.locator('#returned').innerText(), /Returned by Joanne Fletcher.*Please add the parents’ views, and what Nan said\./)
    await expectAccessible(sw, 'returned assessment')
    await sw.getByRole('link', { name: 'Edit the assessment' }).click()
    await sw.getByLabel('Parents’ and carers’ views').fill('Mum and Dad agree the arguments upset Leo and want help. Nan is willing to have Leo after school.')
    await expectAccessible(sw, 'assessment form (returned)')
    await sw.getByRole('button', { name: 'Save assessment' }).click()
    await sw.getByText('Assessment saved.').waitFor()
    await sw.getByRole('button', { name: 'Submit for authorisation' }).click()
    await sw.getByText('Assessment submitted to a manager for authorisation.').waitFor()
    await swContext.close()

    // ---------------------------------------------------------------- the manager authorises
    // The team's timeliness table (this financial year to date) before and after: one more completed in timescale.
    await tm.goto(`${suite.baseUrl}/timeliness`)
    const completedBefore = Number(await tm.locator('#stat-completed').innerText())
    await tm.goto(assessmentUrl)
    await tm.getByLabel('Your comments').fill('Agreed: child in need plan, review in three months.')
    await tm.getByRole('button', { name: 'Authorise', exact: true }).click()
    await tm.getByText('Assessment authorised. It is now complete.').waitFor()
    await expectAccessible(tm, 'assessment authorised')
    const clock = await tm.locator('#timescale').innerText()
    assert.match(clock, /Completed \d{1,2} \w+ \d{4} – in timescale/)
    assert.match(await tm.locator('#sign-off-trail').innerText(), /Submitted[\s\S]*Returned[\s\S]*Submitted[\s\S]*Authorised by Joanne Fletcher/)
    await screenshot(tm, 'assessment-authorised')

    // The list says so too, and the chronology shows each step.
    await tm.goto(assessmentUrl.replace(/\/[0-9a-f-]{36}$/, ''))
    const row = tm.locator('#assessments tr', { hasText: ref })
    assert.match(await row.innerText(), /Authorised[\s\S]*Yes/)
    await expectAccessible(tm, 'assessments list (manager)')
    await screenshot(tm, 'assessments-list')
    await tm.goto(assessmentUrl.replace(/\/assessments\/[0-9a-f-]{36}$/, '/chronology'))
    const chronology = await tm.locator('#chronology').innerText()
    assert.match(chronology, new RegExp(`Single assessment ${ref} started`))
    assert.match(chronology, new RegExp(`Single assessment ${ref} returned to the worker by Joanne Fletcher: Please add the parents’ views`))
    assert.match(chronology, new RegExp(`Single assessment ${ref} authorised by Joanne Fletcher: outcome Child in need plan; completed within timescale`))
    await expectAccessible(tm, 'chronology')

    // The management-oversight view holds the manager's decisions, and the timeliness table counts the completion.
    await tm.goto(assessmentUrl.replace(/\/assessments\/[0-9a-f-]{36}$/, '/oversight'))
    const decisions = await tm.locator('#decisions').innerText()
    assert.match(decisions, new RegExp(`Assessment ${ref} authorised`))
    assert.match(decisions, /Agreed: child in need plan, review in three months\./)
    await expectAccessible(tm, 'management oversight')
    await tm.goto(`${suite.baseUrl}/timeliness`)
    assert.equal(Number(await tm.locator('#stat-completed').innerText()), completedBefore + 1)
    await expectAccessible(tm, 'timeliness')
    await tmContext.close()
  })
})
