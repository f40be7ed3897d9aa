/**
 * The host's translation: the shell's i18n plugin (plugins/i18n.js) installs a global `t` that
 * reads `this.$store` and HTML-escapes its result unless its third argument `raw` is true; the
 * shell's i18n store module (store/i18n.js, which imports the shell's en-us.yaml through the
 * test setup's yaml transform) holds the strings. Both run here unchanged, in a store of their own.
 */

import { ComponentPublicInstance, createApp, defineComponent, h } from 'vue';
import { createStore } from 'vuex';
import i18n from '@shell/plugins/i18n';
import * as i18nModule from '@shell/store/i18n';
import { l10n } from '@pkg/components/l10n';

const STRINGS = { contract: { quoted: 'Rancher\'s <b>nodes</b> & "pools"', withArg: 'Pool {name}\'s profile' } };

function hostWithStrings() {
  const store = createStore({
    modules: {
      i18n: {
        namespaced: true, state: i18nModule.state, getters: i18nModule.getters, mutations: i18nModule.mutations
      }
    }
  });

  store.commit('i18n/mergeLoadTranslations', { locale: 'en-us', translations: STRINGS });
  store.commit('i18n/setSelected', 'en-us');

  return store;
}

function mountWithHostT(setup: (vm: ComponentPublicInstance & { text: (key: string, args?: Record<string, unknown>) => string }) => unknown) {
  let out: unknown;
  const Probe = defineComponent({
    mixins: [l10n],
    render() {
      out = setup(this);

      return h('span');
    },
  });

  // An app of its own, so that nothing of the test setup's global plugins takes part.
  const app = createApp(Probe).use(hostWithStrings()).use(i18n);

  app.mount(document.createElement('div'));
  app.unmount();

  return out;
}

describe('the host\'s t (plugins/i18n.js over store/i18n.js)', () => {
  it('HTML-escapes what it returns unless asked raw: \' becomes &#39;', () => {
    expect(mountWithHostT((vm) => vm.t('contract.quoted'))).toBe('Rancher&#39;s &lt;b&gt;nodes&lt;/b&gt; &amp; &quot;pools&quot;');
    expect(mountWithHostT((vm) => vm.t('contract.withArg', { name: 'cp' }))).toBe('Pool cp&#39;s profile');
  });

  it('returns the string as written when its third argument raw is true', () => {
    expect(mountWithHostT((vm) => vm.t('contract.quoted', {}, true))).toBe('Rancher\'s <b>nodes</b> & "pools"');
    expect(mountWithHostT((vm) => vm.t('contract.withArg', { name: 'cp' }, true))).toBe('Pool cp\'s profile');
  });

  it('throws when called detached from its component (it reads this.$store): Vue does not bind global properties', () => {
    const error = mountWithHostT((vm) => {
      const detached = vm.t;

      try {
        return detached('contract.quoted');
      } catch (e) {
        return e;
      }
    });

    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/\$store/);
  });

  it('the extension\'s text() asks for raw text and, as a method Vue binds, still works detached', () => {
    expect(mountWithHostT((vm) => {
      const text = vm.text;

      return text('contract.withArg', { name: 'cp' });
    })).toBe('Pool cp\'s profile');
  });

  it('marks a key it does not know as %key%, escaping nothing to show', () => {
    expect(mountWithHostT((vm) => vm.t('contract.missing'))).toBe('%contract.missing%');
  });
});
