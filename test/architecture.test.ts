import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  doorReExportsOnly,
  errorCodeLiterals,
  foreignSql,
  longFiles,
  requiredFiles,
  sqlPlacement,
  subscribersAndJobs,
} from './architecture/checks.js';
import {
  type FileTree,
  type Violation,
  formatViolations,
  readTree,
} from './architecture/file-tree.js';

/**
 * The module shape of docs/architecture.md, checked on the repository itself.
 * Import rules are dependency-cruiser's (`npm run boundaries`); these are the
 * rules an import graph cannot see. A failure lists every violation, one a line.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const tree = readTree(
  root,
  ['src', 'test', 'bench', 'scripts', 'migrations'],
  ['test/fixtures/architecture/'],
);

const rules: Array<[string, (tree: FileTree) => Violation[]]> = [
  ['every module has index, manifest, context, events, errors and tables files', requiredFiles],
  ['subscribers and jobs are registered from subscribers/ and jobs/ only', subscribersAndJobs],
  ["a module's SQL functions and triggers are defined once, in its own sql/", sqlPlacement],
  ["a module's SQL names other modules' tables and functions only by callable names", foreignSql],
  ['no source file passes 400 lines', longFiles],
  ["error codes are spelled only in their module's errors file", errorCodeLiterals],
  ["a module's index.ts only re-exports", doorReExportsOnly],
];

describe('architecture of the repository', () => {
  it.each(rules)('%s', (_rule, check) => {
    // One violation a line, grouped by rule, when it fails.
    expect(formatViolations(check(tree))).toBe('');
  });
});
