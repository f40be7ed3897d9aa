/**
 * The out-of-tree provider as the running cluster runs it: the HelmChart's install job, the
 * DaemonSet on the control-plane nodes, the scheduling of its pods, the image's minor, and
 * whether every node was initialised (providerID, zone label, no `uninitialized` taint), with
 * the cause of a stuck node where the cluster and AWS tell it. Facts in, findings out.
 */
import { hasClusterTag } from '../cluster-tags';
import { AwsError, Ec2Instance, Fact } from '../facts';
import { Finding, Text, rule, text } from '../findings';
import {
  ControllerFacts, KubeDaemonSet, KubePod, KubeTaint, KubeToleration, untoleratedTaints
} from '../kube';
import { KubeVersion, formatVersion } from '../kubernetes-version';
import { KubeNode, isControlPlaneNode, matchNodes } from '../nodes';
import { ProviderContext, profileNameOfArn } from '../provider';
import {
  CONTROLLER_CHART, CONTROLLER_TOLERATIONS, UNINITIALIZED_TAINT, controllerImageTag, installJobName, minorOfImage
} from '../out-of-tree/controller';

export const ZONE_LABEL = 'topology.kubernetes.io/zone';

const helmChartResource = (name: string = CONTROLLER_CHART.name) => `helmchart/${ name }`;
const daemonSetResource = (name: string = CONTROLLER_CHART.daemonSet) => `daemonset/${ name }`;

/** A read of the cluster that failed: `unknown`, with the API's answer as the reason. */
export function unreadable(id: Finding['id'], resource: string, error: AwsError, ruleName: string): Finding {
  return {
    id,
    status:  'unknown',
    resource,
    message: text('check.controller.unreadable', {
      operation: error.operation, code: error.code, message: error.message
    }),
    rule: rule(ruleName)
  };
}

const conditionTrue = (conditions: readonly { type: string, status: string }[], type: string) => conditions.find((c) => c.type === type && c.status === 'True');

/** The helm-controller's install job succeeded (mirrors the Job's Complete/Failed conditions, which the helm-controller's HelmChart status follows). */
export function checkControllerInstall(facts: Pick<ControllerFacts, 'helmChart' | 'job'>): Finding {
  const base = { id: 'controller.install' as const, rule: rule('controllerInstall') };

  if (!facts.helmChart.ok) {
    return unreadable(base.id, helmChartResource(), facts.helmChart.error, 'controllerInstall');
  }

  const chart = facts.helmChart.value;

  if (!chart) {
    return {
      ...base, status: 'fail', resource: helmChartResource(), message: text('check.controller.install.missing', { namespace: CONTROLLER_CHART.namespace }), fix: { text: text('fix.controllerHelmChart') }
    };
  }

  const resource = helmChartResource(chart.name);
  const jobName = chart.jobName || installJobName(chart.name);

  if (!facts.job.ok) {
    return unreadable(base.id, resource, facts.job.error, 'controllerInstall');
  }

  const job = facts.job.value;

  if (!job) {
    return {
      ...base, status: 'warn', resource, message: text('check.controller.install.noJob', { job: jobName })
    };
  }
  if (job.succeeded > 0 || conditionTrue(job.conditions, 'Complete')) {
    return {
      ...base, status: 'pass', resource, message: text('check.controller.install.ok', { job: job.name })
    };
  }

  const failed = conditionTrue(job.conditions, 'Failed') as { reason?: string, message?: string } | undefined;
  const logs = `kubectl -n ${ job.namespace } logs job/${ job.name }`;

  if (failed) {
    return {
      ...base,
      status:  'fail',
      resource,
      message: text('check.controller.install.failed', {
        job: job.name, reason: failed.reason || '-', message: failed.message || '-'
      }),
      fix: { text: text('fix.controllerJobLogs'), command: logs },
    };
  }

  return {
    ...base, status: 'warn', resource, message: text('check.controller.install.installing', { job: job.name, failed: job.failed }), fix: { text: text('fix.controllerJobLogs'), command: logs }
  };
}

