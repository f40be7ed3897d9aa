/**
 * @jest-environment node
 */
/**
 * What the dashboard's own Amazon EC2 machine-pool form (@rancher/shell machine-config/amazonec2.vue)
 * asks through /meta/proxy: regions, zones, instance types (depaginated), VPCs, subnets, security
 * groups and KMS keys, read here by the real SDK (KMS by raw JSON-protocol requests).
 */

import { request } from 'http';
import { EC2, paginateDescribeInstanceTypes, _InstanceType } from '@aws-sdk/client-ec2';
import { startAwsEndpoint, AwsEndpoint, DEFAULT_INSTANCE_TYPES } from '../server';
import { Scenario } from '../scenario';
import { greenScenario } from '../fixtures';

const endpoints: AwsEndpoint[] = [];

async function serve(scenario: Scenario): Promise<{ endpoint: AwsEndpoint, ec2: EC2 }> {
  const endpoint = await startAwsEndpoint(scenario);

  endpoints.push(endpoint);

  return { endpoint, ec2: ec2Client(endpoint) };
}

function ec2Client(endpoint: AwsEndpoint, region = 'us-east-1'): EC2 {
  return new EC2({
    region, endpoint: endpoint.url, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, maxAttempts: 1
  });
}

/** A raw POST, as the dashboard's SDK sends it through /meta/proxy (which forwards the AWS host as Host). */
function post(endpoint: AwsEndpoint, body: string, headers: Record<string, string>): Promise<{ status: number, type: string, body: string }> {
  const url = new URL(endpoint.url);

  return new Promise((resolve, reject) => {
    const req = request({
      host: url.hostname, port: url.port, method: 'POST', path: '/', headers
    }, (res) => {
      let text = '';

      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({
        status: res.statusCode || 0, type: String(res.headers['content-type']), body: text
      }));
    });

    req.on('error', reject);
    req.end(body);
  });
}

const kms = (endpoint: AwsEndpoint, operation: string, input: unknown = {}) => post(endpoint, JSON.stringify(input), {
  host: 'kms.us-east-1.api.aws', 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `TrentService.${ operation }`
});

afterEach(async() => {
  await Promise.all(endpoints.splice(0).map((e) => e.close()));
});

describe('describeRegions', () => {
  it('lists real regions with their endpoints by default, and the scenario\'s when it names them', async() => {
    const { endpoint, ec2 } = await serve(greenScenario());
    const regions = (await ec2.describeRegions({})).Regions || [];

    expect(regions.map((r) => r.RegionName)).toEqual(expect.arrayContaining(['us-east-1', 'us-west-2', 'eu-central-1']));
    expect(regions.find((r) => r.RegionName === 'us-west-2')).toEqual({
      RegionName: 'us-west-2', Endpoint: 'ec2.us-west-2.amazonaws.com', OptInStatus: 'opt-in-not-required'
    });

    endpoint.scenario.regions = ['eu-west-1', 'eu-north-1'];
    expect((await ec2.describeRegions({})).Regions?.map((r) => r.RegionName)).toEqual(['eu-west-1', 'eu-north-1']);
    expect((await ec2.describeRegions({ RegionNames: ['eu-north-1'] })).Regions?.map((r) => r.RegionName)).toEqual(['eu-north-1']);
    await expect(ec2.describeRegions({ RegionNames: ['mars-1'] })).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });
});

