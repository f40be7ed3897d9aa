/**
 * The AWS account behind the world (for the local AWS endpoint): the VPC, its subnets and
 * security groups with their cluster tags, every node's instance, the instance profiles and roles.
 */

import { Scenario, ScenarioTag } from '../aws-endpoint/scenario';
import { ec2TrustPolicy, policyForRoles } from '@pkg/domain/policies';
import { WorldNode } from './cluster-shapes';
import { CUSTOM_CLUSTER } from './custom-demo';
import { BROKEN_CLUSTER } from './ec2-broken';
import { EC2_CLUSTER } from './ec2-demo';
import { GeneratedCluster } from './fleet';
import {
  ACCOUNT, IGW_ID, KMS_KEY_ID, PROFILES, RETIRED_CLUSTER_ID, ROLES, ROUTE_TABLE_ID, SECURITY_GROUPS, SUBNETS, VPC_ID
} from './ids';
import { EC2_CLUSTERS } from './world';

const clusterTag = (clusterId: string, value = 'owned'): ScenarioTag => ({ Key: `kubernetes.io/cluster/${ clusterId }`, Value: value });

/** The AWS account behind the world, for `startAwsEndpoint`. Every call returns a fresh copy. */
export function awsScenario(extra: readonly GeneratedCluster[] = []): Scenario {
  const instance = (node: WorldNode, clusterId: string, group: { GroupId: string, GroupName: string }) => ({
    InstanceId:       node.instanceId,
    Tags:             [clusterTag(clusterId), { Key: 'Name', Value: node.machine }],
    SecurityGroups:   [group],
    InstanceProfile:  node.profile,
    SubnetId:         node.subnetId,
    VpcId:            VPC_ID,
    AvailabilityZone: node.zone,
    PrivateDnsName:   node.name,
    PrivateIpAddress: node.ip,
  });

  return {
    account: ACCOUNT,
    vpcs:    [{
      VpcId: VPC_ID, CidrBlock: '10.0.0.0/16', Tags: [{ Key: 'Name', Value: 'rancher' }]
    }],
    subnets: [
      {
        SubnetId: SUBNETS.ec2Nodes, VpcId: VPC_ID, AvailabilityZone: 'us-east-1a', CidrBlock: '10.0.1.0/24', Tags: [{ Key: 'Name', Value: 'rancher-nodes-a' }, clusterTag(RETIRED_CLUSTER_ID, 'shared')]
      },
      {
        SubnetId:         SUBNETS.customNodes,
        VpcId:            VPC_ID,
        AvailabilityZone: 'us-east-1b',
        CidrBlock:        '10.0.2.0/24',
        Tags:             [{ Key: 'Name', Value: 'rancher-nodes-b' }, clusterTag(EC2_CLUSTER.managementId, 'shared'), clusterTag(CUSTOM_CLUSTER.managementId), { Key: 'kubernetes.io/role/elb', Value: '1' }]
      },
      {
        SubnetId: SUBNETS.newCluster, VpcId: VPC_ID, AvailabilityZone: 'us-east-1a', CidrBlock: '10.0.3.0/24', Tags: [{ Key: 'Name', Value: 'rancher-new-a' }]
      },
      {
        SubnetId: SUBNETS.brokenNodes, VpcId: VPC_ID, AvailabilityZone: 'us-east-1c', CidrBlock: '10.0.4.0/24', Tags: [{ Key: 'Name', Value: 'rancher-broken-c' }, clusterTag(BROKEN_CLUSTER.managementId), { Key: 'kubernetes.io/role/elb', Value: '1' }]
      },
      ...extra.map((cluster) => ({
        SubnetId:         cluster.subnet.SubnetId,
        VpcId:            VPC_ID,
        AvailabilityZone: cluster.subnet.zone,
        CidrBlock:        cluster.subnet.CidrBlock,
        Tags:             [{ Key: 'Name', Value: `${ cluster.name }-nodes` }, ...(cluster.problem === 'untaggedSubnet' ? [] : [clusterTag(cluster.managementId)]), { Key: 'kubernetes.io/role/elb', Value: '1' }],
      })),
    ],
    kms:         { keys: [KMS_KEY_ID] },
    routeTables: [{
      RouteTableId: ROUTE_TABLE_ID, VpcId: VPC_ID, Main: true, Routes: [{ GatewayId: 'local', DestinationCidrBlock: '10.0.0.0/16' }, { GatewayId: IGW_ID, DestinationCidrBlock: '0.0.0.0/0' }]
    }],
    securityGroups: [
      {
        GroupId: SECURITY_GROUPS.rancherNodes, GroupName: 'rancher-nodes', VpcId: VPC_ID, Tags: [clusterTag(EC2_CLUSTER.managementId)]
      },
      {
        GroupId: SECURITY_GROUPS.customNodes, GroupName: 'custom-nodes', VpcId: VPC_ID, Tags: [clusterTag(CUSTOM_CLUSTER.managementId)]
      },
      {
        GroupId: BROKEN_CLUSTER.securityGroup.GroupId, GroupName: BROKEN_CLUSTER.securityGroup.GroupName, VpcId: VPC_ID, Tags: [clusterTag(BROKEN_CLUSTER.managementId)]
      },
      ...extra.map((cluster) => ({
        GroupId: cluster.securityGroup.GroupId, GroupName: cluster.securityGroup.GroupName, VpcId: VPC_ID, Tags: [clusterTag(cluster.managementId)]
      })),
    ],
    instances: [
      ...[...EC2_CLUSTERS, ...extra].flatMap((cluster) => cluster.nodes.map((node) => instance(node, cluster.managementId, cluster.securityGroup))),
      ...CUSTOM_CLUSTER.nodes.map((node) => instance(node, CUSTOM_CLUSTER.managementId, { GroupId: SECURITY_GROUPS.customNodes, GroupName: 'custom-nodes' })),
    ],
    instanceProfiles: [
      { InstanceProfileName: PROFILES.controlPlane, Roles: [ROLES.controlPlane] },
      { InstanceProfileName: PROFILES.worker, Roles: [ROLES.worker] },
      { InstanceProfileName: PROFILES.newCluster, Roles: [ROLES.newCluster] },
    ],
    roles: [
      {
        RoleName: ROLES.controlPlane, AssumeRolePolicyDocument: ec2TrustPolicy(), InlinePolicies: { 'cloud-provider': policyForRoles(['controlplane', 'etcd'], 'upstream') }
      },
      {
        RoleName: ROLES.worker, AssumeRolePolicyDocument: ec2TrustPolicy(), InlinePolicies: { 'cloud-provider': policyForRoles(['worker'], 'upstream') }
      },
      {
        RoleName: ROLES.newCluster, AssumeRolePolicyDocument: ec2TrustPolicy(), InlinePolicies: { 'cloud-provider': policyForRoles(['controlplane', 'etcd', 'worker'], 'upstream') }
      },
    ],
    // The credential Rancher launches nodes with, allowed to pass the nodes' roles.
    caller:           'rancher',
    callerSimulation: { 'iam:PassRole': 'allowed' },
  };
}
