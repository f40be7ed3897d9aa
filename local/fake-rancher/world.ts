/**
 * One world, seen from both sides: what Rancher knows (a cloud credential, an Amazon EC2 RKE2
 * cluster with two machine pools, a custom RKE2 cluster, their machines and downstream nodes)
 * and the AWS account those nodes run in (for the local AWS endpoint). The IDs below are the
 * ones tests refer to.
 */

import { createHash } from 'crypto';
import { Scenario, ScenarioTag } from '../aws-endpoint/scenario';
import { ec2TrustPolicy, policyForRoles } from '@pkg/domain/policies';
import { CONTROL_PLANE_SELECTOR, CONTROLLER_RELEASES, CONTROLLER_TOLERATIONS, EBS_CSI_CHART } from '@pkg/domain/out-of-tree/controller';
import { ebsCsiValues, helmChartYaml } from '@pkg/domain/out-of-tree/helm-charts';
import { joinManifest } from '@pkg/domain/out-of-tree/manifest';
import { SteveObject, TypeSpec, steveObject } from './steve';
import { DOWNSTREAM_TYPES, MANAGEMENT_TYPES, typeSpec } from './types';
import { DownstreamCluster, downstreamState, helmChartManifest, RkeConfigView } from './downstream';

export const RANCHER_VERSION = 'v2.13.0';
export const NAMESPACE = 'fleet-default';
export const CREDENTIAL_ID = 'cattle-global-data:cc-aws1';
export const CREDENTIAL_NAME = 'aws-rancher';
export const REGION = 'us-east-1';
export const ACCOUNT = '123456789012';

/** RKE2 versions the fake release list offers (newest is the default). */
export const RKE2_VERSIONS = ['v1.34.1+rke2r1', 'v1.33.5+rke2r1', 'v1.32.9+rke2r1'];
export const K3S_VERSIONS = ['v1.34.1+k3s1', 'v1.33.5+k3s1'];

export const VPC_ID = 'vpc-0a1b2c3d4e5f60001';
export const IGW_ID = 'igw-0a1b2c3d4e5f60001';
export const ROUTE_TABLE_ID = 'rtb-0a1b2c3d4e5f60001';
/** The one KMS key the credential may list (the amazonec2 form's EBS encryption keys). */
export const KMS_KEY_ID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

/** A cluster ID the nodes subnet still carries a tag of: it is not tagged for the EC2 cluster. */
export const RETIRED_CLUSTER_ID = 'c-m-retired1';

export const SUBNETS = {
  /** us-east-1a, the EC2 cluster's nodes: tagged for a retired cluster only (verification: a warning, "Tag it"). */
  ec2Nodes:    'subnet-0a1b2c3d4e5f60001',
  /** us-east-1b, the custom cluster's nodes: tagged for both clusters, public (elb role). */
  customNodes: 'subnet-0a1b2c3d4e5f60002',
  /** us-east-1a, untagged: for a new cluster on the create page. */
  newCluster:  'subnet-0a1b2c3d4e5f60003',
  /** us-east-1c, the broken-controller cluster's nodes: tagged for it, public (elb role). */
  brokenNodes: 'subnet-0a1b2c3d4e5f60004',
};

/** Zone IDs of the account's zones (the controller labels nodes with them from 1.30). */
export const ZONE_IDS: Record<string, string> = {
  'us-east-1a': 'use1-az1', 'us-east-1b': 'use1-az2', 'us-east-1c': 'use1-az4'
};

export const SECURITY_GROUPS = {
  rancherNodes: 'sg-0a1b2c3d4e5f60001',
  customNodes:  'sg-0a1b2c3d4e5f60002',
  brokenNodes:  'sg-0a1b2c3d4e5f60003',
};

export const PROFILES = {
  controlPlane: 'rancher-controlplane',
  worker:       'rancher-worker',
  /** Not used by any cluster yet: the one to pick on the create page. */
  newCluster:   'rancher-new-nodes',
};

export const ROLES = {
  controlPlane: 'rancher-controlplane-role',
  worker:       'rancher-worker-role',
  newCluster:   'rancher-new-nodes-role',
};

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

/** The world's clusters whose machines Rancher creates on EC2. */
export const EC2_CLUSTERS: WorldEc2Cluster[] = [EC2_CLUSTER, BROKEN_CLUSTER];

/** The Amazon clusters of the demo world itself: ec2-demo, ec2-broken and custom-demo. */
export const DEMO_AMAZON_CLUSTERS = EC2_CLUSTERS.length + 1;

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

// ---- Rancher's side ----------------------------------------------------------------------

const make = (types: TypeSpec[]) => (type: string, name: string, namespace: string | undefined, body: Parameters<typeof steveObject>[3] = {}): SteveObject => {
  const spec = typeSpec(types, type);

  if (!spec) {
    throw new Error(`unknown type ${ type }`);
  }

  return steveObject(spec, name, namespace, body);
};

const mgmtObject = make(MANAGEMENT_TYPES);
const downstreamObject = make(DOWNSTREAM_TYPES);

