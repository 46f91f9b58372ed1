import type { Tx } from '../../db/database.ts'
import { enqueueForTeam } from '../allocation/queue.ts'

export type QueueEntry = { personId: string; teamId: string; waitingSince: Date; reason: string; sourceType: string; sourceId: string }

/**
 * Puts a child accepted on transfer into the receiving team's queue: the wait between teams starts now.
 * The allocation use case closes the row when a worker in that team is allocated.
 */
export async function queueForReceivingTeam(tx: Tx, q: QueueEntry): Promise<void> {
  await enqueueForTeam(tx, q)
}
