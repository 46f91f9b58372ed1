import type { FastifyInstance } from 'fastify'
import { ValidationError, type AppContext } from '../../app/context.ts'
import { completeTask } from '../../app/tasks/completeTask.ts'
import { viewTask } from '../../app/tasks/viewTask.ts'
import { TASK_SOURCE_LABEL } from '../../app/worklists/workItems.ts'
import { myWork } from '../../app/worklists/myWork.ts'
import { teamWork } from '../../app/worklists/teamWork.ts'
import { parseBody, str } from '../forms.ts'
import { caseloadChartSvg } from '../presenters/caseloadChart.ts'
import { formErrors, render } from '../render.ts'
import { requestMeta } from '../session.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Where to go back to after marking a task done: only our own pages. */
function safeReturn(v: string | undefined): string {
  return v === '/team' || (v && /^\/(team\?team=|people\/|tasks\/)[0-9a-f-]{36}$/i.test(v)) ? v : '/my-work'
}

export const worklistsRoutes = (ctx: AppContext) => async (app: FastifyInstance) => {
  app.get('/my-work', async (req, reply) => {
    const q = req.query as Record<string, string | undefined>
    const work = await myWork(ctx, requestMeta(req))
    return render(req, reply, 'worklists/my-work.njk', { work, done: q.done === '1', values: {} })
  })

  app.get('/team', async (req, reply) => {
    const q = req.query as Record<string, string | undefined>
    const team = typeof q.team === 'string' && UUID.test(q.team) ? q.team : q.team ? 'invalid' : undefined
    const work = await teamWork(ctx, requestMeta(req), { team })
    return render(req, reply, 'worklists/team.njk', { work, caseloadChart: caseloadChartSvg(work.caseloads) })
  })

  app.get('/tasks/:id', async (req, reply) => {
    const { id } = req.params as { id: string }
    if (!UUID.test(id)) return reply.callNotFound()
    const q = req.query as Record<string, string | undefined>
    const task = await viewTask(ctx, requestMeta(req), id)
    return render(req, reply, 'worklists/task.njk', { task, sourceLabel: TASK_SOURCE_LABEL[task.sourceType] ?? 'Task', done: q.done === '1', values: {} })
  })

  app.post('/tasks/:id/complete', async (req, reply) => {
    const { id } = req.params as { id: string }
    const meta = requestMeta(req)
    if (!UUID.test(id)) return reply.callNotFound()
    const b = parseBody(req)
    const version = Number(str(b, 'version'))
    try {
      await completeTask(ctx, meta, id, { version, note: str(b, 'note') })
    } catch (e) {
      if (e instanceof ValidationError && str(b, 'returnTo') === `/tasks/${id}`) {
        const task = await viewTask(ctx, meta, id)
        return render(req, reply, 'worklists/task.njk', { task, sourceLabel: TASK_SOURCE_LABEL[task.sourceType] ?? 'Task', done: false, values: { note: str(b, 'note') }, ...formErrors(e.errors, { note: 'note' }) }, 400)
      }
      if (e instanceof ValidationError) {
        const work = await myWork(ctx, meta)
        return render(req, reply, 'worklists/my-work.njk', { work, done: false, failedTaskId: id, values: { note: str(b, 'note') }, ...formErrors(e.errors, { note: `note-${id}` }) }, 400)
      }
      throw e
    }
    const back = safeReturn(str(b, 'returnTo'))
    return reply.redirect(`${back}${back.includes('?') ? '&' : '?'}done=1`)
  })
}