describe('describeAvailabilityZones', () => {
  it('derives the standard zones from the subnets and instances, plus a, b and c of their region', async() => {
    const scenario = greenScenario();

    scenario.subnets?.push({
      SubnetId: 'subnet-d', VpcId: 'vpc-1', AvailabilityZone: 'us-east-1d'
    });
    const { ec2 } = await serve(scenario);
    const zones = (await ec2.describeAvailabilityZones({})).AvailabilityZones || [];

    expect(zones.map((z) => `${ z.ZoneName } ${ z.ZoneId }`)).toEqual(['us-east-1a use1-az1', 'us-east-1b use1-az2', 'us-east-1c use1-az3', 'us-east-1d use1-az4']);
    expect(zones[0]).toEqual({
      ZoneName: 'us-east-1a', ZoneId: 'use1-az1', ZoneType: 'availability-zone', RegionName: 'us-east-1', State: 'available', GroupName: 'us-east-1', NetworkBorderGroup: 'us-east-1', OptInStatus: 'opt-in-not-required', Messages: []
    });
  });

  it('takes the region from the zones in use, else from the request, else us-east-1', async() => {
    const { endpoint, ec2 } = await serve({
      subnets: [{
        SubnetId: 'subnet-1', VpcId: 'vpc-1', AvailabilityZone: 'ap-northeast-1c'
      }]
    });

    expect((await ec2.describeAvailabilityZones({})).AvailabilityZones?.map((z) => z.ZoneId)).toEqual(['apne1-az1', 'apne1-az2', 'apne1-az3']);

    endpoint.scenario.subnets = [];
    // The SDK signs for its region; /meta/proxy forwards the AWS host (ec2.<region>.api.aws).
    expect((await ec2Client(endpoint, 'eu-central-1').describeAvailabilityZones({})).AvailabilityZones?.map((z) => z.ZoneName)).toEqual(['eu-central-1a', 'eu-central-1b', 'eu-central-1c']);
    const viaProxy = await post(endpoint, 'Action=DescribeAvailabilityZones&Version=2016-11-15', { host: 'ec2.us-west-2.api.aws', 'content-type': 'application/x-www-form-urlencoded' });

    expect(viaProxy.body).toContain('<zoneName>us-west-2a</zoneName><zoneId>usw2-az1</zoneId>');
    expect((await post(endpoint, 'Action=DescribeAvailabilityZones&Version=2016-11-15', { 'content-type': 'application/x-www-form-urlencoded' })).body).toContain('<zoneName>us-east-1a</zoneName>');
  });

  it('honours the zone filters, ZoneNames, ZoneIds and AllAvailabilityZones', async() => {
    const { ec2 } = await serve({
      availabilityZones: [
        { ZoneName: 'us-east-1a', ZoneId: 'use1-az4' },
        { ZoneName: 'us-east-1b', ZoneId: 'use1-az6' },
        {
          ZoneName: 'us-east-1-bos-1a', ZoneId: 'use1-bos1-az1', ZoneType: 'local-zone', ParentZoneName: 'us-east-1b', OptInStatus: 'opted-in'
        },
        {
          ZoneName: 'us-east-1-wl1-bos-wlz-1', ZoneId: 'use1-wl1-bos-wlz1', ZoneType: 'wavelength-zone', ParentZoneName: 'us-east-1a'
        },
      ],
    });
    const names = async(input: Parameters<EC2['describeAvailabilityZones']>[0]) => ((await ec2.describeAvailabilityZones(input)).AvailabilityZones || []).map((z) => z.ZoneName);

    // The Wavelength Zone is not opted in to: listed only with AllAvailabilityZones.
    expect(await names({})).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1-bos-1a']);
    expect(await names({ AllAvailabilityZones: true })).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1-bos-1a', 'us-east-1-wl1-bos-wlz-1']);
    expect(await names({ Filters: [{ Name: 'zone-type', Values: ['availability-zone'] }] })).toEqual(['us-east-1a', 'us-east-1b']);
    expect(await names({ Filters: [{ Name: 'zone-name', Values: ['us-east-1b', 'us-east-1-bos-1a'] }] })).toEqual(['us-east-1b', 'us-east-1-bos-1a']);
    expect(await names({ Filters: [{ Name: 'zone-id', Values: ['use1-az6'] }] })).toEqual(['us-east-1b']);
    expect(await names({ Filters: [{ Name: 'region-name', Values: ['us-east-1'] }, { Name: 'zone-type', Values: ['local-zone'] }] })).toEqual(['us-east-1-bos-1a']);
    expect(await names({ Filters: [{ Name: 'region-name', Values: ['eu-west-1'] }] })).toEqual([]);
    expect(await names({ ZoneNames: ['us-east-1a'] })).toEqual(['us-east-1a']);
    expect(await names({ ZoneIds: ['use1-az6', 'use1-az4'] })).toEqual(['us-east-1a', 'us-east-1b']);

    const [local] = (await ec2.describeAvailabilityZones({ ZoneNames: ['us-east-1-bos-1a'] })).AvailabilityZones || [];

    expect(local).toMatchObject({
      ZoneType: 'local-zone', ParentZoneName: 'us-east-1b', ParentZoneId: 'use1-az6', GroupName: 'us-east-1-bos-1', OptInStatus: 'opted-in', RegionName: 'us-east-1'
    });
    await expect(ec2.describeAvailabilityZones({ ZoneNames: ['us-east-1z'] })).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await expect(ec2.describeAvailabilityZones({ Filters: [{ Name: 'colour', Values: ['blue'] }] })).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });
});

