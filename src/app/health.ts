import { pingDatabase } from '../db/repositories/health.ts'
import type { AppContext } from './context.ts'

export async function checkHealth(ctx: AppContext): Promise<void> {
  await pingDatabase(ctx.database.db)
}
