/**
 * Every Amazon cluster at a glance, in the real dashboard: the fleet page in Cluster Management
 * lists the demo's Amazon clusters, "Verify all" verifies each with its own credential through
 * the fake Rancher's /meta/proxy and cluster proxy (a cluster whose agent is gone says so on its
 * own row, the rest go on), a report is one click away, and Rancher's own cluster list shows the
 * last verdict as a badge (kept in this browser for this user), nothing for the local cluster.
 */

import { Page } from 'playwright-core';
import { checkStatuses, expectPlainText, extensionErrors, worldForThisFile } from './browser';
import { CUSTOM_CLUSTER } from '@local/fake-rancher/custom-demo';
import { BROKEN_CLUSTER } from '@local/fake-rancher/ec2-broken';
import { EC2_CLUSTER } from '@local/fake-rancher/ec2-demo';
import { CREDENTIAL_ID, RETIRED_CLUSTER_ID, SUBNETS } from '@local/fake-rancher/ids';

const { world, session } = worldForThisFile('fleet');

const verdict = (page: Page, name: string) => page.locator(`[data-testid="fleet-verdict"][data-cluster="${ name }"]`);

it('lists the Amazon clusters and verifies them all, a cluster that cannot be read on its own row', async() => {
  const { page, shot } = session;
  // custom-demo's cluster agent is gone: Rancher's cluster proxy answers 503 for everything downstream.
  const agentGone = world.demo.rancher.fail(new RegExp(`^/k8s/clusters/${ CUSTOM_CLUSTER.managementId }/`), {
    status: 503, code: 'ServiceUnavailable', message: 'cluster agent disconnected'
  });

  await page.goto(`${ world.demo.url }${ world.demo.pages.fleet }`);
  await page.locator('[data-testid="fleet-page"] [data-testid="fleet-verify-all"]').waitFor({ timeout: 90000 });
  // Cluster Management's side menu has the page.
  await expect(page.locator('nav a', { hasText: 'Amazon Cloud Provider' }).count()).resolves.toBeGreaterThan(0);
  const names = await page.locator('[data-testid="fleet-cluster"]').allInnerTexts();

  expect(names.map((name) => name.trim())).toEqual([CUSTOM_CLUSTER.name, BROKEN_CLUSTER.name, EC2_CLUSTER.name]);
  const table = await expectPlainText(page.locator('[data-testid="fleet-page"]'));

  expect(table).toMatch(/ec2-demo\s+v1\.33\.5\+rke2r1\s+Out-of-tree, controller configured\s+aws-rancher\s+Not verified yet/);
  expect(table).toMatch(/custom-demo\s+v1\.33\.5\+rke2r1\s+Out-of-tree, controller missing/);
  await shot('fleet-listed');

  await page.locator('[data-testid="fleet-verify-all"]').click();
  await page.locator('[data-testid="fleet-message"]').waitFor({ timeout: 120000 });
  await expect(page.locator('[data-testid="fleet-message"]').innerText()).resolves.toMatch(/^3 clusters verified in [\d.]+ s\.$/);
  await shot('fleet-verified');

  await expect(verdict(page, EC2_CLUSTER.name).getAttribute('data-verdict')).resolves.toBe('warn');
  await expect(verdict(page, BROKEN_CLUSTER.name).getAttribute('data-verdict')).resolves.toBe('fail');
  await expect(verdict(page, CUSTOM_CLUSTER.name).getAttribute('data-verdict')).resolves.toBe('unknown');
  // The failure is on its own row: what could not be read, and why.
  await expect(page.locator(`[data-testid="fleet-row-reason"][data-cluster="${ CUSTOM_CLUSTER.name }"]`).innerText()).resolves.toMatch(/HTTP 503: cluster agent disconnected/);
  await expect(page.locator('[data-testid="fleet-row-reason"]').count()).resolves.toBe(1);
  agentGone();

  // One row verified on its own: the same use case, only that cluster's calls.
  const proxiedBefore = world.demo.rancher.proxied.length;

  await page.locator(`[data-testid="fleet-verify-one"][data-cluster="${ BROKEN_CLUSTER.name }"]`).click();
  await page.locator('[data-testid="fleet-message"]', { hasText: /^1 cluster verified in [\d.]+ s\.$/ }).waitFor({ timeout: 120000 });
  await expect(verdict(page, BROKEN_CLUSTER.name).getAttribute('data-verdict')).resolves.toBe('fail');
  await expect(verdict(page, EC2_CLUSTER.name).getAttribute('data-verdict')).resolves.toBe('warn');
  expect(world.demo.rancher.proxied.length).toBeGreaterThan(proxiedBefore);

  // Each cluster with its own credential, through the proxy; the browser's session cookie, not a token.
  expect(world.demo.rancher.proxied.length).toBeGreaterThan(0);
  expect(world.demo.rancher.proxied.every((call) => call.credentialId === CREDENTIAL_ID)).toBe(true);
  expect(world.demo.rancher.refused).toEqual([]);
  expect(world.demo.rancher.unauthorized).toEqual([]);
  expect(world.demo.rancher.requests.some((r) => r.path.startsWith(`/k8s/clusters/${ EC2_CLUSTER.managementId }/v1/nodes`))).toBe(true);

  // ec2-demo's report, one click away: the subnet tagged only for the retired cluster.
  await page.locator(`[data-testid="fleet-show-report"][data-cluster="${ EC2_CLUSTER.name }"]`).click();
  const report = page.locator(`[data-testid="fleet-report"][data-cluster="${ EC2_CLUSTER.name }"]`);

  await report.waitFor();
  await expect(report.locator('[data-testid="finding-subnet.cluster-tag"]').getAttribute('data-status')).resolves.toBe('warn');
  const reportText = await expectPlainText(report);

  expect(reportText).toContain(SUBNETS.ec2Nodes);
  expect(reportText).toContain(RETIRED_CLUSTER_ID);
  expect(reportText).not.toMatch(/Tag it/);
  const statuses = await checkStatuses(report);

  expect(Object.values(statuses).flat().filter((status) => status !== 'pass')).toEqual(['warn']);
  await shot('fleet-report', report);

  // Kept in this browser for this user, with the time; nothing written to Rancher.
  const stored = await page.evaluate(() => JSON.parse(window.localStorage.getItem('aws-cloud-provider:fleet:user-admin') || 'null'));

  expect(stored.results[EC2_CLUSTER.id]).toMatchObject({ verdict: 'warn', summary: { warn: 1, fail: 0 } });
  expect(Date.now() - stored.results[EC2_CLUSTER.id].verifiedAt).toBeLessThan(5 * 60000);
  // Writes only: the dashboard's own preferences aside, and 3.0.13's SelfUser "create", which
  // stores nothing (it asks Rancher who the user is).
  const writes = world.demo.rancher.requests.filter((r) => !['GET', 'UPGRADE'].includes(r.method) && !r.path.startsWith('/meta/proxy/'));

  expect(writes.filter((r) => !r.path.startsWith('/v1/userpreferences') && r.path !== '/v1/ext.cattle.io.selfuser')).toEqual([]);
  expect(extensionErrors(session.errors)).toEqual([]);
});

