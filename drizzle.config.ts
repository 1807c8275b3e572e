import { defineConfig } from 'drizzle-kit';

// Table definitions live beside their module as `*.tables.ts`; drizzle-kit diffs
// them against migrations/ to generate the next SQL migration.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/**/*.tables.ts',
  out: './migrations',
  casing: 'snake_case',
});
