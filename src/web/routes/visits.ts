/** Statutory visits to children on CP and CIN plans (issue 6). */
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../app/context.ts'

export const visitsRoutes = (_ctx: AppContext) => async (_app: FastifyInstance) => {}
