/**
 * The downstream cluster read through Rancher's cluster proxy: Steve at
 * `/k8s/clusters/<management cluster ID>/v1/...`, requested with the host store's
 * `management/request` (the shell's own request action: it answers the JSON body, and rejects
 * with Steve's error body `{type: 'error', status, code, message}` carrying the HTTP status as
 * `_status`). Steve objects (`{id, type, metadata, spec, status}`; lists in a collection
 * `{type: 'collection', data}`) become the domain's shapes. A 404 is "no such object" (null);
 * any other failure is an error fact, never an empty answer.
 */

import { AwsError, Fact, failed, ok } from '../domain/facts';
import { ClusterStateReader } from '../verification/cluster-state';
import {
  KubeObject, toDaemonSet, toHelmChart, toJob, toKubeNode, toPod
} from '../verification/kube-objects';
import { HostStore } from './aws-access';

/** A Kubernetes object as Steve answers it. */
export type SteveResource = KubeObject;

interface SteveCollection { type?: string, data?: SteveResource[] }

/** What the shell's request action rejects with: Steve's error body (with `_status`), or a transport error. */
interface RequestFailure { _status?: number, status?: number | string, code?: string, message?: string }

/** A failed request as an error fact: the HTTP status as the code, Steve's message as the message. */
export function steveErrorOf(operation: string, error: unknown): AwsError {
  const e = (error || {}) as RequestFailure;
  const status = e._status || (typeof e.status === 'number' ? e.status : Number(e.status) || undefined);

  return {
    operation, code: status ? `HTTP ${ status }` : (e.code || 'Error'), message: e.message || String(error)
  };
}

const isNotFound = (error: unknown) => {
  const e = (error || {}) as RequestFailure;

  return e._status === 404 || (e._status === undefined && Number(e.status) === 404);
};

const path = (...parts: string[]) => parts.map(encodeURIComponent).join('/');

/** A ClusterStateReader over Rancher's proxy to one downstream cluster. */
export function steveClusterState(store: HostStore, managementClusterId: string): ClusterStateReader {
  const base = `/k8s/clusters/${ encodeURIComponent(managementClusterId) }/v1`;
  const request = (url: string) => store.dispatch('management/request', { url: `${ base }/${ url }` });

  async function byId<T>(operation: string, url: string, map: (object: SteveResource) => T): Promise<Fact<T | null>> {
    try {
      return ok(map(await request(url) as SteveResource));
    } catch (error) {
      return isNotFound(error) ? ok(null) : failed(steveErrorOf(operation, error));
    }
  }

  async function list<T>(operation: string, url: string, map: (object: SteveResource) => T): Promise<Fact<T[]>> {
    try {
      const collection = await request(url) as SteveCollection;

      return ok((collection?.data || []).map(map));
    } catch (error) {
      return failed(steveErrorOf(operation, error));
    }
  }

  return {
    nodes:     () => list('list nodes', 'nodes?exclude=metadata.managedFields', toKubeNode),
    helmChart: (namespace, name) => byId(`get helm.cattle.io.helmchart ${ namespace }/${ name }`, `helm.cattle.io.helmcharts/${ path(namespace, name) }`, toHelmChart),
    job:       (namespace, name) => byId(`get batch.job ${ namespace }/${ name }`, `batch.jobs/${ path(namespace, name) }`, toJob),
    daemonSet: (namespace, name) => byId(`get apps.daemonset ${ namespace }/${ name }`, `apps.daemonsets/${ path(namespace, name) }`, toDaemonSet),
    // Steve's proxy store decodes the query into the API server's ListOptions: labelSelector passes through.
    pods:      (namespace, labelSelector) => list(`list pods ${ namespace } ${ labelSelector }`, `pods/${ encodeURIComponent(namespace) }?labelSelector=${ encodeURIComponent(labelSelector) }&exclude=metadata.managedFields`, toPod),
  };
}
