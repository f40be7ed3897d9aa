import { mount, flushPromises } from '@vue/test-utils';
import { downloadFile } from '@shell/utils/download';
import PolicySnippet from '../guide/PolicySnippet.vue';
import { policyForRoles, policyJson } from '../../domain/policies';
import { awsCliSnippet } from '../../domain/snippets';

// Saving a file is the browser's job (file-saver); the test checks what would be saved.
jest.mock('@shell/utils/download', () => ({ downloadFile: jest.fn(() => Promise.resolve()) }));

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

it('downloads exactly the shown text under a name that says what it is', async() => {
  const wrapper = mount(PolicySnippet, { props: { roles: ['controlplane'], instanceProfileName: 'cp' } });

  await buttonLabelled(wrapper, 'Terraform').trigger('click');
  await wrapper.find('[data-testid="policy-download"]').trigger('click');

  expect(downloadFile).toHaveBeenLastCalledWith('cp-terraform.tf', `${ wrapper.find('[data-testid="policy-text"]').text() }\n`, 'text/plain;charset=utf-8');
  await buttonLabelled(wrapper, 'Policy JSON').trigger('click');
  await wrapper.find('[data-testid="policy-download"]').trigger('click');
  expect(downloadFile).toHaveBeenLastCalledWith('cp-policy.json', policyJson(policyForRoles(['controlplane'])), 'application/json');
});
