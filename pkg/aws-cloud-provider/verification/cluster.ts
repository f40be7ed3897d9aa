/**
 * The running cluster, as the panel's detail tab and the CLI verify it: the nodes and the
 * out-of-tree controller read through a ClusterStateReader, the AWS side of the nodes
 * (verifyNodes) when clients are given, then the controller and node-initialisation checks.
 */
import { GatherOptions } from '../aws/gather';
import { ControllerFacts } from '../domain/kube';
import { ClusterStateReader } from './cluster-state';
import { ClientsFor, NodesVerification } from './verify';

export interface RunningClusterRequest {
  kubernetesVersion?: string;
  clusterId?: string;
  fallbackClusterId?: string;
  fallbackRegion: string;
}

export interface RunningClusterVerification extends NodesVerification {
  /** The nodes as read (empty when the read failed: that is an `unknown` finding). */
  nodes: import('../domain/nodes').KubeNode[];
  /** The controller's objects as read. */
  controller: ControllerFacts;
}

/** Reads the controller's HelmChart, its install job, DaemonSet and pods (in parallel where it can). */
export async function gatherControllerFacts(reader: ClusterStateReader): Promise<ControllerFacts> {
  void reader;
  throw new Error('not implemented');
}

export async function verifyRunningCluster(
  reader: ClusterStateReader,
  request: RunningClusterRequest,
  clientsFor?: ClientsFor,
  options: GatherOptions = {}
): Promise<RunningClusterVerification> {
  void reader; void request; void clientsFor; void options;
  throw new Error('not implemented');
}
