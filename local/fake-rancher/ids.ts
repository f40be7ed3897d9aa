/**
 * The world's fixed names and IDs, shared by both sides: Rancher's (its version, the clusters'
 * namespace, the cloud credential, the releases it offers) and the AWS account's (region, VPC,
 * subnets, security groups, instance profiles and roles). Tests refer to them.
 */

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
