import { mount, flushPromises, VueWrapper } from '@vue/test-utils';
import LiveVerification from '../verify/LiveVerification.vue';
import { startAwsEndpoint, AwsEndpoint } from '../../../../local/aws-endpoint/server';
import { Scenario } from '../../../../local/aws-endpoint/scenario';
import { startMetaProxy, MetaProxy } from '../../../../local/meta-proxy';
import { createHostStore } from '../../../../tests/rancher/host-store';
import {
  greenScenario, tagsOf, CLUSTER_ID, CLUSTER_KEY, PROFILE, ROLE
} from '../../../../local/aws-endpoint/fixtures';
import { PoolView } from '../../rancher/machine-pools';
import { hostStore } from '../../../../tests/setup/vue-setup';
import CredentialChooser from '../verify/CredentialChooser.vue';
import { HTML_ENTITY } from '../../../../tests/setup/plain-text';

const CREDENTIAL = 'cattle-global-data:cc-abcde';

const pools: PoolView[] = [
  {
    name:   'cp',
    roles:  ['controlplane', 'etcd'],
    config: {
      region: 'us-east-1', vpcId: 'vpc-1', subnetId: 'subnet-1', securityGroup: ['rancher-nodes'], iamInstanceProfile: PROFILE
    }
  },
  {
    name:   'workers',
    roles:  ['worker'],
    config: {
      region: 'us-east-1', vpcId: 'vpc-1', subnetId: 'subnet-1', securityGroup: ['rancher-nodes'], iamInstanceProfile: PROFILE
    }
  },
];

const savedCluster = { spec: { cloudCredentialSecretName: CREDENTIAL, kubernetesVersion: 'v1.30.2+rke2r1' }, status: { clusterName: CLUSTER_ID } };

let endpoint: AwsEndpoint;
let proxy: MetaProxy;

async function setUp(scenario: Scenario, resource: Record<string, unknown> = savedCluster, poolList = pools) {
  endpoint = await startAwsEndpoint(scenario);
  proxy = await startMetaProxy(endpoint.url, CREDENTIAL);
  const store = createHostStore({
    proxyUrl:    proxy.url,
    getters:     hostStore.getters,
    credentials: [{
      id: CREDENTIAL, name: 'aws-prod', defaultRegion: 'us-east-1'
    }]
  });
  const wrapper = mount(LiveVerification, {
    props: {
      resource, pools: poolList, kind: 'amazonec2'
    },
    global: { mocks: { $store: store } }
  });

  await settle();

  return { wrapper, store };
}

afterEach(async() => {
  await proxy?.close();
  await endpoint?.close();
});

/** Lets HTTP round trips and Vue updates finish. */
async function settle(until?: () => boolean, timeoutMs = 15000) {
  const start = Date.now();
  const done = until || (() => true);

  do {
    await new Promise((resolve) => setTimeout(resolve, 20));
    await flushPromises();
  } while (!done() && Date.now() - start < timeoutMs);
}

/** Per check, one status per finding (worst first), read from the report's groups. */
async function statusesOf(wrapper: VueWrapper): Promise<Record<string, string[]>> {
  const toggle = wrapper.find('[data-testid="show-passed"]');

  if (toggle.exists() && toggle.attributes('aria-expanded') === 'false') {
    await toggle.trigger('click');
  }
  const out: Record<string, string[]> = {};

  for (const group of wrapper.findAll('[data-testid="check-group"]')) {
    const counts = (group.attributes('data-counts') || '').split(' ').map((pair) => pair.split(':'));

    out[group.attributes('data-check') as string] = counts.flatMap(([status, count]) => Array(Number(count)).fill(status));
  }

  return out;
}

/** The problem rows of one check, by resource. */
function problemsOf(wrapper: VueWrapper, check: string): Record<string, string> {
  return Object.fromEntries(wrapper.findAll(`[data-testid="finding-${ check }"]`).map((row) => [row.attributes('data-resource'), row.attributes('data-status')]));
}

