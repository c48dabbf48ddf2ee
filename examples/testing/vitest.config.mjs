export default {
  test: {
    include: ['vitest.test.mjs'],
    // In a checkout of Gatehouse the package resolves to its own folder, not node_modules: load its
    // compiled bundle as Node does instead of passing it through Vite's transform (an installed
    // package is external already).
    server: { deps: { external: [/\/dist\/(cli|checkout)\//] } },
  },
};
