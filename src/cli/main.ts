/**
 * The `harbour` command. `npm start` runs `harbour start`.
 * Every command that opens the embedded database locks its data folder first (see docs/adr/0002).
 */
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { hash } from '@node-rs/argon2'
import { sql } from 'drizzle-orm'
import { loadConfig, type Config } from '../config.ts'
import { openDatabase, type Database } from '../db/database.ts'
import { DataDirLockedError } from '../db/embedded/dataDirLock.ts'
import { migrateDatabase } from '../db/migrate.ts'
import { DEMO_USERS, isDatabaseEmpty, seedDemoCouncil } from '../db/seed/demoCouncil.ts'
import { insertUser, usernameTaken, findWorkerByName } from '../db/repositories/users.ts'
import { DEFAULT_SCOPE, ROLES, SCOPES, isRole, isScope } from '../domain/access/roles.ts'
import { londonDate } from '../domain/shared/dates.ts'
import { buildServer } from '../web/server.ts'
import { runDue } from './due.ts'
import { IMPORT_USAGE, runImportPoliceNotifications } from './importPoliceNotifications.ts'
import { ANNEX_A_USAGE, runAnnexA } from './returnsAnnexA.ts'
import { CIN_CENSUS_USAGE, runCinCensus } from './returnsCinCensus.ts'
import { VALIDATE_CIN_USAGE, runValidateCin } from './returnsValidate.ts'
import { runIndicators } from './indicators.ts'
import { SEED_COUNTY_USAGE, runSeedCounty } from './seedCounty.ts'

const HELP = `harbour – the case record and front door for children's social care

Usage: harbour <command> [options]

Commands:
  start                 Migrate the database, load the demo council if it is empty, and serve (what npm start runs)
  serve                 Serve the web app and API on PORT (default 3000); the database must be migrated
  migrate               Apply the committed SQL migrations
  seed demo             Load the fictional demo council into an empty database
  seed county [--seed N] [--years 10] [--force]
                        Load a synthetic county (40 teams, ~580,000 people, ten years of history) for
                        benchmarks, into an empty database (--force deletes everything first); one transaction
  users add             Add a user account:
                          --username NAME --name "Display Name" --role ROLE [--scope SCOPE]
                          [--worker "Worker name"] [--partner-agency "Agency"] [--password PASSWORD]
                        (without --password a strong one is generated and printed once)
  users roles           List the roles and scopes
  import police-notifications FILE [--as USERNAME]
                        Import police notifications from a CSV file, with a progress bar and a per-row
                        error report; a bad row imports nothing (columns: see docs/police-notifications-csv.md)
  returns cin-census --year YYYY --la NNN --out FILE
                        Write the CIN census XML for a collection year (2026 = 1 April 2025 to 31 March 2026)
                        and report what would fail validation
  returns validate-cin FILE
                        Check any CIN census XML file against the schema and the 2025-26 validation rules;
                        prints each failure (rule, child, field, message) and a total
  returns annex-a --from YYYY-MM-DD --to YYYY-MM-DD --out FILE.xlsx
                        Write Ofsted Annex A lists 1, 3, 4, 5, 6 and 7 as a workbook, one sheet per list
  indicators comparators load FILE.csv | indicators population --year 2025-26 --children N
                        Load dashboard comparators (national, statistical neighbours, targets) from CSV, or
                        set the 0–17 child population for rates per 10,000 (see docs/comparators-csv.md)
  due RULE DATE [--framework fa2000|wt2010|wt2023]
                        Print the due date (YYYY-MM-DD) of a statutory timescale, e.g.
                        harbour due contact-decision 2022-12-23   (rules: harbour due --help)
                        Without --framework, the framework in force on DATE is used.
  help, --help          Show this help

Environment:
  DATABASE_URL          Use this PostgreSQL server instead of the embedded database
  HARBOUR_DATA_DIR      Folder of the embedded database (default ./data)
  PORT, HOST            Where to serve (default 3000 on 127.0.0.1)
  HARBOUR_DEMO_PASSWORD The demo sign-ins' password (default harbour-demo-2026)
  HARBOUR_IDLE_TIMEOUT_MINUTES  Sign out after this many idle minutes (default 30)
  HARBOUR_SIGN_IN_RATE_LIMIT    Sign-in attempts per IP per minute (default 10)
`

