/**
 * @jest-environment node
 */
/**
 * The Helm repository `npm run package` writes, made here from the built extension in
 * dist-pkg/ (npm test builds it first) and read back as Rancher reads it: the index, the chart
 * unpacked by GNU tar (not by our writer), the annotations through the shell's own
 * compatibility code, and the files Rancher fetches from the UIPlugin's endpoint.
 */

/* eslint-disable @typescript-eslint/no-explicit-any -- Helm's YAML documents (index.yaml, Chart.yaml,
   values.yaml) and the release workflow, read as they are and checked key by key. */
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import {
  existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync
} from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { load } from 'js-yaml';
import semver from 'semver';
import { githubBaseUrl, writeCatalog } from '@scripts/catalog/repository';
import { SHELL_CHART_DIR } from '@scripts/catalog/chart';

const ROOT = join(__dirname, '..', '..');
const NAME = 'aws-cloud-provider';
const pkg = JSON.parse(readFileSync(join(ROOT, 'pkg', NAME, 'package.json'), 'utf8'));
const VERSION: string = pkg.version;
const BUILT = join(ROOT, 'dist-pkg', `${ NAME }-${ VERSION }`);
const SHELL_VERSION: string = JSON.parse(readFileSync(join(ROOT, 'node_modules', '@rancher', 'shell', 'package.json'), 'utf8')).version;
const BASE_URL = githubBaseUrl('example-org/example-repo', 'gh-pages');
const NOW = new Date('2025-01-02T03:04:05.000Z');

let work: string;
let out: string;
let index: any;
let entry: any;
let chartDir: string;

