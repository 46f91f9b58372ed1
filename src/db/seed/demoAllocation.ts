import type { Tx } from '../database.ts'
import type { DemoCaseworkContext } from './demoCasework.ts'

/** Demo data for this stage: see demoCasework.ts. */
export async function seedDemoAllocation(_tx: Tx, _demo: DemoCaseworkContext): Promise<Record<string, number>> {
  return {}
}