/** The tolerations the DaemonSet controller adds to every daemon pod (mirrors AddOrUpdateDaemonPodTolerations, pkg/controller/daemon/util). */
export function daemonPodTolerations(daemonSet: Pick<KubeDaemonSet, 'tolerations' | 'hostNetwork'>): KubeToleration[] {
  const exists = (key: string, effect: string): KubeToleration => ({
    key, operator: 'Exists', effect
  });

  return [
    ...daemonSet.tolerations,
    exists('node.kubernetes.io/not-ready', 'NoExecute'),
    exists('node.kubernetes.io/unreachable', 'NoExecute'),
    exists('node.kubernetes.io/disk-pressure', 'NoSchedule'),
    exists('node.kubernetes.io/memory-pressure', 'NoSchedule'),
    exists('node.kubernetes.io/pid-pressure', 'NoSchedule'),
    exists('node.kubernetes.io/unschedulable', 'NoSchedule'),
    ...(daemonSet.hostNetwork ? [exists('node.kubernetes.io/network-unavailable', 'NoSchedule')] : []),
  ];
}

const matchesSelector = (node: KubeNode, selector: Record<string, string>) => Object.entries(selector).every(([key, value]) => (node.labels || {})[key] === value);

/** Why a daemon pod cannot run on a node: its selector, or taints it does not tolerate (mirrors the DaemonSet controller's NodeShouldRunDaemonPod predicates). */
export function daemonMisfit(daemonSet: KubeDaemonSet, node: KubeNode): { selector: boolean, taints: KubeTaint[] } | undefined {
  if (!matchesSelector(node, daemonSet.nodeSelector)) {
    return { selector: true, taints: [] };
  }

  const taints = untoleratedTaints(daemonPodTolerations(daemonSet), node.taints || []);

  return taints.length ? { selector: false, taints } : undefined;
}

export const formatSelector = (selector: Record<string, string>): string => Object.entries(selector).map(([key, value]) => `${ key }=${ value === '' ? '""' : value }`).join(', ') || '-';
export const formatTaint = (taint: Pick<KubeTaint, 'key' | 'value' | 'effect'>): string => `${ taint.key }${ taint.value ? `=${ taint.value }` : '' }:${ taint.effect }`;

/** The toleration that lets the controller's pods onto nodes with this taint, as a YAML flow mapping for `tolerations:`. */
export function tolerationFor(taint: Pick<KubeTaint, 'key' | 'effect'>): string {
  const known = CONTROLLER_TOLERATIONS.find((t) => t.key === taint.key);
  const effect = taint.effect || known?.effect;

  return `{key: ${ taint.key }, operator: Exists${ effect ? `, effect: ${ effect }` : '' }}`;
}

/** The DaemonSet runs a ready pod on every control-plane node (mirrors the DaemonSet status the controller writes: desired, ready). */
export function checkControllerDaemonSet(facts: Pick<ControllerFacts, 'helmChart' | 'daemonSet'>, nodes: readonly KubeNode[] | undefined): Finding {
  const base = { id: 'controller.daemonset' as const, rule: rule('controllerDaemonSet') };

  if (!facts.daemonSet.ok) {
    return unreadable(base.id, daemonSetResource(), facts.daemonSet.error, 'controllerDaemonSet');
  }

  const daemonSet = facts.daemonSet.value;

  if (!daemonSet) {
    const chart = facts.helmChart.ok && !!facts.helmChart.value;

    return {
      ...base, status: 'fail', resource: daemonSetResource(), message: text('check.controller.daemonset.missing', { helmChart: chart ? 'yes' : 'no' }), fix: { text: text(chart ? 'fix.controllerJobLogs' : 'fix.controllerHelmChart') }
    };
  }

  const resource = daemonSetResource(daemonSet.name);
  const controlPlanes = (nodes || []).filter(isControlPlaneNode);
  const uncovered = controlPlanes.filter((node) => daemonMisfit(daemonSet, node));
  const selectorMisses = uncovered.filter((node) => daemonMisfit(daemonSet, node)?.selector);
  const fixFor = (bySelector: boolean) => (bySelector ? { text: text('fix.controllerSelector', { selector: formatSelector(daemonSet.nodeSelector) }) } : { text: text('fix.controllerTolerations') });

  if (daemonSet.desired === 0) {
    const bySelector = !controlPlanes.length || selectorMisses.length > 0;

    return {
      ...base, status: 'fail', resource, message: text('check.controller.daemonset.selectsNoNode', { selector: formatSelector(daemonSet.nodeSelector), why: bySelector ? 'selector' : 'taints' }), fix: fixFor(bySelector)
    };
  }
  if (nodes && daemonSet.desired < controlPlanes.length) {
    const names = uncovered.length ? uncovered.map((node) => node.name) : controlPlanes.map((node) => node.name);

    return {
      ...base,
      status:  'fail',
      resource,
      message: text('check.controller.daemonset.uncovered', {
        count: controlPlanes.length - daemonSet.desired, controlPlanes: controlPlanes.length, desired: daemonSet.desired, nodes: names.join(', ')
      }),
      fix:     fixFor(selectorMisses.length > 0),
      details: names,
    };
  }
  if (daemonSet.ready < daemonSet.desired) {
    return {
      ...base, status: 'fail', resource, message: text('check.controller.daemonset.notReady', { ready: daemonSet.ready, desired: daemonSet.desired }), fix: { text: text('fix.controllerPods'), command: `kubectl -n ${ daemonSet.namespace } describe pods -l ${ CONTROLLER_CHART.podLabel.key }=${ CONTROLLER_CHART.podLabel.value }` }
    };
  }

  return {
    ...base, status: 'pass', resource, message: text('check.controller.daemonset.ok', { ready: daemonSet.ready, desired: daemonSet.desired })
  };
}