const condition = (type: string, status = 'True') => ({
  type, status, error: false, transitioning: false, lastUpdateTime: '2026-01-05T09:45:00Z'
});

/** Rancher's default agent affinity: prefer nodes that are not workers, avoid Windows. */
const AGENT_AFFINITY = JSON.stringify({
  nodeAffinity: {
    preferredDuringSchedulingIgnoredDuringExecution: [{
      preference: {
        matchExpressions: [{
          key: 'fleet.cattle.io/agent', operator: 'In', values: ['true']
        }]
      },
      weight: 1
    }],
    requiredDuringSchedulingIgnoredDuringExecution:  {
      nodeSelectorTerms: [{
        matchExpressions: [{
          key: 'kubernetes.io/os', operator: 'NotIn', values: ['windows']
        }]
      }]
    },
  },
});

/** Global settings, by ID. `server-url` is filled in by the server with the URL it listens on. */
export function settings(serverUrl: string): Record<string, string> {
  return {
    'first-login':                                 'false',
    'eula-agreed':                                 '2026-01-05T09:00:00Z',
    'server-url':                                  serverUrl,
    'server-version':                              RANCHER_VERSION,
    'ui-pl':                                       'rancher',
    'ui-brand':                                    '',
    'ui-banners':                                  '{}',
    'ui-issues':                                   '',
    'ui-custom-links':                             '{}',
    'ui-community-links':                          'true',
    'ui-performance':                              '',
    'ui-offline-preferred':                        'true',
    'ui-index':                                    'local://',
    'ui-dashboard-index':                          'local://',
    'ui-content-enabled':                          'false',
    'ui-content-endpoint':                         '',
    'ui-k8s-supported-versions-range':             '>= 1.30.0 <= 1.34.x',
    'has-support':                                 'false',
    'telemetry-opt':                               'out',
    'hide-local-cluster':                          'false',
    'rke2-default-version':                        RKE2_VERSIONS[0],
    'k3s-default-version':                         K3S_VERSIONS[0],
    'cluster-agent-default-priority-class':        'null',
    'cluster-agent-default-pod-disruption-budget': 'null',
    // Shell 3.0.13 (Rancher 2.15) reads the fleet agent's defaults too (utils/cluster.js, initSchedulingCustomization).
    'fleet-agent-default-priority-class':          'null',
    'fleet-agent-default-pod-disruption-budget':   'null',
    'cluster-agent-default-affinity':              AGENT_AFFINITY,
    'fleet-agent-default-affinity':                AGENT_AFFINITY,
    'display-add-extension-repos-banner':          'false',
    'agent-tls-mode':                              'strict',
    'system-default-registry':                     '',
    'ingress-ip-domain':                           'sslip.io',
    'kubeconfig-generate-token':                   'true',
    'auth-user-session-ttl-minutes':               '960',
    'password-min-length':                         '12',
    'system-namespaces':                           'kube-system,kube-public,cattle-system,cattle-global-data,cattle-fleet-system,cattle-ui-plugin-system,fleet-default,fleet-local,local',
    'imported-cluster-version-management':         'true',
  };
}

export const FEATURES: Record<string, boolean> = {
  'multi-cluster-management':               true,
  'multi-cluster-management-agent':         false,
  rke2:                                     true,
  provisioningv2:                           true,
  'embedded-cluster-api':                   true,
  fleet:                                    true,
  uiextension:                              true,
  'ui-sql-cache':                           false,
  harvester:                                false,
  'harvester-baremetal-container-workload': false,
  'rke1-custom-node-cleanup':               false,
  'token-hashing':                          false,
  'unsupported-storage-drivers':            false,
  'istio-virtual-service-ui':               false,
  'continuous-delivery':                    true,
  legacy:                                   false,
  'external-rules':                         true,
  'aggregated-roletemplates':               false,
  'clean-stale-secrets':                    true,
};

/** The released RKE2 (or K3s) versions in the shape `/v1-rke2-release/releases` answers. */
export function releases(versions: string[], distro: 'rke2' | 'k3s'): Record<string, unknown> {
  const cloudProviders = {
    type: 'enum', nullable: true, options: ['aws', 'azure', 'gcp', 'rancher-vsphere', 'harvester', 'external']
  };

  return {
    type:         'collection',
    resourceType: 'release',
    data:         versions.map((version) => ({
      id:                      version,
      type:                    'release',
      version,
      minChannelServerVersion: 'v2.12.0-alpha1',
      maxChannelServerVersion: 'v2.13.99',
      serverArgs:              {
        ...(distro === 'rke2' ? {
          cni:     {
            type: 'enum', default: 'calico', options: ['canal', 'cilium', 'calico', 'flannel']
          },
          disable: { type: 'array', options: ['rke2-coredns', 'rke2-ingress-nginx', 'rke2-metrics-server'] },
        } : { disable: { type: 'array', options: ['coredns', 'servicelb', 'traefik', 'local-storage', 'metrics-server'] } }),
        'cloud-provider-name':   cloudProviders,
        'disable-kube-proxy':    { type: 'boolean', default: false },
        'etcd-expose-metrics':   { type: 'boolean', default: false },
        profile:                 {
          type: 'enum', nullable: true, options: ['cis']
        },
        'secrets-encryption': { type: 'boolean', default: false },
      },
      agentArgs: {
        'cloud-provider-name':     cloudProviders,
        'protect-kernel-defaults': { type: 'boolean', default: false },
        profile:                   {
          type: 'enum', nullable: true, options: ['cis']
        },
        'system-default-registry': { type: 'string' },
        selinux:                   { type: 'boolean', default: false },
      },
      charts: Object.fromEntries(Object.entries(distro === 'rke2' ? RKE2_CHARTS : {}).map(([name, chart]) => [name, { repo: CHART_REPO, version: chart.version }])),
    })),
  };
}

