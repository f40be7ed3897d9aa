/**
 * Everything Rancher's own API holds at start (`/v1`): settings and features, the clusters and
 * their machines, projects and namespaces, node drivers, the admin user and its roles, the chart
 * repository and the installed extension; and Norman's (`/v3`) cloud credentials.
 */

import { WorldEc2Cluster } from './cluster-shapes';
import { CUSTOM_CLUSTER } from './custom-demo';
import {
  CREDENTIAL_ID, CREDENTIAL_NAME, NAMESPACE, RANCHER_VERSION, REGION
} from './ids';
import { customObjects, ec2Objects } from './machines';
import { condition, mgmtObject, namespaceObject } from './objects';
import { managementCluster } from './provisioning';
import { FEATURES, settings } from './rancher-settings';
import { CHART_REPO } from './releases';
import { SteveObject } from './steve';
import { EC2_CLUSTERS } from './world';

/** Everything Rancher's own API (`/v1`) holds. `origin` is where the fake listens (for server-url). */
export function rancherObjects(origin: string, extension: { name: string, version: string, metadata: Record<string, string> }, extra: readonly WorldEc2Cluster[] = []): SteveObject[] {
  const ec2Clusters = [...EC2_CLUSTERS, ...extra];
  const downstreamIds = [...ec2Clusters.map((cluster) => cluster.managementId), CUSTOM_CLUSTER.managementId];
  const localNamespaces = ['default', 'kube-system', 'cattle-system', 'cattle-global-data', 'cattle-fleet-system', 'cattle-ui-plugin-system', 'fleet-default', 'fleet-local', 'local', ...downstreamIds];

  return [
    ...Object.entries(settings(origin)).map(([id, value]) => mgmtObject('management.cattle.io.setting', id, undefined, {
      value, default: value, customized: false, source: ''
    })),
    ...Object.entries(FEATURES).map(([id, value]) => mgmtObject('management.cattle.io.feature', id, undefined, {
      spec:   { value: null },
      status: {
        default: value, dynamic: false, lockedValue: null, description: id
      }
    })),
    managementCluster('local', 'local', 'v1.33.5+k3s1', 'k3s', 1),
    ...ec2Clusters.map((cluster) => managementCluster(cluster.managementId, cluster.name, cluster.kubernetesVersion, 'rke2', cluster.nodes.length, true, { id: `${ NAMESPACE }/${ cluster.name }`, machineProvider: 'amazonec2' })),
    managementCluster(CUSTOM_CLUSTER.managementId, CUSTOM_CLUSTER.name, CUSTOM_CLUSTER.kubernetesVersion, 'rke2', CUSTOM_CLUSTER.nodes.length, true, { id: `${ NAMESPACE }/${ CUSTOM_CLUSTER.name }` }),
    mgmtObject('provisioning.cattle.io.cluster', 'local', 'fleet-local', {
      spec:   { kubernetesVersion: 'v1.33.5+k3s1', localClusterAuthEndpoint: {} },
      status: {
        clusterName: 'local', ready: true, conditions: [condition('Ready')]
      }
    }),
    ...ec2Clusters.flatMap(ec2Objects),
    ...customObjects(),
    ...['fleet-default', 'fleet-local'].map((name) => mgmtObject('management.cattle.io.fleetworkspace', name, undefined, { status: {} })),
    ...['local', ...downstreamIds].flatMap((clusterId) => [
      mgmtObject('management.cattle.io.project', `p-${ clusterId.replace(/^c-m-/, '') }-default`.slice(0, 30), clusterId, { spec: { clusterName: clusterId, displayName: 'Default' }, labels: { 'authz.management.cattle.io/default-project': 'true' } }),
      mgmtObject('management.cattle.io.project', `p-${ clusterId.replace(/^c-m-/, '') }-system`.slice(0, 30), clusterId, { spec: { clusterName: clusterId, displayName: 'System' }, labels: { 'authz.management.cattle.io/system-project': 'true' } }),
    ]),
    ...localNamespaces.map((name) => {
      const meta = namespaceObject(name);

      return mgmtObject('namespace', name, undefined, { labels: meta.labels, status: { phase: 'Active' } });
    }),
    mgmtObject('management.cattle.io.nodedriver', 'amazonec2', undefined, {
      annotations: { privateCredentialFields: 'secretKey', publicCredentialFields: 'accessKey' },
      spec:        {
        active: true, addCloudCredential: true, builtin: true, displayName: 'amazonec2', url: 'local://', whitelistDomains: [], checksum: '', description: '', externalId: '', uiUrl: ''
      },
      status: { conditions: [condition('Active'), condition('Downloaded'), condition('Installed')] },
    }),
    ...['digitalocean', 'azure', 'vmwarevsphere', 'linode', 'harvester'].map((name) => mgmtObject('management.cattle.io.nodedriver', name, undefined, {
      spec: {
        active: false, builtin: true, displayName: name, url: 'local://', whitelistDomains: []
      },
      status: { conditions: [] },
    })),
    mgmtObject('management.cattle.io.user', 'user-admin', undefined, {
      username: 'admin', displayName: 'Default Admin', principalIds: ['local://user-admin'], enabled: true, mustChangePassword: false, description: '', me: true
    }),
    mgmtObject('management.cattle.io.globalrole', 'admin', undefined, {
      displayName:    'Admin',
      builtin:        true,
      newUserDefault: false,
      rules:          [{
        apiGroups: ['*'], resources: ['*'], verbs: ['*']
      }, { nonResourceURLs: ['*'], verbs: ['*'] }]
    }),
    ...[['cluster-owner', 'Cluster Owner', 'cluster'], ['cluster-member', 'Cluster Member', 'cluster'], ['project-owner', 'Project Owner', 'project'], ['project-member', 'Project Member', 'project']].map(([name, displayName, context]) => mgmtObject('management.cattle.io.roletemplate', name, undefined, {
      displayName, context, builtin: true, external: false, hidden: false, locked: false, description: '', clusterCreatorDefault: name === 'cluster-owner', projectCreatorDefault: name === 'project-owner', rules: []
    })),
    mgmtObject('management.cattle.io.globalrolebinding', 'grb-admin', undefined, { globalRoleName: 'admin', userName: 'user-admin' }),
    mgmtObject('userpreference', 'user-admin', undefined, {
      data: {
        'seen-whatsnew': `"${ RANCHER_VERSION }"`, 'after-login-route': '"home"', theme: '"ui-light"', locale: '"en-us"'
      }
    }),
    mgmtObject('catalog.cattle.io.clusterrepo', CHART_REPO, undefined, {
      spec:   { gitRepo: 'https://git.rancher.io/rke2-charts', gitBranch: 'main' },
      status: {
        branch: 'main', commit: 'fake', conditions: [condition('Downloaded'), condition('FollowerDownloaded')]
      },
    }),
    mgmtObject('catalog.cattle.io.uiplugin', extension.name, 'cattle-ui-plugin-system', {
      labels: { 'catalog.cattle.io/ui-extensions-catalog': 'false' },
      spec:   {
        plugin: {
          name:     extension.name,
          version:  extension.version,
          endpoint: `http://${ extension.name }-svc.cattle-ui-plugin-system:8080/plugin/${ extension.name }-${ extension.version }`,
          noCache:  false,
          noAuth:   false,
          metadata: extension.metadata,
        },
      },
      status: { cacheState: 'cached', ready: true },
    }),
  ];
}

/** Norman (`/v3`) cloud credentials; the secret half never leaves Rancher. */
export function cloudCredentials(): Record<string, unknown>[] {
  return [{
    id:                        CREDENTIAL_ID,
    type:                      'cloudCredential',
    baseType:                  'cloudCredential',
    name:                      CREDENTIAL_NAME,
    description:               '',
    created:                   '2026-01-05T09:00:00Z',
    createdTS:                 1767603600000,
    creatorId:                 'user-admin',
    uuid:                      '00000000-0000-4000-8000-00000000cc01',
    state:                     'active',
    namespaceId:               null,
    labels:                    {},
    annotations:               { 'provisioning.cattle.io/driver': 'aws', 'field.cattle.io/creatorId': 'user-admin' },
    amazonec2credentialConfig: { accessKey: 'AKIAIOSFODNN7EXAMPLE', defaultRegion: REGION },
  }];
}
