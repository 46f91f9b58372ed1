/**
 * The API's JSON shapes: camelCase, calendar dates as 'YYYY-MM-DD' strings, instants as ISO 8601 strings.
 * Each presenter's return type comes from the response schema in ./schemas.ts, which the OpenAPI document
 * is generated from, so the type checker keeps the document and the output in step.
 */
import type { z } from 'zod/v4'
import type { RecordContactOutcome } from '../app/frontDoor/recordContact.ts'
import type { DecisionOutcome } from '../app/frontDoor/decideContact.ts'
import type { FrontDoorQueue } from '../app/frontDoor/queue.ts'
import type { ContactView } from '../app/frontDoor/viewContact.ts'
import type { PersonView } from '../app/people/viewPerson.ts'
import type { AuditRow } from '../db/repositories/audit.ts'
import type { ChronologyRow } from '../db/repositories/frontDoor.ts'
import type { PersonSummary } from '../db/repositories/people.ts'
import type { DecisionTimeliness } from '../domain/frontDoor/contact.ts'
import type {
  chronologyEntryJson,
  contactJson,
  contactRecordedResponse,
  decisionResponse,
  personJson,
  personSummaryJson,
  queueResponse,
  recordViewJson,
} from './schemas.ts'

type PersonSummaryJson = z.output<typeof personSummaryJson>
type PersonJson = z.output<typeof personJson>
type RecordViewJson = z.output<typeof recordViewJson>
type QueueJson = z.output<typeof queueResponse>['data']
type ContactJson = z.output<typeof contactJson>
type ContactRecordedJson = z.output<typeof contactRecordedResponse>['data']
type DecisionJson = z.output<typeof decisionResponse>['data']
type ChronologyEntryJson = z.output<typeof chronologyEntryJson>

/**
 * An instant as ISO 8601 in UTC. Typed as Date, but rows read with raw SQL through drizzle's node-postgres
 * driver carry timestamptz as PostgreSQL's text ('2026-11-25 09:30:00.123+00'), so both are handled.
 */
export function instant(v: Date | string): string {
  if (v instanceof Date) return v.toISOString()
  const iso = String(v).trim().replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? String(v) : d.toISOString()
}

export function presentPersonSummary(p: PersonSummary): PersonSummaryJson {
  return {
    id: p.id,
    personRef: p.personRef,
    givenNames: p.givenNames,
    familyName: p.familyName,
    dateOfBirth: p.dateOfBirth,
    isUnborn: p.isUnborn,
    expectedDateOfBirth: p.expectedDateOfBirth,
    sex: p.sex,
    nhsNumber: p.nhsNumber,
    postcode: p.postcode,
    matchedName: p.matchedName,
    matchedNameType: p.matchedNameType,
    score: Number(p.score),
  }
}

export function presentPerson(p: PersonView): PersonJson {
  return {
    id: p.id,
    personRef: p.personRef,
    givenNames: p.givenNames,
    familyName: p.familyName,
    isUnborn: p.isUnborn,
    dateOfBirth: p.dateOfBirth,
    expectedDateOfBirth: p.expectedDateOfBirth,
    dateOfDeath: p.dateOfDeath,
    sex: p.sex,
    genderIdentity: p.genderIdentity,
    ethnicityCode: p.ethnicityCode,
    religion: p.religion,
    firstLanguage: p.firstLanguage,
    interpreterNeeded: p.interpreterNeeded,
    nhsNumber: p.nhsNumber,
    upn: p.upn,
    upnUnknownReason: p.upnUnknownReason,
    disabilities: [...p.disabilities],
    restricted: p.restricted,
    version: p.version,
    createdAt: instant(p.createdAt),
    updatedAt: instant(p.updatedAt),
    names: p.names.map((n) => ({
      id: n.id,
      nameType: n.nameType,
      givenNames: n.givenNames,
      familyName: n.familyName,
      validFrom: n.validFrom,
      validTo: n.validTo,
    })),
    addresses: p.addresses.map((a) => ({
      id: a.id,
      line1: a.line1,
      line2: a.line2,
      town: a.town,
      postcode: a.postcode,
      startDate: a.startDate,
      endDate: a.endDate,
    })),
    relationships: p.relationships.map((r) => ({
      id: r.id,
      otherPersonId: r.otherPersonId,
      otherPersonRef: r.otherPersonRef,
      otherName: r.otherName,
      otherDateOfBirth: r.otherDateOfBirth,
      relationshipType: r.relationshipType,
      otherIsSubject: r.otherIsSubject,
      parentalResponsibility: r.parentalResponsibility,
      livesWith: r.livesWith,
      startDate: r.startDate,
      endDate: r.endDate,
      otherVisible: r.otherVisible,
    })),
    professionals: p.professionals.map((x) => ({
      id: x.id,
      name: x.name,
      role: x.role,
      organisation: x.organisation,
      phone: x.phone,
      email: x.email,
      startDate: x.startDate,
      endDate: x.endDate,
    })),
    allocations: p.allocations.map((a) => ({
      workerName: a.workerName,
      teamName: a.teamName,
      allocationRole: a.allocationRole,
      startDate: a.startDate,
    })),
  }
}

/** One "who has viewed this record" row: who, when, and whether through the web page or the API. */
export function presentRecordView(r: AuditRow): RecordViewJson {
  const via = r.after && typeof r.after.via === 'string' ? r.after.via : null
  return {
    id: Number(r.id),
    at: instant(r.at),
    username: r.username,
    displayName: r.displayName,
    role: r.role,
    via,
  }
}