/** The cluster repository RKE2's add-on charts come from, and the charts the releases name. */
export const CHART_REPO = 'rancher-rke2-charts';

export const RKE2_CHARTS: Record<string, { version: string, values: Record<string, unknown> }> = {
  'rke2-calico':  { version: 'v3.30.300', values: { installation: { calicoNetwork: { bgp: 'Disabled', mtu: 0 } } } },
  'rke2-canal':   { version: 'v3.30.2-build2025', values: { flannel: { backend: 'vxlan' } } },
  'rke2-cilium':  { version: '1.18.100', values: { cni: { chainingMode: 'none' } } },
  'rke2-flannel': { version: 'v0.27.300', values: { flannel: { backend: 'vxlan' } } },
};

/** `?link=index` of the chart repository: a Helm repository index. */
export function chartIndex(): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    entries:    Object.fromEntries(Object.entries(RKE2_CHARTS).map(([name, chart]) => [name, [{
      name, version: chart.version, apiVersion: 'v2', appVersion: chart.version, description: name, annotations: { 'catalog.cattle.io/hidden': 'true' }, urls: [`https://rke2-charts.rancher.io/assets/${ name }/${ name }-${ chart.version }.tgz`], created: '2026-01-01T00:00:00Z', digest: '0'
    }]])),
  };
}

/** `?link=info&chartName=&version=` of the chart repository: the chart, its values and readme. */
export function chartInfo(name: string, version: string | null): Record<string, unknown> | undefined {
  const chart = RKE2_CHARTS[name];

  if (!chart || (version && version !== chart.version)) {
    return undefined;
  }

  return {
    chart: {
      name, version: chart.version, apiVersion: 'v2', appVersion: chart.version, description: name, annotations: { 'catalog.cattle.io/hidden': 'true' }
    },
    values:    chart.values,
    readme:    `# ${ name }\n`,
    appReadme: '',
  };
}

const roleSelector = (label: string) => ({
  matchExpressions: [{
    key: label, operator: 'In', values: ['true']
  }]
});

/**
 * The out-of-tree provider as Rancher's docs set it up on RKE2: `cloud-provider-name: aws` in
 * machineGlobalConfig, per role `cloud-provider=external` (and the control plane's own cloud
 * controller off), and the controller's HelmChart in additionalManifest.
 */
export function outOfTreeRkeConfig(controllerValues: Record<string, unknown>, ebsCsi = false): Required<RkeConfigView> {
  return {
    machineGlobalConfig:   { 'cloud-provider-name': 'aws' },
    machineSelectorConfig: [
      {
        config: {
          'disable-cloud-controller': true, 'kube-apiserver-arg': ['cloud-provider=external'], 'kube-controller-manager-arg': ['cloud-provider=external'], 'kubelet-arg': ['cloud-provider=external']
        },
        machineLabelSelector: roleSelector('rke.cattle.io/control-plane-role'),
      },
      { config: { 'kubelet-arg': ['cloud-provider=external'] }, machineLabelSelector: roleSelector('rke.cattle.io/etcd-role') },
      { config: { 'kubelet-arg': ['cloud-provider=external'] }, machineLabelSelector: roleSelector('rke.cattle.io/worker-role') },
    ],
    // The EBS CSI driver as the panel's setup step adds it (volumes from 1.27).
    additionalManifest: ebsCsi ? joinManifest([{ text: helmChartManifest(controllerValues) }, { text: helmChartYaml(EBS_CSI_CHART, ebsCsiValues(), false) }]) : helmChartManifest(controllerValues),
  };
}

