import { runControllerChecks } from '../cluster';
import { checkControllerDaemonSet, checkControllerInstall, checkControllerScheduling, checkControllerVersion } from '../controller';
import { daemonPodTolerations, formatTaint, taintsInSchedulerMessage, tolerationFor } from '../daemon-placement';
import { checkNodeInitialized, clusterCause, initialisationAws, InitialisationAws } from '../node-initialized';
import { failed, ok, Ec2Instance } from '../../facts';
import {
  ControllerFacts, KubeDaemonSet, KubeHelmChart, KubeJob, KubePod
} from '../../kube';
import { KubeNode } from '../../nodes';
import { providerContext } from '../../provider';
import { Finding } from '../../findings';
import { CONTROLLER_TOLERATIONS, CONTROL_PLANE_TAINT, ETCD_TAINT, UNINITIALIZED_TAINT } from '../../out-of-tree/controller';

const CLUSTER = 'c-m-abc';
const chart: KubeHelmChart = {
  name: 'aws-cloud-controller-manager', namespace: 'kube-system', jobName: 'helm-install-aws-cloud-controller-manager', conditions: []
};
const job = (over: Partial<KubeJob> = {}): KubeJob => ({
  name: 'helm-install-aws-cloud-controller-manager', namespace: 'kube-system', succeeded: 0, failed: 0, active: 0, conditions: [], ...over
});
const ds = (over: Partial<KubeDaemonSet> = {}): KubeDaemonSet => ({
  name:         'aws-cloud-controller-manager',
  namespace:    'kube-system',
  desired:      1,
  ready:        1,
  available:    1,
  nodeSelector: { 'node-role.kubernetes.io/control-plane': 'true' },
  tolerations:  [...CONTROLLER_TOLERATIONS],
  hostNetwork:  true,
  image:        'registry.k8s.io/provider-aws/cloud-controller-manager:v1.31.9',
  ...over,
});
const cpLabels = { 'node-role.kubernetes.io/control-plane': 'true', 'node-role.kubernetes.io/master': 'true' };
const node = (name: string, over: Partial<KubeNode> = {}): KubeNode => ({
  name, providerID: `aws:///us-east-1a/i-${ name }`, labels: { 'topology.kubernetes.io/zone': 'us-east-1a' }, taints: [], ...over
});
const cp = (name: string, over: Partial<KubeNode> = {}) => node(name, {
  ...over,
  labels: {
    ...cpLabels, 'topology.kubernetes.io/zone': 'us-east-1a', ...over.labels
  }
});
const SCHEDULER_MESSAGE = '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/etcd: true}, 2 node(s) didn\'t match Pod\'s node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';
const pendingPod: KubePod = {
  name:       'aws-cloud-controller-manager-x7k2p',
  namespace:  'kube-system',
  phase:      'Pending',
  conditions: [{
    type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: SCHEDULER_MESSAGE
  }]
};
const runningPod: KubePod = {
  name: 'aws-cloud-controller-manager-abcde', namespace: 'kube-system', phase: 'Running', nodeName: 'cp1', conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'True' }]
};
const healthy = (): ControllerFacts => ({
  helmChart: ok(chart), job: ok(job({ succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] })), daemonSet: ok(ds()), pods: ok([runningPod])
});
const denied = {
  operation: 'list pods', code: 'Forbidden', message: 'pods is forbidden: User "u" cannot list resource "pods"'
};
const V131 = providerContext({ kubernetesVersion: 'v1.31.4+rke2r1' });

