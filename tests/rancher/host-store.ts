/**
 * The host store as far as this extension uses it. Its `aws/ec2` and `aws/iam` actions are the
 * shell's own (shell/store/aws.js), run for real: the SDK clients they return rewrite each request
 * to `/meta/proxy/<aws-host>/...` on the page's origin with the credential header and no signature
 * of their own (tests/contract/aws-store.test.ts pins that).
 *
 * One part is the browser's, not the shell's: the shell's handler ends by giving the request,
 * aimed at `window.location`, to `fetch`. jsdom has no `fetch`, and its page (http://localhost/)
 * is not where a test's Rancher stand-in listens, so that last step goes to `proxyUrl` instead,
 * as a browser would send it to the Rancher serving the page.
 */

/* eslint-disable @typescript-eslint/no-explicit-any -- A stand-in for the host's Vuex store, untyped in the
   shell: actions take and answer whatever each one does. */
import { NodeHttpHandler } from '@smithy/node-http-handler';
import * as awsModule from '@shell/store/aws';

type AwsRequest = { protocol: string, hostname: string, port?: number | string, path: string, headers: Record<string, string> };

/** The browser's part: the request the shell aimed at the page's origin, sent to the test's Rancher. */
class PageOriginTransport {
  private inner = new NodeHttpHandler({ requestTimeout: 5000, throwOnRequestTimeout: true });
  private proxyUrl: URL;

  constructor(proxyUrl: URL) {
    this.proxyUrl = proxyUrl;
  }

  handle(request: AwsRequest, options?: any) {
    if (request.hostname !== window.location.hostname || !request.path.startsWith('/meta/proxy/')) {
      throw new Error(`the shell's aws handler no longer sends to the page's /meta/proxy/: ${ request.hostname }${ request.path }`);
    }
    request.protocol = this.proxyUrl.protocol;
    request.hostname = this.proxyUrl.hostname;
    request.port = Number(this.proxyUrl.port);

    return this.inner.handle(request as any, options);
  }

  updateHttpClientConfig(key: never, value: never) {
    this.inner.updateHttpClientConfig(key, value);
  }

  httpHandlerConfigs() {
    return {};
  }

  destroy() {
    this.inner.destroy();
  }
}

type ClientPayload = { region: string, cloudCredentialId: string };

/** The shell's action, run with the `dispatch` of its own namespaced module. */
async function shellClient(action: 'ec2' | 'iam', payload: ClientPayload, proxyUrl: URL) {
  const actions = awsModule.actions as Record<string, (context: unknown, payload?: unknown) => Promise<any>>;
  const context = { dispatch: (name: string, p?: unknown) => actions[name](context, p) };
  const client = await actions[action](context, payload);
  const handler = client.config?.requestHandler;

  if (!handler?.fetchHandler) {
    throw new Error('shell/store/aws.js no longer keeps a fetchHandler on its request handler: update tests/rancher/host-store.ts');
  }
  handler.fetchHandler = new PageOriginTransport(proxyUrl);

  return client;
}

export interface HostStoreOptions {
  proxyUrl: string;
  /** The host's other getters (translation), which shell components read. */
  getters?: Record<string, unknown>;
  credentials: { id: string, name: string, defaultRegion?: string }[];
  /** Answers of `management/request`, by URL. */
  requests?: Record<string, unknown>;
}

export function createHostStore(options: HostStoreOptions) {
  const dispatched: { type: string, payload: any }[] = [];
  const proxyUrl = new URL(options.proxyUrl);
  const requests = options.requests || {};
  const credentialModel = (c: HostStoreOptions['credentials'][number]) => ({
    id: c.id, nameDisplay: c.name, provider: 'aws', decodedData: { defaultRegion: c.defaultRegion }
  });

  return {
    dispatched,
    getters:  options.getters || {},
    dispatch: (type: string, payload?: any): Promise<any> => {
      dispatched.push({ type, payload });
      switch (type) {
      case 'aws/ec2':
        return shellClient('ec2', payload, proxyUrl);
      case 'aws/iam':
        return shellClient('iam', payload, proxyUrl);
      case 'rancher/find':
        return Promise.resolve(options.credentials.filter((c) => c.id === payload.id).map(credentialModel)[0]);
      case 'management/request':
        return payload.url in requests ? Promise.resolve(requests[payload.url]) : Promise.reject(new Error(`404 ${ payload.url }`));
      case 'rancher/findAll':
        return Promise.resolve(options.credentials.map(credentialModel));
      default:
        return Promise.reject(new Error(`unexpected store action ${ type }`));
      }
    },
  };
}
