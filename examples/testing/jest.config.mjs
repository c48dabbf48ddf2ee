// Jest runs ES modules natively here (no Babel transform): node --experimental-vm-modules.
export default {
  testMatch: ['**/jest.test.mjs'],
  transform: {},
  // Without watchman Jest crawls with `find`; asking for watchman where it is absent can stall.
  watchman: false,
};
