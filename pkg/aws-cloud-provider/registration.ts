import type { IPlugin } from '@shell/core/types';

export const CLUSTER_TYPE = 'provisioning.cattle.io.cluster';
export const CLOUD_PROVIDER_TAB = 'aws-cloud-provider';

/** Where the cluster-page tab appears: create for Amazon EC2 and custom RKE2/K3s clusters, and edit. */
export const CLUSTER_PAGE_LOCATIONS = [
  { resource: [CLUSTER_TYPE], queryParam: { type: 'amazonec2', rkeType: 'rke2' } },
  { resource: [CLUSTER_TYPE], queryParam: { type: 'custom', rkeType: 'rke2' } },
  { resource: [CLUSTER_TYPE], mode: ['edit'] },
];

export const NODES_TAB = 'aws-cloud-provider-nodes';

/** The cluster detail page, where running nodes are checked. */
export const CLUSTER_DETAIL_LOCATION = { resource: [CLUSTER_TYPE] };

type TabLocations = { CLUSTER_CREATE_RKE2: string, RESOURCE_DETAIL: string };

export function registerTabs(plugin: IPlugin, locations: TabLocations): void {
  for (const where of CLUSTER_PAGE_LOCATIONS) {
    plugin.addTab(locations.CLUSTER_CREATE_RKE2, where, {
      name:       CLOUD_PROVIDER_TAB,
      labelKey:   'awsCloudProvider.tab.label',
      // Right after Basics (11), where the cloud provider is chosen; Member Roles is 10.
      weight:     10.5,
      showHeader: false,
      component:  () => import(/* webpackChunkName: "aws-cloud-provider-tab" */ './components/CloudProviderTab.vue'),
    });
  }

  plugin.addTab(locations.RESOURCE_DETAIL, { ...CLUSTER_DETAIL_LOCATION }, {
    name:      NODES_TAB,
    labelKey:  'awsCloudProvider.nodes.tab',
    // Beside the detail page's own tabs (Machine Pools 4 … 1), not after every other extension's.
    weight:    0,
    component: () => import(/* webpackChunkName: "aws-cloud-provider-nodes" */ './components/ClusterNodesTab.vue'),
  });
}

/** The fleet page: every Amazon cluster at a glance, in Cluster Management (the `manager` product). */
export const FLEET_PAGE = 'aws-cloud-provider-fleet';
export const FLEET_ROUTE = 'c-cluster-manager-aws-cloud-provider';
export const FLEET_PATH = '/c/:cluster/manager/aws-cloud-provider';
const MANAGER_PRODUCT = 'manager';

/**
 * Adds the page to Cluster Management's side menu, after Cloud Credentials (99). Through the
 * type map's own mutations rather than `plugin.DSL(store, 'manager')`: the DSL records the
 * product as the extension's, and uninstalling the extension would then remove all of Cluster
 * Management (core/extension-manager-impl.js removePlugin).
 */
export const FLEET_PRODUCT = {
  init(_plugin: IPlugin, store: { commit(type: string, payload: unknown): void }): void {
    store.commit('type-map/virtualType', {
      product: MANAGER_PRODUCT,
      obj:     {
        name: FLEET_PAGE, labelKey: 'awsCloudProvider.fleet.nav', group: 'Root', namespaced: false, icon: 'globe', weight: 98.5, route: { name: FLEET_ROUTE }, exact: true
      },
    });
    store.commit('type-map/basicType', { product: MANAGER_PRODUCT, types: [FLEET_PAGE] });
    store.commit('type-map/weightType', {
      type: FLEET_PAGE, weight: 98.5, forBasic: true
    });
  },
};

/** The column of Rancher's cluster list: the last verdict of each Amazon cluster (formatters/AwsCloudProviderVerdict.vue). */
export const VERDICT_COLUMN = {
  name:      'aws-cloud-provider-verdict',
  labelKey:  'awsCloudProvider.fleet.column.verdict',
  // The formatter reads the row (the cluster) and the browser's stored results itself.
  value:     'id',
  formatter: 'AwsCloudProviderVerdict',
  sort:      false,
  search:    false,
};

export function registerFleet(plugin: IPlugin, columnLocation: string): void {
  plugin.addProduct(FLEET_PRODUCT as unknown as Parameters<IPlugin['addProduct']>[0]);
  plugin.addRoutes([{
    parent: 'default',
    route:  {
      name:      FLEET_ROUTE,
      path:      FLEET_PATH,
      component: () => import(/* webpackChunkName: "aws-cloud-provider-fleet" */ './components/fleet/FleetPage.vue'),
      meta:      { product: MANAGER_PRODUCT },
    },
  }]);
  plugin.addTableColumn(columnLocation, { resource: [CLUSTER_TYPE] }, { ...VERDICT_COLUMN });
}
