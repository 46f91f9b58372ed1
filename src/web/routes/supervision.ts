import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../app/context.ts'

export const supervisionRoutes = (_ctx: AppContext) => async (_app: FastifyInstance) => {}
