module.exports = {
  root:          true,
  env:           { browser: true, node: true, jest: true, es2021: true },
  parser:        'vue-eslint-parser',
  parserOptions: { parser: '@typescript-eslint/parser', ecmaVersion: 2021, sourceType: 'module' },
  extends:       [
    'eslint:recommended',
    'plugin:@typescript-eslint/recommended',
    'plugin:vue/vue3-recommended',
  ],
  rules: {
    // Rancher's own style, as the extension generator sets it.
    'vue/no-v-html':                             'error',
    'vue/multi-word-component-names':            'off',
    'vue/no-mutating-props':                     'error',
    'vue/require-default-prop':                  'off',
    '@typescript-eslint/no-explicit-any':        'off',
    '@typescript-eslint/no-var-requires':        'off',
    '@typescript-eslint/no-non-null-assertion':  'off',
    '@typescript-eslint/no-unused-vars':         ['error', { argsIgnorePattern: '^_' }],
    '@typescript-eslint/explicit-module-boundary-types': 'off',
    'no-console':                                'error',
    curly:                                       'error',
    eqeqeq:                                      'error',
    indent:                                      ['error', 2, { SwitchCase: 0 }],
    quotes:                                      ['error', 'single', { avoidEscape: true, allowTemplateLiterals: true }],
    semi:                                        ['error', 'always'],
    'object-curly-spacing':                      ['error', 'always'],
    'template-curly-spacing':                    ['error', 'always'],
    'space-before-function-paren':               ['error', 'never'],
    'prefer-template':                           'error',
    'no-trailing-spaces':                        'error',
    'comma-dangle':                              ['error', 'only-multiline'],
  },
  overrides: [
    {
      // The host's `t` escapes HTML unless asked for raw text and needs its `this`: components say
      // `text(...)` (components/l10n.ts), which does both.
      files: ['pkg/**/components/**/*.vue'],
      rules: {
        'vue/no-restricted-syntax': ['error', { selector: "CallExpression[callee.name='t']", message: 'Use text(): the host t() escapes HTML.' }],
        'no-restricted-syntax':     ['error', { selector: "MemberExpression[object.type='ThisExpression'][property.name='t']", message: 'Use this.text: the host t() escapes HTML and needs its this.' }],
      },
    },
    { files: ['cli/src/**/*.ts', 'tests/**/*.ts', 'local/**/*.ts', 'scripts/**/*.ts'], rules: { 'no-console': 'off' } },
  ],
};
