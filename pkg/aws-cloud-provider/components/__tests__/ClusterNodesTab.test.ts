import { mount, flushPromises } from '@vue/test-utils';
import ClusterNodesTab from '../ClusterNodesTab.vue';
import { startAwsEndpoint, AwsEndpoint } from '../../../../local/aws-endpoint/server';
import { startMetaProxy, MetaProxy } from '../../../../local/meta-proxy';
import { createHostStore } from '../../../../tests/rancher/host-store';
import { greenScenario, CLUSTER_ID } from '../../../../local/aws-endpoint/fixtures';
import { hostStore } from '../../../../tests/setup/vue-setup';

const CREDENTIAL = 'cattle-global-data:cc-nodes';
const NODES_URL = `/k8s/clusters/${ CLUSTER_ID }/v1/nodes?exclude=metadata.managedFields`;

let endpoint: AwsEndpoint;
let proxy: MetaProxy;

afterEach(async() => {
  await proxy?.close();
  await endpoint?.close();
});

async function settle(until: () => boolean) {
  const start = Date.now();

  do {
    await new Promise((resolve) => setTimeout(resolve, 20));
    await flushPromises();
  } while (!until() && Date.now() - start < 15000);
}

describe('ClusterNodesTab', () => {
  it('maps each node to its instance and runs the instance checks', async() => {
    const scenario = greenScenario();

    scenario.instances[1].Tags = [];
    endpoint = await startAwsEndpoint(scenario);
    proxy = await startMetaProxy(endpoint.url, CREDENTIAL);
    const store = createHostStore({
      proxyUrl:    proxy.url,
      getters:     hostStore.getters,
      credentials: [{
        id: CREDENTIAL, name: 'aws', defaultRegion: 'us-east-1'
      }],
      requests:    {
        [NODES_URL]: {
          data: [
            // The control-plane node (its role label): the instance the cloud-controller-manager reads.
            { metadata: { name: 'ip-10-0-0-1.ec2.internal', labels: { 'node-role.kubernetes.io/control-plane': 'true' } }, spec: { providerID: 'aws:///us-east-1a/i-0000000000000001' } },
            // A bare instance ID is a valid providerID too.
            { metadata: { name: 'ip-10-0-0-2.ec2.internal' }, spec: { providerID: 'i-0000000000000002' } },
            // A non-AWS providerID: the provider cannot map it, and the node's addresses are not used.
            {
              metadata: { name: 'rke2-agent' }, spec: { providerID: 'rke2://rke2-agent' }, status: { addresses: [{ type: 'InternalDNS', address: 'ip-10-0-0-1.ec2.internal' }] }
            },
            {
              metadata: { name: 'laptop' }, spec: {}, status: { addresses: [{ type: 'InternalIP', address: '192.168.1.9' }] }
            },
          ]
        }
      },
    });
    const wrapper = mount(ClusterNodesTab, {
      props:  { resource: { spec: { cloudCredentialSecretName: CREDENTIAL, kubernetesVersion: 'v1.30.2+rke2r1' }, status: { clusterName: CLUSTER_ID } } },
      global: { mocks: { $store: store } },
    });

    await wrapper.find('[data-testid="nodes-verify"]').trigger('click');
    await settle(() => wrapper.find('[data-testid="verification-results"]').exists());

    await wrapper.find('[data-testid="show-passed"]').trigger('click');
    // A problem has a row of its own; a pass is named in its check's "OK for" line.
    const status = (id: string, resource: string) => {
      const row = wrapper.find(`[data-testid="finding-${ id }"][data-resource="${ resource }"]`);

      if (row.exists()) {
        return row.attributes('data-status');
      }
      const okFor = wrapper.findAll(`[data-testid="check-group"][data-check="${ id }"] [data-testid="passed-resources"]`).map((line) => line.text());

      return okFor.some((line) => line.replace(/^OK for: /, '').split(', ').includes(resource)) ? 'pass' : undefined;
    };

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
    expect(endpoint.requests.some((r) => r.action === 'DescribeInstances' && r.params['Filter.1.Name'] === 'private-dns-name')).toBe(true);
    expect(proxy.refused).toEqual([]);
    // The untagged node's instance can be tagged in one click.
    expect(wrapper.find('[data-testid="tag-fix-start"]').text()).toBe('Tag it (1 resource)');
  });
});

it('does not offer checks for machines other drivers create', () => {
  const wrapper = mount(ClusterNodesTab, { props: { resource: { machineProvider: 'vmwarevsphere', status: { clusterName: 'c-m-x' } } } });

  expect(wrapper.find('[data-testid="nodes-not-ec2"]').exists()).toBe(true);
  expect(wrapper.find('[data-testid="nodes-verify"]').exists()).toBe(false);
});
