/**
 * IAM policies the Amazon cloud provider needs. The default, `recommended`, is generated from the
 * verifier's own model of the calls per version and roles (recommendedPolicy, recommended-policy.ts);
 * Rancher's "Setting up the Amazon Cloud Provider" page (the seed) and the current upstream
 * cloud-provider-aws control-plane policy stay as named, published alternatives (here).
 */

import { NodeRole } from './roles';

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Principal?: unknown;
  Condition?: Record<string, unknown>;
}

export interface PolicyDocument {
  Version: string;
  Statement: PolicyStatement[];
}

/** The published lists, the same for every Kubernetes version. */
export type ListedPolicyVariant = 'rancher' | 'upstream';

/** `recommended`: what the provider calls for the version and roles, plus the features chosen (recommended-policy.ts). */
export type PolicyVariant = 'recommended' | ListedPolicyVariant;

export const POLICY_VARIANTS: readonly PolicyVariant[] = ['recommended', 'rancher', 'upstream'];

export const POLICY_VERSION = '2012-10-17';

// Rancher's page lists elasticloadbalancing:AddTags twice; a Set keeps it once.
const RANCHER_CONTROLPLANE_ACTIONS: readonly string[] = [...new Set([
  'autoscaling:DescribeAutoScalingGroups',
  'autoscaling:DescribeLaunchConfigurations',
  'autoscaling:DescribeTags',
  'ec2:DescribeInstances',
  'ec2:DescribeRegions',
  'ec2:DescribeRouteTables',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSubnets',
  'ec2:DescribeVolumes',
  'ec2:CreateSecurityGroup',
  'ec2:CreateTags',
  'ec2:CreateVolume',
  'ec2:ModifyInstanceAttribute',
  'ec2:ModifyVolume',
  'ec2:AttachVolume',
  'ec2:AuthorizeSecurityGroupIngress',
  'ec2:CreateRoute',
  'ec2:DeleteRoute',
  'ec2:DeleteSecurityGroup',
  'ec2:DeleteVolume',
  'ec2:DetachVolume',
  'ec2:RevokeSecurityGroupIngress',
  'ec2:DescribeVpcs',
  'elasticloadbalancing:AddTags',
  'elasticloadbalancing:AttachLoadBalancerToSubnets',
  'elasticloadbalancing:ApplySecurityGroupsToLoadBalancer',
  'elasticloadbalancing:CreateLoadBalancer',
  'elasticloadbalancing:CreateLoadBalancerPolicy',
  'elasticloadbalancing:CreateLoadBalancerListeners',
  'elasticloadbalancing:ConfigureHealthCheck',
  'elasticloadbalancing:DeleteLoadBalancer',
  'elasticloadbalancing:DeleteLoadBalancerListeners',
  'elasticloadbalancing:DescribeLoadBalancers',
  'elasticloadbalancing:DescribeLoadBalancerAttributes',
  'elasticloadbalancing:DetachLoadBalancerFromSubnets',
  'elasticloadbalancing:DeregisterInstancesFromLoadBalancer',
  'elasticloadbalancing:ModifyLoadBalancerAttributes',
  'elasticloadbalancing:RegisterInstancesWithLoadBalancer',
  'elasticloadbalancing:SetLoadBalancerPoliciesForBackendServer',
  'elasticloadbalancing:AddTags',
  'elasticloadbalancing:CreateListener',
  'elasticloadbalancing:CreateTargetGroup',
  'elasticloadbalancing:DeleteListener',
  'elasticloadbalancing:DeleteTargetGroup',
  'elasticloadbalancing:DescribeListeners',
  'elasticloadbalancing:DescribeLoadBalancerPolicies',
  'elasticloadbalancing:DescribeTargetGroups',
  'elasticloadbalancing:DescribeTargetHealth',
  'elasticloadbalancing:ModifyListener',
  'elasticloadbalancing:ModifyTargetGroup',
  'elasticloadbalancing:RegisterTargets',
  'elasticloadbalancing:SetLoadBalancerPoliciesOfListener',
  'iam:CreateServiceLinkedRole',
  'kms:DescribeKey',
])];

