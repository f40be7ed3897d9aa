/**
 * Which subnets the provider can put load balancers in: subnets of the cluster's VPC that carry
 * our cluster tag (any value) or no `kubernetes.io/cluster/*` tag at all. Internet-facing load
 * balancers need public ones: the subnet's route table (its explicit association, else the
 * VPC's main table) routes through an `igw-` gateway. One subnet per availability zone.
 */

import { Tag, hasClusterTag, hasNoClusterPrefixTag } from './cluster-tags';

export interface RouteTable {
  RouteTableId?: string;
  VpcId?: string;
  Associations?: { SubnetId?: string, Main?: boolean }[];
  Routes?: { GatewayId?: string, DestinationCidrBlock?: string }[];
}

export interface VpcSubnet { SubnetId?: string, VpcId?: string, AvailabilityZone?: string, Tags?: Tag[] }

export function routeTableOf(subnet: VpcSubnet, routeTables: readonly RouteTable[]): RouteTable | undefined {
  const explicit = routeTables.find((table) => (table.Associations || []).some((a) => a.SubnetId === subnet.SubnetId));

  return explicit || routeTables.find((table) => table.VpcId === subnet.VpcId && (table.Associations || []).some((a) => a.Main));
}

export function isPublic(subnet: VpcSubnet, routeTables: readonly RouteTable[]): boolean {
  return (routeTableOf(subnet, routeTables)?.Routes || []).some((route) => (route.GatewayId || '').startsWith('igw-'));
}

export interface LoadBalancerZones {
  /** Zones with a candidate subnet for internal load balancers. */
  internalZones: string[];
  /** Zones with a public candidate subnet, for internet-facing load balancers. */
  publicZones: string[];
  /** Candidate subnets dropped because their zone is a Local Zone or Wavelength Zone. */
  excluded: string[];
  /** True when no subnet qualified and the controller's own subnet stands in (findSubnets' fall-back). */
  fallback: boolean;
  /** Zones of candidate subnets whose type EC2 did not describe: whether they are dropped is not known (kept in the zone lists). */
  unverifiedZones: string[];
}

/**
 * Whether subnets of a zone stay load-balancer candidates, by the zone's type as EC2 describes it
 * (mirrors findELBSubnets, aws.go, with getZoneDetailsByNames, zones.go): `regular` for
 * `availability-zone` (or when types do not matter), `other` for Local and Wavelength Zones,
 * `unverified` for a zone EC2 did not describe.
 */
export function zoneTypeOf(zoneName: string | undefined, zoneTypes: ReadonlyMap<string, string> | undefined): 'regular' | 'other' | 'unverified' {
  if (!zoneTypes) {
    return 'regular';
  }

  const type = zoneTypes.get(zoneName || '');

  return type === undefined ? 'unverified' : type === 'availability-zone' ? 'regular' : 'other';
}

export interface CandidateRules {
  /** Untagged subnets count (from 1.19.10, 1.20.6, 1.21.0). */
  untaggedEligible: boolean;
  /** Zone name → zone type as EC2 describes the zones, when zones of another type than `availability-zone` are dropped (out-of-tree, 1.27+). */
  zoneTypes?: ReadonlyMap<string, string>;
  /** The subnet of the controller's own instance, the fall-back when nothing qualifies. */
  controllerSubnet?: VpcSubnet;
}

/**
 * The zones load balancers can use (mirrors findSubnets and findELBSubnets, aws.go): candidates
 * carry our cluster tag or, where eligible, no cluster tag; none → the controller's own subnet;
 * internet-facing ones only public subnets; out-of-tree, zones whose type is not
 * `availability-zone` are dropped. A zone missing from the types is not taken for a regular one:
 * its subnets stay in the lists and the zone is named in `unverifiedZones`.
 */
export function loadBalancerZones(subnets: readonly VpcSubnet[], routeTables: readonly RouteTable[], clusterId: string, rules: CandidateRules = { untaggedEligible: true }): LoadBalancerZones {
  let candidates = subnets.filter((s) => hasClusterTag(s.Tags, clusterId) || (rules.untaggedEligible && hasNoClusterPrefixTag(s.Tags)));
  const fallback = !candidates.length;

  if (fallback) {
    candidates = rules.controllerSubnet ? [rules.controllerSubnet] : [];
  }

  const typeOf = (s: VpcSubnet) => zoneTypeOf(s.AvailabilityZone, rules.zoneTypes);
  const excluded = candidates.filter((s) => typeOf(s) === 'other').map((s) => s.SubnetId || '?');
  const kept = candidates.filter((s) => typeOf(s) !== 'other');
  const zones = (list: VpcSubnet[]) => [...new Set(list.map((s) => s.AvailabilityZone || '?'))].sort();

  return {
    internalZones:   zones(kept),
    publicZones:     zones(kept.filter((s) => isPublic(s, routeTables))),
    excluded,
    fallback,
    unverifiedZones: zones(kept.filter((s) => typeOf(s) === 'unverified')),
  };
}
