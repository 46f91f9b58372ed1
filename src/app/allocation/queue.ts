/**
 * The team queue: a child waiting for a worker in a team (after a referral is accepted, a transfer is
 * accepted, or their worker's allocation ends with no one new). Allocation closes the row.
 */
import type { Tx } from '../../db/database.ts'
import { insertQueueRowIfNotWaiting } from '../../db/repositories/allocation.ts'

/** Puts the child in the team's queue. Idempotent: if the child already waits, the earlier row is kept. */
export async function enqueueForTeam(tx: Tx, e: { personId: string; teamId: string; waitingSince: Date; reason: string; sourceType?: string; sourceId?: string }): Promise<void> {
  await insertQueueRowIfNotWaiting(tx, { personId: e.personId, teamId: e.teamId, waitingSince: e.waitingSince, reason: e.reason, sourceType: e.sourceType ?? null, sourceId: e.sourceId ?? null })
}
