import fs from 'node:fs'
import path from 'node:path'

/**
 * PGlite has no lock of its own: two processes on one data folder both open it and one silently loses
 * its writes (measured, see docs/adr/0002). We take an exclusive lock file (O_EXCL) holding our pid;
 * a lock left by a process that no longer exists is taken over.
 */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `Harbour is already running on the data folder ${dataDir} (process ${pid}).\n` +
        `Stop that process first, or use another folder with HARBOUR_DATA_DIR. ` +
        `Two processes on one embedded database would lose data.`,
    )
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export function acquireDataDirLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true })
  const lockPath = path.join(dataDir, 'harbour.lock')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, 'wx')
      fs.writeSync(fd, String(process.pid))
      fs.closeSync(fd)
      let released = false
      return () => {
        if (released) return
        released = true
        try {
          if (fs.readFileSync(lockPath, 'utf8').trim() === String(process.pid)) fs.unlinkSync(lockPath)
        } catch {
          /* already gone */
        }
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      const pid = Number.parseInt(fs.readFileSync(lockPath, 'utf8').trim(), 10)
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) {
        throw new DataDirLockedError(dataDir, pid)
      }
      // Stale lock from a process that died: remove it and try once more.
      fs.rmSync(lockPath, { force: true })
    }
  }
  throw new Error(`Could not lock the data folder ${dataDir}`)
}
