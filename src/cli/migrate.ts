import { loadConfig } from '../config.js';
import { resolveDatabaseServer } from '../platform/db/database.js';
import { runMigrations } from '../platform/db/migrate.js';

/** `npm run db:migrate`: applies pending migrations to DATABASE_URL or the embedded database. */
const config = loadConfig();
const server = await resolveDatabaseServer(config);
try {
  await runMigrations(server.url);
  console.log('Migrations applied.');
} finally {
  await server.embedded?.stop();
}