function provisioningCluster(cluster: { name: string, managementId: string, kubernetesVersion: string, cloudProvider: string, controllerValues?: Record<string, unknown>, ebsCsi?: boolean }, pools: WorldPool[]): SteveObject {
  const outOfTree = cluster.controllerValues ? outOfTreeRkeConfig(cluster.controllerValues, cluster.ebsCsi) : undefined;

  return mgmtObject('provisioning.cattle.io.cluster', cluster.name, NAMESPACE, {
    annotations: { 'field.cattle.io/creatorId': 'user-admin' },
    spec:        {
      ...(pools.length ? { cloudCredentialSecretName: CREDENTIAL_ID } : {}),
      kubernetesVersion:                                    cluster.kubernetesVersion,
      localClusterAuthEndpoint:                             {},
      defaultPodSecurityAdmissionConfigurationTemplateName: '',
      rkeConfig:                                            {
        chartValues:         {},
        etcd:                { snapshotRetention: 5, snapshotScheduleCron: '0 */5 * * *' },
        machineGlobalConfig: {
          cni: 'calico', 'disable-kube-proxy': false, 'etcd-expose-metrics': false, ...(outOfTree?.machineGlobalConfig || {})
        },
        // The cluster model reads the cloud provider from the selector-less machine selector config.
        machineSelectorConfig: [{ config: { 'cloud-provider-name': cluster.cloudProvider, 'protect-kernel-defaults': false } }, ...(outOfTree?.machineSelectorConfig || [])],
        ...(outOfTree ? { additionalManifest: outOfTree.additionalManifest } : {}),
        machinePoolDefaults:   {},
        machinePools:          pools.map((pool) => ({
          name:                 pool.name,
          etcdRole:             pool.etcdRole,
          controlPlaneRole:     pool.controlPlaneRole,
          workerRole:           pool.workerRole,
          quantity:             pool.quantity,
          drainBeforeDelete:    true,
          unhealthyNodeTimeout: '0s',
          machineConfigRef:     { kind: 'Amazonec2Config', name: pool.machineConfig },
        })),
        registries:      {},
        upgradeStrategy: {
          controlPlaneConcurrency: '1', workerConcurrency: '1', controlPlaneDrainOptions: { enabled: false }, workerDrainOptions: { enabled: false }
        },
      },
    },
    status: {
      agentDeployed:      true,
      clientSecretName:   `${ cluster.name }-kubeconfig`,
      clusterName:        cluster.managementId,
      fleetWorkspaceName: NAMESPACE,
      observedGeneration: 1,
      ready:              true,
      conditions:         ['Ready', 'Provisioned', 'Updated', 'Connected', 'RKECluster', 'Created'].map((type) => condition(type)),
    },
  });
}

/**
 * `provisioning`: the provisioning cluster that owns it (`fleet-default/<name>`) and its machine
 * provider (the first pool's kind without "Config", lower case; none for custom clusters).
 * Rancher 2.15 puts the provider, version and node count in `status.info` (shell 3.0.13 reads the
 * provisioning cluster's `machineProvider` there, and its edit page picks the RKE2 editor by it),
 * and Steve names the owner in `metadata.relationships` (the management model's `provClusterId`).
 */
function managementCluster(id: string, displayName: string, kubernetesVersion: string, provider: string, nodeCount: number, ready = true, provisioning?: { id: string, machineProvider?: string }): SteveObject {
  return mgmtObject('management.cattle.io.cluster', id, undefined, {
    labels: { 'provider.cattle.io': provider },
    ...(provisioning ? {
      metadata: {
        relationships: [{
          fromId: provisioning.id, fromType: 'provisioning.cattle.io.cluster', rel: 'applies', state: 'active', message: 'Resource is Ready'
        }]
      }
    } : {}),
    spec:   {
      displayName, fleetWorkspaceName: id === 'local' ? 'fleet-local' : NAMESPACE, internal: id === 'local', localClusterAuthEndpoint: { enabled: false }, agentImageOverride: '', description: ''
    },
    status: {
      provider,
      driver:         id === 'local' ? 'k3s' : 'imported',
      version:        {
        gitVersion: kubernetesVersion, major: '1', minor: kubernetesVersion.split('.')[1]
      },
      allocatable:    {
        cpu: `${ 2 * nodeCount }`, memory: `${ 8 * nodeCount }Gi`, pods: `${ 110 * nodeCount }`
      },
      capacity:       {
        cpu: `${ 2 * nodeCount }`, memory: `${ 8 * nodeCount }Gi`, pods: `${ 110 * nodeCount }`
      },
      requested:      {
        cpu: '450m', memory: '1Gi', pods: '12'
      },
      nodeCount,
      info:           {
        kubernetesVersion, nodeCount, arch: 'amd64', ...(provisioning?.machineProvider ? { machineProvider: provisioning.machineProvider } : {})
      },
      conditions:     ['Ready', 'Connected', 'Provisioned', 'Updated', 'Waiting'].map((type) => condition(type, ready ? 'True' : 'False')),
      agentFeatures:  {},
      apiEndpoint:    'https://10.43.0.1:443',
      capabilities:   { loadBalancerCapabilities: {} },
    },
  });
}

/** The amazonec2 driver's fields of a pool: its machine config holds them, its machine template copies them. */
/**
 * What Rancher does when a provisioning cluster is created through the API: it makes the
 * management cluster (`c-m-` and eight characters derived from the name) and names it in the
 * cluster's status. Returns the management cluster to add; the cluster gets its status.
 */
