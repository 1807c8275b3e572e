import ts from 'typescript';
import {
  type FileTree,
  type Violation,
  isSource,
  lineCount,
  moduleFiles,
  moduleNames,
  parse,
  stringLiterals,
  stripSqlComments,
} from './file-tree.js';

/**
 * The architecture rules of docs/architecture.md that an import graph cannot
 * see, each a pure function from a file tree to its violations.
 */

/** The modules whose table and function names the SQL checks know, beside the tree's own. */
const KNOWN_MODULES = ['identity', 'catalog', 'ticketing', 'community'];

const modulesOf = (tree: FileTree): string[] => [
  ...new Set([...KNOWN_MODULES, ...moduleNames(tree)]),
];

/** The role suffixes of the files every module has beside its `index.ts`. */
const ROLES = ['module', 'context', 'events', 'errors', 'tables'];

/** (a) The files every module has, at the root of its folder. */
export function requiredFiles(tree: FileTree): Violation[] {
  const violations: Violation[] = [];
  for (const module of moduleNames(tree)) {
    const files = moduleFiles(tree, module);
    const required = ['index.ts', ...ROLES.map((role) => `${module}.${role}.ts`)];
    for (const name of required.filter((n) => !files.has(n)))
      violations.push({
        rule: 'required-files',
        file: `src/modules/${module}`,
        message: `lacks ${name}`,
      });
  }
  return violations;
}

