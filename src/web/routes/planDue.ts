/** Re-planning a missed conference, review, core group or visit (issue 6). */
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../app/context.ts'

export const planDueRoutes = (_ctx: AppContext) => async (_app: FastifyInstance) => {}
