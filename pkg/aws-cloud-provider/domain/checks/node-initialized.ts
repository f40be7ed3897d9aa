/**
 * Whether every node was initialised by the out-of-tree provider (providerID, zone label, no
 * `uninitialized` taint), with the cause of a stuck node where the cluster and AWS tell it:
 * the cluster-wide cause first (controller, metadata, permissions), then the node's own.
 */
import { hasClusterTag } from '../cluster-tags';
import { Ec2Instance } from '../facts';
import {
  Finding, Text, finding, rule, text
} from '../findings';
import { ControllerFacts } from '../kube';
import { KubeNode, isControlPlaneNode, matchNodes } from '../nodes';
import { ProviderContext, profileNameOfArn } from '../provider';
import { CONTROLLER_CHART, UNINITIALIZED_TAINT } from '../out-of-tree/controller';
import { unscheduled } from './daemon-placement';

export const ZONE_LABEL = 'topology.kubernetes.io/zone';

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
    return finding({
      ...base, status: 'pass', message: text('check.nodeInitialized.ok', { providerID: node.providerID, zone })
    });
  }

  const own = nodeCause(node, aws);
  const primary = cause || (own ? {
    cause: own.cause, args: own.args, fix: { text: nodeFixes[own.cause] }
  } : undefined);
  const also = cause && own ? own : undefined;

  return finding({
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
  });
}
