import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `npm run bench [-- name ...]`: runs every bench/<name>.bench.ts (or only the
 * named ones). Each file default-exports an async function that prints its results.
 */
const dir = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const available = (await fs.readdir(dir))
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.replace(/\.bench\.ts$/, ''))
  .sort();
const unknown = wanted.filter((name) => !available.includes(name));
if (unknown.length) {
  console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Available: ${available.join(', ')}`);
  process.exit(1);
}
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(
  `Machine: ${os.cpus().length} CPUs (${cpu}), Node ${process.version}, ${os.platform()}`,
);
for (const name of wanted.length ? wanted : available) {
  const bench = (await import(path.join(dir, `${name}.bench.ts`))) as {
    default: () => Promise<void>;
  };
  await bench.default();
}
process.exit(0);
