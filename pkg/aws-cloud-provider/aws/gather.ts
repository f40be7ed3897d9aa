/**
 * Gathers what the checks need with as few calls and as few dependent round trips as it can:
 * independent reads run in parallel, EC2 filters do the selecting server-side, every page is
 * followed. Each fact chain has its reader: instance-scan.ts (instances), network-reads.ts
 * (subnets, VPCs, groups, zones), iam-reads.ts (profiles, roles, policies); paging.ts follows
 * pages, calls.ts turns each call into a fact.
 *
 * EC2, round 1: the instances (given IDs; the cluster-tagged, ours and the legacy tag in one scan,
 * see instance-scan.ts), the pool's groups, every cluster-tagged group (both tags in one call),
 * and every subnet and route table of the pool's VPC (the given subnets are found there); then
 * those of any other VPC the given subnets or the instances are in, as soon as it is known. Zone
 * types (from 1.27), by the names of the zones those subnets are in, as soon as each batch of
 * subnets is known. IAM, beside it: the instance profile; then its role, the simulation and the
 * policy lists (or, for a missing profile, a role of that name); then, only when simulation is
 * refused, the policy documents.
 */

import { AwsClients, Filter } from './clients';
import { GatherOptions, merged, unique, uniqueBy } from './calls';
import { describeInstancesById, describeInstancesByZone } from './instance-scan';
import {
  describeGroupsWhere, describePoolGroups, givenSubnets, vpcReader, zoneNamesOf, zoneReader
} from './network-reads';
import { profileReader } from './iam-reads';
import {
  CheckInputs, ClusterFacts, Ec2Instance, Ec2SecurityGroup, Ec2Subnet, Fact, ok
} from '../domain/facts';
import { LEGACY_CLUSTER_TAG, clusterTagKey } from '../domain/cluster-tags';
import { profileNameOfArn, providerContext } from '../domain/provider';
import { dropsNonRegularZones } from '../domain/kubernetes-version';

export { GatherCancelled } from './calls';
export type { GatherOptions } from './calls';
export { EC2_PAGE_SIZE } from './paging';
export {
  ID_HALVES, SCAN_PAGES_IN_FLIGHT, ZONE_PARTITIONS, describeInstancesByZone, gatherInstancesByNodeName
} from './instance-scan';
export { gatherPoolResources } from './network-reads';

const NOT_TERMINATED: Filter = { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] };

/**
 * Resources with either cluster tag are asked in one call (a `tag-key` filter with both keys);
 * this keeps ours and the legacy `KubernetesCluster=<ID>`, not another cluster's legacy tag.
 */
function taggedFor(clusterId: string): { filter: Filter, keep: (resource: { Tags?: { Key?: string, Value?: string }[] }) => boolean } {
  const key = clusterTagKey(clusterId);

  return {
    filter: { Name: 'tag-key', Values: [key, LEGACY_CLUSTER_TAG] },
    keep:   (resource) => (resource.Tags || []).some((t) => t.Key === key || (t.Key === LEGACY_CLUSTER_TAG && t.Value === clusterId)),
  };
}

function keeping<T>(fact: Fact<T[]>, keep: (item: T) => boolean): Fact<T[]> {
  return fact.ok ? ok(fact.value.filter(keep)) : fact;
}

