// The browser suite: the real Rancher dashboard (built without the extension) loads the built
// extension from the fake Rancher API at run time, as Rancher does, and Chromium drives it.
// One test file at a time: each runs a browser beside the servers on a 2-core machine.
const { join } = require('path');
const root = join(__dirname, '..', '..');

module.exports = {
  rootDir:                  root,
  testEnvironment:          'node',
  testMatch:                ['<rootDir>/tests/e2e/**/*.e2e.ts'],
  transform:                { '^.+\\.(ts|js)$': 'babel-jest' },
  // The unit tests' mapping: tsconfig.json's path aliases.
  moduleNameMapper:         require('../../jest.config').moduleNameMapper,
  globalSetup:              '<rootDir>/tests/e2e/global-setup.ts',
  modulePathIgnorePatterns: ['<rootDir>/dist-pkg/', '<rootDir>/.cache/'],
  testTimeout:              180000,
};
