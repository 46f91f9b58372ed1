import { defineConfig } from 'drizzle-kit'

// Generates SQL migrations offline from the schema; they are applied at start-up by src/db/migrate.ts.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './src/db/migrations',
})
