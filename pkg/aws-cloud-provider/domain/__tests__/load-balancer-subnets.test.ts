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

    expect(zones).toEqual({ internalZones: ['eu-west-1a', 'eu-west-1b'], publicZones: ['eu-west-1a'] });
  });
});
