/**
 * A fake Rancher API in plain Node: it serves a production build of the Rancher dashboard on the
 * same origin, logged in as admin (every API answer carries `x-api-cattle-auth: true`), answers
 * what the dashboard asks for from the world (world.ts), lists the built extension at
 * `/v1/uiplugins` and serves its files as Rancher does, and forwards `/meta/proxy/<aws host>/`
 * to the local AWS endpoint.
 */

import { createReadStream, existsSync, readFileSync, statSync } from 'fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { AddressInfo, Socket } from 'net';
import { extname, join, resolve, sep } from 'path';
import { handleMetaProxy, ProxiedRequest, RefusedRequest } from '../meta-proxy';
import { catalogApi } from './catalog-api';
import {
  matchesLabelSelector, normanCollection, normanSchema, notFoundMessage, steveBase, steveCollection, SteveObject, steveObject, steveSchema, SteveStore, TypeSpec, withSteveLinks
} from './steve';
import { DOWNSTREAM_TYPES, MANAGEMENT_TYPES } from './types';
import { downstreamState, SIMULATED_TYPES } from './downstream';
import { WorldEc2Cluster } from './cluster-shapes';
import { CUSTOM_CLUSTER } from './custom-demo';
import { downstreamCluster, downstreamObjects } from './downstream-objects';
import { K3S_VERSIONS, RANCHER_VERSION, RKE2_VERSIONS } from './ids';
import { clusterCreated } from './provisioning';
import { cloudCredentials, rancherObjects } from './rancher-objects';
import { chartIndex, chartInfo, releases } from './releases';
import { EC2_CLUSTERS } from './world';

export interface FakeRancherOptions {
  /**
   * A production build of the dashboard without the extension (its index.html at the top).
   * Without one (API tests) only the API is served: other paths are 404.
   */
  dashboardDir?: string;
  /** `dist-pkg/`: holds `<name>-<version>/<name>-<version>.umd.min.js` and its chunks; without it no extension file is served. */
  extensionDir?: string;
  /** The local AWS endpoint `/meta/proxy` forwards to. */
  awsEndpointUrl: string;
  /** The extension's source package.json (name, version, `rancher.annotations`); default pkg/aws-cloud-provider. */
  extensionPackageJson?: string;
  port?: number;
  host?: string;
  /** More Amazon EC2 clusters besides the world's own (fleet.ts generatedClusters): a fleet of many. */
  extraClusters?: WorldEc2Cluster[];
  /**
   * An API token (`token-xxxxx:secret`): when given, API requests must carry it, as Rancher
   * wants, in `Authorization: Bearer <token>` (an API client such as the CLI) or in the
   * `R_SESS` session cookie, which the fake sets on every page of the dashboard it serves (the
   * browser session, as after Rancher's login). Without it (API tests) every request is admin's.
   */
  token?: string;
  /**
   * False: Rancher without the extension, to install it from a Helm repository through the
   * Extensions page (catalog-api.ts). Default true: its UIPlugin is there, serving `extensionDir`.
   */
  extensionInstalled?: boolean;
}

export interface LoggedRequest { method: string, path: string }

const DEFAULT_PACKAGE_JSON = join(__dirname, '..', '..', 'pkg', 'aws-cloud-provider', 'package.json');

const CONTENT_TYPES: Record<string, string> = {
  '.html':  'text/html; charset=utf-8',
  '.js':    'application/javascript; charset=utf-8',
  '.mjs':   'application/javascript; charset=utf-8',
  '.css':   'text/css; charset=utf-8',
  '.json':  'application/json; charset=utf-8',
  '.map':   'application/json; charset=utf-8',
  '.svg':   'image/svg+xml',
  '.png':   'image/png',
  '.jpg':   'image/jpeg',
  '.jpeg':  'image/jpeg',
  '.gif':   'image/gif',
  '.webp':  'image/webp',
  '.ico':   'image/x-icon',
  '.woff':  'font/woff',
  '.woff2': 'font/woff2',
  '.ttf':   'font/ttf',
  '.eot':   'application/vnd.ms-fontobject',
  '.txt':   'text/plain; charset=utf-8',
};

