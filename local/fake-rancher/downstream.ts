/**
 * What a downstream RKE2 cluster holds, worked out from its provisioning cluster's spec the way
 * its own controllers would: the helm-controller installs each HelmChart of
 * `spec.rkeConfig.additionalManifest` (a HelmChart and its `helm-install-<name>` Job), the
 * aws-cloud-controller-manager chart renders its DaemonSet from the values helm merges, the
 * DaemonSet controller makes a pod only for the nodes that pod fits (node selector, and every
 * NoSchedule/NoExecute taint tolerated: NodeShouldRunDaemonPod, pkg/controller/daemon), and a
 * running controller initialises every node: providerID `aws:///<zone>/<instance>`, zone and
 * instance-type labels, the `uninitialized` taint removed. Kubelets run with
 * `--cloud-provider=external` start with that taint. Nothing here is decided by the cluster's
 * name: saving a different manifest gives a different world.
 */

import { dump } from 'js-yaml';
import { KubeTaint } from '@pkg/domain/kube';
import { CONTROLLER_CHART, labelsOfRoles, taintsOfPool, UNINITIALIZED_TAINT } from '@pkg/domain/out-of-tree/controller';
import { helmChartsIn, isControllerChart, splitManifest } from '@pkg/domain/out-of-tree/manifest';
import { NodeRole } from '@pkg/domain/roles';
import {
  condition, controller, installed, make, NodeState
} from './downstream-workloads';
import { SteveObject } from './steve';

/** A machine of the cluster, as Rancher and EC2 know it. */
export interface DownstreamNode {
  name: string;
  instanceId: string;
  ip: string;
  zone: string;
  /** The zone's ID (`use1-az1`): the controller labels nodes with it from 1.30. */
  zoneId: string;
  roles: NodeRole[];
  machine: string;
  instanceType: string;
}

export interface DownstreamCluster {
  managementId: string;
  kubernetesVersion: string;
  namespace: string;
  nodes: DownstreamNode[];
}

/** The parts of a provisioning cluster's `spec.rkeConfig` that decide how the cloud provider runs. */
export interface RkeConfigView {
  machineGlobalConfig?: Record<string, unknown>;
  machineSelectorConfig?: { config?: Record<string, unknown>, machineLabelSelector?: { matchExpressions?: { key: string, operator: string, values?: string[] }[], matchLabels?: Record<string, string> } }[];
  additionalManifest?: string;
}

/** The types this module writes; the rest of the downstream store (namespaces) stays. */
export const SIMULATED_TYPES = ['node', 'pod', 'apps.daemonset', 'batch.job', 'helm.cattle.io.helmchart'];

const ROLE_LABELS: Record<NodeRole, string> = {
  controlplane: 'rke.cattle.io/control-plane-role', etcd: 'rke.cattle.io/etcd-role', worker: 'rke.cattle.io/worker-role'
};

/** Whether a machineSelectorConfig entry applies to a machine of these roles (matchLabels and `In` expressions, as Rancher's planner reads them). */
function selects(entry: NonNullable<RkeConfigView['machineSelectorConfig']>[number], roles: readonly NodeRole[]): boolean {
  const selector = entry.machineLabelSelector;

  if (!selector) {
    return true;
  }
  const labels = Object.fromEntries((Object.keys(ROLE_LABELS) as NodeRole[]).map((role) => [ROLE_LABELS[role], String(roles.includes(role))]));
  const matchLabels = Object.entries(selector.matchLabels || {}).every(([key, value]) => labels[key] === value);
  const expressions = (selector.matchExpressions || []).every((e) => (e.operator === 'In' ? (e.values || []).includes(labels[e.key]) : e.operator === 'NotIn' ? !(e.values || []).includes(labels[e.key]) : e.operator === 'Exists' ? e.key in labels : !(e.key in labels)));

  return matchLabels && expressions;
}

/**
 * Whether this machine's kubelet runs with `--cloud-provider=external` (then it registers with
 * the `uninitialized` taint and no providerID): a `kubelet-arg` saying so in an entry that
 * selects it, or `cloud-provider-name: external`.
 */
export function externalKubelet(rke: RkeConfigView, roles: readonly NodeRole[]): boolean {
  const entries = (rke.machineSelectorConfig || []).filter((entry) => selects(entry, roles));
  const configs = [rke.machineGlobalConfig || {}, ...entries.map((entry) => entry.config || {})];
  const kubeletArgs = configs.flatMap((config) => (Array.isArray(config['kubelet-arg']) ? config['kubelet-arg'].map(String) : []));

  return kubeletArgs.includes('cloud-provider=external') || configs.some((config) => config['cloud-provider-name'] === 'external');
}

