import type { AuditRow } from '../../db/repositories/audit.ts'
import type { PersonView } from '../../app/people/viewPerson.ts'
import { DISABILITY, ETHNICITY, SEX, UPN_UNKNOWN } from '../../domain/people/codes.ts'
import { formatNhsNumber } from '../../domain/people/identifiers.ts'
import { formatDate } from '../../domain/shared/dates.ts'

const FIELD_LABELS: Record<string, string> = {
  givenNames: 'Given names',
  familyName: 'Family name',
  isUnborn: 'Unborn',
  dateOfBirth: 'Date of birth',
  expectedDateOfBirth: 'Expected date of birth',
  sex: 'Sex',
  genderIdentity: 'Gender identity',
  ethnicityCode: 'Ethnicity',
  religion: 'Religion',
  firstLanguage: 'First language',
  interpreterNeeded: 'Interpreter needed',
  nhsNumber: 'NHS number',
  upn: 'Unique pupil number',
  upnUnknownReason: 'Why there is no UPN',
  disabilities: 'Disabilities',
}

const ACTION_LABELS: Record<string, string> = {
  'person.create': 'Record created',
  'referral.primary-need': 'Primary need recorded',
  'person.amend': 'Details amended',
  'person.address.change': 'Moved to a new address',
  'person.relationship.add': 'Relationship added',
  'person.name.add': 'Another name added',
  'contact.record': 'Contact recorded',
  'contact.decide': 'Contact decided',
  'contact.screen': 'Contact screened',
  'contact.partner-referral': 'Referral sent online by a partner',
  'contact.edt-handover.acknowledge': 'Out-of-hours contact handed over',
  'police-notification.record': 'Police notification recorded',
  'police-notification.triage': 'Police notification triaged',
  'contact.agency-check.request': 'Agency check requested',
  'contact.agency-check.return': 'Agency check returned',
  'contact.referrer-feedback': 'Feedback given to the referrer',
  'assessment.start': 'Assessment started',
  'assessment.save': 'Assessment saved',
  'assessment.child-seen': 'Child seen during the assessment',
  'assessment.submit': 'Assessment submitted',
  'assessment.return': 'Assessment returned',
  'assessment.authorise': 'Assessment authorised',
  'management-decision.record': 'Management decision recorded',
  'chronology.add': 'Chronology entry added',
  'closure.propose': 'Closure proposed',
  'closure.return': 'Closure returned',
  'closure.authorise': 'Closure authorised',
  'closure.informed': 'Who was told of the closure recorded',
  'allocation.end': 'Allocation ended',
  'allocation.oversight-note': 'Oversight note while unallocated',
  'transfer.propose': 'Transfer proposed',
  'transfer.accept': 'Transfer accepted',
  'transfer.decline': 'Transfer declined',
  'transfer.withdraw': 'Transfer withdrawn',
  'supervision.case': 'Discussed in supervision',
  'supervision.case.amend': 'Supervision discussion amended',
  'task.complete': 'Task done',
  'strategy-discussion.record': 'Strategy discussion recorded',
  's47.start': 'Section 47 enquiry started',
  's47.record-outcome': 'Section 47 outcome recorded',
  's47.return': 'Section 47 outcome returned',
  's47.authorise': 'Section 47 outcome authorised',
  'conference.schedule': 'Conference scheduled',
  'conference.outcome': 'Conference outcome recorded',
  'cp-plan.start': 'Child protection plan started',
  'cp-plan.review': 'Child protection plan reviewed',
  'cp-plan.end': 'Child protection plan ended',
  'core-group.record': 'Core group meeting recorded',
  'visit.record': 'Statutory visit recorded',
  'cin-plan.start': 'Child in need plan started',
  'cin-plan.review': 'Child in need plan reviewed',
  'cin-plan.end': 'Child in need plan ended',
  'plan.replan': 'Date re-planned',
}

