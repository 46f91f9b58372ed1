import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ValidationError, today, type AppContext } from '../../app/context.ts'
import { ComparatorCsvInvalid, listComparators, loadComparatorsCsv, saveComparator, type IndicatorComparators } from '../../app/indicators/comparators.ts'
import { setChildPopulation, viewChildPopulation } from '../../app/indicators/population.ts'
import { can } from '../../domain/access/roles.ts'
import { COMPARATOR_CSV_EXAMPLE, COMPARATOR_CSV_MAX_BYTES, COMPARATOR_CSV_MAX_ROWS, COMPARATOR_KINDS, COMPARATOR_KIND_LABEL, dfeYearOf, type IndicatorScale } from '../../domain/indicators/comparators.ts'
import type { FieldError } from '../../domain/shared/result.ts'
import { parseBody, str, type Body } from '../forms.ts'
import { formErrors, render } from '../render.ts'
import { requestMeta } from '../session.ts'

const PAGE = '/dashboard/comparators'
/** The error summary lists this many of a file's problems; the full list is under the box. */
const SUMMARY_PROBLEMS = 20

const SCALE_TEXT: Record<IndicatorScale, string> = { percent: 'a percentage, 0 to 100', rate_per_10000: 'a rate per 10,000 children', count: 'a number, 0 or more' }
const NUMBER = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 4 })
const formatValue = (scale: IndicatorScale, v: number): string => (scale === 'percent' ? `${NUMBER.format(v)}%` : scale === 'rate_per_10000' ? `${NUMBER.format(v)} per 10,000` : NUMBER.format(v))

/** One indicator's comparators as a table: a row per year, a column per kind. */
function comparatorTable(i: IndicatorComparators) {
  const years = [...new Set(i.comparators.map((c) => c.year))]
  return {
    id: i.id,
    title: i.title,
    years: years.map((year) => ({
      year,
      cells: COMPARATOR_KINDS.map((kind) => {
        const c = i.comparators.find((x) => x.year === year && x.kind === kind)
        return c ? { value: formatValue(i.scale, c.value), source: c.source } : null
      }),
    })),
  }
}

type FormState = {
  form?: 'comparator' | 'csv' | 'population'
  errors?: FieldError[]
  values?: Body
  csvProblems?: { row: number; field: string; message: string }[]
}

const POPULATION_FIELDS: Record<string, string> = { populationYear: 'year', populationChildren: 'children', populationSource: 'source' }

/** The success banner, from the query string of the redirect after a change. */
function banner(q: Body): string | null {
  const n = (k: string) => {
    const v = Number.parseInt(str(q, k) ?? '', 10)
    return Number.isFinite(v) && v >= 0 ? v : 0
  }
  const saved = str(q, 'saved')
  if (saved === 'added') return 'Comparator added'
  if (saved === 'replaced') return 'Comparator replaced: the value it had before is kept in the audit log'
  if (saved === 'unchanged') return 'That comparator already had this value and source: nothing was changed'
  if (saved === 'population') return 'Child population saved: rates per 10,000 children use it from now on'
  if (saved === 'csv') {
    const rows = n('rows')
    return `CSV loaded: ${rows} ${rows === 1 ? 'row' : 'rows'} — ${n('added')} added, ${n('replaced')} replaced, ${n('unchanged')} unchanged`
  }
  return null
}

