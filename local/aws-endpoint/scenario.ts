/** The AWS world a test sets up for the local endpoint. */

export interface ScenarioTag { Key: string, Value: string }

export interface ScenarioInstance {
  InstanceId: string;
  Tags?: ScenarioTag[];
  SecurityGroups?: { GroupId: string, GroupName?: string }[];
  /** The instance profile's name; the endpoint gives its ARN as EC2 does. */
  InstanceProfile?: string;
  SubnetId?: string;
  VpcId?: string;
  AvailabilityZone?: string;
  PrivateDnsName?: string;
  PrivateIpAddress?: string;
  State?: string;
}

export interface ScenarioSubnet { SubnetId: string, VpcId?: string, AvailabilityZone?: string, Tags?: ScenarioTag[] }
export interface ScenarioGroup { GroupId: string, GroupName: string, VpcId?: string, Tags?: ScenarioTag[] }
export interface ScenarioRouteTable {
  RouteTableId: string;
  VpcId: string;
  Main?: boolean;
  SubnetIds?: string[];
  Routes?: { GatewayId: string, DestinationCidrBlock?: string }[];
}
export interface ScenarioProfile { InstanceProfileName: string, Roles: string[], Path?: string }
export interface ScenarioRole {
  RoleName: string;
  AssumeRolePolicyDocument: unknown;
  PermissionsBoundary?: string;
  AttachedPolicies?: string[];
  InlinePolicies?: Record<string, unknown>;
}
export interface ScenarioPolicy { Arn: string, DefaultVersionId?: string, Document: unknown }

/** An injected failure: for `action` (or every action), `times` times (default always). */
export interface ScenarioError {
  action?: string;
  kind?: 'error' | 'timeout' | 'malformed';
  code?: string;
  status?: number;
  message?: string;
  times?: number;
}

export interface Scenario {
  account?: string;
  instances?: ScenarioInstance[];
  subnets?: ScenarioSubnet[];
  securityGroups?: ScenarioGroup[];
  routeTables?: ScenarioRouteTable[];
  instanceProfiles?: ScenarioProfile[];
  roles?: ScenarioRole[];
  policies?: ScenarioPolicy[];
  /** The IAM user the credential belongs to (GetUser); without it GetUser is refused like for a role session. */
  caller?: string;
  /** AWS's evaluation for the caller (SimulatePrincipalPolicy on the user); without it refused. */
  callerSimulation?: Record<string, 'allowed' | 'explicitDeny' | 'implicitDeny'>;
  /** AWS's own evaluation, per action; without it SimulatePrincipalPolicy is refused (AccessDenied). */
  simulation?: { decisions?: Record<string, 'allowed' | 'explicitDeny' | 'implicitDeny'>, default?: 'allowed' | 'explicitDeny' | 'implicitDeny' };
  errors?: ScenarioError[];
  /** Added before every answer. */
  latencyMs?: number;
}
