// RANCHER_SHELL=<version> (other than the pinned one) runs the tests against that shell's source,
// installed by `tsx local/builds.ts --install-shell` into .cache/shells/<version>/ (shellDir() in
// local/builds.ts); the host's vue, vuex and vue-router come from there too, one copy each, as in
// that dashboard, and bare imports such as 'config/router/...' (3.0.0) resolve inside the shell,
// as its webpack config's resolve.modules has them. Unset: the pinned shell of node_modules/.
const pinnedShell = require('./package.json').dependencies['@rancher/shell'];
const otherShell = process.env.RANCHER_SHELL && process.env.RANCHER_SHELL !== pinnedShell ? `<rootDir>/.cache/shells/${ process.env.RANCHER_SHELL }/node_modules` : undefined;
const hostModules = otherShell ? {
  '^@shell/(.*)$':           `${ otherShell }/@rancher/shell/$1`,
  '^@components/(.*)$':      `${ otherShell }/@rancher/shell/rancher-components/$1`,
  '^(vue|vuex|vue-router)$': `${ otherShell }/$1`,
} : {
  '^@shell/(.*)$':      '<rootDir>/node_modules/@rancher/shell/$1',
  '^@components/(.*)$': '<rootDir>/node_modules/@rancher/shell/rancher-components/$1',
};

module.exports = {
  testEnvironment:      'jsdom',
  moduleFileExtensions: ['ts', 'js', 'json', 'vue', 'yaml'],
  transform:            {
    '^.+\\.vue$':         otherShell ? '<rootDir>/tests/contract/shell-vue-transform.js' : '@vue/vue3-jest',
    '^.+\\.(ts|js|mjs)$': 'babel-jest',
    '^.+\\.ya?ml$':       '<rootDir>/tests/setup/yaml-transform.js',
  },
  moduleNameMapper: {
    ...hostModules,
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
  transformIgnorePatterns:  ['/node_modules/(?!(@rancher/shell|clipboard-polyfill|jsonpath-plus|vee-validate|@vee-validate|color|color-string|color-convert|color-name)/)'],
  testMatch:                ['<rootDir>/pkg/**/__tests__/**/*.test.ts', '<rootDir>/cli/**/__tests__/**/*.test.ts', '<rootDir>/tests/**/*.test.ts', '<rootDir>/local/**/__tests__/**/*.test.ts'],
  modulePaths:              otherShell ? [`${ otherShell }/@rancher/shell`] : [],
  setupFilesAfterEnv:       ['<rootDir>/tests/setup/jest.setup.ts', ...(otherShell ? ['<rootDir>/tests/contract/shell-assets-setup.js'] : [])],
  globals:                  { 'vue-jest': { experimentalCSSCompile: false, tsConfig: require('path').join(__dirname, 'tsconfig.json') } },
  modulePathIgnorePatterns: ['<rootDir>/dist-pkg/', '<rootDir>/.cache/'],
  testTimeout:              60000,
};
