/**
 * The IAM facts of each instance profile: the profile, its role, the simulation (or, when it is
 * refused, the role's policy documents), the pass-role check; for a missing profile, a role of
 * that name. One chain per profile, started as soon as its name is known.
 */

import { IamApi } from './clients';
import { GatherOptions, attempt, combine } from './calls';
import { allIamPages } from './paging';
import { callerMayPassRole, simulateNeeds, simulatedNeeds } from './iam-simulation';
import {
  AwsError, CheckInputs, Fact, IamFacts, PermissionsFact, ProfileFacts, RoleInfo, failed, ok
} from '../domain/facts';
import { RolePolicies, parsePolicyDocument } from '../domain/iam-evaluator';
import { PolicyDocument } from '../domain/policies';

/** IAM's code is NoSuchEntity; the SDK names the error class NoSuchEntityException. */
function isNoSuchEntity(error: AwsError): boolean {
  return error.code === 'NoSuchEntity' || error.code === 'NoSuchEntityException';
}

/** Reads each instance profile once, as its name becomes known; `all` waits for every one started. */
export function profileReader(iam: IamApi, inputs: CheckInputs, options: GatherOptions) {
  const reads = new Map<string, Promise<ProfileFacts>>();

  const start = (name: string, asked: boolean): void => {
    if (!reads.has(name)) {
      const read = readInstanceProfile(iam, name, options)
        .then((profile) => completeIamFacts(iam, profile, name, inputs, asked, options))
        .then((facts) => ({
          name, asked, iam: facts
        }));

      // Cancelling can reject it while the EC2 round is still awaited: mark it handled, `all` rethrows.
      read.catch(() => undefined);
      reads.set(name, read);
    }
  };

  return { start, all: () => Promise.all(reads.values()) };
}

async function readInstanceProfile(iam: IamApi, name: string, options: GatherOptions): Promise<Fact<IamFacts['profile'] extends Fact<infer T> ? T : never>> {
  const fact = await attempt('GetInstanceProfile', options, () => iam.getInstanceProfile({ InstanceProfileName: name }));

  if (!fact.ok) {
    return isNoSuchEntity(fact.error) ? ok(null) : fact;
  }

  const profile = fact.value.InstanceProfile;

  return ok(profile ? {
    name: profile.InstanceProfileName || name, arn: profile.Arn, roles: (profile.Roles || []).map((r) => ({ RoleName: r.RoleName, Arn: r.Arn }))
  } : null);
}

async function completeIamFacts(iam: IamApi, profile: IamFacts['profile'], name: string, inputs: CheckInputs, asked: boolean, options: GatherOptions): Promise<IamFacts> {
  if (!profile.ok) {
    return { profile };
  }
  if (!profile.value) {
    return asked ? { profile, roleNamedLikeProfile: await roleNamed(iam, name, options) } : { profile };
  }

  const role = profile.value.roles[0];

  if (!role?.RoleName) {
    return { profile };
  }

  const roleName = role.RoleName;
  const needs = simulatedNeeds(inputs);
  const [roleFact, simulation, attached, inline, passRole] = await Promise.all([
    attempt('GetRole', options, () => iam.getRole({ RoleName: roleName })),
    role.Arn ? simulateNeeds(iam, role.Arn, needs, inputs.region, options) : Promise.resolve(failed<never>({
      operation: 'SimulatePrincipalPolicy', code: 'NoRoleArn', message: 'the profile does not give the role ARN'
    })),
    attempt('ListAttachedRolePolicies', options, () => allIamPages((Marker) => iam.listAttachedRolePolicies({ RoleName: roleName, Marker }), (page) => page.AttachedPolicies || [])),
    attempt('ListRolePolicies', options, () => allIamPages((Marker) => iam.listRolePolicies({ RoleName: roleName, Marker }), (page) => page.PolicyNames || [])),
    asked && inputs.checkPassRole && role.Arn ? callerMayPassRole(iam, role.Arn, options) : Promise.resolve(undefined),
  ]);

  const roleInfo: Fact<RoleInfo> = roleFact.ok ? ok({
    name:                   roleName,
    arn:                    roleFact.value.Role?.Arn,
    trustPolicy:            roleFact.value.Role?.AssumeRolePolicyDocument ? parsePolicyDocument(roleFact.value.Role.AssumeRolePolicyDocument) : undefined,
    permissionsBoundaryArn: roleFact.value.Role?.PermissionsBoundary?.PermissionsBoundaryArn,
  }) : roleFact;

  let permissions: Fact<PermissionsFact>;

  if (simulation.ok) {
    // The simulator cannot tell "allowed on specific resources" from "not allowed": the documents can.
    const scopedRefusal = needs.some((need) => !need.resources.includes('any') && simulation.value[need.action] === 'implicitDeny');
    const documents = scopedRefusal ? await readRolePolicies(iam, roleName, roleInfo, attached, inline, undefined, options) : undefined;
    const policies: RolePolicies | undefined = documents?.ok && documents.value.source === 'policies' ? documents.value.policies : undefined;

    permissions = ok({
      source: 'simulation', decisions: simulation.value, ...(policies ? { policies } : {})
    });
  } else {
    permissions = await readRolePolicies(iam, roleName, roleInfo, attached, inline, simulation.error, options);
  }

  return {
    profile, role: roleInfo, permissions, passRole
  };
}