export function clusterCreated(cluster: SteveObject): SteveObject {
  const managementId = `c-m-${ createHash('sha256').update(cluster.id).digest('hex').slice(0, 8) }`;

  cluster.metadata.state = {
    name: 'provisioning', error: false, transitioning: true, message: 'waiting for the machines to be created'
  };
  cluster.status = {
    ...(cluster.status || {}), clusterName: managementId, fleetWorkspaceName: cluster.metadata.namespace, ready: false, conditions: [condition('Provisioned', 'Unknown')]
  };

  const kind = cluster.spec?.rkeConfig?.machinePools?.[0]?.machineConfigRef?.kind as string | undefined;

  return managementCluster(managementId, cluster.metadata.name, cluster.spec?.kubernetesVersion || RKE2_VERSIONS[0], 'rke2', 0, false, { id: cluster.id, machineProvider: kind?.replace(/config$/i, '').toLowerCase() });
}

function amazonec2Fields(pool: WorldPool, subnetId: string, zone: string, securityGroupName: string): Record<string, unknown> {
  return {
    accessKey:               '',
    ami:                     '',
    blockDurationMinutes:    '0',
    deviceName:              '/dev/sda1',
    encryptEbsVolume:        false,
    endpoint:                '',
    httpEndpoint:            'enabled',
    httpTokens:              'optional',
    iamInstanceProfile:      pool.profile,
    insecureTransport:       false,
    instanceType:            't3a.medium',
    keypairName:             '',
    kmsKey:                  '',
    monitoring:              false,
    privateAddressOnly:      false,
    region:                  REGION,
    requestSpotInstance:     false,
    retries:                 '5',
    rootSize:                '16',
    securityGroup:           [securityGroupName],
    securityGroupReadonly:   false,
    sessionToken:            '',
    spotPrice:               '0.50',
    sshKeyContents:          '',
    sshUser:                 'ubuntu',
    subnetId,
    tags:                    '',
    useEbsOptimizedInstance: false,
    usePrivateAddress:       false,
    userdata:                '',
    volumeType:              'gp3',
    vpcId:                   VPC_ID,
    zone:                    zone.slice(-1),
  };
}

const roleLabels = (roles: WorldNode['roles']) => ({
  'rke.cattle.io/control-plane-role': String(roles.includes('controlplane')),
  'rke.cattle.io/etcd-role':          String(roles.includes('etcd')),
  'rke.cattle.io/worker-role':        String(roles.includes('worker')),
});

function machine(clusterName: string, kubernetesVersion: string, node: WorldNode, pool: WorldPool | undefined): SteveObject {
  const kind = pool ? 'Amazonec2Machine' : 'CustomMachine';

  return mgmtObject('cluster.x-k8s.io.machine', node.machine, NAMESPACE, {
    labels: {
      'cluster.x-k8s.io/cluster-name': clusterName,
      ...(pool ? { 'cluster.x-k8s.io/deployment-name': `${ clusterName }-${ pool.name }`, 'rke.cattle.io/rke-machine-pool-name': pool.name } : {}),
      ...roleLabels(node.roles),
      'cattle.io/os':                  'linux',
    },
    spec: {
      clusterName,
      bootstrap:         {
        configRef: {
          apiVersion: 'rke.cattle.io/v1', kind: 'RKEBootstrap', name: node.machine, namespace: NAMESPACE
        },
        dataSecretName: `${ node.machine }-machine-bootstrap`
      },
      infrastructureRef: {
        apiVersion: pool ? 'rke-machine.cattle.io/v1' : 'rke.cattle.io/v1', kind, name: node.machine, namespace: NAMESPACE
      },
      providerID: `aws:///${ node.zone }/${ node.instanceId }`,
      version:    kubernetesVersion,
    },
    status: {
      phase:               'Running',
      bootstrapReady:      true,
      infrastructureReady: true,
      nodeRef:             {
        apiVersion: 'v1', kind: 'Node', name: node.name
      },
      addresses:           [{ type: 'InternalIP', address: node.ip }, { type: 'Hostname', address: node.name }],
      conditions:          ['Ready', 'BootstrapReady', 'InfrastructureReady', 'NodeHealthy'].map((type) => condition(type)),
    },
  });
}

