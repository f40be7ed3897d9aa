/**
 * Facts + inputs → findings: the IAM chain per profile (checks/iam.ts), the network
 * (checks/network.ts) and the instances (checks/instances.ts), decided for the provider the
 * cluster's version runs (ProviderContext). Every check of the run appears in the result: one
 * whose input could not be read is `unknown` with the reason.
 */
import { clusterTagKey, validateClusterId } from '../cluster-tags';
import { CheckInputs, ClusterFacts, Ec2Instance, ok } from '../facts';
import { Finding, finding, rule, text } from '../findings';
import { ProviderContext, checkProviderContext, profileNameOfArn, providerContext } from '../provider';
import { checkProfile } from './iam';
import { ProfileRoles } from './role-permissions';
import {
  ControllerPlacement, checkLoadBalancerSubnets, checkNodeZones, checkPoolGroups, checkSubnet, controllerVpcZones, nodeGroupTagValues, subnetsUnknown
} from './network';
import { checkInstance, checkInstanceVpcs, instanceGroupsChecker, instancesUnknown } from './instances';

export * from '../findings';

/** The cluster ID must fit a tag key (mirrors awsTagging.clusterTagKey, tags.go, and EC2's 128-character key limit). */
export function checkClusterId(clusterId: string): Finding {
  const verdict = validateClusterId(clusterId);

  return finding({
    id:       'cluster-id',
    status:   verdict.valid ? 'pass' : 'fail',
    resource: clusterId,
    message:  verdict.valid ? text('check.clusterId.valid', { key: clusterTagKey(clusterId) }) : text(`check.clusterId.${ verdict.problem }`, verdict.args),
    rule:     rule('clusterTagKey'),
  });
}

/** The roles of a profile found on instances: control plane if any of its instances is one (assumed when unknown). */
export function rolesFromInstances(profileName: string, instances: readonly Ec2Instance[], context: ProviderContext): ProfileRoles {
  const memberships = instances.filter((i) => profileNameOfArn(i.IamInstanceProfile?.Arn) === profileName).map((i) => context.controlPlaneOf(i));

  if (memberships.includes('yes')) {
    return { roles: ['controlplane'], assumed: false };
  }
  if (memberships.length && memberships.every((m) => m === 'no')) {
    return { roles: ['worker'], assumed: false };
  }

  return { roles: ['controlplane'], assumed: true };
}

const unique = (values: (string | undefined)[]) => [...new Set(values.filter((v): v is string => !!v))];

/** Where the controller runs: its instances' VPC and subnets; else the pool's VPC (and subnet, for a control-plane pool). */
export function controllerPlacement(inputs: CheckInputs, instances: readonly Ec2Instance[], context: ProviderContext, givenSubnetVpcs: string[]): ControllerPlacement {
  const hosts = instances.filter((i) => context.controlPlaneOf(i) === 'yes');
  const maybe = instances.filter((i) => context.controlPlaneOf(i) === 'unknown');
  const from = hosts.length ? hosts : maybe;

  if (from.length) {
    return {
      vpcIds: unique(from.map((i) => i.VpcId)), subnetIds: unique(from.map((i) => i.SubnetId)), known: !!hosts.length
    };
  }

  return {
    vpcIds: unique([inputs.vpcId, ...givenSubnetVpcs]), subnetIds: inputs.roles.includes('controlplane') ? inputs.subnetIds : [], known: false
  };
}

/** Every check the facts allow, in a stable order: inputs, provider, IAM, pool groups, subnets, load balancers, instances. */
export function runChecks(inputs: CheckInputs, facts: ClusterFacts): Finding[] {
  const findings: Finding[] = [checkClusterId(inputs.clusterId)];

  if (findings[0].status === 'fail') {
    return findings;
  }

  const context = providerContext(inputs);
  const instances = facts.instances.ok ? facts.instances.value : [];

  findings.push(checkProviderContext(context, instances));

  for (const profile of facts.profiles) {
    const roles = profile.asked ? { roles: inputs.roles, assumed: false } : rolesFromInstances(profile.name, instances, context);

    findings.push(...checkProfile(profile, roles, context, { region: inputs.region, passRole: profile.asked && !!inputs.checkPassRole }));
  }

  if (inputs.securityGroupIds.length) {
    findings.push(...checkPoolGroups(inputs, facts.poolGroups));
  }

  if (!facts.subnets.ok) {
    if (inputs.subnetIds.length || instances.length) {
      findings.push(...subnetsUnknown(inputs, facts.subnets));
    }
  } else {
    for (const subnet of facts.subnets.value) {
      findings.push(...checkSubnet(subnet, inputs, context));
    }
  }

  const givenSubnetVpcs = facts.subnets.ok ? facts.subnets.value.filter((s) => inputs.subnetIds.includes(s.SubnetId || '')).map((s) => s.VpcId || '') : [];
  const placement = controllerPlacement(inputs, instances, context, givenSubnetVpcs);

  const vpcZones = controllerVpcZones(inputs, facts, context, placement);

  findings.push(...checkLoadBalancerSubnets(placement.vpcIds.join(', ') || inputs.vpcId || '*', vpcZones));
  findings.push(...checkNodeZones(vpcZones, instances));

  if (!facts.instances.ok) {
    findings.push(...instancesUnknown(inputs.instanceIds.join(', ') || clusterTagKey(inputs.clusterId), facts.instances));
  } else if (!instances.length) {
    findings.push(finding({
      id:       'instance.cluster-tag',
      status:   'warn',
      resource: clusterTagKey(inputs.clusterId),
      message:  text('check.instanceClusterTag.noInstances', { key: clusterTagKey(inputs.clusterId) }),
      rule:     rule('instanceClusterTag'),
    }));
  } else {
    const taggedGroupTags = facts.clusterTaggedGroups.ok ? ok(new Map(facts.clusterTaggedGroups.value.map((group) => [group.GroupId, group.Tags]))) : facts.clusterTaggedGroups;

    const groupsOf = instanceGroupsChecker(inputs, taggedGroupTags);

    for (const instance of instances) {
      findings.push(...checkInstance(instance, inputs, context, groupsOf));
    }
    findings.push(...checkInstanceVpcs(instances, placement));

    const reported = new Set(findings.filter((f) => f.id === 'tag.value').map((f) => f.resource));

    findings.push(...nodeGroupTagValues(inputs, facts, reported));
  }

  return findings;
}
