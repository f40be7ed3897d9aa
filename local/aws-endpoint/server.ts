/**
 * A local AWS endpoint on 127.0.0.1 speaking the EC2 and IAM Query protocols: form-encoded
 * POST in, XML in each service's namespace out, AWS error XML for failures. KMS, which the
 * dashboard's EC2 machine-pool form also asks, speaks AWS JSON 1.1 (the operation in
 * X-Amz-Target). It serves one scenario (see scenario.ts), logs every request and can inject
 * errors and latency.
 */

import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { AddressInfo } from 'net';
import {
  Scenario, ScenarioError, ScenarioGroup, ScenarioInstance, ScenarioInstanceType, ScenarioRouteTable, ScenarioSubnet, ScenarioTag, ScenarioVpc, ScenarioZone,
  SimulationAnswer, SimulationDecision
} from './scenario';

export type Service = 'ec2' | 'iam' | 'kms';

/** For KMS, `params` holds the JSON body's top-level fields (non-strings as JSON). */
export interface LoggedRequest { service: Service, action: string, params: Record<string, string> }

export interface AwsEndpoint {
  url: string;
  requests: LoggedRequest[];
  scenario: Scenario;
  close(): Promise<void>;
}

const EC2_NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';
const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const EC2_VERSION = '2016-11-15';
const JSON_TYPE = 'application/x-amz-json-1.1';

/** DescribeRegions when the scenario names none. */
export const DEFAULT_REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'eu-west-1', 'eu-central-1', 'ap-southeast-1', 'ap-northeast-1'];

/** DescribeInstanceTypes when the scenario names none: common types, with the dashboard's default (t3a.medium). */
export const DEFAULT_INSTANCE_TYPES: ScenarioInstanceType[] = [
  {
    InstanceType: 't3.micro', VCpus: 2, MemoryMiB: 1024, FreeTierEligible: true
  },
  {
    InstanceType: 't3.medium', VCpus: 2, MemoryMiB: 4096
  },
  {
    InstanceType: 't3a.medium', VCpus: 2, MemoryMiB: 4096
  },
  {
    InstanceType: 't4g.medium', VCpus: 2, MemoryMiB: 4096, Architectures: ['arm64']
  },
  {
    InstanceType: 'm5.large', VCpus: 2, MemoryMiB: 8192
  },
  {
    InstanceType: 'm5d.large',
    VCpus:        2,
    MemoryMiB:    8192,
    Storage:      {
      SizeGB: 75, Type: 'ssd', NvmeSupport: 'required'
    }
  },
  {
    InstanceType: 'm6i.xlarge', VCpus: 4, MemoryMiB: 16384
  },
  {
    InstanceType: 'm6g.large', VCpus: 2, MemoryMiB: 8192, Architectures: ['arm64']
  },
  {
    InstanceType: 'c5.xlarge', VCpus: 4, MemoryMiB: 8192
  },
  {
    InstanceType: 'r5.large', VCpus: 2, MemoryMiB: 16384
  },
];

