// The three shared configs Rancher's extension generator extends that are not installed here,
// rebuilt from what is: .eslintrc.js extends this file where the generator extends them.
//   'standard'                    eslint-config-standard 16.0.3 (installed with @rancher/shell), whose
//                                 `node/` rules eslint-plugin-n 15.2.0 (its maintained fork, also
//                                 installed with @rancher/shell) runs under the same names as `n/`.
//                                 Its one `promise/` rule (promise/param-names) is left out:
//                                 eslint-plugin-promise is not installed.
//   '@vue/standard'               @vue/eslint-config-standard 6.1.0: 'standard' plus the import
//                                 resolver settings (the node resolver; its webpack resolver is
//                                 optional and not installed).
//   '@vue/typescript/recommended' @vue/eslint-config-typescript 9.1.0 is
//                                 'plugin:@typescript-eslint/recommended' (extended by .eslintrc.js),
//                                 the parser options below and two overrides: no-var-requires off
//                                 for *.js (in .eslintrc.js) and no-unused-vars off for *.ts, which
//                                 the generator's own `no-unused-vars: 'warn'` overrides in turn.
// The versions are those of rancher/dashboard's yarn.lock at shell-pkg-v3.0.8.
const standard = require('eslint-config-standard');

const rules = {};

for (const [name, setting] of Object.entries(standard.rules)) {
  if (name.startsWith('promise/')) {
    continue;
  }
  rules[name.startsWith('node/') ? `n/${ name.slice('node/'.length) }` : name] = setting;
}

module.exports = {
  parserOptions: {
    ...standard.parserOptions,
    extraFileExtensions: ['.vue'],
  },
  env:      standard.env,
  globals:  standard.globals,
  plugins:  ['import', 'n'],
  settings: {
    'import/resolver':   { [require.resolve('eslint-import-resolver-node')]: {} },
    'import/extensions': ['.js', '.jsx', '.mjs', '.ts', '.tsx'],
  },
  rules,
};
