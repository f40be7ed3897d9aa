import { mount, flushPromises } from '@vue/test-utils';
import { downloadFile } from '@shell/utils/download';
import PolicySnippet from '../guide/PolicySnippet.vue';
import { allowedActionsOf, policyForRoles, policyJson } from '../../domain/policies';
import { differenceFromRecommended, policyFor, recommendedPolicy } from '../../domain/recommended-policy';
import { ASSUMED_KUBERNETES_VERSION, KubeVersion, parseKubernetesVersion } from '../../domain/kubernetes-version';
import { awsCliSnippet } from '../../domain/snippets';

// Saving a file is the browser's job (file-saver); the test checks what would be saved.
jest.mock('@shell/utils/download', () => ({ downloadFile: jest.fn(() => Promise.resolve()) }));

const writeText = navigator.clipboard.writeText as jest.Mock;

beforeEach(() => writeText.mockClear());

const version = (text: string) => parseKubernetesVersion(text) as KubeVersion;

function buttonLabelled(wrapper: ReturnType<typeof mount>, label: string) {
  const button = wrapper.findAll('button').find((b) => b.text().trim() === label);

  if (!button) {
    throw new Error(`no button "${ label }"`);
  }

  return button;
}

const shownPolicy = (wrapper: ReturnType<typeof mount>) => JSON.parse(wrapper.find('[data-testid="policy-text"]').text());

describe('PolicySnippet', () => {
  it('shows the recommended policy for the assumed version by default, says so, and copies exactly that text', async() => {
    const wrapper = mount(PolicySnippet, { props: { roles: ['controlplane', 'worker'] } });
    const expected = policyJson(recommendedPolicy(['controlplane', 'worker'], version(ASSUMED_KUBERNETES_VERSION)));

    expect(wrapper.find('[data-testid="policy-text"]').text()).toBe(expected);
    expect(wrapper.find('[data-testid="policy-version"]').text()).toContain(`Kubernetes ${ ASSUMED_KUBERNETES_VERSION }.0, the version verdicts assume`);

    await wrapper.find('[data-testid="policy-copy"]').trigger('click');
    await flushPromises();

    expect(writeText).toHaveBeenCalledWith(expected);
  });

  it('generates the policy for the cluster\'s version and adds a feature when it is ticked', async() => {
    const wrapper = mount(PolicySnippet, { props: { roles: ['controlplane'], kubernetesVersion: 'v1.34.1+rke2r1' } });

    expect(wrapper.find('[data-testid="policy-version"]').text()).toBe('For Kubernetes 1.34.1.');
    expect(shownPolicy(wrapper)).toEqual(recommendedPolicy(['controlplane'], version('v1.34.1')));

    await wrapper.find('[data-testid="policy-feature-nlb"] .checkbox-container').trigger('click');
    await wrapper.find('[data-testid="policy-feature-ecr"] .checkbox-container').trigger('click');

    expect(shownPolicy(wrapper)).toEqual(recommendedPolicy(['controlplane'], version('v1.34.1'), ['nlb', 'ecr']));
    expect(allowedActionsOf(shownPolicy(wrapper))).toContain('elasticloadbalancing:ModifyTargetGroupAttributes');

    await wrapper.find('[data-testid="policy-feature-nlb"] .checkbox-container').trigger('click');
    expect(shownPolicy(wrapper)).toEqual(recommendedPolicy(['controlplane'], version('v1.34.1'), ['ecr']));
  });

  it('says a worker pool\'s NLB tick adds nothing: the controller runs on control-plane nodes', async() => {
    const wrapper = mount(PolicySnippet, { props: { roles: ['worker'], kubernetesVersion: 'v1.34.1' } });

    expect(wrapper.find('[data-testid="policy-feature-note"]').exists()).toBe(false);
    await wrapper.find('[data-testid="policy-feature-nlb"] .checkbox-container').trigger('click');
    expect(wrapper.find('[data-testid="policy-feature-note"]').text()).toContain('only on the control-plane nodes');
  });

  it('switches to the upstream list and names its difference to the recommended policy', async() => {
    const wrapper = mount(PolicySnippet, { props: { roles: ['controlplane'], kubernetesVersion: 'v1.33.5' } });

    expect(wrapper.find('[data-testid="policy-difference"]').text()).toContain('the ones the verification checks');
    expect(wrapper.findAll('[data-testid="policy-features"] input[type="checkbox"]')).toHaveLength(3);
    await buttonLabelled(wrapper, 'Upstream cloud-provider-aws').trigger('click');

    expect(shownPolicy(wrapper)).toEqual(policyForRoles(['controlplane'], 'upstream'));
    expect(wrapper.find('[data-testid="policy-features"]').exists()).toBe(false);
    const { added, lacking } = differenceFromRecommended(['controlplane'], 'upstream', { kubernetesVersion: 'v1.33.5' });
    const difference = wrapper.find('[data-testid="policy-difference"]').text();

    expect(lacking).toEqual([]);
    expect(difference).toBe(`Compared with the recommended policy, this one adds ${ added.length } actions: ${ added.join(', ') }.`);
    expect(difference).toContain('kms:DescribeKey');
  });

  it('names what Rancher\'s list lacks that the provider calls on this version', async() => {
    const wrapper = mount(PolicySnippet, { props: { roles: ['controlplane'], kubernetesVersion: 'v1.33.5' } });

    await buttonLabelled(wrapper, 'Rancher\'s policy').trigger('click');

    expect(shownPolicy(wrapper)).toEqual(policyForRoles(['controlplane'], 'rancher'));
    expect(wrapper.find('[data-testid="policy-difference"]').text()).toMatch(/, and lacks 2 actions: ec2:DescribeAvailabilityZones, elasticloadbalancing:DeregisterTargets\.$/);
  });

  it('grants out-of-tree workers nothing and says why', () => {
    const wrapper = mount(PolicySnippet, { props: { roles: ['etcd', 'worker'], kubernetesVersion: 'v1.33.5' } });

    expect(allowedActionsOf(shownPolicy(wrapper))).toEqual([]);
    expect(wrapper.find('[data-testid="policy-nothing-required"]').text()).toContain('need no action from the provider');
  });

  it('renders the AWS CLI recipe with the pool profile name and the recommended policy, and copies it', async() => {
    const wrapper = mount(PolicySnippet, {
      props: {
        roles: ['worker'], instanceProfileName: 'workers', kubernetesVersion: 'v1.26.15'
      }
    });

    await buttonLabelled(wrapper, 'AWS CLI').trigger('click');
    const expected = awsCliSnippet({
      roles: ['worker'], instanceProfileName: 'workers', variant: 'recommended', kubernetesVersion: 'v1.26.15', features: []
    });

    expect(wrapper.find('[data-testid="policy-text"]').text()).toBe(expected.trim());
    expect(expected).toContain(`aws iam create-instance-profile --instance-profile-name 'workers'`);
    expect(expected).toContain('ec2:DescribeInstances');
    await wrapper.find('[data-testid="policy-copy"]').trigger('click');
    await flushPromises();
    expect(writeText).toHaveBeenCalledWith(expected);
  });
});

