import { isPublic, loadBalancerZones, RouteTable, zoneTypeOf } from '../load-balancer-subnets';

const KEY = 'kubernetes.io/cluster/c1';
const tables: RouteTable[] = [
  {
    RouteTableId: 'rtb-main', VpcId: 'vpc-1', Associations: [{ Main: true }], Routes: [{ GatewayId: 'local' }]
  },
  {
    RouteTableId: 'rtb-public', VpcId: 'vpc-1', Associations: [{ SubnetId: 'subnet-a' }, { SubnetId: 'subnet-c' }], Routes: [{ GatewayId: 'local' }, { GatewayId: 'igw-1', DestinationCidrBlock: '0.0.0.0/0' }]
  },
];

describe('load-balancer subnets', () => {
  it('is public through its explicit route table, else through the main one', () => {
    expect(isPublic({ SubnetId: 'subnet-a', VpcId: 'vpc-1' }, tables)).toBe(true);
    expect(isPublic({ SubnetId: 'subnet-b', VpcId: 'vpc-1' }, tables)).toBe(false);
  });

  it('takes tagged and untagged subnets but not those of other clusters', () => {
    const zones = loadBalancerZones([
      {
        SubnetId: 'subnet-a', VpcId: 'vpc-1', AvailabilityZone: 'eu-west-1a', Tags: [{ Key: KEY, Value: 'owned' }]
      },
      {
        SubnetId: 'subnet-b', VpcId: 'vpc-1', AvailabilityZone: 'eu-west-1b'
      },
      {
        SubnetId: 'subnet-c', VpcId: 'vpc-1', AvailabilityZone: 'eu-west-1c', Tags: [{ Key: 'kubernetes.io/cluster/other', Value: 'owned' }]
      },
    ], tables, 'c1');

    expect(zones).toEqual({
      internalZones: ['eu-west-1a', 'eu-west-1b'], publicZones: ['eu-west-1a'], excluded: [], fallback: false, unverifiedZones: []
    });
  });

  it('takes untagged subnets only where the version makes them eligible', () => {
    const zones = loadBalancerZones([
      {
        SubnetId: 'subnet-a', VpcId: 'vpc-1', AvailabilityZone: 'eu-west-1a', Tags: [{ Key: KEY, Value: 'owned' }]
      },
      {
        SubnetId: 'subnet-b', VpcId: 'vpc-1', AvailabilityZone: 'eu-west-1b'
      },
    ], tables, 'c1', { untaggedEligible: false });

    expect(zones.internalZones).toEqual(['eu-west-1a']);
  });

  it("falls back to the controller's own subnet when no subnet qualifies", () => {
    const own = {
      SubnetId: 'subnet-c', VpcId: 'vpc-1', AvailabilityZone: 'eu-west-1c', Tags: [{ Key: 'kubernetes.io/cluster/other', Value: 'owned' }]
    };
    const zones = loadBalancerZones([own], tables, 'c1', { untaggedEligible: true, controllerSubnet: own });

    expect(zones).toEqual({
      internalZones: ['eu-west-1c'], publicZones: ['eu-west-1c'], excluded: [], fallback: true, unverifiedZones: []
    });
  });

  // The old verdict kept a zone EC2 did not describe as a regular one: now it is named as unverified.
  it('drops Local Zone and Wavelength subnets by zone type, and names the zones EC2 did not describe', () => {
    const zoneTypes = new Map([['eu-west-1a', 'availability-zone'], ['eu-west-1-lhr-1a', 'local-zone'], ['eu-west-1-wl1-lon-wlz-1', 'wavelength-zone']]);
    const zones = loadBalancerZones([
      {
        SubnetId: 'subnet-a', VpcId: 'vpc-1', AvailabilityZone: 'eu-west-1a', Tags: [{ Key: KEY, Value: 'owned' }]
      },
      {
        SubnetId: 'subnet-l', VpcId: 'vpc-1', AvailabilityZone: 'eu-west-1-lhr-1a', Tags: [{ Key: KEY, Value: 'owned' }]
      },
      {
        SubnetId: 'subnet-w', VpcId: 'vpc-1', AvailabilityZone: 'eu-west-1-wl1-lon-wlz-1', Tags: [{ Key: KEY, Value: 'owned' }]
      },
      {
        SubnetId: 'subnet-b', VpcId: 'vpc-1', AvailabilityZone: 'eu-west-1b'
      },
    ], tables, 'c1', { untaggedEligible: true, zoneTypes });

    expect(zones).toEqual({
      internalZones: ['eu-west-1a', 'eu-west-1b'], publicZones: ['eu-west-1a'], excluded: ['subnet-l', 'subnet-w'], fallback: false, unverifiedZones: ['eu-west-1b']
    });
  });

  // Mirrors findELBSubnets' use of getZoneDetailsByNames (zones.go): only a described zone has a type.
  it.each([
    ['a regular zone', 'eu-west-1a', new Map([['eu-west-1a', 'availability-zone']]), 'regular'],
    ['a Local Zone', 'eu-west-1-lhr-1a', new Map([['eu-west-1-lhr-1a', 'local-zone']]), 'other'],
    ['a Wavelength Zone', 'eu-west-1-wl1-lon-wlz-1', new Map([['eu-west-1-wl1-lon-wlz-1', 'wavelength-zone']]), 'other'],
    ['a zone EC2 did not describe', 'eu-west-1b', new Map([['eu-west-1a', 'availability-zone']]), 'unverified'],
    ['a subnet without a zone', undefined, new Map([['eu-west-1a', 'availability-zone']]), 'unverified'],
    ['any zone when types do not matter (before 1.27)', 'eu-west-1-lhr-1a', undefined, 'regular'],
  ])('zoneTypeOf: %s', (_, zone, types, expected) => {
    expect(zoneTypeOf(zone, types)).toBe(expected);
  });
});