/** Paths Rancher answers itself; everything else is the dashboard (files, or index.html for its routes). */
const API_PATH = /^\/(v1|v3|v1-[a-z0-9-]+|v3-public|k8s|meta|api|apis|rancherversion|version|healthz|ping)(\/|$)/;

/** What Rancher answers without a login: its version, the login providers, the health checks. */
const PUBLIC_PATH = /^\/(rancherversion|version|healthz|ping|v1-public|v3-public)(\/|$)/;

/** The `R_SESS` cookie of the request, if any. */
function sessionCookie(req: IncomingMessage): string | undefined {
  for (const part of String(req.headers.cookie || '').split(';')) {
    const [name, ...value] = part.trim().split('=');

    if (name === 'R_SESS') {
      return decodeURIComponent(value.join('='));
    }
  }

  return undefined;
}

export { SteveStore };

export interface FakeStore {
  /** Rancher's own Steve (`/v1`). */
  management: SteveStore;
  /** Each downstream cluster's Steve (`/k8s/clusters/<id>/v1`), by management cluster ID. */
  downstream: Record<string, SteveStore>;
  /** Norman cloud credentials (`/v3/cloudcredentials`). */
  cloudCredentials: Record<string, unknown>[];
}

export interface FakeRancher {
  url: string;
  /** Every request, in order (static files included). */
  requests: LoggedRequest[];
  /** API requests answered 404 (unknown types or paths). */
  notFound: LoggedRequest[];
  /** With a token: API requests refused for carrying neither it nor the session cookie... */
  unauthorized: LoggedRequest[];
  /** ...and those that carried it as `Authorization: Bearer` (API clients such as the CLI). */
  authenticated: LoggedRequest[];
  /** Requests being answered now and the most at once, for `/meta/proxy` and for the rest of the API (`reset` starts a new count). */
  concurrency: { proxy: { now: number, peak: number }, api: { now: number, peak: number }, reset(): void };
  /** `/meta/proxy` requests forwarded to the AWS endpoint... */
  proxied: ProxiedRequest[];
  /** ...and those refused. */
  refused: RefusedRequest[];
  /** What the fake holds now (objects created through the API included). */
  store: FakeStore;
  /**
   * From now on, API requests whose path (with query) matches `path` fail as Steve fails:
   * `{type: 'error', status, code, message}` with that HTTP status (e.g. a 403 Forbidden from
   * the downstream API server). Returns a function that stops it.
   */
  fail(path: RegExp, error: { status: number, code: string, message: string }): () => void;
  close(): Promise<void>;
}

interface ExtensionPackage { name: string, version: string, metadata: Record<string, string> }

function readExtensionPackage(path: string): ExtensionPackage {
  const pkg = JSON.parse(readFileSync(path, 'utf8'));

  return {
    name: pkg.name, version: pkg.version, metadata: { ...(pkg.rancher?.annotations || {}) }
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    let body = '';

    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => resolveBody(body));
    req.on('error', reject);
  });
}

/** A copy of `object` without `keys`. */
function without(object: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([key]) => !keys.includes(key)));
}

let nameCounter = 0;

/** Kubernetes' generateName suffix: five lower-case characters, here predictable. */
function generatedSuffix(): string {
  return (++nameCounter).toString(36).padStart(5, 'x');
}

