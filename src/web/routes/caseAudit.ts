/**
 * Case audits (issue 9): programmes, doing an audit beside the child's case, amending, moderating,
 * responding; audit tools; the learning report, its CSV and the learning summary.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { amendAudit } from '../../app/caseAudit/amendAudit.ts'
import { createProgramme, programmeForm } from '../../app/caseAudit/createProgramme.ts'
import { learningExport, learningPage, learningSummary } from '../../app/caseAudit/learning.ts'
import { moderateAudit } from '../../app/caseAudit/moderateAudit.ts'
import { reassignAudit } from '../../app/caseAudit/reassignAudit.ts'
import { respondToAudit } from '../../app/caseAudit/respondToAudit.ts'
import { saveAudit } from '../../app/caseAudit/saveAudit.ts'
import { auditToolDetail, auditTools, publishToolVersion } from '../../app/caseAudit/tools.ts'
import { auditToolFor } from '../../app/caseAudit/shared.ts'
import { viewAudit, type AuditView } from '../../app/caseAudit/viewAudit.ts'
import { auditsHome, viewProgramme } from '../../app/caseAudit/viewProgramme.ts'
import { ConflictError, NotFoundError, ValidationError, type AppContext } from '../../app/context.ts'
import { clearDraft, loadDraft } from '../../app/drafts.ts'
import { AUDIT_STATUS_LABEL, type ActionInput, type AnswerInput } from '../../domain/caseAudit/audit.ts'
import { GRADES, GRADE_LABEL, GRADE_TAG } from '../../domain/caseAudit/grades.ts'
import { CASE_STATUS_LABEL, PROGRAMME_KINDS, SAMPLE_BASES } from '../../domain/caseAudit/sample.ts'
import { allQuestions, DEFAULT_TOOL, QUESTION_KIND_LABEL, themeLabel, toolToText } from '../../domain/caseAudit/tool.ts'
import type { FieldError } from '../../domain/shared/result.ts'
import { dateFromParts, dateParts, parseBody, str, type Body } from '../forms.ts'
import { formErrors, render } from '../render.ts'
import { requestMeta } from '../session.ts'

const uuid = z.string().uuid()
const param = (req: FastifyRequest, name: string, what: string): string => {
  const p = uuid.safeParse((req.params as Record<string, string | undefined>)[name])
  if (!p.success) throw new NotFoundError(what)
  return p.data
}
const ACTION_SLOTS = [1, 2, 3]
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
/** "2026-11" → "November 2026". */
const monthLabel = (ym: string): string => `${MONTHS[Number(ym.slice(5, 7)) - 1] ?? ym.slice(5, 7)} ${ym.slice(0, 4)}`
const gradeItems = (value: unknown) => GRADES.map((g) => ({ value: g, text: GRADE_LABEL[g], checked: value === g }))
const labels = { grade: GRADE_LABEL, gradeTag: GRADE_TAG, status: AUDIT_STATUS_LABEL, kind: PROGRAMME_KINDS, basis: SAMPLE_BASES, caseStatus: CASE_STATUS_LABEL, questionKind: QUESTION_KIND_LABEL }
const dateBoxes = (b: Body, name: string) => ({ day: str(b, `${name}-day`) ?? '', month: str(b, `${name}-month`) ?? '', year: str(b, `${name}-year`) ?? '' })
const errorsFrom = (e: ValidationError | ConflictError): FieldError[] => (e instanceof ValidationError ? e.errors : [{ field: e.field, message: e.message }])

/** The answers, overall grade, findings and actions posted from the audit form. */
function auditInput(b: Body, view: Pick<AuditView, 'tool'>) {
  const answers: AnswerInput = {}
  for (const q of allQuestions(view.tool.definition)) answers[q.key] = { value: str(b, `q_${q.key}`), comment: str(b, `q_${q.key}_comment`) }
  const actions: ActionInput[] = ACTION_SLOTS.map((n) => ({ text: str(b, `action${n}Text`), ownerWorkerId: str(b, `action${n}Owner`), dueDate: dateFromParts(b, `action${n}Due`) }))
  return { answers, overallGrade: str(b, 'overallGrade'), findings: str(b, 'findings'), actions }
}