describe('controller.install: the HelmChart\'s install job (Job conditions, helm-controller)', () => {
  it.each<[string, Partial<ControllerFacts>, string, string]>([
    ['succeeded', {}, 'pass', 'check.controller.install.ok'],
    ['failed: the Failed condition', {
      job: ok(job({
        failed:     6,
        conditions: [{
          type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit'
        }]
      }))
    }, 'fail', 'check.controller.install.failed'],
    ['still running', { job: ok(job({ active: 1, failed: 2 })) }, 'warn', 'check.controller.install.installing'],
    ['no job (yet)', { job: ok(null) }, 'warn', 'check.controller.install.noJob'],
    ['no HelmChart', { helmChart: ok(null), job: ok(null) }, 'fail', 'check.controller.install.missing'],
    ['HelmChart unreadable', { helmChart: failed(denied) }, 'unknown', 'check.controller.unreadable'],
    ['job unreadable', { job: failed(denied) }, 'unknown', 'check.controller.unreadable'],
  ])('%s', (_case, over, status, key) => {
    const finding = checkControllerInstall({ ...healthy(), ...over });

    expect(finding).toMatchObject({
      id: 'controller.install', status, message: { key }
    });
  });

  it('gives the Failed condition\'s message verbatim, and the command for the job\'s log', () => {
    const finding = checkControllerInstall({
      ...healthy(),
      job: ok(job({
        failed:     6,
        conditions: [{
          type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit'
        }]
      }))
    });

    expect(finding.message.args).toMatchObject({ reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' });
    expect(finding.fix?.command).toBe('kubectl -n kube-system logs job/helm-install-aws-cloud-controller-manager');
  });

  it('points a missing HelmChart to the setup step', () => {
    expect(checkControllerInstall({ helmChart: ok(null), job: ok(null) }).fix?.text.key).toBe('fix.controllerHelmChart');
  });

  it('carries the API error of an unreadable object', () => {
    expect(checkControllerInstall({ helmChart: failed(denied), job: ok(null) }).message.args).toEqual({
      operation: 'list pods', code: 'Forbidden', message: denied.message
    });
  });
});

describe('controller.daemonset: ready on every control-plane node (DaemonSet status, NodeShouldRunDaemonPod)', () => {
  const nodes = [cp('cp1'), node('w1', { labels: { 'node-role.kubernetes.io/worker': 'true', 'topology.kubernetes.io/zone': 'us-east-1a' } })];

  it.each<[string, Partial<KubeDaemonSet> | null, KubeNode[], string, string]>([
    ['ready on the one control-plane node', {}, nodes, 'pass', 'check.controller.daemonset.ok'],
    ['the chart\'s default selector "" selects no node', {
      desired: 0, ready: 0, nodeSelector: { 'node-role.kubernetes.io/control-plane': '' }
    }, nodes, 'fail', 'check.controller.daemonset.selectsNoNode'],
    ['not ready', { ready: 0 }, nodes, 'fail', 'check.controller.daemonset.notReady'],
    ['covers 1 of 2 control-plane nodes', { desired: 1 }, [...nodes, cp('cp2', { taints: [ETCD_TAINT] })], 'fail', 'check.controller.daemonset.uncovered'],
    ['no DaemonSet', null, nodes, 'fail', 'check.controller.daemonset.missing'],
  ])('%s', (_case, over, subjects, status, key) => {
    const facts = { helmChart: ok(chart), daemonSet: ok(over === null ? null : ds(over)) };

    expect(checkControllerDaemonSet(facts, subjects)).toMatchObject({
      id: 'controller.daemonset', status, message: { key }
    });
  });

  it('names the selector, and whether the labels or the taints leave no node', () => {
    const bySelector = checkControllerDaemonSet({
      helmChart: ok(chart),
      daemonSet: ok(ds({
        desired: 0, ready: 0, nodeSelector: { 'node-role.kubernetes.io/control-plane': '' }
      }))
    }, nodes);
    const byTaints = checkControllerDaemonSet({
      helmChart: ok(chart),
      daemonSet: ok(ds({
        desired: 0, ready: 0, tolerations: []
      }))
    }, [cp('cp1', { taints: [CONTROL_PLANE_TAINT] })]);

    expect(bySelector.message.args).toEqual({ selector: 'node-role.kubernetes.io/control-plane=""', why: 'selector' });
    expect(bySelector.fix?.text.key).toBe('fix.controllerSelector');
    expect(byTaints.message.args).toMatchObject({ why: 'taints' });
    expect(byTaints.fix?.text.key).toBe('fix.controllerTolerations');
  });

  it('names the control-plane nodes it does not cover', () => {
    const finding = checkControllerDaemonSet({ helmChart: ok(chart), daemonSet: ok(ds({ tolerations: CONTROLLER_TOLERATIONS.filter((t) => t.key !== ETCD_TAINT.key) })) }, [cp('cp1'), cp('cp2', { taints: [ETCD_TAINT] })]);

    expect(finding.message.args).toMatchObject({
      nodes: 'cp2', controlPlanes: 2, desired: 1
    });
    expect(finding.details).toEqual(['cp2']);
  });

  it('says whether the HelmChart exists when the DaemonSet does not', () => {
    expect(checkControllerDaemonSet({ helmChart: ok(chart), daemonSet: ok(null) }, nodes).message.args).toEqual({ helmChart: 'yes' });
    expect(checkControllerDaemonSet({ helmChart: ok(null), daemonSet: ok(null) }, nodes).message.args).toEqual({ helmChart: 'no' });
  });

  it('is unknown with the error when the DaemonSet cannot be read', () => {
    expect(checkControllerDaemonSet({ helmChart: ok(chart), daemonSet: failed(denied) }, nodes).status).toBe('unknown');
  });
});

describe('controller.scheduling: PodScheduled and the TaintToleration filter', () => {
  const etcdCp = cp('cp1', { taints: [CONTROL_PLANE_TAINT, ETCD_TAINT, UNINITIALIZED_TAINT], providerID: undefined });
  const docsTolerations = CONTROLLER_TOLERATIONS.filter((t) => t.key !== ETCD_TAINT.key);

  it('reads the taints the scheduler names', () => {
    expect(taintsInSchedulerMessage(SCHEDULER_MESSAGE)).toEqual([{ key: 'node-role.kubernetes.io/etcd', value: 'true' }]);
    expect(taintsInSchedulerMessage('0/1 nodes are available: 1 node(s) had taint {node.cloudprovider.kubernetes.io/uninitialized: true}, that the pod didn\'t tolerate.')).toEqual([{ key: 'node.cloudprovider.kubernetes.io/uninitialized', value: 'true' }]);
    expect(taintsInSchedulerMessage('0/3 nodes are available: 3 node(s) didn\'t match Pod\'s node affinity/selector.')).toEqual([]);
  });

  it('shows a pending pod\'s reason and message verbatim, names the taint and gives the toleration', () => {
    const [finding, ...rest] = checkControllerScheduling({ daemonSet: ok(ds({ tolerations: docsTolerations, ready: 0 })), pods: ok([pendingPod]) }, [etcdCp]);

    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      status:   'fail',
      resource: 'pod/aws-cloud-controller-manager-x7k2p',
      message:  {
        key:  'check.controller.scheduling.pending',
        args: {
          reason: 'Unschedulable', message: SCHEDULER_MESSAGE, taints: 'node-role.kubernetes.io/etcd=true:NoExecute', count: 1
        }
      }
    });
    expect(finding.fix?.command).toBe('{key: node-role.kubernetes.io/etcd, operator: Exists, effect: NoExecute}');
  });

  it('names an untolerated taint of a control-plane node before any pod exists', () => {
    const findings = checkControllerScheduling({
      daemonSet: ok(ds({
        tolerations: docsTolerations, desired: 0, ready: 0
      })),
      pods: ok([])
    }, [etcdCp, cp('cp2', { taints: [ETCD_TAINT] })]);

    expect(findings).toEqual([expect.objectContaining({
      status:   'fail',
      resource: 'daemonset/aws-cloud-controller-manager',
      message:  {
        key:  'check.controller.scheduling.untolerated',
        args: {
          taint: formatTaint(ETCD_TAINT), nodes: 'cp1, cp2', count: 2
        }
      },
      details: ['cp1', 'cp2']
    })]);
  });

  it.each<[string, KubeNode[], string[]]>([
    ['the chart\'s tolerations on a control-plane + etcd node', [etcdCp], [formatTaint(ETCD_TAINT)]],
    // The DaemonSet controller adds not-ready, unreachable and the pressure taints' tolerations itself.
    ['a not-ready node: tolerated by every daemon pod', [cp('cp1', { taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }] })], []],
    ['a worker\'s taint does not matter', [node('w1', {
      taints: [{
        key: 'dedicated', value: 'gpu', effect: 'NoSchedule'
      }]
    })], []],
    ['PreferNoSchedule never keeps a pod off', [cp('cp1', { taints: [{ key: 'x', effect: 'PreferNoSchedule' }] })], []],
  ])('%s', (_case, nodes, taints) => {
    const findings = checkControllerScheduling({ daemonSet: ok(ds({ tolerations: docsTolerations, hostNetwork: false })), pods: ok([]) }, nodes);

    expect(findings.filter((f) => f.status === 'fail').map((f) => f.message.args?.taint)).toEqual(taints);
    expect(findings.length).toBeGreaterThan(0);
  });

  it('passes when every pod was scheduled and every taint is tolerated', () => {
    expect(checkControllerScheduling({ daemonSet: ok(ds()), pods: ok([runningPod]) }, [cp('cp1', { taints: [CONTROL_PLANE_TAINT, ETCD_TAINT] })])).toEqual([expect.objectContaining({ status: 'pass', message: { key: 'check.controller.scheduling.ok', args: { count: 1 } } })]);
  });

  it('is unknown when the pods cannot be read, and still names computed taints', () => {
    const findings = checkControllerScheduling({ daemonSet: ok(ds({ tolerations: docsTolerations })), pods: failed(denied) }, [etcdCp]);

    expect(findings.map((f) => f.status)).toEqual(['unknown', 'fail']);
  });

  it('gives a toleration of every effect for a taint it has not seen', () => {
    expect(tolerationFor({ key: 'dedicated', effect: '' })).toBe('{key: dedicated, operator: Exists}');
    expect(daemonPodTolerations({ tolerations: [], hostNetwork: true }).map((t) => t.key)).toContain('node.kubernetes.io/network-unavailable');
  });
});

