/**
 * A Helm repository of the extension in the layout Rancher's publish script
 * (@rancher/shell/scripts/extension/publish) gives a gh-pages branch, so Rancher installs it
 * as a Git repository (branch gh-pages) or as a Helm HTTP repository (GitHub Pages):
 *
 *   index.yaml                                       `helm repo index assets --url assets/`
 *   assets/<name>/<name>-<version>.tgz               `helm package`
 *   charts/<name>/<version>/                         the same chart unpacked
 *   extensions/<name>/<version>/plugin/…             the built extension (the UIPlugin's endpoint)
 *   extensions/<name>/<version>/files.txt            what Rancher fetches to cache it
 *   extensions/<name>/<version>.tgz                  the same folder (the compressedEndpoint)
 *
 * The built files sit beside the chart, not in it: Helm keeps every release's chart in a
 * Secret (1 MiB at most), and Rancher fetches plugins from the endpoint anyway.
 */

import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import {
  existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync
} from 'fs';
import { dirname, join, relative } from 'path';
import { load } from 'js-yaml';
import semver from 'semver';
import {
  ChartFile, ExtensionPackage, chartFiles, utf8, yaml
} from './chart';
import { TarEntry, tarGz } from './tar';

export interface CatalogOptions {
  /** The repository root (holds pkg/ and dist-pkg/). */
  root: string;
  /** The extension's folder name under pkg/. */
  name: string;
  /** Output folder; emptied first. */
  out: string;
  /** Where `out` is served; the UIPlugin endpoint is `<baseUrl>/extensions/<name>/<version>`. */
  baseUrl: string;
  /** An index.yaml already published: its other entries are kept, as `helm repo index --merge` does. */
  merge?: string;
  /** Replace a version the merged index already has (the publish script's -f). */
  force?: boolean;
  /** Archive times and the index's created/generated (defaults to defaultCatalogTime). */
  now?: Date;
}

export interface Catalog {
  version: string;
  chart: string;
  digest: string;
  endpoint: string;
  files: string[];
}

/** Raw GitHub serving a branch of a repository: what the publish script's endpoints point at. */
export function githubBaseUrl(repository: string, branch: string): string {
  return `https://raw.githubusercontent.com/${ repository }/${ branch }`;
}

function filesUnder(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);

    return statSync(path).isDirectory() ? filesUnder(path, base) : [relative(base, path).split('\\').join('/')];
  }).sort();
}

function write(path: string, data: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
}

/** Every directory on the way to these files, each once, before its contents (sorted by path, a directory comes first). */
function withDirectories(prefix: string, files: { path: string, data: Uint8Array }[]): TarEntry[] {
  const seen = new Set<string>();
  const entries: TarEntry[] = [];

  for (const file of files) {
    const parts = `${ prefix }/${ file.path }`.split('/');

    for (let i = 1; i < parts.length; i++) {
      const dir = `${ parts.slice(0, i).join('/') }/`;

      if (!seen.has(dir)) {
        seen.add(dir);
        entries.push({ path: dir });
      }
    }
    entries.push({ path: `${ prefix }/${ file.path }`, data: file.data });
  }

  return entries;
}

interface IndexEntry extends Record<string, unknown> { name: string, version: string }

function readIndex(path: string): Record<string, IndexEntry[]> {
  const index = load(readFileSync(path, 'utf8')) as { entries?: Record<string, IndexEntry[]> } | undefined;

  return index?.entries || {};
}

/** Newest first, as Helm sorts an index (by SemVer precedence, prereleases below their release). */
function bySemverDescending(a: IndexEntry, b: IndexEntry): number {
  return semver.rcompare(a.version, b.version);
}

/**
 * The archives' times and the index's created/generated when none is given: SOURCE_DATE_EPOCH
 * (the reproducible-builds convention), else the time of the commit built, else now. So two
 * runs on the same commit write the same bytes.
 */