export async function startFakeRancher(options: FakeRancherOptions): Promise<FakeRancher> {
  const host = options.host || '127.0.0.1';
  const dashboardDir = options.dashboardDir ? resolve(options.dashboardDir) : undefined;
  const extensionDir = options.extensionDir ? resolve(options.extensionDir) : undefined;
  const extension = readExtensionPackage(options.extensionPackageJson || DEFAULT_PACKAGE_JSON);
  const requests: LoggedRequest[] = [];
  const notFound: LoggedRequest[] = [];
  const proxied: ProxiedRequest[] = [];
  const refused: RefusedRequest[] = [];
  const sockets = new Set<Socket>();
  const failures: { path: RegExp, error: { status: number, code: string, message: string } }[] = [];
  const concurrency: FakeRancher['concurrency'] = {
    proxy: { now: 0, peak: 0 },
    api:   { now: 0, peak: 0 },
    reset() {
      concurrency.proxy.peak = concurrency.proxy.now;
      concurrency.api.peak = concurrency.api.now;
    },
  };
  const unauthorized: LoggedRequest[] = [];
  const authenticated: LoggedRequest[] = [];
  let origin = '';

  if (dashboardDir && !existsSync(join(dashboardDir, 'index.html'))) {
    throw new Error(`no dashboard build in ${ dashboardDir } (index.html missing)`);
  }
  const umd = extensionDir && join(extensionDir, `${ extension.name }-${ extension.version }`, `${ extension.name }-${ extension.version }.umd.min.js`);

  if (umd && !existsSync(umd)) {
    throw new Error(`no built extension at ${ umd } (npm run build makes it)`);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent) {
        json(res, 500, {
          type: 'error', status: 500, code: 'ServerError', message: String(error?.stack || error)
        });
      } else {
        res.end();
      }
    });
  });

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // Websockets (/v1/subscribe, /v3/subscribe, cluster subscribes) are refused: the dashboard
  // works without them, reconnecting now and then.
  server.on('upgrade', (req: IncomingMessage, socket: Socket) => {
    requests.push({ method: 'UPGRADE', path: req.url || '' });
    socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  });

  await new Promise<void>((resolveListen) => server.listen(options.port || 0, host, resolveListen));
  origin = `http://${ host }:${ (server.address() as AddressInfo).port }`;

  const ec2Clusters = [...EC2_CLUSTERS, ...(options.extraClusters || [])];
  // Rancher's own API is the local cluster's Steve: `/k8s/clusters/local/v1` and `/v1` are one
  // API (the explorer of `local` lists Rancher's types, the Apps pages its chart repositories).
  const { local: localObjects = [], ...downstreamClusters } = downstreamObjects(options.extraClusters);
  const management = new SteveStore([...MANAGEMENT_TYPES, ...DOWNSTREAM_TYPES.filter((type) => !MANAGEMENT_TYPES.some((m) => m.id === type.id))], [
    ...rancherObjects(origin, extension, options.extraClusters).filter((object) => options.extensionInstalled !== false || object.type !== 'catalog.cattle.io.uiplugin'),
    ...localObjects,
  ]);
  const store: FakeStore = {
    management,
    downstream:       { local: management, ...Object.fromEntries(Object.entries(downstreamClusters).map(([id, objects]) => [id, new SteveStore(DOWNSTREAM_TYPES, objects)])) },
    cloudCredentials: cloudCredentials(),
  };
  const catalog = catalogApi(store.management);

  function json(res: ServerResponse, status: number, body: unknown, extraHeaders: Record<string, string> = {}) {
    res.writeHead(status, {
      'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'x-api-cattle-auth': 'true', ...extraHeaders
    });
    res.end(JSON.stringify(body));
  }

  function notFoundError(req: IncomingMessage, res: ServerResponse, path: string, message = 'not found') {
    notFound.push({ method: req.method || 'GET', path });
    json(res, 404, {
      type: 'error', status: 404, code: 'NotFound', message
    });
  }

  function serveFile(res: ServerResponse, file: string, status = 200) {
    const page = file.endsWith('index.html');

    res.writeHead(status, {
      'Content-Type':  CONTENT_TYPES[extname(file).toLowerCase()] || 'application/octet-stream',
      'Cache-Control': page ? 'no-store' : 'max-age=3600',
      // The dashboard's session, as Rancher's login leaves it: its API requests carry the token in this cookie.
      ...(page && options.token ? { 'Set-Cookie': `R_SESS=${ options.token }; Path=/; HttpOnly; SameSite=Lax` } : {}),
    });
    createReadStream(file).pipe(res);
  }

  /** `dir/relative` when it is a file inside `dir`, else undefined. */
  function fileInside(dir: string, relative: string): string | undefined {
    const file = resolve(dir, `.${ sep }${ decodeURIComponent(relative) }`);

    if (!file.startsWith(dir + sep)) {
      return undefined;
    }

    return statSync(file, { throwIfNoEntry: false })?.isFile() ? file : undefined;
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url || '/', 'http://fake');
    const path = url.pathname;
    const method = req.method || 'GET';
    // Links use the host the browser used (it may not be 127.0.0.1:<port> behind a proxy).
    const base = req.headers.host ? `http://${ req.headers.host }` : origin;

    requests.push({ method, path: req.url || '/' });
    if (path.startsWith('/meta/') || API_PATH.test(path)) {
      const counter = path.startsWith('/meta/proxy/') ? concurrency.proxy : concurrency.api;

      counter.now++;
      counter.peak = Math.max(counter.peak, counter.now);
      res.once('close', () => counter.now--);
    }

    if (options.token && (path.startsWith('/meta/') || API_PATH.test(path)) && !PUBLIC_PATH.test(path)) {
      const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization || ''))?.[1];

      if (bearer !== options.token && sessionCookie(req) !== options.token) {
        unauthorized.push({ method, path: req.url || '/' });

        return json(res, 401, {
          type: 'error', status: 401, code: 'Unauthorized', message: 'must authenticate'
        });
      }
      // Rancher's own token is Rancher's: what goes on to AWS through the proxy never carries it.
      if (bearer) {
        delete req.headers.authorization;
        authenticated.push({ method, path: req.url || '/' });
      }
    }

    if (path.startsWith('/meta/proxy/')) {
      return handleMetaProxy(req, res, {
        awsEndpointUrl: options.awsEndpointUrl, isKnownCredential: (id) => store.cloudCredentials.some((c) => c.id === id), requests: proxied, refused
      });
    }

    if (!API_PATH.test(path)) {
      return serveDashboard(req, res, path);
    }
    const failure = failures.find((f) => f.path.test(req.url || path));

    if (failure) {
      return json(res, failure.error.status, {
        type: 'error', links: {}, ...failure.error
      });
    }

    if (path === '/rancherversion') {
      return json(res, 200, {
        Version: RANCHER_VERSION, GitCommit: 'fake-rancher', RancherPrime: 'false'
      });
    }
    if (path === '/version') {
      return json(res, 200, {
        major: '1', minor: '33', gitVersion: 'v1.33.5+k3s1', gitCommit: 'fake', gitTreeState: 'clean', buildDate: '2026-01-01T00:00:00Z', goVersion: 'go1.24', compiler: 'gc', platform: 'linux/amd64'
      });
    }
    if (path === '/v1-public/authproviders' || path === '/v3-public/authProviders' || path === '/v3-public/authproviders') {
      return json(res, 200, normanCollection('authProvider', [{
        id: 'local', type: 'localProvider', links: { self: `${ base }/v3-public/localProviders/local` }, actions: { login: `${ base }/v3-public/localProviders/local?action=login` }
      }], `${ base }${ path }`));
    }
    if (/^\/v1-(rke2|k3s)-release\/releases$/.test(path)) {
      return json(res, 200, path.includes('rke2') ? releases(RKE2_VERSIONS, 'rke2') : releases(K3S_VERSIONS, 'k3s'));
    }
    if (/^\/v1-(rke2|k3s)-release\/channels$/.test(path)) {
      const versions = path.includes('rke2') ? RKE2_VERSIONS : K3S_VERSIONS;

      return json(res, 200, {
        type: 'collection',
        data: [{
          id: 'latest', type: 'channel', name: 'latest', latest: versions[0]
        }, {
          id: 'stable', type: 'channel', name: 'stable', latest: versions[0]
        }]
      });
    }
    if (path === '/v1/uiplugins' || path.startsWith('/v1/uiplugins/')) {
      return uiPlugins(req, res, path);
    }
    if (path.startsWith('/v3/')) {
      return norman(req, res, url, base);
    }
    if (path.startsWith('/v1/')) {
      return steve(req, res, url, store.management, steveBase(base), path.slice('/v1/'.length));
    }

    const downstream = /^\/k8s\/clusters\/([^/]+)\/v1\/(.*)$/.exec(path);

    if (downstream && store.downstream[downstream[1]]) {
      return steve(req, res, url, store.downstream[downstream[1]], steveBase(base, downstream[1]), downstream[2]);
    }

    return notFoundError(req, res, req.url || path);
  }

  function serveDashboard(req: IncomingMessage, res: ServerResponse, path: string) {
    if (!dashboardDir) {
      notFound.push({ method: req.method || 'GET', path });

      return res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
    const file = path !== '/' ? fileInside(dashboardDir, path) : undefined;

    if (file) {
      return serveFile(res, file);
    }
    // A route of the single-page app (`/c/_/manager/provisioning.cattle.io.cluster` has a dot,
    // but is no file): the app itself decides what to show.
    if ((req.method === 'GET' || req.method === 'HEAD') && !CONTENT_TYPES[extname(path).toLowerCase()]) {
      return serveFile(res, join(dashboardDir, 'index.html'));
    }
    notFound.push({ method: req.method || 'GET', path });
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
  }

  /** Installed extensions: the `catalog.cattle.io.uiplugin` objects Rancher caches, and their files. */
  function uiPlugins(req: IncomingMessage, res: ServerResponse, path: string) {
    const plugins = store.management.list('catalog.cattle.io.uiplugin').map((object) => object.spec.plugin);

    if (path === '/v1/uiplugins') {
      return json(res, 200, {
        entries: Object.fromEntries(plugins.map((plugin) => [plugin.name, {
          name: plugin.name, version: plugin.version, endpoint: plugin.endpoint, noCache: plugin.noCache, noAuth: plugin.noAuth, metadata: plugin.metadata
        }]))
      });
    }

    const match = /^\/v1\/uiplugins\/([^/]+)\/([^/]+)\/plugin\/(.+)$/.exec(path);
    const plugin = match && plugins.find((p) => p.name === match[1] && p.version === match[2]);
    const cached = plugin && match && catalog.pluginFile(plugin.name, plugin.version, `plugin/${ decodeURIComponent(match[3]) }`);

    if (cached) {
      res.writeHead(200, { 'Content-Type': CONTENT_TYPES[extname(path).toLowerCase()] || 'application/octet-stream', 'Cache-Control': 'max-age=3600' });

      return res.end(cached);
    }
    // The world's own installed extension is served from the build; one installed from a repository only from the cache.
    const file = plugin && match && extensionDir && options.extensionInstalled !== false && fileInside(join(extensionDir, `${ plugin.name }-${ plugin.version }`), match[3]);

    if (!file) {
      return notFoundError(req, res, path, 'no such extension file');
    }
    serveFile(res, file);
  }

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
      const filters = url.searchParams.getAll('filter').map((f) => f.split('=')).filter((f) => f.length === 2);
      const data = api.list(spec.id)
        .filter((object) => !namespace || object.metadata.namespace === namespace)
        .filter((object) => matchesLabelSelector(object, url.searchParams.get('labelSelector')))
        .filter((object) => filters.every(([path, value]) => String(path.split('.').reduce((at: unknown, key) => (at as Record<string, unknown> | undefined)?.[key], object as unknown)) === value))
        .map((object) => withSteveLinks(object, apiBase));

      return json(res, 200, steveCollection(spec.id, data, apiBase, self));
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

  /** Nodes of each EC2 cluster a controller has initialised (they stay so). */
  const initialised: Record<string, Set<string>> = Object.fromEntries(ec2Clusters.map((cluster) => [cluster.managementId, new Set<string>()]));

  /**
   * A saved provisioning cluster: RKE2 applies its config and additionalManifest downstream, and
   * the cluster's controllers do the rest (downstream.ts), here at once.
   */
  function clusterSaved(cluster: SteveObject) {
    const world = ec2Clusters.find((c) => c.id === cluster.id);
    const api = world && store.downstream[world.managementId];

    if (!world || !api) {
      return;
    }
    const before = api.list('node').filter((node) => !(node.spec?.taints || []).some((t: { key: string }) => t.key === 'node.cloudprovider.kubernetes.io/uninitialized'));
    const state = downstreamState(downstreamCluster(world), cluster.spec?.rkeConfig || {}, new Set([...initialised[world.managementId], ...before.map((node) => node.id)]));

    initialised[world.managementId] = state.initialised;
    for (const type of SIMULATED_TYPES) {
      for (const object of api.list(type)) {
        api.remove(type, object.id);
      }
    }
    for (const object of state.objects) {
      api.add(object);
    }
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

  /** Norman (`/v3`): the user, principals, cloud credentials, clusters, settings by ID. */
  async function norman(req: IncomingMessage, res: ServerResponse, url: URL, base: string) {
    const method = req.method || 'GET';
    const parts = url.pathname.slice('/v3/'.length).split('/').filter(Boolean).map(decodeURIComponent);
    const v3 = `${ base }/v3`;
    const self = `${ v3 }/${ parts.join('/') }`;
    const link = (collection: string, object: Record<string, unknown>) => {
      const selfLink = `${ v3 }/${ collection }/${ encodeURIComponent(String(object.id)) }`;

      return {
        ...object,
        links: {
          self: selfLink, update: selfLink, remove: selfLink
        },
        actions: {}
      };
    };
    const user = {
      id: 'user-admin', uuid: '00000000-0000-4000-8000-00000000a001', type: 'user', baseType: 'user', username: 'admin', name: 'Default Admin', description: '', me: true, mustChangePassword: false, enabled: true, principalIds: ['local://user-admin'], state: 'active', created: '2026-01-05T09:00:00Z', creatorId: null
    };
    const principal = {
      id: 'local://user-admin', type: 'principal', baseType: 'principal', name: 'Default Admin', loginName: 'admin', me: true, memberOf: false, principalType: 'user', provider: 'local'
    };
    const clusters = () => store.management.list('management.cattle.io.cluster').map((cluster) => ({
      id:            cluster.id,
      type:          'cluster',
      baseType:      'cluster',
      name:          cluster.spec.displayName,
      state:         'active',
      transitioning: 'no',
      driver:        cluster.status.driver,
      provider:      cluster.status.provider,
      internal:      cluster.id === 'local',
      version:       cluster.status.version,
      conditions:    cluster.status.conditions,
      nodeCount:     cluster.status.nodeCount,
    }));
    const schemaIds = ['user', 'principal', 'setting', 'cloudCredential', 'amazonec2credentialConfig', 'cluster', 'node', 'nodePool', 'nodeTemplate', 'project', 'token', 'authConfig', 'globalRole', 'globalRoleBinding', 'clusterRoleTemplateBinding', 'clusterRegistrationToken'];
    const registrationToken = (clusterId: string) => {
      const token = `fake${ clusterId.replace(/[^a-z0-9]/g, '') }token`;
      const manifestUrl = `${ base }/v3/import/${ token }_${ clusterId }.yaml`;

      return {
        id:                  `${ clusterId }:default-token`,
        type:                'clusterRegistrationToken',
        clusterId,
        name:                'default-token',
        namespaceId:         clusterId,
        state:               'active',
        token,
        manifestUrl,
        command:             `kubectl apply -f ${ manifestUrl }`,
        insecureCommand:     `curl --insecure -sfL ${ manifestUrl } | kubectl apply -f -`,
        nodeCommand:         `curl -fL ${ base }/system-agent-install.sh | sudo sh -s - --server ${ base } --label 'cattle.io/os=linux' --token ${ token }`,
        insecureNodeCommand: `curl --insecure -fL ${ base }/system-agent-install.sh | sudo sh -s - --server ${ base } --label 'cattle.io/os=linux' --token ${ token }`,
        windowsNodeCommand:  '',
      };
    };
    const collections: Record<string, { type: string, list: () => Record<string, unknown>[] }> = {
      users:            { type: 'user', list: () => [user] },
      principals:       { type: 'principal', list: () => [principal] },
      cloudcredentials: { type: 'cloudCredential', list: () => store.cloudCredentials },
      clusters:         { type: 'cluster', list: clusters },
      settings:         {
        type: 'setting',
        list: () => store.management.list('management.cattle.io.setting').map((s) => ({
          id: s.id, type: 'setting', name: s.id, value: s.value, default: s.default, customized: false, source: ''
        }))
      },
      authconfigs: {
        type: 'authConfig',
        list: () => [
          {
            id: 'local', type: 'localConfig', name: 'local', enabled: true, status: { conditions: [] }
          },
          ...['azuread', 'github', 'openldap', 'activedirectory', 'keycloakoidc', 'okta'].map((id) => ({
            id, type: `${ id }Config`, name: id, enabled: false, status: { conditions: [] }
          })),
        ],
      },
      clusterregistrationtokens:   { type: 'clusterRegistrationToken', list: () => [...ec2Clusters.map((cluster) => cluster.managementId), CUSTOM_CLUSTER.managementId].map(registrationToken) },
      clusterroletemplatebindings: { type: 'clusterRoleTemplateBinding', list: () => [] },
      projectroletemplatebindings: { type: 'projectRoleTemplateBinding', list: () => [] },
      nodes:                       { type: 'node', list: () => [] },
      nodepools:                   { type: 'nodePool', list: () => [] },
      nodetemplates:               { type: 'nodeTemplate', list: () => [] },
      tokens:                      { type: 'token', list: () => [] },
    };

    if (parts[0] === 'schemas') {
      const schemas = schemaIds.map((id) => normanSchema(id, v3, id === 'amazonec2credentialConfig' ? {
        accessKey:     {
          type: 'string', create: true, update: true
        },
        secretKey:     {
          type: 'password', create: true, update: true
        },
        defaultRegion: {
          type: 'string', create: true, update: true
        },
      } : {}));

      if (parts.length === 1) {
        return json(res, 200, normanCollection('schema', schemas, self));
      }
      const schema = schemas.find((s) => String(s.id).toLowerCase() === parts[1].toLowerCase());

      return schema ? json(res, 200, schema) : notFoundError(req, res, url.pathname);
    }

    // Norman accepts the type or its plural, in any case: /v3/authconfig/azuread, /v3/cloudCredentials.
    const name = (parts[0] || '').toLowerCase();
    const collection = collections[name] || collections[`${ name }s`];

    if (!collection) {
      return notFoundError(req, res, `${ url.pathname }${ url.search }`);
    }
    if (method === 'POST' && parts[0] === 'cloudcredentials' && parts.length === 1) {
      const body = JSON.parse(await readBody(req) || '{}');
      // Rancher keeps the secret key in a secret of its own and never returns it.
      const config = without(body.amazonec2credentialConfig || {}, ['secretKey']);
      const created = {
        ...body, amazonec2credentialConfig: config, id: `cattle-global-data:cc-${ generatedSuffix() }`, type: 'cloudCredential', baseType: 'cloudCredential', state: 'active', created: new Date().toISOString()
      };

      store.cloudCredentials.push(created);

      return json(res, 201, link('cloudcredentials', created));
    }
    if (method === 'POST' && url.searchParams.get('action')) {
      // Actions (logout, generateKubeconfig, ...) have nothing to do here.
      return json(res, 200, {});
    }
    if (parts.length === 1) {
      const reserved = new Set(['limit', 'marker', 'order', 'sort', 'action', 'exclude']);
      const filters = [...url.searchParams.entries()].filter(([key]) => !reserved.has(key));
      const data = collection.list().filter((object) => filters.every(([key, value]) => String(object[key]) === value)).map((object) => link(parts[0], object));

      return json(res, 200, normanCollection(collection.type, data, `${ self }${ url.search }`));
    }

    const object = collection.list().find((o) => o.id === parts[1]);

    return object ? json(res, 200, link(parts[0], object)) : notFoundError(req, res, url.pathname);
  }

  return {
    url:   origin,
    requests,
    unauthorized,
    authenticated,
    concurrency,
    notFound,
    proxied,
    refused,
    store,
    fail:  (path, error) => {
      const failure = { path, error };

      failures.push(failure);

      return () => {
        failures.splice(failures.indexOf(failure), 1);
      };
    },
    close: () => new Promise<void>((resolveClose) => {
      for (const socket of sockets) {
        socket.destroy();
      }
      server.close(() => resolveClose());
    }),
  };
}
