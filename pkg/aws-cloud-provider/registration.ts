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
