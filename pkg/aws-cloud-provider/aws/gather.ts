/**
 * Gathers what the checks need with as few dependent round trips as possible: independent
 * calls run in parallel, EC2 filters do the selecting server-side, every page is followed.
 *
 * EC2, round 1: instances (given IDs; our tag key, in one page chain per zone partition; the
 * legacy tag), the given subnets, the given groups, every cluster-tagged group, and every
 * subnet and route table of the pool's VPC; then those of any other VPC the given subnets or
 * the instances are in, as soon as it is known. Zone types (from 1.27), by the names of the zones
 * those subnets are in, as soon as each batch of subnets is known (see zoneReader).
 * IAM, beside it: the instance profile; then its role, the simulation and the policy lists
 * (or, for a missing profile, a role of that name); then, only when simulation is refused,
 * the policy documents.
 */

import {
  AwsClients, Ec2Api, Filter, IamApi, SimulationResult
} from './clients';
import { concurrencyLimit } from './concurrency';
import { awsErrorOf } from './errors';
import {
  AwsError, CheckInputs, ClusterFacts, Ec2Instance, Ec2SecurityGroup, Ec2Subnet, Ec2Zone, Fact, IamFacts, PermissionsFact, ProfileFacts, RoleInfo, failed, ok
} from '../domain/facts';
import { LEGACY_CLUSTER_TAG, clusterTagKey } from '../domain/cluster-tags';
import { ActionDecision, RolePolicies, parsePolicyDocument } from '../domain/iam-evaluator';
import { PolicyDocument } from '../domain/policies';
import { ActionNeed, actionNeeds, sampleArnsFor, scopeOfRoleArn } from '../domain/permissions';
import { ALL_ROLES } from '../domain/roles';
import { profileNameOfArn, providerContext } from '../domain/provider';
import { dropsNonRegularZones } from '../domain/kubernetes-version';

export interface GatherOptions {
  /** Stops the gathering between calls (the panel's Cancel). */
  signal?: AbortSignal;
  /** Hears progress: the name of each AWS operation as it completes. */
  onProgress?: (operation: string) => void;
}

export const EC2_PAGE_SIZE = 1000;
// EC2 filters accept at most 200 values each.
const FILTER_VALUES_MAX = 200;

/**
 * The tag-key scan's partitions, by the last character of the instance's zone name (a wildcard
 * on the `availability-zone` filter). One scan is a chain of pages, each asked with the token
 * of the one before: 10 dependent round trips for 10,000 nodes. One chain per zone letter runs
 * them side by side, a third as long for nodes over zones a, b and c, and it needs no zone list
 * first (that would be a round trip in front). Zone names (`us-east-1a`, Local Zones'
 * `us-west-2-lax-1a`, Wavelength's `us-east-1-wl1-bos-wlz-1`) end in a lowercase letter or a
 * digit: the partitions are disjoint and, with the last one, exhaustive by construction.
 */
export const ZONE_PARTITIONS: readonly (readonly string[])[] = [
  ...[...'abcdef'].map((letter) => [`*${ letter }`]),
  // Zone letters past f and Wavelength Zones' digits are rare: one chain for them all.
  [...'ghijklmnopqrstuvwxyz0123456789'].map((last) => `*${ last }`),
];

/**
 * Scan pages asked at once: a bound whatever the cluster's size. A throttled page is retried by
 * the SDK client itself (its maxAttempts, with backoff) while its chain waits, so throttling
 * slows the scan down rather than piling requests on.
 */
export const SCAN_PAGES_IN_FLIGHT = 8;

/** IAM's code is NoSuchEntity; the SDK names the error class NoSuchEntityException. */
function isNoSuchEntity(error: AwsError): boolean {
  return error.code === 'NoSuchEntity' || error.code === 'NoSuchEntityException';
}

export class GatherCancelled extends Error {
  constructor() {
    super('Verification cancelled');
    this.name = 'GatherCancelled';
  }
}

