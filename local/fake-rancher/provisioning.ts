/**
 * A cluster as Rancher's API holds it: its provisioning cluster (with the out-of-tree provider's
 * RKE2 config as Rancher's docs set it up), its management cluster, and what Rancher does when a
 * provisioning cluster is created through the API.
 */

import { createHash } from 'crypto';
import { EBS_CSI_CHART } from '@pkg/domain/out-of-tree/controller';
import { ebsCsiValues, helmChartYaml } from '@pkg/domain/out-of-tree/helm-charts';
import { joinManifest } from '@pkg/domain/out-of-tree/manifest';
import { WorldPool } from './cluster-shapes';
import { helmChartManifest, RkeConfigView } from './downstream';
import { CREDENTIAL_ID, NAMESPACE, RKE2_VERSIONS } from './ids';
import { condition, mgmtObject } from './objects';
import { SteveObject } from './steve';

const roleSelector = (label: string) => ({
  matchExpressions: [{
    key: label, operator: 'In', values: ['true']
  }]
});

/**
 * The out-of-tree provider as Rancher's docs set it up on RKE2: `cloud-provider-name: aws` in
 * machineGlobalConfig, per role `cloud-provider=external` (and the control plane's own cloud
 * controller off), and the controller's HelmChart in additionalManifest.
 */
export function outOfTreeRkeConfig(controllerValues: Record<string, unknown>, ebsCsi = false): Required<RkeConfigView> {
  return {
    machineGlobalConfig:   { 'cloud-provider-name': 'aws' },
    machineSelectorConfig: [
      {
        config: {
          'disable-cloud-controller': true, 'kube-apiserver-arg': ['cloud-provider=external'], 'kube-controller-manager-arg': ['cloud-provider=external'], 'kubelet-arg': ['cloud-provider=external']
        },
        machineLabelSelector: roleSelector('rke.cattle.io/control-plane-role'),
      },
      { config: { 'kubelet-arg': ['cloud-provider=external'] }, machineLabelSelector: roleSelector('rke.cattle.io/etcd-role') },
      { config: { 'kubelet-arg': ['cloud-provider=external'] }, machineLabelSelector: roleSelector('rke.cattle.io/worker-role') },
    ],
    // The EBS CSI driver as the panel's setup step adds it (volumes from 1.27).
    additionalManifest: ebsCsi ? joinManifest([{ text: helmChartManifest(controllerValues) }, { text: helmChartYaml(EBS_CSI_CHART, ebsCsiValues(), false) }]) : helmChartManifest(controllerValues),
  };
}

export function provisioningCluster(cluster: { name: string, managementId: string, kubernetesVersion: string, cloudProvider: string, controllerValues?: Record<string, unknown>, ebsCsi?: boolean }, pools: WorldPool[]): SteveObject {
  const outOfTree = cluster.controllerValues ? outOfTreeRkeConfig(cluster.controllerValues, cluster.ebsCsi) : undefined;

  return mgmtObject('provisioning.cattle.io.cluster', cluster.name, NAMESPACE, {
    annotations: { 'field.cattle.io/creatorId': 'user-admin' },
    spec:        {
      ...(pools.length ? { cloudCredentialSecretName: CREDENTIAL_ID } : {}),
      kubernetesVersion:                                    cluster.kubernetesVersion,
      localClusterAuthEndpoint:                             {},
      defaultPodSecurityAdmissionConfigurationTemplateName: '',
      rkeConfig:                                            {
        chartValues:         {},
        etcd:                { snapshotRetention: 5, snapshotScheduleCron: '0 */5 * * *' },
        machineGlobalConfig: {
          cni: 'calico', 'disable-kube-proxy': false, 'etcd-expose-metrics': false, ...(outOfTree?.machineGlobalConfig || {})
        },
        // The cluster model reads the cloud provider from the selector-less machine selector config.
        machineSelectorConfig: [{ config: { 'cloud-provider-name': cluster.cloudProvider, 'protect-kernel-defaults': false } }, ...(outOfTree?.machineSelectorConfig || [])],
        ...(outOfTree ? { additionalManifest: outOfTree.additionalManifest } : {}),
        machinePoolDefaults:   {},
        machinePools:          pools.map((pool) => ({
          name:                 pool.name,
          etcdRole:             pool.etcdRole,
          controlPlaneRole:     pool.controlPlaneRole,
          workerRole:           pool.workerRole,
          quantity:             pool.quantity,
          drainBeforeDelete:    true,
          unhealthyNodeTimeout: '0s',
          machineConfigRef:     { kind: 'Amazonec2Config', name: pool.machineConfig },
        })),
        registries:      {},
        upgradeStrategy: {
          controlPlaneConcurrency: '1', workerConcurrency: '1', controlPlaneDrainOptions: { enabled: false }, workerDrainOptions: { enabled: false }
        },
      },
    },
    status: {
      agentDeployed:      true,
      clientSecretName:   `${ cluster.name }-kubeconfig`,
      clusterName:        cluster.managementId,
      fleetWorkspaceName: NAMESPACE,
      observedGeneration: 1,
      ready:              true,
      conditions:         ['Ready', 'Provisioned', 'Updated', 'Connected', 'RKECluster', 'Created'].map((type) => condition(type)),
    },
  });
}