describe('describeVpcs', () => {
  it('gives the VPCs the resources name by default, with CIDR blocks their subnets fit in', async() => {
    const { ec2 } = await serve(greenScenario());
    const vpcs = (await ec2.describeVpcs({})).Vpcs || [];
    const subnets = (await ec2.describeSubnets({})).Subnets || [];

    expect(vpcs).toHaveLength(1);
    expect(vpcs[0]).toMatchObject({
      VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16', IsDefault: false, State: 'available', OwnerId: '123456789012', Tags: []
    });
    expect(vpcs[0].Ipv6CidrBlockAssociationSet).toBeUndefined();
    expect(subnets.map((s) => s.CidrBlock)).toEqual(['10.0.1.0/24', '10.0.2.0/24']);
  });

  it('serves the scenario\'s VPCs and honours VpcIds and the vpc-id filter', async() => {
    const { ec2 } = await serve({
      vpcs: [
        {
          VpcId: 'vpc-default', CidrBlock: '172.31.0.0/16', IsDefault: true
        },
        {
          VpcId: 'vpc-dual', Ipv6CidrBlock: '2600:1f18:1234:5600::/56', Tags: [{ Key: 'Name', Value: 'dual-stack' }]
        },
      ],
    });
    const ids = async(input: Parameters<EC2['describeVpcs']>[0]) => ((await ec2.describeVpcs(input)).Vpcs || []).map((v) => v.VpcId);
    const [dual] = (await ec2.describeVpcs({ VpcIds: ['vpc-dual'] })).Vpcs || [];

    expect(await ids({})).toEqual(['vpc-default', 'vpc-dual']);
    expect(await ids({ VpcIds: ['vpc-dual'] })).toEqual(['vpc-dual']);
    expect(await ids({ Filters: [{ Name: 'vpc-id', Values: ['vpc-default'] }] })).toEqual(['vpc-default']);
    expect(await ids({ Filters: [{ Name: 'is-default', Values: ['true'] }] })).toEqual(['vpc-default']);
    expect(await ids({ Filters: [{ Name: 'tag:Name', Values: ['dual-*'] }] })).toEqual(['vpc-dual']);
    expect(dual).toMatchObject({
      CidrBlock: '10.1.0.0/16', IsDefault: false, Tags: [{ Key: 'Name', Value: 'dual-stack' }]
    });
    expect(dual.Ipv6CidrBlockAssociationSet?.[0]).toMatchObject({ Ipv6CidrBlock: '2600:1f18:1234:5600::/56', Ipv6CidrBlockState: { State: 'associated' } });
    await expect(ec2.describeVpcs({ VpcIds: ['vpc-missing'] })).rejects.toMatchObject({ name: 'InvalidVpcID.NotFound' });
  });
});

