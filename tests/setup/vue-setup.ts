import { join } from 'path';
import { config } from '@vue/test-utils';
import { createStore } from 'vuex';
import { installDirectives } from '@shell/initialize/install-directives';
import i18n from '@shell/plugins/i18n';
import vSelect from 'vue-select';
import { createTranslate, loadStrings, lookup } from '../../cli/src/translate';

/**
 * Components get a real `t` over the extension's en-us.yaml, with the shell's own strings
 * beneath for the shell components we reuse. A key found in neither fails the test that used
 * it, so every string a user reads is proven to exist.
 */

// Browsers have these; jsdom 16 does not, and the AWS SDK clients the host store returns need them.
if (typeof globalThis.TextEncoder === 'undefined') {
  const { TextEncoder, TextDecoder } = require('util');

  Object.assign(globalThis, { TextEncoder, TextDecoder });
}

// The browser's clipboard, installed before clipboard-polyfill captures navigator.clipboard.
if (typeof navigator !== 'undefined') {
  Object.defineProperty(navigator, 'clipboard', { value: { writeText: jest.fn(() => Promise.resolve()) }, configurable: true });
}

const missingKeys: string[] = [];
const shellStrings = loadStrings(join(__dirname, '..', '..', 'node_modules', '@rancher', 'shell', 'assets', 'translations', 'en-us.yaml')) as Record<string, unknown>;
const strings = { ...shellStrings, ...(loadStrings() as Record<string, unknown>) };
const t = createTranslate(strings, (key) => missingKeys.push(key));
const exists = (key: string) => lookup(strings, key) !== undefined;

/** The host's store as far as translation goes; tests needing other actions mock `$store` themselves. */
export const hostStore = createStore({
  modules: {
    i18n: {
      namespaced: true,
      getters:    { t: () => t, exists: () => exists },
    },
    // A user with no cloud credentials.
    rancher: {
      namespaced: true,
      actions:    { findAll: () => [], find: () => undefined },
    },
  },
});

config.global.plugins = [...(config.global.plugins || []), hostStore, i18n, { install: installDirectives }];
config.global.mocks = { ...config.global.mocks, t };
// The host registers vue-select globally; LabeledSelect renders it.
config.global.components = { ...config.global.components, 'v-select': vSelect };

afterEach(() => {
  const missing = missingKeys.splice(0);

  if (missing.length) {
    throw new Error(`Missing l10n keys: ${ [...new Set(missing)].join(', ') }`);
  }
});