/**
 * `provisioning`: the provisioning cluster that owns it (`fleet-default/<name>`) and its machine
 * provider (the first pool's kind without "Config", lower case; none for custom clusters).
 * Rancher 2.15 puts the provider, version and node count in `status.info` (shell 3.0.13 reads the
 * provisioning cluster's `machineProvider` there, and its edit page picks the RKE2 editor by it),
 * and Steve names the owner in `metadata.relationships` (the management model's `provClusterId`).
 */
export function managementCluster(id: string, displayName: string, kubernetesVersion: string, provider: string, nodeCount: number, ready = true, provisioning?: { id: string, machineProvider?: string }): SteveObject {
  return mgmtObject('management.cattle.io.cluster', id, undefined, {
    labels: { 'provider.cattle.io': provider },
    ...(provisioning ? {
      metadata: {
        relationships: [{
          fromId: provisioning.id, fromType: 'provisioning.cattle.io.cluster', rel: 'applies', state: 'active', message: 'Resource is Ready'
        }]
      }
    } : {}),
    spec:   {
      displayName, fleetWorkspaceName: id === 'local' ? 'fleet-local' : NAMESPACE, internal: id === 'local', localClusterAuthEndpoint: { enabled: false }, agentImageOverride: '', description: ''
    },
    status: {
      provider,
      driver:         id === 'local' ? 'k3s' : 'imported',
      version:        {
        gitVersion: kubernetesVersion, major: '1', minor: kubernetesVersion.split('.')[1]
      },
      allocatable:    {
        cpu: `${ 2 * nodeCount }`, memory: `${ 8 * nodeCount }Gi`, pods: `${ 110 * nodeCount }`
      },
      capacity:       {
        cpu: `${ 2 * nodeCount }`, memory: `${ 8 * nodeCount }Gi`, pods: `${ 110 * nodeCount }`
      },
      requested:      {
        cpu: '450m', memory: '1Gi', pods: '12'
      },
      nodeCount,
      info:           {
        kubernetesVersion, nodeCount, arch: 'amd64', ...(provisioning?.machineProvider ? { machineProvider: provisioning.machineProvider } : {})
      },
      conditions:     ['Ready', 'Connected', 'Provisioned', 'Updated', 'Waiting'].map((type) => condition(type, ready ? 'True' : 'False')),
      agentFeatures:  {},
      apiEndpoint:    'https://10.43.0.1:443',
      capabilities:   { loadBalancerCapabilities: {} },
    },
  });
}

/**
 * What Rancher does when a provisioning cluster is created through the API: it makes the
 * management cluster (`c-m-` and eight characters derived from the name) and names it in the
 * cluster's status. Returns the management cluster to add; the cluster gets its status.
 */
export function clusterCreated(cluster: SteveObject): SteveObject {
  const managementId = `c-m-${ createHash('sha256').update(cluster.id).digest('hex').slice(0, 8) }`;

  cluster.metadata.state = {
    name: 'provisioning', error: false, transitioning: true, message: 'waiting for the machines to be created'
  };
  cluster.status = {
    ...(cluster.status || {}), clusterName: managementId, fleetWorkspaceName: cluster.metadata.namespace, ready: false, conditions: [condition('Provisioned', 'Unknown')]
  };

  const kind = cluster.spec?.rkeConfig?.machinePools?.[0]?.machineConfigRef?.kind as string | undefined;

  return managementCluster(managementId, cluster.metadata.name, cluster.spec?.kubernetesVersion || RKE2_VERSIONS[0], 'rke2', 0, false, { id: cluster.id, machineProvider: kind?.replace(/config$/i, '').toLowerCase() });
}
