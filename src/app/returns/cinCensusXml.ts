/**
 * Reading and writing CIN census XML, and checking it against the 2025-26 schema
 * (schemas/cin-census-2025-26.adapted.xsd; structure in ../shared/specs/cin-census/SPEC.md section b).
 */
import fs from 'node:fs'
import { SaxesParser } from 'saxes'
import { memoryPages, validateXML } from 'xmllint-wasm'
import type {
  CinCensusAssessment,
  CinCensusChild,
  CinCensusCinPlan,
  CinCensusCpPlan,
  CinCensusEpisode,
  CinCensusHeader,
  CinCensusReturn,
  CinCensusSection47,
  CinCensusSource,
} from '../../domain/returns/cinCensus/model.ts'

// ---------------------------------------------------------------------------------------------- writing

type Value = string | undefined

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }
const escapeXml = (v: string): string => v.replace(/[&<>"']/g, (c) => ESCAPES[c] as string)

/**
 * A plain string writer, pretty-printed with two-space indents. Written by hand rather than with a DOM
 * builder: a county's return (30,000 children, ~35 MB) built as a DOM took about 750 MB and 5 s; as
 * strings it is a few times the file's size and well under a second.
 */
class Writer {
  private readonly parts: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n']
  private depth = 0
  open(name: string): void {
    this.parts.push(`${'  '.repeat(this.depth)}<${name}>\n`)
    this.depth++
  }
  close(name: string): void {
    this.depth--
    this.parts.push(`${'  '.repeat(this.depth)}</${name}>\n`)
  }
  /** <name>value</name> unless there is no value: optional elements are omitted, never sent empty. */
  leaf(name: string, value: Value): void {
    if (value !== undefined && value !== '') this.parts.push(`${'  '.repeat(this.depth)}<${name}>${escapeXml(value)}</${name}>\n`)
  }
  /** A wrapper with repeated children (Disabilities, FactorsIdentifiedAtAssessment, Reviews); empty → omitted (an empty one is a schema error). */
  list(wrapper: string, item: string, values: string[] | undefined): void {
    const present = (values ?? []).filter((v) => v !== '')
    if (present.length === 0) return
    this.open(wrapper)
    for (const v of present) this.leaf(item, v)
    this.close(wrapper)
  }
  text(): string {
    return this.parts.join('')
  }
}

/** The XML text of a return: element order of the schema, no namespace, empty elements omitted. */
export function writeCinCensusXml(ret: CinCensusReturn): string {
  const w = new Writer()
  w.open('Message')
  w.open('Header')
  const h = ret.header
  if ([h.collection, h.year, h.referenceDate].some((v) => v !== undefined && v !== '')) {
    w.open('CollectionDetails')
    w.leaf('Collection', h.collection)
    w.leaf('Year', h.year)
    w.leaf('ReferenceDate', h.referenceDate)
    w.close('CollectionDetails')
  }
  for (const s of h.sources) {
    w.open('Source')
    w.leaf('SourceLevel', s.sourceLevel)
    w.leaf('LEA', s.lea)
    w.leaf('SoftwareCode', s.softwareCode)
    w.leaf('Release', s.release)
    w.leaf('SerialNo', s.serialNo)
    w.leaf('DateTime', s.dateTime)
    w.close('Source')
  }
  w.close('Header')
  w.open('Children')
  for (const c of ret.children) {
    w.open('Child')
    w.open('ChildIdentifiers')
    w.leaf('LAchildID', c.laChildId)
    w.leaf('UPN', c.upn)
    w.leaf('FormerUPN', c.formerUpn)
    w.leaf('UPNunknown', c.upnUnknown)
    w.leaf('PersonBirthDate', c.personBirthDate)
    w.leaf('ExpectedPersonBirthDate', c.expectedPersonBirthDate)
    w.leaf('Sex', c.sex)
    w.leaf('PersonDeathDate', c.personDeathDate)
    w.close('ChildIdentifiers')
    w.open('ChildCharacteristics')
    w.leaf('Ethnicity', c.ethnicity)
    w.list('Disabilities', 'Disability', c.disabilities)
    w.close('ChildCharacteristics')
    for (const e of c.episodes) {
      w.open('CINdetails')
      w.leaf('CINreferralDate', e.cinReferralDate)
      w.leaf('ReferralSource', e.referralSource)
      w.leaf('PrimaryNeedCode', e.primaryNeedCode)
      w.leaf('CINclosureDate', e.cinClosureDate)
      w.leaf('ReasonForClosure', e.reasonForClosure)
      w.leaf('DateOfInitialCPC', e.dateOfInitialCpc)
      for (const a of e.assessments) {
        w.open('Assessments')
        w.leaf('AssessmentActualStartDate', a.actualStartDate)
        w.leaf('AssessmentInternalReviewDate', a.internalReviewDate)
        w.leaf('AssessmentAuthorisationDate', a.authorisationDate)
        w.list('FactorsIdentifiedAtAssessment', 'AssessmentFactors', a.factors)
        w.close('Assessments')
      }
      for (const p of e.cinPlans) {
        w.open('CINPlanDates')
        w.leaf('CINPlanStartDate', p.startDate)
        w.leaf('CINPlanEndDate', p.endDate)
        w.close('CINPlanDates')
      }
      for (const s of e.section47s) {
        w.open('Section47')
        w.leaf('S47ActualStartDate', s.actualStartDate)
        w.leaf('InitialCPCtarget', s.initialCpcTarget)
        w.leaf('DateOfInitialCPC', s.dateOfInitialCpc)
        w.leaf('ICPCnotRequired', s.icpcNotRequired)
        w.close('Section47')
      }
      // The schema puts ReferralNFA after Section47 and before ChildProtectionPlans.
      w.leaf('ReferralNFA', e.referralNfa)
      for (const p of e.cpPlans) {
        w.open('ChildProtectionPlans')
        w.leaf('CPPstartDate', p.startDate)
        w.leaf('CPPendDate', p.endDate)
        w.leaf('InitialCategoryOfAbuse', p.initialCategoryOfAbuse)
        w.leaf('LatestCategoryOfAbuse', p.latestCategoryOfAbuse)
        w.leaf('NumberOfPreviousCPP', p.numberOfPreviousCpp)
        w.list('Reviews', 'CPPreviewDate', p.reviewDates)
        w.close('ChildProtectionPlans')
      }
      w.close('CINdetails')
    }
    w.close('Child')
  }
  w.close('Children')
  w.close('Message')
  return w.text()
}

// ---------------------------------------------------------------------------------------------- schema

export type XsdProblem = { line: number | null; message: string }

/**
 * Above this size the schema check is skipped: xmllint-wasm copies the whole document into wasm memory and
 * builds a tree of it, so a very large file would exhaust memory. The rule checks still stream through it.
 */
export const XSD_SIZE_LIMIT_BYTES = 50 * 1024 * 1024

const SCHEMA_URL = new URL('../../../schemas/cin-census-2025-26.adapted.xsd', import.meta.url)
let schemaText: string | undefined

/** Checks XML text against ../shared/specs/cin-census/cin-census-2025-26.adapted.xsd (a copy is committed in the repo). */
export async function validateCinCensusXsd(xml: string | Uint8Array): Promise<{ valid: boolean; problems: XsdProblem[] }> {
  schemaText ??= await fs.promises.readFile(SCHEMA_URL, 'utf8')
  const bytes = typeof xml === 'string' ? Buffer.byteLength(xml) : xml.byteLength
  const result = await validateXML({
    xml: [{ fileName: 'return.xml', contents: xml }],
    schema: [{ fileName: 'cin-census-2025-26.xsd', contents: schemaText }],
    // Room for the document (held twice: file and tree) well beyond the 32 MiB default; pages are 64 KiB.
    maxMemoryPages: Math.min(memoryPages.max, Math.max(memoryPages.defaultMaxMemoryPages, Math.ceil((bytes * 12) / 65536) + 1024)),
  })
  const problems = result.errors.map((e) => ({
    line: e.loc?.lineNumber ?? null,
    message: e.message.replace(/^Schemas validity error : /, '').replace(/^Schemas parser error : /, '').trim(),
  }))
  return { valid: result.valid, problems }
}

// ---------------------------------------------------------------------------------------------- reading

/** A file that cannot be read as a CIN census return at all (missing, empty, not XML, another kind of XML). */
export class CinCensusFileError extends Error {
  constructor(
    message: string,
    readonly kind: 'missing' | 'directory' | 'unreadable' | 'empty' | 'not-xml' | 'malformed' | 'not-cin',
  ) {
    super(message)
    this.name = 'CinCensusFileError'
  }
}

/** Existence, kind and size of the file, as CinCensusFileError when it is not a readable, non-empty file. */
export async function statCinCensusFile(path: string): Promise<fs.Stats> {
  let st: fs.Stats
  try {
    st = await fs.promises.stat(path)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new CinCensusFileError(`${path} does not exist`, 'missing')
    throw new CinCensusFileError(`${path} cannot be read: ${(e as Error).message}`, 'unreadable')
  }
  if (st.isDirectory()) throw new CinCensusFileError(`${path} is a directory, not a file`, 'directory')
  if (!st.isFile()) throw new CinCensusFileError(`${path} is not a regular file`, 'unreadable')
  if (st.size === 0) throw new CinCensusFileError(`${path} is empty`, 'empty')
  return st
}

/** Streams a file: calls onHeader once, then onChild per <Child>, never holding the whole file in memory. */
export type CinCensusReadHandlers = { onHeader(h: CinCensusHeader): void; onChild(c: CinCensusChild, index: number): void }

type Cursor = {
  header: CinCensusHeader
  source?: CinCensusSource
  child?: CinCensusChild
  episode?: CinCensusEpisode
  assessment?: CinCensusAssessment
  cinPlan?: CinCensusCinPlan
  section47?: CinCensusSection47
  cpPlan?: CinCensusCpPlan
}

const H = 'Message/Header'
const CHILD = 'Message/Children/Child'
const EP = `${CHILD}/CINdetails`

/** Elements that start a new record (or an empty list) when they open, by full path. */
const OPENERS: Record<string, (c: Cursor, line: number) => void> = {
  [`${H}/Source`]: (c) => {
    c.source = {}
    c.header.sources.push(c.source)
  },
  [CHILD]: (c, line) => {
    c.child = { line, episodes: [] }
  },
  [`${CHILD}/ChildCharacteristics/Disabilities`]: (c) => {
    if (c.child) c.child.disabilities ??= []
  },
  [EP]: (c, line) => {
    c.episode = { line, assessments: [], cinPlans: [], section47s: [], cpPlans: [] }
    c.child?.episodes.push(c.episode)
  },
  [`${EP}/Assessments`]: (c) => {
    c.assessment = {}
    c.episode?.assessments.push(c.assessment)
  },
  [`${EP}/Assessments/FactorsIdentifiedAtAssessment`]: (c) => {
    if (c.assessment) c.assessment.factors ??= []
  },
  [`${EP}/CINPlanDates`]: (c) => {
    c.cinPlan = {}
    c.episode?.cinPlans.push(c.cinPlan)
  },
  [`${EP}/Section47`]: (c) => {
    c.section47 = {}
    c.episode?.section47s.push(c.section47)
  },
  [`${EP}/ChildProtectionPlans`]: (c) => {
    c.cpPlan = {}
    c.episode?.cpPlans.push(c.cpPlan)
  },
  [`${EP}/ChildProtectionPlans/Reviews`]: (c) => {
    if (c.cpPlan) c.cpPlan.reviewDates ??= []
  },
}

/** Leaf elements, by full path: where their (trimmed, non-empty) text goes. */
const LEAVES: Record<string, (c: Cursor, v: string) => void> = {
  [`${H}/CollectionDetails/Collection`]: (c, v) => (c.header.collection = v),
  [`${H}/CollectionDetails/Year`]: (c, v) => (c.header.year = v),
  [`${H}/CollectionDetails/ReferenceDate`]: (c, v) => (c.header.referenceDate = v),
  [`${H}/Source/SourceLevel`]: (c, v) => c.source && (c.source.sourceLevel = v),
  [`${H}/Source/LEA`]: (c, v) => c.source && (c.source.lea = v),
  [`${H}/Source/SoftwareCode`]: (c, v) => c.source && (c.source.softwareCode = v),
  [`${H}/Source/Release`]: (c, v) => c.source && (c.source.release = v),
  [`${H}/Source/SerialNo`]: (c, v) => c.source && (c.source.serialNo = v),
  [`${H}/Source/DateTime`]: (c, v) => c.source && (c.source.dateTime = v),
  [`${CHILD}/ChildIdentifiers/LAchildID`]: (c, v) => c.child && (c.child.laChildId = v),
  [`${CHILD}/ChildIdentifiers/UPN`]: (c, v) => c.child && (c.child.upn = v),
  [`${CHILD}/ChildIdentifiers/FormerUPN`]: (c, v) => c.child && (c.child.formerUpn = v),
  [`${CHILD}/ChildIdentifiers/UPNunknown`]: (c, v) => c.child && (c.child.upnUnknown = v),
  [`${CHILD}/ChildIdentifiers/PersonBirthDate`]: (c, v) => c.child && (c.child.personBirthDate = v),
  [`${CHILD}/ChildIdentifiers/ExpectedPersonBirthDate`]: (c, v) => c.child && (c.child.expectedPersonBirthDate = v),
  [`${CHILD}/ChildIdentifiers/Sex`]: (c, v) => c.child && (c.child.sex = v),
  [`${CHILD}/ChildIdentifiers/PersonDeathDate`]: (c, v) => c.child && (c.child.personDeathDate = v),
  [`${CHILD}/ChildCharacteristics/Ethnicity`]: (c, v) => c.child && (c.child.ethnicity = v),
  [`${CHILD}/ChildCharacteristics/Disabilities/Disability`]: (c, v) => c.child?.disabilities?.push(v),
  [`${EP}/CINreferralDate`]: (c, v) => c.episode && (c.episode.cinReferralDate = v),
  [`${EP}/ReferralSource`]: (c, v) => c.episode && (c.episode.referralSource = v),
  [`${EP}/PrimaryNeedCode`]: (c, v) => c.episode && (c.episode.primaryNeedCode = v),
  [`${EP}/CINclosureDate`]: (c, v) => c.episode && (c.episode.cinClosureDate = v),
  [`${EP}/ReasonForClosure`]: (c, v) => c.episode && (c.episode.reasonForClosure = v),
  [`${EP}/DateOfInitialCPC`]: (c, v) => c.episode && (c.episode.dateOfInitialCpc = v),
  [`${EP}/ReferralNFA`]: (c, v) => c.episode && (c.episode.referralNfa = v),
  [`${EP}/Assessments/AssessmentActualStartDate`]: (c, v) => c.assessment && (c.assessment.actualStartDate = v),
  [`${EP}/Assessments/AssessmentInternalReviewDate`]: (c, v) => c.assessment && (c.assessment.internalReviewDate = v),
  [`${EP}/Assessments/AssessmentAuthorisationDate`]: (c, v) => c.assessment && (c.assessment.authorisationDate = v),
  [`${EP}/Assessments/FactorsIdentifiedAtAssessment/AssessmentFactors`]: (c, v) => c.assessment?.factors?.push(v),
  [`${EP}/CINPlanDates/CINPlanStartDate`]: (c, v) => c.cinPlan && (c.cinPlan.startDate = v),
  [`${EP}/CINPlanDates/CINPlanEndDate`]: (c, v) => c.cinPlan && (c.cinPlan.endDate = v),
  [`${EP}/Section47/S47ActualStartDate`]: (c, v) => c.section47 && (c.section47.actualStartDate = v),
  [`${EP}/Section47/InitialCPCtarget`]: (c, v) => c.section47 && (c.section47.initialCpcTarget = v),
  [`${EP}/Section47/DateOfInitialCPC`]: (c, v) => c.section47 && (c.section47.dateOfInitialCpc = v),
  [`${EP}/Section47/ICPCnotRequired`]: (c, v) => c.section47 && (c.section47.icpcNotRequired = v),
  [`${EP}/ChildProtectionPlans/CPPstartDate`]: (c, v) => c.cpPlan && (c.cpPlan.startDate = v),
  [`${EP}/ChildProtectionPlans/CPPendDate`]: (c, v) => c.cpPlan && (c.cpPlan.endDate = v),
  [`${EP}/ChildProtectionPlans/InitialCategoryOfAbuse`]: (c, v) => c.cpPlan && (c.cpPlan.initialCategoryOfAbuse = v),
  [`${EP}/ChildProtectionPlans/LatestCategoryOfAbuse`]: (c, v) => c.cpPlan && (c.cpPlan.latestCategoryOfAbuse = v),
  [`${EP}/ChildProtectionPlans/NumberOfPreviousCPP`]: (c, v) => c.cpPlan && (c.cpPlan.numberOfPreviousCpp = v),
  [`${EP}/ChildProtectionPlans/Reviews/CPPreviewDate`]: (c, v) => c.cpPlan?.reviewDates?.push(v),
}

/** Wrappers whose list holds what was read, even when an item is empty (so the count is right). */
const LIST_ITEMS = new Set([
  `${CHILD}/ChildCharacteristics/Disabilities/Disability`,
  `${EP}/Assessments/FactorsIdentifiedAtAssessment/AssessmentFactors`,
  `${EP}/ChildProtectionPlans/Reviews/CPPreviewDate`,
])

/**
 * saxes only reports text before the root element once the run of text ends (perhaps the end of a large
 * file), at that end; a file whose first character is not '<' is refused at once, at that character.
 * Returns whether the start has been seen (false while the file has been only whitespace so far).
 */
function checkStartsLikeXml(path: string, chunk: string): boolean {
  const m = /^\uFEFF?(\s*)(\S)?/.exec(chunk)!
  if (m[2] === undefined) return false
  if (m[2] === '<') return true
  const before = m[1]!.split(/\r\n|\r|\n/)
  const where = `line ${before.length}, column ${before[before.length - 1]!.length + 1}`
  throw new CinCensusFileError(`${path} is not an XML file: ${where}: text data outside of root node`, 'not-xml')
}

/**
 * Streams a file: calls onHeader once, then onChild per <Child>, never holding the whole file in memory.
 * Elements the 2025-26 schema does not have (e.g. PreProceedingsandFGDM) and stray text are ignored here:
 * the schema check reports them. An empty leaf element reads as absent (as the DfE validator treats it).
 * Throws CinCensusFileError for a file that is missing, empty, not XML, malformed or not a CIN census.
 */
export async function readCinCensusFile(path: string, handlers: CinCensusReadHandlers): Promise<void> {
  await statCinCensusFile(path)
  const parser = new SaxesParser({ position: true })
  const stack: string[] = []
  let text = ''
  let rootSeen = false
  let headerSent = false
  let childIndex = 0
  const cursor: Cursor = { header: { sources: [] } }

  const sendHeader = (): void => {
    if (headerSent) return
    headerSent = true
    handlers.onHeader(cursor.header)
  }

  parser.on('error', (err) => {
    const m = /^(\d+):(\d+): (.*)$/.exec(err.message)
    const where = m ? `line ${m[1]}, column ${m[2]}: ${m[3]}` : err.message
    const detail = where.replace(/\.$/, '')
    if (!rootSeen) throw new CinCensusFileError(`${path} is not an XML file: ${detail}`, 'not-xml')
    throw new CinCensusFileError(`${path} is not well-formed XML: ${detail}`, 'malformed')
  })
  parser.on('opentag', (tag) => {
    if (!rootSeen) {
      rootSeen = true
      if (tag.name !== 'Message') {
        throw new CinCensusFileError(`${path} is not a CIN census file: its root element is <${tag.name}>, expected <Message>`, 'not-cin')
      }
    }
    stack.push(tag.name)
    text = ''
    const p = stack.join('/')
    if (p === 'Message/Children') sendHeader()
    OPENERS[p]?.(cursor, parser.line)
  })
  parser.on('text', (t) => {
    // Only a leaf's own text is kept; long stray text between elements must not grow without bound.
    if (text.length < 10_000) text += t
  })
  parser.on('cdata', (t) => {
    if (text.length < 10_000) text += t
  })
  parser.on('closetag', () => {
    const p = stack.join('/')
    const value = text.trim()
    text = ''
    const set = LEAVES[p]
    if (set && (value !== '' || LIST_ITEMS.has(p))) set(cursor, value)
    if (p === H) sendHeader()
    else if (p === CHILD && cursor.child) {
      sendHeader()
      const child = cursor.child
      cursor.child = cursor.episode = cursor.assessment = cursor.cinPlan = cursor.section47 = cursor.cpPlan = undefined
      handlers.onChild(child, childIndex++)
    }
    stack.pop()
  })

  const stream = fs.createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 })
  let started = false
  try {
    for await (const chunk of stream) {
      if (!started) started = checkStartsLikeXml(path, chunk as string)
      parser.write(chunk as string)
    }
    parser.close()
  } catch (e) {
    if (e instanceof CinCensusFileError) throw e
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'EISDIR') throw new CinCensusFileError(`${path} is a directory, not a file`, 'directory')
    if (code) throw new CinCensusFileError(`${path} cannot be read: ${(e as Error).message}`, 'unreadable')
    throw e
  } finally {
    stream.destroy()
  }
  sendHeader()
}
