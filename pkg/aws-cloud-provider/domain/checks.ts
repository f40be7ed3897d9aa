/**
 * Facts + inputs → findings. Each verdict mirrors what the Kubernetes AWS cloud provider does
 * (see the rule keys); missing data is never a pass or a fail, only `unknown`.
 */

import {
  Tag, clusterIdFromInstanceTags, clusterIdsOf, clusterTagKey, hasClusterTag, hasNoClusterPrefixTag, unusualClusterTagValue, validateClusterId
} from './cluster-tags';
import { chooseSecurityGroup, SecurityGroupRef } from './security-groups';
import { validateInstanceProfileName } from './instance-profile-name';
import { actionsForRoles, ec2TrustPolicy } from './policies';
import { ActionDecision, evaluateActions, trustsEc2 } from './iam-evaluator';
import { needsOutOfTreeProvider, parseKubernetesVersion, untaggedSubnetsEligible } from './kubernetes-version';
import { loadBalancerZones } from './load-balancer-subnets';
import {
  AwsError, CheckInputs, ClusterFacts, Ec2Instance, Fact, IamFacts
} from './facts';

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'unknown';

export type CheckId =
  | 'cluster-id'
  | 'instance-profile.name'
  | 'instance-profile.exists'
  | 'instance-profile.role'
  | 'instance-profile.trust'
  | 'instance-profile.permissions'
  | 'instance-profile.pass-role'
  | 'instance.cluster-tag'
  | 'instance.cluster-id'
  | 'instance.instance-profile'
  | 'instance.security-groups'
  | 'security-groups'
  | 'subnet.cluster-tag'
  | 'subnets.load-balancer'
  | 'tag.value'
  | 'node.instance';

/** A translatable text: an l10n key under `awsCloudProvider.` and its arguments. */
export interface Text { key: string, args?: Record<string, string | number> }

/** Adding `key=value` to these resources fixes the finding. */
export interface TagFix { resourceIds: string[], key: string, value: string }

export interface Finding {
  id: CheckId;
  status: CheckStatus;
  /** The AWS resource or input the finding is about (an ID or a name). */
  resource: string;
  message: Text;
  /** The provider behaviour the verdict mirrors. */
  rule: Text;
  /** A concrete action: what to do, the command that does it, and the tag that would fix it. */
  fix?: { text: Text, command?: string, tag?: TagFix };
  /** The full list behind a count in the message (e.g. the missing actions), shown on demand. */
  details?: string[];
}

export const STATUS_ORDER: readonly CheckStatus[] = ['fail', 'unknown', 'warn', 'pass'];

function text(key: string, args?: Record<string, string | number>): Text {
  return args ? { key, args } : { key };
}

const rule = (name: string): Text => text(`rule.${ name }`);