/** Form values from what is saved (first visit) — answers, overall grade, findings and draft actions. */
function savedValues(view: AuditView): Record<string, unknown> {
  const v: Record<string, unknown> = { version: String(view.audit.version), overallGrade: view.audit.overallGrade ?? '', findings: view.audit.findings ?? '' }
  for (const [key, a] of Object.entries(view.answers)) {
    v[`q_${key}`] = a.grade ?? (a.yesNo === null ? a.text ?? '' : a.yesNo ? 'yes' : 'no')
    v[`q_${key}_comment`] = a.comment ?? ''
  }
  for (const [i, a] of (view.audit.draftActions ?? []).entries()) {
    const n = i + 1
    v[`action${n}Text`] = a.text ?? ''
    v[`action${n}Owner`] = a.ownerWorkerId ?? ''
    const [y, m, d] = (a.dueDate ?? '').split('-')
    v[`action${n}Due`] = a.dueDate && a.dueDate !== 'invalid' ? { day: String(Number(d)), month: String(Number(m)), year: y } : { day: '', month: '', year: '' }
  }
  for (const n of ACTION_SLOTS) v[`action${n}Due`] ??= { day: '', month: '', year: '' }
  return v
}
const postedValues = (b: Body): Record<string, unknown> => ({ ...b, ...Object.fromEntries(ACTION_SLOTS.map((n) => [`action${n}Due`, dateBoxes(b, `action${n}Due`)])) })
const FIELD_IDS: Record<string, string> = Object.fromEntries(ACTION_SLOTS.map((n) => [`action${n}Due`, `action${n}Due-day`]))
/** Drafts (autosaved by public/app.js) are kept per user per audit, one for each of its forms. */
const draftKeys = (id: string) => ({ audit: `/case-audits/${id}`, amend: `/case-audits/${id}/amend`, moderation: `/case-audits/${id}/moderation`, response: `/case-audits/${id}/responses` })
type DraftsRestored = { audit: Date | null; moderation: Date | null; response: Date | null }