describe('controller.version: the image\'s minor equals the cluster\'s (CONTROLLER_RELEASES)', () => {
  it.each<[string, string | undefined, string, string | undefined, string | undefined]>([
    ['equal minors', 'registry.k8s.io/provider-aws/cloud-controller-manager:v1.31.9', 'v1.31.4', 'pass', undefined],
    ['the chart\'s default on 1.31', 'registry.k8s.io/provider-aws/cloud-controller-manager:v1.35.0', 'v1.31.4', 'warn', 'v1.31.9'],
    ['no tag', 'registry.k8s.io/provider-aws/cloud-controller-manager@sha256:abc', 'v1.31.4', 'warn', 'v1.31.9'],
    ['no image known', undefined, 'v1.31.4', undefined, undefined],
  ])('%s', (_case, image, version, status, tag) => {
    const finding = checkControllerVersion({ daemonSet: ok(image ? ds({ image }) : null), pods: ok([]) }, providerContext({ kubernetesVersion: version }).version);

    expect(finding?.status).toBe(status);
    expect(finding?.fix?.text.args?.tag).toBe(tag);
  });

  it('reads a pod\'s image when the DaemonSet cannot be read', () => {
    expect(checkControllerVersion({ daemonSet: failed(denied), pods: ok([{ ...runningPod, image: 'x:v1.31.2' }]) }, V131.version)?.status).toBe('pass');
  });
});

