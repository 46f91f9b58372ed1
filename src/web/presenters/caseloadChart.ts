/**
 * A server-rendered bar chart of a team's caseloads: one horizontal bar per worker (children held as
 * allocated worker), with their limit marked. Shown beside the accessible table that holds the same
 * figures. No client JS; CSP-safe (presentation attributes only, no style attributes).
 */
import type { WorkerCaseload } from '../../app/allocation/caseloads.ts'

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')

const WIDTH = 640
const LABEL = 190
const RIGHT = 90
const ROW = 30
const BAR = 18
const TOP = 10
const AXIS = 30

export function caseloadChartSvg(rows: WorkerCaseload[]): string {
  const plot = WIDTH - LABEL - RIGHT
  const max = Math.max(1, ...rows.map((r) => Math.max(r.children, r.limit)))
  const scale = (n: number) => Math.round((n / max) * plot * 10) / 10
  const height = TOP + rows.length * ROW + AXIS
  const over = rows.filter((r) => r.overLimit)
  const desc =
    rows.length === 0
      ? 'No workers in this team.'
      : `${rows.map((r) => `${r.name}: ${r.children} of ${r.limit}${r.overLimit ? ' (over the limit)' : ''}`).join('; ')}.` +
        (over.length ? ` ${over.length} ${over.length === 1 ? 'worker is' : 'workers are'} over their limit.` : ' No worker is over their limit.')
  const bars = rows
    .map((r, i) => {
      const y = TOP + i * ROW
      const barY = y + (ROW - BAR) / 2
      const w = scale(r.children)
      const limitX = LABEL + scale(r.limit)
      const fill = r.overLimit ? '#d4351c' : r.atOrOverLimit ? '#f47738' : '#1d70b8'
      return [
        `<g>`,
        `<text x="${LABEL - 8}" y="${barY + BAR / 2}" text-anchor="end" dominant-baseline="middle" font-size="14" fill="#0b0c0c">${esc(r.name)}</text>`,
        `<rect x="${LABEL}" y="${barY}" width="${w}" height="${BAR}" fill="${fill}"></rect>`,
        `<line x1="${limitX}" y1="${y + 2}" x2="${limitX}" y2="${y + ROW - 2}" stroke="#0b0c0c" stroke-width="3"></line>`,
        `<text x="${LABEL + Math.max(w, scale(r.limit)) + 8}" y="${barY + BAR / 2}" dominant-baseline="middle" font-size="14" fill="#0b0c0c">${r.children} of ${r.limit}</text>`,
        `</g>`,
      ].join('')
    })
    .join('')
  const axisY = TOP + rows.length * ROW + 4
  const legend =
    `<line x1="${LABEL}" y1="${axisY + 12}" x2="${LABEL}" y2="${axisY + 26}" stroke="#0b0c0c" stroke-width="3"></line>` +
    `<text x="${LABEL + 8}" y="${axisY + 19}" dominant-baseline="middle" font-size="13" fill="#0b0c0c">Line: the worker’s caseload limit</text>`
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="harbour-caseload-chart" role="img" aria-labelledby="caseload-chart-title caseload-chart-desc" viewBox="0 0 ${WIDTH} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" font-family="GDS Transport, arial, sans-serif">` +
    `<title id="caseload-chart-title">Children held by each worker against their caseload limit</title>` +
    `<desc id="caseload-chart-desc">${esc(desc)}</desc>` +
    bars +
    legend +
    `</svg>`
  )
}
