/**
 * The shapes of the world's clusters: a node, a machine pool, an EC2 cluster (what Rancher and
 * AWS both know of it), and the controller arguments of Rancher's docs the clusters run with.
 */

export interface WorldNode {
  name: string;
  instanceId: string;
  ip: string;
  zone: string;
  subnetId: string;
  profile: string;
  roles: ('controlplane' | 'etcd' | 'worker')[];
  /** The machine Rancher made for it (EC2 pools), or the custom machine of a registered node. */
  machine: string;
}

export interface WorldPool {
  name: string;
  etcdRole: boolean;
  controlPlaneRole: boolean;
  workerRole: boolean;
  quantity: number;
  machineConfig: string;
  profile: string;
}

/** The controller's arguments in Rancher's docs (the route controller off). */
export const CONTROLLER_ARGS = ['--configure-cloud-routes=false', '--v=2', '--cloud-provider=aws'];

/**
 * An EC2 cluster of the world: its pools, nodes, the security group its pools name, and the
 * values of the aws-cloud-controller-manager HelmChart in its additionalManifest (what runs
 * downstream follows from them: local/fake-rancher/downstream.ts).
 */
export interface WorldEc2Cluster {
  name: string;
  id: string;
  managementId: string;
  kubernetesVersion: string;
  cloudProvider: string;
  securityGroup: { GroupId: string, GroupName: string };
  controllerValues: Record<string, unknown>;
  /** Whether its manifest also installs the EBS CSI driver. */
  ebsCsi?: boolean;
  pools: WorldPool[];
  nodes: WorldNode[];
}
