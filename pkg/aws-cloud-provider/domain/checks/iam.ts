/**
 * The IAM chain, per instance profile: its name, that it exists, its one role, the role's trust
 * of EC2, its permissions (required and optional tiers, on the resources the provider acts on)
 * and whether Rancher's credential may pass it. Each link that cannot be read leaves the later
 * ones `unknown` with the reason, so every report lists every check.
 */
import { validateInstanceProfileName } from '../instance-profile-name';
import { ec2TrustPolicy } from '../policies';
import { ActionDecision, evaluateAction, trustsEc2 } from '../iam-evaluator';
import {
  ActionNeed, ArnScope, PermissionPurpose, actionNeeds, actionsEveryNodeNeeds, sampleArnsFor, scopeOfRoleArn
} from '../permissions';
import { KubeVersion } from '../kubernetes-version';
import { NodeRole } from '../roles';
import { AwsError, IamFacts, PermissionsFact, ProfileFacts } from '../facts';
import {
  CheckId, Finding, UnknownReason, rule, text, unknownBecause, unknownFrom
} from '../findings';
import { ProviderContext } from '../provider';

/** The roles a profile's nodes carry, and whether they are known or assumed (a profile found on instances). */
export interface ProfileRoles { roles: NodeRole[], assumed: boolean }

/** Rancher's machine config takes the profile name; an ARN or a path fails at launch (mirrors EC2 RunInstances' IamInstanceProfile.Name). */
export function checkProfileName(name: string): Finding {
  const verdict = validateInstanceProfileName(name, { required: true });

  return {
    id:       'instance-profile.name',
    status:   verdict.valid ? 'pass' : 'fail',
    resource: name,
    message:  verdict.valid ? text('check.profileName.valid') : text(`profileName.problem.${ verdict.problem }`, verdict.args),
    rule:     rule('profileName'),
    fix:      verdict.suggestion ? { text: text('profileName.useInstead', { name: verdict.suggestion }) } : undefined,
  };
}

/** The profile exists (mirrors EC2's "Invalid IAM Instance Profile name" at launch). */
export function checkProfileExists(name: string, iam: IamFacts): Finding {
  if (!iam.profile.ok) {
    return unknownFrom('instance-profile.exists', name, iam.profile.error, 'instanceProfileExists');
  }
  if (!iam.profile.value) {
    const asRole = iam.roleNamedLikeProfile;
    const roleHint = asRole?.ok && asRole.value;

    return {
      id:       'instance-profile.exists',
      status:   'fail',
      resource: name,
      message:  roleHint ? text('check.profileExists.isRoleName', { name, profiles: asRole.value?.instanceProfiles.join(', ') || '-' }) : text('check.profileExists.missing', { name }),
      rule:     rule('instanceProfileExists'),
      // A role of that name without a profile: create the profile the console would have, holding it.
      fix:      {
        text:    text('fix.createProfile'),
        command: roleHint ? `aws iam create-instance-profile --instance-profile-name ${ name } && aws iam add-role-to-instance-profile --instance-profile-name ${ name } --role-name ${ name }` : `aws iam create-instance-profile --instance-profile-name ${ name }`,
      },
    };
  }

  return {
    id: 'instance-profile.exists', status: 'pass', resource: name, message: text('check.profileExists.ok', { arn: iam.profile.value.arn || name }), rule: rule('instanceProfileExists')
  };
}

/** An instance profile holds exactly one role, whose permissions the node gets (IAM's limit of one role per profile). */
export function checkProfileRole(name: string, roleNames: string[]): Finding {
  if (roleNames.length !== 1) {
    return {
      id:       'instance-profile.role',
      status:   'fail',
      resource: name,
      message:  text('check.profileRole.none'),
      rule:     rule('instanceProfileRole'),
      fix:      { text: text('fix.addRole'), command: `aws iam add-role-to-instance-profile --instance-profile-name ${ name } --role-name ROLE_NAME` },
    };
  }

  return {
    id: 'instance-profile.role', status: 'pass', resource: name, message: text('check.profileRole.ok', { role: roleNames[0] }), rule: rule('instanceProfileRole')
  };
}

/** EC2 must be allowed to assume the role (sts:AssumeRole for ec2.amazonaws.com), or instances get no credentials. */
export function checkRoleTrust(roleName: string, role: IamFacts['role']): Finding {
  if (!role || !role.ok) {
    return role ? unknownFrom('instance-profile.trust', roleName, role.error, 'roleTrust') : unknownBecause('instance-profile.trust', roleName, 'roleUnreadable', 'roleTrust');
  }

  const trust = role.value.trustPolicy ? trustsEc2(role.value.trustPolicy) : 'no';

  return {
    id:       'instance-profile.trust',
    status:   trust === 'yes' ? 'pass' : trust === 'conditional' ? 'unknown' : 'fail',
    resource: roleName,
    message:  text(`check.roleTrust.${ trust }`),
    rule:     rule('roleTrust'),
    fix:      trust === 'yes' ? undefined : { text: text('fix.trust'), command: `aws iam update-assume-role-policy --role-name ${ roleName } --policy-document '${ JSON.stringify(ec2TrustPolicy()) }'` },
  };
}

