/**
 * The network facts: subnets (given, and every one of each VPC with its route tables, read once
 * per VPC as VPCs become known), security groups (the pool's, by ID and by name), and zone types
 * by zone name.
 */

import { Ec2Api, Filter } from './clients';
import {
  GatherOptions, attempt, chunks, combine, merged, unique, uniqueBy
} from './calls';
import { EC2_PAGE_SIZE, FILTER_VALUES_MAX, allEc2Pages } from './paging';
import {
  CheckInputs, ClusterFacts, Ec2SecurityGroup, Ec2Subnet, Ec2Zone, Fact, ok
} from '../domain/facts';

export function describeSubnetsById(ec2: Ec2Api, ids: string[], options: GatherOptions): Promise<Fact<Ec2Subnet[]>> {
  return Promise.all(chunks(ids, FILTER_VALUES_MAX).map((part) => attempt('DescribeSubnets', options, () => allEc2Pages((NextToken) => ec2.describeSubnets({
    Filters: [{ Name: 'subnet-id', Values: part }], MaxResults: EC2_PAGE_SIZE, NextToken
  }), (page) => page.Subnets || []))))
    .then(combine);
}

export function describeGroupsWhere(ec2: Ec2Api, filters: Filter[], options: GatherOptions): Promise<Fact<Ec2SecurityGroup[]>> {
  return attempt('DescribeSecurityGroups', options, () => allEc2Pages((NextToken) => ec2.describeSecurityGroups({
    Filters: filters, MaxResults: EC2_PAGE_SIZE, NextToken
  }), (page) => page.SecurityGroups || []));
}

/** Pool groups are given as IDs (`sg-...`) or, as in Rancher's EC2 config, as names. */
function groupIds(inputs: Pick<CheckInputs, 'securityGroupIds'>): string[] {
  return inputs.securityGroupIds.filter((g) => g.startsWith('sg-'));
}

function groupNames(inputs: Pick<CheckInputs, 'securityGroupIds'>): string[] {
  return inputs.securityGroupIds.filter((g) => !g.startsWith('sg-'));
}

/** Group names are unique per VPC only: look them up in the pool's VPC. */
function groupNameFilters(inputs: Pick<CheckInputs, 'securityGroupIds' | 'vpcId'>): Filter[] {
  return [{ Name: 'group-name', Values: groupNames(inputs) }, ...(inputs.vpcId ? [{ Name: 'vpc-id', Values: [inputs.vpcId] }] : [])];
}

/** The groups a pool names, by ID and by name (in its VPC). */
export async function describePoolGroups(ec2: Ec2Api, inputs: Pick<CheckInputs, 'securityGroupIds' | 'vpcId'>, options: GatherOptions): Promise<Fact<Ec2SecurityGroup[]>> {
  const [byId, byName] = await Promise.all([
    groupIds(inputs).length ? describeGroupsWhere(ec2, [{ Name: 'group-id', Values: groupIds(inputs) }], options) : Promise.resolve(ok<Ec2SecurityGroup[]>([])),
    groupNames(inputs).length ? describeGroupsWhere(ec2, groupNameFilters(inputs), options) : Promise.resolve(ok<Ec2SecurityGroup[]>([])),
  ]);

  return merged([byId, byName], (g) => g.GroupId);
}

/** A pool's subnet and groups with their tags: where a new cluster's ID may already be written. */
export async function gatherPoolResources(ec2: Ec2Api, inputs: Pick<CheckInputs, 'subnetIds' | 'securityGroupIds' | 'vpcId'>, options: GatherOptions = {}): Promise<{ subnets: Fact<Ec2Subnet[]>, groups: Fact<Ec2SecurityGroup[]> }> {
  const [subnets, groups] = await Promise.all([
    inputs.subnetIds.length ? describeSubnetsById(ec2, inputs.subnetIds, options) : Promise.resolve(ok<Ec2Subnet[]>([])),
    describePoolGroups(ec2, inputs, options),
  ]);

  return { subnets, groups };
}

type VpcFacts = NonNullable<ClusterFacts['vpcs']>;
type VpcContents = Extract<VpcFacts, { ok: true }>['value'][number];
export type VpcRead = { subnets: Fact<Ec2Subnet[]>, vpcs: VpcFacts };

/** Every subnet and route table of each VPC, pages followed, all VPCs at once. */
async function describeVpcs(ec2: Ec2Api, vpcIds: string[], options: GatherOptions): Promise<VpcRead> {
  if (!vpcIds.length) {
    return { subnets: ok([]), vpcs: ok([]) };
  }

  const filters = [{ Name: 'vpc-id', Values: vpcIds }];
  const [subnets, routeTables] = await Promise.all([
    attempt('DescribeSubnets', options, () => allEc2Pages((NextToken) => ec2.describeSubnets({
      Filters: filters, MaxResults: EC2_PAGE_SIZE, NextToken
    }), (page) => page.Subnets || [])),
    attempt('DescribeRouteTables', options, () => allEc2Pages((NextToken) => ec2.describeRouteTables({
      Filters: filters, MaxResults: 100, NextToken
    }), (page) => page.RouteTables || [])),
  ]);

  if (!subnets.ok) {
    return { subnets, vpcs: subnets };
  }
  if (!routeTables.ok) {
    return { subnets, vpcs: routeTables };
  }

  return {
    subnets,
    vpcs: ok(vpcIds.map((vpcId) => ({
      vpcId, subnets: subnets.value.filter((s) => s.VpcId === vpcId), routeTables: routeTables.value.filter((t) => t.VpcId === vpcId)
    }))),
  };
}

