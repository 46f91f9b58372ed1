/**
 * The demo council's CIN census details (issue 7): what a council's record would hold for every child
 * in need by the time of the census — a disability answer ('No disability' when none), an ethnicity
 * ('not yet obtained' when the family has not said), and for school-age children a unique pupil number or
 * the reason there is none. Runs last, with its own random stream, so the earlier stages are unchanged.
 */
import { sql } from 'drizzle-orm'
import type { Tx } from '../database.ts'
import { addCalendarMonths } from '../../domain/calendar/days.ts'
import { collectionPeriod, collectionYearOf } from '../../domain/returns/cinCensus/build.ts'
import { upnCheckLetter } from '../../domain/people/identifiers.ts'
import type { DemoCaseworkContext } from './demoCasework.ts'

export async function seedDemoCensus(tx: Tx, demo: DemoCaseworkContext): Promise<Record<string, number>> {
  const rng = demo.rng('census')
  // Children known to children's social care: anyone with a referral.
  const inNeed = sql`p.id in (select person_id from referral)`
  const none = await tx.execute(sql`update person p set disabilities = '{NONE}' where ${inNeed} and not p.is_unborn and cardinality(p.disabilities) = 0`)
  const ethnicity = await tx.execute(sql`update person p set ethnicity_code = 'NOBT' where ${inNeed} and p.ethnicity_code is null`)

  // School age: at least 4 (a UPN is given at school entry); CIN census 8770Q asks for a UPN or UN2–UN7.
  const fourYearsAgo = addCalendarMonths(demo.today, -48)
  const missing = (
    await tx.execute(sql`select p.id, extract(year from p.date_of_birth)::int as born from person p
                          where ${inNeed} and p.upn is null and p.upn_unknown_reason is null and p.date_of_birth <= ${fourYearsAgo}::date
                          order by p.person_ref`)
  ).rows as { id: string; born: number }[]
  const used = new Set(((await tx.execute(sql`select upn from person where upn is not null`)).rows as { upn: string }[]).map((r) => r.upn))
  let upns = 0
  let reasons = 0
  for (const c of missing) {
    if (rng.chance(0.9)) {
      // 886 (the LA code the demo uses), a 4-digit establishment, the 2-digit year of entry and a serial.
      let upn = ''
      for (let tries = 0; tries < 100 && (upn === '' || used.has(upn)); tries++) {
        const body = `886${rng.int(2000, 4999)}${String((c.born + 5) % 100).padStart(2, '0')}${String(rng.int(100, 999))}`
        upn = `${upnCheckLetter(body) ?? ''}${body}`
      }
      used.add(upn)
      await tx.execute(sql`update person set upn = ${upn} where id = ${c.id}`)
      upns++
    } else {
      // UN2 never attended a state school in England; UN3 educated outside England; UN4 newly arrived.
      await tx.execute(sql`update person set upn_unknown_reason = ${rng.pick(['UN2', 'UN3', 'UN4'] as const)} where id = ${c.id}`)
      reasons++
    }
  }
  // The primary need recorded at the referral where no assessment has (yet) recorded one (CIN census 8610).
  // Referrals that closed with nothing started on them are "no further action": no primary need.
  const needless = (
    await tx.execute(sql`select r.id from referral r
                          where r.primary_need_code is null and not exists (select 1 from assessment a where a.referral_id = r.id)
                            and (r.closed_on is null or exists (select 1 from section47_enquiry s where s.referral_id = r.id) or exists (select 1 from cin_plan c where c.referral_id = r.id))
                          order by r.referral_ref`)
  ).rows as { id: string }[]
  for (const r of needless) {
    const code = rng.weighted([['N1', 45], ['N2', 5], ['N3', 6], ['N4', 14], ['N5', 20], ['N6', 4], ['N8', 3], ['N9', 3]] as const)
    await tx.execute(sql`update referral set primary_need_code = ${code} where id = ${r.id}`)
  }

  // Each census year has a child with more than one disability (2888Q queries a return without one).
  const current = collectionYearOf(demo.today)
  let multiple = 0
  for (let year = current - 4; year <= current; year++) {
    const { start, end } = collectionPeriod(year)
    const inYear = sql`p.id in (select person_id from referral where referral_date <= ${end}::date and (closed_on is null or closed_on >= ${start}::date))`
    const has = (await tx.execute(sql`select 1 from person p where ${inYear} and cardinality(p.disabilities) > 1 limit 1`)).rows.length > 0
    if (has) continue
    const pick = (
      await tx.execute(sql`select p.id from person p where ${inYear} and not p.is_unborn and p.disabilities = '{NONE}' and p.date_of_birth <= ${addCalendarMonths(end, -60)}::date order by p.person_ref limit 1`)
    ).rows[0] as { id: string } | undefined
    if (!pick) continue
    await tx.execute(sql`update person set disabilities = string_to_array(${rng.pick(['COMM,LD', 'AUT,BEH', 'HEAR,COMM'] as const)}, ',') where id = ${pick.id}`)
    multiple++
  }
  return { primaryNeedAtReferral: needless.length, moreThanOneDisability: multiple, noDisabilityRecorded: none.rowCount ?? 0, ethnicityNotYetObtained: ethnicity.rowCount ?? 0, upnsAdded: upns, upnUnknownReasons: reasons }
}
