import { fork, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { acquireDataDirLock } from './dataDirLock.ts'

export type EmbeddedDatabase = {
  url: string
  child: ChildProcess
  stop: () => Promise<void>
}

/** A free TCP port on loopback (also used by the county bench for its server). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      const p = typeof addr === 'object' && addr ? addr.port : 0
      srv.close(() => resolve(p))
    })
  })
}

/**
 * Locks the data folder, then starts PGlite in a child process behind a loopback socket.
 * `dataDir` may be 'memory://' for a throwaway database (tests).
 */
export async function startEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  const release = dataDir === 'memory://' ? () => {} : acquireDataDirLock(dataDir)
  const pgdata = dataDir === 'memory://' ? dataDir : path.join(dataDir, 'pgdata')
  try {
    const port = await freePort()
    const script = fileURLToPath(new URL('./pgliteServer.ts', import.meta.url))
    const child = fork(script, [pgdata, String(port)], {
      execArgv: ['--import', import.meta.resolve('tsx')],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    await new Promise<void>((resolve, reject) => {
      child.once('message', (m: { ready?: boolean; error?: string }) => {
        if (m.ready) resolve()
        else reject(new Error(`The embedded database did not start: ${m.error ?? 'unknown error'}`))
      })
      child.once('exit', (code) => reject(new Error(`The embedded database exited early (code ${code})`)))
    })
    child.removeAllListeners('exit')
    child.on('exit', release)
    let stopped = false
    const stop = async (): Promise<void> => {
      if (stopped) return
      stopped = true
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((r) => child.once('exit', () => r()))
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
        await exited
        clearTimeout(timer)
      }
      release()
    }
    // If this process dies, take the database down with it rather than leave an orphan holding the folder.
    process.once('exit', () => {
      if (child.exitCode === null) child.kill('SIGTERM')
      release()
    })
    return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, child, stop }
  } catch (e) {
    release()
    throw e
  }
}
