/** Child in need plans and their reviews (issue 6). */
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../app/context.ts'

export const cinPlansRoutes = (_ctx: AppContext) => async (_app: FastifyInstance) => {}
