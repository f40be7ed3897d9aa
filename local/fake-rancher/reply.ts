/**
 * How the fake's routes answer: JSON as Rancher's API does (`x-api-cattle-auth: true`), a 404
 * logged in `notFound`; and what they share: a request's body, a copy without some keys, the
 * generated suffix of new names.
 */

import { IncomingMessage, ServerResponse } from 'http';

export interface LoggedRequest { method: string, path: string }

export interface Reply {
  json(res: ServerResponse, status: number, body: unknown, extraHeaders?: Record<string, string>): void;
  /** A 404 in Steve's shape; the request goes into `notFound`. */
  notFoundError(req: IncomingMessage, res: ServerResponse, path: string, message?: string): void;
}

export function reply(notFound: LoggedRequest[]): Reply {
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

  return { json, notFoundError };
}

export function readBody(req: IncomingMessage): Promise<string> {
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
export function without(object: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([key]) => !keys.includes(key)));
}

let nameCounter = 0;

/** Kubernetes' generateName suffix: five lower-case characters, here predictable. */
export function generatedSuffix(): string {
  return (++nameCounter).toString(36).padStart(5, 'x');
}
