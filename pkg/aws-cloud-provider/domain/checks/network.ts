/**
 * The network chain: the pool's security groups, the subnets' cluster tags, where load
 * balancers can go in the controller's VPC, the zones of the nodes, and tag values.
 */
import {
  Tag, clusterIdsOf, clusterTagKey, hasClusterTag, hasNoClusterPrefixTag, unusualClusterTagValue
} from '../cluster-tags';
import { SecurityGroupRef, chooseSecurityGroup } from '../security-groups';
import { dropsNonRegularZones, untaggedSubnetsEligible } from '../kubernetes-version';
import { LoadBalancerZones, isPublic, loadBalancerZones } from '../load-balancer-subnets';
import {
  CheckInputs, ClusterFacts, Ec2Instance, Ec2SecurityGroup, Ec2Zone, Fact, ok
} from '../facts';
import {
  Finding, finding, rule, text, unknownFrom
} from '../findings';
import { ProviderContext } from '../provider';
import { tagFix } from './tag-fix';

/** The value of our tag should be owned or shared (mirrors hasClusterTagOwned, tags.go: only `owned` groups are reused or deleted). */
export function tagValueFindings(resource: string, tags: Tag[] | undefined, clusterId: string): Finding[] {
  const value = unusualClusterTagValue(tags, clusterId);

  return value === undefined ? [] : [finding({
    id:       'tag.value',
    status:   'warn',
    resource,
    message:  text('check.tagValue.unusual', { key: clusterTagKey(clusterId), value }),
    rule:     rule('tagValue'),
    fix:      { text: text('fix.tagValue') },
  })];
}

function groupLabel(group: SecurityGroupRef): string {
  return group.GroupName ? `${ group.GroupId } (${ group.GroupName })` : group.GroupId || '?';
}

/** The provider's per-instance table applied to `groups` (mirrors findSecurityGroupForInstance, aws.go). */
export function securityGroupFinding(id: 'instance.security-groups' | 'security-groups', resource: string, groups: SecurityGroupRef[], inputs: Pick<CheckInputs, 'clusterId' | 'region'>): Finding {
  const choice = chooseSecurityGroup(groups, inputs.clusterId);
  const base = {
    id, resource, rule: rule('securityGroupPerInstance')
  };

  switch (choice.outcome) {
  case 'tagged':
    return finding({
      ...base, status: 'pass', message: text('check.securityGroups.tagged', { group: groupLabel(choice.group) })
    });
  case 'untaggedFallback':
    return finding({
      ...base,
      status:  'warn',
      message: text('check.securityGroups.untaggedFallback', { group: groupLabel(choice.group) }),
      fix:     tagFix('fix.tagOneGroup', [choice.group.GroupId as string], inputs),
    });
  case 'multipleTagged':
    return finding({
      ...base,
      status:  'fail',
      message: text('check.securityGroups.multipleTagged', { groups: choice.groups.map(groupLabel).join(', ') }),
      fix:     { text: text('fix.untagExtraGroups') },
    });
  case 'multipleUntagged':
    return finding({
      ...base,
      status:  'fail',
      message: text('check.securityGroups.multipleUntagged', { groups: choice.groups.map(groupLabel).join(', ') }),
      // Which group should carry the tag is the user's choice: no one-click fix here.
      fix:     { text: text('fix.tagOneGroup') },
    });
  default:
    return finding({
      ...base, status: 'warn', message: text('check.securityGroups.none')
    });
  }
}

/** Rancher's default group for EC2 machine pools; Rancher creates it with the first node. */
export const RANCHER_DEFAULT_GROUP = 'rancher-nodes';

