import { controllerPlacement, rolesFromInstances, runChecks } from '../index';
import { checkProviderContext, providerContext } from '../../provider';
import {
  CheckInputs, ClusterFacts, Ec2Instance, failed, ok
} from '../../facts';

const arn = (name: string) => `arn:aws:iam::123456789012:instance-profile/${ name }`;
const node = (id: string, profile: string, vpc = 'vpc-1'): Ec2Instance => ({
  InstanceId: id, IamInstanceProfile: { Arn: arn(profile) }, VpcId: vpc, SubnetId: `subnet-${ id }`, Tags: [{ Key: 'kubernetes.io/cluster/c1', Value: 'owned' }]
});
const inputs: CheckInputs = {
  clusterId: 'c1', region: 'us-east-1', roles: ['worker'], instanceProfileName: 'worker', subnetIds: [], securityGroupIds: [], instanceIds: [], kubernetesVersion: 'v1.30.1', controlPlane: { profiles: ['cp'], otherProfiles: ['worker'] }
};

describe('provider.context: which provider the verdicts are for', () => {
  it('says the version it assumed when none is given', () => {
    const finding = checkProviderContext(providerContext({}), []);

    expect([finding.status, finding.message.key, finding.message.args?.version, finding.message.args?.flavour]).toEqual(['warn', 'check.providerContext.assumed', '1.32.0', 'outOfTree']);
  });

  it.each([
    ['v1.26.15+rke2r1', 'inTree'],
    ['v1.27.0', 'outOfTree'],
  ])('%s runs the %s provider', (version, flavour) => {
    expect(checkProviderContext(providerContext({ kubernetesVersion: version }), []).message.args?.flavour).toBe(flavour);
  });

  it('warns when some instance\'s control-plane membership is unknown', () => {
    const finding = checkProviderContext(providerContext({ kubernetesVersion: 'v1.30.1', controlPlane: { profiles: ['cp'] } }), [node('i-1', 'cp'), node('i-2', 'mystery')]);

    expect([finding.status, finding.message.args?.unknownHosts]).toEqual(['warn', 1]);
  });
});

describe('every instance profile in use is verified, with the roles of its nodes', () => {
  const context = providerContext(inputs);

  it.each([
    ['used by a control-plane node', [node('i-1', 'cp')], 'cp', { roles: ['controlplane'], assumed: false }],
    ['used only by workers', [node('i-1', 'worker')], 'worker', { roles: ['worker'], assumed: false }],
    ['used by nodes nothing says anything of', [node('i-1', 'mystery')], 'mystery', { roles: ['controlplane'], assumed: true }],
  ])('%s', (_case, instances, profile, expected) => {
    expect(rolesFromInstances(profile, instances, context)).toEqual(expected);
  });

  it('reports the IAM chain of each profile the facts hold', () => {
    const facts: ClusterFacts = {
      instances:           ok([node('i-1', 'cp'), node('i-2', 'worker')]),
      subnets:             ok([]),
      clusterTaggedGroups: ok([]),
      poolGroups:          ok([]),
      profiles:            [
        {
          name: 'worker', asked: true, iam: { profile: ok(null) }
        },
        {
          name:  'cp',
          asked: false,
          iam:   {
            profile: failed({
              operation: 'GetInstanceProfile', code: 'Throttling', message: 'slow down'
            })
          }
        },
      ],
    };
    const findings = runChecks(inputs, facts);

    expect(findings.filter((f) => f.id === 'instance-profile.exists').map((f) => [f.resource, f.status])).toEqual([['worker', 'fail'], ['cp', 'unknown']]);
    expect(findings.filter((f) => f.id === 'instance.instance-profile').map((f) => [f.resource, f.status, f.message.key])).toEqual([
      ['i-1', 'pass', 'check.instanceProfile.ok'], ['i-2', 'pass', 'check.instanceProfile.ok'],
    ]);
  });
});

describe('where the controller runs (findVPCID, aws.go)', () => {
  const context = providerContext(inputs);

  it('is the control-plane instances\' VPC and subnets', () => {
    expect(controllerPlacement(inputs, [node('i-1', 'cp', 'vpc-a'), node('i-2', 'worker', 'vpc-b')], context, [])).toEqual({
      vpcIds: ['vpc-a'], subnetIds: ['subnet-i-1'], known: true
    });
  });

  it('falls back to the pool\'s VPC before any node exists', () => {
    expect(controllerPlacement({ ...inputs, vpcId: 'vpc-p' }, [], context, [])).toEqual({
      vpcIds: ['vpc-p'], subnetIds: [], known: false
    });
  });
});

describe('findings of one shape', () => {
  it('builds every finding of a run with the same properties in the same order', () => {
    const facts: ClusterFacts = {
      profiles:            [],
      instances:           ok([node('i-1', 'cp'), { ...node('i-2', 'worker'), Tags: [] }, {
        ...node('i-3', 'worker'), IamInstanceProfile: undefined, MetadataOptions: { HttpEndpoint: 'disabled' }
      }]),
      subnets:             ok([{
        SubnetId: 'subnet-i-1', VpcId: 'vpc-1', Tags: []
      }]),
      poolGroups:          ok([]),
      clusterTaggedGroups: failed({
        operation: 'DescribeSecurityGroups', code: 'AccessDenied', message: 'no'
      }),
    };
    const findings = runChecks(inputs, facts);
    const shapes = new Set(findings.map((f) => Object.keys(f).join(',')));

    expect(findings.length).toBeGreaterThan(10);
    expect([...shapes]).toEqual(['id,status,resource,message,rule,fix,details']);
  });
});
