/**
 * Rancher's catalog, as the fake follows it from a Helm HTTP repository to a loaded extension:
 * - a ClusterRepo's `spec.url` is read as Rancher's catalog controller reads it (`index.yaml`,
 *   chart URLs relative to the repository), over HTTP;
 * - `?link=info` answers a chart version's Chart.yaml, values.yaml and README;
 * - `?action=install` renders the chart's templates with its values merged as helm merges them
 *   (go-template.ts: Go's text/template with the Sprig functions charts use) into the objects
 *   helm would apply, and records the helm Operation and App Rancher keeps;
 * - a UIPlugin the install made is cached as Rancher's plugin controller does: the files that
 *   `files.txt` at its endpoint lists, fetched once, then served under `/v1/uiplugins`.
 */
import { get as httpGet } from 'http';
import { get as httpsGet } from 'https';
import { load, loadAll } from 'js-yaml';
import { Parser, ReadEntry } from 'tar';
import { GoTemplates } from './go-template';

export interface HelmIndexEntry {
  name: string;
  version: string;
  urls: string[];
  annotations?: Record<string, string>;
  [key: string]: unknown;
}
export interface HelmIndex { apiVersion: string, entries: Record<string, HelmIndexEntry[]>, [key: string]: unknown }

export interface HelmChart {
  /** Chart.yaml. */
  metadata: { name: string, version: string, appVersion?: string, annotations?: Record<string, string>, [key: string]: unknown };
  values: Record<string, unknown>;
  readme: string;
  /** templates/<file> → its text. */
  templates: Record<string, string>;
}

/** One chart of an install request, as the dashboard's install dialog sends it. */
export interface InstallChart { chartName: string, version: string, releaseName: string, values?: Record<string, unknown>, annotations?: Record<string, string> }

/** The body of a GET over http(s), or an error naming the status. */
export function download(url: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    (url.startsWith('https:') ? httpsGet : httpGet)(url, (res) => {
      const chunks: Uint8Array[] = [];

      res.on('data', (chunk: Buffer) => chunks.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
      res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`GET ${ url }: ${ res.statusCode } ${ res.statusMessage }`))));
      res.on('error', reject);
    }).on('error', (error) => reject(new Error(`GET ${ url }: ${ error.message }`)));
  });
}

/** `<url>/index.yaml` of a Helm HTTP repository. */
export async function readIndex(repoUrl: string): Promise<HelmIndex> {
  const index = load((await download(new URL('index.yaml', withSlash(repoUrl)).href)).toString('utf8')) as HelmIndex;

  if (!index || typeof index.entries !== 'object') {
    throw new Error(`${ repoUrl }/index.yaml is no Helm repository index`);
  }

  return index;
}

const withSlash = (url: string) => (url.endsWith('/') ? url : `${ url }/`);

/** The files of a .tgz, by path, read in memory (tar reads the gzip itself). */
export async function untar(data: Buffer): Promise<Record<string, Buffer>> {
  const files: Record<string, Buffer> = {};

  await new Promise<void>((resolve, reject) => {
    const parser = new Parser({
      onReadEntry: (entry: ReadEntry) => {
        const chunks: Buffer[] = [];

        entry.on('data', (chunk: Buffer) => chunks.push(chunk));
        entry.on('end', () => {
          if (entry.type === 'File') {
            files[entry.path] = Buffer.concat(chunks.map((c) => new Uint8Array(c.buffer, c.byteOffset, c.byteLength)));
          }
        });
      }
    });

    parser.on('end', () => resolve());
    parser.on('error', reject);
    parser.end(data);
  });

  return files;
}

/** A chart version of the repository, downloaded from the index's URL (relative to the repository). */
export async function fetchChart(repoUrl: string, index: HelmIndex, name: string, version: string): Promise<HelmChart> {
  const entry = index.entries[name]?.find((e) => e.version === version);

  if (!entry?.urls?.length) {
    throw new Error(`chart ${ name } ${ version } is not in the repository's index`);
  }
  const files = await untar(await download(new URL(entry.urls[0], withSlash(repoUrl)).href));
  const inChart = (path: string) => files[`${ name }/${ path }`]?.toString('utf8');
  const chartYaml = inChart('Chart.yaml');

  if (!chartYaml) {
    throw new Error(`${ entry.urls[0] } holds no ${ name }/Chart.yaml`);
  }

  return {
    metadata:  load(chartYaml) as HelmChart['metadata'],
    values:    (load(inChart('values.yaml') || '') || {}) as Record<string, unknown>,
    readme:    inChart('README.md') || '',
    templates: Object.fromEntries(Object.entries(files)
      .filter(([path]) => path.startsWith(`${ name }/templates/`))
      .map(([path, data]) => [path.slice(`${ name }/templates/`.length), data.toString('utf8')])),
  };
}

/** `over` merged into `base`: maps deeply, everything else replaced, as helm merges values. */
export function mergeValues(base: Record<string, unknown>, over: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  const isMap = (v: unknown): v is Record<string, unknown> => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

  for (const [key, value] of Object.entries(over)) {
    out[key] = isMap(value) && isMap(out[key]) ? mergeValues(out[key] as Record<string, unknown>, value) : value;
  }

  return out;
}

/**
 * The objects `helm install` applies: every template but the partials (`_*`), rendered with
 * Helm's built-in objects, split into YAML documents, empty ones left out.
 */
export function renderChart(chart: HelmChart, values: Record<string, unknown> | undefined, release: { name: string, namespace: string }): Record<string, unknown>[] {
  const names = Object.keys(chart.templates).sort();
  const templates = new GoTemplates(Object.fromEntries(names.filter((n) => n.startsWith('_')).map((n) => [n, chart.templates[n]])));
  const capitalised = Object.fromEntries(Object.entries(chart.metadata).map(([key, value]) => [key[0].toUpperCase() + key.slice(1), value]));
  const dot = {
    Values:  mergeValues(chart.values, values),
    Chart:   capitalised,
    Release: {
      Name: release.name, Namespace: release.namespace, Service: 'Helm', IsInstall: true, IsUpgrade: false, Revision: 1
    },
    Capabilities: {
      KubeVersion: {
        Version: 'v1.33.5', Major: '1', Minor: '33'
      }
    },
  };

  return names.filter((n) => !n.startsWith('_') && /\.(ya?ml|json)$/.test(n)).flatMap((name) => {
    const text = templates.render(chart.templates[name], { ...dot, Template: { Name: `${ chart.metadata.name }/templates/${ name }`, BasePath: `${ chart.metadata.name }/templates` } });

    return loadAll(text).filter((doc): doc is Record<string, unknown> => Boolean(doc) && typeof doc === 'object');
  });
}

/** Rancher's plugin cache of one UIPlugin: what `files.txt` at its endpoint lists, fetched. */
export async function cachePluginFiles(endpoint: string): Promise<Map<string, Buffer>> {
  const base = withSlash(endpoint);
  const list = (await download(new URL('files.txt', base).href)).toString('utf8').split('\n').map((line) => line.trim()).filter(Boolean);
  const files = new Map<string, Buffer>();

  for (const path of list) {
    files.set(path, await download(new URL(path, base).href));
  }

  return files;
}
