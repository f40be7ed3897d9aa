/**
 * IAM: instance profiles, roles, their attached and inline policies, policy versions, the
 * calling user, and SimulatePrincipalPolicy answered from the scenario (per resource, with
 * context conditions), as the IAM Query API gives them.
 */

import { Scenario, SimulationAnswer, SimulationDecision } from './scenario';
import {
  AwsFault, el, escapeXml, iamPage, iamResponse, memberList, members, raw, wildcardPattern
} from './query-protocol';

function encodedDocument(document: unknown): string {
  return encodeURIComponent(JSON.stringify(document));
}

function roleXml(name: string, scenario: Scenario, withTrust: boolean): string {
  const account = scenario.account || '123456789012';
  const role = (scenario.roles || []).find((r) => r.RoleName === name);

  if (!role) {
    throw new AwsFault('NoSuchEntity', `The role with name ${ name } cannot be found.`, 404);
  }

  return el('Path', '/') + el('RoleName', role.RoleName) + el('RoleId', `AROA${ role.RoleName.toUpperCase().replace(/[^A-Z0-9]/g, '') }`) +
    el('Arn', `arn:aws:iam::${ account }:role/${ role.RoleName }`) + el('CreateDate', '2024-01-01T00:00:00Z') +
    (withTrust ? el('AssumeRolePolicyDocument', encodedDocument(role.AssumeRolePolicyDocument)) : '') +
    (role.PermissionsBoundary ? raw('PermissionsBoundary', el('PermissionsBoundaryType', 'Policy') + el('PermissionsBoundaryArn', role.PermissionsBoundary)) : '');
}

function profileXml(profile: { InstanceProfileName: string, Roles: string[], Path?: string }, scenario: Scenario): string {
  const account = scenario.account || '123456789012';

  return el('Path', profile.Path || '/') + el('InstanceProfileName', profile.InstanceProfileName) + el('InstanceProfileId', `AIPA${ profile.InstanceProfileName.toUpperCase().replace(/[^A-Z0-9]/g, '') }`) +
    el('Arn', `arn:aws:iam::${ account }:instance-profile${ profile.Path || '/' }${ profile.InstanceProfileName }`) + el('CreateDate', '2024-01-01T00:00:00Z') +
    members('Roles', profile.Roles, (name: string) => roleXml(name, scenario, true));
}

function findRole(scenario: Scenario, name: string) {
  const role = (scenario.roles || []).find((r) => r.RoleName === name);

  if (!role) {
    throw new AwsFault('NoSuchEntity', `The role with name ${ name } cannot be found.`, 404);
  }

  return role;
}

function findPolicy(scenario: Scenario, arn: string) {
  const policy = (scenario.policies || []).find((p) => p.Arn === arn);

  if (!policy) {
    throw new AwsFault('NoSuchEntity', `Policy ${ arn } does not exist or is not attachable.`, 404);
  }

  return policy;
}

export function handleIam(action: string, params: Record<string, string>, scenario: Scenario): string {
  switch (action) {
  case 'GetInstanceProfile': {
    const profile = (scenario.instanceProfiles || []).find((p) => p.InstanceProfileName === params.InstanceProfileName);

    if (!profile) {
      throw new AwsFault('NoSuchEntity', `Instance Profile ${ params.InstanceProfileName } cannot be found.`, 404);
    }

    return iamResponse(action, raw('InstanceProfile', profileXml(profile, scenario)));
  }
  case 'GetRole':
    return iamResponse(action, raw('Role', roleXml(params.RoleName, scenario, true)));
  case 'GetUser': {
    if (!scenario.caller) {
      throw new AwsFault('ValidationError', 'Must specify userName when calling with non-User credentials', 400);
    }

    return iamResponse(action, raw('User', el('Path', '/') + el('UserName', scenario.caller) + el('UserId', 'AIDAEXAMPLE') +
      el('Arn', `arn:aws:iam::${ scenario.account || '123456789012' }:user/${ scenario.caller }`) + el('CreateDate', '2024-01-01T00:00:00Z')));
  }
  case 'ListInstanceProfilesForRole': {
    findRole(scenario, params.RoleName);
    const { page, truncated } = iamPage((scenario.instanceProfiles || []).filter((p) => p.Roles.includes(params.RoleName)), params);

    return iamResponse(action, members('InstanceProfiles', page, (p) => profileXml(p, scenario)) + truncated);
  }
  case 'ListAttachedRolePolicies': {
    const { page, truncated } = iamPage(findRole(scenario, params.RoleName).AttachedPolicies || [], params);

    return iamResponse(action, members('AttachedPolicies', page, (arn: string) => el('PolicyName', arn.split('/').pop()) + el('PolicyArn', arn)) + truncated);
  }
  case 'ListRolePolicies': {
    const { page, truncated } = iamPage(Object.keys(findRole(scenario, params.RoleName).InlinePolicies || {}), params);

    return iamResponse(action, members('PolicyNames', page, (name: string) => escapeXml(name)) + truncated);
  }
  case 'GetRolePolicy': {
    const document = (findRole(scenario, params.RoleName).InlinePolicies || {})[params.PolicyName];

    if (!document) {
      throw new AwsFault('NoSuchEntity', `The role policy with name ${ params.PolicyName } cannot be found.`, 404);
    }

    return iamResponse(action, el('RoleName', params.RoleName) + el('PolicyName', params.PolicyName) + el('PolicyDocument', encodedDocument(document)));
  }
  case 'GetPolicy': {
    const policy = findPolicy(scenario, params.PolicyArn);

    return iamResponse(action, raw('Policy', el('PolicyName', policy.Arn.split('/').pop()) + el('Arn', policy.Arn) + el('DefaultVersionId', policy.DefaultVersionId || 'v1') + el('AttachmentCount', 1) + el('IsAttachable', true)));
  }
  case 'GetPolicyVersion': {
    const policy = findPolicy(scenario, params.PolicyArn);

    if ((policy.DefaultVersionId || 'v1') !== params.VersionId) {
      throw new AwsFault('NoSuchEntity', `Policy ${ params.PolicyArn } version ${ params.VersionId } does not exist.`, 404);
    }

    return iamResponse(action, raw('PolicyVersion', el('Document', encodedDocument(policy.Document)) + el('VersionId', params.VersionId) + el('IsDefaultVersion', true)));
  }
  case 'SimulatePrincipalPolicy': {
    const caller = params.PolicySourceArn.includes(':user/');
    const simulation = scenario.simulation;
    const callerSimulation = scenario.callerSimulation;

    if (caller ? !callerSimulation : !simulation) {
      throw new AwsFault('AccessDenied', `User is not authorized to perform: iam:SimulatePrincipalPolicy on resource: ${ params.PolicySourceArn }`, 403);
    }
    const answerFor = (name: string, resource: string): SimulationAnswer | undefined => {
      if (caller) {
        return callerSimulation?.[name];
      }
      const perResource = simulation?.resourceDecisions?.[name];

      if (perResource) {
        return Object.entries(perResource).find(([pattern]) => wildcardPattern(pattern).test(resource))?.[1];
      }

      return simulation?.decisions?.[name] || simulation?.default;
    };
    const resources = memberList(params, 'ResourceArns');
    const context = contextEntries(params);
    const { page, truncated } = iamPage(memberList(params, 'ActionNames'), params);

    return iamResponse(action, members('EvaluationResults', page, (name: string) => evaluationResultXml(name, resources, (resource) => evaluate(answerFor(name, resource), context))) + truncated);
  }
  default:
    throw new AwsFault('InvalidAction', `Could not find operation ${ action } for version 2010-05-08`, 400);
  }
}

