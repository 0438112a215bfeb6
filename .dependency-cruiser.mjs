/**
 * The layer rules of docs/architecture.md, checked by `npm run boundaries`.
 * domain, config, lib → core → ports → jobs → adapters → runtime; and the seam to the sandbox package.
 */
export default {
  forbidden: [
    {
      name: 'jobs-use-ports',
      comment: 'Jobs take Deps and reach I/O through the ports only: no adapter, no runtime.',
      severity: 'error',
      from: { path: '^src/jobs/' },
      to: { path: '^src/(adapters|runtime)/' },
    },
    {
      name: 'core-is-pure',
      comment: 'Core imports only domain, config, lib and core.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/(ports|jobs|adapters|runtime)/' },
    },
    {
      name: 'ports-speak-domain',
      comment: 'Ports name what jobs need in domain types: no adapter, no runtime, no vendor SDK.',
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
      name: 'sandbox-stands-alone',
      comment: 'The sandbox package (packages/sandbox) imports nothing from the product; what it needs is passed in.',
      severity: 'error',
      from: { path: '^packages/sandbox/src/' },
      to: { path: '^src/' },
    },
    {
      name: 'sandbox-loaded-on-demand',
      comment: 'Production installs leave the sandbox out: the product reaches it only through runtime/cli/sandbox-package.ts.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/runtime/cli/sandbox-package\\.ts$' },
      to: { path: ['^packages/sandbox/', '^@handoff/sandbox'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Workspace packages resolve to their TypeScript, as in tsconfig.json.
    enhancedResolveOptions: { conditionNames: ['source', 'import', 'node', 'default'], exportsFields: ['exports'] },
  },
};
