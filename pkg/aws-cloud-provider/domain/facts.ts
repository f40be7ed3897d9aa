/** What was learned from AWS, each piece either a value or the AWS error that stopped it. */

import { Tag } from './cluster-tags';
import { PolicyDocument } from './policies';
import { ActionDecision, RolePolicies } from './iam-evaluator';
import { NodeRole } from './roles';
import { RouteTable, VpcSubnet } from './load-balancer-subnets';

export interface AwsError { operation: string, code: string, message: string }

export type Fact<T> = { ok: true, value: T } | { ok: false, error: AwsError };

export interface Ec2Instance {
  InstanceId?: string;
  Tags?: Tag[];
  SecurityGroups?: { GroupId?: string, GroupName?: string }[];
  IamInstanceProfile?: { Arn?: string, Id?: string };
  SubnetId?: string;
  VpcId?: string;
  PrivateDnsName?: string;
  PrivateIpAddress?: string;
  Placement?: { AvailabilityZone?: string };
  State?: { Name?: string };
  /** How the instance's metadata service (IMDS) answers: the provider learns its instance, region and credentials there. */
  MetadataOptions?: { HttpEndpoint?: string, HttpTokens?: string, HttpPutResponseHopLimit?: number, InstanceMetadataTags?: string };
}

/** A zone of the region as DescribeAvailabilityZones gives it: Local and Wavelength Zones have their own type. */
export interface Ec2Zone { ZoneName?: string, ZoneId?: string, ZoneType?: string }

export interface Ec2Subnet { SubnetId?: string, VpcId?: string, AvailabilityZone?: string, Tags?: Tag[] }

export interface Ec2SecurityGroup { GroupId?: string, GroupName?: string, VpcId?: string, Tags?: Tag[] }

export interface InstanceProfileInfo {
  name: string;
  arn?: string;
  roles: { RoleName?: string, Arn?: string }[];
}

export interface RoleInfo {
  name: string;
  arn?: string;
  trustPolicy?: PolicyDocument;
  permissionsBoundaryArn?: string;
}

/**
 * Either AWS's own simulation of the role's permissions (with the role's documents when it
 * refused a resource-scoped action, to tell a grant on specific resources from none), or the
 * documents to evaluate locally.
 */
export type PermissionsFact =
  | { source: 'simulation', decisions: Record<string, ActionDecision>, policies?: RolePolicies }
  | { source: 'policies', policies: RolePolicies, simulationError?: AwsError };

export interface IamFacts {
  /** null when IAM says there is no such instance profile. */
  profile: Fact<InstanceProfileInfo | null>;
  role?: Fact<RoleInfo>;
  permissions?: Fact<PermissionsFact>;
  /** When the profile does not exist: whether a role of that name exists, and its profiles. */
  roleNamedLikeProfile?: Fact<{ roleName: string, instanceProfiles: string[] } | null>;
  /** Whether the credential that launches the nodes may pass the profile's role (iam:PassRole). */
  passRole?: Fact<{ callerArn: string, decision: ActionDecision }>;
}

/** One instance profile and what IAM says of it: the one asked about, or one the cluster's instances use. */
export interface ProfileFacts { name: string, asked: boolean, iam: IamFacts }

export interface ClusterFacts {
  instances: Fact<Ec2Instance[]>;
  /** The subnets asked about and those the instances are in. */
  subnets: Fact<Ec2Subnet[]>;
  /** Every group carrying our cluster tag (either form): the provider's "tagged" set. */
  clusterTaggedGroups: Fact<Ec2SecurityGroup[]>;
  /** The groups a machine pool attaches, resolved with their tags. */
  poolGroups: Fact<Ec2SecurityGroup[]>;
  /** Every subnet and route table of the VPCs involved: where load balancers can go. */
  vpcs?: Fact<{ vpcId: string, subnets: VpcSubnet[], routeTables: RouteTable[] }[]>;
  /** The region's zones with their types (Local Zones and Wavelength Zones are not load-balancer zones). */
  zones?: Fact<Ec2Zone[]>;
  /** The profile asked about first, then every other profile the instances use, each read once. */
  profiles: ProfileFacts[];
}

/** What is known of which instances are control-plane nodes: the controller's hosts out-of-tree. */
export interface ControlPlaneHints {
  /** The control-plane instances, when known exactly (from the nodes' role labels). */
  instanceIds?: string[];
  /** Profiles of pools with the control-plane role. */
  profiles?: string[];
  /** Profiles of pools without it. */
  otherProfiles?: string[];
}

export interface CheckInputs {
  clusterId: string;
  region?: string;
  roles: NodeRole[];
  instanceProfileName?: string;
  subnetIds: string[];
  /** Group IDs (`sg-...`) or, as Rancher's EC2 config holds them, group names. */
  securityGroupIds: string[];
  /** Limits group-name lookups to the pool's VPC. */
  vpcId?: string;
  instanceIds: string[];
  /** The cluster's version: which provider runs (in-tree before 1.27) and what it needs; assumed when absent. */
  kubernetesVersion?: string;
  /** Which instances are control-plane nodes; assumed unknown when absent. */
  controlPlane?: ControlPlaneHints;
  /** Profiles other pools of the cluster use: their own runs verify them. */
  knownInstanceProfiles?: string[];
  /** True when the verifying credential is the one that launches the nodes (Rancher's for EC2 pools). */
  checkPassRole?: boolean;
}

export function ok<T>(value: T): Fact<T> {
  return { ok: true, value };
}

export function failed<T>(error: AwsError): Fact<T> {
  return { ok: false, error };
}