export function defaultCatalogTime(root: string): Date {
  const epoch = process.env.SOURCE_DATE_EPOCH;

  if (epoch && /^\d+$/.test(epoch)) {
    return new Date(Number(epoch) * 1000);
  }
  const commit = spawnSync('git', ['log', '-1', '--format=%ct'], { cwd: root, encoding: 'utf8' });

  return commit.status === 0 && /^\d+\s*$/.test(commit.stdout) ? new Date(Number(commit.stdout) * 1000) : new Date();
}

export function writeCatalog(options: CatalogOptions): Catalog {
  const {
    root, name, out, baseUrl, now = defaultCatalogTime(options.root)
  } = options;
  const pkgDir = join(root, 'pkg', name);
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as ExtensionPackage;
  const version = pkg.version;
  const built = join(root, 'dist-pkg', `${ name }-${ version }`);

  if (!existsSync(join(built, `${ name }-${ version }.umd.min.js`))) {
    throw new Error(`${ relative(root, built) } has no built extension: run npm run build first`);
  }

  const merged = options.merge && existsSync(options.merge) ? readIndex(options.merge) : {};

  if (merged[name]?.some((entry) => entry.version === version) && !options.force) {
    throw new Error(`${ name } ${ version } is already in ${ options.merge }: raise the version in pkg/${ name }/package.json (or pass --force)`);
  }

  rmSync(out, { recursive: true, force: true });

  // The extension's files as the publish script copies them (`cp -R dist-pkg/<name>-<version>/*`,
  // so no dot files such as build markers), less the bundle analyser's report.
  const plugin = filesUnder(built).filter((file) => file !== 'report.html' && !file.split('/').some((part) => part.startsWith('.'))).map((file) => ({ path: `plugin/${ file }`, data: new Uint8Array(readFileSync(join(built, file))) }));
  const filesTxt = `${ plugin.map((f) => f.path).join('\n') }\n`;
  const extensionFiles = [...plugin, { path: 'files.txt', data: utf8.encode(filesTxt) }];
  const extensionDir = join(out, 'extensions', name, version);

  for (const file of extensionFiles) {
    write(join(extensionDir, file.path), file.data);
  }
  // `tar -czf extensions/<name>/<version>.tgz -C extensions/<name> <version>`
  write(`${ extensionDir }.tgz`, tarGz(withDirectories(version, extensionFiles).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), now));

  const endpoint = `${ baseUrl.replace(/\/+$/, '') }/extensions/${ name }/${ version }`;
  const readmePath = join(pkgDir, 'README.md');
  const chart: ChartFile[] = chartFiles({
    pkg, endpoint, readme: existsSync(readmePath) ? new Uint8Array(readFileSync(readmePath)) : undefined
  });

  for (const file of chart) {
    write(join(out, 'charts', name, version, file.path), file.data);
  }

  // `helm package` archives files only, under the chart's name.
  const chartTgz = tarGz(chart.map((file) => ({ path: `${ name }/${ file.path }`, data: file.data })), now);
  const chartPath = `assets/${ name }/${ name }-${ version }.tgz`;
  const digest = createHash('sha256').update(chartTgz).digest('hex');

  write(join(out, chartPath), chartTgz);

  // `helm repo index`: each version's Chart.yaml fields plus created, digest and urls.
  const metadata = load(utf8.decode(chart[0].data)) as Record<string, unknown>;
  const entry: IndexEntry = {
    ...metadata, name, version, created: now.toISOString(), digest, urls: [chartPath]
  };
  const entries = { ...merged, [name]: [entry, ...(merged[name] || []).filter((e) => e.version !== version)].sort(bySemverDescending) };

  write(join(out, 'index.yaml'), yaml({
    apiVersion: 'v1', entries, generated: now.toISOString()
  }));

  return {
    version, chart: chartPath, digest, endpoint, files: plugin.map((f) => f.path)
  };
}
