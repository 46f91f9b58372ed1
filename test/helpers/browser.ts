import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { AxeBuilder } from '@axe-core/playwright'
import type { FastifyInstance } from 'fastify'
import { after, before } from 'node:test'
import type { Database } from '../../src/db/database.ts'
import { TEST_PASSWORD, testDatabase, testServer } from './harness.ts'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Debian's Chromium, headless, with the flags this closed network needs. */
export async function launchBrowser(): Promise<Browser> {
  assert.ok(fs.existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}: install Debian's chromium (CI does)`)
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}

export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' })
  const addr = app.server.address()
  assert.ok(addr && typeof addr === 'object')
  return `http://127.0.0.1:${addr.port}`
}

/** Runs axe (WCAG 2.2 AA) on the page and fails with the violations listed. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze()
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} – ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)
  assert.deepEqual(summary, [], `axe found problems on ${label}`)
}

export async function signInInBrowser(context: BrowserContext, baseUrl: string, username: string): Promise<Page> {
  const page = await context.newPage()
  await page.goto(`${baseUrl}/sign-in`)
  await page.getByLabel('User name').fill(username)
  await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL(`${baseUrl}/`)
  return page
}

/** Screenshots go to .tmp/screenshots for a person to look at; not asserted on. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = path.join('.tmp', 'screenshots')
  fs.mkdirSync(dir, { recursive: true })
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true })
}

/**
 * The set-up every browser test file shares: the prepared database, the app listening on a loopback
 * port, and one Chromium — started before the file's tests and closed after them.
 */
export function browserSuite(): { database: Database; readonly app: FastifyInstance; readonly browser: Browser; readonly baseUrl: string } {
  const database = testDatabase()
  let app: FastifyInstance | undefined
  let browser: Browser | undefined
  let baseUrl = ''
  before(async () => {
    app = await testServer(database)
    baseUrl = await listen(app)
    browser = await launchBrowser()
  })
  after(async () => {
    await browser?.close()
    await app?.close()
    await database.close()
  })
  return {
    database,
    get app() {
      assert.ok(app, 'the app starts before the tests')
      return app
    },
    get browser() {
      assert.ok(browser, 'the browser starts before the tests')
      return browser
    },
    get baseUrl() {
      return baseUrl
    },
  }
}
