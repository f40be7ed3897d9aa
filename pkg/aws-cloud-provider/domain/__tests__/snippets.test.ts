import { load } from 'js-yaml';
import { awsCliSnippet, cloudFormationSnippet, terraformSnippet, defaultInstanceProfileName } from '../snippets';
import { ec2TrustPolicy, policyForRoles } from '../policies';
import { recommendedPolicy } from '../recommended-policy';
import { ASSUMED_KUBERNETES_VERSION, KubeVersion, parseKubernetesVersion } from '../kubernetes-version';

interface CloudFormationResource { Properties: Record<string, unknown> & { Policies?: { PolicyDocument: unknown }[] } }
interface CloudFormationTemplate { Resources: Record<string, CloudFormationResource> }

const input = {
  roles: ['controlplane' as const], instanceProfileName: 'cp-profile', roleName: 'cp-role'
};

/** The JSON documents passed in single quotes on the command line. */
function quotedJson(cli: string): unknown[] {
  return [...cli.matchAll(/'(\{.*?\})'/g)].map((m) => JSON.parse(m[1]));
}

describe('AWS CLI snippet', () => {
  it('creates the role with the trust policy, adds the pool policy, creates the profile and adds the role', () => {
    const cli = awsCliSnippet(input);
    const commands = cli.split('\n').filter((line) => line.startsWith('aws '));

    expect(commands.map((c) => c.split(' ').slice(0, 3).join(' '))).toEqual([
      'aws iam create-role', 'aws iam put-role-policy', 'aws iam create-instance-profile', 'aws iam add-role-to-instance-profile'
    ]);
    expect(quotedJson(cli)).toEqual([ec2TrustPolicy(), policyForRoles(['controlplane'])]);
    expect(cli).toContain(`--instance-profile-name 'cp-profile' --role-name 'cp-role'`);
  });

  it('names the role after the profile when no role name is given', () => {
    expect(awsCliSnippet({ roles: ['worker'], instanceProfileName: 'w' })).toContain(`create-role --role-name 'w'`);
  });
});

describe('CloudFormation snippet', () => {
  it('is YAML with the role, its policy and a profile that references the role', () => {
    const template = load(cloudFormationSnippet({ ...input, variant: 'upstream' })) as CloudFormationTemplate;

    expect(template.Resources.NodeRole.Properties.RoleName).toBe('cp-role');
    expect(template.Resources.NodeRole.Properties.AssumeRolePolicyDocument).toEqual(ec2TrustPolicy());
    expect(template.Resources.NodeRole.Properties.Policies?.[0].PolicyDocument).toEqual(policyForRoles(['controlplane'], 'upstream'));
    expect(template.Resources.NodeInstanceProfile.Properties).toEqual({ InstanceProfileName: 'cp-profile', Roles: [{ Ref: 'NodeRole' }] });
  });
});

describe('Terraform snippet', () => {
  it('holds the three resources with the names substituted and valid JSON heredocs', () => {
    const hcl = terraformSnippet({ roles: ['etcd', 'worker'], instanceProfileName: 'etcd-worker.nodes' });

    expect(hcl).toMatch(/resource "aws_iam_role" "etcd_worker_nodes" \{/);
    expect(hcl).toMatch(/resource "aws_iam_role_policy" "etcd_worker_nodes" \{/);
    expect(hcl).toMatch(/resource "aws_iam_instance_profile" "etcd_worker_nodes" \{\n {2}name = "etcd-worker.nodes"\n {2}role = aws_iam_role\.etcd_worker_nodes\.name/);
    const heredocs = [...hcl.matchAll(/<<-POLICY\n([\s\S]*?)\n\s*POLICY/g)].map((m) => JSON.parse(m[1]));

    expect(heredocs).toEqual([ec2TrustPolicy(), policyForRoles(['etcd', 'worker'])]);
    expect(hcl.split('{').length).toBe(hcl.split('}').length);
  });
});

it('derives a default profile name from the roles', () => {
  expect(defaultInstanceProfileName(['etcd', 'worker'])).toBe('rancher-etcd-worker');
});

describe('recipes with the recommended policy', () => {
  it('give the role the recommended policy for the cluster\'s version and features, in every format', () => {
    const recommended = {
      roles: ['controlplane' as const], instanceProfileName: 'cp', variant: 'recommended' as const, kubernetesVersion: 'v1.34.1+rke2r1', features: ['nlb' as const]
    };
    const expected = recommendedPolicy(['controlplane'], parseKubernetesVersion('v1.34.1') as KubeVersion, ['nlb']);
    const template = load(cloudFormationSnippet(recommended)) as CloudFormationTemplate;
    const heredocs = [...terraformSnippet(recommended).matchAll(/<<-POLICY\n([\s\S]*?)\n\s*POLICY/g)].map((m) => JSON.parse(m[1]));

    expect(quotedJson(awsCliSnippet(recommended))[1]).toEqual(expected);
    expect(template.Resources.NodeRole.Properties.Policies?.[0].PolicyDocument).toEqual(expected);
    expect(heredocs[1]).toEqual(expected);
    expect(JSON.stringify(expected)).toContain('elasticloadbalancing:ModifyTargetGroupAttributes');
  });

  it('use the assumed version when none is given', () => {
    expect(quotedJson(awsCliSnippet({
      roles: ['controlplane'], instanceProfileName: 'cp', variant: 'recommended'
    }))[1])
      .toEqual(recommendedPolicy(['controlplane'], parseKubernetesVersion(ASSUMED_KUBERNETES_VERSION) as KubeVersion));
  });
});
