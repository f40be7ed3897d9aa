/**
 * The recommended policy, generated from the table `instance-profile.permissions` checks
 * (actionNeeds), kops pkg/model/iam style: golden files for a few version × roles × features, and
 * every policy we hand out (each minor 1.23..1.36 × each non-empty role set) passing our own check.
 * `UPDATE_GOLDEN=1` rewrites the golden files; review the diff before committing it.
 */
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { actionNeeds } from '../permissions';
import {
  NOTHING_REQUIRED_STATEMENT, POLICY_FEATURES, PolicyFeature, differenceFromRecommended, featureActions, policyFor, policyKubernetesVersion, recommendedPolicy
} from '../recommended-policy';
import {
  PolicyDocument, actionsForRoles, allowedActionsOf, policyForRoles, policyJson
} from '../policies';
import { KubeVersion, parseKubernetesVersion, ASSUMED_KUBERNETES_VERSION } from '../kubernetes-version';
import { NodeRole } from '../roles';
import { checkPermissions } from '../checks/role-permissions';
import { providerContext } from '../provider';
import { PermissionsFact, ok } from '../facts';

const GOLDEN = join(__dirname, 'golden');
const version = (text: string) => parseKubernetesVersion(text) as KubeVersion;

/** Every non-empty set of Rancher node roles. */
const ROLE_SETS: NodeRole[][] = [
  ['controlplane'], ['etcd'], ['worker'], ['controlplane', 'etcd'], ['controlplane', 'worker'], ['etcd', 'worker'], ['controlplane', 'etcd', 'worker'],
];
const MINORS = Array.from({ length: 36 - 23 + 1 }, (_, i) => 23 + i);

/** An EC2 action that changes something: what out-of-tree workers must not be granted. */
const EC2_WRITE = /^ec2:(Create|Delete|Modify|Attach|Detach|Authorize|Revoke)/i;

/** The checker's verdicts on a role holding exactly `policy`, read from the document as the gather does without the simulator. */
function verdicts(policy: PolicyDocument, roles: NodeRole[], kubernetesVersion: string) {
  const fact = ok<PermissionsFact>({ source: 'policies', policies: { identityPolicies: [JSON.parse(policyJson(policy))] } });

  return checkPermissions('nodes', 'arn:aws:iam::123456789012:role/nodes', { roles, assumed: false }, fact, providerContext({ kubernetesVersion }), 'us-east-1');
}

describe('golden files (policies as code)', () => {
  const cases: [string, NodeRole[], PolicyFeature[]][] = [
    ['v1.26.15', ['controlplane', 'etcd', 'worker'], []],
    ['v1.26.15', ['etcd', 'worker'], []],
    ['v1.33.5', ['controlplane'], []],
    ['v1.33.5', ['controlplane'], ['nlb']],
    ['v1.34.1', ['controlplane', 'etcd'], ['nlb', 'ebs-csi', 'ecr']],
    ['v1.33.5', ['worker'], []],
    ['v1.33.5', ['worker'], ['ebs-csi', 'ecr']],
  ];

  it.each(cases)('%s %j %j', (kubernetesVersion, roles, features) => {
    const minor = kubernetesVersion.replace(/^v(\d+\.\d+).*/, '$1');
    const file = join(GOLDEN, `v${ minor }_${ roles.join('-') }${ features.length ? `_${ features.join('-') }` : '' }.json`);
    const generated = `${ policyJson(recommendedPolicy(roles, version(kubernetesVersion), features)) }\n`;

    if (process.env.UPDATE_GOLDEN === '1') {
      writeFileSync(file, generated);
    }
    expect(existsSync(file) ? readFileSync(file, 'utf8') : `missing golden file ${ file } (UPDATE_GOLDEN=1 writes it)`).toBe(generated);
  });
});

describe('every policy we hand out passes our own verification', () => {
  const combinations = MINORS.flatMap((minor) => ROLE_SETS.map((roles) => [`v1.${ minor }.0`, roles] as [string, NodeRole[]]));

  it.each(combinations)('%s %j, without and with every feature', (kubernetesVersion, roles) => {
    for (const features of [[], [...POLICY_FEATURES]] as PolicyFeature[][]) {
      const findings = verdicts(recommendedPolicy(roles, version(kubernetesVersion), features), roles, kubernetesVersion);

      expect(findings.find((f) => f.id === 'instance-profile.permissions')?.status).toBe('pass');
      expect(findings.filter((f) => f.status === 'fail' || f.status === 'unknown')).toEqual([]);
    }
  });

  it('covers 14 minors × 7 role sets', () => {
    expect(combinations).toHaveLength(14 * 7);
  });
});

