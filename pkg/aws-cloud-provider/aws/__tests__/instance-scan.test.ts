/**
 * @jest-environment node
 */
/** The real SDK clients against the local endpoint, as the CLI makes them (maxAttempts 3). */

import { startAwsEndpoint, AwsEndpoint, LoggedRequest } from '../../../../local/aws-endpoint/server';
import { greenScenario, CLUSTER_ID, CLUSTER_KEY, PROFILE } from '../../../../local/aws-endpoint/fixtures';
import { Scenario, ScenarioInstance } from '../../../../local/aws-endpoint/scenario';
import { sdkClients } from '../../../../cli/src/sdk-clients';
import { AwsClients, Ec2Api } from '../clients';
import { concurrencyLimit } from '../concurrency';
import {
  EC2_PAGE_SIZE, ID_HALVES, ZONE_PARTITIONS, describeInstancesByZone, gatherClusterFacts
} from '../gather';
import { ALL_ROLES } from '../../domain/roles';

const savedEnv = { ...process.env };
const tagged = [{ Name: 'tag-key', Values: [CLUSTER_KEY] }];
let endpoint: AwsEndpoint;

beforeAll(() => {
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/nonexistent/aws-config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials'
  });
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
});

afterAll(() => {
  process.env = savedEnv;
});

afterEach(() => endpoint?.close());

let serial = 0;

/** `count` cluster-tagged instances in `zone`. */
function instancesIn(zone: string, count: number, extra: Partial<ScenarioInstance> = {}): ScenarioInstance[] {
  return Array.from({ length: count }, () => ({
    InstanceId: `i-${ (serial++).toString(16).padStart(17, '0') }`, AvailabilityZone: zone, Tags: [{ Key: CLUSTER_KEY, Value: 'owned' }], VpcId: 'vpc-1', SubnetId: 'subnet-1', ...extra
  }));
}

async function serve(instances: ScenarioInstance[], change: (scenario: Scenario) => void = () => undefined): Promise<AwsClients> {
  const scenario = greenScenario();

  scenario.instances = instances;
  change(scenario);
  endpoint = await startAwsEndpoint(scenario);

  return sdkClients('us-east-1', endpoint.url, 10000);
}

/** The zone values of a scan request (one partition), or undefined for any other request. */
function partitionOf(request: LoggedRequest): string | undefined {
  if (request.action !== 'DescribeInstances') {
    return undefined;
  }
  const zoneFilter = Object.keys(request.params).find((key) => /^Filter\.\d+\.Name$/.test(key) && request.params[key] === 'availability-zone');

  return zoneFilter && request.params[zoneFilter.replace('Name', 'Value.1')];
}

const requestsOf = (zoneValue: string) => endpoint.requests.filter((r) => partitionOf(r) === zoneValue);

const idsOf = (instances: { InstanceId?: string }[]) => instances.map((i) => i.InstanceId as string).sort();

