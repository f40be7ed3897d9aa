/**
 * Where the extension's tabs land: the shell's Plugin (core/plugin.ts) stores what registerTabs
 * adds, the shell's extension manager copies it into the lookup pages use, and the shell's own
 * matcher (core/plugin-helpers.ts) decides per route. Routes come from the shell's route table.
 */

/* eslint-disable @typescript-eslint/no-explicit-any -- These tests drive the shell's own router,
   models, pages and compiled templates, JavaScript untyped here, through their internals. */
import { Plugin } from '@shell/core/plugin';
import { ExtensionPoint, TabLocation } from '@shell/core/types';
import { getApplicableExtensionEnhancements } from '@shell/core/plugin-helpers';
import { extendRouter } from '@shell/plugins/extend-router';
import ClusterCreate from '@shell/edit/provisioning.cattle.io.cluster/index.vue';
import ProvCluster from '@shell/models/provisioning.cattle.io.cluster';
import { shallowRef, toRaw } from 'vue';
import { flushPromises, mount } from '@vue/test-utils';
import { readFileSync } from 'fs';
import { parse } from '@vue/compiler-sfc';
import Tabbed from '@shell/components/Tabbed/index.vue';
import {
  CLOUD_PROVIDER_TAB, CLUSTER_DETAIL_LOCATION, CLUSTER_PAGE_LOCATIONS, NODES_TAB, registerTabs
} from '@pkg/registration';
import CloudProviderTab from '@pkg/components/CloudProviderTab.vue';
import ClusterNodesTab from '@pkg/components/ClusterNodesTab.vue';
import {
  apisOf, CLUSTER_TYPE, extensionManagerWithThisExtension, hostApisWithThisExtension, resolveRoute, rootStateOf, shellAtLeast, shellModule, shellRouter, store
} from './shell-host';

// The dashboard's webpack turns image imports into URLs; Jest has no such loader configured.
jest.mock('@shell/assets/images/generic-catalog.svg', () => 'generic-catalog.svg');

/**
 * Where the detail page's extension tabs (RESOURCE_DETAIL) are looked up and rendered.
 * 3.0.8 and 3.0.13: by every Tabbed (the detail page's, inside ResourceTabs, and also the cluster
 * editor's tab areas), which is why their Plugin adds mode: ['detail'] to a location without a
 * mode. 3.0.0: by ResourceTabs alone, which renders them itself, and which no cluster create or
 * edit page renders (rke2-editor.test.ts mounts the editor: no nodes tab); its Plugin adds no mode.
 */
const TABBED_LOOKS_UP_DETAIL_TABS = shellAtLeast('3.0.8');

const CREATE = '/c/_/manager/provisioning.cattle.io.cluster/create';
const SAVED = '/c/_/manager/provisioning.cattle.io.cluster/fleet-default/prod';

/** The tabs the shell's matcher finds for a page, called as the shell's components call it (their `this`: the injected APIs). */
function tabsAt(location: TabLocation, url: string): string[] {
  return getApplicableExtensionEnhancements<{ name: string }>(hostApisWithThisExtension() as any, ExtensionPoint.TAB, location as any, resolveRoute(url) as any)
    .map((tab) => tab.name);
}