describe('node.initialized: providerID, zone label, no uninitialized taint (cloud-node controller, node_controller.go)', () => {
  const stuck = node('ip-10-0-0-5.ec2.internal', {
    providerID: undefined, labels: {}, taints: [UNINITIALIZED_TAINT]
  });
  const noAws: InitialisationAws = {
    nodes: {}, controlPlaneMetadata: [], rolesMissingZones: []
  };

  it.each<[string, KubeNode, string]>([
    ['initialised', node('a'), 'pass'],
    ['still tainted', node('a', { taints: [UNINITIALIZED_TAINT] }), 'fail'],
    ['no providerID', node('a', { providerID: undefined }), 'fail'],
    ['no zone label', node('a', { labels: {} }), 'fail'],
  ])('%s', (_case, subject, status) => {
    expect(checkNodeInitialized(subject, undefined, noAws).status).toBe(status);
  });

  const instance = (over: Partial<Ec2Instance> = {}): Ec2Instance => ({
    InstanceId:         'i-cp',
    PrivateDnsName:     'ip-10-0-0-5.ec2.internal',
    Tags:               [{ Key: `kubernetes.io/cluster/${ CLUSTER }`, Value: 'owned' }],
    IamInstanceProfile: { Arn: 'arn:aws:iam::1:instance-profile/cp-profile' },
    MetadataOptions:    {
      HttpEndpoint: 'enabled', HttpTokens: 'required', HttpPutResponseHopLimit: 1
    },
    ...over,
  });
  const cpStuck = { ...stuck, labels: cpLabels };
  const iamFindings: Finding[] = [
    {
      id: 'instance-profile.role', status: 'pass', resource: 'cp-profile', message: { key: 'check.profileRole.ok', args: { role: 'cp-role' } }, rule: { key: 'rule.instanceProfileRole' }
    },
    {
      id: 'instance-profile.permissions', status: 'fail', resource: 'cp-role', message: { key: 'check.permissions.missing' }, rule: { key: 'rule.rolePermissions' }, details: ['ec2:DescribeAvailabilityZones']
    },
  ];

  it.each<[string, Partial<ControllerFacts>, Ec2Instance[], Finding[], string, string | undefined]>([
    ['no controller', { helmChart: ok(null), daemonSet: ok(null) }, [instance()], [], 'controllerMissing', undefined],
    ['the controller\'s pods pending', { daemonSet: ok(ds({ ready: 0, desired: 0 })), pods: ok([pendingPod]) }, [instance()], [], 'controllerNotScheduled', undefined],
    ['IMDSv2 hop limit 1 and no host networking', { daemonSet: ok(ds({ ready: 0, hostNetwork: false })), pods: ok([]) }, [instance()], [], 'metadataHopLimit', undefined],
    ['IMDSv2 hop limit 1 with host networking: reachable', { daemonSet: ok(ds({ ready: 0, hostNetwork: true })), pods: ok([]) }, [instance()], [], 'controllerNotReady', undefined],
    ['metadata disabled', { daemonSet: ok(ds()) }, [instance({ MetadataOptions: { HttpEndpoint: 'disabled' } })], [], 'metadataDisabled', undefined],
    ['the control-plane role lacks ec2:DescribeAvailabilityZones', { daemonSet: ok(ds()) }, [instance()], iamFindings, 'zonesPermission', undefined],
    ['the name is no tagged instance\'s private DNS name', { daemonSet: ok(ds()) }, [], [], 'nameNotPrivateDns', undefined],
    ['the instance lacks the cluster tag', { daemonSet: ok(ds()) }, [instance({ Tags: [] })], [], 'instanceUntagged', undefined],
    ['no controller, and the name leads nowhere', { helmChart: ok(null), daemonSet: ok(null) }, [], [], 'controllerMissing', 'nameNotPrivateDns'],
  ])('cause: %s', (_case, over, instances, findings, cause, also) => {
    const facts = { ...healthy(), ...over };
    const aws = initialisationAws([cpStuck], instances, CLUSTER, findings);
    const finding = checkNodeInitialized(cpStuck, clusterCause(facts, V131, aws), aws);

    expect(finding.status).toBe('fail');
    expect(finding.message.args).toMatchObject({
      cause, also: also || 'none', tainted: 'yes', providerId: 'missing'
    });
    expect(finding.fix).toBeDefined();
  });

  it('asks for ec2:DescribeAvailabilityZones only from 1.30 (the zone-ID label)', () => {
    const aws = initialisationAws([cpStuck], [instance()], CLUSTER, iamFindings);

    expect(clusterCause({ ...healthy(), daemonSet: ok(ds()) }, providerContext({ kubernetesVersion: 'v1.29.3' }), aws)).toBeUndefined();
  });

  it('in-tree, says the kubelet sets them', () => {
    expect(checkNodeInitialized(stuck, clusterCause(healthy(), providerContext({ kubernetesVersion: 'v1.26.9' })), undefined).message.args?.cause).toBe('inTree');
  });
});

