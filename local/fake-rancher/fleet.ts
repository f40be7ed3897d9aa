/**
 * The generated fleet: more Amazon EC2 clusters besides the demo's own (`DEMO_CLUSTERS=200 npm
 * start`, the fleet benchmarks), each with its own subnet and security group.
 */

import { CONTROL_PLANE_SELECTOR, CONTROLLER_RELEASES, CONTROLLER_TOLERATIONS } from '@pkg/domain/out-of-tree/controller';
import { CONTROLLER_ARGS, WorldEc2Cluster, WorldNode } from './cluster-shapes';
import { NAMESPACE, PROFILES, RKE2_VERSIONS } from './ids';
import { DEMO_AMAZON_CLUSTERS } from './world';

/** A generated cluster's own subnet, security group, and what is wrong with it on AWS (if anything). */
export interface GeneratedCluster extends WorldEc2Cluster {
  subnet: { SubnetId: string, CidrBlock: string, zone: string };
  /** `untaggedSubnet`: its subnet carries no cluster tag (a warning); `missingProfile`: its workers' profile does not exist (a failure). */
  problem?: 'untaggedSubnet' | 'missingProfile';
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/**
 * `count` more Amazon EC2 clusters (`ec2-fleet-001` ...), for a fleet of many clusters
 * (`DEMO_CLUSTERS=200 npm start`): each with a control-plane + etcd pool and a worker pool of
 * two nodes, its own /26 subnet and security group, tagged for it, and a running controller.
 * Every 7th cluster's subnet is untagged (a warning), every 13th's workers name a profile that
 * does not exist (a failure); the versions cycle through the releases the fake offers.
 */
export function generatedClusters(count: number): GeneratedCluster[] {
  const zones = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

  return Array.from({ length: Math.max(0, Math.min(count, 950)) }, (_, index) => {
    const number = index + 1;
    const name = `ec2-fleet-${ String(number).padStart(3, '0') }`;
    const managementId = `c-m-fl${ hex(number, 6) }`;
    const zone = zones[index % zones.length];
    const third = 16 + Math.floor(index / 4);
    const fourth = 64 * (index % 4);
    const subnet = {
      SubnetId: `subnet-0f1e2d3c4b${ hex(number, 7) }`, CidrBlock: `10.0.${ third }.${ fourth }/26`, zone
    };
    const problem = number % 13 === 0 ? 'missingProfile' : number % 7 === 0 ? 'untaggedSubnet' : undefined;
    const kubernetesVersion = RKE2_VERSIONS[index % RKE2_VERSIONS.length];
    const minor = Number(kubernetesVersion.split('.')[1]);
    const workerProfile = problem === 'missingProfile' ? `${ name }-workers-profile` : PROFILES.worker;
    const node = (offset: number, profile: string, roles: WorldNode['roles'], machine: string): WorldNode => ({
      name: `ip-10-0-${ third }-${ fourth + offset }.ec2.internal`, instanceId: `i-0f1e2d3c${ hex(number, 6) }${ hex(offset, 3) }`, ip: `10.0.${ third }.${ fourth + offset }`, zone, subnetId: subnet.SubnetId, profile, roles, machine
    });

    return {
      name,
      id:                `${ NAMESPACE }/${ name }`,
      managementId,
      kubernetesVersion,
      cloudProvider:     'aws',
      securityGroup:     { GroupId: `sg-0f1e2d3c4b${ hex(number, 7) }`, GroupName: `${ name }-nodes` },
      controllerValues:  {
        hostNetworking: true, nodeSelector: { ...CONTROL_PLANE_SELECTOR }, tolerations: CONTROLLER_TOLERATIONS.map((t) => ({ ...t })), args: CONTROLLER_ARGS, image: { tag: CONTROLLER_RELEASES[minor] }
      },
      pools: [
        {
          name: 'control-plane', etcdRole: true, controlPlaneRole: true, workerRole: false, quantity: 1, machineConfig: `nc-${ name }-control-plane-${ hex(number, 5) }`, profile: PROFILES.controlPlane
        },
        {
          name: 'workers', etcdRole: false, controlPlaneRole: false, workerRole: true, quantity: 2, machineConfig: `nc-${ name }-workers-${ hex(number, 5) }`, profile: workerProfile
        },
      ],
      nodes: [
        node(11, PROFILES.controlPlane, ['controlplane', 'etcd'], `${ name }-control-plane-${ hex(number, 5) }-a1b2c`),
        node(21, workerProfile, ['worker'], `${ name }-workers-${ hex(number, 5) }-d3e4f`),
        node(22, workerProfile, ['worker'], `${ name }-workers-${ hex(number, 5) }-g5h6j`),
      ],
      subnet,
      problem,
    };
  });
}

/** The generated clusters that make the world's Amazon clusters `total` (the demo's own count at least). */
export function clustersForTotal(total: number | undefined): GeneratedCluster[] {
  return generatedClusters((total || 0) - DEMO_AMAZON_CLUSTERS);
}
