/**
 * Steve (`/v1`, and `/k8s/clusters/<id>/v1` for a downstream cluster): schemas, counts, lists
 * (namespace, label selector, filters), get, create, update, delete; a chart repository's actions
 * and links; the compute-only types of Rancher's extension API. Creating or saving a provisioning
 * cluster does what Rancher does with it.
 */

import { IncomingMessage, ServerResponse } from 'http';
import { CatalogApi } from './catalog-api';
import { clusterCreated } from './provisioning';
import { chartIndex, chartInfo } from './releases';
import { generatedSuffix, readBody, Reply, without } from './reply';
import {
  matchesLabelSelector, notFoundMessage, steveCollection, SteveObject, steveObject, steveSchema, SteveStore, TypeSpec, withSteveLinks
} from './steve';
import { steveListQuery } from './steve-query';
import { FakeStore } from './store';

/** The Steve API of `store`: `steve(req, res, url, api, apiBase, rest)` answers `rest` (after `/v1/`) from `api`. */
export function steveRoutes(store: FakeStore, catalog: CatalogApi, { json, notFoundError }: Reply, clusterSaved: (cluster: SteveObject) => void) {
  async function steve(req: IncomingMessage, res: ServerResponse, url: URL, api: SteveStore, apiBase: string, rest: string) {
    const method = req.method || 'GET';
    const parts = rest.split('/').filter(Boolean).map(decodeURIComponent);
    const self = `${ apiBase }/${ rest }${ url.search }`;

    if (parts[0] === 'schemas') {
      const schemas = api.types.map((spec) => steveSchema(spec, apiBase));

      if (parts.length === 1) {
        return json(res, 200, steveCollection('schema', schemas, apiBase, self));
      }
      const schema = schemas.find((s) => s.id === parts[1]);

      return schema ? json(res, 200, schema) : notFoundError(req, res, url.pathname, `schema ${ parts[1] } not found`);
    }
    if (parts[0] === 'counts' || parts[0] === 'count') {
      const counts: Record<string, unknown> = {};

      for (const spec of api.types) {
        const objects = api.list(spec.id);
        const namespaces: Record<string, { count: number }> = {};

        for (const object of objects) {
          if (object.metadata.namespace) {
            namespaces[object.metadata.namespace] = { count: (namespaces[object.metadata.namespace]?.count || 0) + 1 };
          }
        }
        counts[spec.id] = { summary: { count: objects.length }, ...(spec.namespaced ? { namespaces } : {}) };
      }

      return json(res, 200, steveCollection('count', [{
        id: 'count', type: 'count', links: { self: `${ apiBase }/counts/count` }, counts
      }], apiBase, self));
    }

    // Steve accepts the schema ID or its plural: management.cattle.io.project or ...projects.
    const spec = api.spec(parts[0]) || api.spec(parts[0].replace(/s$/, ''));

    if (!spec) {
      return notFoundError(req, res, `${ url.pathname }${ url.search }`, `schema ${ parts[0] } not found`);
    }

    if (spec.createOnly) {
      return createOnly(req, res, spec, api, apiBase, parts);
    }

    // /<type>, /<type>/<namespace> (namespaced list), /<type>/<name>, /<type>/<namespace>/<name>
    let namespace: string | undefined;
    let id: string | undefined;

    if (parts.length === 2) {
      if (spec.namespaced && method === 'GET') {
        namespace = parts[1];
      } else if (spec.namespaced && method === 'POST') {
        namespace = parts[1];
      } else {
        id = parts[1];
      }
    } else if (parts.length >= 3) {
      namespace = parts[1];
      id = `${ parts[1] }/${ parts.slice(2).join('/') }`;
    }

    if (method === 'GET' && !id) {
      const page = steveListQuery(api.list(spec.id)
        .filter((object) => !namespace || object.metadata.namespace === namespace)
        .filter((object) => matchesLabelSelector(object, url.searchParams.get('labelSelector'))), url.searchParams);

      return json(res, 200, {
        ...steveCollection(spec.id, page.data.map((object) => withSteveLinks(object, apiBase)), apiBase, self), count: page.count, ...(page.pages !== undefined ? { pages: page.pages } : {})
      });
    }
    if (method === 'GET' && id) {
      const object = api.get(spec.id, id);

      if (object && url.searchParams.get('link')) {
        return await followLink(req, res, url, object);
      }

      return object ? json(res, 200, withSteveLinks(object, apiBase)) : notFoundError(req, res, url.pathname, notFoundMessage(spec, id.split('/').pop() || id));
    }

    const body = method === 'DELETE' ? {} : JSON.parse(await readBody(req) || '{}');
    const action = url.searchParams.get('action');

    if (method === 'POST' && id && action && spec.id === 'catalog.cattle.io.clusterrepo' && api === store.management) {
      const repo = api.get(spec.id, id);
      const answer = repo ? await catalog.action(repo, action, body) : undefined;

      return answer ? json(res, answer.status, answer.body) : notFoundError(req, res, url.pathname, notFoundMessage(spec, id));
    }
    if (method === 'POST') {
      const metadata = body.metadata || {};
      const name = metadata.name || `${ metadata.generateName || `${ spec.kind.toLowerCase() }-` }${ generatedSuffix() }`;
      const fields = without(body, ['id', 'type', 'links']);
      const created = steveObject(spec, name, spec.namespaced ? (metadata.namespace || namespace || 'default') : undefined, {
        ...fields,
        metadata: {
          ...metadata,
          name,
          ...(spec.namespaced ? { namespace: metadata.namespace || namespace || 'default' } : {}),
          creationTimestamp: new Date().toISOString(),
          state:             {
            name: 'active', error: false, transitioning: false, message: ''
          },
        },
      });

      if (spec.id === 'provisioning.cattle.io.cluster' && api === store.management) {
        api.add(clusterCreated(created));
      }
      api.add(spec.id === 'catalog.cattle.io.clusterrepo' && api === store.management ? await catalog.downloaded(created) : created);

      return json(res, 201, withSteveLinks(api.get(spec.id, created.id) as SteveObject, apiBase));
    }

    const existing = id ? api.get(spec.id, id) : undefined;

    if (!existing || !id) {
      return notFoundError(req, res, url.pathname, notFoundMessage(spec, (id || '').split('/').pop() || ''));
    }
    if (method === 'DELETE') {
      api.remove(spec.id, id);

      return json(res, 200, withSteveLinks(existing, apiBase));
    }
    if (method === 'PUT' || method === 'PATCH') {
      const fields = without(body, ['links']);
      const updated: SteveObject = {
        ...(method === 'PATCH' ? existing : {}),
        ...fields,
        id:       existing.id,
        type:     existing.type,
        // The status subresource: an update of the object itself never changes its status.
        ...(existing.status !== undefined ? { status: existing.status } : {}),
        metadata: {
          ...existing.metadata, ...(fields.metadata || {}), resourceVersion: String(Number(existing.metadata.resourceVersion || 0) + 1)
        },
      };

      api.add(updated);
      if (spec.id === 'provisioning.cattle.io.cluster' && api === store.management) {
        clusterSaved(updated);
      }

      return json(res, 200, withSteveLinks(updated, apiBase));
    }

    json(res, 405, {
      type: 'error', status: 405, code: 'MethodNotAllowed', message: method
    });
  }

  /**
   * A type of Rancher's extension API that only computes: `POST /v1/ext.cattle.io.selfuser` answers
   * who the caller is (`status.userID`, the management user's name) and stores nothing.
   */
  function createOnly(req: IncomingMessage, res: ServerResponse, spec: TypeSpec, api: SteveStore, apiBase: string, parts: string[]) {
    const me = api.list('management.cattle.io.user').find((user) => user.me);

    if (req.method !== 'POST' || parts.length > 1 || spec.id !== 'ext.cattle.io.selfuser' || !me) {
      return json(res, 405, {
        type: 'error', status: 405, code: 'MethodNotAllowed', message: `${ req.method } ${ spec.id }`
      });
    }

    return json(res, 201, {
      id:         '',
      type:       spec.id,
      links:      { self: `${ apiBase }/${ spec.id }` },
      apiVersion: `${ spec.group }/${ spec.version }`,
      kind:       spec.kind,
      metadata:   { creationTimestamp: null },
      status:     { userID: me.metadata.name },
    });
  }

  /** `?link=` of an object: a chart repository's index and chart info. */
  async function followLink(req: IncomingMessage, res: ServerResponse, url: URL, object: SteveObject) {
    const link = url.searchParams.get('link') || '';
    const fromRepository = object.type === 'catalog.cattle.io.clusterrepo' ? await catalog.link(object, link, url.searchParams) : undefined;

    if (fromRepository) {
      return json(res, fromRepository.status, fromRepository.body);
    }

    if (object.type === 'catalog.cattle.io.clusterrepo' && link === 'index') {
      return json(res, 200, chartIndex());
    }
    if (object.type === 'catalog.cattle.io.clusterrepo' && link === 'info') {
      const info = chartInfo(url.searchParams.get('chartName') || '', url.searchParams.get('version'));

      return info ? json(res, 200, info) : notFoundError(req, res, `${ url.pathname }${ url.search }`, 'no such chart');
    }

    return notFoundError(req, res, `${ url.pathname }${ url.search }`, `no link ${ link }`);
  }

  return steve;
}
