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
}

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

/** Either AWS's own simulation of the role's permissions, or the documents to evaluate locally. */
export type PermissionsFact =
  | { source: 'simulation', decisions: Record<string, ActionDecision> }
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
  iam?: IamFacts;
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
  kubernetesVersion?: string;
  /** Profiles other pools of the cluster use: their nodes carry the same cluster tag. */
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