describe('registerTabs on the shell\'s Plugin', () => {
  it('stores the cluster-page tab under uiConfig.Tab[\'cluster-create-rke2\'] once per location, as async components loading CloudProviderTab', async() => {
    const plugin = new Plugin('aws-cloud-provider-0.1.0');

    registerTabs(plugin, TabLocation);
    const tabs = plugin.uiConfig[ExtensionPoint.TAB][TabLocation.CLUSTER_CREATE_RKE2];

    expect(TabLocation.CLUSTER_CREATE_RKE2).toBe('cluster-create-rke2');
    expect(tabs.map((tab: any) => [tab.name, tab.labelKey, tab.weight, tab.showHeader])).toEqual(CLUSTER_PAGE_LOCATIONS.map(() => [CLOUD_PROVIDER_TAB, 'awsCloudProvider.tab.label', 10.5, false]));
    expect(tabs.map((tab: any) => tab.locationConfig)).toEqual(CLUSTER_PAGE_LOCATIONS);
    expect(tabs[0].component.name).toBe('AsyncComponentWrapper');
    expect(await tabs[0].component.__asyncLoader()).toBe(CloudProviderTab);
  });

  it('stores the nodes tab under uiConfig.Tab[\'tab\'] (RESOURCE_DETAIL), where the host adds mode: [\'detail\'] to a location without a mode', async() => {
    const plugin = new Plugin('aws-cloud-provider-0.1.0');

    registerTabs(plugin, TabLocation);
    const tabs = plugin.uiConfig[ExtensionPoint.TAB][TabLocation.RESOURCE_DETAIL];

    expect(TabLocation.RESOURCE_DETAIL).toBe('tab');
    expect(tabs.map((tab: any) => [tab.name, tab.labelKey, tab.weight])).toEqual([[NODES_TAB, 'awsCloudProvider.nodes.tab', 0]]);
    expect(tabs[0].locationConfig).toEqual(TABBED_LOOKS_UP_DETAIL_TABS ? { resource: [CLUSTER_TYPE], mode: ['detail'] } : { resource: [CLUSTER_TYPE] });
    // The host changed registerTabs' copy, not the exported location.
    expect(CLUSTER_DETAIL_LOCATION).toEqual({ resource: [CLUSTER_TYPE] });
    expect(await tabs[0].component.__asyncLoader()).toBe(ClusterNodesTab);
  });

  it('the shell\'s extension manager, loading the plugin, answers getUIConfig(Tab, location) with these tabs', () => {
    const manager = extensionManagerWithThisExtension();

    expect(manager.getUIConfig(ExtensionPoint.TAB, TabLocation.CLUSTER_CREATE_RKE2).map((tab: any) => tab.name)).toEqual([CLOUD_PROVIDER_TAB, CLOUD_PROVIDER_TAB, CLOUD_PROVIDER_TAB]);
    expect(manager.getUIConfig(ExtensionPoint.TAB, TabLocation.RESOURCE_DETAIL).map((tab: any) => tab.name)).toEqual([NODES_TAB]);
  });
});

describe('the shell\'s matcher (getApplicableExtensionEnhancements) on the dashboard\'s routes', () => {
  it('shows the cluster-page tab once on create for Amazon EC2 (?type=amazonec2&rkeType=rke2) and for custom (?type=custom&rkeType=rke2)', () => {
    expect(tabsAt(TabLocation.CLUSTER_CREATE_RKE2, `${ CREATE }?type=amazonec2&rkeType=rke2`)).toEqual([CLOUD_PROVIDER_TAB]);
    expect(tabsAt(TabLocation.CLUSTER_CREATE_RKE2, `${ CREATE }?type=custom&rkeType=rke2`)).toEqual([CLOUD_PROVIDER_TAB]);
  });

  it('shows the cluster-page tab once on the edit page (?mode=edit) of a saved cluster', () => {
    expect(tabsAt(TabLocation.CLUSTER_CREATE_RKE2, `${ SAVED }?mode=edit`)).toEqual([CLOUD_PROVIDER_TAB]);
  });

  it('does not show the cluster-page tab on create for other machine providers, nor when the query holds more than type and rkeType (queryParam must equal the whole query)', () => {
    expect(tabsAt(TabLocation.CLUSTER_CREATE_RKE2, `${ CREATE }?type=vmwarevsphere&rkeType=rke2`)).toEqual([]);
    expect(tabsAt(TabLocation.CLUSTER_CREATE_RKE2, `${ CREATE }?type=vsphere&rkeType=rke2`)).toEqual([]);
    expect(tabsAt(TabLocation.CLUSTER_CREATE_RKE2, `${ CREATE }?type=amazonec2&rkeType=rke2&extra=1`)).toEqual([]);
    expect(tabsAt(TabLocation.CLUSTER_CREATE_RKE2, SAVED)).toEqual([]);
  });

  it('shows the nodes tab on the cluster detail page only: not on create or edit, where every Tabbed area also looks up RESOURCE_DETAIL tabs (3.0.8, 3.0.13)', () => {
    expect(tabsAt(TabLocation.RESOURCE_DETAIL, SAVED)).toEqual([NODES_TAB]);
    // 3.0.0 matches the location as registered, on every page of the cluster type; only the
    // detail page asks (ResourceTabs).
    const onEditAndCreate = TABBED_LOOKS_UP_DETAIL_TABS ? [] : [NODES_TAB];

    expect(tabsAt(TabLocation.RESOURCE_DETAIL, `${ SAVED }?mode=edit`)).toEqual(onEditAndCreate);
    expect(tabsAt(TabLocation.RESOURCE_DETAIL, `${ CREATE }?type=amazonec2&rkeType=rke2`)).toEqual(onEditAndCreate);
    expect(tabsAt(TabLocation.RESOURCE_DETAIL, '/c/_/manager/management.cattle.io.cluster/c-m-abc')).toEqual([]);
  });
});