/** The taints the scheduler's message names: "had untolerated taint {key: value}" (1.25+) or "had taint {key: value}, that the pod didn't tolerate". */
export function taintsInSchedulerMessage(message: string | undefined): { key: string, value?: string }[] {
  const found: { key: string, value?: string }[] = [];

  for (const match of (message || '').matchAll(/had (?:untolerated )?taints? \{([^}:]+)(?::\s*([^}]*))?\}/g)) {
    if (!found.some((t) => t.key === match[1].trim())) {
      found.push({ key: match[1].trim(), value: (match[2] || '').trim() || undefined });
    }
  }

  return found;
}

/** A pod the scheduler could not place: its PodScheduled condition is False (mirrors the condition the kube-scheduler writes on failure). */
export function unscheduled(pod: KubePod): { reason?: string, message?: string } | undefined {
  const condition = pod.conditions.find((c) => c.type === 'PodScheduled');

  return pod.phase === 'Pending' && condition?.status === 'False' ? condition : undefined;
}

/** The effect of a taint the scheduler names only by key and value: the nodes' own taint, else our toleration's. */
function effectOf(key: string, nodes: readonly KubeNode[]): string {
  return nodes.flatMap((node) => node.taints || []).find((t) => t.key === key)?.effect || CONTROLLER_TOLERATIONS.find((t) => t.key === key)?.effect || '';
}

/**
 * The controller's pods get scheduled: a pending pod's PodScheduled reason and message verbatim,
 * its untolerated taints named with the toleration to add; and the taints of control-plane nodes
 * the DaemonSet does not tolerate, computed, so they are named before any pod exists (mirrors the
 * TaintToleration filter of the kube-scheduler).
 */
