import { mount, flushPromises } from '@vue/test-utils';
import { defineComponent, h } from 'vue';
import CloudProviderTab from '../CloudProviderTab.vue';
import { policyJson } from '../../domain/policies';
import { policyFor } from '../../domain/recommended-policy';
import { hostStore } from '../../../../tests/setup/vue-setup';
import { HTML_ENTITY } from '../../../../tests/setup/plain-text';

/** A stand-in for the cluster editor: the tab finds the pools on an ancestor holding `machinePools`. */
function mountInEditor(machinePools: unknown[] | undefined, resource: Record<string, unknown>, query: Record<string, string>, store?: unknown) {
  const Editor = defineComponent({
    data:   () => (machinePools ? { machinePools } : {}),
    render: () => h(CloudProviderTab, { resource }),
  });

  return mount(Editor, { global: { mocks: { $route: { query }, ...(store ? { $store: store } : {}) } } });
}

const createQuery = { type: 'amazonec2', rkeType: 'rke2' };
const awsCluster = {
  cloudProvider: 'aws', spec: { kubernetesVersion: 'v1.26.15+rke2r1' }, metadata: {}
};

const pools = [
  {
    pool:   {
      name: 'cp', controlPlaneRole: true, etcdRole: true
    },
    config: { iamInstanceProfile: 'arn:aws:iam::123456789012:instance-profile/rancher-cp' },
  },
  {
    pool:   { name: 'workers', workerRole: true },
    config: { iamInstanceProfile: 'rancher-workers' },
  },
  {
    pool: { name: 'removed', workerRole: true }, config: {}, remove: true
  },
];

