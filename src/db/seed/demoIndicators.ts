/**
 * The demo council's management-information settings (issue 8): its 0–17 child population, for rates per
 * 10,000, and a few comparators an analyst would have entered. Fictional council, illustrative figures.
 */
import type { Tx } from '../database.ts'
import { councilSetting, indicatorComparator } from '../schema.ts'
import { collectionYearOf } from '../../domain/returns/cinCensus/build.ts'
import type { DemoCaseworkContext } from './demoCasework.ts'

export async function seedDemoIndicators(tx: Tx, demo: DemoCaseworkContext): Promise<Record<string, number>> {
  const analyst = demo.userId('analyst')
  const y = collectionYearOf(demo.today)
  const year = (end: number) => `${end - 1}-${String(end).slice(2)}`
  await tx.insert(councilSetting).values({ key: 'child_population', value: { year: year(y), children: 41800, source: 'Illustrative mid-year estimate for the demo council' }, updatedBy: analyst })
  const rows: { indicatorId: string; kind: string; year: string; value: string; source: string }[] = []
  for (const end of [y - 1, y]) {
    rows.push(
      { indicatorId: 'contacts_decided_in_1wd', kind: 'target', year: year(end), value: '90', source: 'Council target' },
      { indicatorId: 'assessments_in_timescale', kind: 'target', year: year(end), value: '85', source: 'Council target' },
      { indicatorId: 'assessments_in_timescale', kind: 'national', year: year(end), value: '82', source: 'Illustrative figure for the demo' },
      { indicatorId: 're_referrals_12m', kind: 'national', year: year(end), value: '22', source: 'Illustrative figure for the demo' },
      { indicatorId: 'icpcs_in_15wd', kind: 'statistical_neighbours', year: year(end), value: '78', source: 'Illustrative figure for the demo' },
      { indicatorId: 'cp_visits_in_timescale', kind: 'target', year: year(end), value: '95', source: 'Council target' },
    )
  }
  await tx.insert(indicatorComparator).values(rows.map((r) => ({ ...r, createdBy: analyst })))
  return { comparators: rows.length }
}
