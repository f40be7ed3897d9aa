/**
 * The parts of the dashboard the contract tests run for real: its route table, its extension
 * manager (which loads an extension's Plugin into the lookup the pages use), and the i18n store.
 * What a test cannot run (the API-backed `management`/`rancher` stores) it supplies in `store()`.
 */

/* eslint-disable @typescript-eslint/no-explicit-any -- The shell's store and plugin API as the dashboard
   wires them, untyped JavaScript. */
import { createMemoryHistory, createRouter, RouteLocationRaw } from 'vue-router';
import routes from '@shell/config/router/routes';
import { createExtensionManager } from '@shell/core/extension-manager-impl';
import { TabLocation } from '@shell/core/types';
import { registerTabs } from '@pkg/registration';
import { hostStore } from '../setup/vue-setup';

export const CLUSTER_TYPE = 'provisioning.cattle.io.cluster';
export const EC2_CONFIG_TYPE = 'rke-machine-config.cattle.io.amazonec2config';

/** The dashboard's router over the shell's own route table (resolving never loads a page). */
export function shellRouter() {
  return createRouter({ history: createMemoryHistory(), routes });
}

export function resolveRoute(location: RouteLocationRaw | string) {
  return shellRouter().resolve(location);
}

/** The shell's extension manager after loading this extension the way it loads a built-in one. */
export function extensionManagerWithThisExtension() {
  const manager = createExtensionManager({
    app:   { router: shellRouter() },
    store: {
      getters: {}, dispatch: () => Promise.resolve(), commit: () => undefined
    },
    $axios:   {},
    redirect: () => undefined
  });

  manager.registerBuiltinExtension('aws-cloud-provider', { default: (plugin: any) => registerTabs(plugin, TabLocation) });
  manager.loadBuiltinExtensions();

  return manager;
}

/** Getters the shell's components call as functions (an empty Rancher: functions answering nothing). */
const FUNCTION_GETTERS = [
  'features/get', 'prefs/get', 'management/byId', 'management/all', 'management/canList', 'rancher/byId', 'rancher/all', 'rancher/schemaFor',
  'cluster/schemaFor', 'plugins/cloudProviderForDriver',
];

/**
 * A host store: the real i18n getters, the given getters, and for any other getter what an
 * empty Rancher answers (nothing, or a function answering nothing).
 */
export function store(getters: Record<string, unknown>, dispatch: (type: string, payload?: any) => Promise<any>) {
  const all = new Proxy(hostStore.getters as Record<string, unknown>, {
    get(target, key: string | symbol) {
      if (typeof key === 'string' && key in getters) {
        return getters[key];
      }
      if (key in target) {
        return target[key as string];
      }

      return typeof key === 'string' && FUNCTION_GETTERS.includes(key) ? () => undefined : undefined;
    },
  });

  return {
    getters: all, rootGetters: all, dispatch, commit: () => undefined, state: {}
  };
}
