/**
 * A jsdom page served from a local stand-in for Rancher's origin (127.0.0.1, a free port).
 *
 * The shell's `aws` store module sends every AWS request to the page's own origin
 * (`window.location.protocol/hostname/port`) with the browser's `fetch`. jsdom 16 has no
 * `fetch`, and Jest's default page is http://localhost/ on port 80, so a test could not see
 * those requests. This environment gives the page the browser parts it lacks (Node's fetch,
 * Request, Response, Headers, ReadableStream: what a browser has) and moves the page to a local
 * server, so the shell's real code runs unchanged and its requests arrive where the test sees them.
 *
 * Tests read `globalThis.rancherOrigin`: the origin's URL, the requests it received, and a
 * `respond` hook that answers them (404 until a test sets it).
 */

import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { AddressInfo } from 'net';
import JsdomEnvironment from 'jest-environment-jsdom';

export interface OriginRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface RancherOrigin {
  url: string;
  requests: OriginRequest[];
  respond: (request: OriginRequest) => { status: number, headers?: Record<string, string>, body: string };
}

export default class RancherOriginEnvironment extends JsdomEnvironment {
  private server?: Server;

  async setup(): Promise<void> {
    await super.setup();

    const origin: RancherOrigin = {
      url:      '',
      requests: [],
      respond:  () => ({ status: 404, body: 'no answer set by the test' }),
    };

    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let body = '';

      req.setEncoding('utf8');
      req.on('data', (chunk: string) => {
        body += chunk;
      });
      req.on('end', () => {
        const request: OriginRequest = {
          method: req.method || '', url: req.url || '', headers: { ...req.headers }, body
        };

        origin.requests.push(request);
        const answer = origin.respond(request);

        res.writeHead(answer.status, answer.headers || {}).end(answer.body);
      });
    });

    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin.url = `http://127.0.0.1:${ (server.address() as AddressInfo).port }`;

    // The dashboard's create page for an Amazon EC2 RKE2 cluster, served by "Rancher".
    // jest-environment-jsdom keeps its JSDOM private; reconfigure is how a page gets its URL.
    (this as unknown as { dom: { reconfigure(settings: { url: string }): void } }).dom.reconfigure({ url: `${ origin.url }/dashboard/c/_/manager/provisioning.cattle.io.cluster/create?type=amazonec2&rkeType=rke2` });

    Object.assign(this.global, {
      rancherOrigin: origin, fetch, Request, Response, Headers, ReadableStream
    });
  }

  async teardown(): Promise<void> {
    this.server?.closeAllConnections?.();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    await super.teardown();
  }
}
