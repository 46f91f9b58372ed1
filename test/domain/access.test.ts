import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { DEFAULT_SCOPE, ROLES, can, isRole, isScope, type Actor, type Capability, type Role, type Scope } from '../../src/domain/access/roles.ts'
import { decidePersonAccess, type PersonAccessFacts } from '../../src/domain/access/personAccess.ts'

const ALL_CAPABILITIES: Capability[] = [
  'person:view',
  'person:create',
  'person:amend',
  'person:restricted:manage',
  'audit:view-record-access',
  'users:manage',
  'contact:view',
  'contact:record',
  'contact:screen',
  'contact:decide',
  'police-notification:triage',
  'edt-handover:acknowledge',
  'calendar:manage',
  'partner:refer',
]
const ALL_ROLES = Object.keys(ROLES) as Role[]

function actor(role: Role, overrides: Partial<Actor> = {}): Actor {
  return {
    userId: 'user-1',
    username: 'user1',
    displayName: 'User One',
    role,
    scope: DEFAULT_SCOPE[role],
    workerId: 'worker-1',
    teamId: 'team-1',
    serviceId: 'service-1',
    ...overrides,
  }
}

function facts(overrides: Partial<PersonAccessFacts> = {}): PersonAccessFacts {
  return { restricted: false, actorHasGrant: false, createdBy: null, openAllocations: [], ...overrides }
}

const ALLOWED = { allowed: true } as const
const denied = (reason: 'role' | 'restricted' | 'scope') => ({ allowed: false, reason }) as const

const allocation = (workerId: string, teamId: string, serviceId: string) => ({ workerId, teamId, serviceId })

describe('can', () => {
  it('gives partner referrers nothing but the partner referral form', () => {
    for (const c of ALL_CAPABILITIES) assert.equal(can({ role: 'partner_referrer' }, c), c === 'partner:refer', c)
  })

  it('lets only managers decide contacts, and front-door workers record and screen them', () => {
    for (const r of ALL_ROLES) assert.equal(can({ role: r }, 'contact:decide'), r === 'team_manager' || r === 'service_manager', r)
    assert.equal(can({ role: 'front_door_worker' }, 'contact:screen'), true)
    assert.equal(can({ role: 'edt_worker' }, 'contact:record'), true)
    assert.equal(can({ role: 'performance_analyst' }, 'contact:record'), false)
  })

  it('lets administrators manage users and restricted records, but not create or amend people', () => {
    assert.equal(can({ role: 'administrator' }, 'users:manage'), true)
    assert.equal(can({ role: 'administrator' }, 'person:restricted:manage'), true)
    assert.equal(can({ role: 'administrator' }, 'audit:view-record-access'), true)
    assert.equal(can({ role: 'administrator' }, 'person:create'), false)
    assert.equal(can({ role: 'administrator' }, 'person:amend'), false)
  })

  it('only administrators manage users', () => {
    for (const r of ALL_ROLES) assert.equal(can({ role: r }, 'users:manage'), r === 'administrator', r)
  })

  it('does not let social workers view the record access audit', () => {
    assert.equal(can({ role: 'social_worker' }, 'audit:view-record-access'), false)
    assert.equal(can({ role: 'social_worker' }, 'person:view'), true)
    assert.equal(can({ role: 'social_worker' }, 'person:create'), true)
    assert.equal(can({ role: 'social_worker' }, 'person:amend'), true)
  })

  it('lets managers and auditors view the record access audit', () => {
    for (const r of ['team_manager', 'service_manager', 'auditor', 'administrator'] as const)
      assert.equal(can({ role: r }, 'audit:view-record-access'), true, r)
    for (const r of ['front_door_worker', 'edt_worker', 'conference_chair', 'performance_analyst', 'partner_referrer'] as const)
      assert.equal(can({ role: r }, 'audit:view-record-access'), false, r)
  })

  it('keeps read-only roles read-only', () => {
    for (const r of ['conference_chair', 'auditor', 'performance_analyst'] as const) {
      assert.equal(can({ role: r }, 'person:view'), true, r)
      assert.equal(can({ role: r }, 'person:create'), false, r)
      assert.equal(can({ role: r }, 'person:amend'), false, r)
    }
  })

  it('every role except partner referrer can view people', () => {
    for (const r of ALL_ROLES) assert.equal(can({ role: r }, 'person:view'), r !== 'partner_referrer', r)
  })
})