function checkCancelled(options: GatherOptions): void {
  if (options.signal?.aborted) {
    throw new GatherCancelled();
  }
}

/** Settles when `signal` aborts, so a hung request does not hold up Cancel. */
function whenCancelled(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_resolve, reject) => {
    signal?.addEventListener('abort', () => reject(new GatherCancelled()), { once: true });
  });
}

/** Runs one AWS call, turning its error into a fact; cancellation stops everything at once. */
async function attempt<T>(operation: string, options: GatherOptions, call: () => Promise<T>): Promise<Fact<T>> {
  checkCancelled(options);
  try {
    const value = options.signal ? await Promise.race([call(), whenCancelled(options.signal)]) : await call();

    checkCancelled(options);
    options.onProgress?.(operation);

    return ok(value);
  } catch (error) {
    if (error instanceof GatherCancelled) {
      throw error;
    }
    checkCancelled(options);

    return failed(awsErrorOf(operation, error));
  }
}

/** Follows EC2 `NextToken` pages. */
async function allEc2Pages<R extends { NextToken?: string }, T>(call: (token?: string) => Promise<R>, items: (page: R) => T[]): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;

  do {
    const page = await call(token);

    out.push(...items(page));
    token = page.NextToken || undefined;
  } while (token);

  return out;
}

/** Follows IAM `Marker` / `IsTruncated` pages. */
async function allIamPages<R extends { IsTruncated?: boolean, Marker?: string }, T>(call: (marker?: string) => Promise<R>, items: (page: R) => T[]): Promise<T[]> {
  const out: T[] = [];
  let marker: string | undefined;

  do {
    const page = await call(marker);

    out.push(...items(page));
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);

  return out;
}

function chunks<T>(values: T[], size: number): T[][] {
  const out: T[][] = [];

  for (let i = 0; i < values.length; i += size) {
    out.push(values.slice(i, i + size));
  }

  return out;
}

function combine<T>(facts: Fact<T[]>[]): Fact<T[]> {
  const failure = facts.find((fact) => !fact.ok);

  if (failure) {
    return failure;
  }

  return ok(facts.flatMap((fact) => (fact.ok ? fact.value : [])));
}

/** Several lookups of the same kind as one fact: their items without repeats, or the first error. */
function merged<T>(facts: Fact<T[]>[], key: (item: T) => string | undefined): Fact<T[]> {
  const all = combine(facts);

  return all.ok ? ok(uniqueBy(all.value, key)) : all;
}

function uniqueBy<T>(items: T[], key: (item: T) => string | undefined): T[] {
  const seen = new Map<string, T>();

  for (const item of items) {
    const k = key(item);

    if (k && !seen.has(k)) {
      seen.set(k, item);
    }
  }

  return [...seen.values()];
}

type InstancesPage = Awaited<ReturnType<Ec2Api['describeInstances']>>;

const instancesOf = (page: InstancesPage) => (page.Reservations || []).flatMap((r) => r.Instances || []);

function describeInstancesWhere(ec2: Ec2Api, filters: Filter[], options: GatherOptions): Promise<Fact<Ec2Instance[]>> {
  return attempt('DescribeInstances', options, () => allEc2Pages(
    (NextToken) => ec2.describeInstances({
      Filters: filters, MaxResults: EC2_PAGE_SIZE, NextToken
    }),
    instancesOf
  ));
}

