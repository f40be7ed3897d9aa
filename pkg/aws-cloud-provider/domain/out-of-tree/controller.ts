/**
 * The aws-cloud-controller-manager as Rancher clusters install it: the chart, the objects it
 * makes, the release that matches each Kubernetes minor, and the taints Rancher puts on nodes
 * of pools without the worker role (which the controller's pods must tolerate).
 */
import { KubeVersion } from '../kubernetes-version';
import { KubeTaint, KubeToleration } from '../kube';
import { NodeRole } from '../roles';

/** The chart, from cloud-provider-aws's Helm repository, installed by RKE2's helm-controller. */
export const CONTROLLER_CHART = {
  chart:       'aws-cloud-controller-manager',
  repo:        'https://kubernetes.github.io/cloud-provider-aws',
  /** The HelmChart object's name and namespace; the helm-controller's job is `helm-install-<name>`. */
  name:        'aws-cloud-controller-manager',
  namespace:   'kube-system',
  /** The chart's DaemonSet and the label of its pods. */
  daemonSet:   'aws-cloud-controller-manager',
  podLabel:    { key: 'k8s-app', value: 'aws-cloud-controller-manager' },
  image:       'registry.k8s.io/provider-aws/cloud-controller-manager',
} as const;

export const installJobName = (helmChartName: string): string => `helm-install-${ helmChartName }`;

/** The EBS CSI driver chart: EBS volumes from 1.27 (the in-tree volume plugin is gone). */
export const EBS_CSI_CHART = {
  chart:     'aws-ebs-csi-driver',
  repo:      'https://kubernetes-sigs.github.io/aws-ebs-csi-driver',
  name:      'aws-ebs-csi-driver',
  namespace: 'kube-system',
} as const;

/** The newest controller release per Kubernetes minor (cloud-provider-aws tags, mid-2026). */
export const CONTROLLER_RELEASES: Readonly<Record<number, string>> = {
  27: 'v1.27.10',
  28: 'v1.28.11',
  29: 'v1.29.10',
  30: 'v1.30.10',
  31: 'v1.31.9',
  32: 'v1.32.8',
  33: 'v1.33.4',
  34: 'v1.34.3',
  35: 'v1.35.2',
  36: 'v1.36.1',
};

/** The chart's appVersion (chart 0.0.11): the image when `image.tag` is not set. */
export const CHART_DEFAULT_IMAGE_TAG = 'v1.35.0';

/** The release matching the cluster's minor; undefined when none is known for it. */
export function controllerImageTag(version: KubeVersion): string | undefined {
  return version.major === 1 ? CONTROLLER_RELEASES[version.minor] : undefined;
}

/** The minor of an image tag or reference, e.g. `…:v1.33.4` → 33; undefined when it has none. */
export function minorOfImage(image: string | undefined): number | undefined {
  const tag = (image || '').split(':').pop() || '';
  const match = /^v?1\.(\d+)(\.|$)/.exec(tag);

  return match ? Number(match[1]) : undefined;
}

export const UNINITIALIZED_TAINT: KubeTaint = {
  key: 'node.cloudprovider.kubernetes.io/uninitialized', value: 'true', effect: 'NoSchedule'
};
// Rancher's planner sets these without a value (getTaints, pkg/capr/planner): a toleration with value "true" and no `Exists` misses them.
export const CONTROL_PLANE_TAINT: KubeTaint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };
export const ETCD_TAINT: KubeTaint = { key: 'node-role.kubernetes.io/etcd', effect: 'NoExecute' };

/**
 * The taints Rancher puts on a pool's nodes: none with the worker role; otherwise control plane
 * NoSchedule and etcd NoExecute (rancher/rancher#44767, #49889). Every node also starts with the
 * provider's `uninitialized` taint until the controller initialises it.
 */
export function taintsOfPool(roles: readonly NodeRole[]): KubeTaint[] {
  const taints = [UNINITIALIZED_TAINT];

  if (!roles.includes('worker')) {
    if (roles.includes('controlplane')) {
      taints.push(CONTROL_PLANE_TAINT);
    }
    if (roles.includes('etcd')) {
      taints.push(ETCD_TAINT);
    }
  }

  return taints;
}

/** RKE2's and K3s's control-plane label value: the chart's default `""` selects no such node. */
export const CONTROL_PLANE_SELECTOR: Readonly<Record<string, string>> = { 'node-role.kubernetes.io/control-plane': 'true' };

/** The labels RKE2 and K3s give a node of these roles (what a nodeSelector can match). */
export function labelsOfRoles(roles: readonly NodeRole[]): Record<string, string> {
  return {
    ...(roles.includes('controlplane') ? { 'node-role.kubernetes.io/control-plane': 'true', 'node-role.kubernetes.io/master': 'true' } : {}),
    ...(roles.includes('etcd') ? { 'node-role.kubernetes.io/etcd': 'true' } : {}),
    ...(roles.includes('worker') ? { 'node-role.kubernetes.io/worker': 'true' } : {}),
  };
}

/**
 * The controller's tolerations: the `uninitialized` taint (it must run before any node is
 * initialised) and every taint Rancher puts on control-plane pools, etcd's NoExecute included,
 * so that a control-plane + etcd pool (or one added later) still runs it.
 */
export const CONTROLLER_TOLERATIONS: readonly KubeToleration[] = [
  {
    key: UNINITIALIZED_TAINT.key, value: 'true', effect: 'NoSchedule'
  },
  {
    key: CONTROL_PLANE_TAINT.key, operator: 'Exists', effect: 'NoSchedule'
  },
  {
    key: 'node-role.kubernetes.io/master', operator: 'Exists', effect: 'NoSchedule'
  },
  {
    key: ETCD_TAINT.key, operator: 'Exists', effect: 'NoExecute'
  },
];
