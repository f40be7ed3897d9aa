/**
 * The detail tab mounted with the host store: `management/request` is the shell's own request
 * action sent to the fake Rancher (its downstream Steve), and the AWS clients are the shell's,
 * sent through the fake's /meta/proxy to the local AWS endpoint.
 */
import { mount, flushPromises, VueWrapper } from '@vue/test-utils';
import ClusterNodesTab from '../ClusterNodesTab.vue';
import { startAwsEndpoint, AwsEndpoint } from '../../../../local/aws-endpoint/server';
import { Scenario } from '../../../../local/aws-endpoint/scenario';
import { FakeRancher, startFakeRancher } from '../../../../local/fake-rancher/server';
import { steveObject, SteveStore } from '../../../../local/fake-rancher/steve';
import { DOWNSTREAM_TYPES, typeSpec } from '../../../../local/fake-rancher/types';
import { awsScenario } from '../../../../local/fake-rancher/aws-scenario';
import { WorldEc2Cluster } from '../../../../local/fake-rancher/cluster-shapes';
import { BROKEN_CLUSTER } from '../../../../local/fake-rancher/ec2-broken';
import { EC2_CLUSTER } from '../../../../local/fake-rancher/ec2-demo';
import { CREDENTIAL_ID, REGION } from '../../../../local/fake-rancher/ids';
import { createHostStore } from '../../../../tests/rancher/host-store';
import { withShellRequests } from '../../../../tests/contract/shell-request';
import { greenScenario, CLUSTER_ID } from '../../../../local/aws-endpoint/fixtures';
import { hostStore } from '../../../../tests/setup/vue-setup';

let endpoint: AwsEndpoint;
let rancher: FakeRancher;

afterEach(async() => {
  await rancher?.close();
  await endpoint?.close();
});

async function settle(until: () => boolean) {
  const start = Date.now();

  do {
    await new Promise((resolve) => setTimeout(resolve, 20));
    await flushPromises();
  } while (!until() && Date.now() - start < 15000);
}

async function start(scenario: Scenario) {
  endpoint = await startAwsEndpoint(scenario);
  rancher = await startFakeRancher({ awsEndpointUrl: endpoint.url });

  return withShellRequests(createHostStore({
    proxyUrl:    rancher.url,
    getters:     hostStore.getters,
    credentials: [{
      id: CREDENTIAL_ID, name: 'aws-rancher', defaultRegion: REGION
    }]
  }), rancher.url);
}

async function verified(store: ReturnType<typeof createHostStore>, resource: Record<string, unknown>): Promise<VueWrapper> {
  const wrapper = mount(ClusterNodesTab, { props: { resource }, global: { mocks: { $store: store } } });

  await wrapper.find('[data-testid="nodes-verify"]').trigger('click');
  await settle(() => wrapper.find('[data-testid="verification-results"]').exists());
  await wrapper.find('[data-testid="show-passed"]').trigger('click');

  return wrapper;
}

const clusterResource = (cluster: WorldEc2Cluster) => ({
  machineProvider: 'amazonec2', spec: { cloudCredentialSecretName: CREDENTIAL_ID, kubernetesVersion: cluster.kubernetesVersion }, status: { clusterName: cluster.managementId }
});

/** A problem has a row of its own; a pass is named in its check's "OK for" line. */
function statusOf(wrapper: VueWrapper, id: string, resource: string): string | undefined {
  const row = wrapper.find(`[data-testid="finding-${ id }"][data-resource="${ resource }"]`);

  if (row.exists()) {
    return row.attributes('data-status');
  }
  const okFor = wrapper.findAll(`[data-testid="check-group"][data-check="${ id }"] [data-testid="passed-resources"]`).map((line) => line.text());

  return okFor.some((line) => line.replace(/^OK for: /, '').split(', ').includes(resource)) ? 'pass' : undefined;
}

/** Per check, how many of its findings have each status (`fail:1 pass:2`, none left out), from the report's groups. */
const checkStatuses = (wrapper: VueWrapper): Record<string, string> => Object.fromEntries(wrapper.findAll('[data-testid="check-group"]').map((group) => [
  group.attributes('data-check'),
  (group.attributes('data-counts') || '').split(' ').filter((pair) => !pair.endsWith(':0')).join(' '),
]));

