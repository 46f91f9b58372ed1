// Lint: typescript-eslint's recommended rules, plus the architecture's import directions.
import tseslint from 'typescript-eslint'

const restrict = (patterns, message) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message, allowTypeImports: true })) }],
})

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', '.tmp/**', 'src/web/public/**', 'bench/results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // The domain is pure: statutory rules in TypeScript, importing nothing outside itself.
    files: ['src/domain/**/*.ts'],
    rules: {
      ...restrict(['**/app/**', '**/db/**', '**/web/**', '**/api/**', '**/cli/**', 'pg', 'drizzle-orm*', 'fastify*', '@fastify/*', '@electric-sql/*', 'nunjucks', 'node:*'], 'src/domain imports nothing outside itself'),
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'The domain never reads the clock: pass `now` in.' }, { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'The domain never reads the clock: pass `now` in.' }],
    },
  },
  {
    // Use cases call the domain and the repositories; they know nothing of HTTP.
    files: ['src/app/**/*.ts'],
    rules: restrict(['**/web/**', '**/api/**', '**/cli/**', 'fastify*', '@fastify/*', 'pg'], 'src/app knows nothing of HTTP or drivers'),
  },
  {
    // SQL lives only in src/db.
    files: ['src/web/**/*.ts', 'src/api/**/*.ts'],
    rules: restrict(['**/db/repositories/**', '**/db/schema*', 'pg', 'drizzle-orm', 'drizzle-orm/*'], 'the web and API layers go through use cases in src/app, never SQL'),
  },
)
