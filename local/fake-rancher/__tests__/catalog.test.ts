/**
 * @jest-environment node
 */
/**
 * The catalog install path, over HTTP as the dashboard walks it: the Helm repository that
 * `npm run package` writes (made here from dist-pkg/, which npm test builds first), served as
 * GitHub Pages would; a ClusterRepo pointing at it; the index and chart info; `?action=install`
 * rendering the chart's own templates into the UIPlugin; and the plugin's files, cached from the
 * endpoint the UIPlugin names, served under /v1/uiplugins.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- Steve's JSON, read key by key. */
import { createHash } from 'crypto';
import {
  existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync
} from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as tar from 'tar';
import { writeCatalog } from '@scripts/catalog/repository';
import { shellManagementRequest } from '@tests/contract/shell-request';
import { download } from '../catalog';
import { HelmRepositoryServer, serveHelmRepository } from '../../helm-repository/server';
import { FakeRancher, startFakeRancher } from '../server';

const ROOT = join(__dirname, '..', '..', '..');
const NAME = 'aws-cloud-provider';
const VERSION: string = JSON.parse(readFileSync(join(ROOT, 'pkg', NAME, 'package.json'), 'utf8')).version;
const UMD = `${ NAME }-${ VERSION }.umd.min.js`;
const REPOS = '/v1/catalog.cattle.io.clusterrepos';

let dir: string;
let site: HelmRepositoryServer;
let rancher: FakeRancher;
let request: (payload: { url: string, method?: string, data?: unknown }) => Promise<any>;

beforeAll(async() => {
  if (!existsSync(join(ROOT, 'dist-pkg', `${ NAME }-${ VERSION }`, UMD))) {
    throw new Error('no built extension in dist-pkg/: npm run build first');
  }
  dir = mkdtempSync(join(tmpdir(), 'helm-repo-'));
  site = await serveHelmRepository(dir);
  writeCatalog({
    root: ROOT, name: NAME, out: dir, baseUrl: site.url, now: new Date('2026-01-02T03:04:05Z')
  });
});
afterAll(async() => {
  await site.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async() => {
  rancher = await startFakeRancher({ awsEndpointUrl: 'http://127.0.0.1:9', extensionInstalled: false });
  request = shellManagementRequest(rancher.url);
});
afterEach(() => rancher.close());

const addRepository = (name: string, url: string) => request({
  url:    REPOS,
  method: 'post',
  data:   {
    type: 'catalog.cattle.io.clusterrepo', metadata: { name }, spec: { url }
  }
});
/** The body the dashboard's InstallExtensionDialog sends. */
const installBody = {
  charts: [{
    chartName: NAME, version: VERSION, releaseName: NAME, annotations: { 'catalog.cattle.io/ui-source-repo-type': 'cluster', 'catalog.cattle.io/ui-source-repo': 'ours' }, values: {}
  }],
  namespace: 'cattle-ui-plugin-system',
};

it('reads the repository, installs the chart as helm renders it, and serves the cached plugin files', async() => {
  expect((await request({ url: '/v1/uiplugins' })).entries).toEqual({});

  const repo = await addRepository('ours', site.url);

  expect(repo.status.conditions).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'Downloaded', status: 'True' })]));
  expect(repo.actions.install).toBe(`${ rancher.url }${ REPOS }/ours?action=install`);

  const index = await request({ url: `${ REPOS }/ours?link=index` });

  expect(index.entries[NAME][0]).toMatchObject({ version: VERSION, annotations: { 'catalog.cattle.io/ui-component': 'plugins' } });
  const info = await request({ url: `${ REPOS }/ours?link=info&chartName=${ NAME }&version=${ VERSION }` });

  expect(info.chart).toMatchObject({ name: NAME, version: VERSION });
  expect(info.values.plugin.endpoint).toBe(`${ site.url }/extensions/${ NAME }/${ VERSION }`);

  const output = await request({
    url: repo.actions.install, method: 'post', data: installBody
  });

  expect(output).toMatchObject({ type: 'chartActionOutput', operationNamespace: 'cattle-ui-plugin-system' });
  const operation = await request({ url: `/v1/catalog.cattle.io.operations/cattle-ui-plugin-system/${ output.operationName }` });

  expect(operation.status).toMatchObject({
    action: 'install', releaseName: NAME, chart: NAME, version: VERSION
  });
  expect(operation.metadata.state).toMatchObject({ transitioning: false, error: false });
  const app = await request({ url: `/v1/catalog.cattle.io.apps/cattle-ui-plugin-system/${ NAME }` });

  expect(app.spec.info.status).toBe('deployed');
  expect(app.spec.resources).toEqual([{
    apiVersion: 'catalog.cattle.io/v1', kind: 'UIPlugin', name: NAME, namespace: 'cattle-ui-plugin-system'
  }]);

  // The chart's templates/cr.yaml and _helpers.tpl, rendered with its values.
  const plugin = await request({ url: `/v1/catalog.cattle.io.uiplugins/cattle-ui-plugin-system/${ NAME }` });

  expect(plugin.metadata.labels).toMatchObject({ 'app.kubernetes.io/managed-by': 'Helm', 'helm.sh/chart': `${ NAME }-${ VERSION }` });
  expect(plugin.spec.plugin).toMatchObject({
    name: NAME, version: VERSION, endpoint: info.values.plugin.endpoint, noAuth: false, metadata: { 'catalog.cattle.io/display-name': 'Amazon Cloud Provider' }
  });
  expect(plugin.status).toMatchObject({ cacheState: 'cached' });
  expect((await request({ url: '/v1/uiplugins' })).entries[NAME]).toMatchObject({
    name: NAME, version: VERSION, endpoint: info.values.plugin.endpoint
  });

  // Served from Rancher's cache, as fetched from the endpoint: the built extension, byte for byte.
  const served = await download(`${ rancher.url }/v1/uiplugins/${ NAME }/${ VERSION }/plugin/${ UMD }`);

  const sha256 = (data: Buffer) => createHash('sha256').update(data.toString('base64')).digest('hex');

  expect(sha256(served)).toBe(sha256(readFileSync(join(ROOT, 'dist-pkg', `${ NAME }-${ VERSION }`, UMD))));
  expect(site.requests).toEqual(expect.arrayContaining(['/index.yaml', `/assets/${ NAME }/${ NAME }-${ VERSION }.tgz`, `/extensions/${ NAME }/${ VERSION }/files.txt`, `/extensions/${ NAME }/${ VERSION }/plugin/${ UMD }`]));
});

