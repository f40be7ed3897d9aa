/**
 * Every check of the running cluster's provider: the controller's (checks/controller.ts) when the
 * version runs the out-of-tree provider, and each node's initialisation (checks/node-initialized.ts).
 */
import { Fact } from '../facts';
import { Finding, finding, rule, text } from '../findings';
import { ControllerFacts } from '../kube';
import { formatVersion } from '../kubernetes-version';
import { KubeNode } from '../nodes';
import { ProviderContext } from '../provider';
import {
  checkControllerDaemonSet, checkControllerInstall, checkControllerScheduling, checkControllerVersion, unreadable
} from './controller';
import { InitialisationAws, checkNodeInitialized, clusterCause } from './node-initialized';

export interface ControllerCheckInputs {
  context: Pick<ProviderContext, 'outOfTree' | 'version'>;
  /** The nodes as read; an error when they could not be read. */
  nodes: Fact<KubeNode[]>;
  facts: ControllerFacts;
  /** The AWS side of the nodes, when AWS was asked. */
  aws?: InitialisationAws;
}

/**
 * Every check of the running cluster's provider. Before 1.27 no controller is needed (the in-tree
 * provider runs in the kubelets): one pass says so instead of the controller checks.
 */
export function runControllerChecks(inputs: ControllerCheckInputs): Finding[] {
  const { context, facts, aws } = inputs;
  const nodes = inputs.nodes.ok ? inputs.nodes.value : undefined;
  const findings: Finding[] = [];

  if (context.outOfTree) {
    const version = checkControllerVersion(facts, context.version);

    findings.push(checkControllerInstall(facts), checkControllerDaemonSet(facts, nodes), ...checkControllerScheduling(facts, nodes), ...(version ? [version] : []));
  } else {
    findings.push(finding({
      id: 'controller.install', status: 'pass', resource: `Kubernetes ${ formatVersion(context.version) }`, message: text('check.controller.install.inTree', { version: formatVersion(context.version) }), rule: rule('controllerInstall')
    }));
  }
  if (!inputs.nodes.ok) {
    findings.push(unreadable('node.initialized', 'nodes', inputs.nodes.error, 'nodeInitialized'));
  } else {
    const cause = clusterCause(facts, context, aws);

    findings.push(...inputs.nodes.value.map((node) => checkNodeInitialized(node, cause, aws)));
  }

  return findings;
}
