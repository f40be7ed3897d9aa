/**
 * A local IAM evaluator for what the cloud provider needs: identity actions on the resources the
 * provider acts on (`*` for Describe calls, sample ARNs such as `arn:aws:ec2:<region>:<account>:security-group/*`
 * for the others). Explicit Deny wins; without a matching Allow the action is denied;
 * Action/NotAction and Resource/NotResource match with IAM's `*` and `?` wildcards, action names
 * case-insensitively. An Allow or Deny that depends on a Condition cannot be decided without the
 * request context, so it makes the action `unknown`. A permissions boundary must allow the action too.
 * An action allowed only on specific resources (or denied on some) is `limited`: a least-privilege
 * grant, not a missing one.
 */

import { PolicyDocument, PolicyStatement } from './policies';

export type ActionDecision = 'allowed' | 'limited' | 'explicitDeny' | 'implicitDeny' | 'unknown';

export interface RolePolicies {
  /** The role's managed policies (their default versions) and inline policies. */
  identityPolicies: PolicyDocument[];
  /** The role's permissions boundary, when it has one. */
  permissionsBoundary?: PolicyDocument;
}

/** IAM returns policy documents URL-encoded; some tools give them as plain JSON. */
export function parsePolicyDocument(text: string): PolicyDocument {
  const trimmed = text.trim();
  const json = trimmed.startsWith('{') ? trimmed : decodeURIComponent(trimmed.replace(/\+/g, '%20'));

  return JSON.parse(json) as PolicyDocument;
}

function asList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) {
    return [];
  }

  return Array.isArray(value) ? value : [value];
}

/** IAM's wildcard match: `*` any run of characters, `?` one character. */
export function wildcardMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');

  return new RegExp(`^${ escaped }$`, ignoreCase ? 'is' : 's').test(value);
}

function statementsOf(policy: PolicyDocument): PolicyStatement[] {
  return asList(policy.Statement as PolicyStatement | PolicyStatement[]);
}

function coversAction(statement: PolicyStatement, action: string): boolean {
  if (statement.Action !== undefined) {
    return asList(statement.Action).some((pattern) => wildcardMatch(pattern, action, true));
  }
  if (statement.NotAction !== undefined) {
    return !asList(statement.NotAction).some((pattern) => wildcardMatch(pattern, action, true));
  }

  return false;
}

/**
 * Whether a statement applies to the requested resource: a Resource pattern matches it or no
 * NotResource pattern does. A sample ARN ending in `/*` stands for every resource of its kind, and
 * `*` (Describe calls) is matched literally, as the policy simulator does.
 */
function appliesTo(statement: PolicyStatement, resource: string): boolean {
  if (statement.Resource !== undefined) {
    return asList(statement.Resource).some((pattern) => wildcardMatch(pattern, resource, false));
  }
  if (statement.NotResource !== undefined) {
    return !asList(statement.NotResource).some((pattern) => wildcardMatch(pattern, resource, false));
  }

  return false;
}

function hasCondition(statement: PolicyStatement): boolean {
  return !!statement.Condition && Object.keys(statement.Condition).length > 0;
}

/** The decision of one set of policies on its own, for one resource. */
function decideWithin(policies: PolicyDocument[], action: string, resource: string): ActionDecision {
  let allowed = false;
  let conditionalAllow = false;
  let conditionalDeny = false;

  for (const statement of policies.flatMap(statementsOf)) {
    if (!coversAction(statement, action) || !appliesTo(statement, resource)) {
      continue;
    }

    const conditional = hasCondition(statement);

    if (statement.Effect === 'Deny') {
      if (!conditional) {
        return 'explicitDeny';
      }
      conditionalDeny = true;
    } else if (conditional) {
      conditionalAllow = true;
    } else {
      allowed = true;
    }
  }

  if (!allowed && !conditionalAllow) {
    return 'implicitDeny';
  }

  return allowed && !conditionalDeny ? 'allowed' : 'unknown';
}

function decideFor(policies: RolePolicies, action: string, resource: string): ActionDecision {
  const identity = decideWithin(policies.identityPolicies, action, resource);
  const boundary = policies.permissionsBoundary ? decideWithin([policies.permissionsBoundary], action, resource) : 'allowed';

  if (identity === 'explicitDeny' || boundary === 'explicitDeny') {
    return 'explicitDeny';
  }
  if (identity === 'implicitDeny' || boundary === 'implicitDeny') {
    return 'implicitDeny';
  }
  if (identity === 'unknown' || boundary === 'unknown') {
    return 'unknown';
  }

  return 'allowed';
}

/** Whether some statement of `effect` names the action, whatever its resources and conditions. */
function namesAction(policies: PolicyDocument[], action: string, effect: 'Allow' | 'Deny'): boolean {
  return policies.flatMap(statementsOf).some((statement) => statement.Effect === effect && coversAction(statement, action));
}

/**
 * The decision for `action` on every resource in `resources` (default `*`): allowed only when
 * allowed on each; an explicit Deny on any of them wins. For an action with resource-level
 * permissions (sample ARNs, not `*`), an Allow that names the action but not these resources —
 * in the identity policies and the boundary alike — or a Deny on some other resources makes it
 * `limited`. Describe calls (`*`) have no resource-level permissions: a grant on ARNs does not
 * count, a Deny on ARNs does not apply.
 */
export function evaluateAction(policies: RolePolicies, action: string, resources: readonly string[] = ['*']): ActionDecision {
  const decisions = resources.map((resource) => decideFor(policies, action, resource));
  const scoped = !(resources.length === 1 && resources[0] === '*');
  const namedBy = (effect: 'Allow' | 'Deny') => namesAction(policies.identityPolicies, action, effect) &&
    (effect === 'Deny' || !policies.permissionsBoundary || namesAction([policies.permissionsBoundary], action, 'Allow'));

  if (decisions.includes('explicitDeny')) {
    return 'explicitDeny';
  }
  if (decisions.includes('implicitDeny')) {
    return scoped && namedBy('Allow') ? 'limited' : 'implicitDeny';
  }
  if (decisions.includes('unknown')) {
    return 'unknown';
  }

  return scoped && namedBy('Deny') ? 'limited' : 'allowed';
}

export function evaluateActions(policies: RolePolicies, actions: readonly string[], resourcesOf: (action: string) => readonly string[] = () => ['*']): Record<string, ActionDecision> {
  return Object.fromEntries(actions.map((action) => [action, evaluateAction(policies, action, resourcesOf(action))]));
}

/** Whether a trust policy lets EC2 (ec2.amazonaws.com) assume the role without conditions. */
export function trustsEc2(trustPolicy: PolicyDocument): 'yes' | 'no' | 'conditional' {
  let conditional = false;

  for (const statement of statementsOf(trustPolicy)) {
    const services = asList((statement.Principal as { Service?: string | string[] } | undefined)?.Service);
    const principalIsEc2 = statement.Principal === '*' || services.some((service) => service === 'ec2.amazonaws.com' || service === 'ec2.amazonaws.com.cn');
    const assumes = asList(statement.Action).some((pattern) => wildcardMatch(pattern, 'sts:AssumeRole', true));

    if (!principalIsEc2 || !assumes) {
      continue;
    }
    if (statement.Effect === 'Deny' && !hasCondition(statement)) {
      return 'no';
    }
    if (statement.Effect === 'Allow') {
      if (hasCondition(statement)) {
        conditional = true;
      } else {
        return 'yes';
      }
    }
  }

  return conditional ? 'conditional' : 'no';
}