/** The instances `filters` select, one page chain per zone partition, each instance once; one error fails it all. */
export function describeInstancesByZone(ec2: Ec2Api, filters: Filter[], options: GatherOptions = {}): Promise<Fact<Ec2Instance[]>> {
  const inFlight = concurrencyLimit(SCAN_PAGES_IN_FLIGHT);
  let failed = false;
  const chain = (zones: readonly string[]) => allEc2Pages(
    (NextToken): Promise<InstancesPage> => {
      // Once one chain has failed (or the user cancelled), the scan has: the others ask no more.
      if (failed || options.signal?.aborted) {
        return Promise.reject(new Error('scan stopped'));
      }

      return inFlight(() => ec2.describeInstances({
        Filters: [...filters, { Name: 'availability-zone', Values: [...zones] }], MaxResults: EC2_PAGE_SIZE, NextToken
      }));
    },
    instancesOf
  ).catch((error) => {
    failed = true;
    throw error;
  });

  // Promise.all rejects with the first failure, the real one: "scan stopped" can only follow it.
  return attempt('DescribeInstances', options, async() => uniqueBy((await Promise.all(ZONE_PARTITIONS.map(chain))).flat(), (i) => i.InstanceId));
}

function describeSubnetsById(ec2: Ec2Api, ids: string[], options: GatherOptions): Promise<Fact<Ec2Subnet[]>> {
  return Promise.all(chunks(ids, FILTER_VALUES_MAX).map((part) => attempt('DescribeSubnets', options, () => allEc2Pages(
    (NextToken) => ec2.describeSubnets({
      Filters: [{ Name: 'subnet-id', Values: part }], MaxResults: EC2_PAGE_SIZE, NextToken
    }),
    (page) => page.Subnets || []
  )))).then(combine);
}

function describeGroupsWhere(ec2: Ec2Api, filters: Filter[], options: GatherOptions): Promise<Fact<Ec2SecurityGroup[]>> {
  return attempt('DescribeSecurityGroups', options, () => allEc2Pages(
    (NextToken) => ec2.describeSecurityGroups({
      Filters: filters, MaxResults: EC2_PAGE_SIZE, NextToken
    }),
    (page) => page.SecurityGroups || []
  ));
}

/** The live states findInstanceByNodeName (aws.go) looks among. */
const LIVE_STATES: Filter = { Name: 'instance-state-name', Values: ['pending', 'running', 'shutting-down', 'stopping', 'stopped'] };

/** Instances whose private DNS name is the name of a node without providerID (mirrors findInstanceByNodeName, aws.go). */
export async function gatherInstancesByNodeName(ec2: Ec2Api, names: string[], options: GatherOptions = {}): Promise<Fact<Ec2Instance[]>> {
  return combine(await Promise.all(chunks(names, FILTER_VALUES_MAX).map((part) => describeInstancesWhere(ec2, [{ Name: 'private-dns-name', Values: part }, LIVE_STATES], options))));
}

