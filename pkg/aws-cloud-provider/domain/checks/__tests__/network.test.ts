import {
  ControllerPlacement, checkLoadBalancerSubnets, checkNodeZones, checkSubnet, controllerVpcZones, zoneTypesFor
} from '../network';
import { providerContext } from '../../provider';
import { CheckInputs, Ec2Zone, failed, ok } from '../../facts';
import { RouteTable, VpcSubnet } from '../../load-balancer-subnets';

const CLUSTER = 'c-m-abc';
const OURS = [{ Key: `kubernetes.io/cluster/${ CLUSTER }`, Value: 'owned' }];
const OTHER = [{ Key: 'kubernetes.io/cluster/c-m-old', Value: 'owned' }];
const inputs: CheckInputs = {
  clusterId: CLUSTER, region: 'us-west-2', roles: ['controlplane'], subnetIds: [], securityGroupIds: [], instanceIds: [], vpcId: 'vpc-1'
};
const subnet = (id: string, zone: string, tags: VpcSubnet['Tags'] = []): VpcSubnet => ({
  SubnetId: id, VpcId: 'vpc-1', AvailabilityZone: zone, Tags: tags
});
const publicTable = (...subnets: string[]): RouteTable => ({
  RouteTableId: 'rtb-pub', VpcId: 'vpc-1', Associations: subnets.map((SubnetId) => ({ SubnetId })), Routes: [{ GatewayId: 'igw-1' }]
});
const mainPrivate: RouteTable = {
  RouteTableId: 'rtb-main', VpcId: 'vpc-1', Associations: [{ Main: true }], Routes: [{ GatewayId: 'local' }]
};
const ZONES: Ec2Zone[] = [
  { ZoneName: 'us-west-2a', ZoneType: 'availability-zone' }, { ZoneName: 'us-west-2b', ZoneType: 'availability-zone' },
  { ZoneName: 'us-west-2-lax-1a', ZoneType: 'local-zone' }, { ZoneName: 'us-west-2-wl1-den-wlz-1', ZoneType: 'wavelength-zone' },
];
const placement: ControllerPlacement = {
  vpcIds: ['vpc-1'], subnetIds: ['subnet-cp'], known: true
};

type VpcFacts = Parameters<typeof controllerVpcZones>[1];

/** The findings as runChecks makes them: the controller VPCs' zones worked out once, then each check. */
const loadBalancerFindings = (facts: VpcFacts, context: ReturnType<typeof providerContext>) => checkLoadBalancerSubnets('vpc-1', controllerVpcZones(inputs, facts, context, placement));
const nodeZoneFindings = (facts: VpcFacts, context: ReturnType<typeof providerContext>, nodes: Parameters<typeof checkNodeZones>[1]) => checkNodeZones(controllerVpcZones(inputs, facts, context, placement), nodes);

function lb(subnets: VpcSubnet[], tables: RouteTable[], version = 'v1.30.1', zones = ok(ZONES)) {
  return loadBalancerFindings({
    vpcs: ok([{
      vpcId: 'vpc-1', subnets, routeTables: tables
    }]),
    zones
  }, providerContext({ kubernetesVersion: version }))[0];
}

