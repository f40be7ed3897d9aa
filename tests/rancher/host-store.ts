import { EC2 } from '@aws-sdk/client-ec2';
import { IAM } from '@aws-sdk/client-iam';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/**
 * The host store as far as this extension uses it. Its `aws/ec2` and `aws/iam` actions return
 * real SDK clients whose requests, like Rancher's own (shell/store/aws.js), are rewritten to
 * `/meta/proxy/<aws-host>/...` with the credential header and no signature of their own.
 */

class MetaProxyHandler {
  private inner = new NodeHttpHandler({ requestTimeout: 5000, throwOnRequestTimeout: true });

  constructor(private proxyUrl: URL, private cloudCredentialId: string) {}

  handle(request: any, options?: any) {
    request.headers['x-api-cattleauth-header'] = `awsv4 credID=${ this.cloudCredentialId }`;
    delete request.headers.authorization;
    delete request.headers['x-amz-security-token'];
    request.headers['content-type'] = `rancher:${ request.headers['content-type'] || '' }`;
    request.path = `/meta/proxy/${ request.hostname }${ request.path }`;
    request.protocol = this.proxyUrl.protocol;
    request.hostname = this.proxyUrl.hostname;
    request.port = Number(this.proxyUrl.port);

    return this.inner.handle(request, options);
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
  // The SDK insists on credentials; Rancher fills random ones, the proxy signs with the real one.
  const placeholder = () => Promise.resolve({ accessKeyId: 'placeholder', secretAccessKey: 'placeholder' });
  const client = (Kind: typeof EC2 | typeof IAM, payload: { region: string, cloudCredentialId: string }) => new Kind({
    region: payload.region, credentials: placeholder, maxAttempts: 3, requestHandler: new MetaProxyHandler(new URL(options.proxyUrl), payload.cloudCredentialId) as any
  });
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
        return Promise.resolve(client(EC2, payload));
      case 'aws/iam':
        return Promise.resolve(client(IAM, payload));
      case 'rancher/find':
        return Promise.resolve(options.credentials.filter((c) => c.id === payload.id).map(credentialModel)[0]);
      case 'management/request':
        return payload.url in (options.requests || {}) ? Promise.resolve(options.requests![payload.url]) : Promise.reject(new Error(`404 ${ payload.url }`));
      case 'rancher/findAll':
        return Promise.resolve(options.credentials.map(credentialModel));
      default:
        return Promise.reject(new Error(`unexpected store action ${ type }`));
      }
    },
  };
}
