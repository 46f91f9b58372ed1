import { clearDraft, loadDraft } from '../../app/drafts.ts'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { ValidationError, type AppContext } from '../../app/context.ts'
import { listPartnerReferrals, partnerReferralDefaults, submitPartnerReferral, viewPartnerReferral } from '../../app/frontDoor/partnerReferral.ts'
import { CONSENT, FEEDBACK_METHOD, PARENTS_AWARE } from '../../domain/frontDoor/codes.ts'
import { PARTNER_AGENCY_TYPE, type PartnerReferralInput } from '../../domain/frontDoor/partnerReferral.ts'
import { formErrors, render } from '../render.ts'
import { requestMeta } from '../session.ts'
import { dateFromParts } from '../forms.ts'

/** Every field has a ceiling so a pasted novel is refused with a message, not stored. */
const body = z.record(z.string().max(20_000))
const idParams = z.object({ id: z.string().uuid() })

type Body = Record<string, string | undefined>

function parseBody(req: FastifyRequest): Body {
  const parsed = body.safeParse(req.body ?? {})
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? 'body')
    throw new ValidationError([{ field, message: 'This answer is too long' }])
  }
  return parsed.data
}

const FIELDS = [
  'childGivenNames', 'childFamilyName', 'childAddressLine1', 'childAddressLine2', 'childAddressTown', 'childAddressPostcode', 'childSchool',
  'concern', 'immediateSafety', 'parentsAware', 'consent', 'noConsentReason',
  'referrerName', 'referrerRole', 'referrerAgency', 'agencyType', 'referrerPhone', 'referrerEmail',
] as const

function inputFrom(b: Body): PartnerReferralInput {
  const input: PartnerReferralInput = { childDateOfBirth: dateFromParts(b, 'childDateOfBirth') }
  for (const f of FIELDS) input[f] = b[f]
  return input
}

/** A draft holds what the form posted; this form has one value per field. */
const firstValues = (d: Record<string, string | string[]>): Body => Object.fromEntries(Object.entries(d).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]))

function formValues(b: Body): Record<string, unknown> {
  const v: Record<string, unknown> = {}
  for (const f of FIELDS) v[f] = b[f] ?? ''
  v.childDateOfBirth = { day: b['childDateOfBirth-day'] ?? '', month: b['childDateOfBirth-month'] ?? '', year: b['childDateOfBirth-year'] ?? '' }
  return v
}

/** Error links go to the first box of a date and the first option of radios, as the Design System asks. */
const FIELD_IDS = { childDateOfBirth: 'childDateOfBirth-day' }

const options = {
  agencyType: [{ value: '', text: 'Select the type of organisation' }, ...Object.entries(PARTNER_AGENCY_TYPE).map(([value, a]) => ({ value, text: a.label }))],
  parentsAware: Object.entries(PARENTS_AWARE).map(([value, text]) => ({ value, text })),
  consent: [
    { value: 'given', text: 'Yes, they consent to this referral' },
    { value: 'not_given', text: 'No, they do not consent' },
    { value: 'not_sought', text: 'I have not asked them' },
  ] satisfies { value: keyof typeof CONSENT; text: string }[],
}

/**
 * The partner portal: the multi-agency referral form, its acknowledgement, and the partner's own
 * referrals with where each stands. Partners see their own submissions and nothing else.
 */
export const partnerRoutes = (ctx: AppContext) => async (app: FastifyInstance) => {
  const contactId = (req: FastifyRequest): string => {
    const p = idParams.safeParse(req.params)
    // Not a referral id: the use case answers "not found" for anything that is not the partner's own.
    return p.success ? p.data.id : ''
  }

  app.get('/partner', async (_req, reply) => reply.redirect('/partner/referrals'))

  app.get('/partner/referrals', async (req, reply) => {
    const referrals = await listPartnerReferrals(ctx, requestMeta(req))
    return render(req, reply, 'partner/referrals.njk', { referrals })
  })

  app.get('/partner/referrals/new', async (req, reply) => {
    const meta = requestMeta(req)
    const defaults = await partnerReferralDefaults(ctx, meta)
    const draft = await loadDraft(ctx, meta, '/partner/referrals/new')
    return render(req, reply, 'partner/referral-form.njk', { values: formValues(draft ? firstValues(draft.data) : { referrerName: defaults.referrerName, referrerAgency: defaults.referrerAgency }), draftRestoredAt: draft?.savedAt, options })
  })

  app.post('/partner/referrals', async (req, reply) => {
    const meta = requestMeta(req)
    const b = parseBody(req)
    try {
      const out = await submitPartnerReferral(ctx, meta, inputFrom(b))
      await clearDraft(ctx, meta, '/partner/referrals/new')
      return reply.redirect(`/partner/referrals/${out.id}/sent`, 303)
    } catch (e) {
      if (e instanceof ValidationError) return render(req, reply, 'partner/referral-form.njk', { values: formValues(b), options, ...formErrors(e.errors, FIELD_IDS) }, 400)
      throw e
    }
  })

  app.get('/partner/referrals/:id/sent', async (req, reply) => {
    const referral = await viewPartnerReferral(ctx, requestMeta(req), contactId(req))
    return render(req, reply, 'partner/sent.njk', { referral })
  })

  app.get('/partner/referrals/:id', async (req, reply) => {
    const referral = await viewPartnerReferral(ctx, requestMeta(req), contactId(req))
    return render(req, reply, 'partner/referral.njk', {
      referral,
      labels: { parentsAware: PARENTS_AWARE, consent: Object.fromEntries(options.consent.map((o) => [o.value, o.text])), feedbackMethod: FEEDBACK_METHOD },
    })
  })
}