it('says why a repository cannot be read, and installs nothing from it', async() => {
  const repo = await addRepository('nowhere', `${ site.url }/no-such-folder`);

  expect(repo.status.conditions[0]).toMatchObject({
    type: 'Downloaded', status: 'False', message: expect.stringContaining('404')
  });
  await expect(request({
    url: repo.actions.install, method: 'post', data: installBody
  })).rejects.toMatchObject({ _status: 500, message: expect.stringContaining('404') });
  expect(rancher.store.management.list('catalog.cattle.io.uiplugin')).toEqual([]);
  expect(rancher.store.management.list('catalog.cattle.io.app')).toEqual([]);
});

it('refuses an install request without charts or namespace', async() => {
  const repo = await addRepository('ours', site.url);

  await expect(request({
    url: repo.actions.install, method: 'post', data: { charts: [] }
  })).rejects.toMatchObject({ _status: 422, code: 'InvalidBodyContent' });
});

it('applies nothing of a chart one of whose kinds the cluster lacks, as helm', async() => {
  const chartDir = join(dir, 'broken-src', 'broken');

  mkdirSync(join(chartDir, 'templates'), { recursive: true });
  writeFileSync(join(chartDir, 'Chart.yaml'), 'apiVersion: v2\nname: broken\nversion: 1.0.0\n');
  writeFileSync(join(chartDir, 'values.yaml'), 'name: kept\n');
  writeFileSync(join(chartDir, 'templates', 'a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n');
  writeFileSync(join(chartDir, 'templates', 'b.yaml'), 'apiVersion: example.com/v1\nkind: Unheard\nmetadata:\n  name: x\n');
  mkdirSync(join(dir, 'broken-repo'), { recursive: true });
  await tar.c({
    gzip: true, file: join(dir, 'broken-repo', 'broken-1.0.0.tgz'), cwd: join(dir, 'broken-src')
  }, ['broken']);
  writeFileSync(join(dir, 'broken-repo', 'index.yaml'), 'apiVersion: v1\nentries:\n  broken:\n    - name: broken\n      version: 1.0.0\n      urls: [broken-1.0.0.tgz]\n');
  const repo = await addRepository('broken', `${ site.url }/broken-repo`);

  await expect(request({
    url:    repo.actions.install,
    method: 'post',
    data:   {
      charts: [{
        chartName: 'broken', version: '1.0.0', releaseName: 'broken'
      }],
      namespace: 'default'
    }
  })).rejects.toMatchObject({ _status: 500, message: expect.stringContaining('no matches for kind "Unheard"') });
  expect(rancher.store.management.get('configmap', 'default/kept')).toBeUndefined();
  expect(rancher.store.management.list('catalog.cattle.io.app')).toEqual([]);
});
