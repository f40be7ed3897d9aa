/**
 * A Helm repository on the web, as GitHub Pages or raw GitHub serves the gh-pages branch that
 * `npm run package` writes (dist-catalog/): plain files over HTTP, 404 for anything else. Rancher
 * reads `index.yaml` and the chart archives from it, and its plugin controller the extension files.
 */
import { createReadStream, statSync } from 'fs';
import { createServer } from 'http';
import { AddressInfo } from 'net';
import { resolve, sep } from 'path';

export interface HelmRepositoryServer {
  url: string;
  /** Paths requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

export async function serveHelmRepository(dir: string, host = '127.0.0.1'): Promise<HelmRepositoryServer> {
  const root = resolve(dir);
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url || '/', 'http://repo').pathname);
    const file = resolve(root, `.${ sep }${ path }`);

    requests.push(path);
    if (req.method !== 'GET' || !file.startsWith(root + sep) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('404: Not Found');

      return;
    }
    res.writeHead(200, { 'Content-Type': file.endsWith('.yaml') ? 'text/yaml' : file.endsWith('.js') ? 'application/javascript' : 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });

  await new Promise<void>((listening) => server.listen(0, host, listening));

  return {
    url:   `http://${ host }:${ (server.address() as AddressInfo).port }`,
    requests,
    close: () => new Promise((closed) => {
      server.closeAllConnections();
      server.close(() => closed());
    }),
  };
}
