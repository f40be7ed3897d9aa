/**
 * @jest-environment node
 */
/**
 * Zone types asked as the provider asks them (getZoneDetailsByNames, zones.go): DescribeAvailabilityZones
 * with a `zone-name` filter of the subnets' zones, over HTTP to the local endpoint with the real SDK
 * clients. A zone EC2 does not describe is "could not verify", never a regular zone.
 */
import { startAwsEndpoint, AwsEndpoint } from '../../../../local/aws-endpoint/server';
import { greenScenario, CLUSTER_ID, PROFILE } from '../../../../local/aws-endpoint/fixtures';
import { Scenario } from '../../../../local/aws-endpoint/scenario';
import { sdkClients } from '../../../../cli/src/sdk-clients';
import { Target, verifyTargets } from '../../verification/verify';
import { ALL_ROLES } from '../../domain/roles';
import { Finding } from '../../domain/findings';
import { inProcessAwsEnv } from '../../../../tests/setup/cli-env';

// Every endpoint a test starts (one test may verify twice), closed after it.
const started = inProcessAwsEnv<AwsEndpoint>();

const target: Target = {
  clusterId: CLUSTER_ID, region: 'us-east-1', roles: [...ALL_ROLES], instanceProfileName: PROFILE, subnetIds: ['subnet-1'], securityGroupIds: [], vpcId: 'vpc-1', instanceIds: [], kubernetesVersion: 'v1.30.1', controlPlane: { profiles: [PROFILE] }, checkPassRole: true
};

async function verify(change: (scenario: Scenario) => void, over: Partial<Target> = {}): Promise<{ findings: Finding[], endpoint: AwsEndpoint }> {
  const scenario = greenScenario();

  change(scenario);
  const endpoint = await startAwsEndpoint(scenario);

  started.push(endpoint);

  return { findings: (await verifyTargets([{ ...target, ...over }], async(region) => sdkClients(region, endpoint.url, 10000))).findings, endpoint };
}

/** The zone names each DescribeAvailabilityZones request asked for by filter, and whether any asked for all zones. */
function zoneRequests(endpoint: AwsEndpoint): { names: string[][], unfiltered: number } {
  const requests = endpoint.requests.filter((r) => r.action === 'DescribeAvailabilityZones');
  const names = requests.map((r) => {
    const index = Object.entries(r.params).find(([key, value]) => /^Filter\.\d+\.Name$/.test(key) && value === 'zone-name')?.[0].split('.')[1];

    return index ? Object.entries(r.params).filter(([key]) => key.startsWith(`Filter.${ index }.Value.`)).map(([, value]) => value as string).sort() : [];
  });

  return { names, unfiltered: names.filter((list) => !list.length).length };
}

const statusOf = (findings: Finding[], id: string) => findings.filter((f) => f.id === id).map((f) => f.status);

it('asks for the zones of the subnets by name, never for every zone of the region', async() => {
  const { findings, endpoint } = await verify(() => undefined);
  const { names, unfiltered } = zoneRequests(endpoint);

  expect(unfiltered).toBe(0);
  // Every zone of the VPC's subnets asked, each once.
  expect(names.flat().sort()).toEqual(['us-east-1a', 'us-east-1b']);
  expect(statusOf(findings, 'subnets.load-balancer')).toEqual(['pass']);
});

it('says "could not verify" when EC2 does not describe a subnet\'s zone', async() => {
  const { findings, endpoint } = await verify((scenario) => {
    // The endpoint describes only us-east-1a: the subnet in us-east-1b has a zone it does not know.
    scenario.availabilityZones = [{ ZoneName: 'us-east-1a', ZoneId: 'use1-az1' }];
  });
  const finding = findings.find((f) => f.id === 'subnets.load-balancer');

  expect(zoneRequests(endpoint).names.flat()).toContain('us-east-1b');
  expect([finding?.status, finding?.message.key, finding?.message.args?.zones]).toEqual(['unknown', 'check.loadBalancerSubnets.zoneUnverified', 'us-east-1b']);
});

it('drops a Local Zone subnet by the type EC2 gives for its name', async() => {
  const { findings, endpoint } = await verify((scenario) => {
    scenario.availabilityZones = [
      { ZoneName: 'us-east-1a', ZoneId: 'use1-az1' }, {
        ZoneName: 'us-east-1-bos-1a', ZoneId: 'use1-bos1-az1', ZoneType: 'local-zone', ParentZoneName: 'us-east-1a', OptInStatus: 'opted-in'
      },
    ];
    (scenario.subnets || [])[1].AvailabilityZone = 'us-east-1-bos-1a';
  });

  expect(zoneRequests(endpoint).names.flat().sort()).toEqual(['us-east-1-bos-1a', 'us-east-1a']);
  expect(findings.find((f) => f.id === 'subnets.load-balancer')).toMatchObject({ status: 'warn', message: { key: 'check.loadBalancerSubnets.oneZone' } });
});

it('does not ask before 1.27, where zone types do not matter', async() => {
  const { findings, endpoint } = await verify((scenario) => {
    scenario.availabilityZones = [{ ZoneName: 'us-east-1a', ZoneId: 'use1-az1' }];
  }, { kubernetesVersion: 'v1.26.15' });

  expect(zoneRequests(endpoint).names).toEqual([]);
  expect(statusOf(findings, 'subnets.load-balancer')).toEqual(['pass']);
});
