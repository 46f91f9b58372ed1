/**
 * DfE 3-digit local authority codes (the "LA number" in a UPN's characters 2–4, the LEA in a CIN
 * census header, `--la` on the command line).
 *
 * The set of codes is the one the CIN census rule 1530 accepts from 2023-24 ("post April 1998 LA code
 * or a recognised pseudo LA code", with 942 Cumberland and 943 Westmorland and Furness added), as
 * implemented in data-to-insight/csc-validator-be-cin, cin_validator/rules/cin2023_24/rule_1530.py
 * (MIT). It keeps codes of councils that have since been merged (e.g. 909 Cumbria, 928
 * Northamptonshire) because older UPNs still carry them. Names are the DfE (Get Information about
 * Schools) names; the pseudo codes and the Welsh and other non-English ranges the rule accepts have
 * descriptive names only.
 */

const NAMED: ReadonlyArray<readonly [string, string]> = [
  ['201', 'City of London'], ['202', 'Camden'], ['203', 'Greenwich'], ['204', 'Hackney'],
  ['205', 'Hammersmith and Fulham'], ['206', 'Islington'], ['207', 'Kensington and Chelsea'],
  ['208', 'Lambeth'], ['209', 'Lewisham'], ['210', 'Southwark'], ['211', 'Tower Hamlets'],
  ['212', 'Wandsworth'], ['213', 'Westminster'],
  ['301', 'Barking and Dagenham'], ['302', 'Barnet'], ['303', 'Bexley'], ['304', 'Brent'],
  ['305', 'Bromley'], ['306', 'Croydon'], ['307', 'Ealing'], ['308', 'Enfield'], ['309', 'Haringey'],
  ['310', 'Harrow'], ['311', 'Havering'], ['312', 'Hillingdon'], ['313', 'Hounslow'],
  ['314', 'Kingston upon Thames'], ['315', 'Merton'], ['316', 'Newham'], ['317', 'Redbridge'],
  ['318', 'Richmond upon Thames'], ['319', 'Sutton'], ['320', 'Waltham Forest'],
  ['330', 'Birmingham'], ['331', 'Coventry'], ['332', 'Dudley'], ['333', 'Sandwell'], ['334', 'Solihull'],
  ['335', 'Walsall'], ['336', 'Wolverhampton'],
  ['340', 'Knowsley'], ['341', 'Liverpool'], ['342', 'St. Helens'], ['343', 'Sefton'], ['344', 'Wirral'],
  ['350', 'Bolton'], ['351', 'Bury'], ['352', 'Manchester'], ['353', 'Oldham'], ['354', 'Rochdale'],
  ['355', 'Salford'], ['356', 'Stockport'], ['357', 'Tameside'], ['358', 'Trafford'], ['359', 'Wigan'],
  ['370', 'Barnsley'], ['371', 'Doncaster'], ['372', 'Rotherham'], ['373', 'Sheffield'],
  ['380', 'Bradford'], ['381', 'Calderdale'], ['382', 'Kirklees'], ['383', 'Leeds'], ['384', 'Wakefield'],
  ['390', 'Gateshead'], ['391', 'Newcastle upon Tyne'], ['392', 'North Tyneside'], ['393', 'South Tyneside'],
  ['394', 'Sunderland'],
  ['420', 'Isles of Scilly'],
  ['800', 'Bath and North East Somerset'], ['801', 'Bristol, City of'], ['802', 'North Somerset'],
  ['803', 'South Gloucestershire'], ['805', 'Hartlepool'], ['806', 'Middlesbrough'],
  ['807', 'Redcar and Cleveland'], ['808', 'Stockton-on-Tees'], ['810', 'Kingston upon Hull, City of'],
  ['811', 'East Riding of Yorkshire'], ['812', 'North East Lincolnshire'], ['813', 'North Lincolnshire'],
  ['815', 'North Yorkshire'], ['816', 'York'], ['820', 'Bedfordshire (before April 2009)'], ['821', 'Luton'],
  ['822', 'Bedford'], ['823', 'Central Bedfordshire'], ['825', 'Buckinghamshire'], ['826', 'Milton Keynes'],
  ['830', 'Derbyshire'], ['831', 'Derby'], ['835', 'Dorset (before April 2019)'], ['836', 'Poole (before April 2019)'],
  ['837', 'Bournemouth (before April 2019)'], ['838', 'Dorset'], ['839', 'Bournemouth, Christchurch and Poole'],
  ['840', 'County Durham'], ['841', 'Darlington'], ['845', 'East Sussex'], ['846', 'Brighton and Hove'],
  ['850', 'Hampshire'], ['851', 'Portsmouth'], ['852', 'Southampton'], ['855', 'Leicestershire'],
  ['856', 'Leicester'], ['857', 'Rutland'], ['860', 'Staffordshire'], ['861', 'Stoke-on-Trent'],
  ['865', 'Wiltshire'], ['866', 'Swindon'], ['867', 'Bracknell Forest'], ['868', 'Windsor and Maidenhead'],
  ['869', 'West Berkshire'], ['870', 'Reading'], ['871', 'Slough'], ['872', 'Wokingham'],
  ['873', 'Cambridgeshire'], ['874', 'Peterborough'], ['875', 'Cheshire (before April 2009)'], ['876', 'Halton'],
  ['877', 'Warrington'], ['878', 'Devon'], ['879', 'Plymouth'], ['880', 'Torbay'], ['881', 'Essex'],
  ['882', 'Southend-on-Sea'], ['883', 'Thurrock'], ['884', 'Herefordshire'], ['885', 'Worcestershire'],
  ['886', 'Kent'], ['887', 'Medway'], ['888', 'Lancashire'], ['889', 'Blackburn with Darwen'],
  ['890', 'Blackpool'], ['891', 'Nottinghamshire'], ['892', 'Nottingham'], ['893', 'Shropshire'],
  ['894', 'Telford and Wrekin'], ['895', 'Cheshire East'], ['896', 'Cheshire West and Chester'],
  ['908', 'Cornwall'], ['909', 'Cumbria (before April 2023)'], ['916', 'Gloucestershire'], ['919', 'Hertfordshire'],
  ['921', 'Isle of Wight'], ['925', 'Lincolnshire'], ['926', 'Norfolk'], ['928', 'Northamptonshire (before April 2021)'],
  ['929', 'Northumberland'], ['931', 'Oxfordshire'], ['933', 'Somerset'], ['935', 'Suffolk'], ['936', 'Surrey'],
  ['937', 'Warwickshire'], ['938', 'West Sussex'], ['940', 'North Northamptonshire'],
  ['941', 'West Northamptonshire'], ['942', 'Cumberland'], ['943', 'Westmorland and Furness'],
]

function range(from: number, to: number, name: (code: string) => string): Array<[string, string]> {
  const out: Array<[string, string]> = []
  for (let n = from; n <= to; n++) {
    const code = String(n).padStart(3, '0')
    out.push([code, name(code)])
  }
  return out
}

/** Code → name, in code order. */
export const LA_CODES: ReadonlyMap<string, string> = new Map(
  [
    ...range(1, 5, (c) => `Pseudo LA code ${c}`),
    ...NAMED,
    ...range(660, 681, (c) => `Welsh local authority ${c}`),
    ...range(701, 708, (c) => `Pseudo LA code ${c}`),
  ].sort((a, b) => a[0].localeCompare(b[0])),
)

/** A recognised DfE LA code: exactly three digits and in LA_CODES. */
export function isLaCode(s: unknown): boolean {
  return typeof s === 'string' && /^\d{3}$/.test(s) && LA_CODES.has(s)
}