describe('roles and scopes', () => {
  it('has default scopes matching the roles', () => {
    assert.equal(DEFAULT_SCOPE.social_worker, 'own_caseload')
    assert.equal(DEFAULT_SCOPE.team_manager, 'team')
    assert.equal(DEFAULT_SCOPE.service_manager, 'service')
    assert.equal(DEFAULT_SCOPE.front_door_worker, 'council')
    assert.equal(DEFAULT_SCOPE.partner_referrer, 'none')
    for (const r of ALL_ROLES) assert.equal(isScope(DEFAULT_SCOPE[r]), true, r)
  })

  it('recognises role and scope names without inherited properties', () => {
    assert.equal(isRole('social_worker'), true)
    assert.equal(isRole('superuser'), false)
    assert.equal(isRole('toString'), false)
    assert.equal(isRole('__proto__'), false)
    assert.equal(isScope('council'), true)
    assert.equal(isScope('global'), false)
    assert.equal(isScope('constructor'), false)
  })
})

describe('decidePersonAccess', () => {
  describe('role', () => {
    it('denies partner referrers for role, whatever the facts', () => {
      const partner = actor('partner_referrer', { scope: 'council' })
      assert.deepEqual(decidePersonAccess(partner, facts()), denied('role'))
      assert.deepEqual(decidePersonAccess(partner, facts({ createdBy: 'user-1' })), denied('role'))
      assert.deepEqual(decidePersonAccess(partner, facts({ restricted: true, actorHasGrant: true })), denied('role'))
      assert.deepEqual(decidePersonAccess(partner, facts({ openAllocations: [allocation('worker-1', 'team-1', 'service-1')] })), denied('role'))
    })
  })

  describe('scopes', () => {
    it('council scope sees every unrestricted record', () => {
      for (const r of ALL_ROLES.filter((x) => x !== 'partner_referrer'))
        assert.deepEqual(decidePersonAccess(actor(r, { scope: 'council' }), facts()), ALLOWED, r)
    })

    it('service scope sees a person with an open allocation in the service', () => {
      const a = actor('service_manager')
      assert.deepEqual(decidePersonAccess(a, facts({ openAllocations: [allocation('w9', 't9', 'service-1')] })), ALLOWED)
      assert.deepEqual(decidePersonAccess(a, facts({ openAllocations: [allocation('worker-1', 'team-1', 'service-2')] })), denied('scope'))
      assert.deepEqual(decidePersonAccess(a, facts()), denied('scope'))
    })

    it('team scope sees a person with an open allocation in the team', () => {
      const a = actor('team_manager')
      assert.deepEqual(decidePersonAccess(a, facts({ openAllocations: [allocation('w9', 'team-1', 'service-9')] })), ALLOWED)
      assert.deepEqual(decidePersonAccess(a, facts({ openAllocations: [allocation('worker-1', 'team-2', 'service-1')] })), denied('scope'))
      assert.deepEqual(decidePersonAccess(a, facts()), denied('scope'))
    })

    it('own caseload scope sees a person allocated to the actor', () => {
      const a = actor('social_worker')
      assert.deepEqual(decidePersonAccess(a, facts({ openAllocations: [allocation('worker-1', 'team-9', 'service-9')] })), ALLOWED)
      assert.deepEqual(decidePersonAccess(a, facts({ openAllocations: [allocation('worker-2', 'team-1', 'service-1')] })), denied('scope'))
      assert.deepEqual(decidePersonAccess(a, facts()), denied('scope'))
    })

    it('any one of several allocations (the person or their family) is enough', () => {
      const a = actor('social_worker')
      const allocations = [allocation('worker-2', 'team-2', 'service-2'), allocation('worker-1', 'team-2', 'service-2')]
      assert.deepEqual(decidePersonAccess(a, facts({ openAllocations: allocations })), ALLOWED)
    })

    it('an actor without a worker, team or service id sees nothing by that scope', () => {
      const alloc = facts({ openAllocations: [allocation('worker-1', 'team-1', 'service-1')] })
      assert.deepEqual(decidePersonAccess(actor('social_worker', { workerId: null }), alloc), denied('scope'))
      assert.deepEqual(decidePersonAccess(actor('team_manager', { teamId: null }), alloc), denied('scope'))
      assert.deepEqual(decidePersonAccess(actor('service_manager', { serviceId: null }), alloc), denied('scope'))
    })

    it('scope none sees no case records', () => {
      const a = actor('performance_analyst', { scope: 'none' })
      assert.deepEqual(decidePersonAccess(a, facts()), denied('scope'))
      assert.deepEqual(decidePersonAccess(a, facts({ openAllocations: [allocation('worker-1', 'team-1', 'service-1')] })), denied('scope'))
    })

    it('scope is taken from the actor, not the role default', () => {
      const widened = actor('social_worker', { scope: 'council' })
      assert.deepEqual(decidePersonAccess(widened, facts()), ALLOWED)
      const narrowed = actor('front_door_worker', { scope: 'own_caseload' })
      assert.deepEqual(decidePersonAccess(narrowed, facts()), denied('scope'))
    })
  })

  describe('restricted records', () => {
    const restricted = facts({ restricted: true, openAllocations: [allocation('worker-1', 'team-1', 'service-1')] })

    it('are hidden without a grant, even for council scope and record managers', () => {
      for (const r of ALL_ROLES.filter((x) => x !== 'partner_referrer'))
        assert.deepEqual(decidePersonAccess(actor(r, { scope: 'council' }), restricted), denied('restricted'), r)
    })

    it('are hidden without a grant even when allocated to the actor', () => {
      assert.deepEqual(decidePersonAccess(actor('social_worker'), restricted), denied('restricted'))
    })

    it('are shown with a grant, whatever the scope', () => {
      const granted = facts({ restricted: true, actorHasGrant: true })
      for (const scope of ['council', 'service', 'team', 'own_caseload', 'none'] as Scope[])
        assert.deepEqual(decidePersonAccess(actor('social_worker', { scope }), granted), ALLOWED, scope)
    })

    it('a grant alone does nothing for an unrestricted record outside scope', () => {
      assert.deepEqual(decidePersonAccess(actor('social_worker'), facts({ actorHasGrant: true })), denied('scope'))
    })

    it('are hidden from their creator without a grant (restriction wins over authorship)', () => {
      assert.deepEqual(decidePersonAccess(actor('social_worker'), facts({ restricted: true, createdBy: 'user-1' })), denied('restricted'))
    })
  })

  describe('records the actor created', () => {
    it('the creator always sees a new, unallocated record, whatever the scope', () => {
      for (const scope of ['council', 'service', 'team', 'own_caseload', 'none'] as Scope[])
        assert.deepEqual(decidePersonAccess(actor('social_worker', { scope }), facts({ createdBy: 'user-1' })), ALLOWED, scope)
    })

    it('someone else’s new record is not shown by authorship', () => {
      assert.deepEqual(decidePersonAccess(actor('social_worker'), facts({ createdBy: 'user-2' })), denied('scope'))
      assert.deepEqual(decidePersonAccess(actor('social_worker'), facts({ createdBy: null })), denied('scope'))
    })
  })
})
