// A quick look at the real dashboard against the fake Rancher, in Debian's Chromium:
//   npx tsx local/fake-rancher/smoke.ts [dashboardDir] [shotsDir]
// Opens each page, prints what it found, the page and console errors, the API paths answered
// 404 and the extension files loaded; screenshots go to shotsDir (default /tmp/fake-rancher-shots).
import { mkdirSync } from 'fs';
import { join } from 'path';
import { chromium, Page } from 'playwright-core';
import { startAwsEndpoint } from '../aws-endpoint/server';
import { FakeRancher, startFakeRancher } from './server';
import {
  awsScenario, CUSTOM_CLUSTER, EC2_CLUSTER, PROFILES, SUBNETS
} from './world';

const ROOT = join(__dirname, '..', '..');

interface Step {
  name: string;
  path: string;
  check(page: Page, rancher: FakeRancher): Promise<string>;
  /** Opens our tab, presses its verify button and returns the tab's panel, for a screenshot. */
  tab?: { tab: string, button: string, panel: string };
}

const CLUSTER_PAGE = '/c/_/manager/provisioning.cattle.io.cluster';

async function visible(page: Page, selector: string, timeout = 30000): Promise<boolean> {
  return page.locator(selector).first().waitFor({ state: 'visible', timeout }).then(() => true, () => false);
}

const steps: Step[] = [
  {
    name:  'home',
    path:  '/home',
    check: async(page) => `home: ${ await visible(page, '.main-layout, main') }, login page: ${ page.url().includes('/auth/login') }, clusters: ${ await visible(page, `text=${ EC2_CLUSTER.name }`) }`,
  },
  {
    name:  'clusters',
    path:  CLUSTER_PAGE,
    check: async(page) => `clusters listed: ${ await visible(page, `text=${ EC2_CLUSTER.name }`) } / ${ await visible(page, `text=${ CUSTOM_CLUSTER.name }`) }`,
  },
  {
    name:  'create-amazonec2',
    path:  `${ CLUSTER_PAGE }/create?type=amazonec2&rkeType=rke2`,
    check: async(page) => {
      const pool = await page.getByText('Pool Name').first().waitFor({ timeout: 60000 }).then(() => true, () => false);
      const tab = await visible(page, '[data-testid="aws-cloud-provider"]');
      const credential = await page.locator('text=aws-rancher').count();

      return `machine pools: ${ pool }, credential shown: ${ credential > 0 }, our tab: ${ tab }`;
    },
  },
  {
    name:  'create-save',
    path:  `${ CLUSTER_PAGE }/create?type=amazonec2&rkeType=rke2`,
    check: async(page, rancher) => {
      await page.getByPlaceholder('A unique name for the cluster').fill('new-ec2', { timeout: 60000 });
      await page.locator('[data-testid="amazonEc2__selectedNetwork"]').first().click();
      await page.locator('.vs__dropdown-option', { hasText: SUBNETS.newCluster }).first().click();
      await page.getByLabel('IAM Instance Profile Name').fill(PROFILES.newCluster);
      await page.getByRole('button', { name: 'Create', exact: true }).click();
      await page.waitForURL((url) => !url.pathname.endsWith('/create'), { timeout: 30000 }).catch(() => undefined);
      const saved = rancher.store.management.get('provisioning.cattle.io.cluster', 'fleet-default/new-ec2');

      return `saved: ${ !!saved } (${ saved?.status?.clusterName }), pools: ${ saved?.spec?.rkeConfig?.machinePools?.map((p: { name: string }) => p.name).join(', ') }`;
    },
  },
  {
    name:  'create-custom',
    path:  `${ CLUSTER_PAGE }/create?type=custom&rkeType=rke2`,
    check: async(page) => `our tab: ${ await visible(page, '[data-testid="aws-cloud-provider"]', 60000) }`,
  },
  {
    name:  'edit-ec2',
    path:  `${ CLUSTER_PAGE }/${ EC2_CLUSTER.id }?mode=edit`,
    check: async(page) => `our tab: ${ await visible(page, '[data-testid="aws-cloud-provider"]', 60000) }, pools: ${ await page.locator('text=control-plane').count() > 0 }`,
    tab:   { tab: '[data-testid="aws-cloud-provider"]', button: '[data-testid="verify-all"]', panel: '[data-testid="aws-cloud-provider-tab"]' },
  },
  {
    name:  'detail-ec2',
    path:  `${ CLUSTER_PAGE }/${ EC2_CLUSTER.id }`,
    check: async(page) => `our nodes tab: ${ await visible(page, '[data-testid="aws-cloud-provider-nodes"]', 60000) }`,
    tab:   { tab: '[data-testid="aws-cloud-provider-nodes"]', button: '[data-testid="nodes-verify"]', panel: '[data-testid="aws-cloud-provider-nodes-panel"]' },
  },
  {
    name:  'detail-custom',
    path:  `${ CLUSTER_PAGE }/${ CUSTOM_CLUSTER.id }`,
    check: async(page) => `our nodes tab: ${ await visible(page, '[data-testid="aws-cloud-provider-nodes"]', 60000) }`,
  },
  {
    name:  'extensions',
    path:  '/c/local/uiplugins',
    check: async(page) => `listed: ${ await visible(page, 'text=Amazon Cloud Provider', 60000) }`,
  },
];

