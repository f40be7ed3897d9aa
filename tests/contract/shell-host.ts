/**
 * The parts of the dashboard the contract tests run for real: its route table, the APIs its
 * start-up injects into the app and the store (the extension manager, which loads an
 * extension's Plugin into the lookup the pages use, and from 3.0.8 `$shell`), and the i18n store.
 * What a test cannot run (the API-backed `management`/`rancher` stores) it supplies in `store()`.
 *
 * The shell is the one jest.config.js maps `@shell/*` to (the pinned one, or RANCHER_SHELL's),
 * and each is started the way its own dashboard starts: which of its modules to load is decided
 * from the files the shell has (`shellHas`), and where a seam's shape changed the tests name the
 * first measured version with the new shape (`shellAtLeast`), so that each asserts one meaning
 * in every shell.
 */

/* eslint-disable @typescript-eslint/no-explicit-any -- The shell's store and plugin API as the dashboard
   wires them, untyped JavaScript. */
import { existsSync } from 'fs';
import { dirname, join } from 'path';
import { gte } from 'semver';
import { createMemoryHistory, createRouter, RouteLocationRaw } from 'vue-router';
import routes from '@shell/config/router/routes';
import { TabLocation } from '@shell/core/types';
import { registerTabs } from '@pkg/registration';
import { hostStore } from '../setup/vue-setup';

export const CLUSTER_TYPE = 'provisioning.cattle.io.cluster';
export const EC2_CONFIG_TYPE = 'rke-machine-config.cattle.io.amazonec2config';

/** The shell under test: its folder and version (its package.json, through the same mapping as its source). */
const SHELL_ROOT = dirname(require.resolve('@shell/package.json'));

/** A module of the shell under test that not every shell has: loaded only once `shellHas` says it is there. */
export function shellModule(file: string): any {
  return jest.requireActual(`@shell/${ file }`);
}

export const SHELL_VERSION: string = shellModule('package.json').version;

/** Whether the shell under test ships `file` (a path inside @rancher/shell). */
export function shellHas(file: string): boolean {
  return existsSync(join(SHELL_ROOT, file));
}

/** Whether the shell under test is `version` or newer. */
export function shellAtLeast(version: string): boolean {
  return gte(SHELL_VERSION, version);
}

let router: ReturnType<typeof createRouter> | undefined;

/** The dashboard's router over the shell's own route table (one, as in the dashboard; resolving never loads a page). */
export function shellRouter() {
  router = router || createRouter({ history: createMemoryHistory(), routes });

  return router;
}

export function resolveRoute(location: RouteLocationRaw | string) {
  return shellRouter().resolve(location);
}

/**
 * What the dashboard's start-up injects (`$plugin`, `$extension`, `$shell`, ...), keyed as
 * components and the store see them: initialize/install-plugins.js's `inject(key, value)`
 * puts `$key` on the app, its context and the store.
 *
 * - 3.0.0 (Rancher 2.10): core/plugins.js injects the extension manager as `$plugin`, the
 *   only name its components read (`this.$plugin.getUIConfig`, ...).
 * - 3.0.8 and 3.0.13: apis/impl/apis.ts's initUiApis makes it with core/extension-manager-impl
 *   and injects it as `$extension` (and `$plugin`, a deprecated alias), beside `$shell`
 *   (3.0.13's `aws` store sends its requests through `this.$shell.proxy`) and more.
 */
export type HostApis = Record<string, any>;

export function installHostApis(target: Record<string, any>, router = shellRouter()): HostApis {
  const injected: HostApis = {};
  const app: Record<string, any> = { router };
  const context = {
    app, store: target, $axios: {}, redirect: () => undefined
  };
  const inject = (key: string, value: unknown) => {
    app[`$${ key }`] = value;
    target[`$${ key }`] = value;
    injected[`$${ key }`] = value;
  };
  const vueApp = { provide: () => undefined, use: () => undefined };

  app.context = context;
  if (shellHas('apis/impl/apis.ts')) {
    shellModule('apis/impl/apis').initUiApis(context, inject, vueApp);
  } else if (shellHas('core/plugins.js')) {
    shellModule('core/plugins.js').default(context, inject, vueApp);
  } else {
    throw new Error(`@rancher/shell ${ SHELL_VERSION } has neither apis/impl/apis.ts nor core/plugins.js: how does its dashboard make the extension manager?`);
  }

  return injected;
}

/** The extension manager among what the dashboard injected, under the name this shell's code reads. */
export const EXTENSION_MANAGER_KEY = shellHas('apis/impl/apis.ts') ? '$extension' : '$plugin';

/**
 * The dashboard's APIs after loading this extension the way the shell loads an extension built
 * into it (its vue.config.js: `$extension.registerBuiltinExtension(...)` from 3.0.8,
 * `$plugin.initPlugin(...)` in 3.0.0). Spread into a component's globals or a model's root state.
 */
export function hostApisWithThisExtension(into: Record<string, any> = {
  getters: {}, dispatch: () => Promise.resolve(), commit: () => undefined
}): HostApis {
  const apis = installHostApis(into);
  const manager = apis[EXTENSION_MANAGER_KEY];
  const module = { default: (plugin: any) => registerTabs(plugin, TabLocation) };

  if (EXTENSION_MANAGER_KEY === '$extension') {
    manager.registerBuiltinExtension('aws-cloud-provider', module);
    manager.loadBuiltinExtensions();
  } else {
    manager.initPlugin('aws-cloud-provider', module);
  }

  return apis;
}

/** The shell's extension manager after loading this extension. */
export function extensionManagerWithThisExtension() {
  return hostApisWithThisExtension()[EXTENSION_MANAGER_KEY];
}

/** Getters the shell's components call as functions (an empty Rancher: functions answering nothing). */
const FUNCTION_GETTERS = [
  'features/get', 'prefs/get', 'management/byId', 'management/all', 'management/canList', 'rancher/byId', 'rancher/all', 'rancher/schemaFor',
  'cluster/schemaFor', 'plugins/cloudProviderForDriver',
];

/**
 * A host store: the real i18n getters, the given getters, and for any other getter what an
 * empty Rancher answers (nothing, or a function answering nothing). Its root state and the
 * store itself carry the dashboard's APIs with this extension loaded, as the dashboard's root
 * store does (the `setPlugin` mutation at start-up, and `inject`).
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
  const host: Record<string, any> = {
    getters: all, rootGetters: all, dispatch, commit: () => undefined, state: {}
  };

  host.state = host.rootState = rootStateOf(hostApisWithThisExtension(host));

  return host as {
    getters: Record<string, unknown>, rootGetters: Record<string, unknown>, dispatch: typeof dispatch, commit: () => undefined, state: Record<string, any>, rootState: Record<string, any>
  } & HostApis;
}

/** The dashboard's APIs a host store made by `store()` carries, to give a component as its globals. */
export function apisOf(host: Record<string, any>): HostApis {
  return Object.fromEntries(Object.entries(host).filter(([key]) => key.startsWith('$')));
}

/**
 * The dashboard root store's state as far as the APIs go: its `setPlugin` mutation (store/index.js,
 * committed at start-up with the app's manager) sets `$plugin`, and from 3.0.8 also `$extension`.
 * Models read the manager there (`this.$ctx.rootState`).
 */
export function rootStateOf(apis: HostApis): Record<string, any> {
  const state: Record<string, any> = {};

  shellModule('store/index').mutations.setPlugin(state, apis[EXTENSION_MANAGER_KEY]);

  return state;
}
