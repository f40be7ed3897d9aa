/**
 * The role's permissions, in the two tiers of actionNeeds (permissions.ts): each needed action
 * decided from AWS's simulation or the role's own documents, on the resources the provider acts
 * on; a missing required action fails (or is `unknown` when the nodes' roles are only assumed),
 * a missing optional one warns naming what it serves.
 */
import { ActionDecision, evaluateAction } from '../iam-evaluator';
import {
  ActionNeed, ArnScope, PermissionPurpose, actionNeeds, actionsEveryNodeNeeds, sampleArnsFor, scopeOfRoleArn
} from '../permissions';
import { KubeVersion } from '../kubernetes-version';
import { NodeRole } from '../roles';
import { AwsError, IamFacts, PermissionsFact } from '../facts';
import {
  CheckId, Finding, finding, rule, text, unknownBecause, unknownFrom
} from '../findings';
import { ProviderContext } from '../provider';

/** The roles a profile's nodes carry, and whether they are known or assumed (a profile found on instances). */
export interface ProfileRoles { roles: NodeRole[], assumed: boolean }

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

    findings.push(finding({
      ...base, id: 'instance-profile.permissions', status, message, ...(fixed ? { fix } : {}), details: missing
    }));
  } else if (undecided.length) {
    findings.push(finding({
      ...base, id: 'instance-profile.permissions', status: 'unknown', message: text('check.permissions.conditional', { count: undecided.length, via }), details: undecided
    }));
  } else if (limited.length) {
    findings.push(finding({
      ...base,
      id:      'instance-profile.permissions',
      status:  'pass',
      message: text('check.permissions.okLimited', {
        count: required.length, limited: limited.length, via
      }),
      details: limited
    }));
  } else {
    findings.push(finding({
      ...base, id: 'instance-profile.permissions', status: 'pass', message: text(required.length ? 'check.permissions.ok' : 'check.permissions.noneRequired', { count: required.length, via })
    }));
  }

  const optionalMissing = new Map<PermissionPurpose, string[]>();

  for (const need of optional) {
    if (decisions[need.action] !== 'allowed' && decisions[need.action] !== 'limited') {
      optionalMissing.set(need.purpose, [...(optionalMissing.get(need.purpose) || []), need.action]);
    }
  }
  for (const [purpose, actions] of optionalMissing) {
    findings.push(finding({
      ...base, id: 'instance-profile.optional-permissions', status: 'warn', message: text(`check.permissions.optional.${ purpose }`, { count: actions.length }), details: actions
    }));
  }
  if (!optionalMissing.size) {
    findings.push(finding({
      ...base, id: 'instance-profile.optional-permissions', status: 'pass', message: text('check.permissions.optionalOk', { count: optional.length })
    }));
  }

  return findings;
}
