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
  /**
   * A virtual type of Rancher's extension API server (`ext.cattle.io`), such as SelfUser: it only
   * answers a create, with the object it computes, and stores nothing.
   */
  createOnly?: boolean;
  /** The table columns Steve gives a type with a table converter (`attributes.columns`; objects carry `metadata.fields`). */
  columns?: { name: string, field: string, type: string, format: string, description: string, priority: number }[];
}

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

let uidCounter = 0;

/** A Steve object of `spec` with the metadata Rancher always fills (state, uid, resourceVersion). */
export function steveObject(spec: TypeSpec, name: string, namespace: string | undefined, body: Omit<Partial<SteveObject>, 'metadata'> & { metadata?: Partial<ObjectMeta>, labels?: Record<string, string>, annotations?: Record<string, string> } = {}): SteveObject {
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
    resourceMethods:   spec.createOnly ? [] : ['GET', 'DELETE', 'PUT', 'PATCH'],
    collectionMethods: spec.createOnly ? ['POST'] : ['GET', 'POST'],
    attributes:        {
      group:      spec.group,
      version:    spec.version,
      kind:       spec.kind,
      namespaced: spec.namespaced,
      resource:   `${ spec.kind.toLowerCase() }s`,
      verbs:      spec.createOnly ? ['create'] : VERBS,
      ...(spec.columns ? { columns: spec.columns } : {}),
    },
  };
}

/** Links some types have beside self/update/remove/view, followed with `?link=<name>`. */
const EXTRA_LINKS: Record<string, string[]> = { 'catalog.cattle.io.clusterrepo': ['index', 'info'] };
/** Steve's actions of a type: `?action=<name>` on the object (a chart repository installs charts). */
const ACTIONS: Record<string, string[]> = { 'catalog.cattle.io.clusterrepo': ['install', 'upgrade'] };

/** The object with the links Steve adds (self, update, remove, view and the type's own). */
export function withSteveLinks(object: SteveObject, base: string): SteveObject {
  const self = `${ base }/${ object.type }s/${ object.id }`;
  const extra = Object.fromEntries((EXTRA_LINKS[object.type] || []).map((name) => [name, `${ self }?link=${ name }`]));

  const actions = Object.fromEntries((ACTIONS[object.type] || []).map((name) => [name, `${ self }?action=${ name }`]));

  return {
    ...object,
    links: {
      self, update: self, remove: self, view: self, ...extra
    },
    ...(ACTIONS[object.type] ? { actions } : {}),
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

/** Kubernetes' NotFound message, which Steve passes on: `daemonsets.apps "name" not found`, `nodes "name" not found`. */
export function notFoundMessage(spec: TypeSpec, name: string): string {
  const resource = `${ spec.kind.toLowerCase() }s`;

  return `${ spec.group ? `${ resource }.${ spec.group }` : resource } "${ name }" not found`;
}

/** The terms of a label selector: commas separate terms, except inside `in (a,b)`. */
function selectorTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let term = '';

  for (const char of selector) {
    depth += char === '(' ? 1 : char === ')' ? -1 : 0;
    if (char === ',' && depth === 0) {
      terms.push(term);
      term = '';
    } else {
      term += char;
    }
  }

  return [...terms, term].map((t) => t.trim()).filter(Boolean);
}

/**
 * Kubernetes' label selector syntax, which Steve hands to the API server as `labelSelector`
 * (its proxy store decodes the query into ListOptions): `k=v`, `k==v`, `k!=v`, `k`, `!k`,
 * `k in (a,b)`, `k notin (a,b)`, terms ANDed.
 */
export function matchesLabelSelector(object: SteveObject, selector: string | null): boolean {
  if (!selector) {
    return true;
  }
  const labels = object.metadata.labels || {};

  return selectorTerms(selector).every((term) => {
    const set = /^([^\s!=]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term);

    if (set) {
      const values = set[3].split(',').map((v) => v.trim());

      return set[2] === 'in' ? set[1] in labels && values.includes(labels[set[1]]) : !(set[1] in labels) || !values.includes(labels[set[1]]);
    }
    const unequal = /^([^!=]+)!=(.*)$/.exec(term);

    if (unequal) {
      return labels[unequal[1].trim()] !== unequal[2].trim();
    }
    const equal = /^([^!=]+)==?(.*)$/.exec(term);

    if (equal) {
      return labels[equal[1].trim()] === equal[2].trim();
    }

    return term.startsWith('!') ? !(term.slice(1).trim() in labels) : term in labels;
  });
}

/** The objects of one Steve API (Rancher's own, or one downstream cluster's). */
export class SteveStore {
  private objects = new Map<string, SteveObject[]>();

  constructor(readonly types: TypeSpec[], objects: SteveObject[]) {
    for (const object of objects) {
      this.add(object);
    }
  }

  spec(type: string): TypeSpec | undefined {
    return this.types.find((spec) => spec.id === type);
  }

  list(type: string): SteveObject[] {
    return this.objects.get(type) || [];
  }

  get(type: string, id: string): SteveObject | undefined {
    return this.list(type).find((object) => object.id === id);
  }

  add(object: SteveObject): SteveObject {
    this.objects.set(object.type, [...this.list(object.type).filter((o) => o.id !== object.id), object]);

    return object;
  }

  remove(type: string, id: string): SteveObject | undefined {
    const found = this.get(type, id);

    this.objects.set(type, this.list(type).filter((o) => o.id !== id));

    return found;
  }
}