async function withDatabase<T>(config: Config, fn: (db: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  try {
    return await fn(database)
  } finally {
    await database.close()
  }
}

async function seedDemoIfEmpty(config: Config, database: Database): Promise<boolean> {
  if (!(await isDatabaseEmpty(database))) return false
  const t0 = performance.now()
  const summary = await seedDemoCouncil(database, { password: config.demoPassword, today: londonDate(new Date()) })
  console.log(
    `Loaded the demo council: ${summary.children} children, ${summary.adults} adults, ${summary.teams} teams, ${summary.workers} workers (${Math.round(performance.now() - t0)} ms)`,
  )
  return true
}

async function serve(config: Config, database: Database, startedAt: number): Promise<void> {
  const app = await buildServer({
    ctx: { database, now: () => new Date() },
    idleTimeoutMinutes: config.idleTimeoutMinutes,
    secureCookies: config.secureCookies,
    logLevel: config.logLevel,
    signInRateLimit: config.signInRateLimit,
  })
  await app.listen({ port: config.port, host: config.host })
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host === '127.0.0.1' ? 'localhost' : config.host}:${config.port}`
  console.log(`\nHarbour is running at ${url}  (database: ${database.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL server'}; ready in ${Math.round(performance.now() - startedAt)} ms)`)
  const county = (await database.db.execute(sql`select 1 from council_setting where key = 'county_seed'`)).rows.length > 0
  if (county) {
    console.log('\nThe synthetic county (harbour seed county): every sign-in has the password county-password-2026, e.g. sw001, tm001, fd001, analyst, auditor, admin.')
  } else if (!(await isDatabaseEmpty(database))) {
    console.log(`\nDemo sign-ins (fictional council), all with the password: ${config.demoPassword}`)
    for (const u of DEMO_USERS) console.log(`  ${u.username.padEnd(15)} ${ROLES[u.role]}`)
    // Receiving managers for the demo's transfers (src/db/seed/demoTransfers.ts).
    console.log(`  ${'eastmanager'.padEnd(15)} ${ROLES.team_manager} (Safeguarding East)\n  ${'westmanager'.padEnd(15)} ${ROLES.team_manager} (Safeguarding West)`)
    console.log(`  ${'qalead'.padEnd(15)} ${ROLES.auditor} (QA lead: moderates case audits)`)
  }
  console.log('\nStop with Ctrl+C.')
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`\n${signal}: stopping Harbour…`)
    await app.close()
    await database.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

async function usersAdd(config: Config, argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      username: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      scope: { type: 'string' },
      worker: { type: 'string' },
      'partner-agency': { type: 'string' },
      password: { type: 'string' },
    },
    strict: true,
  })
  const problems: string[] = []
  const username = values.username?.trim() ?? ''
  if (!/^[a-z0-9._-]{3,50}$/i.test(username)) problems.push('--username: 3 to 50 letters, digits, dots, hyphens or underscores')
  const name = values.name?.trim() ?? ''
  if (!name || name.length > 100) problems.push('--name: the person’s name, up to 100 characters')
  const role = values.role ?? ''
  if (!isRole(role)) problems.push(`--role: one of ${Object.keys(ROLES).join(', ')}`)
  const scope = values.scope ?? (isRole(role) ? DEFAULT_SCOPE[role] : '')
  if (!isScope(scope)) problems.push(`--scope: one of ${Object.keys(SCOPES).join(', ')}`)
  const password = values.password ?? randomBytes(12).toString('base64url')
  if (password.length < 12) problems.push('--password: at least 12 characters')
  if (problems.length || !isRole(role) || !isScope(scope)) {
    console.error(`Cannot add the user:\n  ${problems.join('\n  ')}`)
    process.exitCode = 2
    return
  }
  await withDatabase(config, async (database) => {
    if (await usernameTaken(database.db, username)) {
      console.error(`Cannot add the user: --username ${username} is already taken`)
      process.exitCode = 2
      return
    }
    let workerId: string | null = null
    if (values.worker) {
      const w = await findWorkerByName(database.db, values.worker)
      if (!w) {
        console.error(`Cannot add the user: --worker: no current worker is called "${values.worker}"`)
        process.exitCode = 2
        return
      }
      workerId = w.id
    }
    await insertUser(database.db, { username, displayName: name, passwordHash: await hash(password), role, scope, workerId, partnerAgency: values['partner-agency'] ?? null })
    console.log(`Added ${username} (${ROLES[role]}, ${SCOPES[scope]}).`)
    if (!values.password) console.log(`Their password (shown once): ${password}`)
  })
}

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(HELP)
    return
  }
  if (command === 'returns' && rest[0] === 'validate-cin') {
    // Needs no database: it checks any file, ours or not.
    process.exitCode = await runValidateCin(rest.slice(1), process)
    return
  }
  if (command === 'due') {
    // Pure: no database, no configuration.
    const r = runDue(rest)
    process.stdout.write(r.stdout)
    process.stderr.write(r.stderr)
    process.exitCode = r.code
    return
  }
  const startedAt = performance.now()
  const config = loadConfig()
  switch (command) {
    case 'start': {
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
      try {
        await migrateDatabase(database)
        await seedDemoIfEmpty(config, database)
      } catch (e) {
        await database.close()
        throw e
      }
      await serve(config, database, startedAt)
      return
    }
    case 'serve': {
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
      await serve(config, database, startedAt)
      return
    }
    case 'migrate':
      await withDatabase(config, async (d) => {
        await migrateDatabase(d)
        console.log(`Migrations applied (${d.kind}).`)
      })
      return
    case 'seed': {
      if (rest[0] === 'county') {
        await withDatabase(config, async (d) => {
          process.exitCode = await runSeedCounty(d, rest.slice(1), process, new Date())
        })
        return
      }
      if (rest[0] !== 'demo') {
        console.error(`Usage: harbour seed demo\n${SEED_COUNTY_USAGE}`)
        process.exitCode = 2
        return
      }
      await withDatabase(config, async (d) => {
        await migrateDatabase(d)
        if (!(await seedDemoIfEmpty(config, d))) {
          console.error('The database already holds data: the demo council is only loaded into an empty database.')
          process.exitCode = 1
        }
      })
      return
    }
    case 'import': {
      if (rest[0] !== 'police-notifications') {
        console.error(IMPORT_USAGE)
        process.exitCode = 2
        return
      }
      const { values, positionals } = parseArgs({ args: rest.slice(1), options: { as: { type: 'string' } }, allowPositionals: true, strict: true })
      if (positionals.length !== 1) {
        console.error(IMPORT_USAGE)
        process.exitCode = 2
        return
      }
      await withDatabase(config, async (d) => {
        process.exitCode = await runImportPoliceNotifications(d, positionals[0] as string, values.as ?? 'frontdoor', process)
      })
      return
    }
    case 'returns': {
      const sub = rest[0]
      if (sub !== 'cin-census' && sub !== 'annex-a') {
        console.error([CIN_CENSUS_USAGE, VALIDATE_CIN_USAGE, ANNEX_A_USAGE].join('\n'))
        process.exitCode = 2
        return
      }
      await withDatabase(config, async (d) => {
        process.exitCode = sub === 'cin-census' ? await runCinCensus(d, rest.slice(1), process, new Date()) : await runAnnexA(d, rest.slice(1), process, new Date())
      })
      return
    }
    case 'indicators':
      await withDatabase(config, async (d) => {
        process.exitCode = await runIndicators(d, rest, process, new Date())
      })
      return
    case 'users':
      if (rest[0] === 'add') return usersAdd(config, rest.slice(1))
      if (rest[0] === 'roles') {
        for (const [k, v] of Object.entries(ROLES)) console.log(`${k.padEnd(22)} ${v} (default scope: ${SCOPES[DEFAULT_SCOPE[k as keyof typeof ROLES]]})`)
        return
      }
      console.error('Usage: harbour users add … | harbour users roles')
      process.exitCode = 2
      return
    default:
      console.error(`Unknown command: ${command}\n`)
      console.log(HELP)
      process.exitCode = 2
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  if (e instanceof DataDirLockedError) console.error(e.message)
  else console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
