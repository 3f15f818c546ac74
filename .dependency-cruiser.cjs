// The import rules of docs/ARCHITECTURE.md ("Import direction"), checked by `npm run lint:deps` (first in `npm test`).
//
// Why dependency-cruiser: it checks folder-to-folder rules and cycles over the real module graph (type-only imports
// included) in one maintained tool with no ESLint setup to carry; the project has no ESLint. TypeScript 7 has no
// compiler API for it to parse with, so it parses with swc (`@swc/core`, a dev dependency for this alone).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'engine-is-pure',
      comment:
        'src/engine runs in the worker and in Node and is tested with bytes: it imports nothing outside src/engine ' +
        '(no other folder, no npm package, no node: module). The outside reaches it through the ports in engine/ports.ts.',
      severity: 'error',
      from: { path: '^src/engine/' },
      to: { pathNot: '^src/engine/' },
    },
    {
      name: 'components-reach-engine-through-api',
      comment:
        'Lit components talk to the engine only through src/api (client.ts and the types of protocol.ts), never to ' +
        'the engine, storage, network, worker host, service worker or the composition roots directly. This holds for ' +
        '`import type` too: an engine type a component needs is re-exported by src/api/protocol.ts.',
      severity: 'error',
      from: { path: '^src/components/' },
      to: { path: '^src/(engine|storage|net|sw|app|platform)/|^src/api/worker/' },
    },
    {
      name: 'protocol-is-types-only',
      comment:
        'src/api/protocol.ts is the one typed contract between window, worker and service worker: it may name engine ' +
        'types, never pull engine code into the window bundle.',
      severity: 'error',
      from: { path: '^src/api/protocol\\.ts$' },
      to: { path: '^src/engine/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'io-does-not-reach-up',
      comment:
        'src/net and src/storage implement the engine ports; they never import the UI (src/components) or the ' +
        'window-side API client (src/api/client.ts). Wiring them to the client is src/app/ (app/engine-link.ts).',
      severity: 'error',
      from: { path: '^src/(net|storage)/' },
      to: { path: '^src/components/|^src/api/client\\.ts$' },
    },
    {
      name: 'sw-through-api',
      comment: 'The service worker answers streams through src/api only: no UI, engine, storage, network or app code.',
      severity: 'error',
      from: { path: '^src/sw/' },
      to: { path: '^src/(components|engine|storage|net|app|platform)/' },
    },
    {
      name: 'no-style-map',
      comment:
        "Lit's styleMap writes its first render as a style attribute, which the CSP (server/csp.js: style-src 'self') " +
        'blocks. Use styleProps from src/components/style-props.ts: the same, through CSSOM only.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '(^|/)node_modules/(lit|lit-html)/(development/)?directives/style-map\\.js$' },
    },
    {
      name: 'no-cycles',
      comment: 'Modules form a DAG (type-only imports included), so each can be read and tested from the bottom up.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.d\\.ts$' },
    // Type-only imports count: a type cycle is still a cycle to read, and a component importing an engine type is
    // still a component reaching into the engine.
    tsPreCompilationDeps: true,
    parser: 'swc',
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
