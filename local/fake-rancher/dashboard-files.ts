/**
 * Files: the dashboard build (its files, and index.html for the app's routes, setting the session
 * cookie when the fake wants a token) and the installed extensions at `/v1/uiplugins`, listed and
 * served as Rancher serves them (from the build, or from the cache of one installed from a
 * repository).
 */

import { createReadStream, readFileSync, statSync } from 'fs';
import { IncomingMessage, ServerResponse } from 'http';
import { extname, join, resolve, sep } from 'path';
import { CatalogApi } from './catalog-api';
import { LoggedRequest, Reply } from './reply';
import { SteveStore } from './steve';

export const DEFAULT_PACKAGE_JSON = join(__dirname, '..', '..', 'pkg', 'aws-cloud-provider', 'package.json');

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

export interface ExtensionPackage { name: string, version: string, metadata: Record<string, string> }

export function readExtensionPackage(path: string): ExtensionPackage {
  const pkg = JSON.parse(readFileSync(path, 'utf8'));

  return {
    name: pkg.name, version: pkg.version, metadata: { ...(pkg.rancher?.annotations || {}) }
  };
}

export interface FilesOptions {
  /** Resolved: the dashboard build, `dist-pkg/`. */
  dashboardDir?: string;
  extensionDir?: string;
  token?: string;
  extensionInstalled?: boolean;
}

export function dashboardFiles(options: FilesOptions, store: { management: SteveStore }, catalog: CatalogApi, notFound: LoggedRequest[], { json, notFoundError }: Reply) {
  const { dashboardDir, extensionDir } = options;

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

  return { serveDashboard, uiPlugins };
}
