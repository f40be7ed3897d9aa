/**
 * `fleet`: every Amazon cluster of a Rancher verified through Rancher's own API, as the fleet
 * page does: the clusters, their machine pools' Amazon EC2 configs and the cloud credentials
 * (rancher/fleet.ts), the downstream nodes and controller through the cluster proxy
 * (`/k8s/clusters/<id>/v1`, rancher/cluster-state.ts), and AWS through Rancher's `/meta/proxy`
 * with each cluster's cloud credential (`x-api-cattleauth-header: awsv4 credID=<id>`), exactly
 * as the shell's store/aws.js sends the panel's requests: Rancher signs them, the secret never
 * leaves Rancher, and this needs no AWS credentials. Every request carries the API token.
 */
import { EC2 } from '@aws-sdk/client-ec2';
import { IAM } from '@aws-sdk/client-iam';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { AwsClients } from '@pkg/aws/clients';
import { CheckStatus, STATUS_ORDER } from '@pkg/domain/findings';
import { buildReport, rememberingTranslate, renderFinding } from '@pkg/domain/report';
import { HostStore } from '@pkg/rancher/aws-access';
import { steveClusterState } from '@pkg/rancher/cluster-state';
import { FleetCluster, RancherApi, readFleet } from '@pkg/rancher/fleet';
import { FleetAccess, FleetResult, verifyFleet } from '@pkg/verification/fleet';
import { Translate } from './translate';
import { renderMarkdown, renderTable } from './report';

/** What Rancher answered when it refused a request: its status and Steve's or Norman's error body. */
export class RancherError extends Error {
  constructor(readonly status: number, readonly path: string, readonly body: { code?: string, message?: string }) {
    super(body.message || `HTTP ${ status }`);
  }
}