function ec2Objects(cluster: WorldEc2Cluster): SteveObject[] {
  const out: SteveObject[] = [provisioningCluster(cluster, cluster.pools)];

  for (const pool of cluster.pools) {
    const nodes = cluster.nodes.filter((node) => node.profile === pool.profile);
    const templateName = `${ cluster.name }-${ pool.name }-${ pool.machineConfig.slice(-5) }`;
    const deployment = `${ cluster.name }-${ pool.name }`;

    const fields = amazonec2Fields(pool, nodes[0].subnetId, nodes[0].zone, cluster.securityGroup.GroupName);

    out.push(mgmtObject('rke-machine-config.cattle.io.amazonec2config', pool.machineConfig, NAMESPACE, {
      annotations: { 'field.cattle.io/creatorId': 'user-admin' },
      metadata:    {
        name:            pool.machineConfig,
        ownerReferences: [{
          apiVersion: 'provisioning.cattle.io/v1', kind: 'Cluster', name: cluster.name
        }]
      },
      ...fields,
    }));
    out.push(mgmtObject('rke-machine.cattle.io.amazonec2machinetemplate', templateName, NAMESPACE, {
      annotations: {
        'rke.cattle.io/cloned-from-name': pool.machineConfig, 'rke.cattle.io/cloned-from-kind': 'Amazonec2Config', 'objectset.rio.cattle.io/owner-name': cluster.name
      },
      spec: { template: { spec: { common: {}, ...fields } } },
    }));
    out.push(mgmtObject('cluster.x-k8s.io.machinedeployment', deployment, NAMESPACE, {
      labels: { 'cluster.x-k8s.io/cluster-name': cluster.name, 'rke.cattle.io/rke-machine-pool-name': pool.name },
      spec:   {
        clusterName: cluster.name,
        replicas:    pool.quantity,
        selector:    { matchLabels: { 'cluster.x-k8s.io/cluster-name': cluster.name, 'cluster.x-k8s.io/deployment-name': deployment } },
        template:    {
          metadata: {
            labels: {
              'cluster.x-k8s.io/cluster-name': cluster.name, 'cluster.x-k8s.io/deployment-name': deployment, ...roleLabels(nodes[0].roles)
            }
          },
          spec:     {
            clusterName:       cluster.name,
            infrastructureRef: {
              apiVersion: 'rke-machine.cattle.io/v1', kind: 'Amazonec2MachineTemplate', name: templateName, namespace: NAMESPACE
            },
            version: cluster.kubernetesVersion,
          },
        },
      },
      status: {
        phase: 'Running', replicas: pool.quantity, readyReplicas: pool.quantity, updatedReplicas: pool.quantity, availableReplicas: pool.quantity, unavailableReplicas: 0, conditions: [condition('Ready'), condition('Available')]
      },
    }));
    for (const node of nodes) {
      out.push(machine(cluster.name, cluster.kubernetesVersion, node, pool));
      out.push(mgmtObject('rke-machine.cattle.io.amazonec2machine', node.machine, NAMESPACE, {
        spec:   { providerID: `aws:///${ node.zone }/${ node.instanceId }`, common: {} },
        status: {
          ready: true, addresses: [{ type: 'InternalIP', address: node.ip }], conditions: [condition('Ready')]
        },
      }));
    }
  }

  return out;
}

function customObjects(): SteveObject[] {
  const cluster = CUSTOM_CLUSTER;

  return [
    provisioningCluster(cluster, []),
    ...cluster.nodes.flatMap((node) => [
      machine(cluster.name, cluster.kubernetesVersion, node, undefined),
      mgmtObject('rke.cattle.io.custommachine', node.machine, NAMESPACE, { spec: { providerID: `aws:///${ node.zone }/${ node.instanceId }` }, status: { ready: true } }),
    ]),
  ];
}

const namespaceObject = (name: string, projectId?: string): { labels: Record<string, string>, annotations: Record<string, string> } => ({
  labels:      { 'kubernetes.io/metadata.name': name, ...(projectId ? { 'field.cattle.io/projectId': projectId.split(':')[1] } : {}) },
  annotations: projectId ? { 'field.cattle.io/projectId': projectId } : {},
});