describe('the partitioned instance scan', () => {
  it('finds every instance exactly once, in zones a to f, past f, Local and Wavelength Zones, and pages of exactly 1,000', async() => {
    const expected = [
      ...instancesIn('us-east-1a', EC2_PAGE_SIZE),
      ...instancesIn('us-east-1b', 2 * EC2_PAGE_SIZE),
      ...instancesIn('us-east-1c', 1),
      ...instancesIn('us-east-1-bos-1e', 3),
      // In no listed zone letter: the catch-all partition.
      ...instancesIn('us-east-1g', 2),
      ...instancesIn('us-east-1-wl1-bos-wlz-1', 2),
    ];
    const clients = await serve([...expected, ...instancesIn('us-east-1a', 5, { Tags: [{ Key: 'kubernetes.io/cluster/other', Value: 'owned' }] })]);

    const found = await describeInstancesByZone(clients.ec2, tagged);

    expect(found.ok).toBe(true);
    const ids = idsOf(found.ok ? found.value : []);

    expect(ids).toHaveLength(expected.length);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(idsOf(expected));
    // A first page without partitions; it shows more, so one chain per partition, a page per 1,000
    // (a full last page ends the chain); zone a, populated on that first page, as two ID halves.
    expect(endpoint.requests.filter((r) => r.action === 'DescribeInstances' && !partitionOf(r))).toHaveLength(1);
    expect(ZONE_PARTITIONS.map((zones) => requestsOf(zones[0]).length)).toEqual([2, 2, 1, 1, 1, 1, 1]);
    expect(requestsOf('*b').map((r) => r.params.NextToken)).toEqual([undefined, expect.any(String)]);
    expect(endpoint.requests.filter((r) => r.action === 'DescribeInstances').every((r) => r.params.MaxResults === String(EC2_PAGE_SIZE))).toBe(true);
  });

  it('asks once for a cluster that fits one page', async() => {
    const expected = [...instancesIn('us-east-1a', 400), ...instancesIn('us-east-1b', 400), ...instancesIn('us-east-1-wl1-bos-wlz-1', 200)];
    const clients = await serve(expected);

    const found = await describeInstancesByZone(clients.ec2, tagged);

    expect(idsOf(found.ok ? found.value : [])).toEqual(idsOf(expected));
    expect(endpoint.requests.filter((r) => r.action === 'DescribeInstances')).toHaveLength(1);
  });

  it('keeps of each instance what the checks read, not the rest of EC2\'s description', async() => {
    const [one] = instancesIn('us-east-1a', 1, {
      InstanceProfile: PROFILE, SecurityGroups: [{ GroupId: 'sg-1', GroupName: 'rancher-nodes' }], PrivateDnsName: 'ip-10-0-0-9.ec2.internal', PrivateIpAddress: '10.0.0.9', MetadataOptions: { HttpTokens: 'required' }
    });
    const clients = await serve([one]);
    // The SDK's own answer has the rest: network interfaces, the root volume, launch details.
    const answer = await clients.ec2.describeInstances({ Filters: tagged });
    const described = answer.Reservations?.[0].Instances?.[0] as Record<string, unknown>;

    expect(Object.keys(described)).toEqual(expect.arrayContaining(['ImageId', 'LaunchTime', 'NetworkInterfaces', 'BlockDeviceMappings', 'CpuOptions']));

    const found = await describeInstancesByZone(clients.ec2, tagged);
    const [kept] = found.ok ? found.value : [];

    expect(kept).toEqual({
      InstanceId:         one.InstanceId,
      Tags:               [{ Key: CLUSTER_KEY, Value: 'owned' }],
      SecurityGroups:     [{ GroupId: 'sg-1', GroupName: 'rancher-nodes' }],
      IamInstanceProfile: { Arn: `arn:aws:iam::123456789012:instance-profile/${ PROFILE }`, Id: expect.any(String) },
      SubnetId:           'subnet-1',
      VpcId:              'vpc-1',
      PrivateDnsName:     'ip-10-0-0-9.ec2.internal',
      PrivateIpAddress:   '10.0.0.9',
      Placement:          { AvailabilityZone: 'us-east-1a' },
      State:              { Name: 'running' },
      MetadataOptions:    expect.objectContaining({
        HttpTokens: 'required', HttpEndpoint: 'enabled', InstanceMetadataTags: 'disabled'
      }),
    });
    expect(Object.keys(kept)).not.toContain('ImageId');
  });

  it('keeps 10,000 instances over three zones to two pages a chain after the first', async() => {
    const expected = Array.from({ length: 10000 }, (_, n) => instancesIn(`us-east-1${ 'abc'[n % 3] }`, 1)[0]);
    const clients = await serve(expected);

    const found = await describeInstancesByZone(clients.ec2, tagged);

    expect(idsOf(found.ok ? found.value : [])).toEqual(idsOf(expected));
    const scan = endpoint.requests.filter((r) => r.action === 'DescribeInstances');
    const chainOf = (r: LoggedRequest) => JSON.stringify(Object.entries(r.params).filter(([key]) => key.startsWith('Filter.')));
    const chains = new Map<string, number>();

    scan.forEach((r) => chains.set(chainOf(r), (chains.get(chainOf(r)) || 0) + 1));
    // The first page, then zones a, b and c in two ID halves of two pages each, and the 4 empty partitions.
    expect(Math.max(...[...chains.values()].slice(1))).toBe(2);
    expect(scan).toHaveLength(1 + 3 * ID_HALVES.length * 2 + 4);
  });

  it('follows the first page\'s own chain when the partitions miss one of its instances', async() => {
    const expected = [...instancesIn('us-east-1a', 1500), ...instancesIn('us-east-1b', 600)];
    const clients = await serve(expected);
    // An EC2 that would not apply the instance-id wildcard: those partitions come back empty.
    const ec2: Ec2Api = Object.assign(Object.create(clients.ec2), { describeInstances: (input: Parameters<Ec2Api['describeInstances']>[0]) => (input.Filters?.some((f) => f.Name === 'instance-id') ? Promise.resolve({ Reservations: [] }) : clients.ec2.describeInstances(input)) });

    const found = await describeInstancesByZone(ec2, tagged);

    expect(idsOf(found.ok ? found.value : [])).toEqual(idsOf(expected));
  });

  it('covers every last character a zone name can have, each in one partition', () => {
    const values = ZONE_PARTITIONS.flat();

    expect(new Set(values).size).toBe(values.length);
    expect(values.map((value) => value.replace('*', '')).sort().join('')).toBe('0123456789abcdefghijklmnopqrstuvwxyz');
  });

  it('retries a throttled page of one partition and loses none of its pages', async() => {
    // Zone a fills the first page, so zone b is one chain of three pages.
    const expected = [...instancesIn('us-east-1a', EC2_PAGE_SIZE), ...instancesIn('us-east-1b', 2500), ...instancesIn('us-east-1c', 300)];
    const clients = await serve(expected);
    const throttle = {
      action: 'DescribeInstances', filter: { name: 'availability-zone', value: '*b' }, code: 'RequestLimitExceeded', status: 503, message: 'Request limit exceeded.', times: 1
    };
    // The real client; once partition b's first page is in, its next request is throttled (once).
    const ec2: Ec2Api = Object.assign(Object.create(clients.ec2), {
      describeInstances: async(input: Parameters<Ec2Api['describeInstances']>[0]) => {
        const page = await clients.ec2.describeInstances(input);

        if (!input.NextToken && input.Filters?.some((f) => f.Name === 'availability-zone' && f.Values.includes('*b'))) {
          endpoint.scenario.errors = [throttle];
        }

        return page;
      },
    });

    const found = await describeInstancesByZone(ec2, tagged);

    expect(found.ok).toBe(true);
    expect(idsOf(found.ok ? found.value : [])).toEqual(idsOf(expected));
    expect(throttle.times).toBe(0);
    // Page 2 asked twice (throttled, then retried by the SDK with the same token), then page 3.
    const tokens = requestsOf('*b').map((r) => r.params.NextToken);

    expect(tokens).toHaveLength(4);
    expect(tokens[0]).toBeUndefined();
    expect(tokens[2]).toBe(tokens[1]);
    expect(new Set(tokens).size).toBe(3);
  });

  it('fails with the throttling error when the retries run out', async() => {
    const clients = await serve([...instancesIn('us-east-1a', EC2_PAGE_SIZE), ...instancesIn('us-east-1b', 10)], (scenario) => {
      scenario.errors = [{
        action: 'DescribeInstances', filter: { name: 'availability-zone', value: '*b' }, code: 'RequestLimitExceeded', status: 503, message: 'Request limit exceeded.'
      }];
    });

    const found = await describeInstancesByZone(clients.ec2, tagged);

    expect(found).toMatchObject({ ok: false, error: { operation: 'DescribeInstances', code: 'RequestLimitExceeded' } });
    // The client's maxAttempts (3), no retries of ours on top.
    expect(requestsOf('*b')).toHaveLength(3);
  });

  it('reads the pool\'s VPC beside the scan, not after its last page', async() => {
    const clients = await serve(instancesIn('us-east-1a', 2500), (scenario) => {
      scenario.latencyMs = 20;
    });
    const inputs = {
      clusterId: CLUSTER_ID, region: 'us-east-1', roles: [...ALL_ROLES], instanceProfileName: PROFILE, subnetIds: ['subnet-1'], securityGroupIds: ['rancher-nodes'], vpcId: 'vpc-1', instanceIds: []
    };

    const facts = await gatherClusterFacts(clients, inputs);

    expect(facts.instances.ok && facts.instances.value).toHaveLength(2500);
    expect(facts.vpcs).toMatchObject({ ok: true, value: [{ vpcId: 'vpc-1' }] });
    const vpcRead = endpoint.requests.findIndex((r) => r.action === 'DescribeRouteTables');
    const lastPage = endpoint.requests.map(partitionOf).lastIndexOf('*a');

    expect(vpcRead).toBeGreaterThanOrEqual(0);
    expect(vpcRead).toBeLessThan(lastPage);
    expect(endpoint.requests.filter((r) => r.action === 'DescribeRouteTables')).toHaveLength(1);
  });
});

