/**
 * An EC2 cluster whose aws-cloud-controller-manager cannot start, in the real dashboard: its
 * HelmChart has the values of Rancher's docs, which do not tolerate the etcd NoExecute taint
 * Rancher puts on its control-plane + etcd pool, so the DaemonSet controller makes no pod and no
 * node is initialised. The detail tab says so; the edit page's provider setup step writes the
 * HelmChart that fits, Save sends it to Rancher, and the detail tab verifies green.
 */

import { loadAll } from 'js-yaml';
import { Page } from 'playwright-core';
import { checkStatuses, expectPlainText, extensionErrors, worldForThisFile } from './browser';
import { BROKEN_CLUSTER } from '@local/fake-rancher/ec2-broken';
import { CREDENTIAL_ID } from '@local/fake-rancher/ids';

const { world, session } = worldForThisFile('broken-controller');

const panel = (page: Page) => page.locator('[data-testid="aws-cloud-provider-nodes-panel"]');
const tab = (page: Page) => page.locator('[data-testid="aws-cloud-provider-tab"]');
const downstream = (path: string) => world.demo.rancher.requests.filter((r) => r.path.startsWith(`/k8s/clusters/${ BROKEN_CLUSTER.managementId }/v1/${ path }`));

async function verifyOnDetailPage(page: Page) {
  await page.goto(`${ world.demo.url }${ world.demo.pages.detailBroken }`);
  await page.locator('li[data-testid="aws-cloud-provider-nodes"]').click({ timeout: 90000 });
  await panel(page).waitFor();
  await panel(page).locator('[data-testid="nodes-verify"]').click();
  await panel(page).locator('[data-testid="verification-summary"]').waitFor({ timeout: 60000 });

  return checkStatuses(panel(page));
}

const badges = (page: Page) => panel(page).locator('[data-testid^="controller-status-"]').evaluateAll((all) => all.map((b) => [b.getAttribute('data-testid'), b.getAttribute('data-color'), (b as HTMLElement).innerText.trim()]));

it('names the etcd taint the controller does not tolerate, and the uninitialised nodes', async() => {
  const { page, shot } = session;
  const statuses = await verifyOnDetailPage(page);

  await shot('broken-verified', panel(page));
  // The tall panel's shot scrolls its top under the page header: the status line and summary on their own.
  await shot('broken-status', panel(page).locator('[data-testid="controller-status"]'));
  // Read through Rancher's proxy to the cluster: the controller's objects and the nodes.
  for (const path of ['nodes', 'helm.cattle.io.helmcharts/kube-system/aws-cloud-controller-manager', 'apps.daemonsets/kube-system/aws-cloud-controller-manager', 'pods/kube-system?labelSelector=k8s-app%3Daws-cloud-controller-manager']) {
    expect([path, downstream(path).length > 0]).toEqual([path, true]);
  }
  expect(statuses['controller.install']).toEqual(['pass']);
  expect(statuses['controller.daemonset']).toEqual(['fail']);
  expect(statuses['controller.scheduling']).toEqual(['fail']);
  expect(statuses['node.initialized']).toEqual(['fail', 'fail']);
  const scheduling = panel(page).locator('[data-testid="finding-controller.scheduling"]');

  await expect(scheduling.innerText()).resolves.toContain('node-role.kubernetes.io/etcd:NoExecute');
  await expect(scheduling.innerText()).resolves.toContain(BROKEN_CLUSTER.nodes[0].name);
  await shot('broken-scheduling', scheduling);
  for (const node of BROKEN_CLUSTER.nodes) {
    await expect(panel(page).locator(`[data-testid="finding-node.initialized"][data-resource="${ node.name }"]`).getAttribute('data-status')).resolves.toBe('fail');
  }
  await expect(badges(page)).resolves.toEqual([
    ['controller-status-installed', 'bg-success', 'Controller installed'],
    ['controller-status-ready', 'bg-error', '0 of 0 controller pods ready'],
    ['controller-status-initialised', 'bg-error', '0 of 2 nodes initialised'],
  ]);
  // The AWS side is right: nothing else fails or goes unverified.
  expect(Object.entries(statuses).filter(([id, list]) => !/^(controller\.|node\.initialized)/.test(id) && list.some((s) => s === 'fail' || s === 'unknown'))).toEqual([]);
  expect(world.demo.rancher.proxied.every((call) => call.credentialId === CREDENTIAL_ID)).toBe(true);
  await expectPlainText(panel(page));
  expect(extensionErrors(session.errors)).toEqual([]);
});

it('fixes it on the edit page (the provider setup step, then Save) and verifies green on the detail page', async() => {
  const { page, shot } = session;

  await page.goto(`${ world.demo.url }${ world.demo.pages.editBroken }`);
  await page.locator('[data-testid="aws-cloud-provider"]').click({ timeout: 90000 });
  await tab(page).waitFor();
  const step = tab(page).locator('[data-testid="step-provider"]').first();

  await step.locator('[data-testid="provider-apply"]').waitFor({ timeout: 30000 });
  await shot('setup-step', step);
  await step.locator('[data-testid="provider-apply"]').click();
  await step.locator('[data-testid="provider-configured"]').waitFor();
  await shot('setup-applied', step);

  const saves = () => world.demo.rancher.requests.filter((r) => r.method === 'PUT' && r.path.startsWith(`/v1/provisioning.cattle.io.clusters/${ BROKEN_CLUSTER.id }`));

  await page.locator('[data-testid="rke2-custom-create-save"]').click();
  await page.waitForURL((url) => !url.search.includes('mode=edit'), { timeout: 30000 });
  expect(saves()).toHaveLength(1);
  // What the dashboard saved: a controller HelmChart that tolerates the etcd taint.
  const saved = world.demo.rancher.store.management.get('provisioning.cattle.io.cluster', BROKEN_CLUSTER.id);
  const charts = loadAll(saved?.spec.rkeConfig.additionalManifest) as { spec: { chart: string, valuesContent: string } }[];

  expect(charts.find((chart) => chart.spec.chart === 'aws-cloud-controller-manager')?.spec.valuesContent).toContain('node-role.kubernetes.io/etcd');

  const statuses = await verifyOnDetailPage(page);

  await shot('fixed-verified', panel(page));
  expect(Object.entries(statuses).filter(([, list]) => list.some((s) => s === 'fail' || s === 'unknown'))).toEqual([]);
  expect(statuses['controller.daemonset']).toEqual(['pass']);
  expect(statuses['node.initialized']).toEqual(['pass', 'pass']);
  await expect(panel(page).locator('[data-testid="verification-summary"]').innerText()).resolves.toMatch(/^0 failed, 0 could not be verified, \d+ warnings?, \d+ OK$|^0 failed, 0 could not be verified, \d+ OK$/);
  await expect(badges(page)).resolves.toEqual([
    ['controller-status-installed', 'bg-success', 'Controller installed'],
    ['controller-status-ready', 'bg-success', '1 of 1 controller pods ready'],
    ['controller-status-initialised', 'bg-success', '2 of 2 nodes initialised'],
  ]);
  await expectPlainText(panel(page));
  expect(extensionErrors(session.errors)).toEqual([]);
});
