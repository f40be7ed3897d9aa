/**
 * @jest-environment node
 */
/**
 * `print-policy` end to end, the real CLI as users run it: the recommended policy per version,
 * roles and features (the verifier's own table), the published lists as alternatives, notes on stderr.
 */
import { execFile } from 'child_process';
import { join } from 'path';
import { PolicyDocument, allowedActionsOf, policyForRoles } from '@pkg/domain/policies';
import { recommendedPolicy } from '@pkg/domain/recommended-policy';
import { ASSUMED_KUBERNETES_VERSION, KubeVersion, parseKubernetesVersion } from '@pkg/domain/kubernetes-version';
import { checkPermissions } from '@pkg/domain/checks/role-permissions';
import { providerContext } from '@pkg/domain/provider';
import { PermissionsFact, ok } from '@pkg/domain/facts';
import { isolatedAwsEnv } from '@tests/setup/cli-env';

const BIN = join(__dirname, '..', '..', 'bin', 'aws-cloud-provider-check.js');

interface Run { code: number, stdout: string, stderr: string, policy?: PolicyDocument }

function printPolicy(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, 'print-policy', ...args], { env: isolatedAwsEnv(), timeout: 60000 }, (error, stdout, stderr) => {
      let policy;

      try {
        policy = JSON.parse(stdout);
      } catch {
        policy = undefined; // usage errors and --help print no JSON
      }
      resolve({
        code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr, policy
      });
    });
  });
}

const version = (text: string) => parseKubernetesVersion(text) as KubeVersion;
/** An EC2 action that changes something. */
const EC2_WRITE = /^ec2:(Create|Delete|Modify|Attach|Detach|Authorize|Revoke)/i;

it('prints the recommended policy for the version and roles, which our own check passes', async() => {
  const run = await printPolicy(['--kubernetes-version', 'v1.33.5+rke2r1', '--roles', 'controlplane,etcd']);

  expect(run.code).toBe(0);
  expect(run.stderr).toBe('');
  expect(run.policy).toEqual(recommendedPolicy(['controlplane', 'etcd'], version('v1.33.5')));

  const findings = checkPermissions('cp', 'arn:aws:iam::123456789012:role/cp', { roles: ['controlplane', 'etcd'], assumed: false }, ok<PermissionsFact>({ source: 'policies', policies: { identityPolicies: [run.policy as PolicyDocument] } }), providerContext({ kubernetesVersion: 'v1.33.5' }), 'us-east-1');

  expect(findings.find((f) => f.id === 'instance-profile.permissions')?.status).toBe('pass');
});

it('grants out-of-tree workers no EC2 write: a valid policy that grants nothing, and says so on stderr', async() => {
  const run = await printPolicy(['--kubernetes-version', 'v1.33.5', '--roles', 'worker']);

  expect(run.code).toBe(0);
  expect(allowedActionsOf(run.policy as PolicyDocument).filter((a) => EC2_WRITE.test(a))).toEqual([]);
  expect(allowedActionsOf(run.policy as PolicyDocument)).toEqual([]);
  expect(run.policy?.Statement).toEqual([{
    Sid: 'NothingRequired', Effect: 'Allow', NotAction: '*', Resource: '*'
  }]);
  expect(run.stderr).toContain('nodes with the roles worker need no action from the provider on Kubernetes 1.33.5');
});

it('gives in-tree workers the instance lookup every kubelet makes, and nothing more', async() => {
  const run = await printPolicy(['--kubernetes-version', '1.26', '--roles', 'worker']);

  expect(allowedActionsOf(run.policy as PolicyDocument)).toEqual(['ec2:DescribeInstances']);
  expect(run.stderr).toBe('');
});

it('adds the features asked for, repeatable or comma-separated', async() => {
  const repeated = await printPolicy(['--kubernetes-version', 'v1.34.0', '--roles', 'controlplane', '--feature', 'nlb', '--feature', 'ebs-csi', '--feature', 'ecr']);
  const listed = await printPolicy(['--kubernetes-version', 'v1.34.0', '--roles', 'controlplane', '--feature', 'ecr,nlb,ebs-csi']);

  expect(repeated.policy).toEqual(recommendedPolicy(['controlplane'], version('v1.34.0'), ['nlb', 'ebs-csi', 'ecr']));
  expect(listed.policy).toEqual(repeated.policy);
  expect(allowedActionsOf(repeated.policy as PolicyDocument)).toEqual(expect.arrayContaining(['elasticloadbalancing:ModifyTargetGroupAttributes', 'ec2:CreateVolume', 'ecr:BatchGetImage']));
  // A worker pool with ECR pulls still gets no EC2 write.
  expect(allowedActionsOf((await printPolicy(['--kubernetes-version', 'v1.33.5', '--roles', 'worker', '--feature', 'ecr'])).policy as PolicyDocument)).toEqual(['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetAuthorizationToken', 'ecr:GetDownloadUrlForLayer']);
});

it('assumes the default version without --kubernetes-version, and says so on stderr', async() => {
  const run = await printPolicy(['--roles', 'controlplane']);

  expect(run.policy).toEqual(recommendedPolicy(['controlplane'], version(ASSUMED_KUBERNETES_VERSION)));
  expect(run.stderr).toContain(`no --kubernetes-version: the policy is for Kubernetes ${ ASSUMED_KUBERNETES_VERSION }`);
});

it('prints Rancher\'s and upstream\'s lists as named alternatives, noting that version and features do not shape them', async() => {
  expect((await printPolicy(['--variant', 'rancher', '--roles', 'worker'])).policy).toEqual(policyForRoles(['worker'], 'rancher'));

  const upstream = await printPolicy(['--variant', 'upstream', '--roles', 'controlplane', '--kubernetes-version', 'v1.33.5']);

  expect(upstream.policy).toEqual(policyForRoles(['controlplane'], 'upstream'));
  expect(upstream.stderr).toContain('--variant upstream prints the published list as it is');
});

it.each([
  [['--feature', 'alb'], '--feature takes nlb, ebs-csi, ecr (not "alb")'],
  [['--kubernetes-version', 'latest'], '--kubernetes-version takes a version such as v1.33.5 (not "latest")'],
  [['--variant', 'aws'], '--variant takes recommended, rancher or upstream (not "aws")'],
])('rejects %j as a usage error', async(args, message) => {
  const run = await printPolicy(args);

  expect(run.code).toBe(2);
  expect(run.stderr).toContain(message);
  expect(run.stdout).toBe('');
});

it('documents the options in --help', async() => {
  const run = await printPolicy(['--help']);

  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/--kubernetes-version V/);
  expect(run.stdout).toMatch(/--feature F/);
  expect(run.stdout).toMatch(/recommended \(the default\)/);
});
