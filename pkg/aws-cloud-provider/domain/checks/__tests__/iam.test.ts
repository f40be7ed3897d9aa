import { checkPassRole, checkProfile } from '../iam';
import {
  ACTIONS_NAMED_MAX, actionsNamedInMessage, checkPermissions, missingOnEveryNode, permissionDecisions
} from '../role-permissions';
import { parseKubernetesVersion, KubeVersion } from '../../kubernetes-version';
import { providerContext } from '../../provider';
import { actionNeeds, scopeOfRoleArn } from '../../permissions';
import { actionsForRoles, policyForRoles, PolicyDocument } from '../../policies';
import {
  IamFacts, PermissionsFact, ProfileFacts, failed, ok
} from '../../facts';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/cp';
const allow = (actions: string[], resource: string | string[] = '*'): PolicyDocument => ({
  Version:   '2012-10-17',
  Statement: [{
    Effect: 'Allow', Action: actions, Resource: resource
  }]
});
const viaPolicies = (...documents: PolicyDocument[]) => ok<PermissionsFact>({ source: 'policies', policies: { identityPolicies: documents } });
const without = (actions: string[], removed: string[]) => actions.filter((a) => !removed.includes(a));
const RANCHER_CP = actionsForRoles(['controlplane'], 'rancher');
const UPSTREAM_CP = actionsForRoles(['controlplane'], 'upstream');

function permissions(documents: PolicyDocument[], version: string, roles: ('controlplane' | 'worker')[] = ['controlplane'], assumed = false) {
  return checkPermissions('cp', ROLE_ARN, { roles, assumed }, viaPolicies(...documents), providerContext({ kubernetesVersion: version }), 'us-east-1');
}
const required = (findings: ReturnType<typeof permissions>) => findings.find((f) => f.id === 'instance-profile.permissions');
const optional = (findings: ReturnType<typeof permissions>) => findings.filter((f) => f.id === 'instance-profile.optional-permissions');

describe('instance-profile.permissions in two tiers (the calls of cloud-provider-aws pkg/providers/v1 per version)', () => {
  // The old verdict only warned: from v1.27 subnet discovery (getZoneDetailsByNames, zones.go) needs it.
  it('fails a control-plane role without ec2:DescribeAvailabilityZones from 1.27', () => {
    const findings = permissions([allow(without(UPSTREAM_CP, ['ec2:DescribeAvailabilityZones']))], 'v1.30.1');

    expect(required(findings)).toMatchObject({ status: 'fail', details: ['ec2:DescribeAvailabilityZones'] });
  });

  it('does not require it before 1.27 (in-tree)', () => {
    expect(required(permissions([allow(without(UPSTREAM_CP, ['ec2:DescribeAvailabilityZones']))], 'v1.26.15'))?.status).toBe('pass');
  });

  // The old verdict required all of Rancher's list: the provider never calls autoscaling, KMS, volumes, DescribeRegions/Vpcs.
  it.each([
    ['autoscaling:DescribeAutoScalingGroups', 'autoscaling'],
    ['kms:DescribeKey', 'kms'],
    ['ec2:CreateVolume', 'volumes'],
    ['ec2:DescribeRegions', 'regions'],
    ['ec2:DescribeVpcs', 'vpcs'],
    ['ec2:CreateRoute', 'routes'],
    ['iam:CreateServiceLinkedRole', 'serviceLinkedRole'],
  ])('only warns without %s, naming what it serves (%s)', (action, purpose) => {
    const findings = permissions([allow(without(UPSTREAM_CP, [action]))], 'v1.30.1');

    expect(required(findings)?.status).toBe('pass');
    expect(optional(findings).map((f) => [f.status, f.message.key, f.details])).toEqual([['warn', `check.permissions.optional.${ purpose }`, [action]]]);
  });

  it('fails what the provider calls on load balancers (DeregisterTargets is in no Rancher list)', () => {
    expect(required(permissions([allow(RANCHER_CP)], 'v1.30.1'))).toMatchObject({ status: 'fail', details: ['ec2:DescribeAvailabilityZones', 'elasticloadbalancing:DeregisterTargets'] });
  });

  it('requires nothing of out-of-tree workers; in-tree kubelets call ec2:DescribeInstances', () => {
    const nothing = allow(['ecr:GetAuthorizationToken']);

    expect(required(permissions([nothing], 'v1.30.1', ['worker']))?.message.key).toBe('check.permissions.noneRequired');
    expect(required(permissions([nothing], 'v1.26.15', ['worker']))).toMatchObject({ status: 'fail', details: ['ec2:DescribeInstances'] });
    expect(optional(permissions([nothing], 'v1.30.1', ['worker'])).map((f) => f.message.key)).toEqual(['check.permissions.optional.inTreeKubelet', 'check.permissions.optional.regions', 'check.permissions.optional.ecr']);
  });

  it('says "could not verify" rather than fail for a profile whose nodes may not be control-plane ones', () => {
    expect(required(permissions([allow(['ec2:DescribeInstances'])], 'v1.30.1', ['controlplane'], true))?.status).toBe('unknown');
  });
});

