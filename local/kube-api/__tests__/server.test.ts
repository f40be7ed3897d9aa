/**
 * @jest-environment node
 */
import {
  AppsV1Api, CoreV1Api, CustomObjectsApi, HttpError, KubeConfig
} from '@kubernetes/client-node';
import { KubeApi, matchesLabelSelector, startKubeApi } from '../server';
import { brokenCluster, healthyCluster, SCHEDULER_MESSAGE } from '../fixtures';
import { kubeReader } from '@cli/src/kube-reader';
import { gatherControllerFacts, verifyRunningCluster } from '@pkg/verification/cluster';

/** The stand-in as the real client sees it: the shapes a real API server gives. */

let api: KubeApi;

function client(token?: string): KubeConfig {
  const config = new KubeConfig();

  config.loadFromString(api.kubeconfig(token));

  return config;
}

afterEach(async() => {
  await api?.close();
});

describe('the Kubernetes API stand-in, through @kubernetes/client-node', () => {
  it('serves a DaemonSet as a V1DaemonSet with its pod template\'s tolerations', async() => {
    api = await startKubeApi(brokenCluster());

    const { body } = await client().makeApiClient(AppsV1Api).readNamespacedDaemonSet('aws-cloud-controller-manager', 'kube-system');

    expect(body).toMatchObject({
      apiVersion: 'apps/v1',
      kind:       'DaemonSet',
      metadata:   {
        name: 'aws-cloud-controller-manager', namespace: 'kube-system', resourceVersion: expect.any(String)
      }
    });
    expect(body.spec?.template.spec?.tolerations?.map((t) => t.key)).toEqual(['node.cloudprovider.kubernetes.io/uninitialized', 'node-role.kubernetes.io/master', 'node-role.kubernetes.io/control-plane']);
    expect(body.status?.desiredNumberScheduled).toBe(1);
  });

  it('lists nodes as a NodeList, and filters pods by label selector', async() => {
    api = await startKubeApi(brokenCluster());

    const core = client().makeApiClient(CoreV1Api);
    const nodes = (await core.listNode()).body;
    const pods = (await core.listNamespacedPod('kube-system', undefined, undefined, undefined, undefined, 'k8s-app=aws-cloud-controller-manager')).body;
    const none = (await core.listNamespacedPod('kube-system', undefined, undefined, undefined, undefined, 'k8s-app=other')).body;

    expect(nodes).toMatchObject({
      kind: 'NodeList', apiVersion: 'v1', metadata: { resourceVersion: expect.any(String) }
    });
    expect(nodes.items[0].spec?.taints?.map((t) => `${ t.key }:${ t.effect }`)).toContain('node-role.kubernetes.io/etcd:NoExecute');
    expect(pods.items.map((p) => p.status?.conditions?.[0].message)).toEqual([SCHEDULER_MESSAGE]);
    expect(none.items).toEqual([]);
    expect(api.requests.map((r) => r.query.labelSelector).filter(Boolean)).toEqual(['k8s-app=aws-cloud-controller-manager', 'k8s-app=other']);
  });

  it('answers a missing object with a 404 Status, a wrong token with 401, a forbidden read with 403', async() => {
    const world = healthyCluster();

    world.forbidden = ['pods'];
    api = await startKubeApi(world);

    const notFound = await client().makeApiClient(CustomObjectsApi).getNamespacedCustomObject('helm.cattle.io', 'v1', 'kube-system', 'helmcharts', 'nope').catch((e) => e);
    const unauthorized = await client('wrong').makeApiClient(CoreV1Api).listNode().catch((e) => e);
    const forbidden = await client().makeApiClient(CoreV1Api).listNamespacedPod('kube-system').catch((e) => e);

    expect(notFound).toBeInstanceOf(HttpError);
    expect(notFound).toMatchObject({
      statusCode: 404,
      body:       {
        kind: 'Status', code: 404, reason: 'NotFound', message: 'helmcharts.helm.cattle.io "nope" not found'
      }
    });
    expect(unauthorized).toMatchObject({ statusCode: 401, body: { kind: 'Status', reason: 'Unauthorized' } });
    expect(forbidden).toMatchObject({
      statusCode: 403,
      body:       {
        kind: 'Status', reason: 'Forbidden', message: expect.stringContaining('cannot list resource "pods"')
      }
    });
  });

  it('matches equality and existence label selectors', () => {
    expect(matchesLabelSelector({ a: '1', b: '2' }, 'a=1,b==2')).toBe(true);
    expect(matchesLabelSelector({ a: '1' }, 'a!=1')).toBe(false);
    expect(matchesLabelSelector({ a: '1' }, 'a,!b')).toBe(true);
    expect(matchesLabelSelector({}, 'a')).toBe(false);
  });
});

