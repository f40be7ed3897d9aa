/**
 * @jest-environment node
 */
/**
 * A second, independent client: the AWS CLI v2 (Debian's awscli, botocore's own parsers)
 * must read the endpoint's answers, so the endpoint speaks the real protocol and not just
 * what our SDK happens to accept.
 */

import { startAwsEndpoint, AwsEndpoint } from '../server';
import { aws, requireAwsCli } from './aws-cli';
import { greenScenario, PROFILE, ROLE } from '../fixtures';

let endpoint: AwsEndpoint;

beforeAll(async() => {
  requireAwsCli();
  endpoint = await startAwsEndpoint(greenScenario());
});

afterAll(() => endpoint.close());

describe('the local AWS endpoint read by the AWS CLI', () => {
  it('answers ec2 describe-instances with filters and pages the CLI follows', async() => {
    const run = await aws(endpoint, ['ec2', 'describe-instances', '--filters', 'Name=tag-key,Values=kubernetes.io/cluster/c-m-abc12345', '--page-size', '5']);

    expect(run.stderr).toBe('');
    const instances = JSON.parse(run.stdout).Reservations.flatMap((r: { Instances: unknown[] }) => r.Instances);

    expect(instances.map((i: { InstanceId: string }) => i.InstanceId)).toEqual(['i-0000000000000001', 'i-0000000000000002']);
    expect(instances[0].SecurityGroups).toEqual([{ GroupId: 'sg-cluster', GroupName: 'rancher-nodes' }, { GroupId: 'sg-extra', GroupName: 'ssh' }]);
    expect(instances[0].IamInstanceProfile.Arn).toBe(`arn:aws:iam::123456789012:instance-profile/${ PROFILE }`);
    expect(instances[0].Tags).toContainEqual({ Key: 'kubernetes.io/cluster/c-m-abc12345', Value: 'owned' });
  });

  it('answers describe-subnets and describe-security-groups', async() => {
    const subnets = JSON.parse((await aws(endpoint, ['ec2', 'describe-subnets', '--filters', 'Name=subnet-id,Values=subnet-1'])).stdout);
    const groups = JSON.parse((await aws(endpoint, ['ec2', 'describe-security-groups', '--filters', 'Name=group-name,Values=rancher-nodes'])).stdout);

    expect(subnets.Subnets.map((s: { SubnetId: string }) => s.SubnetId)).toEqual(['subnet-1']);
    expect(groups.SecurityGroups.map((g: { GroupId: string }) => g.GroupId)).toEqual(['sg-cluster']);
  });

  it('answers describe-route-tables with routes and the main association', async() => {
    const tables = JSON.parse((await aws(endpoint, ['ec2', 'describe-route-tables', '--filters', 'Name=vpc-id,Values=vpc-1'])).stdout).RouteTables;

    expect(tables[0].Routes.map((r: { GatewayId: string }) => r.GatewayId)).toEqual(['local', 'igw-1']);
    expect(tables[0].Associations[0].Main).toBe(true);
  });

  it('answers describe-availability-zones with the zones the subnets use, and its filters', async() => {
    const run = await aws(endpoint, ['ec2', 'describe-availability-zones']);
    const filtered = JSON.parse((await aws(endpoint, ['ec2', 'describe-availability-zones', '--filters', 'Name=zone-id,Values=use1-az2'])).stdout).AvailabilityZones;

    expect(run.stderr).toBe('');
    const zones = JSON.parse(run.stdout).AvailabilityZones;

    expect(zones.map((z: { ZoneName: string }) => z.ZoneName)).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
    expect(zones[0]).toMatchObject({
      ZoneId: 'use1-az1', ZoneType: 'availability-zone', RegionName: 'us-east-1', State: 'available', OptInStatus: 'opt-in-not-required', GroupName: 'us-east-1'
    });
    expect(filtered.map((z: { ZoneName: string }) => z.ZoneName)).toEqual(['us-east-1b']);
  });

  it('answers describe-vpcs with the VPC the subnets name, and VpcIds', async() => {
    const run = await aws(endpoint, ['ec2', 'describe-vpcs', '--vpc-ids', 'vpc-1']);

    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout).Vpcs).toEqual([expect.objectContaining({
      VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16', IsDefault: false, State: 'available', OwnerId: '123456789012'
    })]);

    const missing = await aws(endpoint, ['ec2', 'describe-vpcs', '--vpc-ids', 'vpc-nope']);

    expect(missing.stderr).toContain('(InvalidVpcID.NotFound)');
  });

  it('answers describe-instance-types in pages the CLI follows, and describe-regions', async() => {
    const run = await aws(endpoint, ['ec2', 'describe-instance-types', '--page-size', '5']);
    const types = JSON.parse(run.stdout).InstanceTypes;
    const regions = JSON.parse((await aws(endpoint, ['ec2', 'describe-regions'])).stdout).Regions;

    expect(run.stderr).toBe('');
    expect(types).toHaveLength(10);
    expect(types.find((t: { InstanceType: string }) => t.InstanceType === 't4g.medium')).toMatchObject({
      MemoryInfo: { SizeInMiB: 4096 }, VCpuInfo: { DefaultVCpus: 2 }, ProcessorInfo: { SupportedArchitectures: ['arm64'] }
    });
    expect(endpoint.requests.filter((r) => r.action === 'DescribeInstanceTypes')).toHaveLength(2);
    expect(regions).toContainEqual({
      RegionName: 'us-east-1', Endpoint: 'ec2.us-east-1.amazonaws.com', OptInStatus: 'opt-in-not-required'
    });
  });

  it('answers iam get-instance-profile with the role and its URL-decoded trust policy', async() => {
    const run = await aws(endpoint, ['iam', 'get-instance-profile', '--instance-profile-name', PROFILE]);
    const profile = JSON.parse(run.stdout).InstanceProfile;

    expect(profile.Roles[0].RoleName).toBe(ROLE);
    // botocore decodes the URL-encoded document, as it does for real IAM.
    expect(profile.Roles[0].AssumeRolePolicyDocument.Statement[0].Principal).toEqual({ Service: 'ec2.amazonaws.com' });
  });

  it('returns IAM and EC2 errors the CLI recognises', async() => {
    const missing = await aws(endpoint, ['iam', 'get-instance-profile', '--instance-profile-name', 'nope']);

    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('(NoSuchEntity)');

    endpoint.scenario.errors = [{
      action: 'DescribeSubnets', code: 'UnauthorizedOperation', status: 403, message: 'You are not authorized'
    }];
    const denied = await aws(endpoint, ['ec2', 'describe-subnets']);

    endpoint.scenario.errors = [];
    expect(denied.stderr).toContain('(UnauthorizedOperation)');
  });
});
