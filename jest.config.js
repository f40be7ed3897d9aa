module.exports = {
  testEnvironment:      'jsdom',
  moduleFileExtensions: ['ts', 'js', 'json', 'vue', 'yaml'],
  transform:            {
    '^.+\\.vue$':     '@vue/vue3-jest',
    '^.+\\.(ts|js)$': 'babel-jest',
    '^.+\\.ya?ml$':   '<rootDir>/tests/setup/yaml-transform.js',
  },
  moduleNameMapper: {
    '^@shell/(.*)$':      '<rootDir>/node_modules/@rancher/shell/$1',
    '^@components/(.*)$': '<rootDir>/node_modules/@rancher/shell/rancher-components/$1',
    // tsconfig.json's path aliases for cli/, local/, scripts/ and tests/ (pkg/ itself imports
    // relatively: the shell's webpack builds it as a package of its own).
    '^@pkg/(.*)$':        '<rootDir>/pkg/aws-cloud-provider/$1',
    '^@cli/(.*)$':        '<rootDir>/cli/$1',
    '^@local/(.*)$':      '<rootDir>/local/$1',
    '^@scripts/(.*)$':    '<rootDir>/scripts/$1',
    '^@tests/(.*)$':      '<rootDir>/tests/$1',
    '\\.(css|scss)$':     '<rootDir>/tests/setup/style-stub.js',
  },
  // The shell and a few of its dependencies ship untranspiled ES modules.
  transformIgnorePatterns:  ['/node_modules/(?!(@rancher/shell|clipboard-polyfill|jsonpath-plus)/)'],
  testMatch:                ['<rootDir>/pkg/**/__tests__/**/*.test.ts', '<rootDir>/cli/**/__tests__/**/*.test.ts', '<rootDir>/tests/**/*.test.ts', '<rootDir>/local/**/__tests__/**/*.test.ts'],
  setupFilesAfterEnv:       ['<rootDir>/tests/setup/jest.setup.ts'],
  globals:                  { 'vue-jest': { experimentalCSSCompile: false, tsConfig: require('path').join(__dirname, 'tsconfig.json') } },
  modulePathIgnorePatterns: ['<rootDir>/dist-pkg/', '<rootDir>/.cache/'],
  testTimeout:              60000,
};
