/**
 * @jest-environment node
 */
/**
 * The new rules end to end: the local endpoint over HTTP, the real SDK clients (as the CLI makes
 * them), the use case both fronts run. One case per rule that needs a fact only AWS gives:
 * zone types, metadata options, resource-scoped grants in the simulator, PassRole's context.
 */
import { startAwsEndpoint, AwsEndpoint } from '../../../../local/aws-endpoint/server';
import { greenScenario, CLUSTER_ID, PROFILE } from '../../../../local/aws-endpoint/fixtures';
import { Scenario } from '../../../../local/aws-endpoint/scenario';
import { sdkClients } from '../../../../cli/src/sdk-clients';
import { Target, verifyTargets } from '../../verification/verify';
import { actionsForRoles } from '../../domain/policies';
import { ALL_ROLES } from '../../domain/roles';
import { Finding } from '../../domain/findings';
import { inProcessAwsEnv } from '../../../../tests/setup/cli-env';

let endpoint: AwsEndpoint;
// Every endpoint a test starts (one test may verify twice), closed after it.
const started = inProcessAwsEnv<AwsEndpoint>();

const target: Target = {
  clusterId: CLUSTER_ID, region: 'us-east-1', roles: [...ALL_ROLES], instanceProfileName: PROFILE, subnetIds: ['subnet-1'], securityGroupIds: [], vpcId: 'vpc-1', instanceIds: [], kubernetesVersion: 'v1.30.1', controlPlane: { profiles: [PROFILE] }, checkPassRole: true
};

async function verify(change: (scenario: Scenario) => void, over: Partial<Target> = {}): Promise<Finding[]> {
  const scenario = greenScenario();

  change(scenario);
  endpoint = await startAwsEndpoint(scenario);
  started.push(endpoint);

  return (await verifyTargets([{ ...target, ...over }], async(region) => sdkClients(region, endpoint.url, 10000))).findings;
}

const statusOf = (findings: Finding[], id: string, resource?: string) => findings.filter((f) => f.id === id && (!resource || f.resource === resource)).map((f) => f.status);

it('passes the green account with the version and the control plane given', async() => {
  const findings = await verify(() => undefined);

  expect(findings.filter((f) => f.status !== 'pass').map((f) => `${ f.id } ${ f.status }`)).toEqual([]);
});

it('leaves Local Zone subnets out of load-balancer placement from 1.27 (DescribeAvailabilityZones)', async() => {
  const move = (scenario: Scenario) => {
    scenario.availabilityZones = [
      { ZoneName: 'us-east-1a', ZoneId: 'use1-az1' }, {
        ZoneName: 'us-east-1-bos-1a', ZoneId: 'use1-bos1-az1', ZoneType: 'local-zone', ParentZoneName: 'us-east-1a', OptInStatus: 'opted-in'
      },
    ];
    // The second public subnet sits in a Local Zone.
    (scenario.subnets || [])[1].AvailabilityZone = 'us-east-1-bos-1a';
  };

  expect(statusOf(await verify(move), 'subnets.load-balancer')).toEqual(['warn']);
  expect(statusOf(await verify(move, { kubernetesVersion: 'v1.26.15' }), 'subnets.load-balancer')).toEqual(['pass']);
});

it('fails a control-plane host whose metadata service is disabled, and tags a metadata-tags instance with the legacy key', async() => {
  const findings = await verify((scenario) => {
    const [first, second] = scenario.instances || [];

    first.MetadataOptions = { HttpEndpoint: 'disabled' };
    // Untagged, and its metadata exposes its tags: found by ID, not by the tag scan.
    second.MetadataOptions = { InstanceMetadataTags: 'enabled' };
    second.Tags = [];
  }, { instanceIds: ['i-0000000000000002'] });

  expect(statusOf(findings, 'instance.metadata', 'i-0000000000000001')).toEqual(['fail']);
  expect(findings.find((f) => f.id === 'instance.cluster-tag' && f.resource === 'i-0000000000000002')?.fix?.tag).toEqual({
    resourceIds: ['i-0000000000000002'], key: 'KubernetesCluster', value: CLUSTER_ID
  });
});

it('counts a grant on the kinds of resources the provider acts on, as AWS\'s simulator answers it', async() => {
  const findings = await verify((scenario) => {
    scenario.simulation = {
      default:           'allowed',
      resourceDecisions: { 'ec2:CreateTags': { 'arn:aws:ec2:*:*:security-group/*': 'allowed' } },
    };
  });

  expect(statusOf(findings, 'instance-profile.permissions')).toEqual(['pass']);
  expect(endpoint.requests.filter((r) => r.action === 'SimulatePrincipalPolicy' && r.params.PolicySourceArn.includes(':role/')).map((r) => r.params['ResourceArns.member.1'])).toEqual(expect.arrayContaining(['*', expect.stringMatching(/^arn:aws:/)]));
});

it('fails a required action the simulator denies on those resources', async() => {
  const findings = await verify((scenario) => {
    scenario.simulation = { default: 'allowed', resourceDecisions: { 'ec2:CreateTags': { '*': 'explicitDeny' } } };
  });

  expect(findings.find((f) => f.id === 'instance-profile.permissions')).toMatchObject({ status: 'fail', details: ['ec2:CreateTags'] });
});

it('sends iam:PassedToService with the PassRole simulation, so the usual conditional grant passes', async() => {
  const findings = await verify((scenario) => {
    scenario.callerSimulation = { 'iam:PassRole': { decision: 'allowed', whenContext: { 'iam:PassedToService': 'ec2.amazonaws.com' } } };
  });

  expect(statusOf(findings, 'instance-profile.pass-role')).toEqual(['pass']);
});

it('lists every later check of a profile that cannot be read, as could not verify', async() => {
  const findings = await verify((scenario) => {
    scenario.errors = [{
      action: 'GetInstanceProfile', code: 'AccessDenied', status: 403, message: 'no'
    }];
  });

  expect(['instance-profile.exists', 'instance-profile.role', 'instance-profile.trust', 'instance-profile.permissions', 'instance-profile.optional-permissions', 'instance-profile.pass-role'].map((id) => statusOf(findings, id))).toEqual([['unknown'], ['unknown'], ['unknown'], ['unknown'], ['unknown'], ['unknown']]);
});

it('only warns for the actions Rancher\'s docs list that the provider never calls', async() => {
  const findings = await verify((scenario) => {
    const everything = actionsForRoles(['controlplane', 'etcd', 'worker'], 'upstream').filter((a) => !a.startsWith('autoscaling:') && a !== 'kms:DescribeKey');

    (scenario.roles || [])[0].InlinePolicies = {
      'cloud-provider': {
        Version:   '2012-10-17',
        Statement: [{
          Effect: 'Allow', Action: everything, Resource: '*'
        }]
      }
    };
  });

  expect(statusOf(findings, 'instance-profile.permissions')).toEqual(['pass']);
  expect(findings.filter((f) => f.id === 'instance-profile.optional-permissions').map((f) => [f.status, f.message.key])).toEqual([
    ['warn', 'check.permissions.optional.autoscaling'], ['warn', 'check.permissions.optional.kms'],
  ]);
});