function escapeXml(value: unknown): string {
  return String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** <name>value</name>, or nothing when value is undefined. */
function el(name: string, value: unknown): string {
  return value === undefined || value === null ? '' : `<${ name }>${ escapeXml(value) }</${ name }>`;
}

function raw(name: string, inner: string): string {
  return `<${ name }>${ inner }</${ name }>`;
}

const items = <T>(name: string, list: T[], render: (x: T) => string) => raw(name, list.map((x) => raw('item', render(x))).join(''));
const members = <T>(name: string, list: T[], render: (x: T) => string) => raw(name, list.map((x) => raw('member', render(x))).join(''));
const tagSet = (tags: ScenarioTag[] = []) => items('tagSet', tags, (t) => el('key', t.Key) + raw('value', escapeXml(t.Value)));
const strings = (name: string, list: string[]) => items(name, list, (x: string) => escapeXml(x));

let requestCounter = 0;
const requestId = () => `00000000-0000-4000-8000-${ String(++requestCounter).padStart(12, '0') }`;

class AwsFault extends Error {
  constructor(public code: string, message: string, public status = 400) {
    super(message);
  }
}

/** EC2 `Filter.N.Name` / `Filter.N.Value.M` → { name: values }. */
function ec2Filters(params: Record<string, string>): Map<string, string[]> {
  const filters = new Map<string, string[]>();

  for (const [key, value] of Object.entries(params)) {
    const name = /^Filter\.(\d+)\.Name$/.exec(key);

    if (name) {
      const values = Object.entries(params).filter(([k]) => k.startsWith(`Filter.${ name[1] }.Value.`)).map(([, v]) => v);

      filters.set(value, values);
    }
  }

  return filters;
}

/** EC2 `Name.N` list parameters (`InstanceId.1`, `ZoneName.2`...), in order. */
function ec2List(params: Record<string, string>, name: string): string[] {
  return Object.entries(params).filter(([k]) => new RegExp(`^${ name }\\.\\d+$`).test(k)).sort(([a], [b]) => Number(a.split('.').pop()) - Number(b.split('.').pop())).map(([, v]) => v);
}

function memberList(params: Record<string, string>, prefix: string): string[] {
  return Object.entries(params).filter(([k]) => k.startsWith(`${ prefix }.member.`)).sort(([a], [b]) => Number(a.split('.').pop()) - Number(b.split('.').pop())).map(([, v]) => v);
}

// Compiled once per wildcard value: a scan's request tests each value against every instance.
const wildcardPatterns = new Map<string, RegExp>();

function wildcardPattern(value: string): RegExp {
  let pattern = wildcardPatterns.get(value);

  if (!pattern) {
    const source = value.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');

    pattern = new RegExp(`^${ source }$`);
    wildcardPatterns.set(value, pattern);
  }

  return pattern;
}

/** EC2 filter values may use the wildcards `*` and `?`. */
function valueMatches(values: string[], actual: string | undefined): boolean {
  const wildcard = (value: string) => wildcardPattern(value).test(actual as string);

  return actual !== undefined && values.some((v) => v === actual || (/[*?]/.test(v) && wildcard(v)));
}

function tagMatches(tags: ScenarioTag[] | undefined, filters: Map<string, string[]>): boolean {
  for (const [name, values] of filters) {
    if (name === 'tag-key' && !(tags || []).some((t) => valueMatches(values, t.Key))) {
      return false;
    }
    if (name.startsWith('tag:') && !(tags || []).some((t) => t.Key === name.slice(4) && valueMatches(values, t.Value))) {
      return false;
    }
  }

  return true;
}

/** Every non-tag filter must name one of `fields`; a list field (architectures...) matches if any of its values does. */
function fieldMatches(filters: Map<string, string[]>, fields: Record<string, string | string[] | undefined>): boolean {
  for (const [name, values] of filters) {
    if (name === 'tag-key' || name.startsWith('tag:')) {
      continue;
    }
    if (!(name in fields)) {
      throw new AwsFault('InvalidParameterValue', `The filter '${ name }' is invalid`);
    }
    if (![fields[name]].flat().some((actual) => valueMatches(values, actual))) {
      return false;
    }
  }

  return true;
}

/** EC2 pagination: MaxResults (5 to 1000) and an opaque NextToken. */
function ec2Page<T>(list: T[], params: Record<string, string>): { page: T[], next?: string } {
  const start = params.NextToken ? Number(Buffer.from(params.NextToken, 'base64').toString()) : 0;
  const size = params.MaxResults ? Number(params.MaxResults) : list.length || 1;

  if (params.MaxResults && (size < 5 || size > 1000)) {
    throw new AwsFault('InvalidParameterValue', 'MaxResults must be between 5 and 1000');
  }
  const page = list.slice(start, start + size);
  const next = start + size < list.length ? Buffer.from(String(start + size)).toString('base64') : undefined;

  return { page, next };
}

/** IAM pagination: MaxItems (default 100) and Marker / IsTruncated. */
function iamPage<T>(list: T[], params: Record<string, string>): { page: T[], truncated: string } {
  const start = params.Marker ? Number(Buffer.from(params.Marker, 'base64').toString()) : 0;
  const size = params.MaxItems ? Number(params.MaxItems) : 100;
  const page = list.slice(start, start + size);
  const more = start + size < list.length;

  return { page, truncated: el('IsTruncated', more) + (more ? el('Marker', Buffer.from(String(start + size)).toString('base64')) : '') };
}

function instanceXml(instance: ScenarioInstance, account: string): string {
  const state = instance.State || 'running';

  return el('instanceId', instance.InstanceId) +
    raw('instanceState', el('code', state === 'running' ? 16 : 80) + el('name', state)) +
    el('privateDnsName', instance.PrivateDnsName) +
    el('privateIpAddress', instance.PrivateIpAddress) +
    el('instanceType', 't3.medium') +
    raw('placement', el('availabilityZone', instance.AvailabilityZone || 'us-east-1a')) +
    el('subnetId', instance.SubnetId) +
    el('vpcId', instance.VpcId) +
    items('groupSet', instance.SecurityGroups || [], (g) => el('groupId', g.GroupId) + el('groupName', g.GroupName)) +
    (instance.InstanceProfile ? raw('iamInstanceProfile', el('arn', `arn:aws:iam::${ account }:instance-profile/${ instance.InstanceProfile }`) + el('id', `AIPA${ instance.InstanceProfile.toUpperCase().replace(/[^A-Z0-9]/g, '') }`)) : '') +
    tagSet(instance.Tags) +
    metadataOptionsXml(instance);
}

/** The instance's IMDS options as EC2 gives them (InstanceMetadataOptionsResponse), with EC2's defaults. */
function metadataOptionsXml(instance: ScenarioInstance): string {
  const options = instance.MetadataOptions || {};

  return raw('metadataOptions', el('state', 'applied') + el('httpTokens', options.HttpTokens || 'optional') + el('httpPutResponseHopLimit', options.HttpPutResponseHopLimit ?? 1) +
    el('httpEndpoint', options.HttpEndpoint || 'enabled') + el('httpProtocolIpv6', 'disabled') + el('instanceMetadataTags', options.InstanceMetadataTags || 'disabled'));
}

/**
 * The tag keys IMDS can serve (under /latest/meta-data/tags/instance/<key>): EC2 refuses others on an
 * instance with InstanceMetadataTags enabled. Pattern and reserved names as EC2's own error gives them.
 */
const IMDS_TAG_KEY = /^[0-9a-zA-Z\-_+=,.@:]{1,255}$/;
const IMDS_RESERVED_KEYS = ['.', '..', '_index'];

function imdsTagKeyError(key: string): AwsFault | undefined {
  if (IMDS_TAG_KEY.test(key) && !IMDS_RESERVED_KEYS.includes(key)) {
    return undefined;
  }

  // EC2's error for such a key, as reported from RunInstances, CreateFleet and ModifyInstanceMetadataOptions
  // (e.g. github.com/aws-controllers-k8s/community/issues/1789, github.com/aws/karpenter-provider-aws/issues/1527).
  // That CreateTags on a running instance answers with the same code and text is inferred, not confirmed.
  return new AwsFault('InvalidParameterValue', `'${ key }' is not a valid tag key. Tag keys must match pattern ([0-9a-zA-Z\\-_+=,.@:]{1,255}), and must not be a reserved name ('.', '..', '_index')`);
}

/** `us-east-1` of `us-east-1a`, `us-east-1-bos-1a` or `us-east-1-wl1-bos-wlz-1`. */
function regionOfZone(zoneName: string): string | undefined {
  return /^[a-z]{2}(?:-[a-z]+)+-\d+/.exec(zoneName)?.[0];
}

const REGION_WORDS: Record<string, string> = {
  north: 'n', south: 's', east: 'e', west: 'w', central: 'c', gov: 'g'
};

/** Made-up but stable IDs in AWS's form for standard zones: `use1-az1` for `us-east-1a`, `apne1-az2` for `ap-northeast-1b`. */
function zoneIdOf(zoneName: string): string | undefined {
  const region = regionOfZone(zoneName);
  const letter = region ? /^[a-z]$/.exec(zoneName.slice(region.length))?.[0] : undefined;

  if (!region || !letter) {
    return undefined;
  }
  const short = region.split('-').map((part) => part.replace(/north|south|east|west|central|gov/g, (word) => REGION_WORDS[word])).join('');

  return `${ short }-az${ letter.charCodeAt(0) - 96 }`;
}

/** The zones the scenario's subnets and instances are in (as DescribeSubnets and DescribeInstances show them). */
function usedZones(scenario: Scenario): string[] {
  return [...(scenario.subnets || []), ...(scenario.instances || [])].map((r) => r.AvailabilityZone || 'us-east-1a');
}

/** The one region a scenario lives in: that of its zones, given or used; else that of the request; else us-east-1. */
function scenarioRegion(scenario: Scenario, requested?: string): string {
  const names = [...(scenario.availabilityZones || []).map((z) => z.ZoneName), ...usedZones(scenario)];

  return names.map(regionOfZone).find(Boolean) || requested || 'us-east-1';
}

/** The region a request was made to: the AWS host `/meta/proxy` forwards as Host, else the SigV4 credential scope. */
function requestRegion(req: IncomingMessage): string | undefined {
  const host = /^[a-z0-9-]+\.([a-z]{2}(?:-[a-z]+)+-\d+)\.(?:amazonaws\.com|api\.aws)$/.exec(String(req.headers.host || '').replace(/:\d+$/, ''));
  const scope = /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\//.exec(String(req.headers.authorization || ''));

  return host?.[1] || scope?.[1];
}

interface Zone extends ScenarioZone {
  ZoneType: NonNullable<ScenarioZone['ZoneType']>;
  RegionName: string;
  GroupName: string;
  NetworkBorderGroup: string;
  OptInStatus: NonNullable<ScenarioZone['OptInStatus']>;
  ParentZoneId?: string;
}

/** The scenario's zones, or the standard ones it uses plus `<region>a/b/c`; every field DescribeAvailabilityZones gives filled in. */
function scenarioZones(scenario: Scenario, region: string): Zone[] {
  const standard = () => [...new Set([...['a', 'b', 'c'].map((letter) => `${ region }${ letter }`), ...usedZones(scenario)])]
    .filter((name) => regionOfZone(name) === region && zoneIdOf(name)).sort().map((ZoneName) => ({ ZoneName, ZoneId: zoneIdOf(ZoneName) as string }));
  const zones: ScenarioZone[] = scenario.availabilityZones || standard();

  return zones.map((zone) => {
    const type = zone.ZoneType || 'availability-zone';
    const zoneRegion = regionOfZone(zone.ZoneName) || region;
    // AWS groups a Local Zone under its name without the letter, a Wavelength Zone under `<region>-wl1`.
    const group = zone.GroupName || (type === 'local-zone' ? zone.ZoneName.replace(/[a-z]$/, '') : type === 'wavelength-zone' ? (/^.*?-wl\d+/.exec(zone.ZoneName)?.[0] || `${ zoneRegion }-wl1`) : zoneRegion);

    return {
      ...zone,
      ZoneType:           type,
      RegionName:         zoneRegion,
      GroupName:          group,
      NetworkBorderGroup: type === 'availability-zone' ? zoneRegion : type === 'local-zone' ? group : zone.ZoneName,
      OptInStatus:        zone.OptInStatus || (type === 'availability-zone' ? 'opt-in-not-required' : 'not-opted-in'),
      ParentZoneId:       zones.find((parent) => parent.ZoneName === zone.ParentZoneName)?.ZoneId || (zone.ParentZoneName ? zoneIdOf(zone.ParentZoneName) : undefined),
    };
  });
}

function zoneXml(zone: Zone): string {
  return el('optInStatus', zone.OptInStatus) + raw('messageSet', '') + el('regionName', zone.RegionName) + el('zoneName', zone.ZoneName) + el('zoneId', zone.ZoneId) +
    el('groupName', zone.GroupName) + el('networkBorderGroup', zone.NetworkBorderGroup) + el('zoneType', zone.ZoneType) +
    el('parentZoneName', zone.ParentZoneName) + el('parentZoneId', zone.ParentZoneId) + el('zoneState', 'available');
}

/** The scenario's VPCs, or those its resources name; every VPC with a CIDR block. */
function scenarioVpcs(scenario: Scenario): (ScenarioVpc & { CidrBlock: string })[] {
  const named = [...(scenario.subnets || []), ...(scenario.securityGroups || []), ...(scenario.routeTables || []), ...(scenario.instances || [])].map((r) => r.VpcId);
  const vpcs: ScenarioVpc[] = scenario.vpcs || [...new Set(named.filter((id): id is string => !!id))].map((VpcId) => ({ VpcId }));

  return vpcs.map((vpc, n) => ({ ...vpc, CidrBlock: vpc.CidrBlock || `10.${ n }.0.0/16` }));
}

/** A subnet's block: given, or the nth /24 of its VPC's first two octets for the nth subnet of that VPC. */
function subnetCidr(scenario: Scenario, subnet: ScenarioSubnet, vpcs: { VpcId: string, CidrBlock: string }[]): string {
  if (subnet.CidrBlock) {
    return subnet.CidrBlock;
  }
  const vpcCidr = vpcs.find((v) => v.VpcId === subnet.VpcId)?.CidrBlock || '10.0.0.0/16';
  const place = (scenario.subnets || []).filter((s) => s.VpcId === subnet.VpcId).indexOf(subnet) + 1;

  return `${ vpcCidr.split('.').slice(0, 2).join('.') }.${ place }.0/24`;
}

const ipv6Association = (kind: 'subnet' | 'vpc', id: string, block?: string) => items('ipv6CidrBlockAssociationSet', block ? [block] : [], (cidr: string) => el('ipv6CidrBlock', cidr) +
  el('associationId', `${ kind }-cidr-assoc-${ id.replace(/^[a-z]+-/, '') }6`) + raw('ipv6CidrBlockState', el('state', 'associated')));

function subnetXml(subnet: ScenarioSubnet, cidr: string, zones: Zone[], account: string): string {
  const zone = subnet.AvailabilityZone || 'us-east-1a';

  return el('subnetId', subnet.SubnetId) + el('subnetArn', `arn:aws:ec2:${ regionOfZone(zone) }:${ account }:subnet/${ subnet.SubnetId }`) + el('state', 'available') + el('ownerId', account) +
    el('vpcId', subnet.VpcId) + el('cidrBlock', cidr) + ipv6Association('subnet', subnet.SubnetId, subnet.Ipv6CidrBlock) +
    el('availableIpAddressCount', 2 ** (32 - Number(cidr.split('/')[1] || 24)) - 5) + el('availabilityZone', zone) +
    el('availabilityZoneId', zones.find((z) => z.ZoneName === zone)?.ZoneId || zoneIdOf(zone)) + el('defaultForAz', !!subnet.DefaultForAz) +
    el('mapPublicIpOnLaunch', !!subnet.MapPublicIpOnLaunch) + el('assignIpv6AddressOnCreation', false) + el('ipv6Native', false) + tagSet(subnet.Tags);
}

function vpcXml(vpc: ScenarioVpc & { CidrBlock: string }, account: string): string {
  return el('vpcId', vpc.VpcId) + el('ownerId', account) + el('state', 'available') + el('cidrBlock', vpc.CidrBlock) +
    items('cidrBlockAssociationSet', [vpc.CidrBlock], (cidr: string) => el('associationId', `vpc-cidr-assoc-${ vpc.VpcId.replace(/^vpc-/, '') }`) + el('cidrBlock', cidr) + raw('cidrBlockState', el('state', 'associated'))) +
    // AWS leaves the IPv6 set out for IPv4-only VPCs (but gives subnets an empty one).
    (vpc.Ipv6CidrBlock ? ipv6Association('vpc', vpc.VpcId, vpc.Ipv6CidrBlock) : '') +
    el('instanceTenancy', 'default') + el('isDefault', !!vpc.IsDefault) + tagSet(vpc.Tags);
}

function instanceTypeXml(type: ScenarioInstanceType): string {
  const architectures = type.Architectures || ['x86_64'];
  // Graviton has one thread per core; the x86 types two.
  const threads = architectures.includes('arm64') ? 1 : 2;
  const storage = type.Storage;

  return el('instanceType', type.InstanceType) + el('currentGeneration', type.CurrentGeneration ?? true) + el('freeTierEligible', !!type.FreeTierEligible) +
    strings('supportedUsageClasses', type.UsageClasses || ['on-demand', 'spot']) + strings('supportedRootDeviceTypes', ['ebs']) + strings('supportedVirtualizationTypes', ['hvm']) +
    el('bareMetal', false) + el('hypervisor', 'nitro') +
    raw('processorInfo', strings('supportedArchitectures', architectures) + el('sustainedClockSpeedInGhz', 3.1) + el('manufacturer', architectures.includes('arm64') ? 'AWS' : 'Intel')) +
    raw('vCpuInfo', el('defaultVCpus', type.VCpus) + el('defaultCores', Math.max(1, type.VCpus / threads)) + el('defaultThreadsPerCore', Math.min(threads, type.VCpus))) +
    raw('memoryInfo', el('sizeInMiB', type.MemoryMiB)) +
    el('instanceStorageSupported', !!storage) +
    (storage ? raw('instanceStorageInfo', el('totalSizeInGB', storage.SizeGB) + items('disks', [storage], (d) => el('sizeInGB', d.SizeGB) + el('count', 1) + el('type', d.Type)) +
      el('nvmeSupport', storage.NvmeSupport || 'unsupported') + el('encryptionSupport', 'required')) : '') +
    raw('ebsInfo', el('ebsOptimizedSupport', 'default') + el('encryptionSupport', 'supported') + el('nvmeSupport', 'required')) +
    raw('networkInfo', el('networkPerformance', 'Up to 10 Gigabit') + el('maximumNetworkInterfaces', 3) + el('ipv4AddressesPerInterface', 10) + el('ipv6AddressesPerInterface', 10) +
      el('ipv6Supported', true) + el('enaSupport', 'required') + el('efaSupported', false)) +
    el('burstablePerformanceSupported', /^t\d/.test(type.InstanceType)) + el('hibernationSupported', true) + el('dedicatedHostsSupported', true) + el('autoRecoverySupported', true) +
    strings('supportedBootModes', architectures.includes('arm64') ? ['uefi'] : ['legacy-bios', 'uefi']);
}

function ec2Response(action: string, inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${ action }Response xmlns="${ EC2_NS }">${ el('requestId', requestId()) }${ inner }</${ action }Response>`;
}

function iamResponse(action: string, inner: string): string {
  return `<${ action }Response xmlns="${ IAM_NS }">${ raw(`${ action }Result`, inner) }${ raw('ResponseMetadata', el('RequestId', requestId())) }</${ action }Response>`;
}

/** `requested`: the region the request was made to, when the endpoint can tell (see requestRegion). */
function handleEc2(action: string, params: Record<string, string>, scenario: Scenario, requested?: string): string {
  const account = scenario.account || '123456789012';
  const filters = ec2Filters(params);
  const region = scenarioRegion(scenario, requested);

  switch (action) {
  case 'DescribeInstances': {
    const ids = Object.entries(params).filter(([k]) => k.startsWith('InstanceId.')).map(([, v]) => v);
    const matching = (scenario.instances || []).filter((i) => (!ids.length || ids.includes(i.InstanceId)) && tagMatches(i.Tags, filters) && fieldMatches(filters, {
      'instance-id':         i.InstanceId,
      'instance-state-name': i.State || 'running',
      'subnet-id':           i.SubnetId,
      'vpc-id':              i.VpcId,
      'availability-zone':   i.AvailabilityZone || 'us-east-1a',
      'private-dns-name':    i.PrivateDnsName,
      'private-ip-address':  i.PrivateIpAddress,
    }));
    const { page, next } = ec2Page(matching, params);

    return ec2Response(action, items('reservationSet', page, (i: ScenarioInstance) => el('reservationId', `r-${ i.InstanceId.slice(2) }`) + el('ownerId', account) + raw('groupSet', '') + items('instancesSet', [i], (x) => instanceXml(x, account))) + el('nextToken', next));
  }
  case 'DescribeSubnets': {
    const vpcs = scenarioVpcs(scenario);
    const zones = scenarioZones(scenario, region);
    const cidr = (s: ScenarioSubnet) => subnetCidr(scenario, s, vpcs);
    const matching = (scenario.subnets || []).filter((s: ScenarioSubnet) => tagMatches(s.Tags, filters) && fieldMatches(filters, {
      'subnet-id':               s.SubnetId,
      'vpc-id':                  s.VpcId,
      'availability-zone':       s.AvailabilityZone,
      'availability-zone-id':    zones.find((z) => z.ZoneName === (s.AvailabilityZone || 'us-east-1a'))?.ZoneId || zoneIdOf(s.AvailabilityZone || 'us-east-1a'),
      'cidr-block':              cidr(s),
      'default-for-az':          String(!!s.DefaultForAz),
      'map-public-ip-on-launch': String(!!s.MapPublicIpOnLaunch),
      'owner-id':                account,
      state:                     'available',
    }));
    const { page, next } = ec2Page(matching, params);

    return ec2Response(action, items('subnetSet', page, (s: ScenarioSubnet) => subnetXml(s, cidr(s), zones, account)) + el('nextToken', next));
  }
  case 'DescribeSecurityGroups': {
    const matching = (scenario.securityGroups || []).filter((g: ScenarioGroup) => tagMatches(g.Tags, filters) && fieldMatches(filters, {
      'group-id': g.GroupId, 'group-name': g.GroupName, 'vpc-id': g.VpcId, description: g.Description || g.GroupName, 'owner-id': account
    }));
    const { page, next } = ec2Page(matching, params);
    // AWS gives every new group an allow-all egress rule.
    const egress = items('ipPermissionsEgress', [{}], () => el('ipProtocol', '-1') + raw('groups', '') + items('ipRanges', ['0.0.0.0/0'], (c: string) => el('cidrIp', c)) + raw('ipv6Ranges', '') + raw('prefixListIds', ''));

    return ec2Response(action, items('securityGroupInfo', page, (g: ScenarioGroup) => el('ownerId', account) + el('groupId', g.GroupId) + el('groupName', g.GroupName) + el('groupDescription', g.Description || g.GroupName) +
      el('vpcId', g.VpcId) + raw('ipPermissions', '') + egress + tagSet(g.Tags)) + el('nextToken', next));
  }
  case 'DescribeVpcs': {
    const vpcs = scenarioVpcs(scenario);
    const ids = ec2List(params, 'VpcId');
    const unknown = ids.find((id) => !vpcs.some((v) => v.VpcId === id));

    if (unknown) {
      throw new AwsFault('InvalidVpcID.NotFound', `The vpc ID '${ unknown }' does not exist`);
    }
    const matching = vpcs.filter((v) => (!ids.length || ids.includes(v.VpcId)) && tagMatches(v.Tags, filters) && fieldMatches(filters, {
      'vpc-id':                                      v.VpcId,
      cidr:                                          v.CidrBlock,
      'cidr-block-association.cidr-block':           v.CidrBlock,
      'ipv6-cidr-block-association.ipv6-cidr-block': v.Ipv6CidrBlock,
      'is-default':                                  String(!!v.IsDefault),
      'owner-id':                                    account,
      state:                                         'available',
    }));
    const { page, next } = ec2Page(matching, params);

    return ec2Response(action, items('vpcSet', page, (v) => vpcXml(v, account)) + el('nextToken', next));
  }
  case 'DescribeRegions': {
    const regions = scenario.regions || [...new Set([...DEFAULT_REGIONS, region])];
    const names = ec2List(params, 'RegionName');
    const unknown = names.find((name) => !regions.includes(name));

    if (unknown) {
      throw new AwsFault('InvalidParameterValue', `Invalid region: ${ unknown }`);
    }
    const matching = regions.filter((r) => (!names.length || names.includes(r)) && fieldMatches(filters, {
      'region-name': r, endpoint: `ec2.${ r }.amazonaws.com`, 'opt-in-status': 'opt-in-not-required'
    }));

    return ec2Response(action, items('regionInfo', matching, (r: string) => el('regionName', r) + el('regionEndpoint', `ec2.${ r }.amazonaws.com`) + el('optInStatus', 'opt-in-not-required')));
  }
  case 'DescribeAvailabilityZones': {
    const zones = scenarioZones(scenario, region);
    const names = ec2List(params, 'ZoneName');
    const zoneIds = ec2List(params, 'ZoneId');
    const unknown = names.find((name) => !zones.some((z) => z.ZoneName === name)) || zoneIds.find((id) => !zones.some((z) => z.ZoneId === id));

    if (unknown) {
      throw new AwsFault('InvalidParameterValue', `Invalid availability zone: [${ unknown }]`);
    }
    // Zones not opted in to (Local and Wavelength Zones by default) only with AllAvailabilityZones.
    const matching = zones.filter((z) => (params.AllAvailabilityZones === 'true' || z.OptInStatus !== 'not-opted-in') &&
      (!names.length || names.includes(z.ZoneName)) && (!zoneIds.length || zoneIds.includes(z.ZoneId)) && fieldMatches(filters, {
      'zone-name':            z.ZoneName,
      'zone-id':              z.ZoneId,
      'zone-type':            z.ZoneType,
      'region-name':          z.RegionName,
      'group-name':           z.GroupName,
      'network-border-group': z.NetworkBorderGroup,
      'opt-in-status':        z.OptInStatus,
      'parent-zone-name':     z.ParentZoneName,
      'parent-zone-id':       z.ParentZoneId,
      state:                  'available',
    }));

    return ec2Response(action, items('availabilityZoneInfo', matching, zoneXml));
  }
  case 'DescribeInstanceTypes': {
    const types = scenario.instanceTypes || DEFAULT_INSTANCE_TYPES;
    const wanted = ec2List(params, 'InstanceType');
    const unknown = wanted.filter((name) => !types.some((t) => t.InstanceType === name));

    if (unknown.length) {
      throw new AwsFault('InvalidInstanceType', `The following supplied instance types do not exist: [${ unknown.join(', ') }]`);
    }
    const matching = types.filter((t) => (!wanted.length || wanted.includes(t.InstanceType)) && fieldMatches(filters, {
      'instance-type':                         t.InstanceType,
      'current-generation':                    String(t.CurrentGeneration ?? true),
      'free-tier-eligible':                    String(!!t.FreeTierEligible),
      'processor-info.supported-architecture': t.Architectures || ['x86_64'],
      'supported-usage-class':                 t.UsageClasses || ['on-demand', 'spot'],
      'vcpu-info.default-vcpus':               String(t.VCpus),
      'memory-info.size-in-mib':               String(t.MemoryMiB),
      'instance-storage-supported':            String(!!t.Storage),
      'burstable-performance-supported':       String(/^t\d/.test(t.InstanceType)),
    }));
    const { page, next } = ec2Page(matching, params);

    return ec2Response(action, items('instanceTypeSet', page, instanceTypeXml) + el('nextToken', next));
  }
  case 'DescribeRouteTables': {
    const matching = (scenario.routeTables || []).filter((t) => fieldMatches(filters, { 'vpc-id': t.VpcId, 'route-table-id': t.RouteTableId }));
    const { page, next } = ec2Page(matching, params);

    return ec2Response(action, items('routeTableSet', page, (t: ScenarioRouteTable) => el('routeTableId', t.RouteTableId) + el('vpcId', t.VpcId) + el('ownerId', account) +
      items('routeSet', t.Routes || [], (r) => el('destinationCidrBlock', r.DestinationCidrBlock || '0.0.0.0/0') + el('gatewayId', r.GatewayId) + el('state', 'active')) +
      items('associationSet', [...(t.Main ? [{ main: true }] : []), ...(t.SubnetIds || []).map((subnetId) => ({ subnetId }))], (a: { main?: boolean, subnetId?: string }) => el('routeTableAssociationId', `rtbassoc-${ t.RouteTableId.slice(4) }${ a.subnetId || 'main' }`) + el('routeTableId', t.RouteTableId) + el('subnetId', a.subnetId) + el('main', !!a.main)) +
      tagSet([])) + el('nextToken', next));
  }
  case 'CreateTags': {
    const resources = Object.entries(params).filter(([k]) => k.startsWith('ResourceId.')).map(([, v]) => v);
    const tags: ScenarioTag[] = [];

    for (let n = 1; params[`Tag.${ n }.Key`] !== undefined; n++) {
      tags.push({ Key: params[`Tag.${ n }.Key`], Value: params[`Tag.${ n }.Value`] || '' });
    }
    if (params.DryRun === 'true') {
      throw new AwsFault('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
    }
    // All or nothing: every resource and every key is checked before anything is written.
    const targets = resources.map((id) => {
      const instance = (scenario.instances || []).find((r) => r.InstanceId === id);
      const resource: { Tags?: ScenarioTag[] } | undefined = instance ||
        (scenario.subnets || []).find((r) => r.SubnetId === id) || (scenario.securityGroups || []).find((r) => r.GroupId === id) ||
        (scenario.vpcs || []).find((r) => r.VpcId === id);

      if (!resource) {
        throw new AwsFault('InvalidID', `The ID '${ id }' is not valid`);
      }

      return { resource, imdsTags: instance?.MetadataOptions?.InstanceMetadataTags === 'enabled' };
    });
    const refused = targets.some((t) => t.imdsTags) ? tags.map((t) => imdsTagKeyError(t.Key)).find(Boolean) : undefined;

    if (refused) {
      throw refused;
    }
    for (const { resource } of targets) {
      resource.Tags = [...(resource.Tags || []).filter((t) => !tags.some((n) => n.Key === t.Key)), ...tags];
    }

    return ec2Response(action, el('return', true));
  }
  default:
    throw new AwsFault('InvalidAction', `The action ${ action } is not valid for this web service.`);
  }
}

function encodedDocument(document: unknown): string {
  return encodeURIComponent(JSON.stringify(document));
}

function roleXml(name: string, scenario: Scenario, withTrust: boolean): string {
  const account = scenario.account || '123456789012';
  const role = (scenario.roles || []).find((r) => r.RoleName === name);

  if (!role) {
    throw new AwsFault('NoSuchEntity', `The role with name ${ name } cannot be found.`, 404);
  }

  return el('Path', '/') + el('RoleName', role.RoleName) + el('RoleId', `AROA${ role.RoleName.toUpperCase().replace(/[^A-Z0-9]/g, '') }`) +
    el('Arn', `arn:aws:iam::${ account }:role/${ role.RoleName }`) + el('CreateDate', '2024-01-01T00:00:00Z') +
    (withTrust ? el('AssumeRolePolicyDocument', encodedDocument(role.AssumeRolePolicyDocument)) : '') +
    (role.PermissionsBoundary ? raw('PermissionsBoundary', el('PermissionsBoundaryType', 'Policy') + el('PermissionsBoundaryArn', role.PermissionsBoundary)) : '');
}

function profileXml(profile: { InstanceProfileName: string, Roles: string[], Path?: string }, scenario: Scenario): string {
  const account = scenario.account || '123456789012';

  return el('Path', profile.Path || '/') + el('InstanceProfileName', profile.InstanceProfileName) + el('InstanceProfileId', `AIPA${ profile.InstanceProfileName.toUpperCase().replace(/[^A-Z0-9]/g, '') }`) +
    el('Arn', `arn:aws:iam::${ account }:instance-profile${ profile.Path || '/' }${ profile.InstanceProfileName }`) + el('CreateDate', '2024-01-01T00:00:00Z') +
    members('Roles', profile.Roles, (name: string) => roleXml(name, scenario, true));
}

function findRole(scenario: Scenario, name: string) {
  const role = (scenario.roles || []).find((r) => r.RoleName === name);

  if (!role) {
    throw new AwsFault('NoSuchEntity', `The role with name ${ name } cannot be found.`, 404);
  }

  return role;
}

function findPolicy(scenario: Scenario, arn: string) {
  const policy = (scenario.policies || []).find((p) => p.Arn === arn);

  if (!policy) {
    throw new AwsFault('NoSuchEntity', `Policy ${ arn } does not exist or is not attachable.`, 404);
  }

  return policy;
}

function handleIam(action: string, params: Record<string, string>, scenario: Scenario): string {
  switch (action) {
  case 'GetInstanceProfile': {
    const profile = (scenario.instanceProfiles || []).find((p) => p.InstanceProfileName === params.InstanceProfileName);

    if (!profile) {
      throw new AwsFault('NoSuchEntity', `Instance Profile ${ params.InstanceProfileName } cannot be found.`, 404);
    }

    return iamResponse(action, raw('InstanceProfile', profileXml(profile, scenario)));
  }
  case 'GetRole':
    return iamResponse(action, raw('Role', roleXml(params.RoleName, scenario, true)));
  case 'GetUser': {
    if (!scenario.caller) {
      throw new AwsFault('ValidationError', 'Must specify userName when calling with non-User credentials', 400);
    }

    return iamResponse(action, raw('User', el('Path', '/') + el('UserName', scenario.caller) + el('UserId', 'AIDAEXAMPLE') +
      el('Arn', `arn:aws:iam::${ scenario.account || '123456789012' }:user/${ scenario.caller }`) + el('CreateDate', '2024-01-01T00:00:00Z')));
  }
  case 'ListInstanceProfilesForRole': {
    findRole(scenario, params.RoleName);
    const { page, truncated } = iamPage((scenario.instanceProfiles || []).filter((p) => p.Roles.includes(params.RoleName)), params);

    return iamResponse(action, members('InstanceProfiles', page, (p) => profileXml(p, scenario)) + truncated);
  }
  case 'ListAttachedRolePolicies': {
    const { page, truncated } = iamPage(findRole(scenario, params.RoleName).AttachedPolicies || [], params);

    return iamResponse(action, members('AttachedPolicies', page, (arn: string) => el('PolicyName', arn.split('/').pop()) + el('PolicyArn', arn)) + truncated);
  }
  case 'ListRolePolicies': {
    const { page, truncated } = iamPage(Object.keys(findRole(scenario, params.RoleName).InlinePolicies || {}), params);

    return iamResponse(action, members('PolicyNames', page, (name: string) => escapeXml(name)) + truncated);
  }
  case 'GetRolePolicy': {
    const document = (findRole(scenario, params.RoleName).InlinePolicies || {})[params.PolicyName];

    if (!document) {
      throw new AwsFault('NoSuchEntity', `The role policy with name ${ params.PolicyName } cannot be found.`, 404);
    }

    return iamResponse(action, el('RoleName', params.RoleName) + el('PolicyName', params.PolicyName) + el('PolicyDocument', encodedDocument(document)));
  }
  case 'GetPolicy': {
    const policy = findPolicy(scenario, params.PolicyArn);

    return iamResponse(action, raw('Policy', el('PolicyName', policy.Arn.split('/').pop()) + el('Arn', policy.Arn) + el('DefaultVersionId', policy.DefaultVersionId || 'v1') + el('AttachmentCount', 1) + el('IsAttachable', true)));
  }
  case 'GetPolicyVersion': {
    const policy = findPolicy(scenario, params.PolicyArn);

    if ((policy.DefaultVersionId || 'v1') !== params.VersionId) {
      throw new AwsFault('NoSuchEntity', `Policy ${ params.PolicyArn } version ${ params.VersionId } does not exist.`, 404);
    }

    return iamResponse(action, raw('PolicyVersion', el('Document', encodedDocument(policy.Document)) + el('VersionId', params.VersionId) + el('IsDefaultVersion', true)));
  }
  case 'SimulatePrincipalPolicy': {
    const caller = params.PolicySourceArn.includes(':user/');
    const simulation = scenario.simulation;
    const callerSimulation = scenario.callerSimulation;

    if (caller ? !callerSimulation : !simulation) {
      throw new AwsFault('AccessDenied', `User is not authorized to perform: iam:SimulatePrincipalPolicy on resource: ${ params.PolicySourceArn }`, 403);
    }
    const answerFor = (name: string, resource: string): SimulationAnswer | undefined => {
      if (caller) {
        return callerSimulation?.[name];
      }
      const perResource = simulation?.resourceDecisions?.[name];

      if (perResource) {
        return Object.entries(perResource).find(([pattern]) => wildcardPattern(pattern).test(resource))?.[1];
      }

      return simulation?.decisions?.[name] || simulation?.default;
    };
    const resources = memberList(params, 'ResourceArns');
    const context = contextEntries(params);
    const { page, truncated } = iamPage(memberList(params, 'ActionNames'), params);

    return iamResponse(action, members('EvaluationResults', page, (name: string) => evaluationResultXml(name, resources, (resource) => evaluate(answerFor(name, resource), context))) + truncated);
  }
  default:
    throw new AwsFault('InvalidAction', `Could not find operation ${ action } for version 2010-05-08`, 400);
  }
}

/** SimulatePrincipalPolicy's `ContextEntries.member.N.ContextKeyName` / `.ContextKeyValues.member.M` → { lower-cased key: values } (condition key names are case-insensitive). */
function contextEntries(params: Record<string, string>): Map<string, string[]> {
  const context = new Map<string, string[]>();

  for (const [key, value] of Object.entries(params)) {
    const entry = /^ContextEntries\.member\.(\d+)\.ContextKeyName$/.exec(key);

    if (entry) {
      context.set(value.toLowerCase(), [...(context.get(value.toLowerCase()) || []), ...memberList(params, `ContextEntries.member.${ entry[1] }.ContextKeyValues`)]);
    }
  }

  return context;
}

interface Evaluation { decision: SimulationDecision, missing: string[] }

/** A scenario answer under the request's context: a condition on a key not given is an implicit deny that names the key. */
function evaluate(answer: SimulationAnswer | undefined, context: Map<string, string[]>): Evaluation {
  if (!answer) {
    return { decision: 'implicitDeny', missing: [] };
  }
  if (typeof answer === 'string') {
    return { decision: answer, missing: [] };
  }
  const conditions = Object.entries(answer.whenContext);
  const missing = conditions.map(([key]) => key).filter((key) => !context.has(key.toLowerCase()));

  if (missing.length) {
    return { decision: 'implicitDeny', missing };
  }

  return { decision: conditions.every(([key, value]) => (context.get(key.toLowerCase()) || []).includes(value)) ? answer.decision : 'implicitDeny', missing: [] };
}

/**
 * One EvaluationResult: without ResourceArns (or with just `*`) for `*`, its context misses at the
 * top; with ResourceArns also per resource (ResourceSpecificResults). For one resource the top
 * repeats its result; for several it is the aggregate (explicitDeny on any wins, allowed only if on
 * all) and the misses are only per resource, as AWS documents MissingContextValues.
 */
function evaluationResultXml(action: string, resources: string[], evaluateOn: (resource: string) => Evaluation): string {
  const wildcard = !resources.length || (resources.length === 1 && resources[0] === '*');
  const results = (wildcard ? ['*'] : resources).map((resource) => ({ resource, ...evaluateOn(resource) }));
  const decisions = results.map((r) => r.decision);
  const decision: SimulationDecision = decisions.includes('explicitDeny') ? 'explicitDeny' : decisions.every((d) => d === 'allowed') ? 'allowed' : 'implicitDeny';
  const missingXml = (missing: string[]) => members('MissingContextValues', missing, (key: string) => escapeXml(key));
  const single = results.length === 1 ? results[0] : undefined;

  // With several resources AWS names a resource-type template here (`arn:aws:s3:::${BucketName}/${KeyName}`), which the endpoint does not model.
  return el('EvalActionName', action) + el('EvalResourceName', single ? single.resource : '*') + el('EvalDecision', decision) +
    raw('MatchedStatements', '') + missingXml(single ? single.missing : []) +
    (wildcard ? '' : members('ResourceSpecificResults', results, (r: typeof results[number]) => el('EvalResourceName', r.resource) + el('EvalResourceDecision', r.decision) +
      raw('MatchedStatements', '') + missingXml(r.missing)));
}

/** KMS (AWS JSON 1.1): refused unless the scenario has keys, as for a credential without kms:* rights. */
function handleKms(target: string, input: Record<string, unknown>, scenario: Scenario, region: string): unknown {
  const account = scenario.account || '123456789012';
  const [prefix, action] = target.split('.');

  if (prefix !== 'TrentService') {
    throw new AwsFault('UnknownOperationException', '');
  }
  if (!scenario.kms) {
    throw new AwsFault('AccessDeniedException', `User: arn:aws:iam::${ account }:user/${ scenario.caller || 'rancher' } is not authorized to perform: kms:${ action } because no identity-based policy allows the kms:${ action } action`);
  }

  switch (action) {
  case 'ListKeys': {
    const keys = scenario.kms.keys.map((key) => (key.startsWith('arn:') ? { KeyId: key.split('/').pop(), KeyArn: key } : { KeyId: key, KeyArn: `arn:aws:kms:${ region }:${ account }:key/${ key }` }));
    const start = input.Marker ? Number(Buffer.from(String(input.Marker), 'base64').toString()) : 0;
    const size = input.Limit === undefined ? 100 : Number(input.Limit);

    if (size < 1 || size > 1000) {
      throw new AwsFault('ValidationException', '1 validation error detected: Value at \'limit\' failed to satisfy constraint: Member must have value between 1 and 1000');
    }
    const more = start + size < keys.length;

    return {
      Keys: keys.slice(start, start + size), Truncated: more, ...(more ? { NextMarker: Buffer.from(String(start + size)).toString('base64') } : {})
    };
  }
  default:
    throw new AwsFault('UnknownOperationException', '');
  }
}

function errorXml(service: 'ec2' | 'iam', code: string, message: string): string {
  if (service === 'ec2') {
    return `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${ escapeXml(code) }</Code><Message>${ escapeXml(message) }</Message></Error></Errors><RequestID>${ requestId() }</RequestID></Response>`;
  }

  return `<ErrorResponse xmlns="${ IAM_NS }"><Error><Type>Sender</Type><Code>${ escapeXml(code) }</Code><Message>${ escapeXml(message) }</Message></Error><RequestId>${ requestId() }</RequestId></ErrorResponse>`;
}

function injectedError(scenario: Scenario, action: string, params: Record<string, string>): ScenarioError | undefined {
  const filterMatches = (e: ScenarioError) => !e.filter || (ec2Filters(params).get(e.filter.name) || []).includes(e.filter.value);
  const error = (scenario.errors || []).find((e) => (!e.action || e.action === action) && filterMatches(e) && (e.times === undefined || e.times > 0));

  if (error && error.times !== undefined) {
    error.times--;
  }

  return error;
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';

  req.setEncoding('utf8');
  for await (const chunk of req) {
    body += chunk;
  }

  return body;
}

/** Serves `scenario` until closed. The scenario object is live: tests may change it between calls. */
export async function startAwsEndpoint(scenario: Scenario, port = 0): Promise<AwsEndpoint> {
  const requests: LoggedRequest[] = [];
  const pending = new Set<ServerResponse>();

  const server: Server = createServer(async(req, res) => {
    const body = await readBody(req);
    // JSON protocol (KMS): the operation is in X-Amz-Target, the input a JSON object.
    const target = req.headers['x-amz-target'] === undefined ? undefined : String(req.headers['x-amz-target']);
    let input: Record<string, unknown> = {};
    let unreadable = false;

    if (target !== undefined) {
      try {
        const parsed = JSON.parse(body || '{}');

        unreadable = !parsed || typeof parsed !== 'object' || Array.isArray(parsed);
        input = unreadable ? {} : parsed;
      } catch {
        unreadable = true;
      }
    }
    const params = target === undefined ? Object.fromEntries(new URLSearchParams(body)) : Object.fromEntries(Object.entries(input).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
    const service: Service = target !== undefined ? 'kms' : params.Version === EC2_VERSION ? 'ec2' : 'iam';
    const action = target !== undefined ? target.split('.').pop() || '' : params.Action || '';
    const reply = (status: number, text: string) => res.writeHead(status, { 'Content-Type': service === 'kms' ? JSON_TYPE : 'text/xml;charset=UTF-8', 'x-amzn-RequestId': requestId() }).end(text);
    const fail = (status: number, code: string, message: string) => reply(status, service === 'kms' ? JSON.stringify({ __type: code, message }) : errorXml(service, code, message));

    requests.push({
      service, action, params
    });
    if (endpoint.scenario.latencyMs) {
      await new Promise((resolve) => setTimeout(resolve, endpoint.scenario.latencyMs));
    }

    const injected = injectedError(endpoint.scenario, action, params);

    if (injected?.kind === 'timeout') {
      pending.add(res); // never answered; closed with the server

      return;
    }
    if (injected?.kind === 'malformed') {
      reply(200, service === 'kms' ? '{"Keys":[' : `<${ action }Response xmlns="${ service === 'ec2' ? EC2_NS : IAM_NS }"><unclosed>`);

      return;
    }
    if (injected) {
      fail(injected.status || 400, injected.code || 'InternalError', injected.message || 'injected error');

      return;
    }

    try {
      if (unreadable) {
        throw new AwsFault('SerializationException', 'Start of structure or map found where not expected');
      }
      if (service === 'kms') {
        reply(200, JSON.stringify(handleKms(target as string, input, endpoint.scenario, scenarioRegion(endpoint.scenario, requestRegion(req)))));
      } else {
        reply(200, service === 'ec2' ? handleEc2(action, params, endpoint.scenario, requestRegion(req)) : handleIam(action, params, endpoint.scenario));
      }
    } catch (error) {
      const fault = error instanceof AwsFault ? error : new AwsFault('InternalError', String(error), 500);

      fail(fault.status, fault.code, fault.message);
    }
  });

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

  const endpoint: AwsEndpoint = {
    url:   `http://127.0.0.1:${ (server.address() as AddressInfo).port }`,
    requests,
    scenario,
    close: () => new Promise<void>((resolve) => {
      for (const res of pending) {
        res.destroy();
      }
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };

  return endpoint;
}
