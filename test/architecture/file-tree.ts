import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';

/** Source files by path (POSIX, relative to the tree's root) with their text. */
export type FileTree = ReadonlyMap<string, string>;

/** One broken rule: which rule, where, and what is wrong. */
export interface Violation {
  rule: string;
  file: string;
  message: string;
}

const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'coverage', '.data', '.git']);

/**
 * Reads the `.ts` and `.sql` files under `folders` of `root`, leaving out any
 * path that starts with one of `excluded` (relative to `root`).
 */
export function readTree(root: string, folders: string[], excluded: string[] = []): FileTree {
  const tree = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const name = relative(root, path).split(sep).join('/');
      if (excluded.some((prefix) => name.startsWith(prefix))) continue;
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) walk(path);
      } else if (/\.(ts|sql)$/.test(entry.name)) {
        tree.set(name, readFileSync(path, 'utf8'));
      }
    }
  };
  for (const folder of folders) walk(join(root, folder));
  return tree;
}

/** The module names: the folders directly under `src/modules/`. */
export function moduleNames(tree: FileTree): string[] {
  const names = new Set<string>();
  for (const path of tree.keys()) {
    const match = /^src\/modules\/([^/]+)\//.exec(path);
    if (match?.[1]) names.add(match[1]);
  }
  return [...names].sort();
}

/** The files of one module, by path relative to the module's folder. */
export function moduleFiles(tree: FileTree, module: string): Map<string, string> {
  const prefix = `src/modules/${module}/`;
  const files = new Map<string, string>();
  for (const [path, text] of tree)
    if (path.startsWith(prefix)) files.set(path.slice(prefix.length), text);
  return files;
}

export const isTestFile = (path: string): boolean => /\.test\.ts$/.test(path);
export const isSource = (path: string): boolean => path.endsWith('.ts') && !isTestFile(path);

/** A TypeScript source's parsed form (no type checking: syntax only). */
export function parse(path: string, text: string): ts.SourceFile {
  return ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

/**
 * The text of every string and template literal in a TypeScript source, comments
 * left out. A template's substitutions become a space: `sql\`FROM ${t} x\`` is `FROM   x`.
 */
export function stringLiterals(path: string, text: string): string[] {
  const cached = literalsCache.get(text);
  if (cached) return cached;
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) found.push(node.text);
    else if (ts.isTemplateExpression(node)) {
      found.push([node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' '));
    }
    ts.forEachChild(node, visit);
  };
  visit(parse(path, text));
  literalsCache.set(text, found);
  return found;
}

/** Parsing is the slow part, and several checks read the same sources. */
const literalsCache = new Map<string, string[]>();

/** SQL text with its `--` and block comments removed. */
export function stripSqlComments(sqlText: string): string {
  return sqlText.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/--[^\n]*/g, ' ');
}

/** The number of lines of a text (a final newline ends the last line, it starts none). */
export function lineCount(text: string): number {
  if (text === '') return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/** Violations as one line each, grouped under their rule with a count, for a failing assertion. */
export function formatViolations(violations: Violation[]): string {
  const byRule = new Map<string, Violation[]>();
  for (const v of violations) byRule.set(v.rule, [...(byRule.get(v.rule) ?? []), v]);
  return [...byRule]
    .map(([rule, list]) =>
      [`${rule} (${list.length})`, ...list.map((v) => `  ${v.file}: ${v.message}`)].join('\n'),
    )
    .join('\n');
}
