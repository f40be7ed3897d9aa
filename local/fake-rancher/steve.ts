/**
 * The shapes Rancher's APIs answer in: Steve (`/v1`, and `/k8s/clusters/<id>/v1` for a downstream
 * cluster) and Norman (`/v3`). Objects are stored without links; links are added per response,
 * from the host the browser used.
 */

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

/** A Kubernetes object as Steve gives it: `id` is `<namespace>/<name>` or `<name>`. */
export interface SteveObject {
  id: string;
  type: string;
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  // Whatever the object's type says; the fake reads and writes them as the API does, untyped.
  spec?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  status?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  [key: string]: unknown;
}

/** One Steve type: its schema ID is `<group>.<kind in lower case>` (no group for core types). */
export interface TypeSpec {
  id: string;
  group: string;
  version: string;
  kind: string;
  namespaced: boolean;
}

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

let uidCounter = 0;

/** A Steve object of `spec` with the metadata Rancher always fills (state, uid, resourceVersion). */
export function steveObject(spec: TypeSpec, name: string, namespace: string | undefined, body: Partial<SteveObject> & { labels?: Record<string, string>, annotations?: Record<string, string> } = {}): SteveObject {
  const {
    labels, annotations, metadata, ...rest
  } = body;
  const uid = `00000000-0000-4000-8000-${ String(++uidCounter).padStart(12, '0') }`;

  return {
    id:         namespace ? `${ namespace }/${ name }` : name,
    type:       spec.id,
    apiVersion: spec.group ? `${ spec.group }/${ spec.version }` : spec.version,
    kind:       spec.kind,
    ...rest,
    metadata:   {
      name,
      ...(namespace ? { namespace } : {}),
      uid,
      resourceVersion:   '1000',
      creationTimestamp: '2026-01-05T09:30:00Z',
      generation:        1,
      labels:            labels || {},
      annotations:       annotations || {},
      state:             {
        name: 'active', error: false, transitioning: false, message: 'Resource is Ready'
      },
      ...(metadata || {}),
    },
  };
}

/** Where a Steve API lives: `/v1` for Rancher's own, `/k8s/clusters/<id>/v1` for a downstream cluster. */
export function steveBase(origin: string, clusterId?: string): string {
  return clusterId ? `${ origin }/k8s/clusters/${ clusterId }/v1` : `${ origin }/v1`;
}

export function steveSchema(spec: TypeSpec, base: string): Record<string, unknown> {
  const plural = `${ spec.id }s`;

  return {
    id:                spec.id,
    type:              'schema',
    links:             { self: `${ base }/schemas/${ spec.id }`, collection: `${ base }/${ plural }` },
    pluralName:        plural,
    resourceMethods:   ['GET', 'DELETE', 'PUT', 'PATCH'],
    collectionMethods: ['GET', 'POST'],
    attributes:        {
      group:      spec.group,
      version:    spec.version,
      kind:       spec.kind,
      namespaced: spec.namespaced,
      resource:   `${ spec.kind.toLowerCase() }s`,
      verbs:      VERBS,
    },
  };
}

/** Links some types have beside self/update/remove/view, followed with `?link=<name>`. */
const EXTRA_LINKS: Record<string, string[]> = { 'catalog.cattle.io.clusterrepo': ['index', 'info'] };

/** The object with the links Steve adds (self, update, remove, view and the type's own). */
export function withSteveLinks(object: SteveObject, base: string): SteveObject {
  const self = `${ base }/${ object.type }s/${ object.id }`;
  const extra = Object.fromEntries((EXTRA_LINKS[object.type] || []).map((name) => [name, `${ self }?link=${ name }`]));

  return {
    ...object,
    links: {
      self, update: self, remove: self, view: self, ...extra
    },
  };
}

export function steveCollection(type: string, data: unknown[], base: string, self: string): Record<string, unknown> {
  return {
    type:         'collection',
    links:        { self },
    createTypes:  { [type]: `${ base }/${ type }s` },
    actions:      {},
    resourceType: type,
    revision:     '1000',
    count:        data.length,
    data,
  };
}

export function normanCollection(type: string, data: unknown[], self: string): Record<string, unknown> {
  return {
    type:         'collection',
    resourceType: type,
    links:        { self },
    actions:      {},
    createTypes:  {},
    filters:      {},
    pagination:   { limit: 1000, total: data.length },
    sort:         { order: 'asc', reverse: `${ self }${ self.includes('?') ? '&' : '?' }order=desc` },
    data,
  };
}

/** A Norman schema: enough for the dashboard's `rancher` store to list, find and create it. */
export function normanSchema(id: string, base: string, resourceFields: Record<string, unknown> = {}): Record<string, unknown> {
  const plural = `${ id.toLowerCase() }s`;

  return {
    id,
    type:              'schema',
    baseType:          'schema',
    links:             { self: `${ base }/schemas/${ id.toLowerCase() }`, collection: `${ base }/${ plural }` },
    pluralName:        `${ id }s`,
    collectionMethods: ['GET', 'POST'],
    resourceMethods:   ['GET', 'PUT', 'DELETE'],
    resourceFields,
  };
}

/** Steve's `labelSelector=a=b,c=d` (equality only) against an object's labels. */
export function matchesLabelSelector(object: SteveObject, selector: string | null): boolean {
  if (!selector) {
    return true;
  }

  return selector.split(',').filter(Boolean).every((term) => {
    const [key, value] = term.split(/==?/);

    return value === undefined ? key in (object.metadata.labels || {}) : object.metadata.labels?.[key] === value;
  });
}
