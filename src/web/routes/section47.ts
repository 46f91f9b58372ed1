/** Strategy discussions and section 47 enquiries (issue 6). */
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../app/context.ts'

export const section47Routes = (_ctx: AppContext) => async (_app: FastifyInstance) => {}
