/**
 * The API's JSON shapes: camelCase, calendar dates as 'YYYY-MM-DD' strings, instants as ISO 8601 strings.
 * Each presenter's return type comes from the response schema in ./schemas.ts, which the OpenAPI document
 * is generated from, so the type checker keeps the document and the output in step.
 */
import type { z } from 'zod/v4'
import type { PersonView } from '../app/people/viewPerson.ts'
import type { AuditRow } from '../db/repositories/audit.ts'
import type { PersonSummary } from '../db/repositories/people.ts'
import type { personJson, personSummaryJson, recordViewJson } from './schemas.ts'

type PersonSummaryJson = z.output<typeof personSummaryJson>
type PersonJson = z.output<typeof personJson>
type RecordViewJson = z.output<typeof recordViewJson>

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