/** Comparators (national, statistical neighbours, target) and the council's child population. */
export const indicatorSettingsRoutes = (ctx: AppContext) => async (app: FastifyInstance) => {
  const show = async (req: FastifyRequest, reply: FastifyReply, state: FormState, status = 200) => {
    const meta = requestMeta(req)
    const indicators = await listComparators(ctx, meta)
    const population = await viewChildPopulation(ctx, meta)
    const currentYear = dfeYearOf(today(ctx))
    const values = state.form === 'comparator' ? (state.values ?? {}) : {}
    const popValues =
      state.form === 'population'
        ? { year: str(state.values ?? {}, 'populationYear'), children: str(state.values ?? {}, 'populationChildren'), source: str(state.values ?? {}, 'populationSource') }
        : { year: population?.year ?? currentYear, children: population ? String(population.children) : '', source: population?.source ?? '' }
    const errs = state.errors ?? []
    const fieldIds: Record<string, string> =
      state.form === 'population' ? { year: 'populationYear', children: 'populationChildren', source: 'populationSource' } : state.form === 'csv' ? { csv: 'csv' } : {}
    const summary = state.form === 'csv' && errs.length > SUMMARY_PROBLEMS ? [...errs.slice(0, SUMMARY_PROBLEMS), { field: 'csv', message: `and ${errs.length - SUMMARY_PROBLEMS} more problems: every one is listed under the box` }] : errs
    const fe = formErrors(summary, fieldIds)
    const csvProblems = state.csvProblems ?? []
    const csvRows = new Set(csvProblems.map((p) => p.row)).size
    return render(
      req,
      reply,
      'indicators/comparators.njk',
      {
        withComparators: indicators.filter((i) => i.comparators.length).map(comparatorTable),
        without: indicators.filter((i) => !i.comparators.length),
        indicators: indicators.map((i) => ({ id: i.id, title: i.title, scale: SCALE_TEXT[i.scale] })),
        kinds: COMPARATOR_KINDS.map((k) => ({ value: k, text: COMPARATOR_KIND_LABEL[k] })),
        indicatorItems: [{ value: '', text: 'Select an indicator' }, ...indicators.map((i) => ({ value: i.id, text: i.title, selected: i.id === str(values, 'indicator') }))],
        kindItems: [{ value: '', text: 'Select a kind' }, ...COMPARATOR_KINDS.map((k) => ({ value: k, text: COMPARATOR_KIND_LABEL[k], selected: k === str(values, 'kind') }))],
        values,
        popValues,
        csvText: state.form === 'csv' ? (str(state.values ?? {}, 'csv') ?? '') : '',
        csvProblems,
        csvMessage: state.form === 'csv' && errs.length ? (csvProblems.length ? `The file has ${csvProblems.length} ${csvProblems.length === 1 ? 'problem' : 'problems'} in ${csvRows} ${csvRows === 1 ? 'row' : 'rows'}: nothing was saved. Correct the rows listed below and load it again` : errs[0]?.message) : undefined,
        csvExample: COMPARATOR_CSV_EXAMPLE,
        csvMaxRows: COMPARATOR_CSV_MAX_ROWS.toLocaleString('en-GB'),
        csvMaxMb: COMPARATOR_CSV_MAX_BYTES / 1024 / 1024,
        currentYear,
        population: population && { ...population, childrenText: NUMBER.format(population.children) },
        canManage: can(meta.actor, 'indicators:manage'),
        banner: banner((req.query ?? {}) as Body),
        errorList: fe.errorList,
        comparatorErrors: state.form === 'comparator' ? fe.errors : {},
        populationErrors: state.form === 'population' ? fe.errors : {},
      },
      status,
    )
  }

  app.get(PAGE, async (req, reply) => show(req, reply, {}))

  app.post(PAGE, async (req, reply) => {
    let b: Body = {}
    try {
      b = parseBody(req, 1_000)
      const { outcome } = await saveComparator(ctx, requestMeta(req), { indicator: str(b, 'indicator'), kind: str(b, 'kind'), year: str(b, 'year'), value: str(b, 'value'), source: str(b, 'source') })
      return reply.redirect(`${PAGE}?saved=${outcome}`)
    } catch (e) {
      if (e instanceof ValidationError) return show(req, reply, { form: 'comparator', errors: e.errors, values: b }, 400)
      throw e
    }
  })

  app.post(`${PAGE}/csv`, async (req, reply) => {
    // The form body is at most 1 MB (the server's limit), so the pasted file may be as long.
    let b: Body = {}
    try {
      b = parseBody(req, COMPARATOR_CSV_MAX_BYTES)
      const r = await loadComparatorsCsv(ctx, requestMeta(req), str(b, 'csv') ?? '')
      return reply.redirect(`${PAGE}?saved=csv&rows=${r.rows}&added=${r.added}&replaced=${r.replaced}&unchanged=${r.unchanged}`)
    } catch (e) {
      if (e instanceof ComparatorCsvInvalid) return show(req, reply, { form: 'csv', errors: e.errors, values: b, csvProblems: e.rowErrors }, 400)
      if (e instanceof ValidationError) return show(req, reply, { form: 'csv', errors: e.errors.map((x) => ({ ...x, field: 'csv' })), values: b }, 400)
      throw e
    }
  })

  app.post(`${PAGE}/population`, async (req, reply) => {
    let b: Body = {}
    try {
      b = parseBody(req, 1_000)
      await setChildPopulation(ctx, requestMeta(req), { year: str(b, 'populationYear'), children: str(b, 'populationChildren'), source: str(b, 'populationSource') })
      return reply.redirect(`${PAGE}?saved=population`)
    } catch (e) {
      // An answer refused as too long by parseBody names the form's field; the page keys errors by the use case's.
      const field = (f: string) => POPULATION_FIELDS[f] ?? f
      if (e instanceof ValidationError) return show(req, reply, { form: 'population', errors: e.errors.map((x) => ({ ...x, field: field(x.field) })), values: b }, 400)
      throw e
    }
  })
}