const DENIED_CODES = ['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'UnauthorizedOperationException'];

/** The IAM action an AWS operation needs, e.g. DescribeSubnets → ec2:DescribeSubnets. */
export function permissionFor(operation: string): string {
  return `${ /^(Describe|CreateTags)/.test(operation) ? 'ec2' : 'iam' }:${ operation }`;
}

function unknownFrom(id: CheckId, resource: string, error: AwsError, ruleName: string): Finding {
  const args = {
    operation: error.operation, code: error.code, message: error.message
  };
  const denied = DENIED_CODES.includes(error.code);

  return {
    id,
    status:  'unknown',
    resource,
    message: denied ? text('check.unknownDenied', { ...args, permission: permissionFor(error.operation) }) : text('check.unknown', args),
    rule:    rule(ruleName),
    fix:     denied ? { text: text('fix.grantRead', { permission: permissionFor(error.operation) }) } : undefined,
  };
}

/** The fix that tags `resourceIds` with our key = owned, as a command and as data for "Tag it". */
function tagFix(textKey: string, resourceIds: string[], inputs: CheckInputs): Finding['fix'] {
  const regionFlag = inputs.region ? ` --region ${ inputs.region }` : '';
  const key = clusterTagKey(inputs.clusterId);

  return {
    text:    text(textKey),
    command: `aws ec2 create-tags${ regionFlag } --resources ${ resourceIds.join(' ') } --tags Key=${ key },Value=owned`,
    tag:     {
      resourceIds, key, value: 'owned'
    },
  };
}

function tagValueFindings(resource: string, tags: Tag[] | undefined, clusterId: string): Finding[] {
  const value = unusualClusterTagValue(tags, clusterId);

  if (value === undefined) {
    return [];
  }

  return [{
    id:      'tag.value',
    status:  'warn',
    resource,
    message: text('check.tagValue.unusual', { key: clusterTagKey(clusterId), value }),
    rule:    rule('tagValue'),
    fix:     { text: text('fix.tagValue') },
  }];
}

export function checkClusterId(clusterId: string): Finding {
  const verdict = validateClusterId(clusterId);

  return {
    id:       'cluster-id',
    status:   verdict.valid ? 'pass' : 'fail',
    resource: clusterId,
    message:  verdict.valid ? text('check.clusterId.valid', { key: clusterTagKey(clusterId) }) : text(`check.clusterId.${ verdict.problem }`, verdict.args),
    rule:     rule('clusterTagKey'),
  };
}

function profileNameOfArn(arn: string | undefined): string {
  return (arn || '').split('/').pop() || '';
}

/** The per-instance checks: cluster tag, a single cluster ID, the instance profile, the security group rule. */
export function checkInstance(instance: Ec2Instance, inputs: CheckInputs, taggedGroups: Fact<SecurityGroupRef[]>): Finding[] {
  const id = instance.InstanceId || '?';
  const { clusterId } = inputs;
  const findings: Finding[] = [];
  const tagged = hasClusterTag(instance.Tags, clusterId);

  findings.push({
    id:       'instance.cluster-tag',
    status:   tagged ? 'pass' : 'fail',
    resource: id,
    message:  tagged ? text('check.instanceClusterTag.present', { key: clusterTagKey(clusterId) }) : text('check.instanceClusterTag.missing', { key: clusterTagKey(clusterId) }),
    rule:     rule('instanceClusterTag'),
    fix:      tagged ? undefined : tagFix('fix.tagInstance', [id], inputs),
  });

  const fromTags = clusterIdFromInstanceTags(instance.Tags);

  if (fromTags.ok) {
    const same = fromTags.clusterId === clusterId;

    findings.push({
      id:       'instance.cluster-id',
      status:   same ? 'pass' : 'fail',
      resource: id,
      message:  same ? text('check.instanceClusterId.ok', { clusterId }) : text('check.instanceClusterId.other', { found: fromTags.clusterId, clusterId }),
      rule:     rule('instanceClusterId'),
    });
  } else {
    // In-tree every kubelet reads the ID from its own instance; out-of-tree (1.27+) only the
    // cloud-controller-manager's control-plane host does, so elsewhere it is a warning.
    const version = parseKubernetesVersion(inputs.kubernetesVersion);
    const onlyControllerReads = fromTags.problem !== 'missing' && !!version && needsOutOfTreeProvider(version);
    const args: Record<string, string> = fromTags.problem === 'multipleClusterTags' ? { keys: fromTags.keys.join(', ') } : fromTags.problem === 'multipleLegacyTags' ? { values: fromTags.values.join(', ') } : fromTags.problem === 'legacyMismatch' ? { legacy: fromTags.legacy, current: fromTags.current } : {};

    findings.push({
      id:       'instance.cluster-id',
      status:   onlyControllerReads ? 'warn' : 'fail',
      resource: id,
      message:  text(`check.instanceClusterId.${ fromTags.problem }`, args),
      rule:     rule('instanceClusterId'),
      fix:      fromTags.problem === 'missing' ? undefined : { text: text(onlyControllerReads ? 'fix.singleClusterTagOutOfTree' : 'fix.singleClusterTag', { key: clusterTagKey(clusterId) }) },
    });
  }

  findings.push(...tagValueFindings(id, instance.Tags, clusterId));
  findings.push(checkAttachedProfile(instance, inputs));
  findings.push(checkInstanceGroups(instance, inputs, taggedGroups));

  return findings;
}

function checkAttachedProfile(instance: Ec2Instance, inputs: CheckInputs): Finding {
  const id = instance.InstanceId || '?';
  const attached = profileNameOfArn(instance.IamInstanceProfile?.Arn);
  const expected = inputs.instanceProfileName;
  const base = {
    id: 'instance.instance-profile' as const, resource: id, rule: rule('instanceProfileAttached')
  };

  if (!attached) {
    return {
      ...base,
      status:  'fail',
      message: text('check.instanceProfile.none'),
      fix:     expected ? { text: text('fix.attachProfile'), command: `aws ec2 associate-iam-instance-profile --instance-id ${ id } --iam-instance-profile Name=${ expected }` } : { text: text('fix.attachProfile') },
    };
  }
  // The cluster-tagged instances include every pool's nodes, and Rancher's docs give control-plane
  // and etcd/worker nodes different profiles: another known profile is fine, an unknown one is
  // worth a look, but the provider itself only needs the node to have one.
  if (expected && attached !== expected && !(inputs.knownInstanceProfiles || []).includes(attached)) {
    return {
      ...base, status: 'warn', message: text('check.instanceProfile.other', { attached, expected })
    };
  }

  return {
    ...base, status: 'pass', message: text('check.instanceProfile.ok', { attached })
  };
}

function groupLabel(group: SecurityGroupRef): string {
  return group.GroupName ? `${ group.GroupId } (${ group.GroupName })` : group.GroupId || '?';
}

/** The provider's per-instance table, applied to the groups `groups` (with their tags). */
function securityGroupFinding(id: 'instance.security-groups' | 'security-groups', resource: string, groups: SecurityGroupRef[], inputs: CheckInputs): Finding {
  const choice = chooseSecurityGroup(groups, inputs.clusterId);
  const base = {
    id, resource, rule: rule('securityGroupPerInstance')
  };

  switch (choice.outcome) {
  case 'tagged':
    return {
      ...base, status: 'pass', message: text('check.securityGroups.tagged', { group: groupLabel(choice.group) })
    };
  case 'untaggedFallback':
    return {
      ...base,
      status:  'warn',
      message: text('check.securityGroups.untaggedFallback', { group: groupLabel(choice.group) }),
      fix:     tagFix('fix.tagOneGroup', [choice.group.GroupId as string], inputs),
    };
  case 'multipleTagged':
    return {
      ...base,
      status:  'fail',
      message: text('check.securityGroups.multipleTagged', { groups: choice.groups.map(groupLabel).join(', ') }),
      fix:     { text: text('fix.untagExtraGroups') },
    };
  case 'multipleUntagged':
    return {
      ...base,
      status:  'fail',
      message: text('check.securityGroups.multipleUntagged', { groups: choice.groups.map(groupLabel).join(', ') }),
      // Which group should carry the tag is the user's choice: no one-click fix here.
      fix:     { text: text('fix.tagOneGroup') },
    };
  default:
    return {
      ...base, status: 'warn', message: text('check.securityGroups.none')
    };
  }
}

function checkInstanceGroups(instance: Ec2Instance, inputs: CheckInputs, taggedGroups: Fact<SecurityGroupRef[]>): Finding {
  const id = instance.InstanceId || '?';

  if (!taggedGroups.ok) {
    return unknownFrom('instance.security-groups', id, taggedGroups.error, 'securityGroupPerInstance');
  }

  const tagsById = new Map(taggedGroups.value.map((group) => [group.GroupId, group.Tags]));
  const groups = (instance.SecurityGroups || []).map((group) => ({ ...group, Tags: tagsById.get(group.GroupId) || [] }));

  return securityGroupFinding('instance.security-groups', id, groups, inputs);
}

export function checkSubnet(subnet: { SubnetId?: string, Tags?: Tag[] }, inputs: CheckInputs): Finding[] {
  const id = subnet.SubnetId || '?';
  const base = {
    id: 'subnet.cluster-tag' as const, resource: id, rule: rule('subnetClusterTag')
  };

  if (hasClusterTag(subnet.Tags, inputs.clusterId)) {
    return [{
      ...base, status: 'pass', message: text('check.subnet.tagged', { key: clusterTagKey(inputs.clusterId) })
    }, ...tagValueFindings(id, subnet.Tags, inputs.clusterId)];
  }

  const fix = tagFix('fix.tagSubnet', [id], inputs);

  if (hasNoClusterPrefixTag(subnet.Tags)) {
    const version = parseKubernetesVersion(inputs.kubernetesVersion);
    const tooOld = version && !untaggedSubnetsEligible(version);

    return [{
      ...base, status: tooOld ? 'fail' : 'warn', message: text(tooOld ? 'check.subnet.untaggedOldVersion' : 'check.subnet.untagged'), fix
    }];
  }

  return [{
    ...base, status: 'fail', message: text('check.subnet.otherClusters', { clusters: clusterIdsOf(subnet.Tags).join(', ') }), fix
  }];
}

function decisionsOf(permissions: IamFacts['permissions'], actions: string[]): Record<string, ActionDecision> | AwsError {
  if (!permissions) {
    return {
      operation: 'GetRole', code: 'NotGathered', message: 'the role could not be read'
    };
  }
  if (!permissions.ok) {
    return permissions.error;
  }
  if (permissions.value.source === 'simulation') {
    return permissions.value.decisions;
  }

  return evaluateActions(permissions.value.policies, actions);
}

export function checkInstanceProfile(inputs: CheckInputs, iam: IamFacts | undefined): Finding[] {
  const name = inputs.instanceProfileName;

  if (name === undefined) {
    return [];
  }

  const verdict = validateInstanceProfileName(name, { required: true });
  const findings: Finding[] = [{
    id:       'instance-profile.name',
    status:   verdict.valid ? 'pass' : 'fail',
    resource: name,
    message:  verdict.valid ? text('check.profileName.valid') : text(`profileName.problem.${ verdict.problem }`, verdict.args),
    rule:     rule('profileName'),
    fix:      verdict.suggestion ? { text: text('profileName.useInstead', { name: verdict.suggestion }) } : undefined,
  }];

  if (!verdict.valid || !iam) {
    return findings;
  }

  const profileRule = 'instanceProfileExists';

  if (!iam.profile.ok) {
    return [...findings, unknownFrom('instance-profile.exists', name, iam.profile.error, profileRule)];
  }
  if (!iam.profile.value) {
    const asRole = iam.roleNamedLikeProfile;
    const roleHint = asRole?.ok && asRole.value;

    findings.push({
      id:       'instance-profile.exists',
      status:   'fail',
      resource: name,
      message:  roleHint ? text('check.profileExists.isRoleName', { name, profiles: asRole.value?.instanceProfiles.join(', ') || '-' }) : text('check.profileExists.missing', { name }),
      rule:     rule(profileRule),
      // A role of that name without a profile: create the profile the console would have, holding it.
      fix:      {
        text:    text('fix.createProfile'),
        command: roleHint ? `aws iam create-instance-profile --instance-profile-name ${ name } && aws iam add-role-to-instance-profile --instance-profile-name ${ name } --role-name ${ name }` : `aws iam create-instance-profile --instance-profile-name ${ name }`,
      },
    });

    return findings;
  }

  const profile = iam.profile.value;

  findings.push({
    id: 'instance-profile.exists', status: 'pass', resource: name, message: text('check.profileExists.ok', { arn: profile.arn || name }), rule: rule(profileRule)
  });

  if (profile.roles.length !== 1) {
    findings.push({
      id:       'instance-profile.role',
      status:   'fail',
      resource: name,
      message:  text('check.profileRole.none'),
      rule:     rule('instanceProfileRole'),
      fix:      { text: text('fix.addRole'), command: `aws iam add-role-to-instance-profile --instance-profile-name ${ name } --role-name ROLE_NAME` },
    });

    return findings;
  }

  const roleName = profile.roles[0].RoleName || '?';

  findings.push({
    id: 'instance-profile.role', status: 'pass', resource: name, message: text('check.profileRole.ok', { role: roleName }), rule: rule('instanceProfileRole')
  });

  if (!iam.role || !iam.role.ok) {
    const error = iam.role && !iam.role.ok ? iam.role.error : {
      operation: 'GetRole', code: 'NotGathered', message: ''
    };

    findings.push(unknownFrom('instance-profile.trust', roleName, error, 'roleTrust'));
  } else {
    const trust = iam.role.value.trustPolicy ? trustsEc2(iam.role.value.trustPolicy) : 'no';

    findings.push({
      id:       'instance-profile.trust',
      status:   trust === 'yes' ? 'pass' : trust === 'conditional' ? 'unknown' : 'fail',
      resource: roleName,
      message:  text(`check.roleTrust.${ trust }`),
      rule:     rule('roleTrust'),
      fix:      trust === 'yes' ? undefined : { text: text('fix.trust'), command: `aws iam update-assume-role-policy --role-name ${ roleName } --policy-document '${ JSON.stringify(ec2TrustPolicy()) }'` },
    });
  }

  findings.push(checkPermissions(inputs, roleName, iam.permissions));
  if (iam.passRole) {
    findings.push(checkPassRole(roleName, iam.passRole));
  }

  return findings;
}

/** EC2 launches an instance with a profile only if the launching credential may pass its role. */
function checkPassRole(roleName: string, passRole: NonNullable<IamFacts['passRole']>): Finding {
  if (!passRole.ok) {
    return unknownFrom('instance-profile.pass-role', roleName, passRole.error, 'passRole');
  }

  const { callerArn, decision } = passRole.value;
  const base = {
    id: 'instance-profile.pass-role' as const, resource: roleName, rule: rule('passRole')
  };

  if (decision === 'allowed') {
    return {
      ...base, status: 'pass', message: text('check.passRole.ok', { caller: callerArn })
    };
  }
  if (decision === 'unknown') {
    return {
      ...base, status: 'unknown', message: text('check.passRole.conditional', { caller: callerArn })
    };
  }

  return {
    ...base, status: 'fail', message: text('check.passRole.denied', { caller: callerArn }), fix: { text: text('fix.passRole', { caller: callerArn }) }
  };
}

function checkPermissions(inputs: CheckInputs, roleName: string, permissions: IamFacts['permissions']): Finding {
  const required = actionsForRoles(inputs.roles, 'rancher');
  const upstream = actionsForRoles(inputs.roles, 'upstream');
  const extras = upstream.filter((action) => !required.includes(action));
  const decisions = decisionsOf(permissions, upstream);
  const base = {
    id: 'instance-profile.permissions' as const, resource: roleName, rule: rule('rolePermissions')
  };

  if ('code' in decisions) {
    return unknownFrom('instance-profile.permissions', roleName, decisions as AwsError, 'rolePermissions');
  }

  const missing = required.filter((action) => decisions[action] === 'implicitDeny' || decisions[action] === 'explicitDeny');
  const undecided = required.filter((action) => !decisions[action] || decisions[action] === 'unknown');
  const missingExtras = extras.filter((action) => decisions[action] !== 'allowed');
  const via = permissions?.ok ? permissions.value.source : 'policies';
  // The policy itself is long: the guide shows it to copy or download as policy.json.
  const fix = {
    text:    text('fix.permissions'),
    command: `aws iam put-role-policy --role-name ${ roleName } --policy-name kubernetes-cloud-provider --policy-document file://policy.json`
  };

  if (missing.length) {
    return {
      ...base,
      status:  'fail',
      message: text('check.permissions.missing', {
        count: missing.length, total: required.length, via
      }),
      fix,
      details: missing
    };
  }
  if (undecided.length) {
    return {
      ...base, status: 'unknown', message: text('check.permissions.conditional', { count: undecided.length, via }), details: undecided
    };
  }
  if (missingExtras.length) {
    return {
      ...base, status: 'warn', message: text('check.permissions.upstreamMissing', { count: missingExtras.length, via }), details: missingExtras
    };
  }

  return {
    ...base, status: 'pass', message: text('check.permissions.ok', { count: upstream.length, via })
  };
}

/** Per VPC: the zones where internal and internet-facing load balancers can get a subnet. */
function checkLoadBalancerSubnets(inputs: CheckInputs, facts: ClusterFacts): Finding[] {
  if (!facts.vpcs) {
    return [];
  }
  if (!facts.vpcs.ok) {
    return [unknownFrom('subnets.load-balancer', inputs.vpcId || '*', facts.vpcs.error, 'loadBalancerSubnets')];
  }

  return facts.vpcs.value.map(({ vpcId, subnets, routeTables }) => {
    const zones = loadBalancerZones(subnets, routeTables, inputs.clusterId);
    const args = { internal: zones.internalZones.join(', ') || '-', public: zones.publicZones.join(', ') || '-' };
    const outcome = !zones.internalZones.length ? 'none' : !zones.publicZones.length ? 'noPublic' : zones.publicZones.length === 1 ? 'oneZone' : 'ok';

    return {
      id:       'subnets.load-balancer' as const,
      status:   outcome === 'ok' ? 'pass' as const : 'warn' as const,
      resource: vpcId,
      message:  text(`check.loadBalancerSubnets.${ outcome }`, args),
      rule:     rule('loadBalancerSubnets'),
      fix:      outcome === 'ok' ? undefined : { text: text('fix.loadBalancerSubnets') },
    };
  });
}

/** Rancher's default group for EC2 machine pools; Rancher creates it with the first node. */
export const RANCHER_DEFAULT_GROUP = 'rancher-nodes';

/** The groups a machine pool attaches (IDs or names): each must exist, and together they obey the per-instance rule. */
function checkPoolGroups(inputs: CheckInputs, facts: ClusterFacts): Finding[] {
  const resource = inputs.securityGroupIds.join(', ');

  if (!facts.poolGroups.ok) {
    return [unknownFrom('security-groups', resource, facts.poolGroups.error, 'securityGroupPerInstance')];
  }

  const found = facts.poolGroups.value;
  const findings: Finding[] = inputs.securityGroupIds
    .filter((wanted) => !found.some((group) => group.GroupId === wanted || group.GroupName === wanted))
    .map((wanted) => ({
      id:       'security-groups' as const,
      status:   wanted === RANCHER_DEFAULT_GROUP ? 'warn' as const : 'fail' as const,
      resource: wanted,
      message:  text(wanted === RANCHER_DEFAULT_GROUP ? 'check.securityGroups.rancherNodesNotYet' : 'check.securityGroups.notFound', { group: wanted }),
      rule:     rule('securityGroupPerInstance'),
    }));

  if (found.length) {
    findings.push(securityGroupFinding('security-groups', resource, found, inputs));
    for (const group of found) {
      findings.push(...tagValueFindings(group.GroupId || '?', group.Tags, inputs.clusterId));
    }
  }

  return findings;
}

/** Tag values of the cluster-tagged groups the instances use, each group once. */
function nodeGroupTagValues(inputs: CheckInputs, facts: ClusterFacts, reported: Finding[]): Finding[] {
  if (!facts.instances.ok || !facts.clusterTaggedGroups.ok) {
    return [];
  }

  const attached = new Set(facts.instances.value.flatMap((i) => (i.SecurityGroups || []).map((g) => g.GroupId)));

  return facts.clusterTaggedGroups.value
    .filter((group) => attached.has(group.GroupId) && !reported.some((f) => f.id === 'tag.value' && f.resource === group.GroupId))
    .flatMap((group) => tagValueFindings(group.GroupId || '?', group.Tags, inputs.clusterId));
}

/** Every check the facts allow, in a stable order: inputs, IAM, pool groups, subnets, instances. */
export function runChecks(inputs: CheckInputs, facts: ClusterFacts): Finding[] {
  const findings: Finding[] = [checkClusterId(inputs.clusterId)];

  if (findings[0].status === 'fail') {
    return findings;
  }

  findings.push(...checkInstanceProfile(inputs, facts.iam));

  if (inputs.securityGroupIds.length) {
    findings.push(...checkPoolGroups(inputs, facts));
  }

  if (!facts.subnets.ok) {
    if (inputs.subnetIds.length || (facts.instances.ok && facts.instances.value.length)) {
      findings.push(unknownFrom('subnet.cluster-tag', inputs.subnetIds.join(', ') || '*', facts.subnets.error, 'subnetClusterTag'));
    }
  } else {
    for (const subnet of facts.subnets.value) {
      findings.push(...checkSubnet(subnet, inputs));
    }
  }

  findings.push(...checkLoadBalancerSubnets(inputs, facts));

  if (!facts.instances.ok) {
    findings.push(unknownFrom('instance.cluster-tag', inputs.instanceIds.join(', ') || '*', facts.instances.error, 'instanceClusterTag'));
  } else if (!facts.instances.value.length) {
    findings.push({
      id:       'instance.cluster-tag',
      status:   'warn',
      resource: clusterTagKey(inputs.clusterId),
      message:  text('check.instanceClusterTag.noInstances', { key: clusterTagKey(inputs.clusterId) }),
      rule:     rule('instanceClusterTag'),
    });
  } else {
    for (const instance of facts.instances.value) {
      findings.push(...checkInstance(instance, inputs, facts.clusterTaggedGroups));
    }
    findings.push(...nodeGroupTagValues(inputs, facts, findings));
  }

  return findings;
}

export function summarize(findings: readonly Finding[]): Record<CheckStatus, number> {
  const summary: Record<CheckStatus, number> = {
    pass: 0, warn: 0, fail: 0, unknown: 0
  };

  for (const finding of findings) {
    summary[finding.status]++;
  }

  return summary;
}
