/**
 * ec2-demo: the world's Amazon EC2 cluster that works (a control-plane + etcd pool and two
 * workers, its controller running), whose nodes subnet is tagged for a retired cluster only.
 */

import { CONTROL_PLANE_SELECTOR, CONTROLLER_RELEASES, CONTROLLER_TOLERATIONS } from '@pkg/domain/out-of-tree/controller';
import { CONTROLLER_ARGS, WorldEc2Cluster, WorldNode, WorldPool } from './cluster-shapes';
import { NAMESPACE, PROFILES, SECURITY_GROUPS, SUBNETS } from './ids';

export const EC2_CLUSTER: WorldEc2Cluster = {
  name:              'ec2-demo',
  id:                `${ NAMESPACE }/ec2-demo`,
  managementId:      'c-m-ec2demo1',
  kubernetesVersion: 'v1.33.5+rke2r1',
  cloudProvider:     'aws',
  securityGroup:     { GroupId: SECURITY_GROUPS.rancherNodes, GroupName: 'rancher-nodes' },
  // Runs: it selects the control-plane node ("true", as RKE2 labels it) and tolerates every
  // taint Rancher puts on a control-plane + etcd pool; the release of the cluster's minor.
  controllerValues:  {
    hostNetworking: true, nodeSelector: { ...CONTROL_PLANE_SELECTOR }, tolerations: CONTROLLER_TOLERATIONS.map((t) => ({ ...t })), args: CONTROLLER_ARGS, image: { tag: CONTROLLER_RELEASES[33] }
  },
  ebsCsi:            true,
  pools:             [
    {
      name: 'control-plane', etcdRole: true, controlPlaneRole: true, workerRole: false, quantity: 1, machineConfig: 'nc-ec2-demo-control-plane-7bq2x', profile: PROFILES.controlPlane
    },
    {
      name: 'workers', etcdRole: false, controlPlaneRole: false, workerRole: true, quantity: 2, machineConfig: 'nc-ec2-demo-workers-m4k9z', profile: PROFILES.worker
    },
  ] as WorldPool[],
  nodes: [
    {
      name: 'ip-10-0-1-11.ec2.internal', instanceId: 'i-0a1b2c3d4e5f60001', ip: '10.0.1.11', zone: 'us-east-1a', subnetId: SUBNETS.ec2Nodes, profile: PROFILES.controlPlane, roles: ['controlplane', 'etcd'], machine: 'ec2-demo-control-plane-6d8f7b9c4-x2k4p'
    },
    {
      name: 'ip-10-0-1-21.ec2.internal', instanceId: 'i-0a1b2c3d4e5f60002', ip: '10.0.1.21', zone: 'us-east-1a', subnetId: SUBNETS.ec2Nodes, profile: PROFILES.worker, roles: ['worker'], machine: 'ec2-demo-workers-5c9d8f7b6-h7v2n'
    },
    {
      name: 'ip-10-0-1-22.ec2.internal', instanceId: 'i-0a1b2c3d4e5f60003', ip: '10.0.1.22', zone: 'us-east-1a', subnetId: SUBNETS.ec2Nodes, profile: PROFILES.worker, roles: ['worker'], machine: 'ec2-demo-workers-5c9d8f7b6-q9r4t'
    },
  ] as WorldNode[],
};