const version = (text: string) => parseKubernetesVersion(text) as KubeVersion;

describe('missingOnEveryNode (buildSelfAWSInstance → getInstanceByID, in-tree aws.go)', () => {
  it.each([
    ['in-tree: DescribeInstances, whatever else is missing', ['ec2:CreateTags', 'ec2:DescribeInstances'], 'v1.26.15', ['ec2:DescribeInstances']],
    ['in-tree: compared as IAM compares names', ['EC2:describeinstances'], 'v1.23.0', ['EC2:describeinstances']],
    ['in-tree: only controller actions missing', ['ec2:CreateTags', 'elasticloadbalancing:AddTags'], 'v1.26.15', []],
    ['out-of-tree: the kubelet calls nothing', ['ec2:DescribeInstances'], 'v1.27.0', []],
    ['out-of-tree, v1.33', ['ec2:DescribeInstances', 'ec2:DescribeAvailabilityZones'], 'v1.33.5', []],
  ])('%s', (_case, missing, kubeVersion, expected) => {
    expect(missingOnEveryNode(missing, version(kubeVersion))).toEqual(expected);
  });
});

describe('actionsNamedInMessage: a few missing actions are named in the message itself', () => {
  const actions = (n: number) => Array.from({ length: n }, (_, i) => `ec2:Action${ i }`);

  it.each([
    [0, undefined],
    [1, 'ec2:Action0'],
    [ACTIONS_NAMED_MAX, actions(ACTIONS_NAMED_MAX).join(', ')],
    [ACTIONS_NAMED_MAX + 1, undefined],
  ])('%i missing → %p', (count, expected) => {
    expect(actionsNamedInMessage(actions(count))).toBe(expected);
  });
});

