/**
 * The running cluster, as the panel's detail tab and the CLI verify it: the nodes and the
 * out-of-tree controller read through a ClusterStateReader (in parallel), the AWS side of the
 * nodes (verifyNodes) when clients are given, then the controller and node-initialisation checks,
 * as one list of findings. A read that fails is an `unknown` finding, never a crash.
 */
import { GatherOptions } from '../aws/gather';
import { runControllerChecks } from '../domain/checks/cluster';
import { InitialisationAws, initialisationAws } from '../domain/checks/node-initialized';
import { Fact } from '../domain/facts';
import { ControllerFacts } from '../domain/kube';
import { KubeNode } from '../domain/nodes';
import { CONTROLLER_CHART, installJobName } from '../domain/out-of-tree/controller';
import { providerContext } from '../domain/provider';
import { mergeFindings } from '../domain/report';
import { ClusterStateReader } from './cluster-state';
import { ClientsFor, NodesVerification, verifyNodes } from './verify';

export interface RunningClusterRequest {
  /** The cluster's version (the panel's cluster object, the CLI's --kubernetes-version or the API server's). */
  kubernetesVersion?: string;
  /** The cluster ID of the tags; else the one the nodes' instances carry, else `fallbackClusterId`. */
  clusterId?: string;
  fallbackClusterId?: string;
  /** The region when no node's providerID names a zone. */
  fallbackRegion: string;
}

export interface RunningClusterVerification extends NodesVerification {
  /** The nodes as read, or the error that stopped the read. */
  nodes: Fact<KubeNode[]>;
  /** The controller's objects as read. */
  controller: ControllerFacts;
}

/**
 * Reads the controller's HelmChart, its install job, DaemonSet and pods in parallel. The job is
 * read by its usual name (`helm-install-<chart>`) at once, and again by the HelmChart's
 * `status.jobName` only when that names another.
 */
export async function gatherControllerFacts(reader: ClusterStateReader): Promise<ControllerFacts> {
  const { namespace, name } = CONTROLLER_CHART;
  const usualJob = installJobName(name);
  const [helmChart, job, daemonSet, pods] = await Promise.all([
    reader.helmChart(namespace, name),
    reader.job(namespace, usualJob),
    reader.daemonSet(namespace, CONTROLLER_CHART.daemonSet),
    reader.pods(namespace, `${ CONTROLLER_CHART.podLabel.key }=${ CONTROLLER_CHART.podLabel.value }`),
  ]);
  const statusJob = helmChart.ok ? helmChart.value?.jobName : undefined;

  return {
    helmChart, job: statusJob && statusJob !== usualJob ? await reader.job(namespace, statusJob) : job, daemonSet, pods
  };
}

export async function verifyRunningCluster(
  reader: ClusterStateReader,
  request: RunningClusterRequest,
  clientsFor?: ClientsFor,
  options: GatherOptions = {}
): Promise<RunningClusterVerification> {
  const [nodes, controller] = await Promise.all([reader.nodes(), gatherControllerFacts(reader)]);
  const context = providerContext({ kubernetesVersion: request.kubernetesVersion });
  let onAws: NodesVerification = {
    findings: [], tagTargets: [], region: request.fallbackRegion, clusterId: request.clusterId || request.fallbackClusterId || '', instances: []
  };
  let aws: InitialisationAws | undefined;

  // Without the nodes there are no instances to look up: the unknown node finding says why.
  if (clientsFor && nodes.ok) {
    onAws = await verifyNodes(nodes.value, request, clientsFor, options);
    aws = initialisationAws(nodes.value, onAws.instances, onAws.clusterId, onAws.findings);
  }

  const findings = mergeFindings([runControllerChecks({
    context, nodes, facts: controller, aws
  }), onAws.findings]);

  return {
    ...onAws, findings, nodes, controller
  };
}
