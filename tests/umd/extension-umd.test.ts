/**
 * @jest-environment node
 */
/**
 * Loads the built extension as Rancher does: a script tag for the UMD defines
 * window['aws-cloud-provider-<version>'], whose default export receives the plugin object.
 * Lazy chunks load from the same folder over HTTP, as they do from Rancher's extension server.
 */

/* eslint-disable @typescript-eslint/no-explicit-any -- The built UMD in a jsdom window: what the bundle
   puts on the window and what the host hands it are untyped JavaScript. */
import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import { readFileSync, readdirSync, existsSync } from 'fs';
import { join, extname } from 'path';
import { JSDOM } from 'jsdom';
import * as Vue from 'vue';
import { CLUSTER_PAGE_LOCATIONS } from '@pkg/registration';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'pkg', 'aws-cloud-provider', 'package.json'), 'utf8'));
const name = `${ pkg.name }-${ pkg.version }`;
const distDir = join(__dirname, '..', '..', 'dist-pkg', name);
const umdFile = `${ name }.umd.min.js`;

let server: Server;
let baseUrl: string;

beforeAll(async() => {
  if (!existsSync(join(distDir, umdFile))) {
    throw new Error(`${ umdFile } is not built: run "npm run build" first`);
  }
  server = createServer((req, res) => {
    const file = join(distDir, (req.url || '/').split('?')[0]);

    if (!file.startsWith(distDir) || !existsSync(file)) {
      res.writeHead(404).end();

      return;
    }
    res.writeHead(200, { 'Content-Type': extname(file) === '.js' ? 'application/javascript' : 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${ (server.address() as AddressInfo).port }/`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

interface Recorded {
  tabs: { where: string, when: unknown, tab: any }[];
  registered: Record<string, () => Promise<any>>;
  products: any[];
  routes: any[];
  columns: { where: string, when: unknown, column: any }[];
  metadata?: any;
}

async function loadExtension(): Promise<{ window: any, recorded: Recorded }> {
  const dom = new JSDOM('<!DOCTYPE html><html><head></head><body></body></html>', {
    url: baseUrl, runScripts: 'dangerously', resources: 'usable'
  });
  const window = dom.window as any;

  // What the host puts on window for extensions: Vue and the shared jszip/js-yaml.
  window.Vue = Vue;
  window.__jszip = {};
  window.__jsyaml = require('js-yaml');

  await new Promise<void>((resolve, reject) => {
    const script = window.document.createElement('script');

    script.src = `${ baseUrl }${ umdFile }`;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error('the UMD did not load'));
    window.document.head.appendChild(script);
  });

  const recorded: Recorded = {
    tabs: [], registered: {}, products: [], routes: [], columns: []
  };
  // The shell's Plugin methods the extension calls (core/plugin.ts), recording what it registers.
  const plugin = {
    addProduct:     (product: unknown) => recorded.products.push(product),
    addRoutes:      (routes: unknown[]) => recorded.routes.push(...routes),
    addTableColumn: (where: string, when: unknown, column: unknown) => recorded.columns.push({
      where, when, column
    }),
    addTab:   (where: string, when: unknown, tab: unknown) => recorded.tabs.push({
      where, when, tab
    }),
    register: (type: string, key: string, value: () => Promise<any>) => {
      recorded.registered[`${ type }/${ key }`] = value;
    },
    get metadata() {
      return recorded.metadata;
    },
    set metadata(value: any) {
      recorded.metadata = value;
    },
  };

  window[name].default(plugin, { app: {}, store: {} });

  return { window, recorded };
}

describe('the built extension', () => {
  it('defines its global and registers the tab for Amazon EC2 create, custom create and edit', async() => {
    const { window, recorded } = await loadExtension();

    expect(typeof window[name].default).toBe('function');
    expect(recorded.metadata.name).toBe('aws-cloud-provider');
    expect(recorded.metadata.rancher.annotations['catalog.cattle.io/ui-extensions-version']).toBe('>= 3.0.0 < 3.1.0');
    expect(recorded.tabs.map((t) => t.where)).toEqual(['cluster-create-rke2', 'cluster-create-rke2', 'cluster-create-rke2', 'tab']);
    expect(recorded.tabs.slice(0, 3).map((t) => t.when)).toEqual(CLUSTER_PAGE_LOCATIONS);
    expect(recorded.tabs.map((t) => t.when)).toEqual([
      { resource: ['provisioning.cattle.io.cluster'], queryParam: { type: 'amazonec2', rkeType: 'rke2' } },
      { resource: ['provisioning.cattle.io.cluster'], queryParam: { type: 'custom', rkeType: 'rke2' } },
      { resource: ['provisioning.cattle.io.cluster'], mode: ['edit'] },
      { resource: ['provisioning.cattle.io.cluster'] },
    ]);
    expect(recorded.tabs[3].tab).toMatchObject({ name: 'aws-cloud-provider-nodes', labelKey: 'awsCloudProvider.nodes.tab' });
    expect(recorded.tabs[0].tab).toMatchObject({ name: 'aws-cloud-provider', labelKey: 'awsCloudProvider.tab.label' });
    // The fleet page in Cluster Management and the verdict column of Rancher's cluster list.
    expect(recorded.products).toHaveLength(1);
    expect(recorded.routes.map((r) => r.route.path)).toEqual(['/c/:cluster/manager/aws-cloud-provider']);
    expect(recorded.columns).toEqual([{
      where: 'resource-list', when: { resource: ['provisioning.cattle.io.cluster'] }, column: expect.objectContaining({ formatter: 'AwsCloudProviderVerdict' })
    }]);
  });

  it('loads the tab component and the translations from their lazy chunks', async() => {
    const { recorded } = await loadExtension();
    const component = await recorded.tabs[0].tab.component();
    const strings = await recorded.registered['l10n/en-us']();

    const nodesTab = await recorded.tabs[3].tab.component();

    expect((component.default || component).name).toBe('CloudProviderTab');
    expect((nodesTab.default || nodesTab).name).toBe('ClusterNodesTab');
    expect((strings.default || strings).awsCloudProvider.tab.label).toBe('Amazon Cloud Provider');
  });

  it('contains no AWS SDK code in any file', () => {
    for (const file of readdirSync(distDir).filter((f) => f.endsWith('.js'))) {
      const text = readFileSync(join(distDir, file), 'utf8');

      expect({ file, sdk: /DescribeInstancesCommand|GetInstanceProfileCommand|@aws-sdk\//.test(text) }).toEqual({ file, sdk: false });
    }
  });
});