describe('the verdict on missing required actions', () => {
  const noDescribeInstances = allow(without(UPSTREAM_CP, ['ec2:DescribeInstances']));
  const noCreateTags = allow(without(UPSTREAM_CP, ['ec2:CreateTags']));
  const noLoadBalancerWrites = allow(UPSTREAM_CP.filter((a) => !a.startsWith('elasticloadbalancing:') || a.includes(':Describe')));

  it.each([
    // The old verdict said "could not verify" for every profile found on instances: in-tree, every kubelet calls DescribeInstances.
    ['assumed roles, in-tree, every node\'s action missing', noDescribeInstances, 'v1.26.15', true, 'fail', 'check.permissions.missingEveryNode', 'ec2:DescribeInstances'],
    ['assumed roles, in-tree, only controller actions missing', noCreateTags, 'v1.26.15', true, 'unknown', 'check.permissions.missingIfControlPlaneNamed', 'ec2:CreateTags'],
    ['assumed roles, out-of-tree, DescribeInstances missing (only the controller\'s host calls it)', noDescribeInstances, 'v1.30.1', true, 'unknown', 'check.permissions.missingIfControlPlaneNamed', 'ec2:DescribeInstances'],
    ['assumed roles, many missing', noLoadBalancerWrites, 'v1.30.1', true, 'unknown', 'check.permissions.missingIfControlPlane', undefined],
    ['known roles, one missing: named', noCreateTags, 'v1.30.1', false, 'fail', 'check.permissions.missingNamed', 'ec2:CreateTags'],
    ['known roles, many missing: counted', noLoadBalancerWrites, 'v1.30.1', false, 'fail', 'check.permissions.missing', undefined],
  ])('%s', (_case, policy, kubeVersion, assumed, status, key, actions) => {
    const finding = required(permissions([policy], kubeVersion, ['controlplane'], assumed));

    expect([finding?.status, finding?.message.key, finding?.message.args?.actions]).toEqual([status, key, actions]);
    expect(!!finding?.fix).toBe(status === 'fail');
    expect(finding?.details?.length).toBeGreaterThan(0);
  });

  it('counts the many, and lists them all in the details', () => {
    const finding = required(permissions([noLoadBalancerWrites], 'v1.30.1'));
    const missing = UPSTREAM_CP.filter((a) => a.startsWith('elasticloadbalancing:') && !a.includes(':Describe') && actionNeeds(['controlplane'], version('v1.30.1')).some((n) => n.action === a && n.tier === 'required'));

    expect(missing.length).toBeGreaterThan(ACTIONS_NAMED_MAX);
    expect(finding?.message.args?.count).toBe(missing.length);
    expect([...(finding?.details || [])].sort()).toEqual([...missing].sort());
  });
});

describe('resource-level grants (IAM evaluation on the resources the provider acts on)', () => {
  const describeAll = allow(UPSTREAM_CP.filter((a) => a.includes(':Describe')));
  const rest = UPSTREAM_CP.filter((a) => !a.includes(':Describe'));

  // The old verdict evaluated every action on "*": a grant on security-group/* counted as missing.
  it('passes a least-privilege grant on the kinds of resources the provider acts on', () => {
    const scoped: PolicyDocument = {
      Version:   '2012-10-17',
      Statement: [
        {
          Effect: 'Allow', Action: rest.filter((a) => a !== 'ec2:CreateTags'), Resource: '*'
        },
        {
          Effect: 'Allow', Action: 'ec2:CreateTags', Resource: 'arn:aws:ec2:*:*:security-group/*'
        },
      ],
    };

    expect(required(permissions([describeAll, scoped], 'v1.30.1'))?.status).toBe('pass');
  });

  it('passes with a note a grant on specific resources only', () => {
    const specific: PolicyDocument = {
      Version:   '2012-10-17',
      Statement: [
        {
          Effect: 'Allow', Action: rest.filter((a) => a !== 'ec2:CreateTags'), Resource: '*'
        },
        {
          Effect: 'Allow', Action: 'ec2:CreateTags', Resource: 'arn:aws:ec2:us-east-1:123456789012:security-group/sg-0abc'
        },
      ],
    };

    expect(required(permissions([describeAll, specific], 'v1.30.1'))).toMatchObject({
      status: 'pass', message: { key: 'check.permissions.okLimited' }, details: ['ec2:CreateTags']
    });
  });

  it('honours a Deny on the resources the provider acts on', () => {
    const denied: PolicyDocument = {
      Version:   '2012-10-17',
      Statement: [{
        Effect: 'Deny', Action: 'ec2:CreateTags', Resource: 'arn:aws:ec2:*:*:security-group/*'
      }]
    };

    expect(required(permissions([allow(UPSTREAM_CP), denied], 'v1.30.1'))).toMatchObject({ status: 'fail', details: ['ec2:CreateTags'] });
  });

  it('turns the simulator\'s refusal of a resource-scoped action into "limited" when the documents grant it on specific resources', () => {
    const needs = actionNeeds(['controlplane'], providerContext({ kubernetesVersion: 'v1.30.1' }).version).filter((n) => n.action === 'ec2:CreateTags');
    const decisions = permissionDecisions({
      source: 'simulation', decisions: { 'ec2:CreateTags': 'implicitDeny' }, policies: { identityPolicies: [allow(['ec2:CreateTags'], 'arn:aws:ec2:us-east-1:123456789012:security-group/sg-1')] }
    }, needs, scopeOfRoleArn(ROLE_ARN, 'us-east-1'));

    expect(decisions['ec2:CreateTags']).toBe('limited');
  });
});

