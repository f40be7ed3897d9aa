/**
 * EC2's network family: regions, zones (with the Local and Wavelength Zones' fields), VPCs,
 * subnets, security groups and route tables, each with its filters and pages; and the region a
 * scenario lives in.
 */

import {
  Scenario, ScenarioGroup, ScenarioRouteTable, ScenarioSubnet, ScenarioVpc, ScenarioZone
} from './scenario';
import {
  AwsFault, Ec2Handler, ec2List, ec2Page, ec2Response, el, fieldMatches, items, raw, tagMatches, tagSet
} from './query-protocol';

/** DescribeRegions when the scenario names none. */
export const DEFAULT_REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'eu-west-1', 'eu-central-1', 'ap-southeast-1', 'ap-northeast-1'];

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
export function scenarioRegion(scenario: Scenario, requested?: string): string {
  const names = [...(scenario.availabilityZones || []).map((z) => z.ZoneName), ...usedZones(scenario)];

  return names.map(regionOfZone).find(Boolean) || requested || 'us-east-1';
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

export const ec2NetworkActions: Record<string, Ec2Handler> = {
  DescribeSubnets: ({
    action, params, filters, scenario, account, region
  }) => {
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
  },
  DescribeSecurityGroups: ({
    action, params, filters, scenario, account
  }) => {
    const matching = (scenario.securityGroups || []).filter((g: ScenarioGroup) => tagMatches(g.Tags, filters) && fieldMatches(filters, {
      'group-id': g.GroupId, 'group-name': g.GroupName, 'vpc-id': g.VpcId, description: g.Description || g.GroupName, 'owner-id': account
    }));
    const { page, next } = ec2Page(matching, params);
    // AWS gives every new group an allow-all egress rule.
    const egress = items('ipPermissionsEgress', [{}], () => el('ipProtocol', '-1') + raw('groups', '') + items('ipRanges', ['0.0.0.0/0'], (c: string) => el('cidrIp', c)) + raw('ipv6Ranges', '') + raw('prefixListIds', ''));

    return ec2Response(action, items('securityGroupInfo', page, (g: ScenarioGroup) => el('ownerId', account) + el('groupId', g.GroupId) + el('groupName', g.GroupName) + el('groupDescription', g.Description || g.GroupName) +
    el('vpcId', g.VpcId) + raw('ipPermissions', '') + egress + tagSet(g.Tags)) + el('nextToken', next));
  },
  DescribeVpcs: ({
    action, params, filters, scenario, account
  }) => {
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
  },
  DescribeRegions: ({
    action, params, filters, scenario, region
  }) => {
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
  },
  DescribeAvailabilityZones: ({
    action, params, filters, scenario, region
  }) => {
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
  },
  DescribeRouteTables: ({
    action, params, filters, scenario, account
  }) => {
    const matching = (scenario.routeTables || []).filter((t) => fieldMatches(filters, { 'vpc-id': t.VpcId, 'route-table-id': t.RouteTableId }));
    const { page, next } = ec2Page(matching, params);

    return ec2Response(action, items('routeTableSet', page, (t: ScenarioRouteTable) => el('routeTableId', t.RouteTableId) + el('vpcId', t.VpcId) + el('ownerId', account) +
    items('routeSet', t.Routes || [], (r) => el('destinationCidrBlock', r.DestinationCidrBlock || '0.0.0.0/0') + el('gatewayId', r.GatewayId) + el('state', 'active')) +
    items('associationSet', [...(t.Main ? [{ main: true }] : []), ...(t.SubnetIds || []).map((subnetId) => ({ subnetId }))], (a: { main?: boolean, subnetId?: string }) => el('routeTableAssociationId', `rtbassoc-${ t.RouteTableId.slice(4) }${ a.subnetId || 'main' }`) + el('routeTableId', t.RouteTableId) + el('subnetId', a.subnetId) + el('main', !!a.main)) +
    tagSet([])) + el('nextToken', next));
  },
};
