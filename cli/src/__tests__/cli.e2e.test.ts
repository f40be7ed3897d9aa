/**
 * @jest-environment node
 */
import { execFile } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { createServer, request } from 'http';
import { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { load } from 'js-yaml';
import { startAwsEndpoint, AwsEndpoint } from '@local/aws-endpoint/server';
import { Scenario } from '@local/aws-endpoint/scenario';
import {
  GreenScenario, greenScenario, tagsOf, CLUSTER_ID, CLUSTER_KEY, PROFILE, ROLE
} from '@local/aws-endpoint/fixtures';
import { PolicyDocument, policyForRoles } from '@pkg/domain/policies';
import { recommendedPolicy } from '@pkg/domain/recommended-policy';
import { KubeVersion, parseKubernetesVersion } from '@pkg/domain/kubernetes-version';
import { snippet } from '@pkg/domain/snippets';
import { isolatedAwsEnv } from '@tests/setup/cli-env';
import { ZONE_PARTITIONS } from '@pkg/aws/gather';

/** The CLI end to end: arguments → real @aws-sdk clients → HTTP → the local endpoint. */

const BIN = join(__dirname, '..', '..', 'bin', 'aws-cloud-provider-check.js');

interface Run { code: number, stdout: string, stderr: string, json?: unknown }

/** A finding of `check --output json`, as the tests read it. */
interface JsonFinding { id: string, status: string, resource: string, message: string, rule: string, details?: string[], fix?: unknown }

/** `check --output json`. */
interface JsonReport { clusterId: string, region: string, summary: Record<string, number>, checks: JsonFinding[] }

/** The run's output as the report it must be. */
function reportOf(run: Run): JsonReport {
  expect(run.json).toBeDefined();

  return run.json as JsonReport;
}

function runCli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], {
      env:       isolatedAwsEnv(env),
      timeout:   60000,
      maxBuffer: 256 * 1024 * 1024,
    }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      let json;

      try {
        json = JSON.parse(stdout);
      } catch {
        json = undefined; // not JSON: tests of the table and of usage errors read stdout/stderr
      }
      resolve({
        code, stdout, stderr, json
      });
    });
  });
}

let endpoint: AwsEndpoint;

/** Runs the CLI against a fresh endpoint serving `scenario`; the run carries that endpoint's request log. */
async function check(scenario: Scenario, extra: string[] = [], options: { profile?: string | null } = {}): Promise<Run & { requests: AwsEndpoint['requests'] }> {
  const server = await startAwsEndpoint(scenario);
  const profile = options.profile === undefined ? PROFILE : options.profile;

  try {
    return {
      ...await runCli([
        '--json', '--region', 'us-east-1', '--cluster-id', CLUSTER_ID, '--endpoint-url', server.url,
        '--subnet-id', 'subnet-1', '--security-group-id', 'sg-cluster',
        ...(profile === null ? [] : ['--instance-profile', profile]), ...extra,
      ]),
      requests: server.requests
    };
  } finally {
    await server.close();
  }
}

function findings(run: Run, id: string, resource?: string): JsonFinding[] {
  return reportOf(run).checks.filter((c) => c.id === id && (!resource || c.resource === resource));
}

function only(run: Run, id: string, resource?: string): JsonFinding {
  const list = findings(run, id, resource);

  expect(list).toHaveLength(1);

  return list[0];
}

const withInlinePolicy = (policy: PolicyDocument, mutate?: (s: GreenScenario) => void): Scenario => {
  const scenario = greenScenario();

  scenario.roles[0].InlinePolicies = { 'cloud-provider': policy };
  mutate?.(scenario);

  return scenario;
};

