import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { ensureAdmin } from '../modules/identity/admin/admin-bootstrap.js';
import { createPlatform } from '../platform/platform.js';

/**
 * `npm run create-admin -- --email a@example.com [--name "Ada"] [--password ...]`:
 * creates a verified admin, or gives an existing account the admin role.
 * Without --password it asks for one on the terminal.
 */
const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    name: { type: 'string' },
    password: { type: 'string' },
  },
});
if (!values.email) {
  console.error(
    'Usage: npm run create-admin -- --email <email> [--name <name>] [--password <password>]',
  );
  process.exit(2);
}
let password = values.password;
if (!password) {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  password = await rl.question('Password (at least 10 characters): ');
  rl.close();
}
const platform = await createPlatform(loadConfig());
try {
  const outcome = await ensureAdmin(platform, {
    email: values.email,
    password,
    name: values.name,
  });
  console.log(
    outcome === 'created'
      ? `Created admin ${values.email}.`
      : outcome === 'promoted'
        ? `${values.email} already existed and is now an admin.`
        : `${values.email} is already an admin.`,
  );
} catch (error) {
  console.error(`Could not create the admin: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await platform.close();
}
