/**
 * Statutory returns (issue 7): the CIN census for a collection year and Ofsted Annex A, checked and
 * downloaded by analysts; and the data-quality list of every record that would fail a CIN census rule.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ValidationError, today, type AppContext } from '../../app/context.ts'
import { generateAnnexA } from '../../app/returns/annexA.ts'
import { generateCinCensus, type CinCensusResult } from '../../app/returns/cinCensus.ts'
import { dataQualityReport, ruleOf } from '../../app/returns/dataQuality.ts'
import { requireCapability } from '../../app/people/access.ts'
import { collectionYearOf } from '../../domain/returns/cinCensus/build.ts'
import { CIN_RULES } from '../../domain/returns/cinCensus/rules.ts'
import { addCalendarMonths, addDays } from '../../domain/calendar/days.ts'
import { dateFromParts, parseBody, str, type Body } from '../forms.ts'
import { formErrors, render } from '../render.ts'
import { requestMeta } from '../session.ts'
import { fixLinkFor } from '../presenters/dataQuality.ts'

const parts = (iso: string) => ({ day: String(Number(iso.slice(8, 10))), month: String(Number(iso.slice(5, 7))), year: iso.slice(0, 4) })

/** The census years an analyst can choose: the one in progress and the three before it. */
function censusYears(todayIso: string) {
  const current = collectionYearOf(todayIso)
  return [current, current - 1, current - 2, current - 3].map((y) => ({ year: y, text: `${y - 1} to ${String(y).slice(2)} (1 April ${y - 1} to 31 March ${y})${y === current ? ', in progress' : ''}` }))
}

/** The first failures of each rule, so a return with thousands of failures still reads as a short list. */
function failureSummary(r: CinCensusResult) {
  const byRule = new Map<string, { rule: string; severity: string; description: string; count: number; examples: { laChildId: string; field: string; message: string }[] }>()
  for (const f of r.failures) {
    const e = byRule.get(f.rule) ?? { rule: f.rule, severity: f.severity, description: ruleOf(f.rule)?.description ?? '', count: 0, examples: [] }
    e.count++
    if (e.examples.length < 5) e.examples.push({ laChildId: f.laChildId ?? '', field: f.field, message: f.message })
    byRule.set(f.rule, e)
  }
  const rules = [...byRule.values()].sort((a, b) => (a.severity === b.severity ? b.count - a.count : a.severity === 'error' ? -1 : 1))
  return { rules, errors: r.failures.filter((f) => f.severity === 'error').length, queries: r.failures.filter((f) => f.severity === 'query').length }
}

export const returnsRoutes = (ctx: AppContext) => async (app: FastifyInstance) => {
  const page = (req: FastifyRequest, reply: FastifyReply, data: Record<string, unknown>, status = 200) => {
    const t = today(ctx)
    const to = addDays(t, -1)
    const from = addDays(addCalendarMonths(to, -6), 1)
    const values = { year: String(collectionYearOf(t) - 1), la: '', ...Object.fromEntries([...Object.entries(parts(from)).map(([k, v]) => [`from-${k}`, v]), ...Object.entries(parts(to)).map(([k, v]) => [`to-${k}`, v])]) }
    return render(req, reply, 'returns/index.njk', { years: censusYears(t), ...data, values: { ...values, ...((data.values as object) ?? {}) } }, status)
  }

  app.get('/returns', async (req, reply) => {
    requireCapability(requestMeta(req).actor, 'returns:generate')
    return page(req, reply, {})
  })

  app.post('/returns/cin-census', async (req, reply) => {
    const meta = requestMeta(req)
    requireCapability(meta.actor, 'returns:generate')
    const b = parseBody(req)
    const input = { year: str(b, 'year') ?? '', la: (str(b, 'la') ?? '').trim() }
    try {
      const result = await generateCinCensus(ctx, meta, input)
      if (str(b, 'action') === 'download') {
        return reply
          .header('content-type', 'application/xml; charset=utf-8')
          .header('content-disposition', `attachment; filename="${result.fileName}"`)
          .header('cache-control', 'no-store')
          .send(result.xml)
      }
      return page(req, reply, { census: { year: Number(input.year), la: input.la, children: result.children, episodes: result.episodes, fileName: result.fileName, ...failureSummary(result) }, values: input })
    } catch (e) {
      if (e instanceof ValidationError) return page(req, reply, { values: input, ...formErrors(e.errors, { year: 'year', la: 'la' }) }, 400)
      throw e
    }
  })

  app.post('/returns/annex-a', async (req, reply) => {
    const meta = requestMeta(req)
    requireCapability(meta.actor, 'returns:generate')
    const b: Body = parseBody(req)
    const from = dateFromParts(b, 'from') ?? ''
    const to = dateFromParts(b, 'to') ?? ''
    try {
      const result = await generateAnnexA(ctx, meta, { from, to })
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${result.fileName}"`)
        .header('cache-control', 'no-store')
        .send(result.workbook)
    } catch (e) {
      if (e instanceof ValidationError) {
        const typed = Object.fromEntries(['from-day', 'from-month', 'from-year', 'to-day', 'to-month', 'to-year'].map((k) => [k, str(b, k) ?? '']))
        return page(req, reply, { values: typed, ...formErrors(e.errors, { from: 'from-day', to: 'to-day' }) }, 400)
      }
      throw e
    }
  })

  app.get('/data-quality', async (req, reply) => {
    const meta = requestMeta(req)
    const raw = (req.query ?? {}) as Record<string, string | string[] | undefined>
    const q = (k: string) => {
      const v = raw[k]
      const s = (Array.isArray(v) ? v[0] : v)?.slice(0, 100).trim()
      return s ? s : undefined
    }
    const filter = { rule: q('rule'), teamId: q('team'), workerId: q('worker'), severity: q('severity') }
    const uuidLike = /^[0-9a-f-]{36}$/i
    if (filter.teamId && !uuidLike.test(filter.teamId)) filter.teamId = undefined
    if (filter.workerId && !uuidLike.test(filter.workerId)) filter.workerId = undefined
    try {
      const report = await dataQualityReport(ctx, meta, filter)
      return render(req, reply, 'returns/data-quality.njk', {
        report,
        filter,
        rules: CIN_RULES,
        rows: report.issues.map((i) => ({ ...i, fix: fixLinkFor(i) })),
      })
    } catch (e) {
      if (e instanceof ValidationError) {
        const report = await dataQualityReport(ctx, meta, {})
        return render(req, reply, 'returns/data-quality.njk', { report, filter: {}, rules: CIN_RULES, rows: report.issues.map((i) => ({ ...i, fix: fixLinkFor(i) })), ...formErrors(e.errors) }, 400)
      }
      throw e
    }
  })
}
