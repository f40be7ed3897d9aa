/**
 * The host store's `management/request` as the dashboard runs it: the shell's own Steve
 * `request` action (shell/plugins/steve/actions.js), which answers the response body and
 * rejects with the error body, both carrying `_status`. Only the browser's part is a stand-in:
 * the action's `$axios` sends the request over Node's http to a Rancher stand-in (the fake
 * Rancher), resolving and rejecting as axios does (a status outside 2xx rejects with `response`).
 */

/* eslint-disable @typescript-eslint/no-explicit-any -- The shell's store actions are untyped JavaScript. */
import { request as httpRequest } from 'http';
import steveActions from '@shell/plugins/steve/actions';
import steveGetters from '@shell/plugins/steve/getters';

interface AxiosLikeResponse { status: number, statusText: string, headers: Record<string, string>, data: unknown, request: unknown, config: { url: string } }

/** axios's contract, over Node's http: JSON bodies, `validateStatus` 2xx. */
function axiosOver(rancherUrl: string) {
  return (opt: { url: string, method?: string, data?: unknown, headers?: Record<string, string> }): Promise<AxiosLikeResponse> => new Promise((resolve, reject) => {
    const url = new URL(opt.url, rancherUrl);
    const body = opt.data === undefined ? undefined : JSON.stringify(opt.data);
    const req = httpRequest(url, {
      method:  (opt.method || 'get').toUpperCase(),
      headers: {
        accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}), ...(opt.headers || {})
      }
    }, (res) => {
      let text = '';

      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        text += chunk;
      });
      res.on('end', () => {
        let data: unknown = text;

        try {
          data = text ? JSON.parse(text) : '';
        } catch {
          // Not JSON: axios keeps the text.
        }
        const response = {
          status: res.statusCode || 0, statusText: res.statusMessage || '', headers: res.headers as Record<string, string>, data, request: req, config: { url: opt.url }
        };

        if (response.status >= 200 && response.status < 300) {
          resolve(response);
        } else {
          reject(Object.assign(new Error(`Request failed with status code ${ response.status }`), { response }));
        }
      });
    });

    req.on('error', reject);
    req.end(body);
  });
}

/** `dispatch('management/request', payload)` as the shell answers it, against `rancherUrl`. */
export function shellManagementRequest(rancherUrl: string): (payload: any) => Promise<any> {
  const that = { $axios: axiosOver(rancherUrl), $config: {} };
  const context = {
    state:       {
      deferredRequests: {}, allowStreaming: false, config: {}
    },
    dispatch:    () => Promise.resolve(),
    rootGetters: { 'auth/fromHeader': 'true' },
    // The steve store's getters its request asks: 3.0.13's isSteveUrl, the shell's own (pure);
    // 3.0.8's isSteveCacheUrl, a Steve URL while Rancher's Steve cache is on: off here, as in a
    // Rancher without it. 3.0.0's request asks neither (and has no isSteveUrl).
    getters:     {
      ...((steveGetters as any).isSteveUrl ? { isSteveUrl: (steveGetters as any).isSteveUrl() } : {}),
      isSteveCacheUrl: () => false,
    },
  };

  return (payload) => (steveActions as any).request.call(that, context, { ...payload });
}

/** A host store whose `management/request` is the shell's, sent to `rancherUrl`; other actions go to `other`. */
export function withShellRequests<T extends { dispatch:(type: string, payload?: any) => Promise<any> }>(store: T, rancherUrl: string): T {
  const request = shellManagementRequest(rancherUrl);

  return { ...store, dispatch: (type: string, payload?: any) => (type === 'management/request' ? request(payload) : store.dispatch(type, payload)) };
}
