/**
 * Roles, what each may do, and the scope of records each sees by default. Checked on the server for
 * every route (src/web, src/api) and every record (./personAccess.ts).
 */
export const ROLES = {
  front_door_worker: 'Front-door (MASH) worker',
  social_worker: 'Social worker',
  team_manager: 'Team manager',
  service_manager: 'Service manager',
  edt_worker: 'Out-of-hours (EDT) worker',
  conference_chair: 'Conference chair / IRO',
  auditor: 'Auditor',
  performance_analyst: 'Performance analyst',
  administrator: 'Administrator',
  partner_referrer: 'Partner referrer',
} as const
export type Role = keyof typeof ROLES

export const SCOPES = {
  own_caseload: 'Own caseload',
  team: 'Team',
  service: 'Service',
  council: 'Whole council',
  none: 'No case records',
} as const
export type Scope = keyof typeof SCOPES

export type Capability =
  | 'person:view'
  | 'person:create'
  | 'person:amend'
  | 'person:restricted:manage'
  | 'audit:view-record-access'
  | 'users:manage'
  | 'contact:view'
  | 'contact:record'
  | 'contact:screen'
  | 'contact:decide'
  | 'police-notification:triage'
  | 'edt-handover:acknowledge'
  | 'calendar:manage'
  | 'partner:refer'
  // Issue 4: assessments, oversight, closure
  | 'assessment:record'
  | 'assessment:authorise'
  | 'management-decision:record'
  | 'closure:propose'
  | 'closure:authorise'
  | 'chronology:add'
  | 'timeliness:view'
  | 'framework:manage'
  // Issue 5: allocation, caseloads, transfers, supervision, worklists
  | 'allocation:manage'
  | 'caseload:view'
  | 'caseload:configure'
  | 'transfer:manage'
  | 'supervision:record'
  | 'supervision:view-own'
  | 'worklist:own'
  | 'worklist:team'
  | 'case-review:manage'
  // Issue 6: child protection and children in need
  | 'strategy-discussion:record'
  | 's47:record'
  | 's47:authorise'
  | 'conference:schedule'
  | 'conference:record'
  | 'plan:record'
  | 'cin-plan:manage'
  | 'plan:replan'
  // Issue 7: statutory returns and data quality
  | 'returns:generate'
  | 'data-quality:view'
  // Issue 8: management information
  | 'indicators:view'
  | 'indicators:manage'
  // Issue 9: case audit, moderation and learning
  | 'audit-tool:manage'
  | 'audit-programme:manage'
  | 'case-audit:conduct'
  | 'case-audit:moderate'
  | 'case-audit:respond'
  | 'audit-learning:view'

const CAPABILITIES: Record<Role, readonly Capability[]> = {
  front_door_worker: ['person:view', 'person:create', 'person:amend', 'contact:view', 'contact:record', 'contact:screen', 'police-notification:triage', 'edt-handover:acknowledge', 'chronology:add', 'worklist:own'],
  social_worker: ['person:view', 'person:create', 'person:amend', 'contact:record', 'assessment:record', 'closure:propose', 'chronology:add', 'supervision:view-own', 'worklist:own', 'strategy-discussion:record', 's47:record', 'conference:schedule', 'plan:record', 'cin-plan:manage', 'case-audit:respond'],
  // Contact decisions also need a qualified social worker (checked in the domain: mayDecideContacts).
  team_manager: ['person:view', 'person:create', 'person:amend', 'audit:view-record-access', 'contact:view', 'contact:record', 'contact:screen', 'contact:decide', 'police-notification:triage', 'edt-handover:acknowledge', 'assessment:record', 'assessment:authorise', 'management-decision:record', 'closure:propose', 'closure:authorise', 'chronology:add', 'timeliness:view', 'allocation:manage', 'caseload:view', 'transfer:manage', 'supervision:record', 'supervision:view-own', 'worklist:own', 'worklist:team', 'case-review:manage', 'strategy-discussion:record', 's47:record', 's47:authorise', 'conference:schedule', 'conference:record', 'plan:record', 'cin-plan:manage', 'plan:replan', 'data-quality:view', 'indicators:view', 'case-audit:conduct', 'case-audit:respond', 'audit-learning:view'],
  service_manager: ['person:view', 'person:create', 'person:amend', 'audit:view-record-access', 'person:restricted:manage', 'contact:view', 'contact:record', 'contact:screen', 'contact:decide', 'police-notification:triage', 'edt-handover:acknowledge', 'assessment:record', 'assessment:authorise', 'management-decision:record', 'closure:propose', 'closure:authorise', 'chronology:add', 'timeliness:view', 'allocation:manage', 'caseload:view', 'transfer:manage', 'supervision:record', 'supervision:view-own', 'worklist:own', 'worklist:team', 'case-review:manage', 'caseload:configure', 'strategy-discussion:record', 's47:record', 's47:authorise', 'conference:schedule', 'conference:record', 'plan:record', 'cin-plan:manage', 'plan:replan', 'data-quality:view', 'returns:generate', 'indicators:view', 'audit-programme:manage', 'case-audit:conduct', 'case-audit:moderate', 'case-audit:respond', 'audit-learning:view'],
  edt_worker: ['person:view', 'person:create', 'person:amend', 'contact:view', 'contact:record', 'chronology:add', 'strategy-discussion:record'],
  conference_chair: ['person:view', 'conference:schedule', 'conference:record', 'plan:replan'],
  auditor: ['person:view', 'audit:view-record-access', 'timeliness:view', 'caseload:view', 'data-quality:view', 'indicators:view', 'audit-tool:manage', 'audit-programme:manage', 'case-audit:conduct', 'case-audit:moderate', 'audit-learning:view'],
  performance_analyst: ['person:view', 'timeliness:view', 'caseload:view', 'returns:generate', 'data-quality:view', 'indicators:view', 'indicators:manage'],
  administrator: ['person:view', 'audit:view-record-access', 'users:manage', 'person:restricted:manage', 'calendar:manage', 'framework:manage', 'caseload:configure'],
  // Partners see only their own submissions, never the person index.
  partner_referrer: ['partner:refer'],
}

/** The scope a role gets unless an administrator sets another. */
export const DEFAULT_SCOPE: Record<Role, Scope> = {
  front_door_worker: 'council',
  social_worker: 'own_caseload',
  team_manager: 'team',
  service_manager: 'service',
  edt_worker: 'council',
  conference_chair: 'council',
  auditor: 'council',
  performance_analyst: 'council',
  administrator: 'council',
  partner_referrer: 'none',
}

export type Actor = {
  userId: string
  username: string
  displayName: string
  role: Role
  scope: Scope
  workerId: string | null
  teamId: string | null
  serviceId: string | null
}

export function can(actor: Pick<Actor, 'role'>, capability: Capability): boolean {
  return CAPABILITIES[actor.role].includes(capability)
}

export function isRole(value: string): value is Role {
  return Object.prototype.hasOwnProperty.call(ROLES, value)
}
export function isScope(value: string): value is Scope {
  return Object.prototype.hasOwnProperty.call(SCOPES, value)
}
