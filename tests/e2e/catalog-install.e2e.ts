/**
 * The extension as users get it: a Rancher without it, the Helm repository `npm run package`
 * writes (made from dist-pkg/) served as GitHub Pages would, added on the dashboard's own
 * Repositories page, the extension installed from the Extensions page (the fake renders the
 * chart's UIPlugin and caches the files its endpoint lists), and our tab on the EC2 create page,
 * loaded from that cache.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { EXTENSION_VERSION as VERSION, ROOT } from '@local/builds';
import { HelmRepositoryServer, serveHelmRepository } from '@local/helm-repository/server';
import { writeCatalog } from '@scripts/catalog/repository';
import { extensionErrors, labeledInput, until, worldForThisFile } from './browser';

const NAME = 'aws-cloud-provider';
const REPO = 'aws-cloud-provider-ui';
let dir: string;
let site: HelmRepositoryServer;

beforeAll(async() => {
  dir = mkdtempSync(join(tmpdir(), 'helm-repo-'));
  site = await serveHelmRepository(dir);
  writeCatalog({
    root: ROOT, name: NAME, out: dir, baseUrl: site.url
  });
});
afterAll(async() => {
  await site?.close();
  rmSync(dir, { recursive: true, force: true });
});

const { world, session } = worldForThisFile('catalog-install', { extensionInstalled: false });

it('installs the extension from a Helm repository on the Extensions page, and the tab opens', async() => {
  const { page, shot } = session;
  // The extension's card: an item card from 3.0.8 on (`item-card-cluster/<repo>/<chart>`; 3.0.13
  // names an installed one `item-card-<chart>-<version>`), a plugin card in 3.0.0.
  const card = page.locator([`item-card-cluster/${ REPO }/${ NAME }`, `item-card-${ NAME }-${ VERSION }`, `extension-card-${ NAME }`].map((id) => `[data-testid="${ id }"]`).join(', '));

  await page.goto(`${ world.demo.url }${ world.demo.pages.extensions }`);
  await page.locator('[data-testid="extensions-page-title"]').waitFor({ timeout: 90000 });
  await expect(card.count()).resolves.toBe(0);

  // The repository, added as a user adds it: Extensions ⋮ → Manage Repositories → Create.
  await page.locator('[data-testid="extensions-page-menu"]').click();
  await page.getByText('Manage Repositories', { exact: true }).click();
  await page.waitForURL(/catalog\.cattle\.io\.clusterrepo$/);
  await page.locator('[data-testid="masthead-create"]').click();
  await labeledInput(page, 'Name').fill(REPO);
  await labeledInput(page, 'Index URL').fill(site.url);
  await shot('repository-form');
  // The form's own save button: "Create", "Add Repository" in 3.0.13 (no test id common to the shells).
  await page.getByRole('button', { name: /^(Create|Add Repository)$/ }).click();
  await page.waitForURL(/catalog\.cattle\.io\.clusterrepo$/);
  expect(world.demo.rancher.store.management.get('catalog.cattle.io.clusterrepo', REPO)?.status?.conditions?.[0]).toMatchObject({ type: 'Downloaded', status: 'True' });

  // The Extensions page lists it from the repository's index, and installs it.
  await page.goto(`${ world.demo.url }${ world.demo.pages.extensions }`);
  await card.waitFor({ timeout: 60000 });
  await shot('available', card);
  // 3.0.0's card has an Install button; later cards keep Install in their menu.
  const installButton = card.locator(`[data-testid="extension-card-install-btn-${ NAME }"]`);

  if (await installButton.count()) {
    await installButton.click();
  } else {
    await card.locator('[data-testid="item-card-header-action-menu"]').click();
    await page.getByText('Install', { exact: true }).first().click();
  }
  await page.locator('[data-testid="install-ext-modal-install-btn"]').click();
  const app = await until('the helm release', () => world.demo.rancher.store.management.get('catalog.cattle.io.app', `cattle-ui-plugin-system/${ NAME }`));

  expect(app.spec.info.status).toBe('deployed');

  const plugin = world.demo.rancher.store.management.get('catalog.cattle.io.uiplugin', `cattle-ui-plugin-system/${ NAME }`);

  expect(plugin?.metadata.labels).toMatchObject({ 'app.kubernetes.io/managed-by': 'Helm' });
  expect(plugin?.spec.plugin.endpoint).toBe(`${ site.url }/extensions/${ NAME }/${ VERSION }`);
  expect(plugin?.status).toMatchObject({ cacheState: 'cached' });
  // Rancher's websocket would now bring the new UIPlugin and the page's "Reload" banner; the fake
  // has none, so the page is reloaded as that banner's button does.
  await page.goto(`${ world.demo.url }${ world.demo.pages.extensions }#installed`);
  await page.reload();
  // The Installed tab (its list is the page's one card list) holds our card, installed, not installing.
  await page.locator('[data-testid="extension-tab-installed"]').waitFor({ state: 'attached', timeout: 60000 });
  await card.waitFor({ timeout: 60000 });
  await expect(card.innerText()).resolves.not.toMatch(/Installing/);
  await shot('installed');

  // The EC2 create page now has our tab, its files served from Rancher's cache of the endpoint.
  await page.goto(`${ world.demo.url }${ world.demo.pages.createAmazonEc2 }`);
  await page.locator('[data-testid="aws-cloud-provider"]').click({ timeout: 90000 });
  await page.locator('[data-testid="aws-cloud-provider-tab"]').waitFor();
  await shot('tab-from-catalog');
  const umd = `/v1/uiplugins/${ NAME }/${ VERSION }/plugin/${ NAME }-${ VERSION }.umd.min.js`;

  expect(world.demo.rancher.requests.some((r) => r.path === umd)).toBe(true);
  expect(site.requests).toEqual(expect.arrayContaining(['/index.yaml', `/extensions/${ NAME }/${ VERSION }/files.txt`, `/extensions/${ NAME }/${ VERSION }/plugin/${ NAME }-${ VERSION }.umd.min.js`]));
  // Not the extension's: the chart's icon is on GitHub (no internet here), and the install dialog
  // asks whether the release exists before installing (a 404, as on Rancher).
  const expected = (error: string) => error.includes('https://raw.githubusercontent.com/') || /404 .*\/v1\/catalog\.cattle\.io\.apps\/cattle-ui-plugin-system\/aws-cloud-provider\?/.test(error);

  expect(extensionErrors(session.errors).filter((error) => !expected(error))).toEqual([]);
});