/** Everything Rancher's own API (`/v1`) holds. `origin` is where the fake listens (for server-url). */
export function rancherObjects(origin: string, extension: { name: string, version: string, metadata: Record<string, string> }, extra: readonly WorldEc2Cluster[] = []): SteveObject[] {
  const ec2Clusters = [...EC2_CLUSTERS, ...extra];
  const downstreamIds = [...ec2Clusters.map((cluster) => cluster.managementId), CUSTOM_CLUSTER.managementId];
  const localNamespaces = ['default', 'kube-system', 'cattle-system', 'cattle-global-data', 'cattle-fleet-system', 'cattle-ui-plugin-system', 'fleet-default', 'fleet-local', 'local', ...downstreamIds];

  return [
    ...Object.entries(settings(origin)).map(([id, value]) => mgmtObject('management.cattle.io.setting', id, undefined, {
      value, default: value, customized: false, source: ''
    })),
    ...Object.entries(FEATURES).map(([id, value]) => mgmtObject('management.cattle.io.feature', id, undefined, {
      spec:   { value: null },
      status: {
        default: value, dynamic: false, lockedValue: null, description: id
      }
    })),
    managementCluster('local', 'local', 'v1.33.5+k3s1', 'k3s', 1),
    ...ec2Clusters.map((cluster) => managementCluster(cluster.managementId, cluster.name, cluster.kubernetesVersion, 'rke2', cluster.nodes.length, true, { id: `${ NAMESPACE }/${ cluster.name }`, machineProvider: 'amazonec2' })),
    managementCluster(CUSTOM_CLUSTER.managementId, CUSTOM_CLUSTER.name, CUSTOM_CLUSTER.kubernetesVersion, 'rke2', CUSTOM_CLUSTER.nodes.length, true, { id: `${ NAMESPACE }/${ CUSTOM_CLUSTER.name }` }),
    mgmtObject('provisioning.cattle.io.cluster', 'local', 'fleet-local', {
      spec:   { kubernetesVersion: 'v1.33.5+k3s1', localClusterAuthEndpoint: {} },
      status: {
        clusterName: 'local', ready: true, conditions: [condition('Ready')]
      }
    }),
    ...ec2Clusters.flatMap(ec2Objects),
    ...customObjects(),
    ...['fleet-default', 'fleet-local'].map((name) => mgmtObject('management.cattle.io.fleetworkspace', name, undefined, { status: {} })),
    ...['local', ...downstreamIds].flatMap((clusterId) => [
      mgmtObject('management.cattle.io.project', `p-${ clusterId.replace(/^c-m-/, '') }-default`.slice(0, 30), clusterId, { spec: { clusterName: clusterId, displayName: 'Default' }, labels: { 'authz.management.cattle.io/default-project': 'true' } }),
      mgmtObject('management.cattle.io.project', `p-${ clusterId.replace(/^c-m-/, '') }-system`.slice(0, 30), clusterId, { spec: { clusterName: clusterId, displayName: 'System' }, labels: { 'authz.management.cattle.io/system-project': 'true' } }),
    ]),
    ...localNamespaces.map((name) => {
      const meta = namespaceObject(name);

      return mgmtObject('namespace', name, undefined, { labels: meta.labels, status: { phase: 'Active' } });
    }),
    mgmtObject('management.cattle.io.nodedriver', 'amazonec2', undefined, {
      annotations: { privateCredentialFields: 'secretKey', publicCredentialFields: 'accessKey' },
      spec:        {
        active: true, addCloudCredential: true, builtin: true, displayName: 'amazonec2', url: 'local://', whitelistDomains: [], checksum: '', description: '', externalId: '', uiUrl: ''
      },
      status: { conditions: [condition('Active'), condition('Downloaded'), condition('Installed')] },
    }),
    ...['digitalocean', 'azure', 'vmwarevsphere', 'linode', 'harvester'].map((name) => mgmtObject('management.cattle.io.nodedriver', name, undefined, {
      spec: {
        active: false, builtin: true, displayName: name, url: 'local://', whitelistDomains: []
      },
      status: { conditions: [] },
    })),
    mgmtObject('management.cattle.io.user', 'user-admin', undefined, {
      username: 'admin', displayName: 'Default Admin', principalIds: ['local://user-admin'], enabled: true, mustChangePassword: false, description: '', me: true
    }),
    mgmtObject('management.cattle.io.globalrole', 'admin', undefined, {
      displayName:    'Admin',
      builtin:        true,
      newUserDefault: false,
      rules:          [{
        apiGroups: ['*'], resources: ['*'], verbs: ['*']
      }, { nonResourceURLs: ['*'], verbs: ['*'] }]
    }),
    ...[['cluster-owner', 'Cluster Owner', 'cluster'], ['cluster-member', 'Cluster Member', 'cluster'], ['project-owner', 'Project Owner', 'project'], ['project-member', 'Project Member', 'project']].map(([name, displayName, context]) => mgmtObject('management.cattle.io.roletemplate', name, undefined, {
      displayName, context, builtin: true, external: false, hidden: false, locked: false, description: '', clusterCreatorDefault: name === 'cluster-owner', projectCreatorDefault: name === 'project-owner', rules: []
    })),
    mgmtObject('management.cattle.io.globalrolebinding', 'grb-admin', undefined, { globalRoleName: 'admin', userName: 'user-admin' }),
    mgmtObject('userpreference', 'user-admin', undefined, {
      data: {
        'seen-whatsnew': `"${ RANCHER_VERSION }"`, 'after-login-route': '"home"', theme: '"ui-light"', locale: '"en-us"'
      }
    }),
    mgmtObject('catalog.cattle.io.clusterrepo', CHART_REPO, undefined, {
      spec:   { gitRepo: 'https://git.rancher.io/rke2-charts', gitBranch: 'main' },
      status: {
        branch: 'main', commit: 'fake', conditions: [condition('Downloaded'), condition('FollowerDownloaded')]
      },
    }),
    mgmtObject('catalog.cattle.io.uiplugin', extension.name, 'cattle-ui-plugin-system', {
      labels: { 'catalog.cattle.io/ui-extensions-catalog': 'false' },
      spec:   {
        plugin: {
          name:     extension.name,
          version:  extension.version,
          endpoint: `http://${ extension.name }-svc.cattle-ui-plugin-system:8080/plugin/${ extension.name }-${ extension.version }`,
          noCache:  false,
          noAuth:   false,
          metadata: extension.metadata,
        },
      },
      status: { cacheState: 'cached', ready: true },
    }),
  ];
}

