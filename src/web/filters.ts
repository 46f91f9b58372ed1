import type nunjucks from 'nunjucks'
import { formatDate } from '../domain/shared/dates.ts'
import { formatNhsNumber } from '../domain/people/identifiers.ts'
import { DISABILITY, ETHNICITY, RELATIONSHIP, SEX } from '../domain/people/codes.ts'
import { ROLES, SCOPES } from '../domain/access/roles.ts'

const label = (list: Record<string, string>) => (code: string | null | undefined) => (code ? (list[code] ?? code) : '')

const DATE_TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit', hour12: true })

export function registerFilters(env: nunjucks.Environment): void {
  env.addFilter('date', (iso: string | null | undefined) => formatDate(iso))
  env.addFilter('dateTime', (d: Date | string | null | undefined) => {
    if (!d) return ''
    const date = typeof d === 'string' ? new Date(d) : d
    return DATE_TIME.format(date)
  })
  env.addFilter('nhsNumber', (n: string | null | undefined) => (n ? formatNhsNumber(n) : ''))
  env.addFilter('sexLabel', label(SEX))
  env.addFilter('ethnicityLabel', label(ETHNICITY))
  env.addFilter('disabilityLabel', label(DISABILITY))
  env.addFilter('roleLabel', label(ROLES))
  env.addFilter('scopeLabel', label(SCOPES))
  env.addFilter('relationshipLabel', (type: string, otherIsSubject: boolean) => {
    const r = (RELATIONSHIP as Record<string, { label: string; inverse: string }>)[type]
    if (!r) return type
    return otherIsSubject ? r.label : r.inverse
  })
}
