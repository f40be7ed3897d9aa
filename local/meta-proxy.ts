import { createServer, request as httpRequest, Server } from 'http';
import { AddressInfo } from 'net';

/**
 * A stand-in for Rancher's /meta/proxy: it takes `/meta/proxy/<aws-host>/<path>`, insists on the
 * `x-api-cattleauth-header: awsv4 credID=<id>` that makes Rancher sign the request server-side,
 * refuses requests that carry their own signature (the browser must hold no secret), and
 * forwards the body to the local AWS endpoint.
 */

export interface ProxiedRequest { host: string, path: string, credentialId: string }

export interface MetaProxy {
  url: string;
  requests: ProxiedRequest[];
  refused: { reason: string, path: string }[];
  close(): Promise<void>;
}

const ALLOWED_HOSTS = /^(ec2|iam)\.([a-z0-9-]+\.)?(amazonaws\.com|api\.aws)$/;

export async function startMetaProxy(awsEndpointUrl: string, credentialId: string): Promise<MetaProxy> {
  const requests: ProxiedRequest[] = [];
  const refused: { reason: string, path: string }[] = [];
  const target = new URL(awsEndpointUrl);

  const server: Server = createServer((req, res) => {
    const match = /^\/meta\/proxy\/([^/]+)(\/.*)?$/.exec(req.url || '');
    const refuse = (status: number, reason: string) => {
      refused.push({ reason, path: req.url || '' });
      res.writeHead(status, { 'Content-Type': 'text/plain' }).end(reason);
    };

    if (!match) {
      return refuse(404, 'not a /meta/proxy/<host>/ path');
    }
    if (!ALLOWED_HOSTS.test(match[1])) {
      return refuse(403, `host ${ match[1] } is not allowed`);
    }
    if (req.headers['x-api-cattleauth-header'] !== `awsv4 credID=${ credentialId }`) {
      return refuse(401, 'missing or wrong x-api-cattleauth-header');
    }
    if (req.headers.authorization || req.headers['x-api-auth-header']) {
      return refuse(400, 'the browser sent its own AWS signature');
    }

    requests.push({ host: match[1], path: match[2] || '/', credentialId });
    const contentType = String(req.headers['content-type'] || '').replace(/^rancher:/, '');
    const forward = httpRequest({
      host: target.hostname, port: target.port, method: req.method, path: match[2] || '/', headers: { 'content-type': contentType }
    }, (upstream) => {
      res.writeHead(upstream.statusCode || 502, upstream.headers);
      upstream.pipe(res);
    });

    forward.on('error', () => refuse(502, 'upstream failed'));
    req.pipe(forward);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    url:   `http://127.0.0.1:${ (server.address() as AddressInfo).port }`,
    requests,
    refused,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}
