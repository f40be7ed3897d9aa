/**
 * The fake's downstream clusters follow their provisioning cluster's spec: saving a manifest
 * whose controller fits the control-plane node starts it and initialises the nodes; the world's
 * own clusters are the two outcomes. Read over HTTP, as the dashboard reads them.
 */
import { planProviderSetup } from '@pkg/domain/out-of-tree/config';
import { CONTROLLER_CHART } from '@pkg/domain/out-of-tree/controller';
import { shellManagementRequest } from '@tests/contract/shell-request';
import { FakeRancher, startFakeRancher } from '../server';
import { matchesLabelSelector, SteveObject, steveObject } from '../steve';
import { BROKEN_CLUSTER } from '../ec2-broken';
import { EC2_CLUSTER } from '../ec2-demo';

let rancher: FakeRancher;
let request: (payload: { url: string, method?: string, data?: unknown }) => Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

beforeEach(async() => {
  rancher = await startFakeRancher({ awsEndpointUrl: 'http://127.0.0.1:9' });
  request = shellManagementRequest(rancher.url);
});
afterEach(() => rancher.close());

const downstream = (clusterId: string, path: string) => request({ url: `/k8s/clusters/${ clusterId }/v1/${ path }` });
const controllerDaemonSet = (clusterId: string) => downstream(clusterId, `apps.daemonsets/kube-system/${ CONTROLLER_CHART.daemonSet }`);
const uninitialised = (nodes: SteveObject[]) => nodes.filter((node) => (node.spec.taints || []).some((t: { key: string }) => t.key === 'node.cloudprovider.kubernetes.io/uninitialized')).map((node) => node.id);

async function save(clusterId: string, edit: (spec: any) => void) { // eslint-disable-line @typescript-eslint/no-explicit-any
  const cluster = await request({ url: `/v1/provisioning.cattle.io.clusters/${ clusterId }` });
  const body = JSON.parse(JSON.stringify(cluster));

  edit(body.spec);

  return request({
    url: `/v1/provisioning.cattle.io.clusters/${ clusterId }`, method: 'put', data: body
  });
}

it('serves the downstream objects in Steve\'s shapes, with Steve\'s 404', async() => {
  const daemonSet = await controllerDaemonSet(EC2_CLUSTER.managementId);

  expect(daemonSet).toMatchObject({
    id: 'kube-system/aws-cloud-controller-manager', type: 'apps.daemonset', apiVersion: 'apps/v1', kind: 'DaemonSet', links: { self: `${ rancher.url }/k8s/clusters/${ EC2_CLUSTER.managementId }/v1/apps.daemonsets/kube-system/aws-cloud-controller-manager` }
  });
  expect(daemonSet._status).toBe(200);
  const pods = await downstream(EC2_CLUSTER.managementId, 'pods/kube-system?labelSelector=k8s-app%3Daws-cloud-controller-manager');

  expect(pods).toMatchObject({
    type: 'collection', resourceType: 'pod', revision: expect.any(String), count: 1
  });
  const schemas = await downstream(EC2_CLUSTER.managementId, 'schemas');

  expect(schemas.data.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining(['apps.daemonset', 'pod', 'batch.job', 'helm.cattle.io.helmchart', 'node']));
  await expect(downstream(EC2_CLUSTER.managementId, 'batch.jobs/kube-system/no-such-job')).rejects.toMatchObject({
    _status: 404, type: 'error', status: 404, code: 'NotFound', message: 'jobs.batch "no-such-job" not found'
  });
});

it('turns the broken cluster healthy when the saved manifest\'s controller fits its control-plane node', async() => {
  const before = await downstream(BROKEN_CLUSTER.managementId, 'nodes');

  expect(uninitialised(before.data)).toEqual(BROKEN_CLUSTER.nodes.map((node) => node.name));
  expect((await controllerDaemonSet(BROKEN_CLUSTER.managementId)).status).toMatchObject({ desiredNumberScheduled: 0, numberReady: 0 });

  // A save that changes nothing else leaves it broken: the world is the spec's consequence.
  await save(BROKEN_CLUSTER.id, (spec) => {
    spec.displayName = 'unchanged';
  });
  expect((await controllerDaemonSet(BROKEN_CLUSTER.managementId)).status.desiredNumberScheduled).toBe(0);

  // The guided setup's plan: its HelmChart tolerates Rancher's etcd taint.
  await save(BROKEN_CLUSTER.id, (spec) => {
    const plan = planProviderSetup(spec.rkeConfig, { kubernetesVersion: spec.kubernetesVersion, distribution: 'rke2' });

    if (typeof plan === 'string') {
      throw new Error(plan);
    }
    Object.assign(spec.rkeConfig, plan.result);
  });
  expect((await controllerDaemonSet(BROKEN_CLUSTER.managementId)).status).toMatchObject({ desiredNumberScheduled: 1, numberReady: 1 });
  const pods = await downstream(BROKEN_CLUSTER.managementId, 'pods/kube-system?labelSelector=k8s-app%3Daws-cloud-controller-manager');

  expect(pods.data.map((pod: SteveObject) => [pod.spec.nodeName, pod.status.phase])).toEqual([[BROKEN_CLUSTER.nodes[0].name, 'Running']]);
  const after = await downstream(BROKEN_CLUSTER.managementId, 'nodes');

  expect(uninitialised(after.data)).toEqual([]);
  expect(after.data.map((node: SteveObject) => [node.spec.providerID, node.metadata.labels?.['topology.kubernetes.io/zone']])).toEqual(BROKEN_CLUSTER.nodes.map((node) => [`aws:///${ node.zone }/${ node.instanceId }`, node.zone]));
  expect((await downstream(BROKEN_CLUSTER.managementId, 'batch.jobs/kube-system/helm-install-aws-cloud-controller-manager')).status.succeeded).toBe(1);
});

it('keeps nodes initialised when a later manifest stops the controller', async() => {
  await save(EC2_CLUSTER.id, (spec) => {
    spec.rkeConfig.additionalManifest = spec.rkeConfig.additionalManifest.replace(/tolerations:[\s\S]*?(?=\n {4}args:)/, 'tolerations: []');
  });

  expect((await controllerDaemonSet(EC2_CLUSTER.managementId)).status.desiredNumberScheduled).toBe(0);
  expect(uninitialised((await downstream(EC2_CLUSTER.managementId, 'nodes')).data)).toEqual([]);
});

it('selects by Kubernetes\' label selector syntax', () => {
  const pod = steveObject({
    id: 'pod', group: '', version: 'v1', kind: 'Pod', namespaced: true
  }, 'p', 'ns', { labels: { 'k8s-app': 'aws-cloud-controller-manager', tier: 'control-plane' } });

  expect(matchesLabelSelector(pod, 'k8s-app=aws-cloud-controller-manager')).toBe(true);
  expect(matchesLabelSelector(pod, 'k8s-app==aws-cloud-controller-manager,tier')).toBe(true);
  expect(matchesLabelSelector(pod, 'k8s-app!=aws-cloud-controller-manager')).toBe(false);
  expect(matchesLabelSelector(pod, 'tier in (control-plane, worker)')).toBe(true);
  expect(matchesLabelSelector(pod, 'tier notin (control-plane)')).toBe(false);
  expect(matchesLabelSelector(pod, '!tier')).toBe(false);
  expect(matchesLabelSelector(pod, 'k8s-app=other')).toBe(false);
});
