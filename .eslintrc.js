// Rancher's code style: the rules are those of the extension generator, rancher/dashboard
// creators/extension/app/files/.eslintrc.js at tag shell-pkg-v3.0.8 (commit 1c3b711832e1,
// the @rancher/shell 3.0.8 this repository builds with; unchanged until the generator moved to a
// flat config). Its `rules` and its `*.js` override are copied unchanged below; the overrides
// after them are '@vue/typescript/recommended''s for `*.js` and this repository's two.
//
// Its `extends`, in its order, are 'standard', 'eslint:recommended',
// 'plugin:@typescript-eslint/recommended', '@vue/standard', '@vue/typescript/recommended',
// 'plugin:vue/vue3-recommended' and 'plugin:cypress/recommended'. '@vue/standard' repeats
// 'standard' after 'eslint:recommended' and '@vue/typescript/recommended' repeats
// '@typescript-eslint/recommended' after it, so the order that decides is the one below.
// 'standard', '@vue/standard' and '@vue/typescript/recommended' are not installed:
// .eslintrc.standard.js rebuilds them from what is.
//
// `npm run lint` sets DISABLE_V8_COMPILE_CACHE: ESLint 7's command line loads v8-compile-cache,
// which breaks Node 20's require() of the ES module async-function (a dependency of
// eslint-plugin-import's dependencies) with "Cannot use import statement outside a module".
module.exports = {
  root:    true,
  env:     {
    browser: true,
    node:    true,
    jest:    true,
    es2021:  true,
  },
  globals: {
    NodeJS: true,
    Timer:  true
  },
  parser:        'vue-eslint-parser',
  parserOptions: {
    parser:      '@typescript-eslint/parser',
    ecmaVersion: 2021,
    sourceType:  'module',
  },
  extends: [
    'eslint:recommended',
    './.eslintrc.standard.js',
    'plugin:@typescript-eslint/recommended',
    'plugin:vue/vue3-recommended',
    'plugin:cypress/recommended'
  ],
  rules: {
    'dot-notation':             'off',
    'generator-star-spacing':   'off',
    'guard-for-in':             'off',
    'linebreak-style':          'off',
    'new-cap':                  'off',
    'no-empty':                 'off',
    'no-extra-boolean-cast':    'off',
    'no-new':                   'off',
    'no-plusplus':              'off',
    'no-useless-escape':        'off',
    'semi-spacing':             'off',
    'space-in-parens':          'off',
    strict:                     'off',
    'unicorn/no-new-buffer':    'off',
    'vue/html-self-closing':    'off',
    'vue/no-unused-components': 'warn',
    'vue/no-v-html':            'error',
    'wrap-iife':                'off',
    'array-bracket-spacing':    'warn',
    'arrow-parens':             'warn',
    'arrow-spacing':            [
      'warn',
      {
        before: true,
        after:  true
      }
    ],
    'block-spacing': [
      'warn',
      'always'
    ],
    'brace-style': [
      'warn',
      '1tbs'
    ],
    'comma-dangle': [
      'warn',
      'only-multiline'
    ],
    'comma-spacing':     'warn',
    curly:               'warn',
    eqeqeq:              'warn',
    'func-call-spacing': [
      'warn',
      'never'
    ],
    'implicit-arrow-linebreak': 'warn',
    indent:                     [
      'warn',
      2
    ],
    'keyword-spacing':             'warn',
    'lines-between-class-members': [
      'warn',
      'always',
      { exceptAfterSingleLine: true }
    ],
    'multiline-ternary': [
      'warn',
      'never'
    ],
    'newline-per-chained-call': [
      'warn',
      { ignoreChainWithDepth: 4 }
    ],
    'no-caller':      'warn',
    'no-cond-assign': [
      'warn',
      'except-parens'
    ],
    'no-console':                    'warn',
    'no-debugger':                   'warn',
    'no-eq-null':                    'warn',
    'no-eval':                       'warn',
    'no-trailing-spaces':            'warn',
    'no-undef':                      'warn',
    'no-unused-vars':                'warn',
    'no-whitespace-before-property': 'warn',
    'object-curly-spacing':          [
      'warn',
      'always'
    ],
    'object-property-newline': 'warn',
    'object-shorthand':        'warn',
    'padded-blocks':           [
      'warn',
      'never'
    ],
    'prefer-arrow-callback': 'warn',
    'prefer-template':       'warn',
    'quote-props':           'warn',
    'rest-spread-spacing':   'warn',
    semi:                    [
      'warn',
      'always'
    ],
    'space-before-function-paren': [
      'warn',
      'never'
    ],
    'space-infix-ops':        'warn',
    'spaced-comment':         'warn',
    'switch-colon-spacing':   'warn',
    'template-curly-spacing': [
      'warn',
      'always'
    ],
    'yield-star-spacing': [
      'warn',
      'both'
    ],
    'key-spacing': [
      'warn',
      {
        align: {
          beforeColon: false,
          afterColon:  true,
          on:          'value',
          mode:        'minimum'
        },
        multiLine: {
          beforeColon: false,
          afterColon:  true
        }
      }
    ],
    'object-curly-newline': [
      'warn',
      {
        ObjectExpression: {
          multiline:     true,
          minProperties: 3
        },
        ObjectPattern: {
          multiline:     true,
          minProperties: 4
        },
        ImportDeclaration: {
          multiline:     true,
          minProperties: 5
        },
        ExportDeclaration: {
          multiline:     true,
          minProperties: 3
        }
      }
    ],
    'padding-line-between-statements': [
      'warn',
      {
        blankLine: 'always',
        prev:      '*',
        next:      'return'
      },
      {
        blankLine: 'always',
        prev:      'function',
        next:      'function'
      },
      {
        blankLine: 'always',
        prev:      [
          'const',
          'let',
          'var'
        ],
        next: '*'
      },
      {
        blankLine: 'any',
        prev:      [
          'const',
          'let',
          'var'
        ],
        next: [
          'const',
          'let',
          'var'
        ]
      }
    ],
    quotes: [
      'warn',
      'single',
      {
        avoidEscape:           true,
        allowTemplateLiterals: true
      }
    ],
    'space-unary-ops': [
      'warn',
      {
        words:    true,
        nonwords: false
      }
    ],
    'vue/order-in-components':           'off',
    'vue/no-lone-template':              'off',
    'vue/v-slot-style':                  'off',
    'vue/component-tags-order':          'off',
    'vue/no-mutating-props':             'off',
    '@typescript-eslint/no-unused-vars': 'off',
    'array-callback-return':             'off',
    'vue/one-component-per-file':        'off',
    'vue/no-deprecated-slot-attribute':  'off',
    'vue/require-explicit-emits':        'off',
    'vue/v-on-event-hyphenation':        'off'
  },
  overrides: [
    {
      files: [
        '*.js'
      ],
      rules: {
        'prefer-regex-literals':                'off',
        'vue/component-definition-name-casing': 'off',
        'no-unreachable-loop':                  'off',
        'computed-property-spacing':            'off'
      }
    },
    // From '@vue/typescript/recommended' (see .eslintrc.standard.js).
    { files: ['*.js', '*.cjs'], rules: { '@typescript-eslint/no-var-requires': 'off' } },
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
