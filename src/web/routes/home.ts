import type { FastifyInstance } from 'fastify'
import { can } from '../../domain/access/roles.ts'
import { render } from '../render.ts'

export const homeRoutes = () => async (app: FastifyInstance) => {
  app.get('/', async (req, reply) => {
    const actor = req.actor
    if (!actor) return reply.redirect('/sign-in')
    return render(req, reply, 'home.njk', { canSearch: can(actor, 'person:view'), canCreate: can(actor, 'person:create') })
  })
}
