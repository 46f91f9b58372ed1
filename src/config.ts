import path from 'node:path'
import { z } from 'zod'

/** Runtime configuration, read once from the environment and validated so a bad value fails fast. */
const schema = z.object({
  DATABASE_URL: z.string().url().optional(),
  HARBOUR_DATA_DIR: z.string().min(1).default('./data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  HARBOUR_DEMO_PASSWORD: z.string().min(8).default('harbour-demo-2026'),
  HARBOUR_IDLE_TIMEOUT_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  HARBOUR_SECURE_COOKIES: z.enum(['true', 'false']).default('false'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  /** Sign-in attempts per IP per minute (raised by the load bench, which signs in many users from loopback). */
  HARBOUR_SIGN_IN_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(10),
})

export type Config = {
  databaseUrl: string | undefined
  dataDir: string
  port: number
  host: string
  demoPassword: string
  idleTimeoutMinutes: number
  secureCookies: boolean
  logLevel: string
  signInRateLimit: number
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Harbour's configuration is not valid:\n${lines.join('\n')}`)
  }
  const c = parsed.data
  return {
    databaseUrl: c.DATABASE_URL,
    dataDir: path.resolve(c.HARBOUR_DATA_DIR),
    port: c.PORT,
    host: c.HOST,
    demoPassword: c.HARBOUR_DEMO_PASSWORD,
    idleTimeoutMinutes: c.HARBOUR_IDLE_TIMEOUT_MINUTES,
    secureCookies: c.HARBOUR_SECURE_COOKIES === 'true',
    logLevel: c.LOG_LEVEL,
    signInRateLimit: c.HARBOUR_SIGN_IN_RATE_LIMIT,
  }
}
