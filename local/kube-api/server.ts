/**
 * A local stand-in for a Kubernetes API server (plain node http), speaking the real wire protocol
 * to real clients such as `@kubernetes/client-node` and kubectl: the core, apps, batch and
 * helm.cattle.io paths the checks read, typed objects with kind, apiVersion and metadata
 * (resourceVersion included), List kinds with items, label selectors, and failures as `Status`
 * objects (401 without the bearer token, 403 where the world forbids, 404 NotFound).
 */
import { IncomingMessage, ServerResponse, createServer } from 'http';
import { AddressInfo } from 'net';

/** A Kubernetes object as the API serves it (JSON). */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string, namespace?: string, labels?: Record<string, string>, resourceVersion?: string, uid?: string, [key: string]: unknown };
  [key: string]: unknown;
}

export type ResourceName = 'nodes' | 'pods' | 'daemonsets' | 'jobs' | 'helmcharts';

export interface KubeWorld {
  /** The bearer token the kubeconfig carries; any other is refused with 401. */
  token: string;
  /** `/version`'s gitVersion, e.g. v1.31.4+rke2r1. */
  gitVersion: string;
  nodes: KubeObject[];
  pods: KubeObject[];
  daemonSets: KubeObject[];
  jobs: KubeObject[];
  helmCharts: KubeObject[];
  /** Resources the token may not read (403, as RBAC refuses). */
  forbidden?: ResourceName[];
}

export interface LoggedKubeRequest { method: string, path: string, query: Record<string, string>, status: number }

export interface KubeApi {
  url: string;
  requests: LoggedKubeRequest[];
  /** A kubeconfig (YAML) for this server, with the world's token unless another is given. */
  kubeconfig(token?: string): string;
  close(): Promise<void>;
}

interface Route {
  pattern: RegExp;
  resource: ResourceName;
  group: string;
  version: string;
  kind: string;
  list: (world: KubeWorld) => KubeObject[];
}

const ROUTES: Route[] = [
  {
    pattern: /^\/api\/v1\/nodes(?:\/([^/]+))?$/, resource: 'nodes', group: '', version: 'v1', kind: 'Node', list: (w) => w.nodes
  },
  {
    pattern: /^\/api\/v1\/namespaces\/([^/]+)\/pods(?:\/([^/]+))?$/, resource: 'pods', group: '', version: 'v1', kind: 'Pod', list: (w) => w.pods
  },
  {
    pattern: /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/daemonsets(?:\/([^/]+))?$/, resource: 'daemonsets', group: 'apps', version: 'v1', kind: 'DaemonSet', list: (w) => w.daemonSets
  },
  {
    pattern: /^\/apis\/batch\/v1\/namespaces\/([^/]+)\/jobs(?:\/([^/]+))?$/, resource: 'jobs', group: 'batch', version: 'v1', kind: 'Job', list: (w) => w.jobs
  },
  {
    pattern: /^\/apis\/helm\.cattle\.io\/v1\/namespaces\/([^/]+)\/helmcharts(?:\/([^/]+))?$/, resource: 'helmcharts', group: 'helm.cattle.io', version: 'v1', kind: 'HelmChart', list: (w) => w.helmCharts
  },
];

/** A failure as the API server gives it: a `Status` object. */
export function status(code: number, reason: string, message: string, details?: Record<string, unknown>): Record<string, unknown> {
  return {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code
  };
}

/** Equality-based and existence label selectors (`a=b`, `a==b`, `a!=b`, `a`, `!a`), comma-separated: all must hold. */
export function matchesLabelSelector(labels: Record<string, string> | undefined, selector: string | undefined): boolean {
  const own = labels || {};

  return (selector || '').split(',').map((part) => part.trim()).filter(Boolean).every((part) => {
    const match = /^([^!=]+?)\s*(!=|==|=)\s*(.*)$/.exec(part);

    if (match) {
      const [, key, op, value] = match;

      return op === '!=' ? own[key.trim()] !== value.trim() : own[key.trim()] === value.trim();
    }

    return part.startsWith('!') ? !(part.slice(1) in own) : part in own;
  });
}

const apiVersionOf = (route: Route) => (route.group ? `${ route.group }/${ route.version }` : route.version);

