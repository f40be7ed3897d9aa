/**
 * The downstream cluster through the Kubernetes API with the Kubernetes project's own client
 * (`@kubernetes/client-node`, from a kubeconfig file): the ClusterStateReader the CLI gives the
 * running-cluster use case. A 404 is null, any other failure an error fact with the API's answer.
 */
import {
  AppsV1Api, BatchV1Api, CoreV1Api, CustomObjectsApi, HttpError, KubeConfig, V1Condition, V1DaemonSet, V1Job, V1Node, V1Pod, VersionApi
} from '@kubernetes/client-node';
import { AwsError, Fact } from '@pkg/domain/facts';
import {
  KubeCondition, KubeDaemonSet, KubeHelmChart, KubeJob, KubePod, KubeTaint
} from '@pkg/domain/kube';
import { KubeNode } from '@pkg/domain/nodes';
import { ClusterStateReader } from '@pkg/verification/cluster-state';

const conditions = (list: { type: string, status: string, reason?: string, message?: string }[] | undefined): KubeCondition[] => (list || []).map((c) => ({
  type: c.type, status: c.status, reason: c.reason, message: c.message
}));

export function toNode(node: V1Node): KubeNode {
  return {
    name:       node.metadata?.name || '',
    providerID: node.spec?.providerID,
    addresses:  node.status?.addresses?.map((a) => ({ type: a.type, address: a.address })),
    labels:     node.metadata?.labels || {},
    taints:     (node.spec?.taints || []).map((t): KubeTaint => ({
      key: t.key, value: t.value, effect: t.effect
    })),
  };
}

export function toDaemonSet(ds: V1DaemonSet): KubeDaemonSet {
  const pod = ds.spec?.template.spec;

  return {
    name:         ds.metadata?.name || '',
    namespace:    ds.metadata?.namespace || '',
    desired:      ds.status?.desiredNumberScheduled ?? 0,
    ready:        ds.status?.numberReady ?? 0,
    available:    ds.status?.numberAvailable ?? 0,
    nodeSelector: pod?.nodeSelector || {},
    tolerations:  (pod?.tolerations || []).map((t) => ({
      key: t.key, operator: t.operator, value: t.value, effect: t.effect
    })),
    hostNetwork: !!pod?.hostNetwork,
    image:       pod?.containers?.[0]?.image,
  };
}

export function toJob(job: V1Job): KubeJob {
  return {
    name:       job.metadata?.name || '',
    namespace:  job.metadata?.namespace || '',
    succeeded:  job.status?.succeeded ?? 0,
    failed:     job.status?.failed ?? 0,
    active:     job.status?.active ?? 0,
    conditions: conditions(job.status?.conditions),
  };
}

export function toPod(pod: V1Pod): KubePod {
  return {
    name:       pod.metadata?.name || '',
    namespace:  pod.metadata?.namespace || '',
    nodeName:   pod.spec?.nodeName,
    phase:      pod.status?.phase || 'Unknown',
    conditions: conditions(pod.status?.conditions),
    image:      pod.spec?.containers?.[0]?.image,
  };
}

interface HelmChartObject {
  metadata?: { name?: string, namespace?: string };
  spec?: { chart?: string, repo?: string, version?: string, valuesContent?: string };
  status?: { jobName?: string, conditions?: V1Condition[] };
}

export function toHelmChart(object: HelmChartObject): KubeHelmChart {
  return {
    name:          object.metadata?.name || '',
    namespace:     object.metadata?.namespace || '',
    chart:         object.spec?.chart,
    repo:          object.spec?.repo,
    version:       object.spec?.version,
    valuesContent: object.spec?.valuesContent,
    jobName:       object.status?.jobName,
    conditions:    conditions(object.status?.conditions),
  };
}

