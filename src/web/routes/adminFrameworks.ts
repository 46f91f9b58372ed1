import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../app/context.ts'

export const adminFrameworksRoutes = (_ctx: AppContext) => async (_app: FastifyInstance) => {}
