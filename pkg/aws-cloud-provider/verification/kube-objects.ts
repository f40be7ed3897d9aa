/**
 * Kubernetes objects as the API gives them → the domain's facts: nodes (with taints), the
 * HelmChart, the install Job, the DaemonSet (its pod template's selector, tolerations, host
 * network, image) and pods. One mapping for both readers: Steve's objects through Rancher's
 * proxy and `@kubernetes/client-node`'s in the CLI carry the same fields.
 */
import {
  KubeCondition, KubeDaemonSet, KubeHelmChart, KubeJob, KubePod, KubeTaint, KubeToleration
} from '../domain/kube';
import { KubeNode } from '../domain/nodes';

/** A Kubernetes object as the API answers it (Steve adds `id` and `type`; the client's typed objects fit too), only the fields read here. */
export interface KubeObject {
  metadata?: { name?: string, namespace?: string, labels?: Record<string, string> };
  // Each type's own spec and status, read field by field below.
  spec?: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  status?: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const conditions = (list: unknown): KubeCondition[] => (Array.isArray(list) ? list : []).map((c) => ({
  type: String(c?.type || ''), status: String(c?.status || ''), reason: c?.reason || undefined, message: c?.message || undefined
}));

const count = (value: unknown): number => (typeof value === 'number' ? value : 0);

export function toKubeTaints(taints: unknown): KubeTaint[] {
  return (Array.isArray(taints) ? taints : []).map((t) => ({
    key: String(t?.key || ''), ...(t?.value !== undefined && t?.value !== '' ? { value: String(t.value) } : {}), effect: String(t?.effect || '')
  }));
}

export function toKubeTolerations(tolerations: unknown): KubeToleration[] {
  return (Array.isArray(tolerations) ? tolerations : []).map((t) => ({
    key: t?.key || undefined, operator: t?.operator || undefined, value: t?.value === undefined ? undefined : String(t.value), effect: t?.effect || undefined
  }));
}

export function toKubeNode(node: KubeObject): KubeNode {
  return {
    name:       node.metadata?.name || '',
    providerID: node.spec?.providerID || undefined,
    addresses:  node.status?.addresses || [],
    labels:     node.metadata?.labels || {},
    ...(node.spec?.taints ? { taints: toKubeTaints(node.spec.taints) } : {}),
  };
}

export function toHelmChart(chart: KubeObject): KubeHelmChart {
  return {
    name:          chart.metadata?.name || '',
    namespace:     chart.metadata?.namespace || '',
    chart:         chart.spec?.chart,
    repo:          chart.spec?.repo,
    version:       chart.spec?.version,
    valuesContent: chart.spec?.valuesContent,
    jobName:       chart.status?.jobName || undefined,
    conditions:    conditions(chart.status?.conditions),
  };
}

export function toJob(job: KubeObject): KubeJob {
  return {
    name:       job.metadata?.name || '',
    namespace:  job.metadata?.namespace || '',
    succeeded:  count(job.status?.succeeded),
    failed:     count(job.status?.failed),
    active:     count(job.status?.active),
    conditions: conditions(job.status?.conditions),
  };
}

export function toDaemonSet(daemonSet: KubeObject): KubeDaemonSet {
  const pod = daemonSet.spec?.template?.spec || {};

  return {
    name:         daemonSet.metadata?.name || '',
    namespace:    daemonSet.metadata?.namespace || '',
    desired:      count(daemonSet.status?.desiredNumberScheduled),
    ready:        count(daemonSet.status?.numberReady),
    available:    count(daemonSet.status?.numberAvailable),
    nodeSelector: pod.nodeSelector || {},
    tolerations:  toKubeTolerations(pod.tolerations),
    hostNetwork:  pod.hostNetwork === true,
    image:        pod.containers?.[0]?.image,
  };
}

export function toPod(pod: KubeObject): KubePod {
  return {
    name:       pod.metadata?.name || '',
    namespace:  pod.metadata?.namespace || '',
    nodeName:   pod.spec?.nodeName || undefined,
    phase:      pod.status?.phase || 'Unknown',
    conditions: conditions(pod.status?.conditions),
    image:      pod.spec?.containers?.[0]?.image,
  };
}
