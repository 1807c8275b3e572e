import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
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
import { type FileTree, type Violation, readTree } from './architecture/file-tree.js';

/**
 * The boundary rules bite: run on test/fixtures/architecture (a tiny module
 * tree with one deliberate violation of each rule, and a conforming control
 * module), every check and dependency-cruiser's own rule set report exactly
 * the planted violations.
 */
const repository = fileURLToPath(new URL('..', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/architecture/', import.meta.url));
const tree = readTree(fixture, ['src']);

const where = (violations: Violation[]): string[] =>
  violations.map((v) => `${v.file}: ${v.message}`);

describe('architecture checks on the fixture', () => {
  it('report the missing errors file of ticketing, and nothing of the complete modules', () => {
    expect(where(requiredFiles(tree))).toEqual([
      'src/modules/ticketing: lacks ticketing.errors.ts',
    ]);
  });

  it('report the subscription outside subscribers/ (the manifest calling one is fine)', () => {
    expect(where(subscribersAndJobs(tree))).toEqual([
      'src/modules/ticketing/hold-queue.ts: calls bus.subscribe outside subscribers/ and the manifest',
    ]);
  });

  it('report a SQL function defined in TypeScript, in a module without sql/', () => {
    expect(where(sqlPlacement(tree))).toEqual([
      'src/modules/ticketing/seats.ts: FUNCTION ticketing_next_lapse belongs in src/modules/ticketing/sql/',
      'src/modules/ticketing: has SQL functions or triggers but no sql/*.sql',
    ]);
  });

  it("report a foreign table in a module's SQL, not the foreign function its owner lists as callable", () => {
    expect(where(foreignSql(tree))).toEqual([
      "src/modules/ticketing/hold-queue.ts: names catalog's catalog_events, not in its CATALOG_SQL",
    ]);
  });

  it('report the 401-line file', () => {
    expect(where(longFiles(tree))).toEqual([
      'src/modules/ticketing/long.ts: 401 lines (at most 400)',
    ]);
  });

  it('report the error code spelled outside its errors file', () => {
    expect(where(errorCodeLiterals(tree))).toEqual([
      "src/modules/ticketing/hold-queue.ts: spells 'TICKETING.SOLD_OUT' outside ticketing.errors.ts",
    ]);
  });

  it('report the door that declares a value', () => {
    expect(where(doorReExportsOnly(tree))).toEqual([
      'src/modules/ticketing/index.ts: not a re-export: export const TICKETING_DOOR_VALUE = 1;',
    ]);
  });
});

describe('architecture checks on small trees', () => {
  const one = (path: string, text: string): FileTree => new Map([[path, text]]);

  it('count 400 lines as the most a file may have', () => {
    expect(longFiles(one('src/a.ts', 'x;\n'.repeat(400)))).toEqual([]);
    expect(longFiles(one('test/a.test.ts', 'x;\n'.repeat(401)))).toHaveLength(1);
    expect(longFiles(one('docs/a.ts', 'x;\n'.repeat(401)))).toEqual([]);
  });

  it('find foreign names in SQL files and template strings, not in comments or foreign keys', () => {
    const sqlFile = one('src/modules/community/sql/x.sql', '-- catalog_events\nSELECT 1;');
    expect(foreignSql(sqlFile)).toEqual([]);
    const key = one(
      'src/modules/community/sql/x.sql',
      'ALTER TABLE t ADD FOREIGN KEY (e) REFERENCES catalog_events (id);',
    );
    expect(foreignSql(key)).toEqual([]);
    const template = one(
      'src/modules/community/views.repository.ts',
      '// catalog_events\nexport const q = (t: string) => sql`SELECT ${t} FROM catalog_events`;',
    );
    expect(where(foreignSql(template))).toEqual([
      "src/modules/community/views.repository.ts: names catalog's catalog_events, not in its CATALOG_SQL",
    ]);
  });

  it('let identity spell AUTH codes in its errors file, and no module spell another module’s', () => {
    const identity = one(
      'src/modules/identity/identity.errors.ts',
      "export const E = { a: 'AUTH.INVALID_TOKEN', b: 'IDENTITY.WRONG_PASSWORD' } as const;",
    );
    expect(errorCodeLiterals(identity)).toEqual([]);
    const catalog = one(
      'src/modules/catalog/catalog.errors.ts',
      "export const E = { a: 'TICKETING.SOLD_OUT' } as const;",
    );
    expect(where(errorCodeLiterals(catalog))).toEqual([
      "src/modules/catalog/catalog.errors.ts: spells another module's code 'TICKETING.SOLD_OUT'",
    ]);
  });
});

describe('dependency-cruiser with the repository rules on the fixture', () => {
  it('reports the cycle, the deep imports, the upward import, the platform importing a module and the leaf import', async () => {
    const options = await extractDepcruiseOptions(`${repository}.dependency-cruiser.cjs`);
    const result = await cruise(
      ['src'],
      { ...options, baseDir: fixture },
      {},
      { tsConfig: extractTSConfig(`${repository}tsconfig.json`) },
    );
    const { summary } = result.output as ICruiseResult;
    const found = summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
    expect(found).toEqual([
      'adapters-use-doors: src/compat/adapter.ts → src/modules/catalog/catalog.context.ts',
      'module-dependency-direction: src/modules/catalog/catalog.upstream.ts → src/modules/ticketing/index.ts',
      'module-through-door: src/modules/ticketing/ticketing.module.ts → src/modules/catalog/catalog.context.ts',
      'no-circular: src/modules/ticketing/hold-queue.ts → src/modules/ticketing/seats.ts',
      'nothing-imports-leaf-modules: src/compat/adapter.ts → src/modules/notifications/index.ts',
      'platform-imports-no-module: src/platform/kernel.ts → src/modules/catalog/index.ts',
    ]);
    // The foreign-key exception holds: ticketing.tables.ts imports catalog.tables.ts.
    expect(summary.error).toBe(found.length);
  });
});