/** The decision for each needed action, from AWS's simulation or the role's own documents. */
export function permissionDecisions(permissions: PermissionsFact, needs: readonly ActionNeed[], scope: ArnScope): Record<string, ActionDecision> {
  const decisions: Record<string, ActionDecision> = {};

  for (const need of needs) {
    const samples = sampleArnsFor(need, scope);

    if (permissions.source === 'policies') {
      decisions[need.action] = evaluateAction(permissions.policies, need.action, samples);
      continue;
    }

    const simulated = permissions.decisions[need.action] || 'unknown';

    // The simulator cannot say "allowed on specific resources only": the documents can.
    decisions[need.action] = simulated === 'implicitDeny' && permissions.policies && !need.resources.includes('any') && evaluateAction(permissions.policies, need.action, samples) === 'limited' ? 'limited' : simulated;
  }

  return decisions;
}

const isMissing = (decision: ActionDecision | undefined) => decision === 'implicitDeny' || decision === 'explicitDeny';

/** At most this many missing actions are named in the message itself; more only in the details. */
export const ACTIONS_NAMED_MAX = 5;

/** The missing actions as the message names them, when they are few enough (the report line stays readable); undefined otherwise. */
export function actionsNamedInMessage(actions: readonly string[]): string | undefined {
  return actions.length && actions.length <= ACTIONS_NAMED_MAX ? actions.join(', ') : undefined;
}

/**
 * The missing actions that every node calls on this version, whatever its roles (mirrors
 * buildSelfAWSInstance → getInstanceByID, aws.go of the in-tree provider: every kubelet describes its
 * own instance at start-up before 1.27; out-of-tree only the controller's host calls anything).
 */
export function missingOnEveryNode(missing: readonly string[], version: KubeVersion): string[] {
  const everyNode = new Set(actionsEveryNodeNeeds(version).map((action) => action.toLowerCase()));

  return missing.filter((action) => everyNode.has(action.toLowerCase()));
}

/** The verdict on missing required actions, by what is known of the profile's nodes. */
function missingFinding(missing: string[], total: number, profileRoles: ProfileRoles, version: KubeVersion, via: string): Pick<Finding, 'status' | 'message'> & { fixed: boolean } {
  const named = actionsNamedInMessage(missing);

  if (profileRoles.assumed) {
    const everyNode = missingOnEveryNode(missing, version);

    // Whatever the nodes' roles, these calls fail on each of them.
    if (everyNode.length) {
      return {
        status: 'fail', message: text('check.permissions.missingEveryNode', { actions: everyNode.join(', '), via }), fixed: true
      };
    }

    // A profile found on instances whose roles are not known may not need the controller's actions.
    return {
      status:  'unknown',
      message: named ? text('check.permissions.missingIfControlPlaneNamed', { actions: named, via }) : text('check.permissions.missingIfControlPlane', { count: missing.length, via }),
      fixed:   false,
    };
  }

  return {
    status:  'fail',
    message: named ? text('check.permissions.missingNamed', { actions: named, via }) : text('check.permissions.missing', {
      count: missing.length, total, via
    }),
    fixed: true,
  };
}

/**
 * The role's permissions in two tiers (mirrors the calls of cloud-provider-aws pkg/providers/v1 for
 * the version; see actionNeeds): a missing required action fails, a missing optional one warns
 * naming what it serves; an action allowed only on specific resources passes with a note.
 */
export function checkPermissions(roleName: string, roleArn: string | undefined, profileRoles: ProfileRoles, permissions: IamFacts['permissions'], context: ProviderContext, region?: string): Finding[] {
  const base = { resource: roleName, rule: rule('rolePermissions') };

  if (!permissions || !permissions.ok) {
    const ids: CheckId[] = ['instance-profile.permissions', 'instance-profile.optional-permissions'];

    return ids.map((id) => (permissions && !permissions.ok ? unknownFrom(id, roleName, permissions.error as AwsError, 'rolePermissions') : unknownBecause(id, roleName, 'roleUnreadable', 'rolePermissions')));
  }

  const needs = actionNeeds(profileRoles.roles, context.version);
  const decisions = permissionDecisions(permissions.value, needs, scopeOfRoleArn(roleArn, region));
  const via = permissions.value.source;
  const required = needs.filter((need) => need.tier === 'required');
  const optional = needs.filter((need) => need.tier === 'optional');
  const missing = required.filter((need) => isMissing(decisions[need.action])).map((need) => need.action);
  const undecided = required.filter((need) => decisions[need.action] === 'unknown').map((need) => need.action);
  const limited = required.filter((need) => decisions[need.action] === 'limited').map((need) => need.action);
  const fix = {
    text:    text('fix.permissions'),
    command: `aws iam put-role-policy --role-name ${ roleName } --policy-name kubernetes-cloud-provider --policy-document file://policy.json`
  };
  const findings: Finding[] = [];

  if (missing.length) {
    const { status, message, fixed } = missingFinding(missing, required.length, profileRoles, context.version, via);

    findings.push({
      ...base, id: 'instance-profile.permissions', status, message, ...(fixed ? { fix } : {}), details: missing
    });
  } else if (undecided.length) {
    findings.push({
      ...base, id: 'instance-profile.permissions', status: 'unknown', message: text('check.permissions.conditional', { count: undecided.length, via }), details: undecided
    });
  } else if (limited.length) {
    findings.push({
      ...base,
      id:      'instance-profile.permissions',
      status:  'pass',
      message: text('check.permissions.okLimited', {
        count: required.length, limited: limited.length, via
      }),
      details: limited
    });
  } else {
    findings.push({
      ...base, id: 'instance-profile.permissions', status: 'pass', message: text(required.length ? 'check.permissions.ok' : 'check.permissions.noneRequired', { count: required.length, via })
    });
  }

  const optionalMissing = new Map<PermissionPurpose, string[]>();

  for (const need of optional) {
    if (decisions[need.action] !== 'allowed' && decisions[need.action] !== 'limited') {
      optionalMissing.set(need.purpose, [...(optionalMissing.get(need.purpose) || []), need.action]);
    }
  }
  for (const [purpose, actions] of optionalMissing) {
    findings.push({
      ...base, id: 'instance-profile.optional-permissions', status: 'warn', message: text(`check.permissions.optional.${ purpose }`, { count: actions.length }), details: actions
    });
  }
  if (!optionalMissing.size) {
    findings.push({
      ...base, id: 'instance-profile.optional-permissions', status: 'pass', message: text('check.permissions.optionalOk', { count: optional.length })
    });
  }

  return findings;
}