describe('the CLI\'s reader and the running-cluster use case against it', () => {
  it('gathers the controller\'s facts: HelmChart, job, DaemonSet and pods', async() => {
    api = await startKubeApi(brokenCluster());

    const facts = await gatherControllerFacts(kubeReader(client(), 5000));

    expect(facts.helmChart).toMatchObject({ ok: true, value: { name: 'aws-cloud-controller-manager', jobName: 'helm-install-aws-cloud-controller-manager' } });
    expect(facts.job).toMatchObject({ ok: true, value: { succeeded: 1 } });
    expect(facts.daemonSet).toMatchObject({
      ok:    true,
      value: {
        desired: 1, ready: 0, hostNetwork: true, nodeSelector: { 'node-role.kubernetes.io/control-plane': 'true' }
      }
    });
    expect(facts.pods).toMatchObject({
      ok:    true,
      value: [{
        phase:      'Pending',
        conditions: [{
          type: 'PodScheduled', status: 'False', message: SCHEDULER_MESSAGE
        }]
      }]
    });
  });

  it('a missing object is null, a forbidden read an error fact', async() => {
    const world = healthyCluster();

    world.helmCharts = [];
    world.forbidden = ['pods'];
    api = await startKubeApi(world);

    const facts = await gatherControllerFacts(kubeReader(client(), 5000));

    expect(facts.helmChart).toEqual({ ok: true, value: null });
    expect(facts.pods).toMatchObject({ ok: false, error: { code: 'Forbidden', message: expect.stringContaining('forbidden') } });
  });

  it('verifies the broken cluster without AWS: the etcd taint, the pending pod and the stuck nodes', async() => {
    api = await startKubeApi(brokenCluster());

    const result = await verifyRunningCluster(kubeReader(client(), 5000), { kubernetesVersion: 'v1.31.4+rke2r1', fallbackRegion: 'us-east-1' });
    const byId = (id: string) => result.findings.filter((f) => f.id === id);

    expect(byId('controller.scheduling')).toEqual([expect.objectContaining({
      status: 'fail', resource: 'pod/aws-cloud-controller-manager-q9d4s', message: expect.objectContaining({ args: expect.objectContaining({ taints: 'node-role.kubernetes.io/etcd:NoExecute' }) })
    })]);
    expect(byId('node.initialized').map((f) => [f.resource, f.status, f.message.args?.cause])).toEqual([
      ['ip-10-0-0-1.ec2.internal', 'fail', 'controllerNotScheduled'], ['ip-10-0-0-2.ec2.internal', 'fail', 'controllerNotScheduled'],
    ]);
    expect(byId('controller.install')[0].status).toBe('pass');
  });

  it('a nodes read that fails is an unknown finding', async() => {
    const world = healthyCluster();

    world.forbidden = ['nodes'];
    api = await startKubeApi(world);

    const result = await verifyRunningCluster(kubeReader(client(), 5000), { kubernetesVersion: 'v1.31.4', fallbackRegion: 'us-east-1' });

    expect(result.nodes.ok).toBe(false);
    expect(result.findings.filter((f) => f.id === 'node.initialized')).toEqual([expect.objectContaining({ status: 'unknown', resource: 'nodes' })]);
  });
});
