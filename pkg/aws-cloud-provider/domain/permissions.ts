/**
 * Which IAM actions a node's role needs, in two tiers: `required` — the provider calls them for
 * this Kubernetes version on nodes with these roles, so a missing one is a failure — and
 * `optional` — only Rancher's docs or upstream's policy list them, for something else (ECR pulls,
 * volumes, autoscaling...), so a missing one is a warning that names what it serves. Each action
 * also says which resources the provider acts on, so that a least-privilege grant on those
 * resources counts as a grant.
 */
import { NodeRole } from './roles';
import { KubeVersion, needsOutOfTreeProvider } from './kubernetes-version';
import { actionsForRoles } from './policies';

export type PermissionTier = 'required' | 'optional';

/** What an action serves: keys under `check.permissions.purpose.`. */
export type PermissionPurpose =
  | 'loadBalancers' | 'nodes' | 'zones' | 'inTreeKubelet' | 'routes' | 'volumes' | 'ecr' | 'autoscaling' | 'kms'
  | 'serviceLinkedRole' | 'topology' | 'regions' | 'vpcs' | 'nlbSecurityGroups';

/** The kinds of resource an action is asked about; `any` is the literal `*` (Describe calls). */
export type ResourceKind =
  | 'any' | 'securityGroup' | 'instance' | 'vpc' | 'routeTable' | 'volume' | 'classicLoadBalancer' | 'networkLoadBalancer'
  | 'targetGroup' | 'listener' | 'serviceLinkedRole' | 'kmsKey' | 'ecrRepository';

export interface ActionNeed {
  action: string;
  tier: PermissionTier;
  purpose: PermissionPurpose;
  resources: ResourceKind[];
}

const LOAD_BALANCER_RESOURCES: Record<string, ResourceKind[]> = {
  // Classic ELB actions act on the load balancer; ELBv2 ones on the load balancer, its target groups or listeners.
  CreateLoadBalancer:                     ['classicLoadBalancer', 'networkLoadBalancer'],
  DeleteLoadBalancer:                     ['classicLoadBalancer', 'networkLoadBalancer'],
  AddTags:                                ['classicLoadBalancer', 'networkLoadBalancer', 'targetGroup'],
  ModifyLoadBalancerAttributes:           ['classicLoadBalancer', 'networkLoadBalancer'],
  CreateTargetGroup:                      ['targetGroup'],
  DeleteTargetGroup:                      ['targetGroup'],
  ModifyTargetGroup:                      ['targetGroup'],
  RegisterTargets:                        ['targetGroup'],
  DeregisterTargets:                      ['targetGroup'],
  CreateListener:                         ['networkLoadBalancer'],
  DeleteListener:                         ['listener'],
  ModifyListener:                         ['listener'],
  SetSecurityGroups:                      ['networkLoadBalancer'],
};

const EC2_RESOURCES: Record<string, ResourceKind[]> = {
  CreateSecurityGroup:           ['securityGroup', 'vpc'],
  DeleteSecurityGroup:           ['securityGroup'],
  AuthorizeSecurityGroupIngress: ['securityGroup'],
  RevokeSecurityGroupIngress:    ['securityGroup'],
  CreateTags:                    ['securityGroup'],
  ModifyInstanceAttribute:       ['instance', 'securityGroup'],
  CreateRoute:                   ['routeTable'],
  DeleteRoute:                   ['routeTable'],
  CreateVolume:                  ['volume'],
  DeleteVolume:                  ['volume'],
  ModifyVolume:                  ['volume'],
  AttachVolume:                  ['volume', 'instance'],
  DetachVolume:                  ['volume', 'instance'],
};

/** The resources the provider acts on with `action` (`any` for calls without resource-level permissions). */
export function resourcesOf(action: string): ResourceKind[] {
  const [service, name] = action.split(':');

  if (service === 'ec2') {
    return EC2_RESOURCES[name] || ['any'];
  }
  if (service === 'elasticloadbalancing') {
    // Classic actions not in the table (ConfigureHealthCheck, listeners, policies...) act on the load balancer.
    return LOAD_BALANCER_RESOURCES[name] || (name.startsWith('Describe') ? ['any'] : ['classicLoadBalancer']);
  }
  if (action === 'iam:CreateServiceLinkedRole') {
    return ['serviceLinkedRole'];
  }
  if (action === 'kms:DescribeKey') {
    return ['kmsKey'];
  }
  if (service === 'ecr' && action !== 'ecr:GetAuthorizationToken') {
    return ['ecrRepository'];
  }

  return ['any'];
}

