import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** `npm run bench -- catalog`: runs bench/catalog.ts in its own process (it owns its database). */
export default async function catalogBench(): Promise<void> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'catalog.ts');
  await new Promise<void>((resolve, reject) => {
    spawn(process.execPath, ['--import', 'tsx', script, ...process.argv.slice(3)], {
      stdio: 'inherit',
    }).on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`catalog bench exited with ${code}`)),
    );
  });
}
