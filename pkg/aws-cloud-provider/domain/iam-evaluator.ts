/**
 * A local IAM evaluator for what the cloud provider needs: identity actions on resource "*".
 * Explicit Deny wins; without a matching Allow the action is denied; Action/NotAction and
 * Resource/NotResource match with IAM's `*` and `?` wildcards, action names case-insensitively.
 * An Allow or Deny that depends on a Condition cannot be decided without the request context,
 * so it makes the action `unknown` rather than allowed or denied. A permissions boundary must
 * allow the action too.
 */

import { PolicyDocument, PolicyStatement } from './policies';

export type ActionDecision = 'allowed' | 'explicitDeny' | 'implicitDeny' | 'unknown';

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
 * The request's resource is "*" (Describe calls have no resource-level permissions), so a
 * statement applies when a Resource pattern matches "*" or no NotResource pattern does.
 */
function appliesToAnyResource(statement: PolicyStatement): boolean {
  if (statement.Resource !== undefined) {
    return asList(statement.Resource).some((pattern) => wildcardMatch(pattern, '*', false));
  }
  if (statement.NotResource !== undefined) {
    return !asList(statement.NotResource).some((pattern) => wildcardMatch(pattern, '*', false));
  }

  return false;
}

function hasCondition(statement: PolicyStatement): boolean {
  return !!statement.Condition && Object.keys(statement.Condition).length > 0;
}

/** The decision of one set of policies on its own. */
function decideWithin(policies: PolicyDocument[], action: string): ActionDecision {
  let allowed = false;
  let conditionalAllow = false;
  let conditionalDeny = false;

  for (const statement of policies.flatMap(statementsOf)) {
    if (!coversAction(statement, action) || !appliesToAnyResource(statement)) {
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

export function evaluateAction(policies: RolePolicies, action: string): ActionDecision {
  const identity = decideWithin(policies.identityPolicies, action);
  const boundary = policies.permissionsBoundary ? decideWithin([policies.permissionsBoundary], action) : 'allowed';

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

export function evaluateActions(policies: RolePolicies, actions: readonly string[]): Record<string, ActionDecision> {
  return Object.fromEntries(actions.map((action) => [action, evaluateAction(policies, action)]));
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
