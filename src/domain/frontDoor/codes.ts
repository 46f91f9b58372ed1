/**
 * Code lists for the front door. Referral sources are the CIN census codes (DfE CIN census guide;
 * shared/specs/ssd-data-model/categories/referral_source.yml), used for contacts and referrals alike.
 */
export const REFERRAL_SOURCE = {
  '1A': 'Individual – family member, relative or carer',
  '1B': 'Individual – acquaintance (neighbour, childminder)',
  '1C': 'Individual – self',
  '1D': 'Individual – other (stranger, MP)',
  '2A': 'Schools',
  '2B': 'Education services',
  '3A': 'Health – GP',
  '3B': 'Health – health visitor',
  '3C': 'Health – school nurse',
  '3D': 'Health – other primary health services',
  '3E': 'Health – A&E',
  '3F': 'Health – other (for example hospice)',
  '4': 'Housing (council or housing association)',
  '5A': 'LA services – social care (for example adult social care)',
  '5B': 'LA services – other internal services',
  '5C': 'LA services – another local authority',
  '5D': 'LA services – early help',
  '6': 'Police',
  '7': 'Other legal agency (courts, probation, immigration, Cafcass, prison)',
  '8': 'Other (children’s centres, voluntary organisations)',
  '9': 'Anonymous',
  '10': 'Unknown',
} as const
export type ReferralSource = keyof typeof REFERRAL_SOURCE

export const CONTACT_CHANNEL = {
  phone: 'Phone',
  email: 'Email',
  portal: 'Online (partner portal)',
  police_notification: 'Police notification',
  edt: 'Out of hours (EDT)',
  letter: 'Letter',
  in_person: 'In person',
} as const
export type ContactChannel = keyof typeof CONTACT_CHANNEL

export const PARENTS_AWARE = { yes: 'Yes', no: 'No', not_known: 'Not known' } as const
export type ParentsAware = keyof typeof PARENTS_AWARE

export const CONSENT = {
  given: 'Parents consent to the contact',
  not_given: 'Parents do not consent',
  not_sought: 'Consent not sought',
} as const
export type Consent = keyof typeof CONSENT

/** The council's threshold levels (continuum of need). Configurable later; these are the common 1–4. */
export const THRESHOLD_LEVEL = {
  '1': 'Level 1 – universal',
  '2': 'Level 2 – early help',
  '3': 'Level 3 – targeted / child in need',
  '4': 'Level 4 – child protection / specialist',
} as const
export type ThresholdLevel = keyof typeof THRESHOLD_LEVEL

export const RAG = { red: 'Red', amber: 'Amber', green: 'Green' } as const
export type Rag = keyof typeof RAG

export const AGENCY = {
  police: 'Police',
  health: 'Health',
  education: 'Education',
  early_help: 'Early help',
  probation: 'Probation',
  housing: 'Housing',
  other: 'Other',
} as const
export type Agency = keyof typeof AGENCY

/**
 * The decision on a contact, child by child (Working Together: decided by a qualified manager within one
 * working day). `referral` opens a new referral, or joins the child's open case if there is one.
 */
export const CONTACT_OUTCOME = {
  nfa: 'No further action',
  information_advice: 'Information and advice',
  early_help: 'Early help',
  referral: 'Referral to children’s social care',
  strategy_discussion: 'Strategy discussion needed',
} as const
export type ContactOutcome = keyof typeof CONTACT_OUTCOME

export const FEEDBACK_METHOD = { phone: 'Phone', email: 'Email', letter: 'Letter', portal: 'Partner portal', in_person: 'In person' } as const
export type FeedbackMethod = keyof typeof FEEDBACK_METHOD
