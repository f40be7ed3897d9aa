import { mount, flushPromises } from '@vue/test-utils';
import PolicySnippet from '../guide/PolicySnippet.vue';
import { policyForRoles, policyJson } from '../../domain/policies';
import { awsCliSnippet } from '../../domain/snippets';

const writeText = navigator.clipboard.writeText as jest.Mock;

beforeEach(() => writeText.mockClear());

function buttonLabelled(wrapper: ReturnType<typeof mount>, label: string) {
  const button = wrapper.findAll('button').find((b) => b.text().trim() === label);

  if (!button) {
    throw new Error(`no button "${ label }"`);
  }

  return button;
}

describe('PolicySnippet', () => {
  it('shows the policy JSON for the roles and copies exactly that text', async() => {
    const wrapper = mount(PolicySnippet, { props: { roles: ['controlplane', 'worker'] } });
    const expected = policyJson(policyForRoles(['controlplane', 'worker']));

    expect(wrapper.find('[data-testid="policy-text"]').text()).toBe(expected);

    await wrapper.find('[data-testid="policy-copy"]').trigger('click');
    await flushPromises();

    expect(writeText).toHaveBeenCalledWith(expected);
  });

  it('switches to the upstream variant and names what it adds', async() => {
    const wrapper = mount(PolicySnippet, { props: { roles: ['controlplane'] } });

    expect(wrapper.find('[data-testid="policy-difference"]').text()).toContain('ec2:DescribeInstanceTopology');
    await buttonLabelled(wrapper, 'Upstream cloud-provider-aws').trigger('click');

    expect(JSON.parse(wrapper.find('[data-testid="policy-text"]').text())).toEqual(policyForRoles(['controlplane'], 'upstream'));
  });

  it('says the variants agree for etcd and worker pools', () => {
    const wrapper = mount(PolicySnippet, { props: { roles: ['etcd', 'worker'] } });

    expect(wrapper.find('[data-testid="policy-difference"]').text()).toBe('Both variants give the same policy for these roles.');
  });

  it('renders the AWS CLI recipe with the pool profile name and copies it', async() => {
    const wrapper = mount(PolicySnippet, { props: { roles: ['worker'], instanceProfileName: 'workers' } });

    await buttonLabelled(wrapper, 'AWS CLI').trigger('click');
    const expected = awsCliSnippet({ roles: ['worker'], instanceProfileName: 'workers' });

    expect(wrapper.find('[data-testid="policy-text"]').text()).toBe(expected.trim());
    expect(expected).toContain(`aws iam create-instance-profile --instance-profile-name 'workers'`);
    await wrapper.find('[data-testid="policy-copy"]').trigger('click');
    await flushPromises();
    expect(writeText).toHaveBeenCalledWith(expected);
  });
});