/** The groups a machine pool attaches (IDs or names): each must exist, and together they obey the per-instance rule (findSecurityGroupForInstance, aws.go). */
export function checkPoolGroups(inputs: CheckInputs, poolGroups: Fact<Ec2SecurityGroup[]>): Finding[] {
  const resource = inputs.securityGroupIds.join(', ');

  if (!poolGroups.ok) {
    return [unknownFrom('security-groups', resource, poolGroups.error, 'securityGroupPerInstance')];
  }

  const found = poolGroups.value;
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

/**
 * A subnet's cluster tag (mirrors findSubnets, aws.go): tagged → candidate; untagged → candidate
 * from 1.19.10/1.20.6/1.21.0; tagged only for other clusters → not a candidate. Only load-balancer
 * placement depends on it (the nodes in it work either way), so the worst here is a warning and
 * checkLoadBalancerSubnets says whether placement fails.
 */
export function checkSubnet(subnet: { SubnetId?: string, Tags?: Tag[] }, inputs: Pick<CheckInputs, 'clusterId' | 'region'>, context: ProviderContext): Finding[] {
  const id = subnet.SubnetId || '?';
  const base = {
    id: 'subnet.cluster-tag' as const, resource: id, rule: rule('subnetClusterTag')
  };

  if (hasClusterTag(subnet.Tags, inputs.clusterId)) {
    return [finding({
      ...base, status: 'pass', message: text('check.subnet.tagged', { key: clusterTagKey(inputs.clusterId) })
    }), ...tagValueFindings(id, subnet.Tags, inputs.clusterId)];
  }

  const fix = tagFix('fix.tagSubnet', [id], inputs);

  if (hasNoClusterPrefixTag(subnet.Tags)) {
    const eligible = untaggedSubnetsEligible(context.version);

    return [finding({
      ...base, status: 'warn', message: text(eligible ? 'check.subnet.untagged' : 'check.subnet.untaggedOldVersion'), fix
    })];
  }

  return [finding({
    ...base, status: 'warn', message: text('check.subnet.otherClusters', { clusters: clusterIdsOf(subnet.Tags).join(', ') }), fix
  })];
}

/** Where the controller runs: its VPC (the only one load balancers use) and its own subnet there. */
export interface ControllerPlacement { vpcIds: string[], subnetIds: string[], known: boolean }

/**
 * The zone name → type map of the zones EC2 described, when the version drops non-regular zones
 * (mirrors getZoneDetailsByNames, zones.go): a zone it did not describe is absent, so it is
 * "could not verify", never a regular zone; a described zone without a type (older answers) is a regular one.
 */
export function zoneTypesFor(zones: readonly Ec2Zone[], context: ProviderContext): Map<string, string> | undefined {
  return dropsNonRegularZones(context.version) ? new Map(zones.filter((z) => z.ZoneName).map((z) => [z.ZoneName as string, z.ZoneType || 'availability-zone'])) : undefined;
}

/** One controller VPC's load-balancer zones, and whether the controller's own subnet (the fall-back) is public. */
export interface ControllerVpcZones { vpcId: string, found: LoadBalancerZones, controllerSubnetKnown: boolean, controllerSubnetPublic: boolean }

/**
 * The load-balancer zones of each controller VPC (mirrors findSubnets and findELBSubnets, aws.go),
 * worked out once for the checks that read them; a fact AWS refused makes them unknown.
 */
export function controllerVpcZones(inputs: CheckInputs, facts: Pick<ClusterFacts, 'vpcs' | 'zones'>, context: ProviderContext, placement: ControllerPlacement): Fact<ControllerVpcZones[]> | undefined {
  if (!facts.vpcs || !facts.vpcs.ok) {
    return facts.vpcs;
  }
  if (dropsNonRegularZones(context.version) && facts.zones && !facts.zones.ok) {
    return facts.zones;
  }

  const zoneTypes = zoneTypesFor(facts.zones?.ok ? facts.zones.value : [], context);
  const untaggedEligible = untaggedSubnetsEligible(context.version);

  return ok(facts.vpcs.value.filter((vpc) => !placement.vpcIds.length || placement.vpcIds.includes(vpc.vpcId)).map(({ vpcId, subnets, routeTables }) => {
    const controllerSubnet = subnets.find((s) => placement.subnetIds.includes(s.SubnetId || ''));

    return {
      vpcId,
      found:                  loadBalancerZones(subnets, routeTables, inputs.clusterId, {
        untaggedEligible, zoneTypes, controllerSubnet
      }),
      controllerSubnetKnown:  !!controllerSubnet,
      controllerSubnetPublic: !!controllerSubnet && isPublic(controllerSubnet, routeTables),
    };
  }));
}

/** Per controller VPC: where internal and internet-facing load balancers get a subnet. Internet-facing is the default scheme: no public subnet fails. */
export function checkLoadBalancerSubnets(resource: string, vpcZones: Fact<ControllerVpcZones[]> | undefined): Finding[] {
  if (!vpcZones) {
    return [];
  }
  if (!vpcZones.ok) {
    return [unknownFrom('subnets.load-balancer', resource, vpcZones.error, 'loadBalancerSubnets')];
  }

  return vpcZones.value.map(({
    vpcId, found, controllerSubnetKnown, controllerSubnetPublic
  }) => {
    if (found.unverifiedZones.length) {
      return {
        id:       'subnets.load-balancer' as const,
        status:   'unknown' as const,
        resource: vpcId,
        message:  text('check.loadBalancerSubnets.zoneUnverified', { zones: found.unverifiedZones.join(', '), count: found.unverifiedZones.length }),
        rule:     rule('loadBalancerSubnets'),
      };
    }

    const outcome = loadBalancerOutcome(found, controllerSubnetKnown, controllerSubnetPublic);
    const args = {
      internal: found.internalZones.join(', ') || '-', public: found.publicZones.join(', ') || '-', excluded: found.excluded.length
    };

    return {
      id:       'subnets.load-balancer' as const,
      status:   outcome === 'ok' ? 'pass' as const : outcome === 'oneZone' || outcome === 'fallbackPublic' ? 'warn' as const : 'fail' as const,
      resource: vpcId,
      message:  text(`check.loadBalancerSubnets.${ outcome }`, args),
      rule:     rule('loadBalancerSubnets'),
      fix:      outcome === 'ok' ? undefined : { text: text('fix.loadBalancerSubnets') },
      ...(found.excluded.length ? { details: found.excluded } : {}),
    };
  });
}

type LoadBalancerOutcome = 'ok' | 'oneZone' | 'noPublic' | 'fallbackPublic' | 'fallbackPrivate' | 'none';

function loadBalancerOutcome(found: LoadBalancerZones, controllerSubnetKnown: boolean, controllerSubnetPublic: boolean): LoadBalancerOutcome {
  if (found.fallback) {
    if (!controllerSubnetKnown) {
      return 'none';
    }

    return controllerSubnetPublic && found.publicZones.length ? 'fallbackPublic' : 'fallbackPrivate';
  }
  if (!found.publicZones.length) {
    return 'noPublic';
  }

  return found.publicZones.length === 1 ? 'oneZone' : 'ok';
}

/** Nodes in a zone without an internet-facing load-balancer subnet get no traffic from those load balancers (findELBSubnets picks one subnet per zone). */
export function checkNodeZones(vpcZones: Fact<ControllerVpcZones[]> | undefined, instances: readonly Ec2Instance[]): Finding[] {
  if (!instances.length || !vpcZones?.ok) {
    return [];
  }

  return vpcZones.value.flatMap(({ vpcId, found }): Finding[] => {
    const nodeZones = [...new Set(instances.filter((i) => i.VpcId === vpcId).map((i) => i.Placement?.AvailabilityZone).filter((z): z is string => !!z))].sort();
    const unverified = nodeZones.filter((zone) => found.unverifiedZones.includes(zone) && found.publicZones.includes(zone));
    const uncovered = nodeZones.filter((zone) => !found.publicZones.includes(zone));

    if (unverified.length) {
      // Whether the provider keeps those zones' subnets depends on a zone type EC2 did not give.
      return [finding({
        id:       'subnets.node-zones',
        status:   'unknown',
        resource: vpcId,
        message:  text('check.nodeZones.zoneUnverified', { zones: unverified.join(', '), count: unverified.length }),
        rule:     rule('nodeZones'),
      })];
    }
    if (!nodeZones.length || !found.publicZones.length) {
      // No public subnet at all is checkLoadBalancerSubnets' failure; nothing to add per zone.
      return [];
    }

    return [finding({
      id:       'subnets.node-zones',
      status:   uncovered.length ? 'warn' : 'pass',
      resource: vpcId,
      message:  text(uncovered.length ? 'check.nodeZones.uncovered' : 'check.nodeZones.ok', { zones: (uncovered.length ? uncovered : nodeZones).join(', '), count: uncovered.length }),
      rule:     rule('nodeZones'),
      fix:      uncovered.length ? { text: text('fix.loadBalancerSubnets') } : undefined,
    })];
  });
}

/** Tag values of the cluster-tagged groups the instances use, each group once. */
export function nodeGroupTagValues(inputs: CheckInputs, facts: Pick<ClusterFacts, 'instances' | 'clusterTaggedGroups'>, reported: ReadonlySet<string>): Finding[] {
  if (!facts.instances.ok || !facts.clusterTaggedGroups.ok) {
    return [];
  }

  const attached = new Set(facts.instances.value.flatMap((i) => (i.SecurityGroups || []).map((g) => g.GroupId)));

  return facts.clusterTaggedGroups.value
    .filter((group) => attached.has(group.GroupId) && !reported.has(group.GroupId || ''))
    .flatMap((group) => tagValueFindings(group.GroupId || '?', group.Tags, inputs.clusterId));
}

/** Subnet checks when the subnets could not be read: each asked-about check listed as unknown. */
export function subnetsUnknown(inputs: CheckInputs, error: Fact<unknown>): Finding[] {
  return error.ok ? [] : [unknownFrom('subnet.cluster-tag', inputs.subnetIds.join(', ') || '*', error.error, 'subnetClusterTag')];
}