/** Rancher's API with an API token (`Authorization: Bearer token-xxxxx:secret`). */
export function tokenRancherApi(rancherUrl: string, token: string, timeoutMs: number): RancherApi {
  const base = rancherUrl.replace(/\/+$/, '');

  return {
    async get(path) {
      const response = await fetch(`${ base }${ path }`, {
        headers: { authorization: `Bearer ${ token }`, accept: 'application/json' },
        signal:  AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      let body: unknown;

      try {
        body = text ? JSON.parse(text) : {};
      } catch {
        body = { message: text.slice(0, 200) };
      }
      if (!response.ok) {
        // As the shell's request action rejects: the error body with the HTTP status as `_status`.
        throw Object.assign(new RancherError(response.status, path, body as { message?: string }), { _status: response.status, ...(body as object) });
      }

      return body;
    },
  };
}

/** The host store's `management/request`, for the readers written against it (rancher/cluster-state.ts). */
function requestStore(api: RancherApi): HostStore {
  return { dispatch: (type, payload) => (type === 'management/request' ? api.get((payload as { url: string }).url) : Promise.reject(new Error(`no store action ${ type } here`))) };
}

type HttpRequest = { protocol: string, hostname: string, port?: number, path: string, headers: Record<string, string> };

/**
 * The shell's aws.js request handler, for Node: each SDK request goes to
 * `<rancher>/meta/proxy/<aws host><path>` with the credential header, the content type marked
 * `rancher:` and the SDK's own signature (made with placeholder keys) removed; Rancher's token
 * authenticates the request to Rancher.
 */
export class RancherProxyHandler {
  private inner: NodeHttpHandler;

  constructor(private rancher: URL, private token: string, private credentialId: string, timeoutMs: number) {
    this.inner = new NodeHttpHandler({
      requestTimeout: timeoutMs, connectionTimeout: timeoutMs, throwOnRequestTimeout: true
    });
  }

  handle(request: HttpRequest, options?: { abortSignal?: unknown, requestTimeout?: number }) {
    const headers = request.headers;
    const contentType = headers['content-type'] ?? '';

    headers['x-api-headers-restrict'] = 'Content-Length';
    headers['x-api-cattleauth-header'] = `awsv4 credID=${ this.credentialId }`;
    delete headers.authorization;
    delete headers.Authorization;
    headers['content-type'] = contentType ? `rancher:${ contentType }` : 'rancher:';
    request.path = `${ this.rancher.pathname.replace(/\/+$/, '') }/meta/proxy/${ request.hostname }${ request.path }`;
    request.protocol = this.rancher.protocol;
    request.hostname = this.rancher.hostname;
    request.port = this.rancher.port ? Number(this.rancher.port) : undefined;
    // The SDK set the AWS host; the request goes to Rancher (a browser's fetch never sends its own Host either).
    headers.host = this.rancher.host;
    headers.authorization = `Bearer ${ this.token }`;

    return this.inner.handle(request as never, options as never);
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

/** SDK clients as the shell makes them (dual-stack endpoints), sent through Rancher's proxy. */
export function proxiedClients(rancherUrl: string, token: string, credentialId: string, region: string, timeoutMs: number): AwsClients {
  const rancher = new URL(rancherUrl);
  const common = {
    region,
    // Placeholders, as the shell's credentialDefaultProvider: Rancher signs with the credential's own keys.
    credentials:          { accessKeyId: 'signed-by-rancher', secretAccessKey: 'signed-by-rancher' },
    useDualstackEndpoint: true,
    maxAttempts:          3,
  };

  return {
    ec2: new EC2({ ...common, requestHandler: new RancherProxyHandler(rancher, token, credentialId, timeoutMs) }) as unknown as AwsClients['ec2'],
    iam: new IAM({ ...common, requestHandler: new RancherProxyHandler(rancher, token, credentialId, timeoutMs) }) as unknown as AwsClients['iam'],
  };
}

export interface FleetOptions { rancherUrl: string, token: string, timeoutMs: number, concurrency?: number }

export interface FleetRun { clusters: FleetCluster[], results: FleetResult[] }

/** Reads the fleet and verifies every cluster; a Rancher that refuses the token throws a RancherError. */
export async function runFleet(options: FleetOptions): Promise<FleetRun> {
  const api = tokenRancherApi(options.rancherUrl, options.token, options.timeoutMs);
  const store = requestStore(api);
  const clients = new Map<string, AwsClients>();
  const access: FleetAccess = {
    clientsFor: async(credentialId, region) => {
      const key = `${ credentialId }\0${ region }`;

      if (!clients.has(key)) {
        clients.set(key, proxiedClients(options.rancherUrl, options.token, credentialId, region, options.timeoutMs));
      }

      return clients.get(key) as AwsClients;
    },
    clusterState: (managementClusterId) => steveClusterState(store, managementClusterId),
  };
  const clusters = await readFleet(api);
  const results = await verifyFleet(clusters, access, { concurrency: options.concurrency });

  return { clusters, results };
}

/** The worst of all clusters, as `check` sums one cluster's findings. */
export function fleetSummary(results: readonly FleetResult[]): Record<CheckStatus, number> {
  const total: Record<CheckStatus, number> = {
    pass: 0, warn: 0, fail: 0, unknown: 0
  };

  for (const result of results) {
    for (const status of STATUS_ORDER) {
      total[status] += result.summary[status];
    }
    // A cluster (or its AWS side) that could not be verified is a could-not-verify, never a pass.
    if (result.error || result.notes.length) {
      total.unknown++;
    }
  }

  return total;
}

const providerLabel = (t: Translate, cluster: FleetCluster) => t(`awsCloudProvider.fleet.provider.${ cluster.providerMode }`);

function byId(run: FleetRun): Map<string, FleetCluster> {
  return new Map(run.clusters.map((cluster) => [cluster.id, cluster]));
}

/** `{ clusters: [{ name, id, kubernetesVersion, provider, summary, checks }] }`, plus a cluster's error and notes when it has them. */
export function fleetJson(run: FleetRun, given: Translate): string {
  const clusters = byId(run);
  const t = rememberingTranslate(given);

  return `${ JSON.stringify({
    clusters: run.results.map((result) => {
      const cluster = clusters.get(result.id) as FleetCluster;

      return {
        name:              result.name,
        id:                result.id,
        kubernetesVersion: cluster.kubernetesVersion || null,
        provider:          cluster.providerMode,
        summary:           result.summary,
        checks:            result.findings.map((finding) => renderFinding(finding, t)),
        ...(result.notes.length ? { notes: result.notes.map((note) => t(`awsCloudProvider.fleet.note.${ note }`)) } : {}),
        ...(result.error ? { error: result.error } : {}),
      };
    }),
  }, null, 2) }\n`;
}

function verdictText(t: Translate, result: FleetResult): string {
  return result.error ? t('awsCloudProvider.fleet.verdict.error') : t(`awsCloudProvider.fleet.verdict.${ result.verdict }`);
}

function countsText(t: Translate, result: FleetResult): string {
  return STATUS_ORDER.filter((status) => result.summary[status]).map((status) => t(`awsCloudProvider.report.count.${ status }`, { count: result.summary[status] })).join(', ');
}

/** One line per cluster, then the report of each cluster that has problems, as `check` prints it. */
export function fleetTable(run: FleetRun, t: Translate, colour: boolean): string {
  const clusters = byId(run);
  const header = ['cluster', 'version', 'provider', 'credential', 'verdict'].map((column) => t(`awsCloudProvider.fleet.column.${ column }`));
  const rows = run.results.map((result) => {
    const cluster = clusters.get(result.id) as FleetCluster;

    return [result.name, cluster.kubernetesVersion || '-', providerLabel(t, cluster), cluster.credential?.name || '-', `${ verdictText(t, result) }${ countsText(t, result) ? ` (${ countsText(t, result) })` : '' }`];
  });
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ');
  const out = [t('awsCloudProvider.fleet.cli.title', { count: run.results.length }), '', line(header), ...rows.map(line), ''];

  for (const result of run.results) {
    const problems = buildReport(result.findings).problems.length;

    if (!problems && !result.error && !result.notes.length) {
      continue;
    }
    out.push(`== ${ result.name } (${ result.id }) ==`);
    for (const note of result.notes) {
      out.push(t(`awsCloudProvider.fleet.note.${ note }`));
    }
    if (result.error) {
      out.push(t('awsCloudProvider.fleet.error', { message: result.error }));
    }
    if (problems) {
      out.push(renderTable({
        clusterId: result.clusterId, region: result.region, roles: [], subnetIds: [], securityGroupIds: [], instanceIds: []
      }, result.findings, t, colour));
    }
    out.push('');
  }

  return `${ out.join('\n') }\n`;
}

export function fleetMarkdown(run: FleetRun, t: Translate): string {
  const clusters = byId(run);
  const cell = (value: string) => value.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const header = ['cluster', 'version', 'provider', 'credential', 'verdict'].map((column) => t(`awsCloudProvider.fleet.column.${ column }`));
  const lines = [
    `## ${ t('awsCloudProvider.fleet.cli.title', { count: run.results.length }) }`,
    '',
    `| ${ header.join(' | ') } |`,
    `|${ header.map(() => ' --- |').join('') }`,
    ...run.results.map((result) => {
      const cluster = clusters.get(result.id) as FleetCluster;

      return `| ${ [result.name, cluster.kubernetesVersion || '-', providerLabel(t, cluster), cluster.credential?.name || '-', `${ verdictText(t, result) } ${ countsText(t, result) }`.trim()].map(cell).join(' | ') } |`;
    }),
    '',
  ];

  for (const result of run.results) {
    lines.push(`## ${ cell(result.name) }`, '');
    for (const note of result.notes) {
      lines.push(`> ${ cell(t(`awsCloudProvider.fleet.note.${ note }`)) }`, '');
    }
    if (result.error) {
      lines.push(`> ${ cell(t('awsCloudProvider.fleet.error', { message: result.error })) }`, '');
    }
    if (result.findings.length) {
      lines.push(renderMarkdown({
        clusterId: result.clusterId, region: result.region, roles: [], subnetIds: [], securityGroupIds: [], instanceIds: []
      }, result.findings, t));
    }
  }

  return `${ lines.join('\n') }\n`;
}