export function checkControllerScheduling(facts: Pick<ControllerFacts, 'daemonSet' | 'pods'>, nodes: readonly KubeNode[] | undefined): Finding[] {
  const base = { id: 'controller.scheduling' as const, rule: rule('controllerScheduling') };
  const daemonSet = facts.daemonSet.ok ? facts.daemonSet.value : null;
  const findings: Finding[] = [];
  const named = new Set<string>();

  if (!facts.pods.ok) {
    findings.push(unreadable(base.id, daemonSetResource(), facts.pods.error, 'controllerScheduling'));
  } else {
    for (const pod of facts.pods.value) {
      const condition = unscheduled(pod);

      if (!condition) {
        continue;
      }

      const taints = taintsInSchedulerMessage(condition.message).map((t) => ({ ...t, effect: effectOf(t.key, nodes || []) }));

      taints.forEach((t) => named.add(t.key));
      findings.push({
        ...base,
        status:   'fail',
        resource: `pod/${ pod.name }`,
        message:  text('check.controller.scheduling.pending', {
          reason: condition.reason || '-', message: condition.message || '-', taints: taints.map(formatTaint).join(', '), count: taints.length
        }),
        fix: taints.length ? { text: text('fix.controllerToleration', { count: taints.length }), command: taints.map(tolerationFor).join(' ') } : { text: text('fix.controllerPods'), command: `kubectl -n ${ pod.namespace } describe pod ${ pod.name }` },
      });
    }
  }
  if (daemonSet && nodes) {
    const byTaint = new Map<string, { taint: KubeTaint, nodes: string[] }>();

    for (const node of nodes.filter((n) => isControlPlaneNode(n) && matchesSelector(n, daemonSet.nodeSelector))) {
      for (const taint of untoleratedTaints(daemonPodTolerations(daemonSet), node.taints || [])) {
        const key = `${ taint.key }:${ taint.effect }`;

        byTaint.set(key, { taint, nodes: [...(byTaint.get(key)?.nodes || []), node.name] });
      }
    }
    for (const { taint, nodes: names } of byTaint.values()) {
      if (!named.has(taint.key)) {
        findings.push({
          ...base,
          status:   'fail',
          resource: daemonSetResource(daemonSet.name),
          message:  text('check.controller.scheduling.untolerated', {
            taint: formatTaint(taint), nodes: names.join(', '), count: names.length
          }),
          fix:      { text: text('fix.controllerToleration', { count: 1 }), command: tolerationFor(taint) },
          details:  names,
        });
      }
    }
  }
  if (!findings.length && (daemonSet || (facts.pods.ok && facts.pods.value.length))) {
    findings.push({
      ...base, status: 'pass', resource: daemonSetResource(daemonSet?.name), message: text('check.controller.scheduling.ok', { count: facts.pods.ok ? facts.pods.value.length : 0 })
    });
  }

  return findings;
}

/** The controller's image: the DaemonSet's, else a pod's. */
function controllerImage(facts: Pick<ControllerFacts, 'daemonSet' | 'pods'>): string | undefined {
  return (facts.daemonSet.ok && facts.daemonSet.value?.image) || (facts.pods.ok ? facts.pods.value.find((p) => p.image)?.image : undefined);
}

/** The controller's minor equals the cluster's (cloud-provider-aws: compatibility only with the matching release; CONTROLLER_RELEASES). */
export function checkControllerVersion(facts: Pick<ControllerFacts, 'daemonSet' | 'pods'>, version: KubeVersion): Finding | undefined {
  const image = controllerImage(facts);

  if (!image) {
    return undefined;
  }

  const base = {
    id: 'controller.version' as const, rule: rule('controllerVersion'), resource: daemonSetResource(facts.daemonSet.ok ? facts.daemonSet.value?.name : undefined)
  };
  const minor = minorOfImage(image);
  const tag = controllerImageTag(version) || 'none';
  const fix = tag === 'none' ? undefined : { text: text('fix.controllerVersion', { tag }) };

  if (minor === undefined) {
    return {
      ...base,
      status:  'warn',
      message: text('check.controller.version.unknownTag', {
        image, version: formatVersion(version), tag
      }),
      fix
    };
  }
  if (version.major === 1 && minor === version.minor) {
    return {
      ...base, status: 'pass', message: text('check.controller.version.ok', { image, version: formatVersion(version) })
    };
  }

  return {
    ...base,
    status:  'warn',
    message: text('check.controller.version.mismatch', {
      image, minor: `1.${ minor }`, version: formatVersion(version), tag
    }),
    fix
  };
}

/** What AWS says of one node, for why it is stuck. */
export interface NodeOnAws {
  /** The provider finds the node's instance (by providerID, an `i-` name or the private DNS name among cluster-tagged instances). */
  found: boolean;
  /** A live instance has the node's name as private DNS name but lacks the cluster tag. */
  untaggedInstance?: string;
  /** The node's providerID is not an AWS one. */
  foreignProviderId?: boolean;
}

/**
 * The AWS side of initialisation, from the AWS verification of the nodes: per node whether the
 * provider finds its instance, the metadata options of the controller's hosts, and the roles of
 * the control-plane profiles lacking `ec2:DescribeAvailabilityZones`. Absent when AWS was not asked.
 */
export interface InitialisationAws {
  nodes: Readonly<Record<string, NodeOnAws>>;
  controlPlaneMetadata: { instanceId: string, options: NonNullable<Ec2Instance['MetadataOptions']> }[];
  rolesMissingZones: string[];
}