describe('runControllerChecks', () => {
  it('checks a healthy out-of-tree cluster: everything passes', () => {
    const findings = runControllerChecks({
      context: V131, nodes: ok([cp('cp1'), node('w1')]), facts: healthy()
    });

    expect(findings.map((f) => [f.id, f.status])).toEqual([
      ['controller.install', 'pass'], ['controller.daemonset', 'pass'], ['controller.scheduling', 'pass'], ['controller.version', 'pass'], ['node.initialized', 'pass'], ['node.initialized', 'pass'],
    ]);
  });

  it('before 1.27 gives one pass instead of the controller checks', () => {
    const findings = runControllerChecks({
      context: providerContext({ kubernetesVersion: 'v1.26.9' }), nodes: ok([node('a')]), facts: healthy()
    });

    expect(findings.map((f) => [f.id, f.status, f.message.key])).toEqual([['controller.install', 'pass', 'check.controller.install.inTree'], ['node.initialized', 'pass', 'check.nodeInitialized.ok']]);
  });

  it('nodes that cannot be read are one unknown finding', () => {
    const findings = runControllerChecks({
      context: V131, nodes: failed(denied), facts: healthy()
    });

    expect(findings.filter((f) => f.id === 'node.initialized')).toEqual([expect.objectContaining({ status: 'unknown', resource: 'nodes' })]);
  });
});
