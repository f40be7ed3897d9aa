/**
 * The policy to give a role, from the same table `instance-profile.permissions` checks
 * (permissions.ts, actionNeeds): the recommended least-privilege policy for a version, roles and
 * opted-in features, a published variant instead, and how a variant differs from the recommended one.
 */
import { NodeRole } from './roles';
import { ASSUMED_KUBERNETES_VERSION, KubeVersion, compareVersions, parseKubernetesVersion } from './kubernetes-version';
import {
  ListedPolicyVariant, POLICY_VERSION, PolicyDocument, PolicyStatement, PolicyVariant, allowedActionsOf, policyForRoles
} from './policies';
import { actionNeeds } from './permissions';

/**
 * Features a pool may opt in to, beyond what the provider calls: network load balancers with
 * security groups and target-group attributes, EBS volumes through the EBS CSI driver, image
 * pulls from ECR. Their actions are added to the recommended policy only when chosen.
 */
export type PolicyFeature = 'nlb' | 'ebs-csi' | 'ecr';

export const POLICY_FEATURES: readonly PolicyFeature[] = ['nlb', 'ebs-csi', 'ecr'];

/** The statement id of each part of the recommended policy (IAM Sids: letters and digits). */
const STATEMENT_IDS: Record<'provider' | PolicyFeature, string> = {
  provider: 'KubernetesCloudProvider', nlb: 'NetworkLoadBalancers', 'ebs-csi': 'EbsCsiDriver', ecr: 'EcrImagePulls'
};

/** The EBS CSI driver's controller calls (its example IAM policy, aws-ebs-csi-driver docs/example-iam-policy.json). */
const EBS_CSI_ACTIONS: readonly string[] = [
  'ec2:AttachVolume', 'ec2:CreateSnapshot', 'ec2:CreateTags', 'ec2:CreateVolume', 'ec2:DeleteSnapshot', 'ec2:DeleteTags', 'ec2:DeleteVolume',
  'ec2:DescribeAvailabilityZones', 'ec2:DescribeInstances', 'ec2:DescribeSnapshots', 'ec2:DescribeTags', 'ec2:DescribeVolumes',
  'ec2:DescribeVolumesModifications', 'ec2:DetachVolume', 'ec2:ModifyVolume',
];

/** What the kubelet's ECR credential provider and the image pulls call. */
const ECR_PULL_ACTIONS: readonly string[] = ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetAuthorizationToken', 'ecr:GetDownloadUrlForLayer'];

/**
 * The actions a feature adds for these roles on this version (mirrors cloud-provider-aws
 * aws_loadbalancer.go: SetSecurityGroups for NLB security groups, the target-group-attributes
 * annotation from v1.34): NLB actions only where the controller runs (control-plane nodes);
 * EBS CSI and ECR wherever the pool's nodes run the driver's controller or pull images.
 */
export function featureActions(feature: PolicyFeature, roles: readonly NodeRole[], version: KubeVersion): string[] {
  if (!roles.length) {
    return [];
  }
  switch (feature) {
  case 'nlb':
    if (!roles.includes('controlplane')) {
      return [];
    }

    return compareVersions(version, {
      major: 1, minor: 34, patch: 0
    }) >= 0 ? ['elasticloadbalancing:DescribeTargetGroupAttributes', 'elasticloadbalancing:ModifyTargetGroupAttributes', 'elasticloadbalancing:SetSecurityGroups'] : ['elasticloadbalancing:SetSecurityGroups'];
  case 'ebs-csi':
    return [...EBS_CSI_ACTIONS];
  case 'ecr':
    return [...ECR_PULL_ACTIONS];
  default:
    return [];
  }
}

const byIamOrder = (a: string, b: string) => a.toLowerCase().localeCompare(b.toLowerCase());

/**
 * The statement of a policy that grants nothing, for nodes that need no action: IAM refuses an
 * empty Action list, and a read we do not need would not be least privilege. `NotAction: *`
 * allows every action except all of them: none.
 */
export const NOTHING_REQUIRED_STATEMENT: PolicyStatement = {
  Sid: 'NothingRequired', Effect: 'Allow', NotAction: '*', Resource: '*'
};

/**
 * The least-privilege policy that works, from the same table `instance-profile.permissions`
 * checks (actionNeeds): the required tier for this version and these roles, then each chosen
 * feature's actions not granted yet, one statement per part. `Resource` is `*`: the Describe calls
 * need it, and the resources the provider creates are named by it at run time.
 * With nothing to grant, a valid policy that grants nothing (NOTHING_REQUIRED_STATEMENT).
 */
export function recommendedPolicy(roles: readonly NodeRole[], version: KubeVersion, features: readonly PolicyFeature[] = []): PolicyDocument {
  const granted = new Set<string>();
  const statements: PolicyStatement[] = [];
  const add = (id: 'provider' | PolicyFeature, actions: string[]) => {
    const fresh = [...new Set(actions)].filter((action) => !granted.has(action.toLowerCase())).sort(byIamOrder);

    fresh.forEach((action) => granted.add(action.toLowerCase()));
    if (fresh.length) {
      statements.push({
        Sid: STATEMENT_IDS[id], Effect: 'Allow', Action: fresh, Resource: '*'
      });
    }
  };

  add('provider', roles.length ? actionNeeds(roles, version).filter((need) => need.tier === 'required').map((need) => need.action) : []);
  for (const feature of POLICY_FEATURES.filter((f) => features.includes(f))) {
    add(feature, featureActions(feature, roles, version));
  }

  return { Version: POLICY_VERSION, Statement: statements.length ? statements : [{ ...NOTHING_REQUIRED_STATEMENT }] };
}

/** The version a policy is for: the one given, else ASSUMED_KUBERNETES_VERSION (and `assumed` says so). */
export function policyKubernetesVersion(text: string | undefined | null): { version: KubeVersion, assumed: boolean } {
  const given = parseKubernetesVersion(text);

  return given ? { version: given, assumed: false } : { version: parseKubernetesVersion(ASSUMED_KUBERNETES_VERSION) as KubeVersion, assumed: true };
}

/** What the recommended policy is generated for. */
export interface PolicyOptions {
  /** e.g. `v1.33.5+rke2r1`; ASSUMED_KUBERNETES_VERSION when missing or not a version. */
  kubernetesVersion?: string;
  features?: readonly PolicyFeature[];
}

/** The policy of a variant: the recommended one for the version and features, or a published list. */
export function policyFor(roles: readonly NodeRole[], variant: PolicyVariant = 'recommended', options: PolicyOptions = {}): PolicyDocument {
  if (variant === 'recommended') {
    return recommendedPolicy(roles, policyKubernetesVersion(options.kubernetesVersion).version, options.features);
  }

  return policyForRoles(roles, variant as ListedPolicyVariant);
}

/** How a variant differs from the recommended policy: the actions it adds, and those it lacks. */
export function differenceFromRecommended(roles: readonly NodeRole[], variant: PolicyVariant, options: PolicyOptions = {}): { added: string[], lacking: string[] } {
  const recommended = allowedActionsOf(policyFor(roles, 'recommended', options));
  const other = allowedActionsOf(policyFor(roles, variant, options));
  const lower = (list: string[]) => new Set(list.map((action) => action.toLowerCase()));
  const inRecommended = lower(recommended);
  const inOther = lower(other);

  return {
    added:   other.filter((action) => !inRecommended.has(action.toLowerCase())),
    lacking: recommended.filter((action) => !inOther.has(action.toLowerCase())),
  };
}