export async function gatherClusterFacts(clients: AwsClients, inputs: CheckInputs, options: GatherOptions = {}): Promise<ClusterFacts> {
  const { ec2 } = clients;
  const tagged = taggedFor(inputs.clusterId);

  // IAM depends on nothing from EC2: the asked profile's chain runs beside the EC2 pages, not after them.
  const profiles = profileReader(clients.iam, inputs, options);

  if (inputs.instanceProfileName !== undefined) {
    profiles.start(inputs.instanceProfileName, true);
  }
  // A VPC's subnets and route tables are read as soon as the VPC is known: the pool's at once,
  // beside the instance scan rather than after it.
  const vpcReads = vpcReader(ec2, options);

  vpcReads.start([inputs.vpcId]);
  const givenSubnetsRead = givenSubnets(ec2, inputs, vpcReads, options);
  // Zone types matter only where Local and Wavelength Zones are dropped; asked by the subnets' zone
  // names as each batch of subnets arrives, beside the instance scan rather than after it.
  const zoneReads = dropsNonRegularZones(providerContext(inputs).version) ? zoneReader(ec2, options) : undefined;
  const askZonesOfVpcs = (ids: (string | undefined)[]) => {
    if (zoneReads && unique(ids).length) {
      vpcReads.of(unique(ids)).then((read) => zoneReads.start(zoneNamesOf(read.subnets.ok ? read.subnets.value : [])), () => undefined);
    }
  };

  askZonesOfVpcs([inputs.vpcId]);
  // Cancelling rejects it: that surfaces where it is awaited below.
  givenSubnetsRead.then((fact) => {
    const given = fact.ok ? fact.value : [];

    vpcReads.start(given.map((s) => s.VpcId));
    zoneReads?.start(zoneNamesOf(given));
    askZonesOfVpcs(given.map((s) => s.VpcId));
  }, () => undefined);
  const [givenInstances, taggedInstances, givenSubnetsFact, poolGroups, taggedGroups] = await Promise.all([
    inputs.instanceIds.length ? describeInstancesById(ec2, inputs.instanceIds, options) : Promise.resolve(ok<Ec2Instance[]>([])),
    describeInstancesByZone(ec2, [tagged.filter, NOT_TERMINATED], options).then((fact) => keeping(fact, tagged.keep)),
    givenSubnetsRead,
    describePoolGroups(ec2, inputs, options),
    describeGroupsWhere(ec2, [tagged.filter], options).then((fact) => keeping<Ec2SecurityGroup>(fact, tagged.keep)),
  ]);

  const instances = merged([givenInstances, taggedInstances], (i) => i.InstanceId);
  const instanceList = instances.ok ? instances.value : [];
  const knownSubnets = givenSubnetsFact.ok ? givenSubnetsFact.value : [];
  const vpcIds = unique([inputs.vpcId, ...knownSubnets.map((s) => s.VpcId), ...instanceList.map((i) => i.VpcId)]);
  const verifiedElsewhere = new Set(inputs.knownInstanceProfiles || []);

  // Every other profile the instances use is verified too: one IAM chain per distinct profile.
  for (const name of unique(instanceList.map((i) => profileNameOfArn(i.IamInstanceProfile?.Arn)))) {
    if (name !== inputs.instanceProfileName && !verifiedElsewhere.has(name)) {
      profiles.start(name, false);
    }
  }
  // The VPCs' subnets include the instances' own; only a VPC no input named is read now.
  const vpcsRead = vpcReads.of(vpcIds);
  // Most names were asked already; only a VPC found through the instances adds a step here.
  const zonesRead = zoneReads ? vpcsRead.then((read) => zoneReads.of(zoneNamesOf([...knownSubnets, ...(read.subnets.ok ? read.subnets.value : [])]))) : Promise.resolve(undefined);
  const [{ subnets: vpcSubnets, vpcs }, profileFacts, zones] = await Promise.all([
    vpcsRead,
    profiles.all(),
    zonesRead,
  ]);

  return {
    instances,
    subnets:             relevantSubnets(inputs, instanceList, givenSubnetsFact, vpcSubnets),
    clusterTaggedGroups: taggedGroups,
    poolGroups,
    vpcs,
    zones,
    profiles:            profileFacts,
  };
}

/** The given subnets and the instances' own; a VPC read that failed matters only when it was needed for an instance's subnet. */
function relevantSubnets(inputs: CheckInputs, instances: Ec2Instance[], given: Fact<Ec2Subnet[]>, vpcSubnets: Fact<Ec2Subnet[]>): Fact<Ec2Subnet[]> {
  if (!given.ok) {
    return given;
  }
  const relevantIds = new Set(unique([...inputs.subnetIds, ...instances.map((i) => i.SubnetId)]));
  const relevant = uniqueBy([...given.value, ...(vpcSubnets.ok ? vpcSubnets.value : []).filter((s) => relevantIds.has(s.SubnetId as string))], (s) => s.SubnetId);
  const found = new Set(relevant.map((s) => s.SubnetId));

  return instances.some((i) => i.SubnetId && !found.has(i.SubnetId)) && !vpcSubnets.ok ? vpcSubnets : ok(relevant);
}
