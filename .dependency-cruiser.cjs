/* global module */
/**
 * The module boundaries (docs/architecture.md, docs/adr/0016). `npm run
 * boundaries` checks them, `npm run check` includes it, and
 * test/architecture-rules.test.ts proves each rule fails on a deliberate violation.
 *
 * Paths are relative to the cruise's base directory, so the same rules apply to
 * the repository and to the fixture under test/fixtures/architecture.
 */

/** A module's door: the only file of it that anything outside the module may import. */
const DOOR = '^src/modules/[^/]+/index\\.ts$';
/** Modules that only react to events and call doors: nothing may depend on them. */
const LEAVES = '(notifications|webhooks|operations)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'An import cycle (type-only imports included): split the shared part into its own file.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'platform-imports-no-module',
      severity: 'error',
      comment: 'src/platform is the kernel: it knows no module, no adapter and no web front.',
      from: { path: '^src/platform/' },
      to: { path: '^src/(modules|compat|web)/' },
    },
    {
      name: 'module-through-door',
      severity: 'error',
      comment: "A module reaches another only through that module's index.ts.",
      from: { path: '^src/modules/([^/]+)/', pathNot: '\\.tables\\.ts$' },
      to: { path: '^src/modules/', pathNot: ['^src/modules/$1/', DOOR] },
    },
    {
      name: 'tables-through-door-or-tables',
      severity: 'error',
      comment:
        "A module's *.tables.ts may import another module's *.tables.ts (foreign keys), otherwise only its index.ts.",
      from: { path: '^src/modules/([^/]+)/.*\\.tables\\.ts$' },
      to: { path: '^src/modules/', pathNot: ['^src/modules/$1/', DOOR, '\\.tables\\.ts$'] },
    },
    {
      name: 'module-dependency-direction',
      severity: 'error',
      comment:
        'identity <- catalog <- ticketing <- community: identity imports no module, catalog only identity, ticketing not community (tests may compose any doors).',
      from: { path: '^src/modules/identity/', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/modules/', pathNot: '^src/modules/identity/' },
    },
    {
      name: 'module-dependency-direction',
      severity: 'error',
      from: { path: '^src/modules/catalog/', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/modules/', pathNot: '^src/modules/(catalog|identity)/' },
    },
    {
      name: 'module-dependency-direction',
      severity: 'error',
      from: { path: '^src/modules/ticketing/', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/modules/community/' },
    },
    {
      name: 'modules-import-no-adapter',
      severity: 'error',
      comment: 'Modules know neither the adapters on top of them nor the composition root.',
      from: { path: '^src/modules/' },
      to: { path: ['^src/(compat|web|cli)/', '^src/(app|server|worker|warm-up)\\.ts$'] },
    },
    {
      name: 'nothing-imports-leaf-modules',
      severity: 'error',
      comment:
        'notifications, webhooks and operations react to events and call doors; only the composition root creates them.',
      from: { pathNot: [`^src/modules/${LEAVES}/`, '^src/app\\.ts$'] },
      to: { path: `^src/modules/${LEAVES}/` },
    },
    {
      name: 'leaf-modules-import-no-leaf',
      severity: 'error',
      comment: 'One leaf module never depends on another.',
      from: { path: `^src/modules/${LEAVES}/` },
      to: { path: `^src/modules/${LEAVES}/`, pathNot: '^src/modules/$1/' },
    },
    {
      name: 'adapters-use-doors',
      severity: 'error',
      comment:
        'The Tickest adapter, the web front, the CLI, the benchmarks and the test fixtures call modules through their doors.',
      from: { path: '^(src/compat|src/web|src/cli|bench)/' },
      to: { path: '^src/modules/', pathNot: DOOR },
    },
    {
      name: 'fixtures-use-doors',
      severity: 'error',
      comment:
        "A module's test fixture (test/fixtures/<module>.ts or <module>-*.ts) may build that module's state from its internals; any other module only through its door.",
      from: { path: '^test/fixtures/([a-z]+)[.-]' },
      to: { path: '^src/modules/', pathNot: [DOOR, '^src/modules/$1/'] },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve would slip past every rule above.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^test/fixtures/architecture/', '^dist/', '^coverage/'] },
    includeOnly: '^(src|test|bench|scripts)/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
