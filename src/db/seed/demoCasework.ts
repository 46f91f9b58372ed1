/**
 * The demo council's casework after the front door: assessments, management oversight and closures,
 * allocation and waiting lists, transfers, supervision, child protection and children in need. Runs after
 * seedDemoCouncil, in one transaction, reading what that wrote (in a fixed order) so it is as deterministic as the rest of the demo.
 * Each stage lives in its own file and returns counts for the summary.
 */
import type { Tx } from '../database.ts'
import { Rng } from './rng.ts'
import { seedDemoAssessments } from './demoAssessments.ts'
import { seedDemoOversight } from './demoOversight.ts'
import { seedDemoAllocation } from './demoAllocation.ts'
import { seedDemoTransfers } from './demoTransfers.ts'
import { seedDemoSupervision } from './demoSupervision.ts'
import { seedDemoChildProtection } from './demoChildProtection.ts'
import { seedDemoCensus } from './demoCensus.ts'
import { seedDemoIndicators } from './demoIndicators.ts'

export type DemoCaseworkContext = {
  /** The demo's "today" (YYYY-MM-DD, London). */
  today: string
  /** A fresh deterministic random stream for each stage. */
  rng: (stage: string) => Rng
  /** user_account.id by demo username (socialworker, teammanager, …). */
  userId: (username: string) => string
}

export type DemoStage = (tx: Tx, demo: DemoCaseworkContext) => Promise<Record<string, number>>

const STAGES: readonly [string, DemoStage][] = [
  ['assessments', seedDemoAssessments],
  ['oversight', seedDemoOversight],
  ['allocation', seedDemoAllocation],
  ['transfers', seedDemoTransfers],
  ['supervision', seedDemoSupervision],
  // After allocation and transfers: plans use each child's allocated worker.
  ['childProtection', seedDemoChildProtection],
  // Last: the CIN census details of every child in need (issue 7), without changing the stages above.
  ['census', seedDemoCensus],
  // The dashboard's child population and comparators (issue 8).
  ['indicators', seedDemoIndicators],
]

function stageSeed(seed: number, stage: string): number {
  let h = seed >>> 0
  for (const ch of stage) h = (Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0) ^ (h >>> 13)
  return h >>> 0
}

export async function seedDemoCasework(tx: Tx, opts: { today: string; seed: number; userIds: ReadonlyMap<string, string> }): Promise<Record<string, Record<string, number>>> {
  const demo: DemoCaseworkContext = {
    today: opts.today,
    rng: (stage) => new Rng(stageSeed(opts.seed, stage)),
    userId: (username) => {
      const id = opts.userIds.get(username)
      if (!id) throw new Error(`No demo user ${username}`)
      return id
    },
  }
  const summary: Record<string, Record<string, number>> = {}
  for (const [name, stage] of STAGES) summary[name] = await stage(tx, demo)
  return summary
}