function show(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return 'Not recorded'
  if (typeof value === 'boolean') return value ? 'Yes' : 'No'
  if (field === 'sex') return SEX[value as keyof typeof SEX] ?? String(value)
  if (field === 'ethnicityCode') return ETHNICITY[value as keyof typeof ETHNICITY] ?? String(value)
  if (field === 'disabilities') return Array.isArray(value) && value.length ? value.map((c) => DISABILITY[c as keyof typeof DISABILITY] ?? c).join(', ') : 'None'
  if (field === 'nhsNumber') return formatNhsNumber(String(value))
  if (field === 'upnUnknownReason') return UPN_UNKNOWN[value as keyof typeof UPN_UNKNOWN] ?? String(value)
  if (/date|Date/.test(field) && typeof value === 'string') return formatDate(value)
  return String(value)
}

function describeAddress(a: unknown): string {
  if (!a || typeof a !== 'object') return ''
  const x = a as Record<string, string | null>
  return [x.line1, x.line2, x.town, x.postcode].filter(Boolean).join(', ')
}

/** One line per change in the record's history, in words a social worker reads. */
export function historyItems(rows: AuditRow[]) {
  return rows.map((r) => {
    const changes: { field: string; from: string; to: string }[] = []
    if (r.action === 'person.amend' && r.after) {
      for (const [field, to] of Object.entries(r.after)) {
        changes.push({ field: FIELD_LABELS[field] ?? field, from: show(field, r.before?.[field]), to: show(field, to) })
      }
    }
    if (r.action === 'person.address.change') {
      changes.push({ field: 'Address', from: describeAddress((r.before as { address?: unknown } | null)?.address) || 'None', to: describeAddress((r.after as { address?: unknown } | null)?.address) })
    }
    return { at: r.at, who: r.displayName ?? r.username ?? 'System', action: ACTION_LABELS[r.action] ?? r.action, changes }
  })
}

export function personPagePresenter(p: PersonView, history: AuditRow[]) {
  const name = `${p.givenNames} ${p.familyName}`
  const currentAddress = p.addresses.find((a) => a.endDate === null) ?? null
  return {
    person: p,
    name,
    currentAddress,
    disabilityText: show('disabilities', p.disabilities).replace(/^None$/, 'None recorded'),
    upnUnknownText: p.upnUnknownReason ? (UPN_UNKNOWN[p.upnUnknownReason] ?? p.upnUnknownReason) : '',
    previousAddresses: p.addresses.filter((a) => a.endDate !== null),
    otherNames: p.names.filter((n) => n.nameType !== 'current'),
    currentRelationships: p.relationships.filter((r) => r.endDate === null),
    history: historyItems(history),
  }
}

/** The record's values in the shape the form templates read (date inputs split into parts). */
export function personFormValues(p: PersonView): Record<string, unknown> {
  const parts = (iso: string | null) => {
    if (!iso) return { day: '', month: '', year: '' }
    const [y, m, d] = iso.split('-')
    return { day: String(Number(d)), month: String(Number(m)), year: y }
  }
  return {
    givenNames: p.givenNames,
    familyName: p.familyName,
    isUnborn: p.isUnborn ? 'yes' : 'no',
    dateOfBirth: parts(p.dateOfBirth),
    expectedDateOfBirth: parts(p.expectedDateOfBirth),
    sex: p.sex,
    genderIdentity: p.genderIdentity ?? '',
    ethnicityCode: p.ethnicityCode ?? '',
    religion: p.religion ?? '',
    firstLanguage: p.firstLanguage ?? '',
    interpreterNeeded: p.interpreterNeeded ? 'yes' : 'no',
    nhsNumber: p.nhsNumber ? formatNhsNumber(p.nhsNumber) : '',
    upn: p.upn ?? '',
    upnUnknownReason: p.upnUnknownReason ?? '',
    disabilities: p.disabilities,
  }
}