describe('CloudProviderTab on an Amazon EC2 cluster being created', () => {
  it('renders one setup per pool with its roles, profile verdict and policy, in numbered steps', () => {
    const wrapper = mountInEditor(pools, awsCluster, createQuery);
    const setups = wrapper.findAll('[data-testid="pool-setup"]');
    const policies = wrapper.findAll('[data-testid="pool-policy"]');

    expect(wrapper.findAll('.step-number').map((step) => step.text())).toEqual(['Step 1', 'Step 2', 'Step 3', 'Step 4', 'Step 5']);

    expect(setups).toHaveLength(2);
    expect(setups[0].find('[data-testid="pool-roles"]').text()).toBe('Roles: Control Plane, etcd');
    expect(setups[0].find('[data-testid="profile-name-verdict"]').text()).toContain('This is an instance profile ARN');
    expect(setups[0].find('[data-testid="profile-name-suggestion"]').text()).toBe('Enter "rancher-cp" instead.');
    // The policy the provider needs on the cluster's version (1.26: in-tree), from the verifier's own table.
    expect(policies[0].find('[data-testid="policy-text"]').text()).toBe(policyJson(policyFor(['controlplane', 'etcd'], 'recommended', { kubernetesVersion: 'v1.26.15+rke2r1' })));

    expect(setups[1].find('[data-testid="pool-roles"]').text()).toBe('Roles: Worker');
    expect(setups[1].find('[data-testid="profile-name-verdict"]').text()).toContain('"rancher-workers" is a valid instance profile name');
    expect(policies[1].find('[data-testid="policy-text"]').text()).toBe(policyJson(policyFor(['worker'], 'recommended', { kubernetesVersion: 'v1.26.15+rke2r1' })));
    // Text from the host's t, asked raw: "profile's", not "profile&#39;s".
    expect(wrapper.text()).toContain('Enter the profile\'s name (not its ARN) as "IAM Instance Profile Name"');
    expect(wrapper.text()).not.toMatch(HTML_ENTITY);
  });

  it('step 2: "Use" writes the profile name into the pool\'s config in the editor', async() => {
    const editorPools = [
      {
        pool: {
          name: 'cp', controlPlaneRole: true, etcdRole: true
        },
        config: { iamInstanceProfile: 'arn:aws:iam::123456789012:instance-profile/rancher-cp' }
      },
      { pool: { name: 'workers', workerRole: true }, config: { iamInstanceProfile: '' } },
      { pool: { name: 'ok', workerRole: true }, config: { iamInstanceProfile: 'rancher-ok' } },
    ];
    const wrapper = mountInEditor(editorPools, awsCluster, createQuery);
    const buttons = () => wrapper.findAll('[data-testid="pool-setup"]').map((setup) => setup.find('[data-testid="use-profile"]'));

    expect(buttons().map((b) => (b.exists() ? b.text() : null))).toEqual(['Use rancher-cp', 'Use rancher-worker', null]);
    await buttons()[0].trigger('click');
    await buttons()[1].trigger('click');
    expect(editorPools.map((entry) => entry.config.iamInstanceProfile)).toEqual(['rancher-cp', 'rancher-worker', 'rancher-ok']);
    expect(buttons().every((b) => !b.exists())).toBe(true);
    expect(wrapper.find('[data-testid="step-use-profile"] .status-label').classes()).toContain('status-pass');
  });

  it('step 3: on a new cluster, puts the cluster tag in every pool\'s EC2 tags so Rancher uses that ID', async() => {
    const editorPools = [
      { pool: { name: 'cp', controlPlaneRole: true }, config: { iamInstanceProfile: 'rancher-cp', tags: 'team,blue' } },
      { pool: { name: 'workers', workerRole: true }, config: { iamInstanceProfile: 'rancher-w', tags: 'kubernetes.io/cluster/old,owned' } },
    ];
    const wrapper = mountInEditor(editorPools, {
      ...awsCluster, metadata: { name: 'shop' }, spec: { ...awsCluster.spec, cloudCredentialSecretName: 'cattle-global-data:cc-1' }
    }, createQuery);
    const button = () => wrapper.find('[data-testid="tag-pools"]');

    expect(button().text()).toBe('Tag the pools with kubernetes.io/cluster/shop');
    await button().trigger('click');
    expect(editorPools.map((entry) => entry.config.tags)).toEqual(['team,blue,kubernetes.io/cluster/shop,owned', 'kubernetes.io/cluster/shop,owned']);
    await flushPromises();
    expect(wrapper.find('[data-testid="pools-tagged"]').text()).toBe('The pools carry kubernetes.io/cluster/shop: their nodes will be tagged with it.');
    // Verification now uses the ID the nodes will carry.
    expect(wrapper.find('[data-testid="verify-cluster-id-value"]').text()).toContain('shop');
    expect(wrapper.find('input[data-testid="verify-cluster-id"]').exists()).toBe(false);
    expect(button().attributes('disabled')).toBeDefined();
  });

  it('step 3: a saved cluster\'s ID is Rancher\'s, not to be chosen', () => {
    const wrapper = mountInEditor(pools, {
      ...awsCluster, machineProvider: 'amazonec2', metadata: { name: 'shop', namespace: 'fleet-default' }, status: { clusterName: 'c-m-12345678' }
    }, { mode: 'edit' });

    expect(wrapper.find('[data-testid="tag-pools"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="step-tags"]').text()).toContain('Rancher tags this cluster\'s nodes with kubernetes.io/cluster/c-m-12345678');
  });

  it('follows edits to the pools', async() => {
    const wrapper = mountInEditor(pools.map((p) => ({ ...p, config: { ...p.config } })), awsCluster, createQuery);
    const editorPools = (wrapper.vm as unknown as { machinePools: { config: { iamInstanceProfile?: string } }[] }).machinePools;

    editorPools[1].config.iamInstanceProfile = 'bad name';
    await flushPromises();
    expect(wrapper.findAll('[data-testid="profile-name-verdict"]')[1].text()).toContain('this one contains: ␠');
  });

  it('requires a profile when the Amazon provider is selected and only warns otherwise', () => {
    const empty = [{ pool: { name: 'a', workerRole: true }, config: { iamInstanceProfile: '' } }];

    expect(mountInEditor(empty, awsCluster, createQuery).find('[data-testid="profile-name-verdict"]').text()).toContain('every node needs an IAM instance profile');

    const notAws = mountInEditor(empty, { ...awsCluster, cloudProvider: '' }, createQuery);

    expect(notAws.find('[data-testid="profile-name-verdict"]').text()).toBe('No instance profile is set for this pool. The Amazon cloud provider needs one.');
    expect(notAws.find('[data-testid="provider-not-selected"]').exists()).toBe(true);
  });

  it('falls back to both policies when the pools cannot be read', () => {
    const wrapper = mountInEditor(undefined, awsCluster, createQuery);

    expect(wrapper.find('[data-testid="pools-unreadable"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="custom-steps"]').exists()).toBe(false);
    expect(wrapper.findAll('[data-testid="policy-text"]').map((w) => w.text())).toEqual([
      policyJson(policyFor(['controlplane'], 'recommended', { kubernetesVersion: 'v1.26.15+rke2r1' })), policyJson(policyFor(['etcd', 'worker'], 'recommended', { kubernetesVersion: 'v1.26.15+rke2r1' }))
    ]);
  });

  it('shows the Kubernetes version advice', () => {
    const wrapper = mountInEditor(pools, { ...awsCluster, spec: { kubernetesVersion: 'v1.30.2+rke2r1' } }, createQuery);

    // The out-of-tree provider is the setup step's, with the cluster's own configuration: not a general note.
    expect(wrapper.find('[data-testid="version-advice-ecrNeedsCredentialProvider"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="version-advice-outOfTreeRequired"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="provider-setup"]').text()).toContain('Kubernetes v1.30.2+rke2r1 needs the out-of-tree provider');
    expect(mountInEditor(pools, { ...awsCluster, spec: { kubernetesVersion: 'v1.14.3' } }, createQuery).find('[data-testid="version-advice-ecrNeedsCloudProvider"]').exists()).toBe(true);
  });
});

