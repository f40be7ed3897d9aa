/**
 * The IAM chain, per instance profile: its name, that it exists, its one role, the role's trust
 * of EC2, its permissions (checks/role-permissions.ts) and whether Rancher's credential may pass
 * it. Each link that cannot be read leaves the later ones `unknown` with the reason, so every
 * report lists every check.
 */
import { validateInstanceProfileName } from '../instance-profile-name';
import { ec2TrustPolicy } from '../policies';
import { trustsEc2 } from '../iam-evaluator';
import { IamFacts, ProfileFacts } from '../facts';
import {
  CheckId, Finding, UnknownReason, finding, rule, text, unknownBecause, unknownFrom
} from '../findings';
import { ProviderContext } from '../provider';
import { ProfileRoles, checkPermissions } from './role-permissions';

/** Rancher's machine config takes the profile name; an ARN or a path fails at launch (mirrors EC2 RunInstances' IamInstanceProfile.Name). */
export function checkProfileName(name: string): Finding {
  const verdict = validateInstanceProfileName(name, { required: true });

  return finding({
    id:       'instance-profile.name',
    status:   verdict.valid ? 'pass' : 'fail',
    resource: name,
    message:  verdict.valid ? text('check.profileName.valid') : text(`profileName.problem.${ verdict.problem }`, verdict.args),
    rule:     rule('profileName'),
    fix:      verdict.suggestion ? { text: text('profileName.useInstead', { name: verdict.suggestion }) } : undefined,
  });
}

/** The profile exists (mirrors EC2's "Invalid IAM Instance Profile name" at launch). */
export function checkProfileExists(name: string, iam: IamFacts): Finding {
  if (!iam.profile.ok) {
    return unknownFrom('instance-profile.exists', name, iam.profile.error, 'instanceProfileExists');
  }
  if (!iam.profile.value) {
    const asRole = iam.roleNamedLikeProfile;
    const roleHint = asRole?.ok && asRole.value;

    return finding({
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
    });
  }

  return finding({
    id: 'instance-profile.exists', status: 'pass', resource: name, message: text('check.profileExists.ok', { arn: iam.profile.value.arn || name }), rule: rule('instanceProfileExists')
  });
}

/** An instance profile holds exactly one role, whose permissions the node gets (IAM's limit of one role per profile). */
export function checkProfileRole(name: string, roleNames: string[]): Finding {
  if (roleNames.length !== 1) {
    return finding({
      id:       'instance-profile.role',
      status:   'fail',
      resource: name,
      message:  text('check.profileRole.none'),
      rule:     rule('instanceProfileRole'),
      fix:      { text: text('fix.addRole'), command: `aws iam add-role-to-instance-profile --instance-profile-name ${ name } --role-name ROLE_NAME` },
    });
  }

  return finding({
    id: 'instance-profile.role', status: 'pass', resource: name, message: text('check.profileRole.ok', { role: roleNames[0] }), rule: rule('instanceProfileRole')
  });
}

/** EC2 must be allowed to assume the role (sts:AssumeRole for ec2.amazonaws.com), or instances get no credentials. */
export function checkRoleTrust(roleName: string, role: IamFacts['role']): Finding {
  if (!role || !role.ok) {
    return role ? unknownFrom('instance-profile.trust', roleName, role.error, 'roleTrust') : unknownBecause('instance-profile.trust', roleName, 'roleUnreadable', 'roleTrust');
  }

  const trust = role.value.trustPolicy ? trustsEc2(role.value.trustPolicy) : 'no';

  return finding({
    id:       'instance-profile.trust',
    status:   trust === 'yes' ? 'pass' : trust === 'conditional' ? 'unknown' : 'fail',
    resource: roleName,
    message:  text(`check.roleTrust.${ trust }`),
    rule:     rule('roleTrust'),
    fix:      trust === 'yes' ? undefined : { text: text('fix.trust'), command: `aws iam update-assume-role-policy --role-name ${ roleName } --policy-document '${ JSON.stringify(ec2TrustPolicy()) }'` },
  });
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
    return finding({
      ...base, status: 'pass', message: text('check.passRole.ok', { caller: callerArn })
    });
  }
  if (decision === 'unknown') {
    return finding({
      ...base, status: 'unknown', message: text('check.passRole.conditional', { caller: callerArn })
    });
  }

  return finding({
    ...base, status: 'fail', message: text('check.passRole.denied', { caller: callerArn }), fix: { text: text('fix.passRole', { caller: callerArn }) }
  });
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
