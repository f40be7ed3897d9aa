/**
 * AWS's policy simulator, as the permission and pass-role facts ask it: the node role's actions
 * on the resources the provider acts on, and the caller's iam:PassRole; and how its answers read
 * as decisions (per resource, context misses as "unknown").
 */

import { IamApi, SimulationResult } from './clients';
import { GatherOptions, attempt } from './calls';
import { allIamPages } from './paging';
import { Fact, ok, CheckInputs } from '../domain/facts';
import { ActionDecision } from '../domain/iam-evaluator';
import { ActionNeed, actionNeeds, sampleArnsFor, scopeOfRoleArn } from '../domain/permissions';
import { ALL_ROLES } from '../domain/roles';
import { providerContext } from '../domain/provider';

/** Every action any node role may need, for the simulation: the domain picks per profile. */
export function simulatedNeeds(inputs: CheckInputs): ActionNeed[] {
  return actionNeeds(ALL_ROLES, providerContext(inputs).version);
}

/**
 * AWS's policy simulator on the resources the provider acts on: one call for the actions that
 * take `*` (Describe calls), one for the resource-scoped ones with a sample ARN per kind of
 * resource, decided per resource. Both at once.
 */
export async function simulateNeeds(iam: IamApi, roleArn: string, needs: ActionNeed[], region: string | undefined, options: GatherOptions): Promise<Fact<Record<string, ActionDecision>>> {
  const scope = scopeOfRoleArn(roleArn, region);
  const anyResource = needs.filter((need) => need.resources.includes('any')).map((need) => need.action);
  const scoped = needs.filter((need) => !need.resources.includes('any'));
  const samplesOf = new Map(scoped.map((need) => [need.action, sampleArnsFor(need, scope)]));
  const simulate = (actions: string[], resources: string[]) => (actions.length ? attempt('SimulatePrincipalPolicy', options, () => allIamPages(
    (Marker) => iam.simulatePrincipalPolicy({
      PolicySourceArn: roleArn, ActionNames: actions, ResourceArns: resources, Marker
    }),
    (page) => page.EvaluationResults || []
  )) : Promise.resolve(ok<SimulationResult[]>([])));
  const [general, specific] = await Promise.all([
    simulate(anyResource, ['*']),
    simulate(scoped.map((need) => need.action), [...new Set([...samplesOf.values()].flat())]),
  ]);

  if (!general.ok) {
    return general;
  }
  if (!specific.ok) {
    return specific;
  }

  return ok({ ...simulationDecisions(general.value), ...simulationDecisions(specific.value, samplesOf) });
}

/** Who is calling (an IAM user; STS is not behind Rancher's proxy), and may they pass the role to EC2. */
export async function callerMayPassRole(iam: IamApi, roleArn: string, options: GatherOptions): Promise<Fact<{ callerArn: string, decision: ActionDecision }>> {
  const caller = await attempt('GetUser', options, () => iam.getUser({}));

  if (!caller.ok) {
    return caller;
  }

  const callerArn = caller.value.User?.Arn || '';
  // The usual grant is conditional on iam:PassedToService = ec2.amazonaws.com: say it, as EC2's launch does.
  const simulation = await attempt('SimulatePrincipalPolicy', options, () => iam.simulatePrincipalPolicy({
    PolicySourceArn: callerArn,
    ActionNames:     ['iam:PassRole'],
    ResourceArns:    [roleArn],
    ContextEntries:  [{
      ContextKeyName: 'iam:PassedToService', ContextKeyValues: ['ec2.amazonaws.com'], ContextKeyType: 'string'
    }],
  }));

  if (!simulation.ok) {
    return simulation;
  }

  return ok({ callerArn, decision: simulationDecisions(simulation.value.EvaluationResults || [])['iam:PassRole'] || 'implicitDeny' });
}

function decisionOf(decision: string | undefined, missingContext: string[] | undefined): ActionDecision {
  // An answer that depended on context values we did not give is not a verdict.
  if (missingContext?.length) {
    return 'unknown';
  }

  return decision === 'allowed' ? 'allowed' : decision === 'explicitDeny' ? 'explicitDeny' : 'implicitDeny';
}

/**
 * The simulator's answers per action; with `resourcesOf`, decided over that action's own
 * resources (ResourceSpecificResults): allowed only on all of them, an explicit deny on any wins.
 */
function simulationDecisions(results: SimulationResult[], resourcesOf?: ReadonlyMap<string, string[]>): Record<string, ActionDecision> {
  const decisions: Record<string, ActionDecision> = {};

  for (const result of results) {
    if (!result.EvalActionName) {
      continue;
    }

    const own = resourcesOf?.get(result.EvalActionName);
    const perResource = (result.ResourceSpecificResults || []).filter((r) => own?.includes(r.EvalResourceName || ''));

    if (own && perResource.length) {
      const each = perResource.map((r) => decisionOf(r.EvalResourceDecision, r.MissingContextValues));

      decisions[result.EvalActionName] = each.includes('explicitDeny') ? 'explicitDeny' : each.includes('implicitDeny') ? 'implicitDeny' : each.includes('unknown') ? 'unknown' : 'allowed';
    } else {
      // With ResourceArns, IAM may list the missing context keys per resource only.
      const missing = [...(result.MissingContextValues || []), ...(result.ResourceSpecificResults || []).flatMap((r) => r.MissingContextValues || [])];

      decisions[result.EvalActionName] = decisionOf(result.EvalDecision, missing);
    }
  }

  return decisions;
}