const RANCHER_NODE_ACTIONS: readonly string[] = [
  'ec2:DescribeInstances',
  'ec2:DescribeRegions',
  'ecr:GetAuthorizationToken',
  'ecr:BatchCheckLayerAvailability',
  'ecr:GetDownloadUrlForLayer',
  'ecr:GetRepositoryPolicy',
  'ecr:DescribeRepositories',
  'ecr:ListImages',
  'ecr:BatchGetImage',
];

/** What the current upstream cloud-provider-aws control-plane policy adds to Rancher's. */
export const UPSTREAM_CONTROLPLANE_EXTRA_ACTIONS: readonly string[] = [
  'ec2:DescribeAvailabilityZones',
  'ec2:DescribeInstanceTopology',
  'elasticloadbalancing:DeregisterTargets',
  'elasticloadbalancing:SetSecurityGroups',
];

/** The actions one role needs under a variant, in the order the source lists them. */
export function actionsForRole(role: NodeRole, variant: ListedPolicyVariant = 'rancher'): string[] {
  if (role === 'controlplane') {
    return variant === 'upstream' ? [...RANCHER_CONTROLPLANE_ACTIONS, ...UPSTREAM_CONTROLPLANE_EXTRA_ACTIONS] : [...RANCHER_CONTROLPLANE_ACTIONS];
  }

  // etcd and worker nodes only read EC2 and pull from ECR; upstream's node policy is the same.
  return [...RANCHER_NODE_ACTIONS];
}

/** The union of the roles' actions, deduplicated and sorted (case-insensitively, as IAM compares them). */
export function actionsForRoles(roles: readonly NodeRole[], variant: ListedPolicyVariant = 'rancher'): string[] {
  const byLowerCase = new Map<string, string>();

  for (const role of roles) {
    for (const action of actionsForRole(role, variant)) {
      byLowerCase.set(action.toLowerCase(), action);
    }
  }

  return [...byLowerCase.values()].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
}

/** One valid IAM policy document for a pool carrying `roles`, from a published list. */
export function policyForRoles(roles: readonly NodeRole[], variant: ListedPolicyVariant = 'rancher'): PolicyDocument {
  return {
    Version:   POLICY_VERSION,
    Statement: [{
      Effect:   'Allow',
      Action:   actionsForRoles(roles, variant),
      // ec2:Describe* actions do not support resource-level permissions: they need "*".
      Resource: '*',
    }],
  };
}

/** Actions the upstream variant adds for these roles (empty when the roles need no difference). */
export function upstreamOnlyActions(roles: readonly NodeRole[]): string[] {
  const rancher = new Set(actionsForRoles(roles, 'rancher'));

  return actionsForRoles(roles, 'upstream').filter((action) => !rancher.has(action));
}

/** The actions a document's Allow statements name (`Action` lists only), once each, sorted as IAM compares them. */
export function allowedActionsOf(policy: PolicyDocument): string[] {
  const byLowerCase = new Map<string, string>();

  for (const statement of policy.Statement) {
    if (statement.Effect === 'Allow' && statement.Action !== undefined) {
      for (const action of Array.isArray(statement.Action) ? statement.Action : [statement.Action]) {
        byLowerCase.set(action.toLowerCase(), action);
      }
    }
  }

  return [...byLowerCase.values()].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
}

/** The trust policy that lets EC2 instances assume the role (needed for an instance profile). */
export function ec2TrustPolicy(): PolicyDocument {
  return {
    Version:   POLICY_VERSION,
    Statement: [{
      Effect:    'Allow',
      Principal: { Service: 'ec2.amazonaws.com' },
      Action:    'sts:AssumeRole',
    }],
  };
}

/** The policy as users paste it into the console or a file: two-space indented JSON. */
export function policyJson(policy: PolicyDocument): string {
  return JSON.stringify(policy, null, 2);
}
