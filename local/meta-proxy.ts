/**
 * A stand-in for Rancher's /meta/proxy: it takes `/meta/proxy/<aws-host>/<path>`, allows only the
 * AWS hosts Rancher allows (EC2, IAM and KMS, dual-stack `*.api.aws` included), insists on the
 * `x-api-cattleauth-header: awsv4 credID=<id>` that makes Rancher sign the request server-side
 * with a known cloud credential, refuses requests that carry their own signature (the browser
 * must hold no secret), and forwards the body to the local AWS endpoint.
 */

import {
  createServer, IncomingMessage, request as httpRequest, Server, ServerResponse
} from 'http';
import { AddressInfo } from 'net';

export interface ProxiedRequest { host: string, path: string, credentialId: string }

export interface RefusedRequest { reason: string, path: string }

export interface MetaProxy {
  url: string;
  requests: ProxiedRequest[];
  refused: RefusedRequest[];
  close(): Promise<void>;
}

export const ALLOWED_HOSTS = /^(ec2|iam|kms)\.([a-z0-9-]+\.)?(amazonaws\.com|api\.aws)$/;

const CATTLE_AUTH = /^awsv4 credID=(.+)$/;

export interface MetaProxyOptions {
  /** Where the AWS hosts are served: the local AWS endpoint. */
  awsEndpointUrl: string;
  /** Whether Rancher would hold a cloud credential of this ID. */
  isKnownCredential(credentialId: string): boolean;
  /** Every forwarded request is appended here... */
  requests: ProxiedRequest[];
  /** ...and every refused one here. */
  refused: RefusedRequest[];
}

/** Answers one `/meta/proxy/...` request as Rancher would, forwarding the allowed ones. */
export function handleMetaProxy(req: IncomingMessage, res: ServerResponse, options: MetaProxyOptions): void {
  const match = /^\/meta\/proxy\/([^/]+)(\/.*)?$/.exec(req.url || '');
  const refuse = (status: number, reason: string) => {
    options.refused.push({ reason, path: req.url || '' });
    if (!res.headersSent) {
      res.writeHead(status, { 'Content-Type': 'text/plain' });
    }
    res.end(reason);
  };

  if (!match) {
    return refuse(404, 'not a /meta/proxy/<host>/ path');
  }

  const [, host, path = '/'] = match;
  const credentialId = CATTLE_AUTH.exec(String(req.headers['x-api-cattleauth-header'] || ''))?.[1];

  if (!ALLOWED_HOSTS.test(host)) {
    return refuse(403, `host ${ host } is not allowed`);
  }
  if (!credentialId || !options.isKnownCredential(credentialId)) {
    return refuse(401, 'missing or wrong x-api-cattleauth-header');
  }
  if (req.headers.authorization || req.headers['x-api-auth-header']) {
    return refuse(400, 'the browser sent its own AWS signature');
  }

  options.requests.push({
    host, path, credentialId
  });
  const target = new URL(options.awsEndpointUrl);
  const headers: Record<string, string> = {
    // Rancher forwards to the AWS host itself; the endpoint may tell services apart by it.
    host,
    'content-type': String(req.headers['content-type'] || '').replace(/^rancher:/, ''),
  };

  // KMS speaks JSON with the operation in this header.
  if (req.headers['x-amz-target']) {
    headers['x-amz-target'] = String(req.headers['x-amz-target']);
  }

  const forward = httpRequest({
    host: target.hostname, port: target.port, method: req.method, path, headers
  }, (upstream) => {
    res.writeHead(upstream.statusCode || 502, upstream.headers);
    upstream.pipe(res);
  });

  forward.on('error', () => refuse(502, 'upstream failed'));
  req.pipe(forward);
}

/** The proxy on its own port, accepting one credential ID (the component tests' setup). */
export async function startMetaProxy(awsEndpointUrl: string, credentialId: string): Promise<MetaProxy> {
  const requests: ProxiedRequest[] = [];
  const refused: RefusedRequest[] = [];
  const options: MetaProxyOptions = {
    awsEndpointUrl, isKnownCredential: (id) => id === credentialId, requests, refused
  };
  const server: Server = createServer((req, res) => handleMetaProxy(req, res, options));

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