export const caseAuditRoutes = (ctx: AppContext) => async (app: FastifyInstance) => {
  // ---------------------------------------------------------------- home and programmes
  app.get('/case-audits', async (req, reply) => {
    const home = await auditsHome(ctx, requestMeta(req))
    return render(req, reply, 'case-audit/index.njk', { ...home, labels })
  })

  const showNewProgramme = async (req: FastifyRequest, reply: FastifyReply, values: Record<string, unknown>, extra: Record<string, unknown> = {}, status = 200) => {
    const data = await programmeForm(ctx, requestMeta(req))
    return render(req, reply, 'case-audit/programme-new.njk', { ...data, values, labels, ...extra }, status)
  }
  app.get('/case-audits/programmes/new', async (req, reply) => {
    const data = await programmeForm(ctx, requestMeta(req))
    const me = data.auditors.find((a) => a.userId === requestMeta(req).actor.userId)
    return showNewProgramme(req, reply, { kind: 'monthly', basis: 'team', sampleSize: '5', status: 'any', moderationPercent: '20', toolVersionId: data.tools[0]?.latestVersionId ?? '', auditorUserId: me?.userId ?? '' })
  })
  app.post('/case-audits/programmes', async (req, reply) => {
    let b: Body = {}
    try {
      b = parseBody(req, 5_000)
      const out = await createProgramme(ctx, requestMeta(req), {
        title: str(b, 'title'),
        kind: str(b, 'kind'),
        theme: str(b, 'theme'),
        month: str(b, 'month'),
        basis: str(b, 'basis'),
        teamId: str(b, 'teamId'),
        workerId: str(b, 'workerId'),
        sampleSize: str(b, 'sampleSize'),
        status: str(b, 'status'),
        minAgeDays: str(b, 'minAgeDays'),
        maxAgeDays: str(b, 'maxAgeDays'),
        personRefs: str(b, 'personRefs'),
        auditorUserId: str(b, 'auditorUserId'),
        toolVersionId: str(b, 'toolVersionId'),
        allowOwnTeam: str(b, 'allowOwnTeam'),
        moderationPercent: str(b, 'moderationPercent'),
        seed: str(b, 'seed'),
      })
      return reply.redirect(`/case-audits/programmes/${out.id}?created=${out.audits}`)
    } catch (e) {
      if (e instanceof ValidationError) return showNewProgramme(req, reply, b, formErrors(e.errors), 400)
      throw e
    }
  })
  const showProgramme = async (req: FastifyRequest, reply: FastifyReply, id: string, extra: Record<string, unknown> = {}, status = 200) => {
    const view = await viewProgramme(ctx, requestMeta(req), id)
    const q = req.query as Body
    return render(req, reply, 'case-audit/programme.njk', { ...view, labels, created: str(q, 'created') ?? null, reassigned: str(q, 'reassigned') ?? null, ...extra }, status)
  }
  app.get('/case-audits/programmes/:id', async (req, reply) => showProgramme(req, reply, param(req, 'id', 'audit programme')))

  app.post('/case-audits/:id/auditor', async (req, reply) => {
    const id = param(req, 'id', 'case audit')
    const b = parseBody(req, 200)
    const programmeId = uuid.safeParse(str(b, 'programmeId'))
    try {
      const out = await reassignAudit(ctx, requestMeta(req), id, { auditorUserId: str(b, 'auditorUserId'), version: str(b, 'version') })
      return reply.redirect(`/case-audits/programmes/${out.programmeId}?reassigned=1`)
    } catch (e) {
      if ((e instanceof ValidationError || e instanceof ConflictError) && programmeId.success) return showProgramme(req, reply, programmeId.data, formErrors(errorsFrom(e)), e instanceof ConflictError ? 409 : 400)
      throw e
    }
  })

  // ---------------------------------------------------------------- one audit
  /**
   * The audit page. On a plain GET (`restore`) the viewer's drafts of the forms they may use come back, as typed
   * (version included, so a draft of a since-changed audit is refused on save); after a refused post, what was posted does.
   */
  const showAudit = async (req: FastifyRequest, reply: FastifyReply, id: string, extra: Record<string, unknown> = {}, status = 200, restore = false) => {
    const meta = requestMeta(req)
    const view = await viewAudit(ctx, meta, id)
    const keys = draftKeys(id)
    const restored: DraftsRestored = { audit: null, moderation: null, response: null }
    if (restore) {
      const draft = view.may.edit ? await loadDraft(ctx, meta, keys.audit) : undefined
      if (draft) extra = { ...extra, values: postedValues(draft.data) }
      const moderation = view.may.moderate ? await loadDraft(ctx, meta, keys.moderation) : undefined
      if (moderation) extra = { ...extra, moderationValues: moderation.data }
      const response = view.may.respond ? await loadDraft(ctx, meta, keys.response) : undefined
      if (response) extra = { ...extra, responseValues: response.data }
      Object.assign(restored, { audit: draft?.savedAt ?? null, moderation: moderation?.savedAt ?? null, response: response?.savedAt ?? null })
    }
    if (extra.currentVersion) extra = { ...extra, values: { ...(extra.values as Record<string, unknown>), version: String(view.audit.version) } }
    const ownerItems = [{ value: '', text: 'Select who owns it' }, ...view.owners.map((o) => ({ value: o.id, text: `${o.name} (${o.role})` }))]
    const questions = allQuestions(view.tool.definition)
    // The form is not on the page once the audit is signed off (or not the viewer's): errors point at the audit.
    const errorList = extra.errorList as { text: string; href: string }[] | undefined
    if (errorList && !view.may.edit) extra = { ...extra, errorList: errorList.map((e) => (e.href.startsWith('#moderatedGrade') || e.href.startsWith('#comments') || e.href.startsWith('#response') ? e : { ...e, href: '#tool' })) }
    return render(
      req,
      reply,
      'case-audit/audit.njk',
      { ...view, ownerItems, actionSlots: ACTION_SLOTS, gradeItems, labels, themeLabel, questionCount: questions.length, values: savedValues(view), banner: str(req.query as Body, 'done') ?? null, draftKeys: keys, draftsRestored: restored, ...extra },
      status,
    )
  }
  app.get('/case-audits/:id', async (req, reply) => showAudit(req, reply, param(req, 'id', 'case audit'), {}, 200, true))

  app.post('/case-audits/:id', async (req, reply) => {
    const id = param(req, 'id', 'case audit')
    const meta = requestMeta(req)
    let b: Body = {}
    try {
      b = parseBody(req, 25_000)
      const view = { tool: await auditToolFor(ctx, meta.actor, id) }
      const mode = str(b, 'action') === 'sign_off' ? 'sign_off' : 'save'
      await saveAudit(ctx, meta, id, Number.parseInt(str(b, 'version') ?? '', 10), auditInput(b, view), mode)
      await clearDraft(ctx, meta, draftKeys(id).audit)
      return reply.redirect(`/case-audits/${id}?done=${mode === 'sign_off' ? 'signed-off' : 'saved'}`)
    } catch (e) {
      // After a conflict the form carries the version now saved, so saving again (having been told) keeps what was typed.
      if (e instanceof ValidationError || e instanceof ConflictError) return showAudit(req, reply, id, { values: postedValues(b), currentVersion: e instanceof ConflictError, ...formErrors(errorsFrom(e), FIELD_IDS) }, e instanceof ConflictError ? 409 : 400)
      throw e
    }
  })

  /** The amendment form: what was posted, else (on a GET) the viewer's draft, else the audit as saved. */
  const showAmend = async (req: FastifyRequest, reply: FastifyReply, id: string, values: Record<string, unknown> | null, extra: Record<string, unknown> = {}, status = 200) => {
    const meta = requestMeta(req)
    const view = await viewAudit(ctx, meta, id)
    const draftKey = draftKeys(id).amend
    const draft = values === null && view.may.amend ? await loadDraft(ctx, meta, draftKey) : undefined
    // After a conflict the form carries the version now saved, so saving again (having been told) keeps what was typed.
    if (values && extra.currentVersion) values = { ...values, version: String(view.audit.version) }
    return render(
      req,
      reply,
      'case-audit/amend.njk',
      { ...view, gradeItems, labels, themeLabel, values: values ?? (draft ? { ...draft.data } : savedValues(view)), draftKey: view.may.amend ? draftKey : null, draftRestoredAt: draft?.savedAt ?? null, ...extra },
      status,
    )
  }
  app.get('/case-audits/:id/amend', async (req, reply) => showAmend(req, reply, param(req, 'id', 'case audit'), null))
  app.post('/case-audits/:id/amend', async (req, reply) => {
    const id = param(req, 'id', 'case audit')
    const meta = requestMeta(req)
    let b: Body = {}
    try {
      b = parseBody(req, 25_000)
      const view = { tool: await auditToolFor(ctx, meta.actor, id) }
      const { answers, overallGrade, findings } = auditInput(b, view)
      await amendAudit(ctx, meta, id, Number.parseInt(str(b, 'version') ?? '', 10), { answers, overallGrade, findings, reason: str(b, 'reason') })
      await clearDraft(ctx, meta, draftKeys(id).amend)
      return reply.redirect(`/case-audits/${id}?done=amended`)
    } catch (e) {
      if (e instanceof ValidationError || e instanceof ConflictError) return showAmend(req, reply, id, { ...b }, { currentVersion: e instanceof ConflictError, ...formErrors(errorsFrom(e)) }, e instanceof ConflictError ? 409 : 400)
      throw e
    }
  })

  app.post('/case-audits/:id/moderation', async (req, reply) => {
    const id = param(req, 'id', 'case audit')
    const meta = requestMeta(req)
    let b: Body = {}
    try {
      b = parseBody(req, 12_000)
      await moderateAudit(ctx, meta, id, { moderatedGrade: str(b, 'moderatedGrade'), comments: str(b, 'comments') })
      await clearDraft(ctx, meta, draftKeys(id).moderation)
      return reply.redirect(`/case-audits/${id}?done=moderated`)
    } catch (e) {
      if (e instanceof ValidationError || e instanceof ConflictError) return showAudit(req, reply, id, { moderationValues: b, ...formErrors(errorsFrom(e)) }, e instanceof ConflictError ? 409 : 400)
      throw e
    }
  })

  app.post('/case-audits/:id/responses', async (req, reply) => {
    const id = param(req, 'id', 'case audit')
    const meta = requestMeta(req)
    let b: Body = {}
    try {
      b = parseBody(req, 12_000)
      await respondToAudit(ctx, meta, id, { response: str(b, 'response') })
      await clearDraft(ctx, meta, draftKeys(id).response)
      return reply.redirect(`/case-audits/${id}?done=responded#responses`)
    } catch (e) {
      if (e instanceof ValidationError) return showAudit(req, reply, id, { responseValues: b, ...formErrors(e.errors) }, 400)
      throw e
    }
  })

  // ---------------------------------------------------------------- audit tools
  app.get('/audit-tools', async (req, reply) => render(req, reply, 'case-audit/tools.njk', { ...(await auditTools(ctx, requestMeta(req))), published: str(req.query as Body, 'published') ?? null }))
  const showTool = async (req: FastifyRequest, reply: FastifyReply, toolId: string | null, values: Record<string, unknown> | null, extra: Record<string, unknown> = {}, status = 200) => {
    const meta = requestMeta(req)
    const detail = toolId ? await auditToolDetail(ctx, meta, toolId) : null
    const latest = detail?.versions[0]
    const mayManage = (await auditTools(ctx, meta)).mayManage
    return render(req, reply, 'case-audit/tool.njk', { detail, mayManage, labels, themeLabel, values: values ?? { definition: toolToText(latest?.definition ?? DEFAULT_TOOL) }, ...extra }, status)
  }
  app.get('/audit-tools/new', async (req, reply) => showTool(req, reply, null, null))
  app.get('/audit-tools/:id', async (req, reply) => showTool(req, reply, param(req, 'id', 'audit tool'), null, { published: str(req.query as Body, 'published') ?? null }))
  const publish = async (req: FastifyRequest, reply: FastifyReply, toolId: string | null) => {
    let b: Body = {}
    try {
      b = parseBody(req, 50_000)
      const out = await publishToolVersion(ctx, requestMeta(req), { toolId: toolId ?? undefined, name: str(b, 'name'), description: str(b, 'description'), definition: str(b, 'definition') })
      return reply.redirect(`/audit-tools/${out.toolId}?published=${out.version}`)
    } catch (e) {
      if (e instanceof ValidationError) return showTool(req, reply, toolId, b, formErrors(e.errors), 400)
      throw e
    }
  }
  app.post('/audit-tools', async (req, reply) => publish(req, reply, null))
  app.post('/audit-tools/:id/versions', async (req, reply) => publish(req, reply, param(req, 'id', 'audit tool')))

  // ---------------------------------------------------------------- learning
  const learningQuery = (req: FastifyRequest) => {
    const q = req.query as Body
    return { from: dateFromParts(q, 'from'), to: dateFromParts(q, 'to'), teamId: str(q, 'teamId'), kind: str(q, 'kind') }
  }
  app.get('/audit-learning', async (req, reply) => {
    const q = req.query as Body
    try {
      const page = await learningPage(ctx, requestMeta(req), learningQuery(req))
      // The boxes show the period in force (a year to today unless chosen).
      return render(req, reply, 'case-audit/learning.njk', { ...page, labels, grades: GRADES, monthLabel, query: new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => typeof e[1] === 'string')).toString(), fromBoxes: dateParts(page.from), toBoxes: dateParts(page.to) })
    } catch (e) {
      if (e instanceof ValidationError) {
        const page = await learningPage(ctx, requestMeta(req), {})
        return render(req, reply, 'case-audit/learning.njk', { ...page, labels, grades: GRADES, monthLabel, query: '', fromBoxes: dateBoxes(q, 'from'), toBoxes: dateBoxes(q, 'to'), ...formErrors(e.errors, { from: 'from-day', to: 'to-day' }) }, 400)
      }
      throw e
    }
  })
  app.get('/audit-learning.csv', async (req, reply) => {
    const out = await learningExport(ctx, requestMeta(req), learningQuery(req))
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${out.filename}"`).send(out.csv)
  })
  app.get('/audit-learning/summary', async (req, reply) => render(req, reply, 'case-audit/summary.njk', { ...(await learningSummary(ctx, requestMeta(req))), labels, grades: GRADES }))
}
