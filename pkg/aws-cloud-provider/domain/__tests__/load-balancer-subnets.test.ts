import { isPublic, loadBalancerZones, RouteTable } from '../load-balancer-subnets';

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
      internalZones: ['eu-west-1a', 'eu-west-1b'], publicZones: ['eu-west-1a'], excluded: [], fallback: false
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
      internalZones: ['eu-west-1c'], publicZones: ['eu-west-1c'], excluded: [], fallback: true
    });
  });

  it('drops Local Zone and Wavelength subnets by zone type, keeping zones it does not know', () => {
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
      internalZones: ['eu-west-1a', 'eu-west-1b'], publicZones: ['eu-west-1a'], excluded: ['subnet-l', 'subnet-w'], fallback: false
    });
  });
});
