/**
 * What each downstream cluster holds at start (`/k8s/clusters/<id>/v1`): its namespaces and, for
 * an EC2 cluster, what its manifest makes run (downstream.ts); the custom cluster's nodes.
 */

import { WorldEc2Cluster, WorldNode } from './cluster-shapes';
import { CUSTOM_CLUSTER } from './custom-demo';
import { DownstreamCluster, downstreamState } from './downstream';
import { NAMESPACE, REGION, ZONE_IDS } from './ids';
import { condition, downstreamObject, namespaceObject } from './objects';
import { outOfTreeRkeConfig } from './provisioning';
import { SteveObject } from './steve';
import { EC2_CLUSTERS } from './world';

function downstreamNode(node: WorldNode, kubernetesVersion: string): SteveObject {
  return downstreamObject('node', node.name, undefined, {
    labels: {
      'kubernetes.io/hostname':                node.name,
      'kubernetes.io/os':                      'linux',
      'kubernetes.io/arch':                    'amd64',
      'node.kubernetes.io/instance-type':      't3a.medium',
      'topology.kubernetes.io/region':         REGION,
      'topology.kubernetes.io/zone':           node.zone,
      ...(node.roles.includes('controlplane') ? { 'node-role.kubernetes.io/control-plane': 'true', 'node-role.kubernetes.io/master': 'true' } : {}),
      ...(node.roles.includes('etcd') ? { 'node-role.kubernetes.io/etcd': 'true' } : {}),
      ...(node.roles.includes('worker') ? { 'node-role.kubernetes.io/worker': 'true' } : {}),
    },
    annotations: {
      'rke2.io/internal-ip': node.ip, 'cluster.x-k8s.io/machine': node.machine, 'cluster.x-k8s.io/owner-namespace': NAMESPACE
    },
    spec:        { providerID: `aws:///${ node.zone }/${ node.instanceId }`, podCIDR: '10.42.0.0/24' },
    status:      {
      addresses:   [{ type: 'InternalIP', address: node.ip }, { type: 'InternalDNS', address: node.name }, { type: 'Hostname', address: node.name }],
      allocatable: {
        cpu: '2', memory: '7901060Ki', pods: '110'
      },
      capacity:    {
        cpu: '2', memory: '8003460Ki', pods: '110'
      },
      conditions:  [{
        ...condition('Ready'), reason: 'KubeletReady', message: 'kubelet is posting ready status'
      }],
      nodeInfo:    {
        kubeletVersion: kubernetesVersion, kubeProxyVersion: kubernetesVersion, operatingSystem: 'linux', architecture: 'amd64', osImage: 'Ubuntu 24.04.1 LTS', containerRuntimeVersion: 'containerd://2.1.4-k3s1', kernelVersion: '6.8.0-1016-aws'
      },
    },
  });
}

/** Each downstream cluster's own objects (`/k8s/clusters/<id>/v1`), by management cluster ID. */
export function downstreamObjects(extra: readonly WorldEc2Cluster[] = []): Record<string, SteveObject[]> {
  const namespaces = (projectPrefix: string) => ['default', 'kube-system', 'cattle-system', 'cattle-fleet-system'].map((name) => {
    const meta = namespaceObject(name, `${ projectPrefix }:p-${ projectPrefix.replace(/^c-m-/, '') }-${ name === 'default' ? 'default' : 'system' }`);

    return downstreamObject('namespace', name, undefined, {
      labels: meta.labels, annotations: meta.annotations, status: { phase: 'Active' }
    });
  });

  return {
    local: [
      ...namespaces('local'),
      downstreamObject('node', 'rancher-local', undefined, {
        labels: { 'kubernetes.io/hostname': 'rancher-local', 'node-role.kubernetes.io/control-plane': 'true' }, spec: {}, status: { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }], conditions: [condition('Ready')] }
      }),
    ],
    ...Object.fromEntries([...EC2_CLUSTERS, ...extra].map((cluster) => [cluster.managementId, [
      ...namespaces(cluster.managementId),
      ...downstreamState(downstreamCluster(cluster), outOfTreeRkeConfig(cluster.controllerValues, cluster.ebsCsi)).objects,
    ]])),
    [CUSTOM_CLUSTER.managementId]: [...namespaces(CUSTOM_CLUSTER.managementId), ...CUSTOM_CLUSTER.nodes.map((node) => downstreamNode(node, CUSTOM_CLUSTER.kubernetesVersion))],
  };
}

/** An EC2 cluster of the world as its downstream side sees it. */
export function downstreamCluster(cluster: WorldEc2Cluster): DownstreamCluster {
  return {
    managementId:      cluster.managementId,
    kubernetesVersion: cluster.kubernetesVersion,
    namespace:         NAMESPACE,
    nodes:             cluster.nodes.map((node) => ({
      name: node.name, instanceId: node.instanceId, ip: node.ip, zone: node.zone, zoneId: ZONE_IDS[node.zone], roles: node.roles, machine: node.machine, instanceType: 't3a.medium'
    })),
  };
}