async function main() {
  const [dashboardDir = process.env.DASHBOARD_DIR, shots = '/tmp/fake-rancher-shots'] = process.argv.slice(2);

  if (!dashboardDir) {
    throw new Error('usage: smoke.ts <dashboardDir> [shotsDir]');
  }
  mkdirSync(shots, { recursive: true });

  const aws = await startAwsEndpoint(awsScenario());
  const rancher = await startFakeRancher({ dashboardDir, extensionDir: join(ROOT, 'dist-pkg'), awsEndpointUrl: aws.url });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args:           ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });

  try {
    for (const step of steps) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
      const page = await context.newPage();
      const errors: string[] = [];
      const outside: string[] = [];
      const started = Date.now();
      const before = rancher.requests.length;

      // Nothing leaves this machine.
      await context.route('**/*', (route) => {
        const url = new URL(route.request().url());

        if (url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:') {
          return route.continue();
        }
        outside.push(url.href);

        return route.abort();
      });
      page.on('pageerror', (error) => errors.push(`pageerror: ${ error.message }`));
      page.on('console', (message) => {
        if (message.type() === 'error') {
          errors.push(`console: ${ message.text().slice(0, 300) }`);
        }
      });

      await page.goto(`${ rancher.url }${ step.path }`);
      const result = await step.check(page, rancher).catch((error) => `FAILED: ${ error.message.split('\n')[0] }`);

      await page.waitForTimeout(1500);
      await page.screenshot({ path: join(shots, `${ step.name }.png`) });
      let verified = '';

      if (step.tab) {
        await page.locator(step.tab.tab).first().click();
        const button = page.locator(step.tab.button).first();

        if (await button.waitFor({ timeout: 15000 }).then(() => true, () => false)) {
          await button.click();
          await page.waitForTimeout(5000);
          verified = 'verify pressed';
        } else {
          verified = 'no verify button';
        }
        const panel = page.locator(step.tab.panel).first();

        await panel.scrollIntoViewIfNeeded().catch(() => undefined);
        await panel.screenshot({ path: join(shots, `${ step.name }-tab.png`) }).catch((error) => {
          verified += `, no panel screenshot: ${ error.message.split('\n')[0] }`;
        });
      }
      const extensionFiles = rancher.requests.slice(before).filter((r) => r.path.startsWith('/v1/uiplugins/')).map((r) => r.path.split('/').pop());

      console.log(`\n## ${ step.name } (${ ((Date.now() - started) / 1000).toFixed(1) } s) ${ page.url().replace(rancher.url, '') }`);
      console.log(`  ${ result }${ verified ? `; ${ verified }` : '' }`);
      console.log(`  extension files: ${ extensionFiles.join(', ') || '-' }`);
      for (const error of [...new Set(errors)]) {
        console.log(`  ${ error }`);
      }
      for (const url of outside) {
        console.log(`  blocked outside request: ${ url }`);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    console.log(`\n404s: ${ [...new Set(rancher.notFound.map((r) => `${ r.method } ${ r.path }`))].join('\n  ') || '-' }`);
    console.log(`proxied: ${ [...new Set(rancher.proxied.map((r) => `${ r.host } (${ r.credentialId })`))].join(', ') || '-' }`);
    console.log(`AWS actions: ${ [...new Set(aws.requests.map((r) => r.action))].join(', ') || '-' }`);
    console.log(`refused: ${ rancher.refused.map((r) => `${ r.reason } ${ r.path }`).join(', ') || '-' }`);
    await rancher.close();
    await aws.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
