/** Child protection conferences, CP plans and core groups (issue 6). */
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../app/context.ts'

export const conferencesRoutes = (_ctx: AppContext) => async (_app: FastifyInstance) => {}
