/**
 * Validates a CIN census file on disk, ours or anyone's: the 2025-26 rules, streamed child by child so a
 * file of any size is checked in bounded memory, and the schema check when the file is small enough for it.
 * Needs no database and no actor: it reads only the file it is given.
 */
import fs from 'node:fs'
import { CinCensusValidator } from '../../domain/returns/cinCensus/rules.ts'
import type { WorkingDayCalendar } from '../../domain/calendar/workingDays.ts'
import type { CinCensusHeader, CinRuleFailure } from '../../domain/returns/cinCensus/model.ts'
import { readCinCensusFile, statCinCensusFile, validateCinCensusXsd, XSD_SIZE_LIMIT_BYTES, type XsdProblem } from './cinCensusXml.ts'

export type CinSchemaCheck = {
  checked: boolean
  /** null when not checked. */
  valid: boolean | null
  problems: XsdProblem[]
  skippedReason?: string
}

export type CinFileValidation = {
  header: CinCensusHeader
  /** Number of <Child> elements read. */
  children: number
  /** Header failures first, then by child in file order, then return-level failures. */
  failures: CinRuleFailure[]
  schema: CinSchemaCheck
}

export type ValidateCinFileOptions = {
  /** Files larger than this skip the schema check (default XSD_SIZE_LIMIT_BYTES). */
  xsdSizeLimitBytes?: number
  calendar?: WorkingDayCalendar
}

const size = (n: number): string => (n < 1024 * 1024 ? `${Math.ceil(n / 1024)} KB` : `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`)

/** Throws CinCensusFileError when the file cannot be read as a CIN census return at all. */
export async function validateCinCensusFile(path: string, opts: ValidateCinFileOptions = {}): Promise<CinFileValidation> {
  const limit = opts.xsdSizeLimitBytes ?? XSD_SIZE_LIMIT_BYTES
  const bytes = (await statCinCensusFile(path)).size

  let validator: CinCensusValidator | undefined
  let header: CinCensusHeader = { sources: [] }
  let children = 0
  // Where each child starts, for cross-child failures found at the end (one number per child).
  const childLines: number[] = []
  // Sort key per failure: 0 header, 1 a child (by index), 2 the return as a whole.
  const found: { f: CinRuleFailure; group: number; child: number; seq: number }[] = []
  const add = (failures: CinRuleFailure[], whole: 0 | 2, lineOf?: (f: CinRuleFailure) => number | undefined): void => {
    for (const f of failures) {
      const line = f.line ?? lineOf?.(f)
      const failure = line === undefined ? f : { ...f, line }
      const group = f.childIndex === undefined ? whole : 1
      found.push({ f: failure, group, child: f.childIndex ?? 0, seq: found.length })
    }
  }

  await readCinCensusFile(path, {
    onHeader(h) {
      header = h
      validator = opts.calendar ? new CinCensusValidator(h, opts.calendar) : new CinCensusValidator(h)
      add(validator.headerFailures(), 0)
    },
    onChild(child, index) {
      children++
      if (child.line !== undefined) childLines[index] = child.line
      // Every failure here is about this child: name it, and point at its episode when there is one, else at the <Child>.
      const failures = validator!.child(child, index).map((f) => ({ ...f, childIndex: f.childIndex ?? index, laChildId: f.laChildId ?? child.laChildId }))
      add(failures, 2, (f) => (f.episodeIndex !== undefined ? child.episodes[f.episodeIndex]?.line : undefined) ?? child.line)
    },
  })
  add(validator!.finish(), 2, (f) => (f.childIndex === undefined ? undefined : childLines[f.childIndex]))
  found.sort((a, b) => a.group - b.group || a.child - b.child || a.seq - b.seq)

  let schema: CinSchemaCheck
  if (bytes > limit) {
    schema = { checked: false, valid: null, problems: [], skippedReason: `the file is ${size(bytes)}, over the ${size(limit)} limit for the schema check` }
  } else {
    try {
      const r = await validateCinCensusXsd(await fs.promises.readFile(path))
      schema = { checked: true, valid: r.valid, problems: r.problems }
    } catch (e) {
      schema = { checked: false, valid: null, problems: [], skippedReason: `the schema checker failed: ${(e as Error).message}` }
    }
  }
  return { header, children, failures: found.map((x) => x.f), schema }
}