// ------------------------------------------------------------------------------------------ front door

const orNull = (v: Date | string | null): string | null => (v === null ? null : instant(v))

function presentTimeliness(t: DecisionTimeliness): { state: DecisionTimeliness['state']; workingDaysWaiting: number } {
  return { state: t.state, workingDaysWaiting: t.workingDaysWaiting }
}

/** The undecided queue: the counts, and each contact with where it stands against its deadline. */
export function presentQueue(q: FrontDoorQueue): QueueJson {
  return {
    summary: { total: q.summary.total, overdue: q.summary.overdue, oldestReceivedAt: orNull(q.summary.oldestReceivedAt) },
    contacts: q.rows.map((r) => ({
      id: r.id,
      contactRef: r.contactRef,
      receivedAt: instant(r.receivedAt),
      channel: r.channel,
      sourceCode: r.sourceCode,
      rag: r.rag,
      thresholdLevel: r.thresholdLevel,
      decisionDueDate: r.decisionDueDate,
      outOfHours: r.outOfHours,
      childNames: r.children ?? '',
      childCount: r.childCount,
      undecidedCount: r.undecidedCount,
      timeliness: presentTimeliness(r.timeliness),
    })),
  }
}

export function presentContactRecorded(c: RecordContactOutcome): ContactRecordedJson {
  return { id: c.id, contactRef: c.contactRef, decisionDueDate: c.decisionDueDate, outOfHours: c.outOfHours }
}

/** A contact with its children (each with their decision and what Harbour knew of them), checks and feedback. */
export function presentContact(v: ContactView): ContactJson {
  const c = v.contact
  return {
    id: c.id,
    contactRef: c.contactRef,
    receivedAt: instant(c.receivedAt),
    channel: c.channel,
    sourceCode: c.sourceCode,
    referrerName: c.referrerName,
    referrerAgency: c.referrerAgency,
    referrerRole: c.referrerRole,
    referrerPhone: c.referrerPhone,
    referrerEmail: c.referrerEmail,
    concern: c.concern,
    parentsAware: c.parentsAware,
    consent: c.consent,
    noConsentReason: c.noConsentReason,
    immediateSafety: c.immediateSafety,
    thresholdLevel: c.thresholdLevel,
    rag: c.rag,
    screeningNotes: c.screeningNotes,
    screenedAt: orNull(c.screenedAt),
    screenedByName: c.screenedByName,
    decisionDueDate: c.decisionDueDate,
    decidedAt: orNull(c.decidedAt),
    outOfHours: c.outOfHours,
    handoverAcknowledgedAt: orNull(c.handoverAcknowledgedAt),
    submittedByPartner: c.submittedByPartner !== null,
    createdByName: c.createdByName,
    createdAt: instant(c.createdAt),
    version: c.version,
    timeliness: presentTimeliness(v.timeliness),
    children: v.children.map((x) => ({
      personId: x.personId,
      personRef: x.personRef,
      name: x.name,
      dateOfBirth: x.dateOfBirth,
      isUnborn: x.isUnborn,
      decision:
        x.decidedAt && x.outcome !== null
          ? {
              outcome: x.outcome,
              reasons: x.reasons ?? '',
              decidedAt: instant(x.decidedAt),
              decidedByName: x.decidedByName,
              referral: x.referralId && x.referralRef ? { id: x.referralId, referralRef: x.referralRef, isReReferral: x.isReReferral === true } : null,
            }
          : null,
      history: {
        openReferral: x.history.openReferral ? { id: x.history.openReferral.id, referralRef: x.history.openReferral.referralRef, referralDate: x.history.openReferral.referralDate } : null,
        referrals: x.history.referrals.map((r) => ({ referralRef: r.referralRef, referralDate: r.referralDate, closedOn: r.closedOn, isReReferral: r.isReReferral })),
        previousContacts: x.history.previousContacts.map((p) => ({ contactId: p.contactId, contactRef: p.contactRef, receivedAt: instant(p.receivedAt), outcome: p.outcome })),
        allocatedWorkers: x.history.allocatedWorkers.map((w) => ({ workerName: w.workerName, teamName: w.teamName })),
      },
    })),
    checks: v.checks.map((k) => ({
      id: k.id,
      agency: k.agency,
      requestedAt: instant(k.requestedAt),
      requestedByName: k.requestedByName,
      returnedAt: orNull(k.returnedAt),
      returnedByName: k.returnedByName,
      summary: k.summary,
    })),
    feedback: v.feedback.map((f) => ({ givenOn: f.givenOn, method: f.method, summary: f.summary, recordedByName: f.recordedByName })),
  }
}

export function presentDecision(d: DecisionOutcome): DecisionJson {
  return {
    referral: d.referral ? { id: d.referral.id, referralRef: d.referral.referralRef, isReReferral: d.referral.isReReferral, joinedOpenCase: d.referral.joinedOpenCase } : null,
    contactDecided: d.contactDecided,
  }
}

export function presentChronologyEntry(e: ChronologyRow): ChronologyEntryJson {
  return { occurredAt: instant(e.occurredAt), kind: e.kind, summary: e.summary, sourceType: e.sourceType, sourceId: e.sourceId, recordedByName: e.recordedByName }
}