const ZONES_ACTION = 'ec2:DescribeAvailabilityZones';

/** The pure input for the causes: the nodes matched to the instances AWS returned, and the IAM findings of the control-plane profiles. */
export function initialisationAws(nodes: readonly KubeNode[], instances: readonly Ec2Instance[], clusterId: string, findings: readonly Finding[]): InitialisationAws {
  const matches = matchNodes(nodes, instances, clusterId);
  const controlPlane = matches.filter((m) => isControlPlaneNode(m.node) && m.instance).map((m) => m.instance as Ec2Instance);
  const profiles = new Set(controlPlane.map((i) => profileNameOfArn(i.IamInstanceProfile?.Arn)).filter((p) => p));
  // instance-profile.role names the profile's role (its message's `role`); instance-profile.permissions lists what that role lacks.
  const roles = new Set(findings.filter((f) => f.id === 'instance-profile.role' && profiles.has(f.resource) && f.message.args?.role).map((f) => String(f.message.args?.role)));
  const lacking = findings.filter((f) => f.id === 'instance-profile.permissions' && f.status !== 'pass' && f.details?.includes(ZONES_ACTION));

  return {
    nodes: Object.fromEntries(matches.map(({ node, lookup, instance }) => [node.name, {
      found:             !!instance,
      foreignProviderId: lookup.foreignProviderId,
      untaggedInstance:  !instance && lookup.privateDnsName ? instances.find((i) => i.PrivateDnsName === lookup.privateDnsName && !hasClusterTag(i.Tags, clusterId))?.InstanceId : undefined,
    }])),
    controlPlaneMetadata: controlPlane.filter((i) => i.MetadataOptions).map((i) => ({ instanceId: i.InstanceId || '?', options: i.MetadataOptions as NonNullable<Ec2Instance['MetadataOptions']> })),
    rolesMissingZones:    [...new Set(lacking.filter((f) => !roles.size || roles.has(f.resource)).map((f) => f.resource))],
  };
}

/** Why no node gets initialised, when the cluster or AWS tells it: the first cause that applies, and its fix. */
export function clusterCause(facts: ControllerFacts, context: Pick<ProviderContext, 'outOfTree' | 'version'>, aws?: InitialisationAws): { cause: string, args: Record<string, string | number>, fix?: Finding['fix'] } | undefined {
  if (!context.outOfTree) {
    return { cause: 'inTree', args: {} };
  }

  const daemonSet = facts.daemonSet.ok ? facts.daemonSet.value : undefined;

  if (daemonSet === null) {
    return {
      cause: 'controllerMissing', args: {}, fix: { text: text('fix.controllerHelmChart') }
    };
  }

  const pending = facts.pods.ok ? facts.pods.value.filter((pod) => unscheduled(pod)) : [];

  if (daemonSet && daemonSet.ready === 0 && (daemonSet.desired === 0 || pending.length)) {
    return {
      cause: 'controllerNotScheduled', args: { pending: pending.length, desired: daemonSet.desired }, fix: { text: text('fix.controllerTolerations') }
    };
  }

  const disabled = aws?.controlPlaneMetadata.find((m) => m.options.HttpEndpoint === 'disabled');

  if (disabled) {
    return {
      cause: 'metadataDisabled', args: { instance: disabled.instanceId }, fix: { text: text('fix.metadataEndpoint'), command: `aws ec2 modify-instance-metadata-options --instance-id ${ disabled.instanceId } --http-endpoint enabled` }
    };
  }

  // IMDSv2 answers a PUT only within its hop limit: a pod outside the host's network is one hop further.
  const unreachable = daemonSet && !daemonSet.hostNetwork ? aws?.controlPlaneMetadata.find((m) => m.options.HttpTokens === 'required' && (m.options.HttpPutResponseHopLimit ?? 1) < 2) : undefined;

  if (unreachable) {
    return {
      cause: 'metadataHopLimit', args: { instance: unreachable.instanceId, limit: unreachable.options.HttpPutResponseHopLimit ?? 1 }, fix: { text: text('fix.metadataHopLimit'), command: `aws ec2 modify-instance-metadata-options --instance-id ${ unreachable.instanceId } --http-put-response-hop-limit 2` }
    };
  }
  // From v1.30 the controller labels the zone ID, read with DescribeAvailabilityZones (getZoneDetailsByNames, zones.go).
  if (aws?.rolesMissingZones.length && context.version.major === 1 && context.version.minor >= 30) {
    return {
      cause: 'zonesPermission', args: { role: aws.rolesMissingZones.join(', ') }, fix: { text: text('fix.zonesPermission', { role: aws.rolesMissingZones[0] }) }
    };
  }
  if (daemonSet && daemonSet.ready === 0) {
    return {
      cause: 'controllerNotReady', args: { desired: daemonSet.desired }, fix: { text: text('fix.controllerPods'), command: `kubectl -n ${ daemonSet.namespace } logs ds/${ daemonSet.name }` }
    };
  }

  return undefined;
}