function typed(route: Route, object: KubeObject, index: number): KubeObject {
  return {
    ...object,
    apiVersion: apiVersionOf(route),
    kind:       route.kind,
    metadata:   {
      uid: `00000000-0000-4000-8000-${ String(index + 1).padStart(12, '0') }`, resourceVersion: String(1000 + index), creationTimestamp: '2026-05-01T10:00:00Z', ...object.metadata
    },
  };
}

function answer(world: KubeWorld, req: IncomingMessage): { code: number, body: unknown } {
  const url = new URL(req.url || '/', 'http://127.0.0.1');

  if (req.headers.authorization !== `Bearer ${ world.token }`) {
    return { code: 401, body: status(401, 'Unauthorized', 'Unauthorized') };
  }
  if (req.method !== 'GET') {
    return { code: 405, body: status(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource (${ req.method })`) };
  }
  if (url.pathname === '/version' || url.pathname === '/version/') {
    const [, major, minor] = /^v(\d+)\.(\d+)/.exec(world.gitVersion) || [];

    return {
      code: 200,
      body: {
        major, minor, gitVersion: world.gitVersion, gitCommit: '0000000000000000000000000000000000000000', gitTreeState: 'clean', buildDate: '2026-04-01T00:00:00Z', goVersion: 'go1.23.4', compiler: 'gc', platform: 'linux/amd64'
      }
    };
  }

  for (const route of ROUTES) {
    const match = route.pattern.exec(url.pathname);

    if (!match) {
      continue;
    }

    const namespaced = route.resource !== 'nodes';
    const namespace = namespaced ? decodeURIComponent(match[1]) : undefined;
    const name = namespaced ? match[2] && decodeURIComponent(match[2]) : match[1] && decodeURIComponent(match[1]);
    const qualified = route.group ? `${ route.resource }.${ route.group }` : route.resource;

    if (world.forbidden?.includes(route.resource)) {
      const verb = name ? 'get' : 'list';

      return {
        code: 403,
        body: status(403, 'Forbidden', `${ qualified }${ name ? ` "${ name }"` : '' } is forbidden: User "system:serviceaccount:default:checker" cannot ${ verb } resource "${ route.resource }" in API group "${ route.group }"${ namespace ? ` in the namespace "${ namespace }"` : ' at the cluster scope' }`, {
          ...(name ? { name } : {}), group: route.group, kind: route.resource
        })
      };
    }

    const objects = route.list(world).map((object, index) => typed(route, object, index)).filter((object) => !namespaced || object.metadata.namespace === namespace);

    if (name) {
      const found = objects.find((object) => object.metadata.name === name);

      return found ? { code: 200, body: found } : {
        code: 404,
        body: status(404, 'NotFound', `${ qualified } "${ name }" not found`, {
          name, group: route.group, kind: route.resource
        })
      };
    }

    return {
      code: 200,
      body: {
        kind: `${ route.kind }List`, apiVersion: apiVersionOf(route), metadata: { resourceVersion: '2000' }, items: objects.filter((object) => matchesLabelSelector(object.metadata.labels, url.searchParams.get('labelSelector') || undefined))
      }
    };
  }

  return { code: 404, body: status(404, 'NotFound', 'the server could not find the requested resource') };
}

/** Serves `world` on 127.0.0.1 (a free port unless one is given). */
export async function startKubeApi(world: KubeWorld, port = 0): Promise<KubeApi> {
  const requests: LoggedKubeRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const { code, body } = answer(world, req);
    const url = new URL(req.url || '/', 'http://127.0.0.1');

    requests.push({
      method: req.method || 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), status: code
    });
    res.writeHead(code, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
    res.end(JSON.stringify(body));
  });

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

  const url = `http://127.0.0.1:${ (server.address() as AddressInfo).port }`;

  return {
    url,
    requests,
    kubeconfig: (token = world.token) => [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: local',
      '  cluster:',
      `    server: ${ url }`,
      'users:',
      '- name: checker',
      '  user:',
      `    token: ${ token }`,
      'contexts:',
      '- name: local',
      '  context:',
      '    cluster: local',
      '    user: checker',
      'current-context: local',
      '',
    ].join('\n'),
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