describe('instance-profile.pass-role (EC2 RunInstances needs iam:PassRole)', () => {
  it.each([
    ['allowed (with iam:PassedToService given)', 'allowed', 'pass'],
    ['conditional on context we could not give', 'unknown', 'unknown'],
    ['denied', 'implicitDeny', 'fail'],
  ] as const)('%s', (_case, decision, status) => {
    expect(checkPassRole('cp', ok({ callerArn: 'arn:aws:iam::123456789012:user/rancher', decision })).status).toBe(status);
  });
});

describe('complete reports: a link that cannot be read leaves the later checks unknown', () => {
  const context = providerContext({ kubernetesVersion: 'v1.30.1' });
  const profile = (iam: IamFacts): ProfileFacts => ({
    name: 'cp', asked: true, iam
  });
  const ids = (findings: ReturnType<typeof checkProfile>) => findings.map((f) => [f.id, f.status]);

  // The old report dropped role, trust and permissions when the profile could not be read.
  it('lists role, trust, both permission tiers and pass-role as unknown when the profile cannot be read', () => {
    const findings = checkProfile(profile({
      profile: failed({
        operation: 'GetInstanceProfile', code: 'AccessDenied', message: 'no'
      })
    }), { roles: ['controlplane'], assumed: false }, context, { passRole: true });

    expect(ids(findings)).toEqual([
      ['instance-profile.name', 'pass'], ['instance-profile.exists', 'unknown'], ['instance-profile.role', 'unknown'], ['instance-profile.trust', 'unknown'],
      ['instance-profile.permissions', 'unknown'], ['instance-profile.optional-permissions', 'unknown'], ['instance-profile.pass-role', 'unknown'],
    ]);
    expect(findings[2].message.key).toBe('check.unknownBecause.profileUnreadable');
  });

  it('says the profile does not exist, and why the rest could not run', () => {
    const findings = checkProfile(profile({ profile: ok(null) }), { roles: ['controlplane'], assumed: false }, context);

    expect(ids(findings).slice(1)).toEqual([['instance-profile.exists', 'fail'], ['instance-profile.role', 'unknown'], ['instance-profile.trust', 'unknown'], ['instance-profile.permissions', 'unknown'], ['instance-profile.optional-permissions', 'unknown']]);
    expect(findings[2].message.key).toBe('check.unknownBecause.profileMissing');
  });

  it('verifies a profile found on instances without the name check', () => {
    const iam: IamFacts = {
      profile:     ok({
        name: 'other', arn: 'arn:aws:iam::123456789012:instance-profile/other', roles: [{ RoleName: 'other', Arn: 'arn:aws:iam::123456789012:role/other' }]
      }),
      role:        ok({
        name:        'other',
        trustPolicy: {
          Version:   '2012-10-17',
          Statement: [{
            Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole'
          }]
        }
      }),
      permissions: viaPolicies(policyForRoles(['controlplane'], 'upstream')),
    };
    const findings = checkProfile({
      name: 'other', asked: false, iam
    }, { roles: ['controlplane'], assumed: false }, context);

    expect(ids(findings)).toEqual([['instance-profile.exists', 'pass'], ['instance-profile.role', 'pass'], ['instance-profile.trust', 'pass'], ['instance-profile.permissions', 'pass'], ['instance-profile.optional-permissions', 'pass']]);
  });
});