describe('least privilege: the required tier for the version and roles, nothing else', () => {
  it.each(MINORS.map((minor) => `v1.${ minor }.0`))('%s: grants exactly the required actions', (kubernetesVersion) => {
    for (const roles of ROLE_SETS) {
      const required = actionNeeds(roles, version(kubernetesVersion)).filter((n) => n.tier === 'required').map((n) => n.action.toLowerCase()).sort();

      expect(allowedActionsOf(recommendedPolicy(roles, version(kubernetesVersion))).map((a) => a.toLowerCase()).sort()).toEqual(required);
    }
  });

  it('grants out-of-tree etcd and worker nodes no EC2 write, and nothing at all without features', () => {
    for (const minor of MINORS.filter((m) => m >= 27)) {
      for (const roles of [['worker'], ['etcd'], ['etcd', 'worker']] as NodeRole[][]) {
        const policy = recommendedPolicy(roles, version(`v1.${ minor }.0`));

        expect(allowedActionsOf(policy)).toEqual([]);
        expect(policy.Statement).toEqual([NOTHING_REQUIRED_STATEMENT]);
        expect(allowedActionsOf(recommendedPolicy(roles, version(`v1.${ minor }.0`), ['ecr'])).filter((a) => EC2_WRITE.test(a))).toEqual([]);
      }
    }
  });

  it('grants in-tree etcd and worker nodes only the instance lookup every kubelet makes', () => {
    expect(allowedActionsOf(recommendedPolicy(['etcd', 'worker'], version('v1.26.15')))).toEqual(['ec2:DescribeInstances']);
  });

  it('the nothing-granted policy is refused by our own evaluation for every action the upstream list names', () => {
    const findings = verdicts(recommendedPolicy(['worker'], version('v1.33.5')), ['controlplane'], 'v1.33.5');

    expect(findings.find((f) => f.id === 'instance-profile.permissions')?.status).toBe('fail');
  });
});

describe('features', () => {
  it.each([
    ['nlb', ['controlplane'], 'v1.33.5', ['elasticloadbalancing:SetSecurityGroups']],
    ['nlb', ['controlplane'], 'v1.34.0', ['elasticloadbalancing:DescribeTargetGroupAttributes', 'elasticloadbalancing:ModifyTargetGroupAttributes', 'elasticloadbalancing:SetSecurityGroups']],
    // The controller runs on control-plane nodes: a worker pool's policy gets no load-balancer action.
    ['nlb', ['worker'], 'v1.34.0', []],
    ['ecr', ['worker'], 'v1.33.5', ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetAuthorizationToken', 'ecr:GetDownloadUrlForLayer']],
    ['ecr', [], 'v1.33.5', []],
  ] as [PolicyFeature, NodeRole[], string, string[]][])('%s for %j on %s', (feature, roles, kubernetesVersion, expected) => {
    expect(featureActions(feature, roles, version(kubernetesVersion))).toEqual(expected);
  });

  it('ebs-csi adds the EBS CSI driver\'s volume and snapshot actions, which the checker counts as the volume purpose', () => {
    const actions = featureActions('ebs-csi', ['worker'], version('v1.33.5'));

    expect(actions).toEqual(expect.arrayContaining(['ec2:CreateVolume', 'ec2:AttachVolume', 'ec2:DetachVolume', 'ec2:DeleteVolume', 'ec2:CreateSnapshot', 'ec2:DeleteSnapshot', 'ec2:DescribeVolumes']));
    // With it, the optional "volumes" warning of a Rancher-listed pool goes away.
    const findings = verdicts(recommendedPolicy(['controlplane'], version('v1.33.5'), ['ebs-csi']), ['controlplane'], 'v1.33.5');

    expect(findings.filter((f) => f.message.key === 'check.permissions.optional.volumes')).toEqual([]);
  });

  it('grants each action once, in the first statement that needs it', () => {
    const policy = recommendedPolicy(['controlplane', 'worker'], version('v1.34.0'), [...POLICY_FEATURES]);
    const listed = policy.Statement.flatMap((s) => s.Action as string[]).map((a) => a.toLowerCase());

    expect(new Set(listed).size).toBe(listed.length);
    expect(policy.Statement.map((s) => s.Sid)).toEqual(['KubernetesCloudProvider', 'NetworkLoadBalancers', 'EbsCsiDriver', 'EcrImagePulls']);
    // DescribeInstances is the provider's: the EBS CSI statement does not repeat it.
    expect(policy.Statement[2].Action).not.toContain('ec2:DescribeInstances');
  });
});

describe('variants', () => {
  it('keeps Rancher\'s and upstream\'s lists as they are', () => {
    expect(policyFor(['controlplane'], 'rancher', { kubernetesVersion: 'v1.33.5', features: ['ecr'] })).toEqual(policyForRoles(['controlplane'], 'rancher'));
    expect(policyFor(['worker'], 'upstream')).toEqual(policyForRoles(['worker'], 'upstream'));
  });

  it('generates the recommended one for the assumed version when none (or no version) is given', () => {
    expect(policyKubernetesVersion(undefined)).toEqual({ version: version(ASSUMED_KUBERNETES_VERSION), assumed: true });
    expect(policyKubernetesVersion('rke2')).toMatchObject({ assumed: true });
    expect(policyKubernetesVersion('v1.33.5+rke2r1')).toEqual({ version: version('v1.33.5'), assumed: false });
    expect(policyFor(['controlplane'])).toEqual(recommendedPolicy(['controlplane'], version(ASSUMED_KUBERNETES_VERSION)));
  });

  it('says how a published list differs from the recommended policy', () => {
    const { added, lacking } = differenceFromRecommended(['controlplane'], 'rancher', { kubernetesVersion: 'v1.33.5' });

    // Rancher's list misses what the provider calls from 1.27 and the NLB target deregistration.
    expect(lacking.sort()).toEqual(['ec2:DescribeAvailabilityZones', 'elasticloadbalancing:DeregisterTargets']);
    expect(added).toEqual(expect.arrayContaining(['autoscaling:DescribeAutoScalingGroups', 'kms:DescribeKey', 'ec2:CreateVolume']));
    expect(added.length + allowedActionsOf(recommendedPolicy(['controlplane'], version('v1.33.5'))).length - lacking.length).toBe(actionsForRoles(['controlplane'], 'rancher').length);
    expect(differenceFromRecommended(['controlplane'], 'recommended')).toEqual({ added: [], lacking: [] });
  });
});