describe('describeInstanceTypes', () => {
  it('pages the default types through the SDK paginator with the fields the form reads', async() => {
    const { endpoint, ec2 } = await serve(greenScenario());
    const pages = [];

    for await (const page of paginateDescribeInstanceTypes({ client: ec2, pageSize: 5 }, {})) {
      pages.push(page.InstanceTypes || []);
    }
    const types = pages.flat();

    expect(pages.map((p) => p.length)).toEqual([5, 5]);
    expect(endpoint.requests.filter((r) => r.action === 'DescribeInstanceTypes').map((r) => r.params.MaxResults)).toEqual(['5', '5']);
    expect(types.map((t) => t.InstanceType)).toEqual(DEFAULT_INSTANCE_TYPES.map((t) => t.InstanceType));
    expect(types.map((t) => t.InstanceType)).toContain('t3a.medium'); // the form's default

    const medium = types.find((t) => t.InstanceType === 't3a.medium');

    expect(medium).toMatchObject({
      CurrentGeneration:             true,
      SupportedUsageClasses:         ['on-demand', 'spot'],
      MemoryInfo:                    { SizeInMiB: 4096 },
      VCpuInfo:                      {
        DefaultVCpus: 2, DefaultCores: 1, DefaultThreadsPerCore: 2
      },
      ProcessorInfo:                 { SupportedArchitectures: ['x86_64'] },
      InstanceStorageSupported:      false,
      BurstablePerformanceSupported: true,
    });
    expect(medium?.InstanceStorageInfo).toBeUndefined();
    expect(types.find((t) => t.InstanceType === 't4g.medium')?.ProcessorInfo?.SupportedArchitectures).toEqual(['arm64']);
    expect(types.find((t) => t.InstanceType === 'm5d.large')?.InstanceStorageInfo).toMatchObject({
      TotalSizeInGB: 75,
      Disks:         [{
        SizeInGB: 75, Count: 1, Type: 'ssd'
      }],
      NvmeSupport: 'required'
    });
  });

  it('follows NextToken the way the store\'s depaginateList does, and honours InstanceTypes and filters', async() => {
    const { ec2 } = await serve({
      instanceTypes: [
        {
          InstanceType: 'm7g.large', VCpus: 2, MemoryMiB: 8192, Architectures: ['arm64']
        },
        {
          InstanceType: 'm3.medium', VCpus: 1, MemoryMiB: 3840, CurrentGeneration: false, Architectures: ['i386', 'x86_64']
        },
      ],
    });
    const names = async(input: Parameters<EC2['describeInstanceTypes']>[0]) => ((await ec2.describeInstanceTypes(input)).InstanceTypes || []).map((t) => t.InstanceType);
    // depaginateList: call with {}, then with NextToken until there is none.
    const first = await ec2.describeInstanceTypes({ MaxResults: 5 });

    expect(first.NextToken).toBeUndefined();
    expect(first.InstanceTypes?.map((t) => t.CurrentGeneration)).toEqual([true, false]);
    expect(await names({ InstanceTypes: ['m3.medium'] })).toEqual(['m3.medium']);
    expect(await names({ Filters: [{ Name: 'processor-info.supported-architecture', Values: ['x86_64'] }] })).toEqual(['m3.medium']);
    expect(await names({ Filters: [{ Name: 'current-generation', Values: ['true'] }] })).toEqual(['m7g.large']);
    expect(await names({ Filters: [{ Name: 'instance-type', Values: ['m7*'] }] })).toEqual(['m7g.large']);
    await expect(ec2.describeInstanceTypes({ InstanceTypes: ['x9.huge' as _InstanceType] })).rejects.toMatchObject({ name: 'InvalidInstanceType' });
  });
});

describe('describeSubnets and describeSecurityGroups', () => {
  it('give the fields the form\'s networking section reads, with defaults', async() => {
    const scenario = greenScenario();

    scenario.subnets?.push({
      SubnetId: 'subnet-dual', VpcId: 'vpc-1', AvailabilityZone: 'us-east-1c', CidrBlock: '10.0.64.0/20', Ipv6CidrBlock: '2600:1f18:1234:5601::/64', MapPublicIpOnLaunch: true, DefaultForAz: true
    });
    scenario.securityGroups?.push({
      GroupId: 'sg-described', GroupName: 'described', VpcId: 'vpc-1', Description: 'Rancher nodes'
    });
    const { ec2 } = await serve(scenario);
    const subnets = (await ec2.describeSubnets({})).Subnets || [];
    const groups = (await ec2.describeSecurityGroups({})).SecurityGroups || [];

    expect(subnets[0]).toMatchObject({
      SubnetId: 'subnet-1', VpcId: 'vpc-1', AvailabilityZone: 'us-east-1a', AvailabilityZoneId: 'use1-az1', CidrBlock: '10.0.1.0/24', AvailableIpAddressCount: 251, MapPublicIpOnLaunch: false, DefaultForAz: false, State: 'available', Ipv6CidrBlockAssociationSet: []
    });
    expect(subnets[0].Tags).toEqual([{ Key: 'kubernetes.io/cluster/c-m-abc12345', Value: 'owned' }]);
    expect(subnets[2]).toMatchObject({
      CidrBlock: '10.0.64.0/20', AvailabilityZoneId: 'use1-az3', MapPublicIpOnLaunch: true, DefaultForAz: true, AvailableIpAddressCount: 4091
    });
    expect(subnets[2].Ipv6CidrBlockAssociationSet?.[0].Ipv6CidrBlock).toBe('2600:1f18:1234:5601::/64');
    expect((await ec2.describeSubnets({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] })).Subnets?.map((s) => s.SubnetId)).toEqual(['subnet-dual']);

    // groupDescription is the SDK's Description (the form reads GroupDescription, which the SDK never sets).
    expect(groups.find((g) => g.GroupId === 'sg-cluster')).toMatchObject({
      GroupName: 'rancher-nodes', Description: 'rancher-nodes', VpcId: 'vpc-1', IpPermissions: []
    });
    expect(groups.find((g) => g.GroupId === 'sg-described')?.Description).toBe('Rancher nodes');
    expect(groups[0].IpPermissionsEgress?.[0]).toMatchObject({ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] });
  });
});

