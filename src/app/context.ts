import type { Database } from '../db/database.ts'
import type { Actor } from '../domain/access/roles.ts'
import type { FieldError } from '../domain/shared/result.ts'
import { londonDate } from '../domain/shared/dates.ts'

/** What every use case gets: the database and the clock (passed in so tests can fix "now"). */
export type AppContext = {
  database: Database
  now: () => Date
}

/** Who is acting and from where; goes into every audit row. */
export type RequestMeta = { actor: Actor; ip: string | null; requestId: string | null }

export const today = (ctx: AppContext): string => londonDate(ctx.now())

/** Outcomes a use case reports to its caller (web or API), which maps each to a page or a 4xx. */
export class NotFoundError extends Error {
  constructor(what = 'record') {
    super(`No ${what} was found`)
  }
}
export class ForbiddenError extends Error {
  constructor(readonly reason: string = 'role') {
    super('You do not have access to this')
  }
}
export class ValidationError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '))
  }
}
export class ConflictError extends Error {
  constructor(
    message: string,
    readonly field: string = 'version',
  ) {
    super(message)
  }
}
