// Jest runs in native ESM mode (NODE_OPTIONS=--experimental-vm-modules, see package.json) and transforms
// TypeScript with @swc/jest, because TypeScript 7's native compiler has no JS API for ts-jest to use.
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2023' }, module: { type: 'es6' } },
    ],
  },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  globalSetup: '<rootDir>/test/global-setup.mjs',
  globalTeardown: '<rootDir>/test/global-teardown.mjs',
  testTimeout: 30000,
  // Two cores: integration suites share PostgreSQL and Redis, two workers keep them busy without thrashing.
  maxWorkers: 2,
};