/** The groups a pool names, by ID and by name (in its VPC). */
async function describePoolGroups(ec2: Ec2Api, inputs: Pick<CheckInputs, 'securityGroupIds' | 'vpcId'>, options: GatherOptions): Promise<Fact<Ec2SecurityGroup[]>> {
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

export async function gatherClusterFacts(clients: AwsClients, inputs: CheckInputs, options: GatherOptions = {}): Promise<ClusterFacts> {
  const { ec2 } = clients;

  const describeInstances = (filters: Filter[]) => describeInstancesWhere(ec2, filters, options);
  const describeSubnets = (ids: string[]) => describeSubnetsById(ec2, ids, options);
  const describeGroups = (filters: Filter[]) => describeGroupsWhere(ec2, filters, options);

  // IAM depends on nothing from EC2: the asked profile's chain runs beside the EC2 pages, not after them.
  const profiles = profileReader(clients.iam, inputs, options);

  if (inputs.instanceProfileName !== undefined) {
    profiles.start(inputs.instanceProfileName, true);
  }
  const notTerminated: Filter = { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] };
  // A VPC's subnets and route tables are read as soon as the VPC is known: the pool's at once,
  // beside the instance scan rather than after it.
  const vpcReads = vpcReader(ec2, options);

  vpcReads.start([inputs.vpcId]);
  const givenSubnetsRead = inputs.subnetIds.length ? describeSubnets(inputs.subnetIds) : Promise.resolve(ok<Ec2Subnet[]>([]));
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
  const [givenInstances, taggedInstances, legacyInstances, givenSubnets, poolGroups, taggedGroups, legacyGroups] = await Promise.all([
    inputs.instanceIds.length ? Promise.all(chunks(inputs.instanceIds, FILTER_VALUES_MAX).map((part) => describeInstances([{ Name: 'instance-id', Values: part }]))).then(combine) : Promise.resolve(ok<Ec2Instance[]>([])),
    describeInstancesByZone(ec2, [{ Name: 'tag-key', Values: [clusterTagKey(inputs.clusterId)] }, notTerminated], options),
    // Legacy-tagged clusters are rare and small: one chain.
    describeInstances([{ Name: `tag:${ LEGACY_CLUSTER_TAG }`, Values: [inputs.clusterId] }, notTerminated]),
    givenSubnetsRead,
    describePoolGroups(ec2, inputs, options),
    describeGroups([{ Name: 'tag-key', Values: [clusterTagKey(inputs.clusterId)] }]),
    describeGroups([{ Name: `tag:${ LEGACY_CLUSTER_TAG }`, Values: [inputs.clusterId] }]),
  ]);

  const instances = merged([givenInstances, taggedInstances, legacyInstances], (i) => i.InstanceId);
  const instanceList = instances.ok ? instances.value : [];
  const knownSubnets = givenSubnets.ok ? givenSubnets.value : [];
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
  const relevantIds = new Set(unique([...inputs.subnetIds, ...instanceList.map((i) => i.SubnetId)]));
  const relevant = uniqueBy([...knownSubnets, ...(vpcSubnets.ok ? vpcSubnets.value : []).filter((s) => relevantIds.has(s.SubnetId as string))], (s) => s.SubnetId);
  const relevantFound = new Set(relevant.map((s) => s.SubnetId));
  const instanceSubnetsMissing = instanceList.some((i) => i.SubnetId && !relevantFound.has(i.SubnetId));

  return {
    instances,
    subnets:             !givenSubnets.ok ? givenSubnets : (instanceSubnetsMissing && !vpcSubnets.ok ? vpcSubnets : ok(relevant)),
    clusterTaggedGroups: merged([taggedGroups, legacyGroups], (g) => g.GroupId),
    poolGroups,
    vpcs,
    zones,
    profiles:            profileFacts,
  };
}

/** The zone names of these subnets, once each. */
function zoneNamesOf(subnets: readonly Ec2Subnet[]): string[] {
  return unique(subnets.map((s) => s.AvailabilityZone)).sort();
}

/**
 * Asks EC2 for zones by name, as the provider asks (getZoneDetailsByNames, zones.go: DescribeAvailabilityZones
 * with a `zone-name` filter), each name once, in batches as names become known; `of` puts the answers
 * for some names together. A name EC2 does not describe is simply absent from the answer.
 */
function zoneReader(ec2: Ec2Api, options: GatherOptions) {
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

/** Reads each instance profile once, as its name becomes known; `all` waits for every one started. */
function profileReader(iam: IamApi, inputs: CheckInputs, options: GatherOptions) {
  const reads = new Map<string, Promise<ProfileFacts>>();

  const start = (name: string, asked: boolean): void => {
    if (!reads.has(name)) {
      const read = readInstanceProfile(iam, name, options)
        .then((profile) => completeIamFacts(iam, profile, name, inputs, asked, options))
        .then((facts) => ({
          name, asked, iam: facts
        }));

      // Cancelling can reject it while the EC2 round is still awaited: mark it handled, `all` rethrows.
      read.catch(() => undefined);
      reads.set(name, read);
    }
  };

  return { start, all: () => Promise.all(reads.values()) };
}

/** The values once each, in first-seen order, without the empty ones. */
function unique(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((value): value is string => !!value))];
}

type VpcFacts = NonNullable<ClusterFacts['vpcs']>;
type VpcContents = Extract<VpcFacts, { ok: true }>['value'][number];
type VpcRead = { subnets: Fact<Ec2Subnet[]>, vpcs: VpcFacts };