async function verifyAll(wrapper: VueWrapper) {
  await wrapper.find('[data-testid="verify-all"]').trigger('click');
  await settle(() => !wrapper.find('[data-testid="verify-progress"]').exists() && wrapper.findAll('[data-testid="verification-results"]').length > 0);
  await settle();
}

describe('live verification through Rancher\'s /meta/proxy', () => {
  it('verifies all pools green with the cluster credential, signed by the proxy only', async() => {
    const { wrapper, store } = await setUp(greenScenario());

    expect((wrapper.find('input[data-testid="verify-cluster-id"]').element as HTMLInputElement).value).toBe(CLUSTER_ID);
    await verifyAll(wrapper);

    const statuses = Object.values(await statusesOf(wrapper)).flat();

    expect(statuses.length).toBeGreaterThan(10);
    expect(statuses.every((s) => s === 'pass')).toBe(true);
    expect(wrapper.find('[data-testid="verification-summary"]').text()).toMatch(/^0 failed, 0 could not be verified, 0 warnings, \d+ OK$/);
    expect(wrapper.find('[data-testid="verification-all-pass"]').text()).toMatch(/^All \d+ checks pass/);
    // Both pools share the nodes and the subnet: reported once, not per pool.
    expect((await statusesOf(wrapper))['instance.cluster-tag']).toEqual(['pass', 'pass']);
    expect(proxy.refused).toEqual([]);
    expect(new Set(proxy.requests.map((r) => r.host))).toEqual(new Set(['ec2.us-east-1.api.aws', 'iam.global.api.aws']));
    // The cluster's credential launches the machines: it must be allowed to pass the nodes' role.
    expect((await statusesOf(wrapper))['instance-profile.pass-role']).toEqual(['pass']);
    // Both pools need the cluster's tagged instances: AWS is asked once, and its first page holds them all (no fan-out).
    const tagScan = endpoint.requests.filter((r) => r.action === 'DescribeInstances' && r.params['Filter.1.Name'] === 'tag-key');

    expect(tagScan).toHaveLength(1);
    expect(tagScan[0].params.NextToken).toBeUndefined();
    expect(store.dispatched.filter((d) => d.type === 'aws/ec2').every((d) => d.payload.cloudCredentialId === CREDENTIAL && d.payload.region === 'us-east-1')).toBe(true);
  });

  it('accepts nodes of another pool that use that pool\'s profile', async() => {
    const scenario = greenScenario();

    scenario.instances[1].InstanceProfile = 'rancher-workers';
    // The workers' profile exists (holding the same role): every profile in use is verified now.
    scenario.instanceProfiles.push({ InstanceProfileName: 'rancher-workers', Roles: [ROLE] });
    const twoProfiles = [pools[0], { ...pools[1], config: { ...pools[1].config, iamInstanceProfile: 'rancher-workers' } }];
    const { wrapper } = await setUp(scenario, savedCluster, twoProfiles);

    await verifyAll(wrapper);
    const statuses = await statusesOf(wrapper);

    // Each pool's run sees the other pool's node with the other profile: one pass per instance, never a problem.
    expect(statuses['instance.instance-profile']).toEqual(['pass', 'pass']);
    expect(statuses['instance.instance-profile'].every((s) => s === 'pass')).toBe(true);
    expect(wrapper.find('[data-testid="finding-instance.instance-profile"]').exists()).toBe(false);
    // Both profiles get their own IAM chain, and it is green.
    expect(statuses['instance-profile.exists']).toEqual(['pass', 'pass']);
    expect(Object.values(statuses).flat().every((s) => s === 'pass')).toBe(true);
  });

  it('shows each red case with the rule and the fix', async() => {
    const scenario = greenScenario();

    scenario.subnets[0].Tags = [{ Key: 'kubernetes.io/cluster/c-m-other', Value: 'owned' }];
    scenario.roles[0].InlinePolicies = {
      nodes: {
        Version:   '2012-10-17',
        Statement: [{
          Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*'
        }]
      }
    };
    const { wrapper } = await setUp(scenario);

    await verifyAll(wrapper);

    const statuses = await statusesOf(wrapper);

    // A subnet tagged only for another cluster fails no node, only load-balancer placement (spec): a warning,
    // and with the other public subnet in one zone only, placement warns too.
    expect(statuses['subnet.cluster-tag']).toEqual(['warn']);
    expect(statuses['subnets.load-balancer']).toEqual(['warn']);
    // One role for both pools: the cp pool needs the controller's actions, the out-of-tree (1.30) worker pool none.
    expect(statuses['instance-profile.permissions']).toEqual(['fail', 'pass']);
    // Problems first: the first group on the page is a failed check.
    expect(wrapper.find('[data-testid="check-group"]').attributes('data-status')).toBe('fail');
    const subnet = wrapper.find('[data-testid="finding-subnet.cluster-tag"]');

    expect(subnet.find('.resource').text()).toBe('Subnet subnet-1');
    expect(subnet.find('.status-text').text()).toBe('Warning');
    expect(subnet.text()).toContain('tagged only for other clusters (c-m-other)');
    expect(subnet.find('.rule').text()).toContain('Load balancers go to subnets tagged for this cluster');
    expect(subnet.find('[data-testid="finding-fix"] p').text()).toBe('Tag the subnet.');
    expect(subnet.find('[data-testid="finding-command"]').text()).toBe(`aws ec2 create-tags --region us-east-1 --resources subnet-1 --tags Key=${ CLUSTER_KEY },Value=owned`);
    // "Tag it" sits on the finding it fixes.
    expect(subnet.find('[data-testid="tag-fix-start"]').exists()).toBe(true);
    // Dozens of action names are a count, with the list on demand.
    const permissions = wrapper.findAll('[data-testid="finding-instance-profile.permissions"]')[0];

    expect(permissions.attributes('data-status')).toBe('fail');
    expect(permissions.find('.message').text()).toMatch(/^The role lacks \d+ of the \d+ actions the provider calls on these nodes for this version/);
    expect(permissions.find('[data-testid="finding-details"] pre').text().split('\n')).toContain('elasticloadbalancing:CreateLoadBalancer');
    // The host's t escapes unless asked for raw text: quotes and apostrophes must read as such.
    expect(wrapper.text()).not.toMatch(HTML_ENTITY);
    expect(wrapper.text()).toContain('The role\'s trust policy lets EC2 assume it.');
  });

  it('says which permission the credential lacks on AccessDenied, never green', async() => {
    const scenario = greenScenario();

    scenario.errors = [{
      action: 'GetInstanceProfile', code: 'AccessDenied', status: 403, message: 'User: arn:aws:iam::123456789012:user/rancher is not authorized'
    }];
    const { wrapper } = await setUp(scenario);

    await verifyAll(wrapper);
    const finding = wrapper.find('[data-testid="finding-instance-profile.exists"]');

    expect(finding.attributes('data-status')).toBe('unknown');
    expect(finding.text()).toContain('GetInstanceProfile failed with AccessDenied');
    expect(finding.text()).toContain('the credential lacks iam:GetInstanceProfile');
    expect(finding.find('[data-testid="finding-fix"]').text()).toBe('Allow iam:GetInstanceProfile to the credential you verify with, or verify with another one.');
  });

  it('recovers from throttling', async() => {
    const scenario = greenScenario();

    scenario.errors = [{
      action: 'DescribeSubnets', code: 'RequestLimitExceeded', status: 503, times: 1
    }];
    const { wrapper } = await setUp(scenario);

    await verifyAll(wrapper);
    expect((await statusesOf(wrapper))['subnet.cluster-tag']).toEqual(['pass']);
    // The throttled read, then its retry (the SDK's own), which answered.
    expect(endpoint.requests.filter((r) => r.action === 'DescribeSubnets').length).toBeGreaterThanOrEqual(2);
  });

  it('can be cancelled while AWS is slow', async() => {
    const scenario = greenScenario();

    // A request that never answers must not hold up Cancel.
    scenario.errors = [{ action: 'GetInstanceProfile', kind: 'timeout' }];
    const { wrapper } = await setUp(scenario);

    await wrapper.find('[data-testid="verify-all"]').trigger('click');
    await settle(() => wrapper.find('[data-testid="verify-cancel"]').exists());
    const clicked = Date.now();

    await wrapper.find('[data-testid="verify-cancel"]').trigger('click');
    await settle(() => !wrapper.find('[data-testid="verify-progress"]').exists());

    expect(Date.now() - clicked).toBeLessThan(2000);

    expect(wrapper.find('[data-testid="verify-message"]').text()).toBe('Verification cancelled; nothing was written to AWS.');
    expect(wrapper.find('[data-testid="verification-results"]').exists()).toBe(false);
  });

  it('explains a refused DryRun and writes nothing', async() => {
    const scenario = greenScenario();

    scenario.subnets[0].Tags = [];
    scenario.errors = [{
      action: 'CreateTags', code: 'UnauthorizedOperation', status: 403, message: 'You are not authorized to perform this operation.'
    }];
    const { wrapper } = await setUp(scenario, savedCluster, [pools[0]]);

    await wrapper.find('[data-testid="verify-all"]').trigger('click');
    await settle(() => wrapper.find('[data-testid="tag-fix-start"]').exists());
    await wrapper.find('[data-testid="tag-fix-start"]').trigger('click');
    await settle(() => wrapper.find('[data-testid="tag-fix-error"]').exists());

    expect(wrapper.find('[data-testid="tag-fix-error"]').text()).toContain('may not add tags (ec2:CreateTags): UnauthorizedOperation');
    expect(wrapper.find('[data-testid="tag-fix-confirm"]').exists()).toBe(false);
    expect(endpoint.requests.filter((r) => r.action === 'CreateTags').map((r) => r.params.DryRun)).toEqual(['true']);
  });

  it('tags after confirmation, then verifies again', async() => {
    const scenario = greenScenario();

    scenario.subnets[0].Tags = [];
    const { wrapper } = await setUp(scenario, savedCluster, [pools[0]]);

    await wrapper.find('[data-testid="verify-all"]').trigger('click');
    await settle(() => wrapper.find('[data-testid="tag-fix-start"]').exists());
    expect((await statusesOf(wrapper))['subnet.cluster-tag']).toEqual(['warn']);
    await wrapper.find('[data-testid="tag-fix-start"]').trigger('click');
    await settle(() => wrapper.find('[data-testid="tag-fix-confirm"]').exists());

    expect(wrapper.findAll('[data-testid="tag-fix-row"]').map((row) => row.text())).toEqual([`subnet-1${ CLUSTER_KEY } = owned`]);
    expect(endpoint.requests.filter((r) => r.action === 'CreateTags' && r.params.DryRun !== 'true')).toHaveLength(0);

    await wrapper.find('[data-testid="tag-fix-apply"]').trigger('click');
    await settle(() => !wrapper.find('[data-testid="finding-subnet.cluster-tag"]').exists() && !wrapper.find('[data-testid="verify-progress"]').exists());
    await settle();

    const writes = endpoint.requests.filter((r) => r.action === 'CreateTags' && r.params.DryRun !== 'true');

    expect(writes).toHaveLength(1);
    expect(writes[0].params).toMatchObject({
      'ResourceId.1': 'subnet-1', 'Tag.1.Key': CLUSTER_KEY, 'Tag.1.Value': 'owned'
    });
    expect((await statusesOf(wrapper))['subnet.cluster-tag']).toEqual(['pass']);
    expect(scenario.instances.every((i) => (i.Tags || []).filter((t) => t.Key === CLUSTER_KEY).length === 1)).toBe(true);
  });

  it('tags every resource at once with Tag all, after one confirmation', async() => {
    const scenario = greenScenario();

    scenario.subnets.forEach((subnet) => {
      subnet.Tags = [];
    });
    const twoSubnets = [pools[0], { ...pools[1], config: { ...pools[1].config, subnetId: 'subnet-public-b' } }];
    const { wrapper } = await setUp(scenario, savedCluster, twoSubnets);

    await verifyAll(wrapper);
    const tagAll = wrapper.find('[data-testid="tag-all"]');

    expect(tagAll.find('[data-testid="tag-fix-start"]').text()).toBe('Tag all (2 resources)');
    await tagAll.find('[data-testid="tag-fix-start"]').trigger('click');
    await settle(() => tagAll.find('[data-testid="tag-fix-confirm"]').exists());
    expect(tagAll.findAll('[data-testid="tag-fix-row"]').map((row) => row.text())).toEqual([`subnet-1${ CLUSTER_KEY } = owned`, `subnet-public-b${ CLUSTER_KEY } = owned`]);
    await tagAll.find('[data-testid="tag-fix-apply"]').trigger('click');
    await settle(() => !wrapper.find('[data-testid="finding-subnet.cluster-tag"]').exists() && !wrapper.find('[data-testid="verify-progress"]').exists());

    const writes = endpoint.requests.filter((r) => r.action === 'CreateTags' && r.params.DryRun !== 'true');

    expect(writes).toHaveLength(1);
    expect(writes[0].params).toMatchObject({ 'ResourceId.1': 'subnet-1', 'ResourceId.2': 'subnet-public-b' });
    expect((await statusesOf(wrapper))['subnet.cluster-tag']).toEqual(['pass', 'pass']);
  });

  it('writes nothing when the user cancels', async() => {
    const scenario = greenScenario();

    scenario.subnets[0].Tags = [];
    const { wrapper } = await setUp(scenario, savedCluster, [pools[0]]);

    await wrapper.find('[data-testid="verify-all"]').trigger('click');
    await settle(() => wrapper.find('[data-testid="tag-fix-start"]').exists());
    await wrapper.find('[data-testid="tag-fix-start"]').trigger('click');
    await settle(() => wrapper.find('[data-testid="tag-fix-cancel"]').exists());
    await wrapper.find('[data-testid="tag-fix-cancel"]').trigger('click');
    await settle();

    expect(wrapper.find('[data-testid="tag-fix-confirm"]').exists()).toBe(false);
    expect(endpoint.requests.filter((r) => r.action === 'CreateTags').map((r) => r.params.DryRun)).toEqual(['true']);
    expect(scenario.subnets[0].Tags).toEqual([]);
  });

  it('renders HTML in AWS tag values as inert text', async() => {
    const scenario = greenScenario();
    const evil = '<img src=x onerror="window.__pwned=1">';

    tagsOf(scenario.instances[0])[0].Value = evil;
    const { wrapper } = await setUp(scenario, savedCluster, [pools[0]]);

    await wrapper.find('[data-testid="verify-all"]').trigger('click');
    await settle(() => wrapper.find('[data-testid="finding-tag.value"]').exists());

    expect(wrapper.find('[data-testid="finding-tag.value"]').text()).toContain(evil);
    expect(wrapper.find('img').exists()).toBe(false);
    expect((window as { __pwned?: unknown }).__pwned).toBeUndefined();
  });

  it('verifies with the cluster ID the pools\' own tags set, since Rancher then adds none', async() => {
    const tagged = pools.map((p) => ({ ...p, config: { ...p.config, tags: 'team,a,kubernetes.io/cluster/my-own,owned' } }));
    const { wrapper } = await setUp(greenScenario(), savedCluster, tagged);

    expect((wrapper.find('input[data-testid="verify-cluster-id"]').element as HTMLInputElement).value).toBe('my-own');
    expect(wrapper.text()).toContain('so Rancher does not add its cluster ID to the nodes');
  });

  it('explains a cluster ID that cannot be a tag key and will not verify with it', async() => {
    const { wrapper } = await setUp(greenScenario(), { spec: { cloudCredentialSecretName: CREDENTIAL } }, [{
      ...pools[0],
      config: {
        ...pools[0].config, subnetId: undefined, securityGroup: []
      }
    }]);

    expect(wrapper.find('[data-testid="verify-cluster-id-problem"]').text()).toBe('Enter a cluster ID to verify the tags.');
    await wrapper.find('input[data-testid="verify-cluster-id"]').setValue('my cluster');
    expect(wrapper.find('[data-testid="verify-cluster-id-problem"]').text()).toContain('A tag key cannot hold these characters of the cluster ID: ␠');
    expect(wrapper.find('[data-testid="verify-all"]').attributes('disabled')).toBeDefined();
    expect(wrapper.find('[data-testid="verify-blocked-reason"]').text()).toBe('Enter a valid cluster ID first.');
  });

  it('never offers Tag it for a new cluster\'s typed ID, which no node will carry', async() => {
    const scenario = greenScenario();

    scenario.subnets[0].Tags = [];
    const { wrapper } = await setUp(scenario, { spec: { cloudCredentialSecretName: CREDENTIAL } }, [{ ...pools[0], config: { ...pools[0].config, subnetId: 'subnet-1' } }]);

    await wrapper.find('input[data-testid="verify-cluster-id"]').setValue('my-new-cluster');
    await verifyAll(wrapper);

    expect(wrapper.find('[data-testid="finding-subnet.cluster-tag"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="tag-fix-start"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="tag-it-needs-pool-tag"]').text()).toContain('set it in the pools\' EC2 tags (step 3)');
  });

  it('on a new cluster prefills the cluster ID from the pool\'s tagged subnet and groups', async() => {
    const { wrapper } = await setUp(greenScenario(), { spec: { cloudCredentialSecretName: CREDENTIAL } });

    await settle(() => (wrapper.find('input[data-testid="verify-cluster-id"]').element as HTMLInputElement).value !== '');
    expect((wrapper.find('input[data-testid="verify-cluster-id"]').element as HTMLInputElement).value).toBe(CLUSTER_ID);
    expect(wrapper.text()).toContain('Prefilled from the tags already on this pool');
  });
});

