/**
 * The slice of the aggregated AWS SDK v3 clients (`EC2`, `IAM`) that gathering uses. Rancher's
 * `aws/ec2` and `aws/iam` store actions return such clients (signed by Rancher's proxy), and
 * so does `new EC2(...)` / `new IAM(...)` from the SDK in Node: the same code runs on both.
 */

import { Ec2Instance, Ec2SecurityGroup, Ec2Subnet, Ec2Zone } from '../domain/facts';
import { RouteTable } from '../domain/load-balancer-subnets';

export interface Filter { Name: string, Values: string[] }

export interface Ec2Api {
  describeInstances(input: { Filters?: Filter[], MaxResults?: number, NextToken?: string }): Promise<{ Reservations?: { Instances?: Ec2Instance[] }[], NextToken?: string }>;
  describeSubnets(input: { Filters?: Filter[], MaxResults?: number, NextToken?: string }): Promise<{ Subnets?: Ec2Subnet[], NextToken?: string }>;
  describeSecurityGroups(input: { Filters?: Filter[], MaxResults?: number, NextToken?: string }): Promise<{ SecurityGroups?: Ec2SecurityGroup[], NextToken?: string }>;
  describeRouteTables(input: { Filters?: Filter[], MaxResults?: number, NextToken?: string }): Promise<{ RouteTables?: RouteTable[], NextToken?: string }>;
  describeAvailabilityZones(input: { Filters?: Filter[], AllAvailabilityZones?: boolean }): Promise<{ AvailabilityZones?: Ec2Zone[] }>;
  createTags(input: { Resources: string[], Tags: { Key: string, Value: string }[], DryRun?: boolean }): Promise<unknown>;
}

/** One action's simulated decision; with several resources, one result per resource besides. */
export interface SimulationResult {
  EvalActionName?: string;
  EvalDecision?: string;
  MissingContextValues?: string[];
  ResourceSpecificResults?: { EvalResourceName?: string, EvalResourceDecision?: string, MissingContextValues?: string[] }[];
}

export interface IamRole { RoleName?: string, Arn?: string, AssumeRolePolicyDocument?: string, PermissionsBoundary?: { PermissionsBoundaryArn?: string } }

export interface IamApi {
  getInstanceProfile(input: { InstanceProfileName: string }): Promise<{ InstanceProfile?: { InstanceProfileName?: string, Arn?: string, Roles?: IamRole[] } }>;
  getRole(input: { RoleName: string }): Promise<{ Role?: IamRole }>;
  /** Without a user name: the calling IAM user. */
  getUser(input: { UserName?: string }): Promise<{ User?: { UserName?: string, Arn?: string } }>;
  listInstanceProfilesForRole(input: { RoleName: string, Marker?: string, MaxItems?: number }): Promise<{ InstanceProfiles?: { InstanceProfileName?: string }[], IsTruncated?: boolean, Marker?: string }>;
  listAttachedRolePolicies(input: { RoleName: string, Marker?: string, MaxItems?: number }): Promise<{ AttachedPolicies?: { PolicyArn?: string, PolicyName?: string }[], IsTruncated?: boolean, Marker?: string }>;
  listRolePolicies(input: { RoleName: string, Marker?: string, MaxItems?: number }): Promise<{ PolicyNames?: string[], IsTruncated?: boolean, Marker?: string }>;
  getPolicy(input: { PolicyArn: string }): Promise<{ Policy?: { DefaultVersionId?: string } }>;
  getPolicyVersion(input: { PolicyArn: string, VersionId: string }): Promise<{ PolicyVersion?: { Document?: string } }>;
  getRolePolicy(input: { RoleName: string, PolicyName: string }): Promise<{ PolicyDocument?: string }>;
  simulatePrincipalPolicy(input: {
    PolicySourceArn: string, ActionNames: string[], ResourceArns?: string[], Marker?: string, MaxItems?: number,
    ContextEntries?: { ContextKeyName: string, ContextKeyValues: string[], ContextKeyType: 'string' }[]
  }): Promise<{
    EvaluationResults?: SimulationResult[],
    IsTruncated?: boolean,
    Marker?: string
  }>;
}

export interface AwsClients { ec2: Ec2Api, iam: IamApi }
