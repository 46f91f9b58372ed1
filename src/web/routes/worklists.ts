import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../app/context.ts'

export const worklistsRoutes = (_ctx: AppContext) => async (_app: FastifyInstance) => {}