describe('live verification of a custom cluster', () => {
  it('verifies the two role groups with a credential the user picks', async() => {
    endpoint = await startAwsEndpoint(greenScenario());
    proxy = await startMetaProxy(endpoint.url, CREDENTIAL);
    const store = createHostStore({
      proxyUrl:    proxy.url,
      getters:     hostStore.getters,
      credentials: [{
        id: CREDENTIAL, name: 'aws-prod', defaultRegion: 'us-east-1'
      }]
    });
    const wrapper = mount(LiveVerification, { props: { resource: { spec: {} }, kind: 'custom' }, global: { mocks: { $store: store } } });

    await settle();
    expect(wrapper.find('[data-testid="verify-all"]').exists()).toBe(false);
    wrapper.findComponent(CredentialChooser).vm.$emit('update:value', CREDENTIAL);
    await settle(() => wrapper.find('input[data-testid="verify-controlplane-profile"]').exists());

    expect((wrapper.find('input[data-testid="verify-region"]').element as HTMLInputElement).value).toBe('us-east-1');
    await wrapper.find('input[data-testid="verify-controlplane-profile"]').setValue(PROFILE);
    await wrapper.find('input[data-testid="verify-etcd-worker-profile"]').setValue('missing-profile');
    await wrapper.find('input[data-testid="verify-subnet"]').setValue('subnet-1');
    await wrapper.find('input[data-testid="verify-groups"]').setValue('sg-cluster');
    await wrapper.find('input[data-testid="verify-cluster-id"]').setValue(CLUSTER_ID);
    await verifyAll(wrapper);

    const statuses = await statusesOf(wrapper);

    // The missing profile's later checks stay in the report, as "could not verify" with the reason.
    expect(statuses['instance-profile.permissions']).toEqual(['unknown', 'pass']);
    expect(problemsOf(wrapper, 'instance-profile.permissions')).toEqual({ 'missing-profile': 'unknown' });
    expect(wrapper.find('[data-testid="finding-instance-profile.permissions"]').text()).toContain('Could not verify: the instance profile does not exist.');
    expect(statuses['subnet.cluster-tag']).toEqual(['pass']);
    expect(problemsOf(wrapper, 'instance-profile.exists')).toEqual({ 'missing-profile': 'fail' });
    expect(statuses['instance-profile.exists']).toEqual(['fail', 'pass']);
    // A custom cluster's nodes are not launched by this credential: no iam:PassRole verdict.
    expect(statuses['instance-profile.pass-role']).toBeUndefined();
  });
});
