/**
 * `harbour due RULE DATE [--framework fa2000|wt2010|wt2023]`: prints the due date of a statutory
 * timescale, counting England and Wales working days. Without --framework, the framework is the one
 * in force in England on DATE (REFERENCE §2: rules are chosen by the anchor event's date). src/cli/main.ts calls runDue with the arguments
 * after `due` and writes stdout/stderr and the exit code; runDue itself does no I/O.
 */
import { isValidIsoDate } from '../domain/shared/dates.ts'
import { FRAMEWORKS, RULES, RULE_NAMES, dueDate, isFramework, isRuleName, type Framework } from '../domain/timescales/rules.ts'
import { DEFAULT_FRAMEWORK_PERIODS, frameworkPeriodOn } from '../domain/assessments/frameworks.ts'

export type CommandOutput = { code: number; stdout: string; stderr: string }

const USAGE_LINE = `Usage: harbour due RULE DATE [--framework ${FRAMEWORKS.join('|')}]`

function unitLabel(amount: number, unit: string): string {
  const word = unit === 'workingDays' ? 'working day' : unit === 'calendarMonths' ? 'month' : 'week'
  return `${amount} ${word}${amount === 1 ? '' : 's'}`
}

function ruleList(): string {
  const width = Math.max(...RULE_NAMES.map((r) => r.length)) + 2
  return RULE_NAMES.map((name) => {
    const rule = RULES[name]
    const byFramework = FRAMEWORKS.flatMap((f) => {
      const t = rule.frameworks[f]
      return t ? [`${f}: ${unitLabel(t.amount, t.unit)}`] : []
    })
    return `  ${name.padEnd(width)}${rule.title}, from ${rule.from} (${byFramework.join('; ')})`
  }).join('\n')
}

function eraList(): string {
  return [...DEFAULT_FRAMEWORK_PERIODS]
    .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))
    .map((p) => `${p.framework} from ${p.effectiveFrom}`)
    .join(', ')
}

/** The framework to use for DATE when none is given: the one in force in England on that date. */
export function frameworkInForceOn(date: string): Framework {
  return frameworkPeriodOn(DEFAULT_FRAMEWORK_PERIODS, date).framework
}

export function dueHelp(): string {
  return `${USAGE_LINE}

Prints the date (YYYY-MM-DD) by which RULE is due when its clock starts on DATE. Working days are
Monday to Friday except England and Wales bank holidays; DATE itself is day 0 and never counts.

Options:
  --framework F   the framework to count under: ${FRAMEWORKS.join(', ')}.
                  Default: the framework in force in England on DATE, because rules are
                  chosen by the date the clock starts, not today's date:
                  ${eraList()}
  --help, -h      show this help

Rules:
${ruleList()}
`
}

const usageError = (message: string): CommandOutput => ({ code: 2, stdout: '', stderr: `harbour due: ${message}\n${USAGE_LINE}\n` })

export function runDue(args: string[]): CommandOutput {
  const positional: string[] = []
  let framework: string | undefined
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    if (arg === '--help' || arg === '-h') return { code: 0, stdout: dueHelp(), stderr: '' }
    if (arg === '--framework' || arg.startsWith('--framework=')) {
      if (framework !== undefined) return usageError('--framework given more than once')
      const value = arg === '--framework' ? args[++i] : arg.slice('--framework='.length)
      if (value === undefined || value === '' || value.startsWith('-'))
        return usageError(`--framework needs a value: ${FRAMEWORKS.join(', ')}`)
      framework = value
    } else if (arg.startsWith('-') && arg !== '-') {
      return usageError(`unknown option ${arg}`)
    } else {
      positional.push(arg)
    }
  }

  const [rule, date, ...extra] = positional
  if (rule === undefined) return usageError(`missing RULE and DATE. Rules: ${RULE_NAMES.join(', ')}`)
  if (!isRuleName(rule)) return usageError(`unknown rule "${rule}". Rules: ${RULE_NAMES.join(', ')}`)
  if (date === undefined) return usageError('missing DATE (YYYY-MM-DD), the day the clock starts')
  if (extra.length > 0) return usageError(`unexpected argument${extra.length === 1 ? '' : 's'}: ${extra.join(' ')}`)
  if (!isValidIsoDate(date)) return usageError(`"${date}" is not a real date: give it as YYYY-MM-DD, e.g. 2024-02-29`)
  if (framework !== undefined && !isFramework(framework))
    return usageError(`unknown framework "${framework}": use ${FRAMEWORKS.join(', ')}`)

  const result = dueDate(rule, date, (framework as Framework | undefined) ?? frameworkInForceOn(date))
  if (!result.ok) return usageError(result.error)
  return { code: 0, stdout: `${result.due}\n`, stderr: '' }
}