function untar(archive: string, into: string): string[] {
  execFileSync('tar', ['-xzf', archive, '-C', into]);

  return execFileSync('tar', ['-tzf', archive], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

/** sha256 over every file under `dir`, by sorted relative path: the same catalog gives the same digest. */
function treeDigest(dir: string): string {
  const files = execFileSync('find', ['.', '-type', 'f'], { cwd: dir, encoding: 'utf8' }).split('\n').filter(Boolean).sort();
  const hash = createHash('sha256');

  for (const file of files) {
    hash.update(`${ file }\0`).update(new Uint8Array(readFileSync(join(dir, file))));
  }

  return hash.digest('hex');
}

function yamlOf(path: string): any {
  return load(readFileSync(path, 'utf8'));
}

beforeAll(() => {
  if (!existsSync(join(BUILT, `${ NAME }-${ VERSION }.umd.min.js`))) {
    throw new Error(`dist-pkg/${ NAME }-${ VERSION } is not built: run "npm run build" first`);
  }
  work = mkdtempSync(join(tmpdir(), 'catalog-'));
  out = join(work, 'dist-catalog');
  writeCatalog({
    root: ROOT, name: NAME, out, baseUrl: BASE_URL, now: NOW
  });
  index = yamlOf(join(out, 'index.yaml'));
  entry = index.entries[NAME][0];
  chartDir = join(work, 'chart');
  execFileSync('mkdir', ['-p', chartDir]);
});

afterAll(() => {
  if (work) {
    rmSync(work, { recursive: true, force: true });
  }
});

describe('the extension catalog (a Helm repository for Rancher)', () => {
  it('indexes the chart as `helm repo index --url assets/` does, with the digest of the archive', () => {
    expect(index.apiVersion).toBe('v1');
    expect(index.generated).toBe(NOW.toISOString());
    expect(index.entries[NAME]).toHaveLength(1);
    expect(entry.urls).toEqual([`assets/${ NAME }/${ NAME }-${ VERSION }.tgz`]);
    expect(entry.created).toBe(NOW.toISOString());

    const archive = readFileSync(join(out, entry.urls[0]), 'latin1');

    expect(entry.digest).toBe(createHash('sha256').update(archive, 'latin1').digest('hex'));
  });

  it('packs the chart as `helm package` does: one folder named after the chart, files only', () => {
    const listed = untar(join(out, entry.urls[0]), chartDir);

    expect(listed).toEqual([
      `${ NAME }/Chart.yaml`, `${ NAME }/values.yaml`, `${ NAME }/templates/_helpers.tpl`, `${ NAME }/templates/cr.yaml`, `${ NAME }/README.md`, `${ NAME }/.helmignore`,
    ]);
    // The index entry is the chart's Chart.yaml plus what the index adds.
    const chart = yamlOf(join(chartDir, NAME, 'Chart.yaml'));
    const metadata = Object.fromEntries(Object.entries(entry).filter(([key]) => !['created', 'digest', 'urls'].includes(key)));

    expect(metadata).toEqual(chart);
    // The same chart, unpacked, for Git repositories (Rancher reads charts/<name>/<version>/).
    for (const file of listed) {
      expect(readFileSync(join(out, 'charts', NAME, VERSION, file.slice(NAME.length + 1)))).toEqual(readFileSync(join(chartDir, file)));
    }
  });

  it('gives Chart.yaml what Rancher filters and shows, from pkg/aws-cloud-provider/package.json', () => {
    const chart = yamlOf(join(chartDir, NAME, 'Chart.yaml'));
    const template = yamlOf(join(SHELL_CHART_DIR, 'Chart.yaml'));

    expect(chart).toMatchObject({
      apiVersion: 'v2', type: 'application', name: NAME, version: VERSION, appVersion: VERSION, description: pkg.description, home: pkg.homepage, icon: pkg.icon, keywords: pkg.keywords,
    });
    // The shell's chart template's annotations, then ours.
    expect(chart.annotations).toEqual({ ...template.annotations, ...pkg.rancher.annotations });
    expect(chart.annotations).toMatchObject({
      'catalog.cattle.io/ui-component':          'plugins',
      'catalog.cattle.io/namespace':             'cattle-ui-plugin-system',
      'catalog.cattle.io/scope':                 'management',
      'catalog.cattle.io/display-name':          'Amazon Cloud Provider',
      'catalog.cattle.io/kube-version':          '>= 1.23.0-0',
      'catalog.cattle.io/rancher-version':       '>= 2.10.0-0 < 2.16.0-0',
      'catalog.cattle.io/ui-extensions-version': '>= 3.0.0 < 3.1.0',
    });
    // Every version bound ends in -0, so release candidates (v2.13.0-rc1) fall inside the range.
    for (const key of ['catalog.cattle.io/kube-version', 'catalog.cattle.io/rancher-version']) {
      expect(chart.annotations[key].match(/\d+\.\d+\.\d+\S*/g).every((bound: string) => bound.endsWith('-0'))).toBe(true);
    }
    expect(readFileSync(join(chartDir, NAME, 'README.md'), 'utf8')).toBe(readFileSync(join(ROOT, 'pkg', NAME, 'README.md'), 'utf8'));
  });

  it('is offered by the shell\'s own compatibility check for Rancher 2.10 to 2.15 only', () => {
    process.env.UI_EXTENSIONS_API_VERSION = SHELL_VERSION; // what the dashboard build injects
    // Loaded here, after UI_EXTENSIONS_API_VERSION is set above; the shell module is untyped JavaScript.
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { isSupportedChartVersion } = require('@shell/config/uiplugins');
    const supported = (rancherVersion: string, kubeVersion = 'v1.31.4+rke2r1') => isSupportedChartVersion({
      version: entry, rancherVersion, kubeVersion
    });

    for (const rancher of ['v2.10.0', 'v2.13.2', 'v2.15.7', 'v2.15.0-rc1', 'v2.13-head']) {
      expect({ rancher, supported: supported(rancher) }).toEqual({ rancher, supported: true });
    }
    for (const rancher of ['v2.9.3', 'v2.16.0', 'v3.0.0']) {
      expect({ rancher, supported: supported(rancher) }).toEqual({ rancher, supported: false });
    }
    expect(supported('v2.13.2', 'v1.22.17')).toBe(false);
    expect(supported('v2.13.2', 'v1.23.0')).toBe(true);
  });

  it('is offered to the extension API of the shells tested (3.0.x), not to a 3.1 dashboard', () => {
    const offered = (api: string) => {
      let supported: boolean | undefined;

      jest.isolateModules(() => {
        process.env.UI_EXTENSIONS_API_VERSION = api; // read when the shell's module loads
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const { isSupportedChartVersion } = require('@shell/config/uiplugins');

        supported = isSupportedChartVersion({
          version: entry, rancherVersion: 'v2.13.2', kubeVersion: 'v1.31.4+rke2r1'
        });
      });
      process.env.UI_EXTENSIONS_API_VERSION = SHELL_VERSION;

      return supported;
    };

    expect(['3.0.0', '3.0.8', '3.0.13'].map(offered)).toEqual([true, true, true]);
    expect(offered('3.1.0')).toBe(false);
  });

  it('lets Rancher\'s catalog list release candidates: a range with -0 bounds admits prereleases', () => {
    // Rancher's backend (Masterminds semver) matches a prerelease only against a range that has
    // a prerelease bound; npm's semver with includePrerelease then decides like it.
    const admits = (version: string, range: string) => (/-/.test(range) ? semver.satisfies(version, range, { includePrerelease: true }) : !semver.prerelease(version) && semver.satisfies(version, range));
    const range = entry.annotations['catalog.cattle.io/rancher-version'];

    expect(['2.10.0-alpha1', '2.13.0-rc1', '2.15.9'].map((v) => admits(v, range))).toEqual([true, true, true]);
    expect(['2.9.9', '2.16.0-rc1', '2.16.0'].map((v) => admits(v, range))).toEqual([false, false, false]);
    expect(admits('2.13.0-rc1', '>= 2.10.0 < 2.16.0')).toBe(false);
  });

  it('installs the shell\'s UIPlugin resource, whose values the shell then loads', () => {
    expect(readFileSync(join(chartDir, NAME, 'templates', 'cr.yaml'))).toEqual(readFileSync(join(SHELL_CHART_DIR, 'templates', 'cr.yaml')));
    expect(readFileSync(join(chartDir, NAME, 'templates', '_helpers.tpl'))).toEqual(readFileSync(join(SHELL_CHART_DIR, 'templates', '_helpers.tpl')));

    const values = yamlOf(join(chartDir, NAME, 'values.yaml'));
    const endpoint = `${ BASE_URL }/extensions/${ NAME }/${ VERSION }`;

    expect(values.plugin).toEqual({
      enabled:            true,
      versionOverride:    '',
      endpoint,
      compressedEndpoint: `${ endpoint }.tgz`,
      noCache:            false,
      noAuth:             false,
      metadata:           pkg.rancher.annotations,
    });

    // cr.yaml's spec.plugin for the release Rancher creates (named after the chart).
    const chart = yamlOf(join(chartDir, NAME, 'Chart.yaml'));
    const spec = {
      name: NAME, version: semver.valid(chart.appVersion), endpoint: values.plugin.endpoint, compressedEndpoint: values.plugin.compressedEndpoint, noCache: values.plugin.noCache, noAuth: values.plugin.noAuth, metadata: values.plugin.metadata,
    };

    expect(spec.version).toBe(VERSION);
    // eslint-disable-next-line @typescript-eslint/no-var-requires -- as above
    const { shouldNotLoadPlugin } = require('@shell/config/uiplugins');

    expect(shouldNotLoadPlugin(spec, { rancherVersion: 'v2.13.2', kubeVersion: 'v1.31.4+rke2r1' }, [])).toBe(false);
    expect(shouldNotLoadPlugin(spec, { rancherVersion: 'v2.16.0', kubeVersion: 'v1.31.4+rke2r1' }, [])).toBe('plugins.error.version');
  });

  it('serves at the endpoint what Rancher fetches to cache the plugin, and the same as one archive', () => {
    const folder = join(out, 'extensions', NAME, VERSION);
    const files = readFileSync(join(folder, 'files.txt'), 'utf8').split('\n').filter(Boolean);
    const built = execFileSync('find', ['.', '-type', 'f', '!', '-name', '.*', '!', '-name', 'report.html'], { cwd: BUILT, encoding: 'utf8' }).split('\n').filter(Boolean).map((f) => `plugin/${ f.slice(2) }`)
      .sort();

    expect(files).toEqual(built);
    expect(files).toContain(`plugin/${ NAME }-${ VERSION }.umd.min.js`);
    for (const file of files) {
      // Rancher refuses entries that start with / \ or . or contain ..
      expect(file).not.toMatch(/(^[/\\.])|\.\./);
      expect(readFileSync(join(folder, file))).toEqual(readFileSync(join(BUILT, file.slice('plugin/'.length))));
    }
    // Rancher caches only when plugin/package.json names the chart's version.
    expect(JSON.parse(readFileSync(join(folder, 'plugin', 'package.json'), 'utf8')).version).toBe(VERSION);

    const unpacked = join(work, 'compressed');

    execFileSync('mkdir', ['-p', unpacked]);
    const listed = untar(`${ folder }.tgz`, unpacked).filter((path) => !path.endsWith('/'));

    expect(listed.sort()).toEqual([...files, 'files.txt'].map((f) => `${ VERSION }/${ f }`).sort());
    for (const file of files) {
      expect(readFileSync(join(unpacked, VERSION, file))).toEqual(readFileSync(join(folder, file)));
    }
  });

  it('gives the same bytes for the same build, so a re-run does not change a published digest', () => {
    const again = join(work, 'again');

    writeCatalog({
      root: ROOT, name: NAME, out: again, baseUrl: BASE_URL, now: NOW
    });
    expect(readFileSync(join(again, entry.urls[0]))).toEqual(readFileSync(join(out, entry.urls[0])));
    expect(readFileSync(join(again, 'index.yaml'))).toEqual(readFileSync(join(out, 'index.yaml')));
    // Every file of the catalog, archives included: one digest over the sorted tree.
    expect(treeDigest(again)).toBe(treeDigest(out));
  });

  it('writes portable archive headers: owner 0/0, fixed modes, the given time on files', () => {
    const folder = join(out, 'extensions', NAME, VERSION);
    const verbose = (archive: string) => execFileSync('tar', ['--numeric-owner', '--full-time', '-tvzf', archive], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } }).split('\n').filter(Boolean);

    for (const line of [...verbose(join(out, entry.urls[0])), ...verbose(`${ folder }.tgz`)]) {
      const [mode, owner, , date, time, path] = line.split(/\s+/);

      expect(owner).toBe('0/0');
      expect(mode).toBe(path.endsWith('/') ? 'drwxr-xr-x' : '-rw-r--r--');
      if (!path.endsWith('/')) {
        expect(`${ date }T${ time }.000Z`).toBe(NOW.toISOString());
      }
    }
    // The extension's archive lists its entries sorted, each directory before its contents.
    const paths = verbose(`${ folder }.tgz`).map((line) => line.split(/\s+/).pop() as string);

    expect(paths).toEqual([...paths].sort());
    // gzip's header: no time, no OS.
    expect([...readFileSync(join(out, entry.urls[0])).subarray(4, 10)]).toEqual([0, 0, 0, 0, 2, 0xff]);
  });

  it('keeps what is already published (helm repo index --merge), newest first, and never overwrites a version', () => {
    const published = join(work, 'published-index.yaml');
    const older = {
      ...entry, version: '0.0.9', appVersion: '0.0.9', urls: [`assets/${ NAME }/${ NAME }-0.0.9.tgz`]
    };
    const other = {
      name: 'another-extension', version: '1.0.0', urls: ['assets/another-extension/another-extension-1.0.0.tgz']
    };

    writeFileSync(published, JSON.stringify({ apiVersion: 'v1', entries: { [NAME]: [older], 'another-extension': [other] } }));
    const merged = join(work, 'merged');

    writeCatalog({
      root: ROOT, name: NAME, out: merged, baseUrl: BASE_URL, now: NOW, merge: published
    });
    const mergedIndex = yamlOf(join(merged, 'index.yaml'));

    expect(mergedIndex.entries[NAME].map((e: any) => e.version)).toEqual([VERSION, '0.0.9']);
    expect(mergedIndex.entries['another-extension']).toEqual([other]);

    writeFileSync(published, readFileSync(join(merged, 'index.yaml'), 'utf8'));
    expect(() => writeCatalog({
      root: ROOT, name: NAME, out: merged, baseUrl: BASE_URL, merge: published
    })).toThrow(`${ NAME } ${ VERSION } is already in`);
    writeCatalog({
      root: ROOT, name: NAME, out: merged, baseUrl: BASE_URL, now: NOW, merge: published, force: true
    });
    expect(yamlOf(join(merged, 'index.yaml')).entries[NAME]).toHaveLength(2);
  });
});