describe('concurrencyLimit', () => {
  it('runs at most `limit` calls at once, each one, first come first served', async() => {
    const limit = concurrencyLimit(2);
    const started: number[] = [];
    let running = 0;
    let most = 0;
    const call = (n: number) => limit(async() => {
      started.push(n);
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5 * (n % 3)));
      running--;

      return n;
    });

    expect(await Promise.all([0, 1, 2, 3, 4, 5, 6].map(call))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(most).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('frees the slot of a call that fails', async() => {
    const limit = concurrencyLimit(1);

    await expect(limit(() => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    expect(await limit(async() => 'next')).toBe('next');
  });
});

describe('every instance profile in use, one IAM chain per distinct profile', () => {
  it('reads each profile once, however many instances use it', async() => {
    const clients = await serve([
      ...instancesIn('us-east-1a', 40, { InstanceProfile: PROFILE }),
      ...instancesIn('us-east-1b', 30, { InstanceProfile: 'rancher-cp-profile' }),
    ], (scenario) => {
      scenario.instanceProfiles = [...(scenario.instanceProfiles || []), { InstanceProfileName: 'rancher-cp-profile', Roles: [scenario.roles?.[0].RoleName as string] }];
    });
    const facts = await gatherClusterFacts(clients, {
      clusterId: CLUSTER_ID, region: 'us-east-1', roles: [...ALL_ROLES], instanceProfileName: PROFILE, subnetIds: [], securityGroupIds: [], instanceIds: []
    });
    const profileReads = endpoint.requests.filter((r) => r.action === 'GetInstanceProfile').map((r) => r.params.InstanceProfileName);

    expect(facts.profiles.map((p) => [p.name, p.asked, p.iam.profile.ok])).toEqual([[PROFILE, true, true], ['rancher-cp-profile', false, true]]);
    expect(profileReads.sort()).toEqual([PROFILE, 'rancher-cp-profile'].sort());
  });
});