it('shows the last verdict in Rancher\'s cluster list, linking to the report', async() => {
  const { page, shot } = session;

  await page.goto(`${ world.demo.url }${ world.demo.pages.clusters }`);
  const badges = page.locator('[data-testid="aws-cloud-provider-verdict"]');

  await badges.first().waitFor({ timeout: 90000 });
  // One per Amazon cluster; none for the local cluster.
  await expect(badges.count()).resolves.toBe(3);
  const row = page.locator('tr', { has: page.locator(`a:text-is("${ EC2_CLUSTER.name }")`) });

  await expect(row.locator('[data-testid="aws-cloud-provider-verdict"]').getAttribute('data-verdict')).resolves.toBe('warn');
  await expect(row.locator('[data-testid="aws-cloud-provider-verdict"]').innerText()).resolves.toBe('Warnings');
  const local = page.locator('tr', { has: page.locator('a:text-is("local")') });

  await expect(local.locator('[data-testid="aws-cloud-provider-verdict"]').count()).resolves.toBe(0);
  await shot('cluster-list-badges');

  // The badge opens the fleet page on the cluster's report (the problems kept in the browser).
  await row.locator('[data-testid="aws-cloud-provider-verdict"] a').click();
  const report = page.locator(`[data-testid="fleet-report"][data-cluster="${ EC2_CLUSTER.name }"]`);

  await report.waitFor({ timeout: 60000 });
  await expect(report.locator('[data-testid="finding-subnet.cluster-tag"]').getAttribute('data-status')).resolves.toBe('warn');
  await expect(report.locator('[data-testid="fleet-report-stored"]').count()).resolves.toBe(1);
  await shot('badge-to-report', report);
  expect(extensionErrors(session.errors)).toEqual([]);
});
