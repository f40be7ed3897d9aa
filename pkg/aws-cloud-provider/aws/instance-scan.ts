/**
 * The instance scan: every instance a filter selects, with as few calls as a small cluster
 * needs and as short a chain of dependent pages as a large one allows.
 *
 * The first page is asked without partitions: a cluster of up to 1,000 instances is one call.
 * Only when it shows a next page does the scan fan out, over disjoint partitions asked side by
 * side, each a chain of pages: by the last character of the instance's zone name (a wildcard on
 * `availability-zone`), and, in the partitions that first page shows populated, by the last
 * hex digit of the instance ID in two halves. 10,000 nodes over zones a, b and c are then 1 + 2
 * dependent round trips instead of a chain of 10. The first page's instances must all be found
 * again by the partitions; if one is not (a filter EC2 did not apply as expected), the scan
 * follows the first page's own chain instead: slower, never incomplete.
 */

import { Ec2Api, Filter } from './clients';
import {
  GatherOptions, attempt, chunks, combine, uniqueBy
} from './calls';
import { concurrencyLimit } from './concurrency';
import { EC2_PAGE_SIZE, FILTER_VALUES_MAX, allEc2Pages } from './paging';
import { Ec2Instance, Fact } from '../domain/facts';

/**
 * The scan's zone partitions, by the last character of the zone name. Zone names (`us-east-1a`,
 * Local Zones' `us-west-2-lax-1a`, Wavelength's `us-east-1-wl1-bos-wlz-1`) end in a lowercase
 * letter or a digit: the partitions are disjoint and, with the last one, exhaustive by
 * construction, and they need no zone list first (that would be a round trip in front).
 */
export const ZONE_PARTITIONS: readonly (readonly string[])[] = [
  ...[...'abcdef'].map((letter) => [`*${ letter }`]),
  // Zone letters past f and Wavelength Zones' digits are rare: one chain for them all.
  [...'ghijklmnopqrstuvwxyz0123456789'].map((last) => `*${ last }`),
];

/** Instance IDs (`i-` and hex digits) by their last digit, in two halves: a populated zone partition is asked as both. */
export const ID_HALVES: readonly (readonly string[])[] = [[...'01234567'], [...'89abcdef']].map((half) => half.map((digit) => `*${ digit }`));

/**
 * Scan pages asked at once: a bound whatever the cluster's size. A throttled page is retried by
 * the SDK client itself (its maxAttempts, with backoff) while its chain waits, so throttling
 * slows the scan down rather than piling requests on.
 */
export const SCAN_PAGES_IN_FLIGHT = 8;

type InstancesPage = Awaited<ReturnType<Ec2Api['describeInstances']>>;

/**
 * What the checks read of an instance, copied out of the SDK's answer: EC2 describes some 60
 * fields per instance (network interfaces, volumes, options), and keeping only these lets the
 * rest of 10,000 answers be freed as each page is read instead of carried to the end.
 */
export function instanceFacts(instance: Ec2Instance): Ec2Instance {
  return {
    InstanceId:         instance.InstanceId,
    Tags:               instance.Tags,
    SecurityGroups:     instance.SecurityGroups,
    IamInstanceProfile: instance.IamInstanceProfile,
    SubnetId:           instance.SubnetId,
    VpcId:              instance.VpcId,
    PrivateDnsName:     instance.PrivateDnsName,
    PrivateIpAddress:   instance.PrivateIpAddress,
    Placement:          instance.Placement && { AvailabilityZone: instance.Placement.AvailabilityZone },
    State:              instance.State && { Name: instance.State.Name },
    MetadataOptions:    instance.MetadataOptions,
  };
}

const instancesOf = (page: InstancesPage) => {
  const out: Ec2Instance[] = [];

  for (const reservation of page.Reservations || []) {
    for (const instance of reservation.Instances || []) {
      out.push(instanceFacts(instance));
    }
  }

  return out;
};
const idOf = (instance: Ec2Instance) => instance.InstanceId;

