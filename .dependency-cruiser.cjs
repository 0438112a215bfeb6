/* global module */
/**
 * The layering of src/ and its seam to packages/sandbox (docs/architecture.md), checked by `npm run lint:deps`.
 * Type-only imports count: they are cruised before compilation (tsPreCompilationDeps).
 */
const SANDBOX = '(^|/)(src/sandbox|packages/sandbox)/|^@handoff/sandbox$';
/** The one module that loads the sandbox package, for the demo and sandbox commands. */
const SANDBOX_LOADER = '^src/runtime/cli/sandbox-package[.]ts$';
/** The simulation (npm run sim, the demo's simulated days): handed the loaded package, it uses only its types. */
const SIM = '^src/runtime/sim/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Import cycles, type-only ones included, tangle modules that should stand on their own.',
      severity: 'error',
      from: { path: '^(src|packages/sandbox/src)/' },
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
      name: 'ports-speak-domain',
      comment: 'Ports name what jobs need in domain types: no job, adapter, runtime or vendor SDK.',
      severity: 'error',
      from: { path: '^src/ports/' },
      to: { path: ['^src/(jobs|adapters|runtime)/', 'node_modules/(jsforce|@hubspot)/'] },
    },
    {
      name: 'domain-stands-alone',
      comment: 'Domain types import no port, job, adapter or runtime.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/(ports|jobs|adapters|runtime)/' },
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
      name: 'sandbox-stands-alone',
      comment: 'The sandbox package imports nothing from the product; what it needs is passed in.',
      severity: 'error',
      from: { path: '^packages/sandbox/src/' },
      to: { path: '^src/' },
    },
    {
      name: 'sandbox-only-through-its-loader',
      comment: 'Production code never depends on the emulators: only the loader imports @handoff/sandbox.',
      severity: 'error',
      from: { path: '^src/', pathNot: [SANDBOX_LOADER, SIM] },
      to: { path: SANDBOX },
    },
    {
      name: 'sim-uses-sandbox-types-only',
      comment: 'The simulation is given the package the demo loaded; it imports the sandbox and its loader for types only.',
      severity: 'error',
      from: { path: SIM },
      to: { path: [SANDBOX, SANDBOX_LOADER], dependencyTypesNot: ['type-only'] },
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
      from: { path: '^src/', pathNot: ['^src/runtime/cli/commands/(demo|sandbox)[.]ts$', SIM] },
      to: { path: SANDBOX_LOADER },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    // Resolve @handoff/sandbox to its sources, as the workspace's own tooling does.
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['source', 'import', 'default'], extensions: ['.ts', '.js'] },
  },
};