describe('CloudProviderTab on a saved Amazon EC2 cluster', () => {
  it('reads the saved amazonec2 configs when the editor pools are not reachable', async() => {
    const find = jest.fn(({ id }) => (id === 'fleet-default/nc-cp' ? Promise.resolve({ iamInstanceProfile: 'cp-profile' }) : Promise.reject(new Error('404'))));
    const saved = {
      ...awsCluster,
      machineProvider: 'amazonec2',
      metadata:        { name: 'prod', namespace: 'fleet-default' },
      spec:            {
        kubernetesVersion: 'v1.26.1+rke2r1',
        rkeConfig:         {
          machinePools: [
            {
              name: 'cp', controlPlaneRole: true, machineConfigRef: { kind: 'Amazonec2Config', name: 'nc-cp' }
            },
            {
              name: 'w', workerRole: true, machineConfigRef: { kind: 'Amazonec2Config', name: 'nc-w' }
            },
          ]
        }
      },
    };
    const wrapper = mountInEditor(undefined, saved, { mode: 'edit' }, { getters: hostStore.getters, dispatch: (action: string, args: unknown) => (action === 'management/find' ? find(args) : Promise.reject(new Error(action))) });

    await flushPromises();
    expect(find).toHaveBeenCalledWith({ type: 'rke-machine-config.cattle.io.amazonec2config', id: 'fleet-default/nc-cp' });
    expect(wrapper.find('[data-testid="pools-from-saved"]').exists()).toBe(true);
    const setups = wrapper.findAll('[data-testid="pool-setup"]');

    expect(setups[0].find('[data-testid="pool-profile-name"]').text()).toContain('cp-profile');
    expect(setups[1].find('[data-testid="pool-missing-config"]').exists()).toBe(true);
  });
});

describe('CloudProviderTab on a custom cluster', () => {
  it('shows the manual steps and both policies', () => {
    const wrapper = mountInEditor(undefined, awsCluster, { type: 'custom', rkeType: 'rke2' });

    expect(wrapper.find('[data-testid="custom-steps"]').findAll('li')).toHaveLength(3);
    expect(wrapper.find('[data-testid="custom-steps"]').text()).toContain('Attach the matching instance profile to each EC2 instance');
    expect(wrapper.findAll('[data-testid="policy-text"]')).toHaveLength(2);
  });

  it('offers live checks with a chosen AWS credential, or none', async() => {
    const wrapper = mountInEditor(undefined, awsCluster, { type: 'custom', rkeType: 'rke2' });

    await flushPromises();
    expect(wrapper.find('[data-testid="credential-chooser"]').text()).toContain('You have no AWS cloud credential');
    // Skipping is the default: nothing to verify, no AWS call possible.
    expect(wrapper.find('[data-testid="verify-pool"]').exists()).toBe(false);
  });
});