it('downloads exactly the shown text under a name that says what it is', async() => {
  const wrapper = mount(PolicySnippet, { props: { roles: ['controlplane'], instanceProfileName: 'cp' } });

  await buttonLabelled(wrapper, 'Terraform').trigger('click');
  await wrapper.find('[data-testid="policy-download"]').trigger('click');

  expect(downloadFile).toHaveBeenLastCalledWith('cp-terraform.tf', `${ wrapper.find('[data-testid="policy-text"]').text() }\n`, 'text/plain;charset=utf-8');
  await buttonLabelled(wrapper, 'Policy JSON').trigger('click');
  await wrapper.find('[data-testid="policy-download"]').trigger('click');
  expect(downloadFile).toHaveBeenLastCalledWith('cp-policy.json', policyJson(policyFor(['controlplane'])), 'application/json');
});

it('folds a long text until asked for, and leaves a short one open', () => {
  const long = mount(PolicySnippet, { props: { roles: ['controlplane'], kubernetesVersion: 'v1.33.5+rke2r1' } });
  const short = mount(PolicySnippet, { props: { roles: ['worker'], kubernetesVersion: 'v1.33.5+rke2r1' } });

  expect(long.find('[data-testid="policy-details"]').attributes('open')).toBeUndefined();
  expect(long.find('[data-testid="policy-details"] summary').text()).toMatch(/^Show the text \(\d+ lines\)$/);
  expect(short.find('[data-testid="policy-details"]').attributes('open')).toBeDefined();
});