describe('what ships with the catalog', () => {
  it('has an icon of its own at the path the chart names, a LICENSE and a .nvmrc', () => {
    const icon = readFileSync(join(ROOT, 'pkg', NAME, 'icon.svg'), 'utf8');

    expect(icon).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 64 64"/);
    expect(pkg.icon).toMatch(new RegExp(`^https://.*/pkg/${ NAME }/icon\\.svg$`));
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004[\s\S]*END OF TERMS AND CONDITIONS/);
    expect(readFileSync(join(ROOT, '.nvmrc'), 'utf8').trim()).toBe('20');
  });

  it('documents in the package README every AWS action the extension calls', () => {
    const readme = readFileSync(join(ROOT, 'pkg', NAME, 'README.md'), 'utf8');
    const awsDir = join(ROOT, 'pkg', NAME, 'aws');
    // Every reader of aws/ (gather.ts puts them together) and tagging.ts.
    const sources = readdirSync(awsDir).filter((file) => file.endsWith('.ts')).map((file) => readFileSync(join(awsDir, file), 'utf8')).join('\n');
    const actions = [...new Set([...sources.matchAll(/\b(ec2|iam)\.([a-z]\w+)\(/g)].map(([, service, call]) => `${ service }:${ call[0].toUpperCase() }${ call.slice(1) }`))];

    expect(actions).toEqual(expect.arrayContaining(['ec2:DescribeInstances', 'iam:SimulatePrincipalPolicy', 'ec2:CreateTags']));
    for (const action of actions) {
      expect({ action, documented: readme.includes(`\`${ action }\``) }).toEqual({ action, documented: true });
    }
  });

  it('releases on a tag aws-cloud-provider-<version> with npm run package', () => {
    const workflow = yamlOf(join(ROOT, '.github', 'workflows', 'release.yml'));
    const steps = Object.values(workflow.jobs).flatMap((job: any) => job.steps);

    expect(workflow.on.push.tags).toEqual(['aws-cloud-provider-*']);
    expect(steps.some((step: any) => /npm run package\b/.test(step.run || ''))).toBe(true);
  });
});
