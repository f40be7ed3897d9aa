/**
 * The API token check: with a token, Rancher's API (and `/meta/proxy`) answers only requests
 * that carry it, as `Authorization: Bearer` (an API client) or in the `R_SESS` session cookie (the
 * dashboard); what Rancher answers without a login is open.
 */

import { IncomingMessage, ServerResponse } from 'http';
import { LoggedRequest, Reply } from './reply';

/** Paths Rancher answers itself; everything else is the dashboard (files, or index.html for its routes). */
export const API_PATH = /^\/(v1|v3|v1-[a-z0-9-]+|v3-public|k8s|meta|api|apis|rancherversion|version|healthz|ping)(\/|$)/;

/** What Rancher answers without a login: its version, the login providers, the health checks. */
export const PUBLIC_PATH = /^\/(rancherversion|version|healthz|ping|v1-public|v3-public)(\/|$)/;

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

/**
 * Whether the request may go on; if not, it has been answered 401 and logged in `unauthorized`.
 * One that carried the token as a bearer is logged in `authenticated`.
 */
export function authorized(req: IncomingMessage, res: ServerResponse, path: string, token: string | undefined, log: { unauthorized: LoggedRequest[], authenticated: LoggedRequest[] }, json: Reply['json']): boolean {
  const method = req.method || 'GET';

  if (token && (path.startsWith('/meta/') || API_PATH.test(path)) && !PUBLIC_PATH.test(path)) {
    const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization || ''))?.[1];

    if (bearer !== token && sessionCookie(req) !== token) {
      log.unauthorized.push({ method, path: req.url || '/' });
      json(res, 401, {
        type: 'error', status: 401, code: 'Unauthorized', message: 'must authenticate'
      });

      return false;
    }
    // Rancher's own token is Rancher's: what goes on to AWS through the proxy never carries it.
    if (bearer) {
      delete req.headers.authorization;
      log.authenticated.push({ method, path: req.url || '/' });
    }
  }

  return true;
}