const badges = (wrapper: VueWrapper) => wrapper.findAll('[data-testid^="controller-status-"]').map((badge) => [badge.attributes('data-testid')?.replace('controller-status-', ''), badge.attributes('data-color'), badge.text()]);

describe('ClusterNodesTab', () => {
  it('reports a controller that cannot start: the etcd taint nothing tolerates, every node uninitialised', async() => {
    const store = await start(awsScenario());
    const wrapper = await verified(store, clusterResource(BROKEN_CLUSTER));
    const statuses = checkStatuses(wrapper);

    expect(statuses['controller.install']).toBe('pass:1');
    expect(statuses['controller.daemonset']).toBe('fail:1');
    expect(statuses['controller.scheduling']).toBe('fail:1');
    expect(statuses['node.initialized']).toBe(`fail:${ BROKEN_CLUSTER.nodes.length }`);
    // The DaemonSet controller makes no pod: the one taint it cannot tolerate is named, on the control-plane node.
    const scheduling = wrapper.findAll('[data-testid="finding-controller.scheduling"]');

    expect(scheduling.map((row) => row.attributes('data-status'))).toEqual(['fail']);
    expect(scheduling[0].text()).toContain('node-role.kubernetes.io/etcd:NoExecute');
    expect(scheduling[0].text()).toContain(BROKEN_CLUSTER.nodes[0].name);
    for (const node of BROKEN_CLUSTER.nodes) {
      expect(statusOf(wrapper, 'node.initialized', node.name)).toBe('fail');
    }
    // The AWS side is right: the nodes are found by their private DNS names.
    expect(Object.entries(statuses).filter(([id, counts]) => !id.startsWith('controller.') && id !== 'node.initialized' && /fail|unknown/.test(counts || ''))).toEqual([]);
    expect(badges(wrapper)).toEqual([
      ['installed', 'bg-success', 'Controller installed'],
      ['ready', 'bg-error', '0 of 0 controller pods ready'],
      ['initialised', 'bg-error', `0 of ${ BROKEN_CLUSTER.nodes.length } nodes initialised`],
    ]);
    // What the tab read, through Rancher's proxy to the cluster.
    const read = rancher.requests.map((r) => r.path).filter((path) => path.startsWith(`/k8s/clusters/${ BROKEN_CLUSTER.managementId }/v1/`));

    expect(read).toEqual(expect.arrayContaining([
      expect.stringMatching(/\/v1\/nodes\?/), expect.stringMatching(/\/v1\/helm\.cattle\.io\.helmcharts\/kube-system\/aws-cloud-controller-manager$/), expect.stringMatching(/\/v1\/apps\.daemonsets\/kube-system\/aws-cloud-controller-manager$/), expect.stringMatching(/\/v1\/pods\/kube-system\?labelSelector=k8s-app%3Daws-cloud-controller-manager/),
    ]));
  });

  it('reports a running controller and initialised nodes as passing', async() => {
    const store = await start(awsScenario());
    const wrapper = await verified(store, clusterResource(EC2_CLUSTER));
    const statuses = checkStatuses(wrapper);

    for (const id of ['controller.install', 'controller.daemonset', 'controller.scheduling', 'controller.version']) {
      expect([id, statuses[id]]).toEqual([id, expect.stringMatching(/^pass:\d+$/)]);
    }
    expect(statuses['node.initialized']).toBe(`pass:${ EC2_CLUSTER.nodes.length }`);
    expect(badges(wrapper)).toEqual([
      ['installed', 'bg-success', 'Controller installed'],
      ['ready', 'bg-success', '1 of 1 controller pods ready'],
      ['initialised', 'bg-success', `${ EC2_CLUSTER.nodes.length } of ${ EC2_CLUSTER.nodes.length } nodes initialised`],
    ]);
  });

  it('maps each node to its instance and runs the instance checks', async() => {
    const scenario = greenScenario();

    scenario.instances[1].Tags = [];
    const store = await start(scenario);
    const node = (name: string, body: Parameters<typeof steveObject>[3]) => steveObject(typeSpec(DOWNSTREAM_TYPES, 'node') as NonNullable<ReturnType<typeof typeSpec>>, name, undefined, body);

    rancher.store.downstream[CLUSTER_ID] = new SteveStore(DOWNSTREAM_TYPES, [
      // The control-plane node (its role label): the instance the cloud-controller-manager reads.
      node('ip-10-0-0-1.ec2.internal', { labels: { 'node-role.kubernetes.io/control-plane': 'true' }, spec: { providerID: 'aws:///us-east-1a/i-0000000000000001' } }),
      // A bare instance ID is a valid providerID too.
      node('ip-10-0-0-2.ec2.internal', { spec: { providerID: 'i-0000000000000002' } }),
      // A non-AWS providerID: the provider cannot map it, and the node's addresses are not used.
      node('rke2-agent', { spec: { providerID: 'rke2://rke2-agent' }, status: { addresses: [{ type: 'InternalDNS', address: 'ip-10-0-0-1.ec2.internal' }] } }),
      node('laptop', { spec: {}, status: { addresses: [{ type: 'InternalIP', address: '192.168.1.9' }] } }),
    ]);
    const wrapper = await verified(store, { spec: { cloudCredentialSecretName: CREDENTIAL_ID, kubernetesVersion: 'v1.30.2+rke2r1' }, status: { clusterName: CLUSTER_ID } });
    const status = (id: string, resource: string) => statusOf(wrapper, id, resource);

    expect(status('node.instance', 'ip-10-0-0-1.ec2.internal')).toBe('pass');
    expect(status('node.instance', 'ip-10-0-0-2.ec2.internal')).toBe('pass');
    expect(status('node.instance', 'rke2-agent')).toBe('fail');
    expect(status('node.instance', 'laptop')).toBe('fail');
    // The version and the control-plane node are known: no assumption.
    expect(status('provider.context', 'Kubernetes 1.30.2')).toBe('pass');
    expect(status('instance.cluster-tag', 'i-0000000000000001')).toBe('pass');
    expect(status('instance.cluster-tag', 'i-0000000000000002')).toBe('fail');
    expect(status('instance.security-groups', 'i-0000000000000001')).toBe('pass');
    expect(status('subnet.cluster-tag', 'subnet-1')).toBe('pass');
    // No controller on this cluster: its HelmChart is missing (Steve's 404), a failure, not "could not verify".
    expect(checkStatuses(wrapper)['controller.install']).toBe('fail:1');
    expect(endpoint.requests.some((r) => r.action === 'DescribeInstances' && r.params['Filter.1.Name'] === 'private-dns-name')).toBe(true);
    expect(rancher.refused).toEqual([]);
    // The untagged node's instance can be tagged in one click.
    expect(wrapper.find('[data-testid="tag-fix-start"]').text()).toBe('Tag it (1 resource)');
  });

  it('says what it could not read: a Steve error is "could not verify" with its status and message', async() => {
    const store = await start(awsScenario());
    const message = 'daemonsets.apps "aws-cloud-controller-manager" is forbidden: User "u-abc12" cannot get resource "daemonsets" in API group "apps" in the namespace "kube-system"';

    rancher.fail(/\/apps\.daemonsets\//, {
      status: 403, code: 'Forbidden', message
    });
    const wrapper = await verified(store, clusterResource(EC2_CLUSTER));
    const row = wrapper.find('[data-testid="finding-controller.daemonset"]');

    expect(row.attributes('data-status')).toBe('unknown');
    expect(row.text()).toContain('HTTP 403');
    expect(row.text()).toContain(message);
    expect(badges(wrapper).find(([id]) => id === 'ready')).toEqual(['ready', 'bg-warning', 'Controller pods not verified']);
  });
});

it('does not offer checks for machines other drivers create', () => {
  const wrapper = mount(ClusterNodesTab, { props: { resource: { machineProvider: 'vmwarevsphere', status: { clusterName: 'c-m-x' } } } });

  expect(wrapper.find('[data-testid="nodes-not-ec2"]').exists()).toBe(true);
  expect(wrapper.find('[data-testid="nodes-verify"]').exists()).toBe(false);
});
