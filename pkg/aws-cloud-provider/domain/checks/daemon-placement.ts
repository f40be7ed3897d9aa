/**
 * Where the controller's daemon pods may run, as Kubernetes decides it: the tolerations the
 * DaemonSet controller adds, a node's selector and taint misfit, the taints a scheduler message
 * names, and how to write a taint and the toleration for it. Pure helpers of the controller checks.
 */
import {
  KubeDaemonSet, KubePod, KubeTaint, KubeToleration, untoleratedTaints
} from '../kube';
import { KubeNode } from '../nodes';
import { CONTROLLER_TOLERATIONS } from '../out-of-tree/controller';

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

export const matchesSelector = (node: KubeNode, selector: Record<string, string>) => Object.entries(selector).every(([key, value]) => (node.labels || {})[key] === value);

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
export function effectOf(key: string, nodes: readonly KubeNode[]): string {
  return nodes.flatMap((node) => node.taints || []).find((t) => t.key === key)?.effect || CONTROLLER_TOLERATIONS.find((t) => t.key === key)?.effect || '';
}
