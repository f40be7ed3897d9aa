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
}

export function loadBalancerZones(subnets: readonly VpcSubnet[], routeTables: readonly RouteTable[], clusterId: string): LoadBalancerZones {
  const candidates = subnets.filter((s) => hasClusterTag(s.Tags, clusterId) || hasNoClusterPrefixTag(s.Tags));
  const zones = (list: VpcSubnet[]) => list.map((s) => s.AvailabilityZone || '?').filter((zone, i, all) => all.indexOf(zone) === i).sort();

  return {
    internalZones: zones(candidates),
    publicZones:   zones(candidates.filter((s) => isPublic(s, routeTables))),
  };
}