/** Reads each VPC once, in batches as VPCs become known; `of` puts the reads of some VPCs together. */
export function vpcReader(ec2: Ec2Api, options: GatherOptions) {
  const reads = new Map<string, Promise<VpcRead>>();

  const start = (ids: (string | undefined)[]): void => {
    const fresh = unique(ids).filter((id) => !reads.has(id));

    if (fresh.length) {
      const read = describeVpcs(ec2, fresh, options);

      // Cancelling can reject it before `of` awaits it: mark it handled, `of` rethrows.
      read.catch(() => undefined);
      fresh.forEach((id) => reads.set(id, read));
    }
  };

  const of = async(ids: string[]): Promise<VpcRead> => {
    start(ids);
    const answers = await Promise.all([...new Set(ids.map((id) => reads.get(id) as Promise<VpcRead>))]);
    const subnets = combine(answers.map((answer) => answer.subnets));
    const failure = answers.find((answer) => !answer.vpcs.ok)?.vpcs;
    const byId = new Map(answers.flatMap((answer) => (answer.vpcs.ok ? answer.vpcs.value : [])).map((vpc) => [vpc.vpcId, vpc]));

    return { subnets, vpcs: failure || ok(ids.map((id) => byId.get(id) as VpcContents)) };
  };

  return { start, of };
}

/**
 * The given subnets. In the pool's VPC (the usual case) they are in that VPC's read, which is
 * asked anyway: no call of their own. Only those not found there, or all of them when the VPC is
 * not given or its read failed, are asked by ID.
 */
export async function givenSubnets(ec2: Ec2Api, inputs: Pick<CheckInputs, 'subnetIds' | 'vpcId'>, vpcs: ReturnType<typeof vpcReader>, options: GatherOptions): Promise<Fact<Ec2Subnet[]>> {
  if (!inputs.subnetIds.length) {
    return ok([]);
  }
  const inVpc = inputs.vpcId ? (await vpcs.of([inputs.vpcId])).subnets : undefined;

  if (!inVpc?.ok) {
    return describeSubnetsById(ec2, inputs.subnetIds, options);
  }
  const wanted = new Set(inputs.subnetIds);
  const found = inVpc.value.filter((s) => wanted.has(s.SubnetId as string));
  const rest = inputs.subnetIds.filter((id) => !found.some((s) => s.SubnetId === id));
  const others = rest.length ? await describeSubnetsById(ec2, rest, options) : ok<Ec2Subnet[]>([]);

  return others.ok ? ok(uniqueBy([...found, ...others.value], (s) => s.SubnetId)) : others;
}

/** The zone names of these subnets, once each. */
export function zoneNamesOf(subnets: readonly Ec2Subnet[]): string[] {
  return unique(subnets.map((s) => s.AvailabilityZone)).sort();
}

/**
 * Asks EC2 for zones by name, as the provider asks (getZoneDetailsByNames, zones.go: DescribeAvailabilityZones
 * with a `zone-name` filter), each name once, in batches as names become known; `of` puts the answers
 * for some names together. A name EC2 does not describe is simply absent from the answer.
 */
export function zoneReader(ec2: Ec2Api, options: GatherOptions) {
  const reads = new Map<string, Promise<Fact<Ec2Zone[]>>>();

  const start = (names: string[]): void => {
    const fresh = unique(names).filter((name) => !reads.has(name));

    for (const part of chunks(fresh, FILTER_VALUES_MAX)) {
      const read = attempt('DescribeAvailabilityZones', options, () => ec2.describeAvailabilityZones({ Filters: [{ Name: 'zone-name', Values: part }] })
        .then((answer) => (answer.AvailabilityZones || []) as Ec2Zone[]));

      // Cancelling can reject it before `of` awaits it: mark it handled, `of` rethrows.
      read.catch(() => undefined);
      part.forEach((name) => reads.set(name, read));
    }
  };

  const of = async(names: string[]): Promise<Fact<Ec2Zone[]>> => {
    start(names);
    const answers = await Promise.all([...new Set(unique(names).map((name) => reads.get(name) as Promise<Fact<Ec2Zone[]>>))]);
    const zones = combine(answers);

    return zones.ok ? ok(uniqueBy(zones.value, (zone) => zone.ZoneName)) : zones;
  };

  return { start, of };
}