/** Actions the controller (kube-controller-manager in-tree, cloud-controller-manager out-of-tree) calls for load balancers and nodes. */
const CONTROLLER_ACTIONS: readonly string[] = [
  'ec2:DescribeInstances', 'ec2:DescribeRouteTables', 'ec2:DescribeSecurityGroups', 'ec2:DescribeSubnets',
  'ec2:CreateSecurityGroup', 'ec2:CreateTags', 'ec2:ModifyInstanceAttribute', 'ec2:AuthorizeSecurityGroupIngress',
  'ec2:RevokeSecurityGroupIngress', 'ec2:DeleteSecurityGroup',
  'elasticloadbalancing:AddTags', 'elasticloadbalancing:AttachLoadBalancerToSubnets', 'elasticloadbalancing:ApplySecurityGroupsToLoadBalancer',
  'elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:CreateLoadBalancerPolicy', 'elasticloadbalancing:CreateLoadBalancerListeners',
  'elasticloadbalancing:ConfigureHealthCheck', 'elasticloadbalancing:DeleteLoadBalancer', 'elasticloadbalancing:DeleteLoadBalancerListeners',
  'elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeLoadBalancerAttributes', 'elasticloadbalancing:DetachLoadBalancerFromSubnets',
  'elasticloadbalancing:DeregisterInstancesFromLoadBalancer', 'elasticloadbalancing:ModifyLoadBalancerAttributes',
  'elasticloadbalancing:RegisterInstancesWithLoadBalancer', 'elasticloadbalancing:SetLoadBalancerPoliciesForBackendServer',
  'elasticloadbalancing:CreateListener', 'elasticloadbalancing:CreateTargetGroup', 'elasticloadbalancing:DeleteListener',
  'elasticloadbalancing:DeleteTargetGroup', 'elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:DescribeLoadBalancerPolicies',
  'elasticloadbalancing:DescribeTargetGroups', 'elasticloadbalancing:DescribeTargetHealth', 'elasticloadbalancing:ModifyListener',
  'elasticloadbalancing:ModifyTargetGroup', 'elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets',
  'elasticloadbalancing:SetLoadBalancerPoliciesOfListener',
];

/** What an optional action serves, by exact action, then by service or name pattern. */
const PURPOSE_OF_ACTION: Record<string, PermissionPurpose> = {
  'iam:CreateServiceLinkedRole':            'serviceLinkedRole',
  'ec2:DescribeInstanceTopology':           'topology',
  'ec2:DescribeRegions':                    'regions',
  'ec2:DescribeVpcs':                       'vpcs',
  'ec2:DescribeAvailabilityZones':          'zones',
  'ec2:DescribeInstances':                  'inTreeKubelet',
  'elasticloadbalancing:SetSecurityGroups': 'nlbSecurityGroups',
};
const PURPOSE_BY_PATTERN: [RegExp, PermissionPurpose][] = [
  [/^ecr:/, 'ecr'], [/^autoscaling:/, 'autoscaling'], [/^kms:/, 'kms'], [/^ec2:\w*Volume/, 'volumes'], [/^ec2:\w*Route$/, 'routes'],
];

/** What an action that is not required serves, for the warning that names it. */
function optionalPurpose(action: string): PermissionPurpose {
  return PURPOSE_OF_ACTION[action] || PURPOSE_BY_PATTERN.find(([pattern]) => pattern.test(action))?.[1] || 'loadBalancers';
}

/**
 * The actions a role needs, each with its tier (mirrors the calls in cloud-provider-aws
 * pkg/providers/v1 aws.go/aws_loadbalancer.go/zones.go per tag, and the in-tree provider before 1.27):
 * - control-plane nodes host the controller: its load-balancer and node actions are required,
 *   `ec2:DescribeAvailabilityZones` too from 1.27 (getZoneDetailsByNames, zones.go);
 * - in-tree (before 1.27) every kubelet calls `ec2:DescribeInstances`; out-of-tree other nodes need nothing;
 * - everything else Rancher's or upstream's policy lists is optional.
 */
