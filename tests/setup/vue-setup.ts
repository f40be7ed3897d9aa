/**
 * Components get the host's own translation: the shell's i18n plugin (its global `t`, which
 * needs its `this` and HTML-escapes unless asked for raw text) over the shell's i18n store
 * module, with the extension's en-us.yaml merged into the shell's strings as the dashboard
 * merges an extension's l10n. A key found in neither fails the test that used it, so every
 * string a user reads is proven to exist.
 */

import { config } from '@vue/test-utils';
import { createStore } from 'vuex';
import { installDirectives } from '@shell/initialize/install-directives';
import i18n from '@shell/plugins/i18n';
import * as hostI18n from '@shell/store/i18n';
import vSelect from 'vue-select';
import { TextDecoder as NodeTextDecoder, TextEncoder as NodeTextEncoder } from 'util';
import { loadStrings } from '@cli/src/translate';

// Browsers have these; jsdom 16 does not, and the AWS SDK clients the host store returns need them.
if (typeof globalThis.TextEncoder === 'undefined') {
  Object.assign(globalThis, { TextEncoder: NodeTextEncoder, TextDecoder: NodeTextDecoder });
}

// The browser's clipboard, installed before clipboard-polyfill captures navigator.clipboard.
if (typeof navigator !== 'undefined') {
  Object.defineProperty(navigator, 'clipboard', { value: { writeText: jest.fn(() => Promise.resolve()) }, configurable: true });
}

const missingKeys: string[] = [];

/** The shell's `i18n/t` getter, unchanged, observed for keys it does not know. */
const observedT = (state: unknown, ...rest: unknown[]) => {
  const translate = (hostI18n.getters.t as (state: unknown, ...rest: unknown[]) => (key: string, args?: Record<string, unknown>, language?: string) => string)(state, ...rest);

  return (key: string, args?: Record<string, unknown>, language?: string) => {
    const out = translate(key, args, language);

    if (out === undefined) {
      missingKeys.push(key);
    }

    return out;
  };
};

/** The host's store as far as translation goes; tests needing other actions mock `$store` themselves. */
export const hostStore = createStore({
  modules: {
    i18n: {
      namespaced: true,
      state:      hostI18n.state,
      getters:    { ...hostI18n.getters, t: observedT },
      mutations:  hostI18n.mutations,
    },
    // A user with no cloud credentials.
    rancher: {
      namespaced: true,
      actions:    { findAll: () => [], find: () => undefined },
    },
  },
});

hostStore.commit('i18n/mergeLoadTranslations', { locale: 'en-us', translations: loadStrings() });
hostStore.commit('i18n/setSelected', 'en-us');

config.global.plugins = [...(config.global.plugins || []), hostStore, i18n, { install: installDirectives }];
// The host registers vue-select globally; LabeledSelect renders it.
config.global.components = { ...config.global.components, 'v-select': vSelect };

afterEach(() => {
  const missing = missingKeys.splice(0);

  if (missing.length) {
    throw new Error(`Missing l10n keys: ${ [...new Set(missing)].join(', ') }`);
  }
});
