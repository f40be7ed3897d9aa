/**
 * Downstream clusters for the Kubernetes API stand-in, matching the AWS endpoint's green scenario
 * (instances i-0000000000000001 and …2, private DNS names ip-10-0-0-1/2.ec2.internal): a healthy
 * RKE2 cluster with the out-of-tree controller, and the broken one Rancher users meet most (a
 * control-plane + etcd pool whose etcd NoExecute taint the controller does not tolerate).
 */
import { KubeObject, KubeWorld } from './server';

export const KUBE_TOKEN = 'kube-token-0123456789';
export const KUBE_VERSION = 'v1.31.4+rke2r1';
export const CONTROLLER_IMAGE = 'registry.k8s.io/provider-aws/cloud-controller-manager:v1.31.9';

const CP_LABELS = {
  'node-role.kubernetes.io/control-plane': 'true', 'node-role.kubernetes.io/master': 'true', 'node-role.kubernetes.io/etcd': 'true'
};
/** Rancher's role taints carry no value (rancher/rancher#44767). */
const CP_TAINTS = [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }, { key: 'node-role.kubernetes.io/etcd', effect: 'NoExecute' }];
const UNINITIALIZED = {
  key: 'node.cloudprovider.kubernetes.io/uninitialized', value: 'true', effect: 'NoSchedule'
};
const POD_LABELS = { 'k8s-app': 'aws-cloud-controller-manager' };
/** Tolerations for the control-plane taints, none for etcd's NoExecute (the trap of Rancher's docs' values on a control-plane + etcd pool). */
const DOCS_TOLERATIONS = [
  {
    key: 'node.cloudprovider.kubernetes.io/uninitialized', value: 'true', effect: 'NoSchedule'
  },
  {
    key: 'node-role.kubernetes.io/master', operator: 'Exists', effect: 'NoSchedule'
  },
  {
    key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule'
  },
];
const ALL_TOLERATIONS = [...DOCS_TOLERATIONS, {
  key: 'node-role.kubernetes.io/etcd', operator: 'Exists', effect: 'NoExecute'
}];

export const SCHEDULER_MESSAGE = '0/2 nodes are available: 1 node(s) didn\'t match Pod\'s node affinity/selector, 1 node(s) had untolerated taint {node-role.kubernetes.io/etcd: }. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.';

function node(name: string, labels: Record<string, string>, spec: Record<string, unknown>): KubeObject {
  return {
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', ...labels
      }
    },
    spec,
    status: { addresses: [{ type: 'InternalIP', address: `10.0.0.${ name.slice(-1) }` }, { type: 'Hostname', address: name }], nodeInfo: { kubeletVersion: KUBE_VERSION } },
  };
}

function daemonSet(tolerations: unknown[], status: Record<string, number>): KubeObject {
  return {
    metadata: {
      name: 'aws-cloud-controller-manager', namespace: 'kube-system', labels: POD_LABELS
    },
    spec:     {
      selector: { matchLabels: POD_LABELS },
      template: {
        metadata: { labels: POD_LABELS },
        spec:     {
          hostNetwork:  true,
          nodeSelector: { 'node-role.kubernetes.io/control-plane': 'true' },
          tolerations,
          containers:   [{
            name: 'aws-cloud-controller-manager', image: CONTROLLER_IMAGE, args: ['--v=2', '--cloud-provider=aws', '--configure-cloud-routes=false']
          }],
        },
      },
    },
    status,
  };
}

const helmChart: KubeObject = {
  metadata: { name: 'aws-cloud-controller-manager', namespace: 'kube-system' },
  spec:     {
    chart: 'aws-cloud-controller-manager', repo: 'https://kubernetes.github.io/cloud-provider-aws', targetNamespace: 'kube-system', bootstrap: true, valuesContent: 'hostNetworking: true\n'
  },
  status: { jobName: 'helm-install-aws-cloud-controller-manager' },
};

const job: KubeObject = {
  metadata: {
    name: 'helm-install-aws-cloud-controller-manager', namespace: 'kube-system', labels: { 'helmcharts.helm.cattle.io/chart': 'aws-cloud-controller-manager' }
  },
  spec:     { backoffLimit: 1000 },
  status:   {
    succeeded:  1,
    conditions: [{
      type: 'Complete', status: 'True', lastTransitionTime: '2026-05-01T10:02:00Z'
    }]
  },
};

/** Initialised nodes, the controller ready on the control-plane node. */
export function healthyCluster(): KubeWorld {
  return {
    token:      KUBE_TOKEN,
    gitVersion: KUBE_VERSION,
    nodes:      [
      node('ip-10-0-0-1.ec2.internal', {
        ...CP_LABELS, 'topology.kubernetes.io/zone': 'us-east-1a', 'topology.kubernetes.io/region': 'us-east-1'
      }, { providerID: 'aws:///us-east-1a/i-0000000000000001', taints: CP_TAINTS }),
      node('ip-10-0-0-2.ec2.internal', {
        'node-role.kubernetes.io/worker': 'true', 'topology.kubernetes.io/zone': 'us-east-1a', 'topology.kubernetes.io/region': 'us-east-1'
      }, { providerID: 'aws:///us-east-1a/i-0000000000000002' }),
    ],
    helmCharts: [helmChart],
    jobs:       [job],
    daemonSets: [daemonSet(ALL_TOLERATIONS, {
      desiredNumberScheduled: 1, currentNumberScheduled: 1, numberReady: 1, numberAvailable: 1, numberMisscheduled: 0, updatedNumberScheduled: 1
    })],
    pods: [{
      metadata: {
        name: 'aws-cloud-controller-manager-7xk2p', namespace: 'kube-system', labels: POD_LABELS
      },
      spec:     {
        nodeName: 'ip-10-0-0-1.ec2.internal', hostNetwork: true, containers: [{ name: 'aws-cloud-controller-manager', image: CONTROLLER_IMAGE }]
      },
      status: { phase: 'Running', conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'True' }] },
    }],
  };
}

/**
 * The control-plane + etcd node tainted etcd NoExecute, the DaemonSet with the docs' tolerations
 * (no etcd), its pod Pending with the scheduler's message, and no node initialised.
 */
export function brokenCluster(): KubeWorld {
  const world = healthyCluster();

  world.nodes = [
    node('ip-10-0-0-1.ec2.internal', CP_LABELS, { taints: [...CP_TAINTS, UNINITIALIZED] }),
    node('ip-10-0-0-2.ec2.internal', { 'node-role.kubernetes.io/worker': 'true' }, { taints: [UNINITIALIZED] }),
  ];
  world.daemonSets = [daemonSet(DOCS_TOLERATIONS, {
    desiredNumberScheduled: 1, currentNumberScheduled: 1, numberReady: 0, numberAvailable: 0, numberUnavailable: 1, numberMisscheduled: 0, updatedNumberScheduled: 1
  })];
  world.pods = [{
    metadata: {
      name: 'aws-cloud-controller-manager-q9d4s', namespace: 'kube-system', labels: POD_LABELS
    },
    spec:     {
      hostNetwork: true, tolerations: DOCS_TOLERATIONS, containers: [{ name: 'aws-cloud-controller-manager', image: CONTROLLER_IMAGE }]
    },
    status:   {
      phase:      'Pending',
      conditions: [{
        type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: SCHEDULER_MESSAGE, lastTransitionTime: '2026-05-01T10:03:00Z'
      }]
    },
  }];

  return world;
}