const SUBSCRIBES = /\bbus\.subscribe\s*[<(]/;
const REGISTERS_JOB = /\bjobs\.register\s*\(/;
const DEFINES_JOB = /\bdefineJob\s*[<(]/;
/** In a `subscribers/` or `jobs/` folder: the module's, or a sub-capability's. */
const inFolder = (name: string, folder: string): boolean =>
  name.startsWith(`${folder}/`) || name.includes(`/${folder}/`);

/**
 * (a) Subscribers and jobs live in `subscribers/` and `jobs/`: `bus.subscribe`
 * is called only there or in the manifest, `defineJob` only in `jobs/`, and
 * `jobs.register` only there or in the manifest. A module that subscribes or
 * registers anything therefore has the folder.
 */
export function subscribersAndJobs(tree: FileTree): Violation[] {
  const violations: Violation[] = [];
  const add = (file: string, message: string): void => {
    violations.push({ rule: 'subscribers-and-jobs', file, message });
  };
  for (const module of moduleNames(tree)) {
    const manifest = `${module}.module.ts`;
    const names = [...moduleFiles(tree, module)].filter(([name]) => isSource(name));
    for (const [name, text] of names) {
      const file = `src/modules/${module}/${name}`;
      if (SUBSCRIBES.test(text) && !inFolder(name, 'subscribers') && name !== manifest)
        add(file, 'calls bus.subscribe outside subscribers/ and the manifest');
      if (REGISTERS_JOB.test(text) && !inFolder(name, 'jobs') && name !== manifest)
        add(file, 'calls jobs.register outside jobs/ and the manifest');
      if (DEFINES_JOB.test(text) && !inFolder(name, 'jobs'))
        add(file, 'defines a job outside jobs/');
    }
    const manifestText = tree.get(`src/modules/${module}/${manifest}`) ?? '';
    const has = (folder: string): boolean => names.some(([name]) => inFolder(name, folder));
    if (SUBSCRIBES.test(manifestText) && !has('subscribers'))
      add(`src/modules/${module}`, 'subscribes to events but has no subscribers/');
    if (REGISTERS_JOB.test(manifestText) && !has('jobs'))
      add(`src/modules/${module}`, 'registers jobs but has no jobs/');
  }
  return violations;
}

interface SqlDefinition {
  kind: string;
  name: string;
  file: string;
  owner: string | undefined;
}

const DEFINITION =
  /\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:CONSTRAINT\s+)?(FUNCTION|PROCEDURE|TRIGGER|MATERIALIZED\s+VIEW|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:"?public"?\.)?"?(\w+)"?([\s\S]{0,400})/gi;

/** The SQL texts of a file: the whole of a `.sql` file, the string literals of a `.ts` source. */
function sqlTexts(path: string, text: string): string[] {
  if (path.endsWith('.sql')) return [stripSqlComments(text)];
  return isSource(path) ? stringLiterals(path, text) : [];
}

function ownerOf(name: string, modules: string[]): string | undefined {
  return modules.find((module) => name.startsWith(`${module}_`));
}

/** Functions, procedures, triggers and views defined in SQL files anywhere and in src/ sources. */
export function sqlDefinitions(tree: FileTree): SqlDefinition[] {
  const modules = modulesOf(tree);
  const definitions: SqlDefinition[] = [];
  for (const [file, text] of tree) {
    if (!file.endsWith('.sql') && !file.startsWith('src/')) continue;
    for (const sqlText of sqlTexts(file, text)) {
      for (const match of sqlText.matchAll(DEFINITION)) {
        const kind = (match[1] ?? '').toUpperCase().replace(/\s+/g, ' ');
        const name = match[2] ?? '';
        const table =
          kind === 'TRIGGER' ? /\bON\s+(?:"?public"?\.)?"?(\w+)/i.exec(match[3] ?? '') : null;
        const owner =
          ownerOf(name, modules) ?? (table?.[1] ? ownerOf(table[1], modules) : undefined);
        definitions.push({ kind, name, file, owner });
      }
    }
  }
  return definitions;
}

/**
 * (a) A module's SQL functions and triggers are defined in its own `sql/*.sql`,
 * once each: not in migrations, not in TypeScript, not twice.
 */
export function sqlPlacement(tree: FileTree): Violation[] {
  const violations: Violation[] = [];
  const definitions = sqlDefinitions(tree);
  const count = new Map<string, number>();
  for (const d of definitions) count.set(d.name, (count.get(d.name) ?? 0) + 1);
  for (const d of definitions) {
    const home = d.owner ? `src/modules/${d.owner}/sql/` : "its module's sql/";
    if (!(d.owner && d.file.startsWith(home) && d.file.endsWith('.sql')))
      violations.push({
        rule: 'sql-placement',
        file: d.file,
        message: `${d.kind} ${d.name} belongs in ${home}`,
      });
    if ((count.get(d.name) ?? 0) > 1)
      violations.push({
        rule: 'sql-placement',
        file: d.file,
        message: `${d.kind} ${d.name} is defined ${count.get(d.name)} times`,
      });
  }
  for (const module of moduleNames(tree)) {
    const owns = definitions.some((d) => d.owner === module);
    const hasSqlFolder = [...moduleFiles(tree, module).keys()].some((n) =>
      /^sql\/[^/]+\.sql$/.test(n),
    );
    if (owns && !hasSqlFolder)
      violations.push({
        rule: 'sql-placement',
        file: `src/modules/${module}`,
        message: 'has SQL functions or triggers but no sql/*.sql',
      });
  }
  return violations;
}

/** The names each module lists in its `<NAME>_SQL` export of `sql/callable.ts`. */
export function callableNames(tree: FileTree): Map<string, Set<string>> {
  const callable = new Map<string, Set<string>>();
  for (const module of modulesOf(tree)) {
    const text = tree.get(`src/modules/${module}/sql/callable.ts`);
    const names = new Set<string>();
    for (const block of text?.matchAll(/export\s+const\s+[A-Z_]+_SQL\s*=\s*\{([\s\S]*?)\}/g) ?? [])
      for (const value of (block[1] ?? '').matchAll(/['"`](\w+)['"`]/g)) names.add(value[1] ?? '');
    callable.set(module, names);
  }
  return callable;
}

/**
 * The files whose SQL is a module's: its own files, and the migrations named
 * after it (`migrations/0017_ticketing_….sql`; a generated baseline names no module).
 */
function sqlFilesOf(tree: FileTree, module: string): Array<[string, string]> {
  const own = [...moduleFiles(tree, module)].map(([name, text]): [string, string] => [
    `src/modules/${module}/${name}`,
    text,
  ]);
  const named = new RegExp(`^migrations/\\d+_${module}[_.]`);
  return [...own, ...[...tree].filter(([path]) => named.test(path))];
}

/**
 * (b) A module's SQL (its `.sql` files and the string literals of its non-test
 * sources) names another module's table or function only when that module
 * lists the name in its `<NAME>_SQL`. Foreign keys (`REFERENCES t`) are allowed.
 */
export function foreignSql(tree: FileTree): Violation[] {
  const modules = modulesOf(tree);
  const callable = callableNames(tree);
  const prefix = new RegExp(
    // drizzle-kit writes `REFERENCES "public"."catalog_events"`: the schema may qualify the name.
    `(\\b(?:REFERENCES|references)\\s+(?:"?public"?\\.)?"?)?\\b(${modules.join('|')})_\\w+`,
    'g',
  );
  const violations: Violation[] = [];
  for (const module of moduleNames(tree)) {
    for (const [file, text] of sqlFilesOf(tree, module)) {
      const seen = new Set<string>();
      for (const sqlText of sqlTexts(file, text)) {
        for (const match of sqlText.matchAll(prefix)) {
          const [found, reference, owner] = match as unknown as [string, string?, string?];
          const word = reference ? found.slice(reference.length) : found;
          if (!owner || reference || owner === module || seen.has(word)) continue;
          if (callable.get(owner)?.has(word)) continue;
          seen.add(word);
          violations.push({
            rule: 'foreign-sql',
            file,
            message: `names ${owner}'s ${word}, not in its ${owner.toUpperCase()}_SQL`,
          });
        }
      }
    }
  }
  return violations;
}

/** (c) No TypeScript file under src/, test/, bench/ or scripts/ passes `max` lines. */
export function longFiles(tree: FileTree, max = 400): Violation[] {
  const violations: Violation[] = [];
  for (const [file, text] of tree) {
    if (!/^(src|test|bench|scripts)\/.*\.ts$/.test(file)) continue;
    const lines = lineCount(text);
    if (lines > max)
      violations.push({ rule: 'file-length', file, message: `${lines} lines (at most ${max})` });
  }
  return violations;
}

/** The error code namespaces of a module (identity also owns `AUTH.*`). */
const namespacesOf = (module: string): string[] =>
  module === 'identity' ? ['IDENTITY', 'AUTH'] : [module.toUpperCase()];

/**
 * (d) Error code strings of the modules ('CATALOG.EVENT_NOT_FOUND') appear in
 * a module's non-test sources only in its own `<name>.errors.ts`, and that
 * file spells only its own module's codes.
 */
export function errorCodeLiterals(tree: FileTree): Violation[] {
  const modules = modulesOf(tree);
  const code = new RegExp(`^(${modules.flatMap(namespacesOf).join('|')})\\.[A-Z][A-Z0-9_]*$`);
  const violations: Violation[] = [];
  for (const module of moduleNames(tree)) {
    const own = namespacesOf(module);
    for (const [name, text] of moduleFiles(tree, module)) {
      if (!isSource(name)) continue;
      const file = `src/modules/${module}/${name}`;
      const isErrorsFile = name === `${module}.errors.ts`;
      for (const literal of new Set(stringLiterals(file, text))) {
        const match = code.exec(literal);
        if (!match) continue;
        if (!isErrorsFile)
          violations.push({
            rule: 'error-codes',
            file,
            message: `spells '${literal}' outside ${module}.errors.ts`,
          });
        else if (!own.includes(match[1] ?? ''))
          violations.push({
            rule: 'error-codes',
            file,
            message: `spells another module's code '${literal}'`,
          });
      }
    }
  }
  return violations;
}

/** (e) A module's `index.ts` holds re-exports only (`export … from`, `export type … from`). */
export function doorReExportsOnly(tree: FileTree): Violation[] {
  const violations: Violation[] = [];
  for (const module of moduleNames(tree)) {
    const file = `src/modules/${module}/index.ts`;
    const text = tree.get(file);
    if (text === undefined) continue;
    for (const statement of parse(file, text).statements) {
      if (ts.isExportDeclaration(statement) && statement.moduleSpecifier) continue;
      const line = statement.getText().split('\n')[0]?.slice(0, 70);
      violations.push({ rule: 'door-re-exports-only', file, message: `not a re-export: ${line}` });
    }
  }
  return violations;
}

/** Every check of this file, over one tree. */
export function allChecks(tree: FileTree): Violation[] {
  return [
    ...requiredFiles(tree),
    ...subscribersAndJobs(tree),
    ...sqlPlacement(tree),
    ...foreignSql(tree),
    ...longFiles(tree),
    ...errorCodeLiterals(tree),
    ...doorReExportsOnly(tree),
  ];
}
