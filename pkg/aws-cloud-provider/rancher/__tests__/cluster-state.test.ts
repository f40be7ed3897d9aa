/**
 * The Steve reader against the fake Rancher's HTTP answers (its downstream Steve, in Steve's
 * shapes and status codes), requested through the shell's own `management/request` action.
 */
import { FakeRancher, startFakeRancher } from '@local/fake-rancher/server';
import { CUSTOM_CLUSTER } from '@local/fake-rancher/custom-demo';
import { BROKEN_CLUSTER } from '@local/fake-rancher/ec2-broken';
import { EC2_CLUSTER } from '@local/fake-rancher/ec2-demo';
import { CONTROLLER_CHART, installJobName } from '../../domain/out-of-tree/controller';
import { shellManagementRequest } from '../../../../tests/contract/shell-request';
import { steveClusterState } from '../cluster-state';

let rancher: FakeRancher;

beforeAll(async() => {
  rancher = await startFakeRancher({ awsEndpointUrl: 'http://127.0.0.1:9' });
});
afterAll(() => rancher.close());

const reader = (clusterId: string) => steveClusterState({ dispatch: (type, payload) => (type === 'management/request' ? shellManagementRequest(rancher.url)(payload) : Promise.reject(new Error(type))) }, clusterId);
const value = <T>(fact: { ok: true, value: T } | { ok: false }): T => {
  if (!fact.ok) {
    throw new Error(`not read: ${ JSON.stringify(fact) }`);
  }

  return fact.value;
};
const { namespace, name } = CONTROLLER_CHART;
const podSelector = `${ CONTROLLER_CHART.podLabel.key }=${ CONTROLLER_CHART.podLabel.value }`;

describe('reading a downstream cluster through Rancher\'s proxy', () => {
  it('reads a running controller: HelmChart, its job, the DaemonSet, its pod and the initialised nodes', async() => {
    const state = reader(EC2_CLUSTER.managementId);
    const nodes = value(await state.nodes());
    const controlPlane = nodes.find((node) => node.name === EC2_CLUSTER.nodes[0].name);

    expect(nodes.map((node) => node.name)).toEqual(EC2_CLUSTER.nodes.map((node) => node.name));
    expect(controlPlane).toMatchObject({
      providerID: `aws:///us-east-1a/${ EC2_CLUSTER.nodes[0].instanceId }`,
      labels:     {
        'node-role.kubernetes.io/control-plane': 'true', 'node-role.kubernetes.io/etcd': 'true', 'topology.kubernetes.io/zone': 'us-east-1a'
      },
    });
    expect(controlPlane?.taints?.map((t) => `${ t.key }:${ t.effect }`).sort()).toEqual(['node-role.kubernetes.io/control-plane:NoSchedule', 'node-role.kubernetes.io/etcd:NoExecute']);

    const chart = value(await state.helmChart(namespace, name));

    expect(chart).toMatchObject({
      name, namespace, chart: CONTROLLER_CHART.chart, repo: CONTROLLER_CHART.repo, jobName: installJobName(name)
    });
    expect(chart?.valuesContent).toContain('node-role.kubernetes.io/etcd');
    expect(value(await state.job(namespace, installJobName(name)))).toMatchObject({
      succeeded: 1, failed: 0, active: 0, conditions: expect.arrayContaining([expect.objectContaining({ type: 'Complete', status: 'True' })])
    });
    expect(value(await state.daemonSet(namespace, CONTROLLER_CHART.daemonSet))).toMatchObject({
      desired:      1,
      ready:        1,
      available:    1,
      hostNetwork:  true,
      nodeSelector: { 'node-role.kubernetes.io/control-plane': 'true' },
      image:        `${ CONTROLLER_CHART.image }:v1.33.4`,
      tolerations:  expect.arrayContaining([{
        key: 'node-role.kubernetes.io/etcd', operator: 'Exists', value: undefined, effect: 'NoExecute'
      }])
    });
    const pods = value(await state.pods(namespace, podSelector));

    expect(pods).toEqual([expect.objectContaining({
      nodeName:   EC2_CLUSTER.nodes[0].name,
      phase:      'Running',
      conditions: expect.arrayContaining([{
        type: 'PodScheduled', status: 'True', reason: undefined, message: undefined
      }])
    })]);
    // The label selector went to Steve as Kubernetes' labelSelector, and was applied.
    expect(rancher.requests.some((r) => r.path.startsWith(`/k8s/clusters/${ EC2_CLUSTER.managementId }/v1/pods/kube-system?labelSelector=k8s-app%3Daws-cloud-controller-manager`))).toBe(true);
    expect(value(await state.pods(namespace, 'k8s-app=something-else'))).toEqual([]);
  });

  it('reads a controller that never started: no pod, nodes uninitialised', async() => {
    const state = reader(BROKEN_CLUSTER.managementId);
    const nodes = value(await state.nodes());

    expect(nodes).toHaveLength(2);
    for (const node of nodes) {
      expect(node.providerID).toBeUndefined();
      expect(node.labels?.['topology.kubernetes.io/zone']).toBeUndefined();
      expect(node.taints).toContainEqual({
        key: 'node.cloudprovider.kubernetes.io/uninitialized', value: 'true', effect: 'NoSchedule'
      });
    }
    expect(value(await state.daemonSet(namespace, CONTROLLER_CHART.daemonSet))).toMatchObject({
      desired: 0, ready: 0, tolerations: expect.not.arrayContaining([expect.objectContaining({ key: 'node-role.kubernetes.io/etcd' })])
    });
    expect(value(await state.pods(namespace, podSelector))).toEqual([]);
  });

  it('gives null for an object the cluster does not have (Steve\'s 404)', async() => {
    const state = reader(CUSTOM_CLUSTER.managementId);

    expect(await state.helmChart(namespace, name)).toEqual({ ok: true, value: null });
    expect(await state.job(namespace, installJobName(name))).toEqual({ ok: true, value: null });
    expect(await state.daemonSet(namespace, CONTROLLER_CHART.daemonSet)).toEqual({ ok: true, value: null });
    expect(rancher.notFound.some((r) => r.path === `/k8s/clusters/${ CUSTOM_CLUSTER.managementId }/v1/apps.daemonsets/kube-system/aws-cloud-controller-manager`)).toBe(true);
  });

  it('turns any other failure into an error fact with the HTTP status and Steve\'s message', async() => {
    const message = 'daemonsets.apps "aws-cloud-controller-manager" is forbidden: User "u-abc12" cannot get resource "daemonsets" in API group "apps" in the namespace "kube-system"';
    const stop = rancher.fail(/\/apps\.daemonsets\//, {
      status: 403, code: 'Forbidden', message
    });
    const state = reader(EC2_CLUSTER.managementId);

    try {
      expect(await state.daemonSet(namespace, CONTROLLER_CHART.daemonSet)).toEqual({
        ok:    false,
        error: {
          operation: 'get apps.daemonset kube-system/aws-cloud-controller-manager', code: 'HTTP 403', message
        }
      });
    } finally {
      stop();
    }
    // A list that fails is no empty list: an unknown cluster's nodes.
    expect(await reader('c-m-unknown1').nodes()).toEqual({ ok: false, error: expect.objectContaining({ operation: 'list nodes', code: 'HTTP 404' }) });
  });
});