/** The API's refusal as an error fact: the Status object's reason and message, else the network error. */
export function kubeError(operation: string, error: unknown): AwsError {
  if (error instanceof HttpError || (error as HttpError)?.response) {
    const { body, statusCode } = error as HttpError;
    const status = typeof body === 'object' && body ? body : {};

    return {
      operation, code: status.reason || String(statusCode || 'Error'), message: status.message || (typeof body === 'string' ? body : String(statusCode))
    };
  }

  const plain = error as { code?: string, message?: string };

  return {
    operation, code: plain?.code || 'Error', message: plain?.message || String(error)
  };
}

const isNotFound = (error: unknown) => (error as HttpError)?.statusCode === 404;

/** A read: the value, null on 404 when `missing` allows it, else the error. */
async function read<T, R>(operation: string, call: () => Promise<{ body: T }>, map: (body: T) => R): Promise<Fact<R>>;
async function read<T, R>(operation: string, call: () => Promise<{ body: T }>, map: (body: T) => R, missing: true): Promise<Fact<R | null>>;
async function read<T, R>(operation: string, call: () => Promise<{ body: T }>, map: (body: T) => R, missing = false): Promise<Fact<R | null>> {
  try {
    return { ok: true, value: map((await call()).body) };
  } catch (error) {
    if (missing && isNotFound(error)) {
      return { ok: true, value: null };
    }

    return { ok: false, error: kubeError(operation, error) };
  }
}

export interface KubeReader extends ClusterStateReader {
  /** The API server's version (`/version` gitVersion, e.g. v1.31.4+rke2r1). */
  serverVersion(): Promise<Fact<string>>;
  /** The kubeconfig's current context and server, for the report. */
  describe(): { context: string, server: string };
}

/** A kubeconfig file (or the KUBECONFIG list, as kubectl reads it); throws when it cannot be loaded. */
export function loadKubeConfig(file: string): KubeConfig {
  const config = new KubeConfig();

  config.loadFromFile(file);
  if (!config.getCurrentCluster()) {
    throw new Error(`no current cluster in ${ file }`);
  }

  return config;
}

export function kubeReader(config: KubeConfig, timeoutMs: number): KubeReader {
  const withTimeout = <A extends { addInterceptor(i: (options: { timeout?: number }) => void): void }>(api: A): A => {
    api.addInterceptor((options) => {
      options.timeout = timeoutMs;
    });

    return api;
  };
  const core = withTimeout(config.makeApiClient(CoreV1Api));
  const apps = withTimeout(config.makeApiClient(AppsV1Api));
  const batch = withTimeout(config.makeApiClient(BatchV1Api));
  const custom = withTimeout(config.makeApiClient(CustomObjectsApi));
  const version = withTimeout(config.makeApiClient(VersionApi));

  return {
    nodes:         () => read('list nodes', () => core.listNode(), (list) => list.items.map(toNode)),
    helmChart:     (namespace, name) => read(`get helmcharts.helm.cattle.io ${ namespace }/${ name }`, () => custom.getNamespacedCustomObject('helm.cattle.io', 'v1', namespace, 'helmcharts', name) as Promise<{ body: HelmChartObject }>, toHelmChart, true),
    job:           (namespace, name) => read(`get jobs ${ namespace }/${ name }`, () => batch.readNamespacedJob(name, namespace), toJob, true),
    daemonSet:     (namespace, name) => read(`get daemonsets ${ namespace }/${ name }`, () => apps.readNamespacedDaemonSet(name, namespace), toDaemonSet, true),
    pods:          (namespace, labelSelector) => read(`list pods -n ${ namespace } -l ${ labelSelector }`, () => core.listNamespacedPod(namespace, undefined, undefined, undefined, undefined, labelSelector), (list) => list.items.map(toPod)),
    serverVersion: () => read('get /version', () => version.getCode(), (info) => info.gitVersion),
    describe:      () => ({ context: config.getCurrentContext(), server: config.getCurrentCluster()?.server || '' }),
  };
}
