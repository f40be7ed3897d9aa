/**
 * ec2-broken: the world's Amazon EC2 cluster whose controller never starts.
 */

import { CONTROL_PLANE_SELECTOR, CONTROLLER_RELEASES } from '@pkg/domain/out-of-tree/controller';
import { CONTROLLER_ARGS, WorldEc2Cluster } from './cluster-shapes';
import { NAMESPACE, PROFILES, SECURITY_GROUPS, SUBNETS } from './ids';

/**
 * An EC2 cluster whose controller never starts: its HelmChart has the values of Rancher's docs
 * (the control-plane selector "true", host networking, the docs' arguments; the release of its
 * minor), whose tolerations are the chart's defaults: nothing tolerates the etcd NoExecute taint
 * Rancher puts on its control-plane + etcd pool, so the DaemonSet controller makes no pod and
 * every node stays uninitialised. The AWS side is right (tags, profiles, subnet, group).
 */
export const BROKEN_CLUSTER: WorldEc2Cluster = {
  name:              'ec2-broken',
  id:                `${ NAMESPACE }/ec2-broken`,
  managementId:      'c-m-ec2brkn1',
  kubernetesVersion: 'v1.33.5+rke2r1',
  cloudProvider:     'aws',
  securityGroup:     { GroupId: SECURITY_GROUPS.brokenNodes, GroupName: 'broken-nodes' },
  controllerValues:  {
    hostNetworking: true, nodeSelector: { ...CONTROL_PLANE_SELECTOR }, args: CONTROLLER_ARGS, image: { tag: CONTROLLER_RELEASES[33] }
  },
  pools: [
    {
      name: 'cp-etcd', etcdRole: true, controlPlaneRole: true, workerRole: false, quantity: 1, machineConfig: 'nc-ec2-broken-cp-etcd-2hx7d', profile: PROFILES.controlPlane
    },
    {
      name: 'workers', etcdRole: false, controlPlaneRole: false, workerRole: true, quantity: 1, machineConfig: 'nc-ec2-broken-workers-9pl3k', profile: PROFILES.worker
    },
  ],
  nodes: [
    {
      name: 'ip-10-0-4-11.ec2.internal', instanceId: 'i-0a1b2c3d4e5f60006', ip: '10.0.4.11', zone: 'us-east-1c', subnetId: SUBNETS.brokenNodes, profile: PROFILES.controlPlane, roles: ['controlplane', 'etcd'], machine: 'ec2-broken-cp-etcd-7f6d5c4b3-k8m2x'
    },
    {
      name: 'ip-10-0-4-21.ec2.internal', instanceId: 'i-0a1b2c3d4e5f60007', ip: '10.0.4.21', zone: 'us-east-1c', subnetId: SUBNETS.brokenNodes, profile: PROFILES.worker, roles: ['worker'], machine: 'ec2-broken-workers-6b5a4c3d2-p4w7q'
    },
  ],
};
