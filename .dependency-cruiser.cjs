/* global module */
/**
 * The layering of src/ (docs/architecture.md, "Layers"), checked by `npm run lint:deps`.
 * Type-only imports count: they are cruised before compilation (tsPreCompilationDeps).
 */
const SANDBOX = '(^|/)(src/sandbox|packages/sandbox)/|^@handoff/sandbox$';
/** The one module that loads the sandbox package, for the demo and sandbox commands. */
const SANDBOX_LOADER = '^src/runtime/cli/sandbox-package[.]ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Import cycles, type-only ones included, tangle modules that should stand on their own.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'core-is-pure',
      comment: 'The pure stages import only domain, lib, config (types) and each other: no I/O edges, jobs or runtime.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/', pathNot: '^src/(core|domain|lib|config)/' },
    },
    {
      name: 'core-takes-config-types-only',
      comment: 'Configuration reaches the pure stages as values passed in; they import its types, never its code.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/config/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'adapters-below-jobs',
      comment: 'Adapters are the I/O edges the jobs are given; they never reach back into jobs or the runtime.',
      severity: 'error',
      from: { path: '^src/adapters/' },
      to: { path: '^src/(jobs|runtime)/' },
    },
    {
      name: 'jobs-on-ports',
      comment: 'Jobs work through src/ports; the runtime hands them the adapters.',
      severity: 'error',
      from: { path: '^src/jobs/' },
      to: { path: '^src/(adapters|runtime)/' },
    },
    {
      name: 'daemon-not-cli',
      comment: 'The daemon shares code with the commands through src/runtime (lease/, exit-codes.ts), not through cli/.',
      severity: 'error',
      from: { path: '^src/runtime/daemon/' },
      to: { path: '^src/runtime/cli/' },
    },
    {
      name: 'cli-reaches-daemon-only-through-its-command',
      comment: 'Only the daemon command starts the daemon.',
      severity: 'error',
      from: { path: '^src/runtime/cli/', pathNot: '^src/runtime/cli/commands/daemon[.]ts$' },
      to: { path: '^src/runtime/daemon/' },
    },
    {
      name: 'sandbox-only-through-its-loader',
      comment: 'Production code never depends on the emulators: only the loader imports @handoff/sandbox.',
      severity: 'error',
      from: { path: '^src/', pathNot: SANDBOX_LOADER },
      to: { path: SANDBOX },
    },
    {
      name: 'sandbox-loaded-dynamically',
      comment: 'The loader imports the sandbox when a command runs (import()), or its types; never statically.',
      severity: 'error',
      from: { path: SANDBOX_LOADER },
      to: { path: SANDBOX, dependencyTypesNot: ['dynamic-import', 'type-only'] },
    },
    {
      name: 'sandbox-loader-for-demo-and-sandbox-commands',
      comment: 'Only `handoff demo` and `handoff sandbox` load the sandbox.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/runtime/cli/commands/(demo|sandbox)[.]ts$' },
      to: { path: SANDBOX_LOADER },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: ['node_modules', '(^|/)packages/sandbox/'] },
    // Resolve @handoff/sandbox to its sources, as the workspace's own tooling does.
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['source', 'import', 'default'], extensions: ['.ts', '.js'] },
  },
};