/** Why this node's instance is not found, where AWS tells it (mirrors InstanceMetadata, instances_v2.go, and findInstanceByNodeName, aws.go). */
export function nodeCause(node: KubeNode, aws?: InitialisationAws): { cause: string, args: Record<string, string> } | undefined {
  const side = aws?.nodes[node.name];

  if (!side || side.found) {
    return undefined;
  }
  if (side.foreignProviderId) {
    return { cause: 'foreignProviderId', args: { providerID: node.providerID || '' } };
  }
  if (side.untaggedInstance) {
    return { cause: 'instanceUntagged', args: { instance: side.untaggedInstance } };
  }

  return { cause: node.providerID ? 'instanceNotFound' : 'nameNotPrivateDns', args: {} };
}

const nodeFixes: Record<string, Text> = {
  foreignProviderId: text('fix.nodeName'), instanceUntagged: text('fix.tagInstance'), instanceNotFound: text('fix.nodeName'), nameNotPrivateDns: text('fix.nodeName')
};

/**
 * The node was initialised: providerID, zone label, and no `uninitialized` taint (mirrors the
 * cloud-node controller, k8s.io/cloud-provider node_controller.go: it sets providerID and the
 * topology labels from InstanceMetadata, then removes the taint, in one update).
 */
export function checkNodeInitialized(node: KubeNode, cause: ReturnType<typeof clusterCause>, aws?: InitialisationAws): Finding {
  const zone = (node.labels || {})[ZONE_LABEL];
  const tainted = (node.taints || []).some((t) => t.key === UNINITIALIZED_TAINT.key);
  const base = {
    id: 'node.initialized' as const, resource: node.name, rule: rule('nodeInitialized')
  };

  if (node.providerID && zone && !tainted) {
    return {
      ...base, status: 'pass', message: text('check.nodeInitialized.ok', { providerID: node.providerID, zone })
    };
  }

  const own = nodeCause(node, aws);
  const primary = cause || (own ? {
    cause: own.cause, args: own.args, fix: { text: nodeFixes[own.cause] }
  } : undefined);
  const also = cause && own ? own : undefined;

  return {
    ...base,
    status:  'fail',
    message: text('check.nodeInitialized.stuck', {
      tainted:    tainted ? 'yes' : 'no',
      providerId: node.providerID ? 'set' : 'missing',
      zone:       zone ? 'set' : 'missing',
      zoneName:   zone || '',
      cause:      primary?.cause || 'unknown',
      also:       also?.cause || 'none',
      ...primary?.args,
      ...Object.fromEntries(Object.entries(also?.args || {}).map(([k, v]) => [`also_${ k }`, v])),
    }),
    fix: primary?.fix || { text: text('fix.controllerLogs'), command: `kubectl -n ${ CONTROLLER_CHART.namespace } logs ds/${ CONTROLLER_CHART.daemonSet }` },
  };
}

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
    findings.push({
      id: 'controller.install', status: 'pass', resource: `Kubernetes ${ formatVersion(context.version) }`, message: text('check.controller.install.inTree', { version: formatVersion(context.version) }), rule: rule('controllerInstall')
    });
  }
  if (!inputs.nodes.ok) {
    findings.push(unreadable('node.initialized', 'nodes', inputs.nodes.error, 'nodeInitialized'));
  } else {
    const cause = clusterCause(facts, context, aws);

    findings.push(...inputs.nodes.value.map((node) => checkNodeInitialized(node, cause, aws)));
  }

  return findings;
}
