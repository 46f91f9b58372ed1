/**
 * Audit tools (templates): sections of questions, each graded on the Ofsted scale, answered yes/no or
 * in words, and an overall grade. A tool is versioned: an audit keeps the version it was started with,
 * so changing the tool never rewrites an audit already done. The built-in default tool covers the themes
 * the 2009–2011 Ofsted letters tested (REFERENCE §1.5).
 */
import { fail, ok, type FieldError, type Result } from '../shared/result.ts'

export const QUESTION_KINDS = ['graded', 'yes_no', 'text'] as const
export type QuestionKind = (typeof QUESTION_KINDS)[number]

export const QUESTION_KIND_LABEL: Readonly<Record<QuestionKind, string>> = Object.freeze({ graded: 'Graded', yes_no: 'Yes or no', text: 'Written answer' })

/** The themes learning reports group by. A question may name one; its section title is used otherwise. */
export const THEMES = {
  timeliness: 'Timeliness',
  child_seen: 'Child seen and seen alone',
  child_voice: "The child's voice",
  diversity: 'Diversity and identity',
  analysis_risk: 'Quality of analysis and risk',
  history_chronology: 'History and chronology',
  management_oversight: 'Management oversight and supervision',
  plans_shared: 'Plans shared with families',
  recording: 'Recording up to date',
} as const
export type ThemeKey = keyof typeof THEMES

export type Question = { key: string; text: string; kind: QuestionKind; required: boolean; theme: string }
export type Section = { title: string; questions: Question[] }
export type ToolDefinition = { sections: Section[] }

export const themeLabel = (theme: string): string => (Object.prototype.hasOwnProperty.call(THEMES, theme) ? THEMES[theme as ThemeKey] : theme)

export const allQuestions = (tool: ToolDefinition): Question[] => tool.sections.flatMap((s) => s.questions)

const KEY = /^[a-z][a-z0-9_]{0,39}$/

/** Checks a tool: at least one section and question, unique keys, known kinds, at least one graded question. */
export function validateTool(tool: ToolDefinition): Result<ToolDefinition> {
  const errors: FieldError[] = []
  if (tool.sections.length === 0) errors.push({ field: 'definition', message: 'Add at least one section' })
  const keys = new Set<string>()
  for (const [si, s] of tool.sections.entries()) {
    if (!s.title.trim()) errors.push({ field: 'definition', message: `Section ${si + 1} needs a title` })
    if (s.questions.length === 0) errors.push({ field: 'definition', message: `Section "${s.title}" has no questions` })
    for (const q of s.questions) {
      if (!KEY.test(q.key)) errors.push({ field: 'definition', message: `Question key "${q.key}" must be lower-case letters, digits or _` })
      if (keys.has(q.key)) errors.push({ field: 'definition', message: `Question key "${q.key}" is used twice` })
      keys.add(q.key)
      if (!q.text.trim()) errors.push({ field: 'definition', message: `Question "${q.key}" has no text` })
      if (q.text.length > 500) errors.push({ field: 'definition', message: `Question "${q.key}" must be 500 characters or fewer` })
      if (!(QUESTION_KINDS as readonly string[]).includes(q.kind)) errors.push({ field: 'definition', message: `Question "${q.key}" has an unknown kind` })
    }
  }
  if (tool.sections.length > 0 && !allQuestions(tool).some((q) => q.kind === 'graded')) errors.push({ field: 'definition', message: 'A tool needs at least one graded question' })
  return errors.length ? fail(errors.slice(0, 10)) : ok(tool)
}

/**
 * The plain-text form a QA lead edits a tool in: a line starting "# " opens a section; each question is
 * `key | kind | required or optional | theme | question text`. Blank lines are ignored.
 */
export function parseToolText(text: string): Result<ToolDefinition> {
  const sections: Section[] = []
  const errors: FieldError[] = []
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim()
    if (!line) continue
    if (line.startsWith('#')) {
      sections.push({ title: line.replace(/^#+\s*/, ''), questions: [] })
      continue
    }
    const parts = line.split('|').map((p) => p.trim())
    const current = sections[sections.length - 1]
    if (parts.length < 5 || !current) {
      errors.push({ field: 'definition', message: `Line ${i + 1}: write "key | kind | required | theme | question", under a "# Section" line` })
      continue
    }
    const [key = '', kind = '', req = '', theme = '', ...rest] = parts
    if (!(QUESTION_KINDS as readonly string[]).includes(kind)) {
      errors.push({ field: 'definition', message: `Line ${i + 1}: the kind must be graded, yes_no or text` })
      continue
    }
    if (req !== 'required' && req !== 'optional') {
      errors.push({ field: 'definition', message: `Line ${i + 1}: say "required" or "optional"` })
      continue
    }
    current.questions.push({ key, kind: kind as QuestionKind, required: req === 'required', theme: theme || current.title, text: rest.join('|') })
  }
  if (errors.length) return fail(errors.slice(0, 10))
  return validateTool({ sections })
}

export function toolToText(tool: ToolDefinition): string {
  return tool.sections.map((s) => [`# ${s.title}`, ...s.questions.map((q) => `${q.key} | ${q.kind} | ${q.required ? 'required' : 'optional'} | ${q.theme} | ${q.text}`)].join('\n')).join('\n\n')
}

/** The next version number of a tool. */
export const nextVersion = (versions: readonly number[]): number => (versions.length ? Math.max(...versions) : 0) + 1

export const DEFAULT_TOOL_NAME = 'Practice quality audit'
export const DEFAULT_TOOL_DESCRIPTION = 'The built-in tool: the themes of the Ofsted letters, each graded on the Ofsted scale.'

const g = (key: string, theme: ThemeKey, text: string): Question => ({ key, kind: 'graded', required: true, theme, text })
const yn = (key: string, theme: ThemeKey, text: string): Question => ({ key, kind: 'yes_no', required: true, theme, text })

/** The built-in tool: the themes of the Ofsted letters, each graded, with the facts behind them. */
export const DEFAULT_TOOL: ToolDefinition = Object.freeze({
  sections: [
    { title: 'Timeliness', questions: [g('timeliness', 'timeliness', 'Were contacts, assessments, conferences and visits done on time?')] },
    {
      title: 'The child',
      questions: [
        yn('child_seen', 'child_seen', 'Was the child seen?'),
        yn('child_seen_alone', 'child_seen', 'Was the child seen alone (or the reason recorded)?'),
        g('child_seen_quality', 'child_seen', 'How well do visits and direct work show the child was seen?'),
        g('child_voice', 'child_voice', "Is the child's voice, wishes and feelings heard and recorded?"),
        g('diversity', 'diversity', "Are the child's identity, culture, language, religion and any disability considered?"),
      ],
    },
    {
      title: 'Assessment and planning',
      questions: [
        g('analysis_risk', 'analysis_risk', 'Is the analysis of needs and risks sound, and does it lead to the plan?'),
        g('history', 'history_chronology', 'Is the history known and the chronology up to date and used?'),
        g('plans_shared', 'plans_shared', 'Are plans specific, and shared with and understood by the family?'),
      ],
    },
    {
      title: 'Management and recording',
      questions: [
        g('oversight', 'management_oversight', 'Is management oversight and supervision visible on the file, with clear decisions?'),
        g('recording', 'recording', 'Is the recording up to date and of good quality?'),
        { key: 'good_practice', kind: 'text', required: false, theme: 'recording', text: 'Good practice to share (optional)' },
      ],
    },
  ],
}) as ToolDefinition
