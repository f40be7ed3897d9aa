/**
 * The Steve types the fake Rancher knows: a schema for each is served, and its collection is
 * answered (empty when the world holds none). Types without a schema make the dashboard hide
 * or skip what needs them, as it does on a real Rancher without that feature.
 */

import { TypeSpec } from './steve';

function spec(id: string, version: string, kind: string, namespaced: boolean): TypeSpec {
  const dot = id.lastIndexOf('.');

  return {
    id, group: dot > 0 ? id.slice(0, dot) : '', version, kind, namespaced
  };
}

const core = (id: string, kind: string, namespaced: boolean) => spec(id, 'v1', kind, namespaced);

/** `kubectl get events -o wide`'s columns, as Steve lists them in the event schema (the dashboard's events tables read them). */
const EVENT_COLUMNS = [
  ['Last Seen', 'date'], ['Type', 'string'], ['Reason', 'string'], ['Object', 'string'], ['Subobject', 'string'], ['Source', 'string'], ['Message', 'string'], ['First Seen', 'date'], ['Count', 'integer'], ['Name', 'string'],
].map(([name, type], i) => ({
  name, field: `$.metadata.fields[${ i }]`, type, format: name === 'Name' ? 'name' : '', description: '', priority: 0
}));
const mgmt = (name: string, kind: string, namespaced = false) => spec(`management.cattle.io.${ name }`, 'v3', kind, namespaced);

/** Rancher's own API (`/v1`), i.e. the local cluster's Steve with Rancher's types. */
export const MANAGEMENT_TYPES: TypeSpec[] = [
  core('namespace', 'Namespace', false),
  core('secret', 'Secret', true),
  core('configmap', 'ConfigMap', true),
  core('serviceaccount', 'ServiceAccount', true),
  core('node', 'Node', false),
  core('userpreference', 'UserPreference', false),
  spec('count', 'v1', 'Count', false),
  mgmt('setting', 'Setting'),
  mgmt('feature', 'Feature'),
  mgmt('cluster', 'Cluster'),
  mgmt('project', 'Project', true),
  mgmt('fleetworkspace', 'FleetWorkspace'),
  mgmt('nodedriver', 'NodeDriver'),
  mgmt('kontainerdriver', 'KontainerDriver'),
  mgmt('podsecurityadmissionconfigurationtemplate', 'PodSecurityAdmissionConfigurationTemplate'),
  mgmt('node', 'Node', true),
  mgmt('user', 'User'),
  mgmt('globalrole', 'GlobalRole'),
  mgmt('globalrolebinding', 'GlobalRoleBinding'),
  mgmt('roletemplate', 'RoleTemplate'),
  mgmt('clusterroletemplatebinding', 'ClusterRoleTemplateBinding', true),
  mgmt('projectroletemplatebinding', 'ProjectRoleTemplateBinding', true),
  mgmt('authconfig', 'AuthConfig'),
  mgmt('token', 'Token'),
  mgmt('managedchart', 'ManagedChart', true),
  spec('provisioning.cattle.io.cluster', 'v1', 'Cluster', true),
  spec('cluster.x-k8s.io.cluster', 'v1beta1', 'Cluster', true),
  spec('cluster.x-k8s.io.machinedeployment', 'v1beta1', 'MachineDeployment', true),
  spec('cluster.x-k8s.io.machineset', 'v1beta1', 'MachineSet', true),
  spec('cluster.x-k8s.io.machine', 'v1beta1', 'Machine', true),
  spec('rke.cattle.io.etcdsnapshot', 'v1', 'ETCDSnapshot', true),
  spec('rke.cattle.io.custommachine', 'v1', 'CustomMachine', true),
  spec('rke-machine-config.cattle.io.amazonec2config', 'v1', 'Amazonec2Config', true),
  spec('rke-machine.cattle.io.amazonec2machine', 'v1', 'Amazonec2Machine', true),
  spec('rke-machine.cattle.io.amazonec2machinetemplate', 'v1', 'Amazonec2MachineTemplate', true),
  spec('catalog.cattle.io.clusterrepo', 'v1', 'ClusterRepo', false),
  spec('catalog.cattle.io.app', 'v1', 'App', true),
  spec('catalog.cattle.io.operation', 'v1', 'Operation', true),
  spec('catalog.cattle.io.uiplugin', 'v1', 'UIPlugin', true),
  spec('fleet.cattle.io.cluster', 'v1alpha1', 'Cluster', true),
  spec('fleet.cattle.io.clustergroup', 'v1alpha1', 'ClusterGroup', true),
  spec('fleet.cattle.io.gitrepo', 'v1alpha1', 'GitRepo', true),
  // Rancher 2.12+: who the caller is; the 2.15 dashboard (shell 3.0.13) finds its user by creating one.
  { ...spec('ext.cattle.io.selfuser', 'v1', 'SelfUser', false), createOnly: true },
];

/**
 * A downstream RKE2 cluster's Steve (`/k8s/clusters/<id>/v1`): what its explorer and our nodes tab
 * read, the helm-controller's HelmChart type (RKE2 and K3s ship its CRD) and the Jobs it runs.
 */
export const DOWNSTREAM_TYPES: TypeSpec[] = [
  core('namespace', 'Namespace', false),
  core('node', 'Node', false),
  core('pod', 'Pod', true),
  core('service', 'Service', true),
  core('secret', 'Secret', true),
  core('configmap', 'ConfigMap', true),
  { ...core('event', 'Event', true), columns: EVENT_COLUMNS },
  spec('count', 'v1', 'Count', false),
  spec('apps.deployment', 'v1', 'Deployment', true),
  spec('apps.daemonset', 'v1', 'DaemonSet', true),
  spec('batch.job', 'v1', 'Job', true),
  spec('helm.cattle.io.helmchart', 'v1', 'HelmChart', true),
];

export function typeSpec(types: TypeSpec[], id: string): TypeSpec | undefined {
  return types.find((type) => type.id === id);
}
