/** Reading a CSV file a person gives a command: a real file, not too big, UTF-8 text — or one clear reason why not. */
import fs from 'node:fs/promises'

export async function readCsvText(file: string, maxBytes: number, sizeLabel: string): Promise<{ text: string } | { error: string }> {
  let bytes: Buffer
  try {
    const stat = await fs.stat(file)
    if (!stat.isFile()) return { error: `${file} is not a file` }
    if (stat.size > maxBytes) return { error: `${file} is larger than ${sizeLabel}: split it into smaller files` }
    bytes = await fs.readFile(file)
  } catch (e) {
    const code = (e as { code?: string }).code
    return { error: code === 'ENOENT' ? `there is no file ${file}` : `cannot read ${file}: ${(e as Error).message}` }
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) }
  } catch {
    return { error: `${file} is not a CSV text file (it is not UTF-8 text: save it from the spreadsheet as “CSV UTF-8”)` }
  }
}