describe('subnets.load-balancer (findSubnets / findELBSubnets / isSubnetPublic, aws.go)', () => {
  it.each([
    ['public tagged subnets in two zones', [subnet('subnet-a', 'us-west-2a', OURS), subnet('subnet-b', 'us-west-2b')], [publicTable('subnet-a', 'subnet-b'), mainPrivate], 'v1.30.1', 'pass', 'ok'],
    ['one public zone', [subnet('subnet-a', 'us-west-2a', OURS), subnet('subnet-b', 'us-west-2b', OURS)], [publicTable('subnet-a'), mainPrivate], 'v1.30.1', 'warn', 'oneZone'],
    // The old verdict warned: internet-facing is the default scheme, so the Service fails.
    ['no public candidate', [subnet('subnet-a', 'us-west-2a', OURS), subnet('subnet-b', 'us-west-2b')], [mainPrivate], 'v1.30.1', 'fail', 'noPublic'],
    // The old verdict counted Local Zone / Wavelength subnets: v1.27 drops them (getZoneDetailsByNames, zones.go).
    ['only Local Zone and Wavelength public subnets, v1.30', [subnet('subnet-lz', 'us-west-2-lax-1a', OURS), subnet('subnet-wl', 'us-west-2-wl1-den-wlz-1', OURS), subnet('subnet-a', 'us-west-2a', OURS)], [publicTable('subnet-lz', 'subnet-wl'), mainPrivate], 'v1.30.1', 'fail', 'noPublic'],
    ['Local Zone public subnets, v1.26 (in-tree keeps them)', [subnet('subnet-lz', 'us-west-2-lax-1a', OURS), subnet('subnet-a', 'us-west-2a', OURS)], [publicTable('subnet-lz', 'subnet-a'), mainPrivate], 'v1.26.15', 'pass', 'ok'],
    ['no candidate, the controller\'s own subnet is public: one zone', [subnet('subnet-cp', 'us-west-2a', OTHER), subnet('subnet-b', 'us-west-2b', OTHER)], [publicTable('subnet-cp', 'subnet-b'), mainPrivate], 'v1.30.1', 'warn', 'fallbackPublic'],
    ['no candidate, the controller\'s own subnet is private', [subnet('subnet-cp', 'us-west-2a', OTHER), subnet('subnet-b', 'us-west-2b', OTHER)], [publicTable('subnet-b'), mainPrivate], 'v1.30.1', 'fail', 'fallbackPrivate'],
    // 1.19.10 / 1.20.6 / 1.21.0: untagged subnets become candidates (the old boundary was 1.19.15).
    ['untagged public subnets, v1.19.12', [subnet('subnet-a', 'us-west-2a'), subnet('subnet-b', 'us-west-2b')], [publicTable('subnet-a', 'subnet-b'), mainPrivate], 'v1.19.12', 'pass', 'ok'],
    ['untagged public subnets, v1.20.5: not candidates', [subnet('subnet-cp', 'us-west-2a'), subnet('subnet-b', 'us-west-2b')], [mainPrivate, publicTable('subnet-b')], 'v1.20.5', 'fail', 'fallbackPrivate'],
    ['untagged public subnets, v1.20.6', [subnet('subnet-a', 'us-west-2a'), subnet('subnet-b', 'us-west-2b')], [publicTable('subnet-a', 'subnet-b'), mainPrivate], 'v1.20.6', 'pass', 'ok'],
  ])('%s', (_case, subnets, tables, version, status, outcome) => {
    const finding = lb(subnets, tables, version);

    expect([finding.status, finding.message.key]).toEqual([status, `check.loadBalancerSubnets.${ outcome }`]);
  });

  it('lists the Local Zone and Wavelength subnets it leaves out', () => {
    const finding = lb([subnet('subnet-lz', 'us-west-2-lax-1a', OURS), subnet('subnet-a', 'us-west-2a', OURS), subnet('subnet-b', 'us-west-2b', OURS)], [publicTable('subnet-lz', 'subnet-a', 'subnet-b'), mainPrivate]);

    expect(finding.details).toEqual(['subnet-lz']);
    expect(finding.message.args?.excluded).toBe(1);
  });

  it('cannot verify an out-of-tree cluster\'s zones without DescribeAvailabilityZones', () => {
    const finding = lb([subnet('subnet-a', 'us-west-2a', OURS)], [publicTable('subnet-a')], 'v1.30.1', failed({
      operation: 'DescribeAvailabilityZones', code: 'UnauthorizedOperation', message: 'no'
    }));

    expect(finding.status).toBe('unknown');
  });

  // The old verdict took a zone EC2 did not describe for a regular one (zoneTypesFor defaulted to availability-zone).
  it.each([
    ['a public subnet in a zone EC2 did not describe, v1.30', [subnet('subnet-a', 'us-west-2a', OURS), subnet('subnet-d', 'us-west-2d', OURS)], 'v1.30.1', 'unknown', 'zoneUnverified', 'us-west-2d'],
    ['a private subnet there, v1.30', [subnet('subnet-a', 'us-west-2a', OURS), subnet('subnet-b', 'us-west-2b', OURS), subnet('subnet-x', 'us-west-2d', OURS)], 'v1.30.1', 'unknown', 'zoneUnverified', 'us-west-2d'],
    ['the same before 1.27 (zone types do not matter)', [subnet('subnet-a', 'us-west-2a', OURS), subnet('subnet-d', 'us-west-2d', OURS)], 'v1.26.15', 'pass', 'ok', undefined],
    ['every zone described, v1.30', [subnet('subnet-a', 'us-west-2a', OURS), subnet('subnet-b', 'us-west-2b', OURS)], 'v1.30.1', 'pass', 'ok', undefined],
  ])('zone types (getZoneDetailsByNames, zones.go): %s', (_case, subnets, version, status, outcome, zones) => {
    const finding = lb(subnets, [publicTable('subnet-a', 'subnet-b', 'subnet-d'), mainPrivate], version);

    expect([finding.status, finding.message.key]).toEqual([status, `check.loadBalancerSubnets.${ outcome }`]);
    expect(outcome === 'zoneUnverified' ? finding.message.args?.zones : undefined).toBe(zones);
  });

  it.each([
    ['described zones with their types', [{ ZoneName: 'us-west-2a', ZoneType: 'availability-zone' }, { ZoneName: 'us-west-2-lax-1a', ZoneType: 'local-zone' }], 'v1.30.1', [['us-west-2a', 'availability-zone'], ['us-west-2-lax-1a', 'local-zone']]],
    ['a described zone without a type (older answers): regular', [{ ZoneName: 'us-west-2a' }], 'v1.30.1', [['us-west-2a', 'availability-zone']]],
    ['nothing described: no zone is taken for a regular one', [], 'v1.30.1', []],
    ['before 1.27: no types needed', [{ ZoneName: 'us-west-2a', ZoneType: 'availability-zone' }], 'v1.26.15', undefined],
  ])('zoneTypesFor: %s', (_case, zones, version, expected) => {
    const types = zoneTypesFor(zones as Ec2Zone[], providerContext({ kubernetesVersion: version }));

    expect(types && [...types]).toEqual(expected);
  });

  it('looks only at the controller\'s VPC', () => {
    const vpcs = ok([
      {
        vpcId: 'vpc-1', subnets: [subnet('subnet-a', 'us-west-2a', OURS), subnet('subnet-b', 'us-west-2b', OURS)], routeTables: [publicTable('subnet-a', 'subnet-b')]
      },
      {
        vpcId: 'vpc-2', subnets: [], routeTables: []
      },
    ]);

    expect(loadBalancerFindings({ vpcs, zones: ok(ZONES) }, providerContext({ kubernetesVersion: 'v1.30.1' })).map((f) => f.resource)).toEqual(['vpc-1']);
  });
});

