/**
 * The downstream cluster through the Kubernetes API with the Kubernetes project's own client
 * (`@kubernetes/client-node`, from a kubeconfig file): the ClusterStateReader the CLI gives the
 * running-cluster use case. A 404 is null, any other failure an error fact with the API's answer.
 */
import {
  AppsV1Api, BatchV1Api, CoreV1Api, CustomObjectsApi, HttpError, KubeConfig, VersionApi
} from '@kubernetes/client-node';
import { AwsError, Fact } from '@pkg/domain/facts';
import { ClusterStateReader } from '@pkg/verification/cluster-state';
import {
  KubeObject, toDaemonSet, toHelmChart, toJob, toKubeNode, toPod
} from '@pkg/verification/kube-objects';

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
    nodes:         () => read('list nodes', () => core.listNode(), (list) => list.items.map((node) => toKubeNode(node as KubeObject))),
    helmChart:     (namespace, name) => read(`get helmcharts.helm.cattle.io ${ namespace }/${ name }`, () => custom.getNamespacedCustomObject('helm.cattle.io', 'v1', namespace, 'helmcharts', name) as Promise<{ body: KubeObject }>, toHelmChart, true),
    job:           (namespace, name) => read(`get jobs ${ namespace }/${ name }`, () => batch.readNamespacedJob(name, namespace), (job) => toJob(job as KubeObject), true),
    daemonSet:     (namespace, name) => read(`get daemonsets ${ namespace }/${ name }`, () => apps.readNamespacedDaemonSet(name, namespace), (daemonSet) => toDaemonSet(daemonSet as KubeObject), true),
    pods:          (namespace, labelSelector) => read(`list pods -n ${ namespace } -l ${ labelSelector }`, () => core.listNamespacedPod(namespace, undefined, undefined, undefined, undefined, labelSelector), (list) => list.items.map((pod) => toPod(pod as KubeObject))),
    serverVersion: () => read('get /version', () => version.getCode(), (info) => info.gitVersion),
    describe:      () => ({ context: config.getCurrentContext(), server: config.getCurrentCluster()?.server || '' }),
  };
}
