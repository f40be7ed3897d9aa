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
  /**
   * The instance metadata service options (DescribeInstances `metadataOptions`). Default EC2's own:
   * HttpEndpoint `enabled`, HttpTokens `optional`, hop limit 1, InstanceMetadataTags `disabled`.
   * With InstanceMetadataTags `enabled`, CreateTags refuses keys IMDS cannot serve (with `/`, spaces...).
   */
  MetadataOptions?: {
    HttpEndpoint?: 'enabled' | 'disabled';
    HttpTokens?: 'optional' | 'required';
    HttpPutResponseHopLimit?: number;
    InstanceMetadataTags?: 'enabled' | 'disabled';
  };
}

export interface ScenarioSubnet {
  SubnetId: string;
  VpcId?: string;
  AvailabilityZone?: string;
  Tags?: ScenarioTag[];
  /** Default: the VPC's first two octets and the subnet's place among the VPC's subnets, `10.0.1.0/24`, `10.0.2.0/24`... */
  CidrBlock?: string;
  /** An IPv6 block makes the subnet dual-stack (the dashboard's IPv6 networking). */
  Ipv6CidrBlock?: string;
  MapPublicIpOnLaunch?: boolean;
  DefaultForAz?: boolean;
}
export interface ScenarioGroup {
  GroupId: string;
  GroupName: string;
  VpcId?: string;
  Tags?: ScenarioTag[];
  /** Default: the group's name. */
  Description?: string;
}
export interface ScenarioVpc {
  VpcId: string;
  /** Default: `10.<n>.0.0/16`, n the VPC's place in the list. */
  CidrBlock?: string;
  Ipv6CidrBlock?: string;
  IsDefault?: boolean;
  Tags?: ScenarioTag[];
}
export interface ScenarioZone {
  ZoneName: string;
  ZoneId: string;
  /** Default `availability-zone`. */
  ZoneType?: 'availability-zone' | 'local-zone' | 'wavelength-zone';
  /** The Availability Zone a Local or Wavelength Zone hangs off. */
  ParentZoneName?: string;
  /** Default: the region for Availability Zones, the zone's name without its letter for Local Zones, `<region>-wl1` for Wavelength Zones. */
  GroupName?: string;
  /** Default `opt-in-not-required` for Availability Zones, `not-opted-in` for the others (then listed only with AllAvailabilityZones). */
  OptInStatus?: 'opt-in-not-required' | 'opted-in' | 'not-opted-in';
}
export interface ScenarioInstanceType {
  InstanceType: string;
  VCpus: number;
  MemoryMiB: number;
  /** Default `['x86_64']`. */
  Architectures?: string[];
  /** Default true. */
  CurrentGeneration?: boolean;
  /** Default `['on-demand', 'spot']`. */
  UsageClasses?: string[];
  FreeTierEligible?: boolean;
  /** Local instance storage (one disk); EBS-only without. */
  Storage?: { SizeGB: number, Type: 'ssd' | 'hdd', NvmeSupport?: 'unsupported' | 'supported' | 'required' };
}
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

export type SimulationDecision = 'allowed' | 'explicitDeny' | 'implicitDeny';

/**
 * A decision behind a condition: it holds when the request's ContextEntries give every key of
 * `whenContext` with that value among its ContextKeyValues. A key the request leaves out makes it
 * `implicitDeny` with the key in MissingContextValues (what AWS does for an unsupplied condition
 * key); a key given with other values makes it `implicitDeny` with nothing missing.
 */
export interface ConditionalSimulationDecision { decision: SimulationDecision, whenContext: Record<string, string> }

export type SimulationAnswer = SimulationDecision | ConditionalSimulationDecision;

/** An injected failure: for `action` (or every action), `times` times (default always). */
export interface ScenarioError {
  action?: string;
  /** Only for EC2 requests whose filter `name` has `value` among its values (one partition of a scan). */
  filter?: { name: string, value: string };
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
  /** Default: the VPCs the subnets, groups, route tables and instances name. */
  vpcs?: ScenarioVpc[];
  /** DescribeRegions; default a handful of real regions (DEFAULT_REGIONS in server.ts). */
  regions?: string[];
  /**
   * Default: the standard zones the subnets and instances use plus `<region>a`, `b` and `c`, with made-up
   * zone IDs (`use1-az1` for `us-east-1a`). The region is the one those zones are in, else the one the
   * request was made to (host or signature), else us-east-1.
   */
  availabilityZones?: ScenarioZone[];
  /** DescribeInstanceTypes; default DEFAULT_INSTANCE_TYPES in server.ts. */
  instanceTypes?: ScenarioInstanceType[];
  /** KMS keys (IDs or ARNs) ListKeys returns; without it every KMS call is refused (AccessDeniedException). */
  kms?: { keys: string[] };
  instanceProfiles?: ScenarioProfile[];
  roles?: ScenarioRole[];
  policies?: ScenarioPolicy[];
  /** The IAM user the credential belongs to (GetUser); without it GetUser is refused like for a role session. */
  caller?: string;
  /** AWS's evaluation for the caller (SimulatePrincipalPolicy on the user), per action and the same on every resource; without it refused. */
  callerSimulation?: Record<string, SimulationAnswer>;
  /** AWS's own evaluation, per action; without it SimulatePrincipalPolicy is refused (AccessDenied). */
  simulation?: {
    /** Per action, on every resource; an action in neither map gets `default` (else implicitDeny). */
    decisions?: Record<string, SimulationAnswer>;
    /**
     * Per action, per resource: the first ARN pattern (wildcards `*` and `?`) matching the requested
     * ARN decides, none matching is implicitDeny. An action here ignores `decisions` and `default`.
     */
    resourceDecisions?: Record<string, Record<string, SimulationAnswer>>;
    default?: SimulationDecision;
  };
  errors?: ScenarioError[];
  /** Added before every answer. */
  latencyMs?: number;
}