describe('the dashboard\'s own ways to those pages', () => {
  it('picking Amazon EC2 on the cluster create page (index.vue clickedType) makes exactly ?type=amazonec2&rkeType=rke2', async() => {
    const route = resolveRoute(CREATE);
    const router: any = { currentRoute: shallowRef(route), replace: jest.fn(() => Promise.resolve()) };

    extendRouter(router);
    (ClusterCreate as any).methods.clickedType.call({
      $router: router, preferredProvisioner: 'rke2', selectType: () => undefined
    }, { id: 'amazonec2' });

    const [{ query }] = router.replace.mock.calls[0];

    expect(query).toEqual({ type: 'amazonec2', rkeType: 'rke2' });
    expect(tabsAt(TabLocation.CLUSTER_CREATE_RKE2, shellRouter().resolve({ path: CREATE, query }).fullPath)).toEqual([CLOUD_PROVIDER_TAB]);
  });

  it('the cluster model\'s goToEdit and detailLocation lead to routes where the cluster-page tab and the nodes tab show', () => {
    const pushed: any[] = [];
    const getters = { schemaFor: () => ({ attributes: { namespaced: true } }) };
    const rootGetters = {
      productId: 'manager', clusterId: '_', 'management/byId': () => undefined
    };
    // The root state holds the extension manager (3.0.13's detailLocation asks it for the
    // plugins' products).
    const cluster = new ProvCluster({
      id: 'fleet-default/prod', type: CLUSTER_TYPE, metadata: { namespace: 'fleet-default', name: 'prod' }, spec: { rkeConfig: {} }
    }, {
      getters, rootGetters, rootState: rootStateOf(hostApisWithThisExtension())
    });

    (window as any).$globalApp = { $router: { push: (location: unknown) => pushed.push(location) } };
    try {
      cluster.goToEdit();
    } finally {
      delete (window as any).$globalApp;
    }

    const edit = shellRouter().resolve(pushed[0]);
    const detail = shellRouter().resolve(cluster.detailLocation);

    expect(edit.fullPath).toBe(`${ SAVED }?mode=edit`);
    expect(detail.fullPath).toBe(SAVED);
    expect(tabsAt(TabLocation.CLUSTER_CREATE_RKE2, edit.fullPath)).toEqual([CLOUD_PROVIDER_TAB]);
    expect(tabsAt(TabLocation.RESOURCE_DETAIL, detail.fullPath)).toEqual([NODES_TAB]);
  });
});