describe('aws-cloud-provider-check end to end', () => {
  it('passes a correct account and prints the documented JSON shape', async() => {
    // "All pass" needs the version and the control-plane nodes: otherwise provider.context warns that they were assumed.
    const run = await check(greenScenario(), ['--kubernetes-version', 'v1.30.2+rke2r1', '--control-plane-instance', 'i-0000000000000001']);

    expect(run.code).toBe(0);
    expect(Object.keys(reportOf(run))).toEqual(['clusterId', 'region', 'summary', 'checks']);
    expect(reportOf(run).clusterId).toBe(CLUSTER_ID);
    expect(reportOf(run).summary).toEqual({
      pass: reportOf(run).checks.length, warn: 0, fail: 0, unknown: 0
    });

    // Without them the verdicts still pass, but the report says what it assumed.
    const assumed = await check(greenScenario());

    expect(only(assumed, 'provider.context')).toMatchObject({
      status: 'warn', resource: 'Kubernetes 1.32.0', message: expect.stringContaining('No Kubernetes version was given')
    });
    expect(reportOf(assumed).summary).toEqual({
      pass: reportOf(assumed).checks.length - 1, warn: 1, fail: 0, unknown: 0
    });
    expect(assumed.code).toBe(0);
    expect(reportOf(run).checks.map((c) => c.id)).toEqual(expect.arrayContaining([
      'cluster-id', 'provider.context', 'instance-profile.name', 'instance-profile.exists', 'instance-profile.role', 'instance-profile.trust', 'instance-profile.permissions',
      'instance-profile.optional-permissions', 'security-groups', 'subnet.cluster-tag', 'subnets.load-balancer', 'subnets.node-zones',
      'instance.cluster-tag', 'instance.cluster-id', 'instance.instance-profile', 'instance.security-groups', 'instance.metadata', 'instance.vpc',
    ]));
    expect(only(run, 'provider.context')).toMatchObject({ status: 'pass', resource: 'Kubernetes 1.30.2' });
    for (const c of reportOf(run).checks) {
      expect(Object.keys(c)).toEqual(expect.arrayContaining(['id', 'status', 'resource', 'message', 'rule']));
      expect(c.message).not.toMatch(/%awsCloudProvider/);
    }
  });

  it('fails an instance with two cluster tags', async() => {
    const scenario = greenScenario();

    tagsOf(scenario.instances[0]).push({ Key: 'kubernetes.io/cluster/c-m-second', Value: 'owned' });
    // In-tree (before 1.27) every kubelet reads the ID from its own instance: it fails there.
    const run = await check(scenario, ['--kubernetes-version', 'v1.26.15']);

    expect(run.code).toBe(1);
    expect(only(run, 'instance.cluster-id', 'i-0000000000000001')).toMatchObject({ status: 'fail', message: expect.stringContaining('Found multiple cluster tags') });
    expect(only(run, 'instance.cluster-id', 'i-0000000000000002').status).toBe('pass');

    // Out-of-tree (1.27+) the cloud-controller-manager's host (a control-plane node) reads it: it fails there...
    const onControlPlane = await check(scenario, ['--kubernetes-version', 'v1.30.1+rke2r1', '--control-plane-instance', 'i-0000000000000001']);

    expect(only(onControlPlane, 'instance.cluster-id', 'i-0000000000000001')).toMatchObject({ status: 'fail', message: expect.stringContaining('Found multiple cluster tags') });
    expect(onControlPlane.code).toBe(1);

    // ...and is only a warning on other nodes.
    const outOfTree = await check(scenario, ['--kubernetes-version', 'v1.30.1+rke2r1', '--control-plane-instance', 'i-0000000000000002']);

    expect(only(outOfTree, 'instance.cluster-id', 'i-0000000000000001')).toMatchObject({ status: 'warn', fix: expect.stringContaining('stops the cloud-controller-manager') });

    // Without a version or control-plane hint (1.32 assumed, out-of-tree) it cannot be decided: never green, never a false failure.
    expect(only(await check(scenario), 'instance.cluster-id', 'i-0000000000000001')).toMatchObject({ status: 'unknown', message: expect.stringContaining('if the provider runs here') });
  });

  it('fails a legacy KubernetesCluster tag that disagrees', async() => {
    const scenario = greenScenario();

    tagsOf(scenario.instances[1]).push({ Key: 'KubernetesCluster', Value: 'old-cluster' });
    // In-tree every node reads it; out-of-tree the control-plane node does.
    const inTree = await check(scenario, ['--kubernetes-version', 'v1.26.15']);

    expect(only(inTree, 'instance.cluster-id', 'i-0000000000000002')).toMatchObject({ status: 'fail', message: expect.stringContaining('clusterID tags did not match') });
    const run = await check(scenario, ['--kubernetes-version', 'v1.30.1', '--control-plane-instance', 'i-0000000000000002']);

    expect(only(run, 'instance.cluster-id', 'i-0000000000000002')).toMatchObject({ status: 'fail', message: expect.stringContaining('clusterID tags did not match') });
    expect(run.code).toBe(1);
  });

  it('fails an untagged node and gives the create-tags command', async() => {
    const scenario = greenScenario();

    scenario.instances[1].Tags = [{ Key: 'Name', Value: 'x' }];
    const run = await check(scenario, ['--instance-id', 'i-0000000000000002']);

    expect(only(run, 'instance.cluster-tag', 'i-0000000000000002')).toMatchObject({ status: 'fail', fix: expect.stringContaining(`aws ec2 create-tags --region us-east-1 --resources i-0000000000000002 --tags Key=${ CLUSTER_KEY },Value=owned`) });
    expect(only(run, 'instance.cluster-id', 'i-0000000000000002').message).toContain('AWS cloud failed to find ClusterID');
  });

  it('fails a node with two tagged groups, and the pool groups likewise', async() => {
    const scenario = greenScenario();

    scenario.securityGroups[1].Tags = [{ Key: CLUSTER_KEY, Value: 'shared' }];
    const run = await check(scenario, ['--security-group-id', 'sg-extra']);

    expect(only(run, 'instance.security-groups', 'i-0000000000000001')).toMatchObject({ status: 'fail', message: expect.stringContaining('Multiple tagged security groups found for instance') });
    expect(only(run, 'security-groups').status).toBe('fail');
  });

  it('fails a node with two untagged groups and warns on one untagged group', async() => {
    const scenario = greenScenario();

    scenario.securityGroups[0].Tags = [];
    scenario.instances[1].SecurityGroups = [{ GroupId: 'sg-cluster', GroupName: 'rancher-nodes' }];
    const run = await check(scenario);

    expect(only(run, 'instance.security-groups', 'i-0000000000000001')).toMatchObject({ status: 'fail', message: expect.stringContaining('Multiple untagged security groups') });
    expect(only(run, 'instance.security-groups', 'i-0000000000000002')).toMatchObject({ status: 'warn', fix: expect.stringContaining('--resources sg-cluster') });
    expect(run.code).toBe(1);
  });

  it('counts a group tagged only for another cluster as untagged', async() => {
    const scenario = greenScenario();

    scenario.instances[0].SecurityGroups = [{ GroupId: 'sg-other', GroupName: 'other-cluster' }, { GroupId: 'sg-extra', GroupName: 'ssh' }];
    const run = await check(scenario);

    expect(only(run, 'instance.security-groups', 'i-0000000000000001').message).toContain('Multiple untagged security groups');
  });

  // A node's subnet tagged only for another cluster fails no node, only load-balancer placement (spec):
  // subnet.cluster-tag warns; subnets.load-balancer says whether placement fails.
  it('warns on a subnet tagged only for another cluster and on an untagged one, by version', async() => {
    const scenario = greenScenario();

    scenario.subnets[0].Tags = [{ Key: 'kubernetes.io/cluster/c-m-other', Value: 'shared' }];
    scenario.subnets.push({
      SubnetId: 'subnet-2', VpcId: 'vpc-1', Tags: []
    });
    const known = ['--control-plane-instance', 'i-0000000000000001'];
    const run = await check(scenario, ['--subnet-id', 'subnet-2', '--kubernetes-version', 'v1.30.1', ...known]);

    expect(only(run, 'subnet.cluster-tag', 'subnet-1')).toMatchObject({ status: 'warn', message: expect.stringContaining('tagged only for other clusters (c-m-other)') });
    expect(only(run, 'subnet.cluster-tag', 'subnet-2')).toMatchObject({ status: 'warn', message: expect.stringContaining('still places load balancers in it') });
    expect(run.code).toBe(0);
    // Untagged subnets are candidates from 1.19.10 (1.20.6, 1.21.0), not before.
    const eligible = await check(scenario, ['--subnet-id', 'subnet-2', '--kubernetes-version', 'v1.19.10', ...known]);

    expect(only(eligible, 'subnet.cluster-tag', 'subnet-2').message).toContain('still places load balancers in it');
    const old = await check(scenario, ['--subnet-id', 'subnet-2', '--kubernetes-version', 'v1.19.9', ...known]);

    expect(only(old, 'subnet.cluster-tag', 'subnet-2')).toMatchObject({ status: 'warn', message: expect.stringContaining('only in tagged subnets') });
    // Then only subnet-public-b (us-east-1b) is left for load balancers: one zone.
    expect(only(old, 'subnets.load-balancer', 'vpc-1')).toMatchObject({ status: 'warn', message: expect.stringContaining('one zone only (us-east-1b)') });
  });

  // Internet-facing is the default scheme: with no public candidate a LoadBalancer Service fails (spec).
  it('fails when internet-facing load balancers would find no public subnet', async() => {
    const scenario = greenScenario();

    scenario.routeTables[0].Routes = [{ GatewayId: 'local' }];
    const run = await check(scenario);

    expect(only(run, 'subnets.load-balancer', 'vpc-1')).toMatchObject({ status: 'fail', message: expect.stringContaining('could not find any suitable subnets for creating the ELB') });
    expect(run.code).toBe(1);
    expect(only(await check(greenScenario()), 'subnets.load-balancer', 'vpc-1')).toMatchObject({ status: 'pass', message: expect.stringContaining('internet-facing us-east-1a, us-east-1b') });
  });

  it('warns on the tag value banana', async() => {
    const scenario = greenScenario();

    tagsOf(scenario.instances[0])[0].Value = 'banana';
    tagsOf(scenario.securityGroups[0])[0].Value = 'banana';
    const run = await check(scenario);

    expect(only(run, 'tag.value', 'i-0000000000000001')).toMatchObject({ status: 'warn', message: expect.stringContaining('"banana"') });
    // The nodes' tagged group is reported once, though the pool lists it and both nodes use it.
    expect(only(run, 'tag.value', 'sg-cluster').status).toBe('warn');
    expect(only(run, 'instance.cluster-tag', 'i-0000000000000001').status).toBe('pass');
    expect(run.code).toBe(0);
  });

  it('fails an ARN given as the profile name and offers the name', async() => {
    const run = await check(greenScenario(), [], { profile: `arn:aws:iam::123456789012:instance-profile/${ PROFILE }` });

    const arn = `arn:aws:iam::123456789012:instance-profile/${ PROFILE }`;

    expect(only(run, 'instance-profile.name')).toMatchObject({ status: 'fail', fix: `Enter "${ PROFILE }" instead.` });
    // Its later checks stay in the report as "could not verify", with the reason.
    for (const id of ['instance-profile.exists', 'instance-profile.role', 'instance-profile.permissions']) {
      expect(only(run, id, arn)).toMatchObject({ status: 'unknown', message: 'Could not verify: the instance profile name is not valid.' });
    }
    // The profile the nodes really use is verified in its own right.
    expect(only(run, 'instance-profile.exists', PROFILE).status).toBe('pass');
    expect(run.code).toBe(1);
  });

  it('fails a missing profile and recognises a role name entered instead', async() => {
    const missing = await check(greenScenario(), [], { profile: 'nope' });

    expect(only(missing, 'instance-profile.exists', 'nope')).toMatchObject({ status: 'fail', message: expect.stringContaining('There is no instance profile named "nope"') });
    // The later checks stay in the report, as "could not verify" with the reason.
    expect(only(missing, 'instance-profile.permissions', 'nope')).toMatchObject({ status: 'unknown', message: 'Could not verify: the instance profile does not exist.' });
    // The nodes' own profile is verified too.
    expect(only(missing, 'instance-profile.exists', PROFILE).status).toBe('pass');

    const roleName = await check(greenScenario(), [], { profile: ROLE });

    expect(only(roleName, 'instance-profile.exists', ROLE).fix).toContain(`add-role-to-instance-profile --instance-profile-name ${ ROLE } --role-name ${ ROLE }`);
    expect(only(roleName, 'instance-profile.exists', ROLE).message).toContain(`is a role, not an instance profile. Enter the name of an instance profile that holds the role (its profiles: ${ PROFILE })`);
  });

  it('checks iam:PassRole for the launching credential when asked', async() => {
    const denied = greenScenario();

    denied.callerSimulation = { 'iam:PassRole': 'implicitDeny' };
    const run = await check(denied, ['--check-pass-role']);

    expect(only(run, 'instance-profile.pass-role')).toMatchObject({ status: 'fail', message: expect.stringContaining('arn:aws:iam::123456789012:user/rancher may not pass this role') });
    expect(findings(await check(denied), 'instance-profile.pass-role')).toHaveLength(0);

    const roleSession = greenScenario();

    delete roleSession.caller;
    expect(only(await check(roleSession, ['--check-pass-role']), 'instance-profile.pass-role').status).toBe('unknown');
  });

  it('verifies the other profile a node uses (control-plane and worker profiles differ)', async() => {
    const scenario = greenScenario();

    scenario.instances[1].InstanceProfile = 'rancher-workers';
    scenario.instanceProfiles.push({ InstanceProfileName: 'rancher-workers', Roles: ['rancher-workers-role'] });
    scenario.roles.push({
      RoleName: 'rancher-workers-role', AssumeRolePolicyDocument: scenario.roles[0].AssumeRolePolicyDocument, InlinePolicies: { 'cloud-provider': policyForRoles(['etcd', 'worker'], 'upstream') }
    });
    const run = await check(scenario, ['--kubernetes-version', 'v1.30.1', '--control-plane-instance', 'i-0000000000000001']);

    expect(only(run, 'instance.instance-profile', 'i-0000000000000002')).toMatchObject({ status: 'pass', message: expect.stringContaining('uses the instance profile rancher-workers; the profile and its role are verified in this report') });
    // The other profile gets its own chain: it exists, holds one role that EC2 may assume, and the role has
    // what an out-of-tree worker needs (nothing from the provider).
    expect(only(run, 'instance-profile.exists', 'rancher-workers').status).toBe('pass');
    expect(only(run, 'instance-profile.role', 'rancher-workers').status).toBe('pass');
    expect(only(run, 'instance-profile.trust', 'rancher-workers-role').status).toBe('pass');
    expect(only(run, 'instance-profile.permissions', 'rancher-workers-role').status).toBe('pass');
    expect(run.code).toBe(0);

    scenario.instances[1].InstanceProfile = undefined;
    expect(only(await check(scenario), 'instance.instance-profile', 'i-0000000000000002').status).toBe('fail');
  });

  it('fails a role whose trust policy does not let EC2 assume it', async() => {
    const scenario = greenScenario();

    scenario.roles[0].AssumeRolePolicyDocument = {
      Version:   '2012-10-17',
      Statement: [{
        Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole'
      }]
    };
    const run = await check(scenario);

    expect(only(run, 'instance-profile.trust')).toMatchObject({ status: 'fail', fix: expect.stringContaining('aws iam update-assume-role-policy') });
  });

  it('passes a policy with ec2:* only for the EC2 part', async() => {
    const run = await check(withInlinePolicy({
      Version:   '2012-10-17',
      Statement: [{
        Effect: 'Allow', Action: ['ec2:*', 'ecr:*', 'elasticloadbalancing:*', 'autoscaling:Describe*', 'iam:CreateServiceLinkedRole', 'kms:DescribeKey'], Resource: '*'
      }]
    }));

    expect(only(run, 'instance-profile.permissions').status).toBe('pass');
  });

  it('fails a policy with ec2:Describe* only, listing what is missing', async() => {
    const run = await check(withInlinePolicy({
      Version:   '2012-10-17',
      Statement: [{
        Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*'
      }]
    }), ['--roles', 'controlplane']);
    const finding = only(run, 'instance-profile.permissions');

    expect(finding.status).toBe('fail');
    expect(finding.message).toMatch(/^The role lacks \d+ of the \d+ actions/);
    expect(finding.details).toContain('ec2:CreateTags');
    expect(finding.details).toContain('elasticloadbalancing:CreateLoadBalancer');
    expect(finding.details).not.toContain('ec2:DescribeInstances');
  });

  it('lets a Deny override an Allow', async() => {
    // A required action (the controller creates load-balancer security groups): missing fails.
    const run = await check(withInlinePolicy(policyForRoles(['controlplane', 'etcd', 'worker'], 'upstream'), (s) => {
      s.roles[0].InlinePolicies.guard = {
        Version:   '2012-10-17',
        Statement: [{
          Effect: 'Deny', Action: 'ec2:CreateSecurityGroup', Resource: '*'
        }]
      };
    }));

    expect(only(run, 'instance-profile.permissions')).toMatchObject({
      // A few missing actions are named in the message itself, not only in details.
      status: 'fail', message: expect.stringContaining('lacks ec2:CreateSecurityGroup,'), details: ['ec2:CreateSecurityGroup']
    });

    // A volume action only Rancher's docs list (the out-of-tree provider never calls it): a warning that names what it serves.
    const volumes = await check(withInlinePolicy(policyForRoles(['controlplane', 'etcd', 'worker'], 'upstream'), (s) => {
      s.roles[0].InlinePolicies.guard = {
        Version:   '2012-10-17',
        Statement: [{
          Effect: 'Deny', Action: 'ec2:CreateVolume', Resource: '*'
        }]
      };
    }));

    expect(only(volumes, 'instance-profile.permissions').status).toBe('pass');
    expect(only(volumes, 'instance-profile.optional-permissions')).toMatchObject({
      status: 'warn', message: expect.stringContaining('volume action'), details: ['ec2:CreateVolume']
    });
  });

  it('honours NotAction', async() => {
    // kms:DescribeKey is only in Rancher's docs (encrypted EBS volumes): a warning, not a failure.
    const run = await check(withInlinePolicy({
      Version:   '2012-10-17',
      Statement: [{
        Effect: 'Allow', NotAction: 'kms:*', Resource: '*'
      }]
    }));

    expect(only(run, 'instance-profile.permissions').status).toBe('pass');
    expect(only(run, 'instance-profile.optional-permissions')).toMatchObject({ status: 'warn', details: ['kms:DescribeKey'] });

    // The controller's load-balancer actions are required: NotAction on them fails.
    const elb = await check(withInlinePolicy({
      Version:   '2012-10-17',
      Statement: [{
        Effect: 'Allow', NotAction: 'elasticloadbalancing:*', Resource: '*'
      }]
    }));

    expect(only(elb, 'instance-profile.permissions')).toMatchObject({ status: 'fail', details: expect.arrayContaining(['elasticloadbalancing:CreateLoadBalancer']) });
    expect(only(elb, 'instance-profile.permissions').details).not.toContain('ec2:CreateTags');
  });

  it('cannot verify a conditional Allow', async() => {
    const policy = policyForRoles(['controlplane', 'etcd', 'worker'], 'upstream');

    policy.Statement[0].Condition = { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } };
    const run = await check(withInlinePolicy(policy));

    expect(only(run, 'instance-profile.permissions').status).toBe('unknown');
    expect(run.code).toBe(3);
  });

  it('applies a permission boundary that cuts an action, read from managed policies', async() => {
    const run = await check(withInlinePolicy({ Version: '2012-10-17', Statement: [] }, (s) => {
      s.roles[0].InlinePolicies = {};
      s.roles[0].AttachedPolicies = ['arn:aws:iam::123456789012:policy/nodes'];
      s.roles[0].PermissionsBoundary = 'arn:aws:iam::123456789012:policy/boundary';
      s.policies = [
        {
          Arn: 'arn:aws:iam::123456789012:policy/nodes', DefaultVersionId: 'v3', Document: policyForRoles(['controlplane', 'etcd', 'worker'], 'upstream')
        },
        // The boundary cuts the required load-balancer actions and the optional iam:CreateServiceLinkedRole.
        {
          Arn:      'arn:aws:iam::123456789012:policy/boundary',
          Document: {
            Version:   '2012-10-17',
            Statement: [{
              Effect: 'Allow', NotAction: ['iam:*', 'elasticloadbalancing:*'], Resource: '*'
            }]
          }
        },
      ];
    }));

    // A boundary that allows an action on no resource leaves it missing, not "allowed on specific resources".
    expect(only(run, 'instance-profile.permissions')).toMatchObject({ status: 'fail', details: expect.arrayContaining(['elasticloadbalancing:CreateLoadBalancer']) });
    expect(findings(run, 'instance-profile.optional-permissions').find((f) => (f.details || []).includes('iam:CreateServiceLinkedRole'))).toMatchObject({ status: 'warn' });
  });

  it('uses AWS policy simulation when the credential may call it', async() => {
    const scenario = greenScenario();

    scenario.simulation = { default: 'allowed', decisions: { 'ec2:DescribeInstanceTopology': 'implicitDeny' } };
    endpoint = await startAwsEndpoint(scenario);
    try {
      const run = await runCli(['--json', '--region', 'us-east-1', '--cluster-id', CLUSTER_ID, '--endpoint-url', endpoint.url, '--instance-profile', PROFILE]);

      // ec2:DescribeInstanceTopology is optional (the provider tolerates its denial): required ones pass, the optional tier warns.
      expect(only(run, 'instance-profile.permissions')).toMatchObject({ status: 'pass', message: expect.stringContaining("AWS's policy simulator") });
      expect(only(run, 'instance-profile.optional-permissions')).toMatchObject({ status: 'warn', details: ['ec2:DescribeInstanceTopology'] });
      // Two simulations of the role: Describe calls on "*", the others on sample ARNs of the resources they act on.
      const simulations = endpoint.requests.filter((r) => r.action === 'SimulatePrincipalPolicy');

      expect(simulations).toHaveLength(2);
      expect(simulations.map((r) => r.params['ResourceArns.member.1'])).toContain('*');
      expect(simulations.some((r) => Object.entries(r.params).some(([key, value]) => key.startsWith('ResourceArns.member.') && value === 'arn:aws:ec2:us-east-1:123456789012:security-group/*'))).toBe(true);
      expect(endpoint.requests.some((r) => r.action === 'GetRolePolicy')).toBe(false);
    } finally {
      await endpoint.close();
    }
  });

  it('says "could not verify" with the AWS error code on AccessDenied, and exits 3', async() => {
    const scenario = greenScenario();

    scenario.errors = [{
      action: 'GetInstanceProfile', code: 'AccessDenied', status: 403, message: 'not authorized to perform: iam:GetInstanceProfile'
    }];
    const run = await check(scenario);

    expect(only(run, 'instance-profile.exists')).toMatchObject({ status: 'unknown', message: expect.stringContaining('the credential lacks iam:GetInstanceProfile (GetInstanceProfile failed with AccessDenied') });
    expect(run.code).toBe(3);
  });

  it('never passes on missing EC2 data', async() => {
    const scenario = greenScenario();

    scenario.errors = [{
      action: 'DescribeInstances', code: 'UnauthorizedOperation', status: 403
    }];
    const run = await check(scenario);

    expect(only(run, 'instance.cluster-tag')).toMatchObject({ status: 'unknown', message: expect.stringContaining('UnauthorizedOperation') });
    expect(run.code).toBe(3);
  });

  it('recovers from throttling by retrying', async() => {
    const scenario = greenScenario();

    scenario.errors = [{
      action: 'DescribeSecurityGroups', code: 'RequestLimitExceeded', status: 503, times: 2
    }, {
      action: 'GetRole', code: 'Throttling', status: 400, times: 1
    }];
    endpoint = await startAwsEndpoint(scenario);
    try {
      const run = await runCli(['--json', '--region', 'us-east-1', '--cluster-id', CLUSTER_ID, '--endpoint-url', endpoint.url, '--instance-profile', PROFILE, '--security-group-id', 'sg-cluster']);

      expect(run.code).toBe(0);
      expect(endpoint.requests.filter((r) => r.action === 'GetRole').length).toBe(2);
    } finally {
      await endpoint.close();
    }
  });

  it('reports a server error, a timeout and malformed XML as could not verify', async() => {
    for (const error of [{ code: 'InternalError', status: 500 }, { kind: 'timeout' as const }, { kind: 'malformed' as const }]) {
      const scenario = greenScenario();

      scenario.errors = [{ action: 'DescribeSubnets', ...error }];
      const run = await check(scenario, ['--timeout', '1']);

      expect({ error, status: only(run, 'subnet.cluster-tag').status }).toEqual({ error, status: 'unknown' });
    }
  });

  it('reads the endpoint from AWS_ENDPOINT_URL', async() => {
    endpoint = await startAwsEndpoint(greenScenario());
    try {
      const run = await runCli(['--json', '--region', 'us-east-1', '--cluster-id', CLUSTER_ID], { AWS_ENDPOINT_URL: endpoint.url });

      expect(run.code).toBe(0);
      expect(endpoint.requests.length).toBeGreaterThan(0);
    } finally {
      await endpoint.close();
    }
  });

  it('follows every page of 5,000 tagged instances', async() => {
    const scenario = greenScenario();
    const template = scenario.instances[0];

    scenario.instances = Array.from({ length: 5000 }, (_, n) => ({ ...template, InstanceId: `i-${ String(n).padStart(17, '0') }` }));
    const run = await check(scenario);

    expect(findings(run, 'instance.cluster-tag')).toHaveLength(5000);
    expect(reportOf(run).summary.fail).toBe(0);
    const pages = run.requests.filter((r) => r.action === 'DescribeInstances' && r.params['Filter.1.Name'] === 'tag-key');

    // The first page, unpartitioned, shows more: then one page chain per zone partition, side by side.
    // Zone a holds all 5,000 (5 pages, split by instance ID in two chains); the other partitions are empty.
    expect(pages[0].params['Filter.3.Name']).toBeUndefined();
    expect(pages.filter((p) => p.params['Filter.3.Value.1'] === '*a')).toHaveLength(5);
    expect(pages).toHaveLength(1 + 5 + ZONE_PARTITIONS.length - 1);
    expect(pages.every((p) => p.params.MaxResults === '1000')).toBe(true);
  });

  it('rejects bad usage with exit 2 and a clear message', async() => {
    expect(await runCli(['--region', 'us-east-1'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--cluster-id is required') });
    expect(await runCli(['--cluster-id', 'x', '--region', 'us-east-1', '--roles', 'master'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown: master') });
    expect(await runCli(['--cluster-id', 'x', '--bogus'])).toMatchObject({ code: 2 });
    expect(await runCli(['--cluster-id', 'x'], { AWS_REGION: '' })).toMatchObject({ code: 2, stderr: expect.stringContaining('no region') });
  });

  it('prints a table without colours when not on a terminal', async() => {
    endpoint = await startAwsEndpoint(greenScenario());
    try {
      const run = await runCli(['--region', 'us-east-1', '--cluster-id', CLUSTER_ID, '--endpoint-url', endpoint.url]);

      expect(run.stdout).toMatch(/^OK +Cluster tag on the nodes \(instance\.cluster-tag\): 2 OK\. OK for: i-0000000000000001, i-0000000000000002$/m);
      expect(run.stdout).toContain(`Amazon cloud provider check for cluster ${ CLUSTER_ID } in us-east-1`);
      expect(run.stdout).not.toContain('\x1b[');
    } finally {
      await endpoint.close();
    }
  });

  it('prints the report as Markdown, and --json is --output json', async() => {
    endpoint = await startAwsEndpoint(greenScenario());
    try {
      const args = ['--region', 'us-east-1', '--cluster-id', CLUSTER_ID, '--endpoint-url', endpoint.url];
      const markdown = await runCli([...args, '--output', 'markdown']);

      expect(markdown.code).toBe(0);
      expect(markdown.stdout).toMatch(new RegExp(`^### Amazon cloud provider check for cluster ${ CLUSTER_ID } in us-east-1\n`));
      expect(markdown.stdout).toMatch(/^\| --- \| --- \| --- \| --- \| --- \|$/m);
      expect(markdown.stdout).toContain('| instance.cluster-tag | i-0000000000000001 |');

      const json = await runCli([...args, '--output', 'json']);

      expect(reportOf(json).summary).toEqual(reportOf(await runCli([...args, '--json'])).summary);
      expect(await runCli([...args, '--json', '--output', 'json'])).toMatchObject({ code: 0 });
    } finally {
      await endpoint.close();
    }
    expect(await runCli(['--cluster-id', 'x', '--region', 'us-east-1', '--output', 'xml'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--output takes table, json or markdown (not "xml")') });
    expect(await runCli(['--cluster-id', 'x', '--region', 'us-east-1', '--json', '--output', 'table'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--json asks for JSON but --output asks for table') });
  });

  it('colours the table when --color always says so, even with NO_COLOR; never otherwise off a terminal', async() => {
    endpoint = await startAwsEndpoint(greenScenario());
    try {
      const args = ['--region', 'us-east-1', '--cluster-id', CLUSTER_ID, '--endpoint-url', endpoint.url];

      expect((await runCli([...args, '--color', 'always'], { NO_COLOR: '1' })).stdout).toContain('\x1b[32mOK');
      expect((await runCli([...args, '--color', 'never'])).stdout).not.toContain('\x1b[');
      expect((await runCli([...args, '--color', 'auto'])).stdout).not.toContain('\x1b[');
    } finally {
      await endpoint.close();
    }
    expect(await runCli(['--cluster-id', 'x', '--region', 'us-east-1', '--color', 'sometimes'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--color takes auto, always or never') });
  });

  it('takes credentials and region from a --profile of the shared files, as the AWS CLI does', async() => {
    const dir = mkdtempSync(join(tmpdir(), 'aws-profile-'));
    const authorizations: string[] = [];

    writeFileSync(join(dir, 'credentials'), '[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = d\n\n[ops]\naws_access_key_id = AKIDOPS\naws_secret_access_key = o\n');
    writeFileSync(join(dir, 'config'), '[default]\nregion = us-west-2\n\n[profile ops]\nregion = eu-west-1\n');
    endpoint = await startAwsEndpoint(greenScenario());
    // In front of the endpoint, to see which key signed each request.
    const proxy = createServer((req, res) => {
      authorizations.push(String(req.headers.authorization || ''));
      req.pipe(request(`${ endpoint.url }${ req.url }`, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode || 502, answer.headers);
        answer.pipe(res);
      }));
    });

    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const env = {
        AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), AWS_CONFIG_FILE: join(dir, 'config')
      };
      const args = ['--json', '--cluster-id', CLUSTER_ID, '--endpoint-url', `http://127.0.0.1:${ (proxy.address() as AddressInfo).port }`, '--instance-profile', PROFILE];
      const ops = await runCli([...args, '--profile', 'ops'], env);

      expect(ops.code).toBe(0);
      expect(reportOf(ops).region).toBe('eu-west-1');
      expect(authorizations.length).toBeGreaterThan(0);
      expect(authorizations.every((a) => a.includes('Credential=AKIDOPS/') && a.includes('/eu-west-1/'))).toBe(true);

      authorizations.length = 0;
      const byEnv = await runCli(args, { ...env, AWS_PROFILE: 'ops' });

      expect(reportOf(byEnv).region).toBe('eu-west-1');
      expect(authorizations.every((a) => a.includes('Credential=AKIDOPS/'))).toBe(true);

      authorizations.length = 0;
      const byDefault = await runCli(args, env);

      expect(reportOf(byDefault).region).toBe('us-west-2');
      expect(authorizations.every((a) => a.includes('Credential=AKIDDEFAULT/'))).toBe(true);

      // A profile without credentials: nothing can be read, so nothing passes.
      const missing = await runCli([...args, '--profile', 'nobody', '--region', 'us-east-1'], env);

      expect(missing.code).toBe(3);
      expect(only(missing, 'instance-profile.exists').status).toBe('unknown');
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
      await endpoint.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 4 on an internal error, never 1 or 3, which are verdicts on the account', async() => {
    const scenario = greenScenario();

    // AWS never sends a trust policy that is not JSON; the code does not expect it either.
    scenario.roles[0].AssumeRolePolicyDocument = undefined;
    const run = await check(scenario);

    expect(run.code).toBe(4);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^aws-cloud-provider-check: internal error \(a bug: please report it with this message\): SyntaxError/);
  });

  it('prints the policy for node roles as JSON', async() => {
    const worker = await runCli(['print-policy', '--roles', 'worker', '--variant', 'rancher']);

    expect(worker.code).toBe(0);
    expect(worker.json).toEqual(policyForRoles(['worker'], 'rancher'));
    expect((await runCli(['print-policy', '--roles', 'controlplane,etcd', '--variant', 'upstream'])).json).toEqual(policyForRoles(['controlplane', 'etcd'], 'upstream'));
    // The default is the recommended policy (print-policy.test.ts), for the assumed version without --kubernetes-version.
    expect((await runCli(['print-policy', '--kubernetes-version', 'v1.30.1'])).json).toEqual(recommendedPolicy(['controlplane', 'etcd', 'worker'], parseKubernetesVersion('v1.30.1') as KubeVersion));
    expect(await runCli(['print-policy', '--variant', 'aws'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--variant takes recommended, rancher or upstream (not "aws")') });
    expect(await runCli(['print-policy', '--roles', 'master'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown: master') });
    expect(await runCli(['print-policy', '--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: aws-cloud-provider-check print-policy') });
  });

  it('prints the recipes the panel offers, for the AWS CLI, CloudFormation and Terraform', async() => {
    const cli = await runCli(['print-recipe', '--roles', 'worker']);

    expect(cli.code).toBe(0);
    expect(cli.stdout).toBe(snippet('awsCli', {
      roles: ['worker'], variant: 'rancher', instanceProfileName: 'rancher-worker'
    }));
    expect((await runCli(['print-recipe', '--roles', 'controlplane,etcd', '--format', 'terraform', '--instance-profile', 'cp-nodes', '--variant', 'upstream'])).stdout)
      .toBe(snippet('terraform', {
        roles: ['controlplane', 'etcd'], variant: 'upstream', instanceProfileName: 'cp-nodes'
      }));

    const cloudFormation = await runCli(['print-recipe', '--format', 'cloudformation', '--instance-profile', 'nodes']);

    expect(cloudFormation.stdout).toBe(snippet('cloudFormation', { roles: ['controlplane', 'etcd', 'worker'], instanceProfileName: 'nodes' }));
    expect(Object.keys((load(cloudFormation.stdout) as { Resources: Record<string, unknown> }).Resources).length).toBeGreaterThan(0);

    expect(await runCli(['print-recipe', '--instance-profile', `arn:aws:iam::123456789012:instance-profile/${ PROFILE }`])).toMatchObject({ code: 2, stderr: expect.stringContaining(`--instance-profile: This is an instance profile ARN. EC2 takes the profile name here: "${ PROFILE }".`) });
    expect(await runCli(['print-recipe', '--format', 'pulumi'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--format takes cli, cloudformation or terraform (not "pulumi")') });
  });

  it('names its commands, examples and exit codes in --help, and rejects an unknown command', async() => {
    const help = await runCli(['--help']);

    expect(help.code).toBe(0);
    expect(help.stdout).toContain('aws-cloud-provider-check print-recipe [--roles LIST]');
    expect(help.stdout).toContain('Examples:');
    expect(help.stdout).toMatch(/--profile NAME/);
    expect(help.stdout).toMatch(/^ {2}4 {2}internal error/m);
    expect(await runCli(['check', '--help'])).toMatchObject({ code: 0, stdout: help.stdout });
    expect(await runCli(['verify'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown command "verify"') });
  });
});
