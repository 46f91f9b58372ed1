import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../app/context.ts'

export const allocationRoutes = (_ctx: AppContext) => async (_app: FastifyInstance) => {}
