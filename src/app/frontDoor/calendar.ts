import { WorkingDayCalendar } from '../../domain/calendar/workingDays.ts'
import type { Executor } from '../../db/database.ts'
import { closureDays } from '../../db/repositories/frontDoor.ts'

/** England & Wales working days plus the council's own closure days. */
export async function loadCalendar(db: Executor): Promise<WorkingDayCalendar> {
  return new WorkingDayCalendar({ closureDays: await closureDays(db) })
}
