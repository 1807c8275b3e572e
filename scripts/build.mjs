// Bundles the service's entry points into dist/ with esbuild (dependencies stay
// in node_modules). `npm start` runs this first: a bundle loads in a fraction of
// the time a TypeScript loader needs to transpile every module at start-up.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/server.ts', 'src/worker.ts'],
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