/** The bound props (`:name="expression"`) of each `<tag>` in a shell SFC's template. */
function bindingsOf(file: string, tag: string): Record<string, string>[] {
  const { descriptor } = parse(readFileSync(require.resolve(`@shell/${ file }`), 'utf8'));
  const found: Record<string, string>[] = [];
  const walk = (node: any) => {
    if (node.type === 1 && node.tag === tag) {
      found.push(Object.fromEntries(node.props.filter((p: any) => p.type === 7 && p.name === 'bind' && p.arg).map((p: any) => [p.arg.content, p.exp?.content])));
    }
    (node.children || []).forEach(walk);
  };

  if (!descriptor.template) {
    throw new Error(`@rancher/shell/${ file } has no template`);
  }
  walk(descriptor.template.ast);

  return found;
}

describe('the cluster detail page\'s tabs', () => {
  it('the detail page\'s tab area (Tabbed; 3.0.0: ResourceTabs), given the page\'s resource, renders the nodes tab with a single prop, resource = the cluster model', async() => {
    // The root store's currentStore: the store of a type's events (3.0.0's ResourceTabs asks).
    const host = store({ currentStore: () => 'cluster' }, () => Promise.resolve([]));
    const value = new ProvCluster({
      id: 'fleet-default/prod', type: CLUSTER_TYPE, metadata: { namespace: 'fleet-default', name: 'prod' }, spec: {}, status: { clusterName: 'c-m-abc' }
    }, host);
    const route = resolveRoute(SAVED);
    // 3.0.0's ResourceTabs (the real one: its SortableTable has no RcButton yet) with the model
    // as the detail page gives it; its own tables stubbed.
    const wrapper = mount(TABBED_LOOKS_UP_DETAIL_TABS ? Tabbed as any : shellModule('components/form/ResourceTabs/index.vue').default, {
      props:  TABBED_LOOKS_UP_DETAIL_TABS ? { resource: value } : { value },
      global: {
        stubs: {
          Conditions: true, SortableTable: true, RelatedResources: true
        },
        mocks: {
          $store: host, $route: route, $router: { currentRoute: shallowRef(route), replace: () => Promise.resolve() }, ...apisOf(host),
        },
        // What ResourceDetail provides to the detail page: Tabbed then looks up RESOURCE_DETAIL_PAGE
        // tabs first and falls back to the RESOURCE_DETAIL ones.
        provide: { isInResourceDetailKey: true },
        config:  { warnHandler: () => undefined },
      },
    });

    await flushPromises();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await flushPromises();
    const tab = wrapper.findComponent(ClusterNodesTab);

    expect(tab.exists()).toBe(true);
    // 3.0.13's Tabbed also listens to the tab's `select` event (emitting it selects the tab);
    // in 3.0.0 and 3.0.8 the tab gets resource and nothing else.
    expect(tab.vm.$.vnode.props).toEqual(shellAtLeast('3.0.13') ? { resource: value, onSelect: expect.any(Function) } : { resource: value });
    expect(toRaw(tab.props('resource'))).toBe(value);
  });

  it('the detail page hands its cluster to ResourceTabs, which hands it to Tabbed as resource (3.0.8, 3.0.13) or renders the tab with it itself (3.0.0) (template bindings)', () => {
    // Read, not run: from 3.0.8 jest cannot compile ResourceTabs (its SortableTable imports
    // RcButton, whose defineProps uses imported types that @vue/vue3-jest's compileScript cannot
    // resolve), nor the detail page that imports it. The template bindings are what the shell renders.
    expect(bindingsOf('detail/provisioning.cattle.io.cluster.vue', 'ResourceTabs')).toEqual([expect.objectContaining({ value: 'value' })]);
    if (TABBED_LOOKS_UP_DETAIL_TABS) {
      expect(bindingsOf('components/form/ResourceTabs/index.vue', 'Tabbed')).toEqual([expect.objectContaining({ resource: 'value' })]);
      expect(bindingsOf('components/Tabbed/index.vue', 'component')).toEqual([{ is: 'tab.component', resource: 'resource' }]);
    } else {
      expect(bindingsOf('components/form/ResourceTabs/index.vue', 'component')).toEqual([{ is: 'tab.component', resource: 'value' }]);
      expect(bindingsOf('components/Tabbed/index.vue', 'component')).toEqual([]);
    }
  });
});
