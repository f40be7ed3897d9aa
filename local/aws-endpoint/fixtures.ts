import {
  Scenario, ScenarioGroup, ScenarioInstance, ScenarioProfile, ScenarioRole, ScenarioRouteTable, ScenarioSubnet, ScenarioTag
} from './scenario';
import { ec2TrustPolicy, policyForRoles } from '@pkg/domain/policies';

export const CLUSTER_ID = 'c-m-abc12345';
export const CLUSTER_KEY = `kubernetes.io/cluster/${ CLUSTER_ID }`;
export const PROFILE = 'rancher-nodes-profile';
export const ROLE = 'rancher-nodes-role';

/** A scenario with the resources greenScenario() fills in typed as there, for tests to change. */
export interface GreenScenario extends Scenario {
  instances: ScenarioInstance[];
  subnets: ScenarioSubnet[];
  securityGroups: ScenarioGroup[];
  routeTables: ScenarioRouteTable[];
  instanceProfiles: ScenarioProfile[];
  roles: (ScenarioRole & { InlinePolicies: Record<string, unknown> })[];
}

/** A resource's tags, an empty list given to it first if it has none, for tests to change. */
export function tagsOf(resource: { Tags?: ScenarioTag[] }): ScenarioTag[] {
  resource.Tags = resource.Tags || [];

  return resource.Tags;
}

/** A correctly set-up account: every check passes against it. */
export function greenScenario(): GreenScenario {
  return {
    subnets:        [
      {
        SubnetId: 'subnet-1', VpcId: 'vpc-1', AvailabilityZone: 'us-east-1a', Tags: [{ Key: CLUSTER_KEY, Value: 'owned' }]
      },
      {
        SubnetId: 'subnet-public-b', VpcId: 'vpc-1', AvailabilityZone: 'us-east-1b', Tags: [{ Key: CLUSTER_KEY, Value: 'shared' }]
      },
    ],
    routeTables: [
      {
        RouteTableId: 'rtb-main', VpcId: 'vpc-1', Main: true, Routes: [{ GatewayId: 'local', DestinationCidrBlock: '10.0.0.0/16' }, { GatewayId: 'igw-1' }]
      },
    ],
    securityGroups: [
      {
        GroupId: 'sg-cluster', GroupName: 'rancher-nodes', VpcId: 'vpc-1', Tags: [{ Key: CLUSTER_KEY, Value: 'owned' }]
      },
      {
        GroupId: 'sg-extra', GroupName: 'ssh', VpcId: 'vpc-1'
      },
      {
        GroupId: 'sg-other', GroupName: 'other-cluster', VpcId: 'vpc-1', Tags: [{ Key: 'kubernetes.io/cluster/c-m-other', Value: 'owned' }]
      },
    ],
    instances: ['i-0000000000000001', 'i-0000000000000002'].map((InstanceId) => ({
      InstanceId,
      Tags:            [{ Key: CLUSTER_KEY, Value: 'owned' }, { Key: 'Name', Value: InstanceId }],
      SecurityGroups:  [{ GroupId: 'sg-cluster', GroupName: 'rancher-nodes' }, { GroupId: 'sg-extra', GroupName: 'ssh' }],
      InstanceProfile: PROFILE,
      SubnetId:        'subnet-1',
      VpcId:           'vpc-1',
      PrivateDnsName:  `ip-10-0-0-${ InstanceId.slice(-1) }.ec2.internal`,
    })),
    instanceProfiles: [{ InstanceProfileName: PROFILE, Roles: [ROLE] }],
    // The credential that launches the nodes, allowed to pass the nodes' role.
    caller:           'rancher',
    callerSimulation: { 'iam:PassRole': 'allowed' },
    roles:            [{
      RoleName:                 ROLE,
      AssumeRolePolicyDocument: ec2TrustPolicy(),
      InlinePolicies:           { 'cloud-provider': policyForRoles(['controlplane', 'etcd', 'worker'], 'upstream') },
    }],
  };
}