export function actionNeeds(roles: readonly NodeRole[], version: KubeVersion): ActionNeed[] {
  const outOfTree = needsOutOfTreeProvider(version);
  const required = new Map<string, PermissionPurpose>();

  if (roles.includes('controlplane')) {
    for (const action of CONTROLLER_ACTIONS) {
      required.set(action, action === 'ec2:DescribeInstances' ? 'nodes' : 'loadBalancers');
    }
    if (outOfTree) {
      required.set('ec2:DescribeAvailabilityZones', 'zones');
    }
  }
  if (!outOfTree && roles.length) {
    required.set('ec2:DescribeInstances', 'nodes');
  }

  const listed = actionsForRoles(roles.length ? roles : ['worker'], 'upstream');
  const needs: ActionNeed[] = [...required].map(([action, purpose]) => ({
    action, tier: 'required', purpose, resources: resourcesOf(action)
  }));

  for (const action of listed) {
    if (!required.has(action)) {
      needs.push({
        action, tier: 'optional', purpose: optionalPurpose(action), resources: resourcesOf(action)
      });
    }
  }

  return needs.sort((a, b) => a.action.toLowerCase().localeCompare(b.action.toLowerCase()));
}

/** The required actions of nodes that host no controller: what every node calls on this version, whatever its roles. */
export function actionsEveryNodeNeeds(version: KubeVersion): string[] {
  return actionNeeds(['worker'], version).filter((need) => need.tier === 'required').map((need) => need.action);
}

/** Where the sample ARNs point: the role's partition and account, the verified region. */
export interface ArnScope { partition: string, region: string, account: string }

/** The scope of a role ARN `arn:<partition>:iam::<account>:role/...`, in `region`. */
export function scopeOfRoleArn(roleArn: string | undefined, region: string | undefined): ArnScope {
  const [, partition = 'aws', , , account = '*'] = (roleArn || '').split(':');

  return {
    partition: partition || 'aws', region: region || '*', account: account || '*'
  };
}

/**
 * A sample ARN for "any resource of this kind" in the scope: a grant whose pattern covers it
 * covers every such resource; a grant on specific resources (one group's ARN) does not.
 */
export function sampleArn(kind: ResourceKind, scope: ArnScope): string {
  const { partition: p, region: r, account: a } = scope;

  switch (kind) {
  case 'any': return '*';
  case 'securityGroup': return `arn:${ p }:ec2:${ r }:${ a }:security-group/*`;
  case 'instance': return `arn:${ p }:ec2:${ r }:${ a }:instance/*`;
  case 'vpc': return `arn:${ p }:ec2:${ r }:${ a }:vpc/*`;
  case 'routeTable': return `arn:${ p }:ec2:${ r }:${ a }:route-table/*`;
  case 'volume': return `arn:${ p }:ec2:${ r }:${ a }:volume/*`;
  case 'classicLoadBalancer': return `arn:${ p }:elasticloadbalancing:${ r }:${ a }:loadbalancer/*`;
  case 'networkLoadBalancer': return `arn:${ p }:elasticloadbalancing:${ r }:${ a }:loadbalancer/net/*`;
  case 'targetGroup': return `arn:${ p }:elasticloadbalancing:${ r }:${ a }:targetgroup/*`;
  case 'listener': return `arn:${ p }:elasticloadbalancing:${ r }:${ a }:listener/net/*`;
  case 'serviceLinkedRole': return `arn:${ p }:iam::${ a }:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing`;
  case 'kmsKey': return `arn:${ p }:kms:${ r }:${ a }:key/*`;
  case 'ecrRepository': return `arn:${ p }:ecr:${ r }:${ a }:repository/*`;
  default: return '*';
  }
}

/** The sample ARNs of an action's resources. */
export function sampleArnsFor(need: Pick<ActionNeed, 'resources'>, scope: ArnScope): string[] {
  return [...new Set(need.resources.map((kind) => sampleArn(kind, scope)))];
}
