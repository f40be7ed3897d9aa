/**
 * custom-demo: the world's custom RKE2 cluster (nodes registered by hand, the cloud provider
 * `external`), its two nodes on EC2.
 */

import { WorldNode } from './cluster-shapes';
import { NAMESPACE, PROFILES, SUBNETS } from './ids';

export const CUSTOM_CLUSTER = {
  name:              'custom-demo',
  id:                `${ NAMESPACE }/custom-demo`,
  managementId:      'c-m-custom01',
  kubernetesVersion: 'v1.33.5+rke2r1',
  cloudProvider:     'external',
  nodes:             [
    {
      name: 'ip-10-0-2-31.ec2.internal', instanceId: 'i-0a1b2c3d4e5f60004', ip: '10.0.2.31', zone: 'us-east-1b', subnetId: SUBNETS.customNodes, profile: PROFILES.controlPlane, roles: ['controlplane', 'etcd', 'worker'], machine: 'custom-3f8a2b7c9d1e'
    },
    {
      name: 'ip-10-0-2-32.ec2.internal', instanceId: 'i-0a1b2c3d4e5f60005', ip: '10.0.2.32', zone: 'us-east-1b', subnetId: SUBNETS.customNodes, profile: PROFILES.worker, roles: ['worker'], machine: 'custom-8e4c1a9f2b7d'
    },
  ] as WorldNode[],
};