/** The taints a node registers with: Rancher's for pools without the worker role, then the kubelet's `uninitialized` when external. */
function registeredTaints(node: DownstreamNode, external: boolean): KubeTaint[] {
  return [...taintsOfPool(node.roles).filter((taint) => taint.key !== UNINITIALIZED_TAINT.key), ...(external ? [UNINITIALIZED_TAINT] : [])];
}

function nodeObject(cluster: DownstreamCluster, state: NodeState): SteveObject {
  const { node } = state;

  return make('node', node.name, undefined, {
    labels:      state.labels,
    annotations: {
      'rke2.io/internal-ip': node.ip, 'cluster.x-k8s.io/machine': node.machine, 'cluster.x-k8s.io/owner-namespace': cluster.namespace, 'cluster.x-k8s.io/cluster-name': cluster.managementId
    },
    spec:   {
      ...(state.providerID ? { providerID: state.providerID } : {}), podCIDR: '10.42.0.0/24', ...(state.taints.length ? { taints: state.taints.map((t) => ({ ...t })) } : {})
    },
    status: {
      addresses:   [{ type: 'InternalIP', address: node.ip }, { type: 'Hostname', address: node.name }, ...(state.providerID ? [{ type: 'InternalDNS', address: node.name }] : [])],
      allocatable: {
        cpu: '2', memory: '7901060Ki', pods: '110'
      },
      capacity: {
        cpu: '2', memory: '8003460Ki', pods: '110'
      },
      conditions: [condition('Ready', 'True', { reason: 'KubeletReady', message: 'kubelet is posting ready status' })],
      nodeInfo:   {
        kubeletVersion: cluster.kubernetesVersion, kubeProxyVersion: cluster.kubernetesVersion, operatingSystem: 'linux', architecture: 'amd64', osImage: 'Ubuntu 24.04.1 LTS', containerRuntimeVersion: 'containerd://2.1.4-k3s1', kernelVersion: '6.8.0-1016-aws'
      },
    },
  });
}

/**
 * The downstream objects of `cluster` for this spec. `initialised` names the nodes a controller
 * has initialised before: that stays (the controller never re-taints a node), even when the
 * new manifest stops the controller.
 */
export function downstreamState(cluster: DownstreamCluster, rke: RkeConfigView, initialised: ReadonlySet<string> = new Set()): { objects: SteveObject[], initialised: Set<string> } {
  const charts = helmChartsIn(splitManifest(rke.additionalManifest));
  const states: NodeState[] = cluster.nodes.map((node) => {
    const external = externalKubelet(rke, node.roles);

    return {
      node,
      labels: {
        'kubernetes.io/hostname': node.name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux', 'beta.kubernetes.io/arch': 'amd64', ...labelsOfRoles(node.roles)
      },
      taints:     registeredTaints(node, external),
      // The in-tree kubelet sets its providerID itself.
      providerID: external ? undefined : `aws:///${ node.zone }/${ node.instanceId }`,
    };
  });
  const objects: SteveObject[] = charts.flatMap(installed);
  const controllerChart = charts.find((chart) => isControllerChart(chart) && !chart.valuesError);
  const run = controllerChart ? controller(controllerChart, states) : { objects: [], running: false };
  const done = new Set(initialised);

  objects.push(...run.objects);
  for (const state of states) {
    if (run.running || done.has(state.node.name) || !state.taints.some((t) => t.key === UNINITIALIZED_TAINT.key)) {
      done.add(state.node.name);
      state.providerID = `aws:///${ state.node.zone }/${ state.node.instanceId }`;
      state.taints = state.taints.filter((t) => t.key !== UNINITIALIZED_TAINT.key);
      Object.assign(state.labels, {
        'node.kubernetes.io/instance-type': state.node.instanceType,
        'topology.kubernetes.io/region':    state.node.zone.slice(0, -1),
        'topology.kubernetes.io/zone':      state.node.zone,
        'topology.k8s.aws/zone-id':         state.node.zoneId,
      });
    }
  }

  return { objects: [...states.map((state) => nodeObject(cluster, state)), ...objects], initialised: done };
}

/** A HelmChart document for `additionalManifest`, as Rancher's docs write it. */
export function helmChartManifest(values: Record<string, unknown>): string {
  return dump({
    apiVersion: 'helm.cattle.io/v1',
    kind:       'HelmChart',
    metadata:   { name: CONTROLLER_CHART.name, namespace: CONTROLLER_CHART.namespace },
    spec:       {
      chart: CONTROLLER_CHART.chart, repo: CONTROLLER_CHART.repo, targetNamespace: CONTROLLER_CHART.namespace, bootstrap: true, valuesContent: dump(values, { lineWidth: -1 })
    },
  }, { lineWidth: -1 });
}