/** EC2 launches an instance with a profile only if the launching credential may pass its role (iam:PassRole). */
export function checkPassRole(roleName: string, passRole: NonNullable<IamFacts['passRole']>): Finding {
  if (!passRole.ok) {
    return unknownFrom('instance-profile.pass-role', roleName, passRole.error, 'passRole');
  }

  const { callerArn, decision } = passRole.value;
  const base = {
    id: 'instance-profile.pass-role' as const, resource: roleName, rule: rule('passRole')
  };

  if (decision === 'allowed' || decision === 'limited') {
    return {
      ...base, status: 'pass', message: text('check.passRole.ok', { caller: callerArn })
    };
  }
  if (decision === 'unknown') {
    return {
      ...base, status: 'unknown', message: text('check.passRole.conditional', { caller: callerArn })
    };
  }

  return {
    ...base, status: 'fail', message: text('check.passRole.denied', { caller: callerArn }), fix: { text: text('fix.passRole', { caller: callerArn }) }
  };
}

/** The checks after "exists", all `unknown` for `reason`: the report still lists them. */
function unknownRest(resource: string, reason: UnknownReason, passRole: boolean): Finding[] {
  const ids: [CheckId, string][] = [
    ['instance-profile.role', 'instanceProfileRole'], ['instance-profile.trust', 'roleTrust'],
    ['instance-profile.permissions', 'rolePermissions'], ['instance-profile.optional-permissions', 'rolePermissions'],
    ...(passRole ? [['instance-profile.pass-role', 'passRole'] as [CheckId, string]] : []),
  ];

  return ids.map(([id, ruleName]) => unknownBecause(id, resource, reason, ruleName));
}

/** Every check of one profile, in chain order; a link that cannot be read makes the rest `unknown`. */
export function checkProfile(profile: ProfileFacts, profileRoles: ProfileRoles, context: ProviderContext, options: { region?: string, passRole?: boolean } = {}): Finding[] {
  const { name, iam } = profile;
  const passRole = !!options.passRole;
  const findings: Finding[] = [];

  if (profile.asked) {
    findings.push(checkProfileName(name));
    if (findings[0].status === 'fail') {
      return [...findings, unknownBecause('instance-profile.exists', name, 'profileNameInvalid', 'instanceProfileExists'), ...unknownRest(name, 'profileNameInvalid', passRole)];
    }
  }

  const exists = checkProfileExists(name, iam);

  findings.push(exists);
  if (exists.status !== 'pass' || !iam.profile.ok || !iam.profile.value) {
    return [...findings, ...unknownRest(name, exists.status === 'unknown' ? 'profileUnreadable' : 'profileMissing', passRole)];
  }

  const roleNames = iam.profile.value.roles.map((role) => role.RoleName || '?');
  const roleCheck = checkProfileRole(name, roleNames);

  findings.push(roleCheck);
  if (roleCheck.status !== 'pass') {
    return [...findings, ...unknownRest(name, 'noRole', passRole).slice(1)];
  }

  const roleName = roleNames[0];
  const roleArn = iam.profile.value.roles[0].Arn;

  findings.push(checkRoleTrust(roleName, iam.role));
  findings.push(...checkPermissions(roleName, roleArn, profileRoles, iam.permissions, context, options.region));
  if (passRole) {
    findings.push(iam.passRole ? checkPassRole(roleName, iam.passRole) : unknownBecause('instance-profile.pass-role', roleName, 'roleUnreadable', 'passRole'));
  }

  return findings;
}
