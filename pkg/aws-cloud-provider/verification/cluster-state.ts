/**
 * Reading the downstream cluster: the seam both fronts fill. The panel reads through Rancher's
 * cluster proxy (Steve, `/k8s/clusters/<id>/v1/...`, rancher/cluster-state.ts); the CLI through
 * the Kubernetes API with `@kubernetes/client-node` (cli/src/kube-reader.ts). A read that
 * fails is an error fact (operation, code, message), never an empty list; a missing object is null.
 */
import { Fact } from '../domain/facts';
import { KubeDaemonSet, KubeHelmChart, KubeJob, KubePod } from '../domain/kube';
import { KubeNode } from '../domain/nodes';

export interface ClusterStateReader {
  nodes(): Promise<Fact<KubeNode[]>>;
  helmChart(namespace: string, name: string): Promise<Fact<KubeHelmChart | null>>;
  job(namespace: string, name: string): Promise<Fact<KubeJob | null>>;
  daemonSet(namespace: string, name: string): Promise<Fact<KubeDaemonSet | null>>;
  /** Pods matching a label selector such as `k8s-app=aws-cloud-controller-manager`. */
  pods(namespace: string, labelSelector: string): Promise<Fact<KubePod[]>>;
}