async function readRolePolicies(
  iam: IamApi, roleName: string, role: Fact<RoleInfo>,
  attached: Fact<{ PolicyArn?: string }[]>, inline: Fact<string[]>, simulationError: AwsError | undefined, options: GatherOptions
): Promise<Fact<PermissionsFact>> {
  if (!role.ok) {
    return role;
  }
  if (!attached.ok) {
    return attached;
  }
  if (!inline.ok) {
    return inline;
  }

  const managedArns = attached.value.map((p) => p.PolicyArn).filter((arn): arn is string => !!arn);
  const boundaryArn = role.value.permissionsBoundaryArn;
  const [managed, inlineDocs, boundary] = await Promise.all([
    Promise.all(managedArns.map((arn) => readManagedPolicy(iam, arn, options))),
    Promise.all(inline.value.map((name) => attempt('GetRolePolicy', options, () => iam.getRolePolicy({ RoleName: roleName, PolicyName: name }).then((r) => parsePolicyDocument(r.PolicyDocument || '{}'))))),
    boundaryArn ? readManagedPolicy(iam, boundaryArn, options) : Promise.resolve(undefined),
  ]);
  const documents = combine([...managed, ...inlineDocs].map((fact) => (fact.ok ? ok([fact.value]) : fact)));

  if (!documents.ok) {
    return documents;
  }
  if (boundary && !boundary.ok) {
    return boundary;
  }

  return ok({
    source: 'policies', policies: { identityPolicies: documents.value, permissionsBoundary: boundary?.ok ? boundary.value : undefined }, simulationError
  });
}

async function readManagedPolicy(iam: IamApi, arn: string, options: GatherOptions): Promise<Fact<PolicyDocument>> {
  const policy = await attempt('GetPolicy', options, () => iam.getPolicy({ PolicyArn: arn }));

  if (!policy.ok) {
    return policy;
  }

  const versionId = policy.value.Policy?.DefaultVersionId || 'v1';
  const version = await attempt('GetPolicyVersion', options, () => iam.getPolicyVersion({ PolicyArn: arn, VersionId: versionId }));

  return version.ok ? ok(parsePolicyDocument(version.value.PolicyVersion?.Document || '{}')) : version;
}

async function roleNamed(iam: IamApi, name: string, options: GatherOptions): Promise<Fact<{ roleName: string, instanceProfiles: string[] } | null>> {
  const [role, profiles] = await Promise.all([
    attempt('GetRole', options, () => iam.getRole({ RoleName: name })),
    attempt('ListInstanceProfilesForRole', options, () => allIamPages((Marker) => iam.listInstanceProfilesForRole({ RoleName: name, Marker }), (page) => page.InstanceProfiles || [])),
  ]);

  if (!role.ok) {
    return isNoSuchEntity(role.error) ? ok(null) : role;
  }

  return ok({ roleName: name, instanceProfiles: profiles.ok ? profiles.value.map((p) => p.InstanceProfileName || '').filter(Boolean) : [] });
}
