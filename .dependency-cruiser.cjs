// The layers of src/ and the one direction imports may run (checked in CI by `npm run check:deps`):
//   composition root (server.ts, app.ts, http-server.ts, deps.ts, secrets.ts, request-logger.ts, health.ts, welcome.ts, testing.ts, metrics.ts, metrics-server.ts, request-metrics.ts, cli/)
//   → surfaces (api, oauth, hosted-ui, admin-console, declare, dev-idp)
//   → domain
//   → tokens, crypto, messaging, triggers (runs Lambda functions), store, and web (what the HTML surfaces share)
//   → shared vocabulary (cognito/, clock.ts, config/, deep-freeze.ts).
// Surfaces never import each other; the one exception is the admin console calling the API's
// operation registry. No cycles anywhere.
const ROOT = '^src/(server|app|http-server|deps|secrets|request-logger|health|welcome|testing|metrics|metrics-server|request-metrics)[.]ts$|^src/cli/';
const SURFACES = ['api', 'oauth', 'hosted-ui', 'admin-console', 'declare', 'dev-idp'];
const SURFACE = `^src/(${SURFACES.join('|')})/`;
const DOMAIN = '^src/domain/';
const LOWER = '^src/(tokens|crypto|messaging|triggers|store|web)/';
const VOCABULARY = '^src/(cognito/|config/|clock[.]ts$|deep-freeze[.]ts$|derive[.]ts$)';

const otherSurfaces = (surface) => `^src/(${SURFACES.filter((s) => s !== surface).join('|')})/`;

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Modules must not import each other in a cycle.', from: { path: '^src/' }, to: { circular: true } },
    { name: 'no-import-of-root', severity: 'error', comment: 'Only the composition root imports the composition root.', from: { path: '^src/', pathNot: ROOT }, to: { path: ROOT } },
    { name: 'vocabulary-is-a-leaf', severity: 'error', comment: 'The shared vocabulary imports nothing of the project but itself.', from: { path: VOCABULARY }, to: { path: '^src/', pathNot: VOCABULARY } },
    { name: 'lower-layers-stay-down', severity: 'error', comment: 'tokens, crypto, messaging, triggers, store and web never reach up to the domain or a surface.', from: { path: LOWER }, to: { path: `${DOMAIN}|${SURFACE}` } },
    { name: 'domain-below-surfaces', severity: 'error', comment: 'The domain never imports a surface, nor the HTML helpers of web/.', from: { path: DOMAIN }, to: { path: `${SURFACE}|^src/web/` } },
    { name: 'web-is-for-html-surfaces', severity: 'error', comment: 'Only the surfaces use web/.', from: { path: '^src/(tokens|crypto|messaging|triggers|store)/' }, to: { path: '^src/web/' } },
    ...SURFACES.map((surface) => ({
      name: `${surface}-imports-no-other-surface`,
      severity: 'error',
      comment: 'Surfaces never import each other (the admin console may call the API operation registry).',
      from: { path: `^src/${surface}/` },
      to: { path: otherSurfaces(surface), pathNot: surface === 'admin-console' ? '^src/api/registry[.]ts$' : undefined },
    })),
    {
      name: 'every-module-in-a-layer',
      severity: 'error',
      comment: 'A module outside every layer would escape these rules: place it in one (and in this file).',
      from: { path: '^src/', pathNot: `${ROOT}|${SURFACE}|${DOMAIN}|${LOWER}|${VOCABULARY}` },
      to: {},
    },
    { name: 'not-to-unresolvable', severity: 'error', from: {}, to: { couldNotResolve: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
