/** What CLI and file tests share: captured output, a temporary folder for the file's tests, a seeded PRNG. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before } from 'node:test'
import type { ImportOutput } from '../../src/cli/importPoliceNotifications.ts'
import { mulberry32 } from '../../src/domain/shared/random.ts'

/** stdout and stderr as strings, for commands that take an output pair. */
export function capture(): ImportOutput & { text: () => { stdout: string; stderr: string } } {
  let stdout = ''
  let stderr = ''
  return {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    text: () => ({ stdout, stderr }),
  }
}

/** A folder made before the file's tests and removed after them; call `dir()` inside a test. */
export function tempDirSuite(prefix: string): { dir: () => string } {
  let dir = ''
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  })
  after(() => fs.rmSync(dir, { recursive: true, force: true }))
  return { dir: () => dir }
}

/** A small deterministic PRNG (mulberry32) for property checks: the same cases on every run. */
export const prng = mulberry32
