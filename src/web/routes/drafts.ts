import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { saveDraft } from '../../app/drafts.ts'
import type { AppContext } from '../../app/context.ts'
import { ValidationError } from '../../app/context.ts'
import { requestMeta } from '../session.ts'

const body = z.record(z.union([z.string().max(20_000), z.array(z.string().max(200)).max(50)]))

/** Autosave target for forms marked data-draft-key (see public/app.js). Answers JSON. */
export const draftRoutes = (ctx: AppContext) => async (app: FastifyInstance) => {
  app.post('/drafts', async (req, reply) => {
    const parsed = body.safeParse(req.body ?? {})
    if (!parsed.success) throw new ValidationError([{ field: String(parsed.error.issues[0]?.path[0] ?? 'body'), message: 'This answer is too long' }])
    const formKey = parsed.data.formKey
    if (typeof formKey !== 'string') throw new ValidationError([{ field: 'formKey', message: 'Say which form the draft is for' }])
    const savedAt = await saveDraft(ctx, requestMeta(req), formKey, parsed.data as Record<string, string | string[]>)
    return reply.type('application/json').send({ savedAt: savedAt.toISOString() })
  })
}
