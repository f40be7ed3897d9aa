/**
 * What the downstream cluster says of the out-of-tree provider, as plain facts: the controller's
 * HelmChart and its install job, its DaemonSet and pods, and the nodes (domain/nodes.ts). Read
 * through Rancher's cluster proxy (Steve) in the panel and through the Kubernetes API in the CLI;
 * both readers give these shapes. Each read is a Fact: a value, or the error that stopped it.
 */
import { Fact } from './facts';

export interface KubeTaint { key: string, value?: string, effect: string }

export interface KubeToleration {
  key?: string;
  /** `Equal` (default) or `Exists`. */
  operator?: string;
  value?: string;
  /** Empty matches every effect. */
  effect?: string;
}

export interface KubeCondition { type: string, status: string, reason?: string, message?: string }

/** A `helm.cattle.io/v1` HelmChart (RKE2's and K3s's helm-controller installs it). */
export interface KubeHelmChart {
  name: string;
  namespace: string;
  chart?: string;
  repo?: string;
  version?: string;
  valuesContent?: string;
  /** `status.jobName`: the helm-controller's install job. */
  jobName?: string;
  conditions: KubeCondition[];
}

/** A `batch/v1` Job: the helm-controller's `helm-install-<chart>`. */
export interface KubeJob {
  name: string;
  namespace: string;
  succeeded: number;
  failed: number;
  active: number;
  conditions: KubeCondition[];
}

/** An `apps/v1` DaemonSet and the scheduling its pod template asks for. */
export interface KubeDaemonSet {
  name: string;
  namespace: string;
  desired: number;
  ready: number;
  available: number;
  nodeSelector: Record<string, string>;
  tolerations: KubeToleration[];
  hostNetwork: boolean;
  /** The first container's image, e.g. `registry.k8s.io/provider-aws/cloud-controller-manager:v1.33.4`. */
  image?: string;
}

export interface KubePod {
  name: string;
  namespace: string;
  nodeName?: string;
  /** `Pending`, `Running`, `Succeeded`, `Failed`, `Unknown`. */
  phase: string;
  conditions: KubeCondition[];
  image?: string;
}

/**
 * The out-of-tree provider as the cluster runs it. `helmChart`/`job`/`daemonSet` are null when
 * the cluster has no such object (a 404), an error when it could not be read.
 */
export interface ControllerFacts {
  helmChart: Fact<KubeHelmChart | null>;
  job: Fact<KubeJob | null>;
  daemonSet: Fact<KubeDaemonSet | null>;
  /** The controller's pods (label `k8s-app=aws-cloud-controller-manager`). */
  pods: Fact<KubePod[]>;
}

/** Whether `toleration` tolerates `taint` (mirrors ToleratesTaint, k8s.io/api core/v1 toleration.go). */
export function tolerates(toleration: KubeToleration, taint: KubeTaint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) {
    return false;
  }
  if (!toleration.key) {
    // An empty key with Exists matches every taint.
    return toleration.operator === 'Exists';
  }
  if (toleration.key !== taint.key) {
    return false;
  }

  return toleration.operator === 'Exists' || (toleration.value || '') === (taint.value || '');
}

/** The taints that keep a pod off a node: NoSchedule and NoExecute ones no toleration tolerates. */
export function untoleratedTaints(tolerations: readonly KubeToleration[], taints: readonly KubeTaint[]): KubeTaint[] {
  return taints.filter((taint) => (taint.effect === 'NoSchedule' || taint.effect === 'NoExecute') && !tolerations.some((t) => tolerates(t, taint)));
}

/** Why a pod with this selector and these tolerations cannot run on a node, or undefined when it can. */
export type MisfitReason = { kind: 'selector', labels: string[] } | { kind: 'taints', taints: KubeTaint[] };

/**
 * Whether the scheduler may place such a pod on a node (mirrors the NodeAffinity and
 * TaintToleration filter plugins, kube-scheduler): every selector label equal, every
 * NoSchedule/NoExecute taint tolerated.
 */
export function misfit(
  pod: { nodeSelector: Record<string, string>, tolerations: readonly KubeToleration[] },
  node: { labels?: Record<string, string>, taints?: readonly KubeTaint[] }
): MisfitReason | undefined {
  const labels = node.labels || {};
  const unmatched = Object.entries(pod.nodeSelector).filter(([key, value]) => labels[key] !== value).map(([key, value]) => `${ key }=${ value }`);

  if (unmatched.length) {
    return { kind: 'selector', labels: unmatched };
  }

  const taints = untoleratedTaints(pod.tolerations, node.taints || []);

  return taints.length ? { kind: 'taints', taints } : undefined;
}