/** Reads each VPC once, in batches as VPCs become known; `of` puts the reads of some VPCs together. */
function vpcReader(ec2: Ec2Api, options: GatherOptions) {
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

/** Every subnet and route table of each VPC, pages followed, all VPCs at once. */
async function describeVpcs(ec2: Ec2Api, vpcIds: string[], options: GatherOptions): Promise<{ subnets: Fact<Ec2Subnet[]>, vpcs: VpcFacts }> {
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

async function readInstanceProfile(iam: IamApi, name: string, options: GatherOptions): Promise<Fact<IamFacts['profile'] extends Fact<infer T> ? T : never>> {
  const fact = await attempt('GetInstanceProfile', options, () => iam.getInstanceProfile({ InstanceProfileName: name }));

  if (!fact.ok) {
    return isNoSuchEntity(fact.error) ? ok(null) : fact;
  }

  const profile = fact.value.InstanceProfile;

  return ok(profile ? {
    name: profile.InstanceProfileName || name, arn: profile.Arn, roles: (profile.Roles || []).map((r) => ({ RoleName: r.RoleName, Arn: r.Arn }))
  } : null);
}

/** Every action any node role may need, for the simulation: the domain picks per profile. */
function simulatedNeeds(inputs: CheckInputs): ActionNeed[] {
  return actionNeeds(ALL_ROLES, providerContext(inputs).version);
}

async function completeIamFacts(iam: IamApi, profile: IamFacts['profile'], name: string, inputs: CheckInputs, asked: boolean, options: GatherOptions): Promise<IamFacts> {
  if (!profile.ok) {
    return { profile };
  }
  if (!profile.value) {
    return asked ? { profile, roleNamedLikeProfile: await roleNamed(iam, name, options) } : { profile };
  }

  const role = profile.value.roles[0];

  if (!role?.RoleName) {
    return { profile };
  }

  const roleName = role.RoleName;
  const needs = simulatedNeeds(inputs);
  const [roleFact, simulation, attached, inline, passRole] = await Promise.all([
    attempt('GetRole', options, () => iam.getRole({ RoleName: roleName })),
    role.Arn ? simulateNeeds(iam, role.Arn, needs, inputs.region, options) : Promise.resolve(failed<never>({
      operation: 'SimulatePrincipalPolicy', code: 'NoRoleArn', message: 'the profile does not give the role ARN'
    })),
    attempt('ListAttachedRolePolicies', options, () => allIamPages((Marker) => iam.listAttachedRolePolicies({ RoleName: roleName, Marker }), (page) => page.AttachedPolicies || [])),
    attempt('ListRolePolicies', options, () => allIamPages((Marker) => iam.listRolePolicies({ RoleName: roleName, Marker }), (page) => page.PolicyNames || [])),
    asked && inputs.checkPassRole && role.Arn ? callerMayPassRole(iam, role.Arn, options) : Promise.resolve(undefined),
  ]);

  const roleInfo: Fact<RoleInfo> = roleFact.ok ? ok({
    name:                   roleName,
    arn:                    roleFact.value.Role?.Arn,
    trustPolicy:            roleFact.value.Role?.AssumeRolePolicyDocument ? parsePolicyDocument(roleFact.value.Role.AssumeRolePolicyDocument) : undefined,
    permissionsBoundaryArn: roleFact.value.Role?.PermissionsBoundary?.PermissionsBoundaryArn,
  }) : roleFact;

  let permissions: Fact<PermissionsFact>;

  if (simulation.ok) {
    // The simulator cannot tell "allowed on specific resources" from "not allowed": the documents can.
    const scopedRefusal = needs.some((need) => !need.resources.includes('any') && simulation.value[need.action] === 'implicitDeny');
    const documents = scopedRefusal ? await readRolePolicies(iam, roleName, roleInfo, attached, inline, undefined, options) : undefined;
    const policies: RolePolicies | undefined = documents?.ok && documents.value.source === 'policies' ? documents.value.policies : undefined;

    permissions = ok({
      source: 'simulation', decisions: simulation.value, ...(policies ? { policies } : {})
    });
  } else {
    permissions = await readRolePolicies(iam, roleName, roleInfo, attached, inline, simulation.error, options);
  }

  return {
    profile, role: roleInfo, permissions, passRole
  };
}

/**
 * AWS's policy simulator on the resources the provider acts on: one call for the actions that
 * take `*` (Describe calls), one for the resource-scoped ones with a sample ARN per kind of
 * resource, decided per resource. Both at once.
 */
async function simulateNeeds(iam: IamApi, roleArn: string, needs: ActionNeed[], region: string | undefined, options: GatherOptions): Promise<Fact<Record<string, ActionDecision>>> {
  const scope = scopeOfRoleArn(roleArn, region);
  const anyResource = needs.filter((need) => need.resources.includes('any')).map((need) => need.action);
  const scoped = needs.filter((need) => !need.resources.includes('any'));
  const samplesOf = new Map(scoped.map((need) => [need.action, sampleArnsFor(need, scope)]));
  const simulate = (actions: string[], resources: string[]) => (actions.length ? attempt('SimulatePrincipalPolicy', options, () => allIamPages(
    (Marker) => iam.simulatePrincipalPolicy({
      PolicySourceArn: roleArn, ActionNames: actions, ResourceArns: resources, Marker
    }),
    (page) => page.EvaluationResults || []
  )) : Promise.resolve(ok<SimulationResult[]>([])));
  const [general, specific] = await Promise.all([
    simulate(anyResource, ['*']),
    simulate(scoped.map((need) => need.action), [...new Set([...samplesOf.values()].flat())]),
  ]);

  if (!general.ok) {
    return general;
  }
  if (!specific.ok) {
    return specific;
  }

  return ok({ ...simulationDecisions(general.value), ...simulationDecisions(specific.value, samplesOf) });
}

/** Who is calling (an IAM user; STS is not behind Rancher's proxy), and may they pass the role to EC2. */
async function callerMayPassRole(iam: IamApi, roleArn: string, options: GatherOptions): Promise<Fact<{ callerArn: string, decision: ActionDecision }>> {
  const caller = await attempt('GetUser', options, () => iam.getUser({}));

  if (!caller.ok) {
    return caller;
  }

  const callerArn = caller.value.User?.Arn || '';
  // The usual grant is conditional on iam:PassedToService = ec2.amazonaws.com: say it, as EC2's launch does.
  const simulation = await attempt('SimulatePrincipalPolicy', options, () => iam.simulatePrincipalPolicy({
    PolicySourceArn: callerArn,
    ActionNames:     ['iam:PassRole'],
    ResourceArns:    [roleArn],
    ContextEntries:  [{
      ContextKeyName: 'iam:PassedToService', ContextKeyValues: ['ec2.amazonaws.com'], ContextKeyType: 'string'
    }],
  }));

  if (!simulation.ok) {
    return simulation;
  }

  return ok({ callerArn, decision: simulationDecisions(simulation.value.EvaluationResults || [])['iam:PassRole'] || 'implicitDeny' });
}

function decisionOf(decision: string | undefined, missingContext: string[] | undefined): ActionDecision {
  // An answer that depended on context values we did not give is not a verdict.
  if (missingContext?.length) {
    return 'unknown';
  }

  return decision === 'allowed' ? 'allowed' : decision === 'explicitDeny' ? 'explicitDeny' : 'implicitDeny';
}

/**
 * The simulator's answers per action; with `resourcesOf`, decided over that action's own
 * resources (ResourceSpecificResults): allowed only on all of them, an explicit deny on any wins.
 */
function simulationDecisions(results: SimulationResult[], resourcesOf?: ReadonlyMap<string, string[]>): Record<string, ActionDecision> {
  const decisions: Record<string, ActionDecision> = {};

  for (const result of results) {
    if (!result.EvalActionName) {
      continue;
    }

    const own = resourcesOf?.get(result.EvalActionName);
    const perResource = (result.ResourceSpecificResults || []).filter((r) => own?.includes(r.EvalResourceName || ''));

    if (own && perResource.length) {
      const each = perResource.map((r) => decisionOf(r.EvalResourceDecision, r.MissingContextValues));

      decisions[result.EvalActionName] = each.includes('explicitDeny') ? 'explicitDeny' : each.includes('implicitDeny') ? 'implicitDeny' : each.includes('unknown') ? 'unknown' : 'allowed';
    } else {
      // With ResourceArns, IAM may list the missing context keys per resource only.
      const missing = [...(result.MissingContextValues || []), ...(result.ResourceSpecificResults || []).flatMap((r) => r.MissingContextValues || [])];

      decisions[result.EvalActionName] = decisionOf(result.EvalDecision, missing);
    }
  }

  return decisions;
}

async function readRolePolicies(
  iam: IamApi, roleName: string, role: Fact<RoleInfo>,
  attached: Fact<{ PolicyArn?: string }[]>, inline: Fact<string[]>, simulationError: AwsError | undefined, options: GatherOptions
): Promise<Fact<PermissionsFact>> {
  if (!role.ok) {
    return role;
  }
  if (!attached.ok) {
    return attached;
  }
  if (!inline.ok) {
    return inline;
  }

  const managedArns = attached.value.map((p) => p.PolicyArn).filter((arn): arn is string => !!arn);
  const boundaryArn = role.value.permissionsBoundaryArn;
  const [managed, inlineDocs, boundary] = await Promise.all([
    Promise.all(managedArns.map((arn) => readManagedPolicy(iam, arn, options))),
    Promise.all(inline.value.map((name) => attempt('GetRolePolicy', options, () => iam.getRolePolicy({ RoleName: roleName, PolicyName: name }).then((r) => parsePolicyDocument(r.PolicyDocument || '{}'))))),
    boundaryArn ? readManagedPolicy(iam, boundaryArn, options) : Promise.resolve(undefined),
  ]);
  const documents = combine([...managed, ...inlineDocs].map((fact) => (fact.ok ? ok([fact.value]) : fact)));

  if (!documents.ok) {
    return documents;
  }
  if (boundary && !boundary.ok) {
    return boundary;
  }

  return ok({
    source: 'policies', policies: { identityPolicies: documents.value, permissionsBoundary: boundary?.ok ? boundary.value : undefined }, simulationError
  });
}

async function readManagedPolicy(iam: IamApi, arn: string, options: GatherOptions): Promise<Fact<PolicyDocument>> {
  const policy = await attempt('GetPolicy', options, () => iam.getPolicy({ PolicyArn: arn }));

  if (!policy.ok) {
    return policy;
  }

  const versionId = policy.value.Policy?.DefaultVersionId || 'v1';
  const version = await attempt('GetPolicyVersion', options, () => iam.getPolicyVersion({ PolicyArn: arn, VersionId: versionId }));

  return version.ok ? ok(parsePolicyDocument(version.value.PolicyVersion?.Document || '{}')) : version;
}

async function roleNamed(iam: IamApi, name: string, options: GatherOptions): Promise<Fact<{ roleName: string, instanceProfiles: string[] } | null>> {
  const [role, profiles] = await Promise.all([
    attempt('GetRole', options, () => iam.getRole({ RoleName: name })),
    attempt('ListInstanceProfilesForRole', options, () => allIamPages((Marker) => iam.listInstanceProfilesForRole({ RoleName: name, Marker }), (page) => page.InstanceProfiles || [])),
  ]);

  if (!role.ok) {
    return isNoSuchEntity(role.error) ? ok(null) : role;
  }

  return ok({ roleName: name, instanceProfiles: profiles.ok ? profiles.value.map((p) => p.InstanceProfileName || '').filter(Boolean) : [] });
}