/** The partitions to fan out over, each as the filters it adds: zones seen on `firstPage` split by ID. */
function partitionsAfter(firstPage: Ec2Instance[]): Filter[][] {
  const lastOfZones = new Set(firstPage.map((i) => i.Placement?.AvailabilityZone?.slice(-1)));

  return ZONE_PARTITIONS.flatMap((zones) => {
    const zone: Filter = { Name: 'availability-zone', Values: [...zones] };

    return zones.some((value) => lastOfZones.has(value.slice(1))) ? ID_HALVES.map((ids) => [zone, { Name: 'instance-id', Values: [...ids] }]) : [[zone]];
  });
}

async function scan(ec2: Ec2Api, filters: Filter[], options: GatherOptions): Promise<Ec2Instance[]> {
  const inFlight = concurrencyLimit(SCAN_PAGES_IN_FLIGHT);
  let stopped = false;
  const ask = (extra: Filter[]) => (NextToken?: string): Promise<InstancesPage> => {
    // Once one chain has failed (or the user cancelled), the scan has: the others ask no more.
    if (stopped || options.signal?.aborted) {
      return Promise.reject(new Error('scan stopped'));
    }

    return inFlight(() => ec2.describeInstances({
      Filters: [...filters, ...extra], MaxResults: EC2_PAGE_SIZE, NextToken
    }));
  };
  const first = await ask([])();
  const seen = instancesOf(first);

  if (!first.NextToken) {
    return uniqueBy(seen, idOf);
  }
  const chain = (extra: Filter[]) => allEc2Pages(ask(extra), instancesOf).catch((error) => {
    stopped = true;
    throw error;
  });
  // Promise.all rejects with the first failure, the real one: "scan stopped" can only follow it.
  const found = uniqueBy((await Promise.all(partitionsAfter(seen).map(chain))).flat(), idOf);
  const foundIds = new Set(found.map(idOf));

  if (seen.every((instance) => foundIds.has(instance.InstanceId))) {
    return found;
  }

  return uniqueBy([...seen, ...await allEc2Pages(ask([]), instancesOf, first.NextToken)], idOf);
}

/** The instances `filters` select, each once: one call up to a page, else partitions side by side; one error fails it all. */
export function describeInstancesByZone(ec2: Ec2Api, filters: Filter[], options: GatherOptions = {}): Promise<Fact<Ec2Instance[]>> {
  return attempt('DescribeInstances', options, () => scan(ec2, filters, options));
}

/** The instances `filters` select, as one chain of pages. */
export function describeInstancesWhere(ec2: Ec2Api, filters: Filter[], options: GatherOptions): Promise<Fact<Ec2Instance[]>> {
  return attempt('DescribeInstances', options, () => allEc2Pages(
    (NextToken) => ec2.describeInstances({
      Filters: filters, MaxResults: EC2_PAGE_SIZE, NextToken
    }),
    instancesOf
  ));
}

/** The given instances, by ID (200 a call). */
export async function describeInstancesById(ec2: Ec2Api, ids: string[], options: GatherOptions): Promise<Fact<Ec2Instance[]>> {
  return combine(await Promise.all(chunks(ids, FILTER_VALUES_MAX).map((part) => describeInstancesWhere(ec2, [{ Name: 'instance-id', Values: part }], options))));
}

/** The live states findInstanceByNodeName (aws.go) looks among. */
const LIVE_STATES: Filter = { Name: 'instance-state-name', Values: ['pending', 'running', 'shutting-down', 'stopping', 'stopped'] };

/** Instances whose private DNS name is the name of a node without providerID (mirrors findInstanceByNodeName, aws.go). */
export async function gatherInstancesByNodeName(ec2: Ec2Api, names: string[], options: GatherOptions = {}): Promise<Fact<Ec2Instance[]>> {
  return combine(await Promise.all(chunks(names, FILTER_VALUES_MAX).map((part) => describeInstancesWhere(ec2, [{ Name: 'private-dns-name', Values: part }, LIVE_STATES], options))));
}
