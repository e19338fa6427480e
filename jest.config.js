// Two projects: `unit` is pure code and runs anywhere; `integration` and `e2e` need the real
// PostgreSQL and Redis that .ci/run starts.
const transform = { '^.+\\.ts$': ['@swc/jest'] };
const common = {
  transform,
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
  // The hub's clock, set before each file: no test depends on the machine's date.
  setupFilesAfterEnv: ['<rootDir>/test/support/test-clock.ts'],
};
module.exports = {
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