function downstreamNode(node: WorldNode, kubernetesVersion: string): SteveObject {
  return downstreamObject('node', node.name, undefined, {
    labels: {
      'kubernetes.io/hostname':                node.name,
      'kubernetes.io/os':                      'linux',
      'kubernetes.io/arch':                    'amd64',
      'node.kubernetes.io/instance-type':      't3a.medium',
      'topology.kubernetes.io/region':         REGION,
      'topology.kubernetes.io/zone':           node.zone,
      ...(node.roles.includes('controlplane') ? { 'node-role.kubernetes.io/control-plane': 'true', 'node-role.kubernetes.io/master': 'true' } : {}),
      ...(node.roles.includes('etcd') ? { 'node-role.kubernetes.io/etcd': 'true' } : {}),
      ...(node.roles.includes('worker') ? { 'node-role.kubernetes.io/worker': 'true' } : {}),
    },
    annotations: {
      'rke2.io/internal-ip': node.ip, 'cluster.x-k8s.io/machine': node.machine, 'cluster.x-k8s.io/owner-namespace': NAMESPACE
    },
    spec:        { providerID: `aws:///${ node.zone }/${ node.instanceId }`, podCIDR: '10.42.0.0/24' },
    status:      {
      addresses:   [{ type: 'InternalIP', address: node.ip }, { type: 'InternalDNS', address: node.name }, { type: 'Hostname', address: node.name }],
      allocatable: {
        cpu: '2', memory: '7901060Ki', pods: '110'
      },
      capacity:    {
        cpu: '2', memory: '8003460Ki', pods: '110'
      },
      conditions:  [{
        ...condition('Ready'), reason: 'KubeletReady', message: 'kubelet is posting ready status'
      }],
      nodeInfo:    {
        kubeletVersion: kubernetesVersion, kubeProxyVersion: kubernetesVersion, operatingSystem: 'linux', architecture: 'amd64', osImage: 'Ubuntu 24.04.1 LTS', containerRuntimeVersion: 'containerd://2.1.4-k3s1', kernelVersion: '6.8.0-1016-aws'
      },
    },
  });
}

/** Each downstream cluster's own objects (`/k8s/clusters/<id>/v1`), by management cluster ID. */
export function downstreamObjects(extra: readonly WorldEc2Cluster[] = []): Record<string, SteveObject[]> {
  const namespaces = (projectPrefix: string) => ['default', 'kube-system', 'cattle-system', 'cattle-fleet-system'].map((name) => {
    const meta = namespaceObject(name, `${ projectPrefix }:p-${ projectPrefix.replace(/^c-m-/, '') }-${ name === 'default' ? 'default' : 'system' }`);

    return downstreamObject('namespace', name, undefined, {
      labels: meta.labels, annotations: meta.annotations, status: { phase: 'Active' }
    });
  });

  return {
    local: [
      ...namespaces('local'),
      downstreamObject('node', 'rancher-local', undefined, {
        labels: { 'kubernetes.io/hostname': 'rancher-local', 'node-role.kubernetes.io/control-plane': 'true' }, spec: {}, status: { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }], conditions: [condition('Ready')] }
      }),
    ],
    ...Object.fromEntries([...EC2_CLUSTERS, ...extra].map((cluster) => [cluster.managementId, [
      ...namespaces(cluster.managementId),
      ...downstreamState(downstreamCluster(cluster), outOfTreeRkeConfig(cluster.controllerValues, cluster.ebsCsi)).objects,
    ]])),
    [CUSTOM_CLUSTER.managementId]: [...namespaces(CUSTOM_CLUSTER.managementId), ...CUSTOM_CLUSTER.nodes.map((node) => downstreamNode(node, CUSTOM_CLUSTER.kubernetesVersion))],
  };
}

/** An EC2 cluster of the world as its downstream side sees it. */
export function downstreamCluster(cluster: WorldEc2Cluster): DownstreamCluster {
  return {
    managementId:      cluster.managementId,
    kubernetesVersion: cluster.kubernetesVersion,
    namespace:         NAMESPACE,
    nodes:             cluster.nodes.map((node) => ({
      name: node.name, instanceId: node.instanceId, ip: node.ip, zone: node.zone, zoneId: ZONE_IDS[node.zone], roles: node.roles, machine: node.machine, instanceType: 't3a.medium'
    })),
  };
}

/** Norman (`/v3`) cloud credentials; the secret half never leaves Rancher. */
export function cloudCredentials(): Record<string, unknown>[] {
  return [{
    id:                        CREDENTIAL_ID,
    type:                      'cloudCredential',
    baseType:                  'cloudCredential',
    name:                      CREDENTIAL_NAME,
    description:               '',
    created:                   '2026-01-05T09:00:00Z',
    createdTS:                 1767603600000,
    creatorId:                 'user-admin',
    uuid:                      '00000000-0000-4000-8000-00000000cc01',
    state:                     'active',
    namespaceId:               null,
    labels:                    {},
    annotations:               { 'provisioning.cattle.io/driver': 'aws', 'field.cattle.io/creatorId': 'user-admin' },
    amazonec2credentialConfig: { accessKey: 'AKIAIOSFODNN7EXAMPLE', defaultRegion: REGION },
  }];
}
