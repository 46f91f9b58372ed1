import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import type { Database } from './database.ts'
import { ensureBuiltInAuditTool } from './repositories/caseAudit.ts'

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations')

/**
 * Applies the committed SQL migrations in order (already-applied ones are skipped), then adds the reference
 * data every council needs that is defined in code: the built-in case audit tool.
 */
export async function migrateDatabase(database: Database): Promise<void> {
  await migrate(database.db, { migrationsFolder })
  await ensureBuiltInAuditTool(database.db, new Date())
}
