/**
 * A fake Rancher API in plain Node: it serves a production build of the Rancher dashboard on the
 * same origin, logged in as admin (every API answer carries `x-api-cattle-auth: true`), answers
 * what the dashboard asks for from the world (world.ts), lists the built extension at
 * `/v1/uiplugins` and serves its files as Rancher does, and forwards `/meta/proxy/<aws host>/`
 * to the local AWS endpoint. Here the assembly: the options, the logs, the order in which a
 * request meets the token check (auth.ts), the proxy, the dashboard's files (dashboard-files.ts),
 * the fixed answers (fixed-routes.ts), Norman (norman-routes.ts) and Steve (steve-routes.ts).
 */

import { existsSync } from 'fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { AddressInfo, Socket } from 'net';
import { join, resolve } from 'path';
import { handleMetaProxy, ProxiedRequest, RefusedRequest } from '../meta-proxy';
import { API_PATH, authorized } from './auth';
import { catalogApi } from './catalog-api';
import { WorldEc2Cluster } from './cluster-shapes';
import { clusterSimulation } from './cluster-saved';
import { dashboardFiles, DEFAULT_PACKAGE_JSON, readExtensionPackage } from './dashboard-files';
import { fixedAnswer } from './fixed-routes';
import { normanRoutes } from './norman-routes';
import { LoggedRequest, reply } from './reply';
import { steveBase } from './steve';
import { steveRoutes } from './steve-routes';
import { FakeStore, worldStore } from './store';
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
  const replies = reply(notFound);
  const { json, notFoundError } = replies;

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
  const store: FakeStore = worldStore(origin, extension, options);
  const catalog = catalogApi(store.management);
  const { serveDashboard, uiPlugins } = dashboardFiles({
    dashboardDir, extensionDir, token: options.token, extensionInstalled: options.extensionInstalled
  }, store, catalog, notFound, replies);
  const steve = steveRoutes(store, catalog, replies, clusterSimulation(store, ec2Clusters));
  const norman = normanRoutes(store, ec2Clusters, replies);

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

    if (!authorized(req, res, path, options.token, { unauthorized, authenticated }, json)) {
      return;
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

    const fixed = fixedAnswer(path, base);

    if (fixed) {
      return json(res, 200, fixed);
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