/** SimulatePrincipalPolicy's `ContextEntries.member.N.ContextKeyName` / `.ContextKeyValues.member.M` → { lower-cased key: values } (condition key names are case-insensitive). */
function contextEntries(params: Record<string, string>): Map<string, string[]> {
  const context = new Map<string, string[]>();

  for (const [key, value] of Object.entries(params)) {
    const entry = /^ContextEntries\.member\.(\d+)\.ContextKeyName$/.exec(key);

    if (entry) {
      context.set(value.toLowerCase(), [...(context.get(value.toLowerCase()) || []), ...memberList(params, `ContextEntries.member.${ entry[1] }.ContextKeyValues`)]);
    }
  }

  return context;
}

interface Evaluation { decision: SimulationDecision, missing: string[] }

/** A scenario answer under the request's context: a condition on a key not given is an implicit deny that names the key. */
function evaluate(answer: SimulationAnswer | undefined, context: Map<string, string[]>): Evaluation {
  if (!answer) {
    return { decision: 'implicitDeny', missing: [] };
  }
  if (typeof answer === 'string') {
    return { decision: answer, missing: [] };
  }
  const conditions = Object.entries(answer.whenContext);
  const missing = conditions.map(([key]) => key).filter((key) => !context.has(key.toLowerCase()));

  if (missing.length) {
    return { decision: 'implicitDeny', missing };
  }

  return { decision: conditions.every(([key, value]) => (context.get(key.toLowerCase()) || []).includes(value)) ? answer.decision : 'implicitDeny', missing: [] };
}

/**
 * One EvaluationResult: without ResourceArns (or with just `*`) for `*`, its context misses at the
 * top; with ResourceArns also per resource (ResourceSpecificResults). For one resource the top
 * repeats its result; for several it is the aggregate (explicitDeny on any wins, allowed only if on
 * all) and the misses are only per resource, as AWS documents MissingContextValues.
 */
function evaluationResultXml(action: string, resources: string[], evaluateOn: (resource: string) => Evaluation): string {
  const wildcard = !resources.length || (resources.length === 1 && resources[0] === '*');
  const results = (wildcard ? ['*'] : resources).map((resource) => ({ resource, ...evaluateOn(resource) }));
  const decisions = results.map((r) => r.decision);
  const decision: SimulationDecision = decisions.includes('explicitDeny') ? 'explicitDeny' : decisions.every((d) => d === 'allowed') ? 'allowed' : 'implicitDeny';
  const missingXml = (missing: string[]) => members('MissingContextValues', missing, (key: string) => escapeXml(key));
  const single = results.length === 1 ? results[0] : undefined;

  // With several resources AWS names a resource-type template here (`arn:aws:s3:::${BucketName}/${KeyName}`), which the endpoint does not model.
  return el('EvalActionName', action) + el('EvalResourceName', single ? single.resource : '*') + el('EvalDecision', decision) +
    raw('MatchedStatements', '') + missingXml(single ? single.missing : []) +
    (wildcard ? '' : members('ResourceSpecificResults', results, (r: typeof results[number]) => el('EvalResourceName', r.resource) + el('EvalResourceDecision', r.decision) +
      raw('MatchedStatements', '') + missingXml(r.missing)));
}