describe('subnet.cluster-tag (findSubnets, aws.go): only load-balancer placement depends on it', () => {
  it.each([
    ['tagged for us', OURS, 'v1.30.1', 'pass', 'check.subnet.tagged'],
    // The old verdict failed a node's subnet tagged only for another cluster.
    ['tagged only for another cluster', OTHER, 'v1.30.1', 'warn', 'check.subnet.otherClusters'],
    ['untagged, v1.19.10 (candidate)', [], 'v1.19.10', 'warn', 'check.subnet.untagged'],
    ['untagged, v1.19.9 (not a candidate)', [], 'v1.19.9', 'warn', 'check.subnet.untaggedOldVersion'],
    ['untagged, v1.21.0', [], 'v1.21.0', 'warn', 'check.subnet.untagged'],
  ])('%s', (_case, tags, version, status, key) => {
    const [finding] = checkSubnet({ SubnetId: 'subnet-1', Tags: tags }, inputs, providerContext({ kubernetesVersion: version }));

    expect([finding.status, finding.message.key]).toEqual([status, key]);
  });
});

describe('subnets.node-zones (findELBSubnets: one subnet per zone)', () => {
  const vpcs = ok([{
    vpcId: 'vpc-1', subnets: [subnet('subnet-a', 'us-west-2a', OURS), subnet('subnet-c', 'us-west-2c', OURS)], routeTables: [publicTable('subnet-a'), mainPrivate]
  }]);
  const node = (id: string, zone: string) => ({
    InstanceId: id, VpcId: 'vpc-1', Placement: { AvailabilityZone: zone }
  });

  it('warns about node zones without a public load-balancer subnet', () => {
    const [finding] = nodeZoneFindings({ vpcs, zones: ok(ZONES) }, providerContext({ kubernetesVersion: 'v1.30.1' }), [node('i-1', 'us-west-2a'), node('i-2', 'us-west-2c')]);

    expect([finding.status, finding.message.args?.zones]).toEqual(['warn', 'us-west-2c']);
  });

  it('cannot verify node zones whose public subnet is in a zone EC2 did not describe', () => {
    const undescribed = ok([{
      vpcId: 'vpc-1', subnets: [subnet('subnet-a', 'us-west-2a', OURS), subnet('subnet-d', 'us-west-2d', OURS)], routeTables: [publicTable('subnet-a', 'subnet-d'), mainPrivate]
    }]);
    const [finding] = nodeZoneFindings({ vpcs: undescribed, zones: ok(ZONES) }, providerContext({ kubernetesVersion: 'v1.30.1' }), [node('i-1', 'us-west-2a'), node('i-2', 'us-west-2d')]);

    expect([finding.status, finding.message.key, finding.message.args?.zones]).toEqual(['unknown', 'check.nodeZones.zoneUnverified', 'us-west-2d']);
    // Nodes only in described zones are decided as before.
    expect(nodeZoneFindings({ vpcs: undescribed, zones: ok(ZONES) }, providerContext({ kubernetesVersion: 'v1.30.1' }), [node('i-1', 'us-west-2a')])[0].status).toBe('pass');
  });

  it('passes when every node zone has one', () => {
    const [finding] = nodeZoneFindings({ vpcs, zones: ok(ZONES) }, providerContext({ kubernetesVersion: 'v1.30.1' }), [node('i-1', 'us-west-2a')]);

    expect(finding.status).toBe('pass');
  });
});