describe('KMS (AWS JSON 1.1)', () => {
  it('refuses ListKeys with a JSON AccessDeniedException unless the scenario has keys, and logs it', async() => {
    const { endpoint } = await serve(greenScenario());
    const denied = await kms(endpoint, 'ListKeys');

    expect(denied.status).toBe(400);
    expect(denied.type).toBe('application/x-amz-json-1.1');
    expect(JSON.parse(denied.body)).toEqual({ __type: 'AccessDeniedException', message: expect.stringContaining('kms:ListKeys') });
    expect(endpoint.requests).toEqual([{
      service: 'kms', action: 'ListKeys', params: {}
    }]);
  });

  it('lists the scenario\'s keys, pages with Limit and Marker, and rejects what it does not know', async() => {
    const { endpoint } = await serve({ ...greenScenario(), kms: { keys: ['1234abcd-12ab-34cd-56ef-1234567890ab', 'arn:aws:kms:us-east-1:111122223333:key/0987dcba-09fe-87dc-65ba-ab0987654321'] } });
    const all = await kms(endpoint, 'ListKeys');

    expect(all.status).toBe(200);
    expect(JSON.parse(all.body)).toEqual({
      Keys: [
        { KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab', KeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
        { KeyId: '0987dcba-09fe-87dc-65ba-ab0987654321', KeyArn: 'arn:aws:kms:us-east-1:111122223333:key/0987dcba-09fe-87dc-65ba-ab0987654321' },
      ],
      Truncated: false,
    });

    const first = JSON.parse((await kms(endpoint, 'ListKeys', { Limit: 1 })).body);
    const second = JSON.parse((await kms(endpoint, 'ListKeys', { Limit: 1, Marker: first.NextMarker })).body);

    expect([first.Truncated, second.Truncated, second.NextMarker]).toEqual([true, false, undefined]);
    expect([...first.Keys, ...second.Keys].map((k) => k.KeyId)).toEqual(['1234abcd-12ab-34cd-56ef-1234567890ab', '0987dcba-09fe-87dc-65ba-ab0987654321']);
    expect(endpoint.requests[1]).toEqual({
      service: 'kms', action: 'ListKeys', params: { Limit: '1' }
    });

    expect(JSON.parse((await kms(endpoint, 'DescribeKey', { KeyId: 'x' })).body).__type).toBe('UnknownOperationException');
    expect(JSON.parse((await post(endpoint, '{not json', { 'x-amz-target': 'TrentService.ListKeys' })).body).__type).toBe('SerializationException');

    endpoint.scenario.errors = [{
      action: 'ListKeys', code: 'KMSInternalException', status: 500, times: 1
    }];
    const injected = await kms(endpoint, 'ListKeys');

    expect([injected.status, JSON.parse(injected.body).__type]).toEqual([500, 'KMSInternalException']);
    expect((await kms(endpoint, 'ListKeys')).status).toBe(200);
  });
});
