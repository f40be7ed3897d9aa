/**
 * The cluster detail page's nodes tab in the real dashboard: every Kubernetes node of the
 * downstream cluster (read from /k8s/clusters/<id>/v1/nodes) mapped to its EC2 instance and
 * checked, and the cluster's running aws-cloud-controller-manager; for a custom cluster, with a
 * credential the user picks.
 */

import { Page } from 'playwright-core';
import { checkStatuses, expectPlainText, extensionErrors, worldForThisFile } from './browser';
import { CUSTOM_CLUSTER } from '@local/fake-rancher/custom-demo';
import { EC2_CLUSTER } from '@local/fake-rancher/ec2-demo';
import { CREDENTIAL_ID } from '@local/fake-rancher/ids';

const { world, session } = worldForThisFile('cluster-detail-nodes');

const panel = (page: Page) => page.locator('[data-testid="aws-cloud-provider-nodes-panel"]');

/** The nodes the report says map to their instance: all of them when none is a problem. */
async function nodesMapped(page: Page): Promise<{ problems: number, ok: string }> {
  const statuses = await checkStatuses(panel(page));
  const ok = await panel(page).locator('[data-check="node.instance"] [data-testid="passed-resources"]').innerText();

  return { problems: (statuses['node.instance'] || []).filter((s) => s !== 'pass').length, ok };
}

it('maps each node of the Amazon EC2 cluster to its instance and checks it', async() => {
  const { page, shot } = session;

  await page.goto(`${ world.demo.url }${ world.demo.pages.detailExisting }`);
  // The tab's button and its panel are told apart.
  await page.locator('li[data-testid="aws-cloud-provider-nodes"]').click({ timeout: 90000 });
  await panel(page).waitFor();
  await shot('nodes-tab', panel(page));
  await panel(page).locator('[data-testid="nodes-verify"]').click();
  await panel(page).locator('[data-testid="verification-summary"]').waitFor({ timeout: 60000 });
  await shot('nodes-verified', panel(page));

  expect(world.demo.rancher.requests.some((r) => r.path.startsWith(`/k8s/clusters/${ EC2_CLUSTER.managementId }/v1/nodes`))).toBe(true);
  expect(await nodesMapped(page)).toEqual({ problems: 0, ok: `OK for: ${ EC2_CLUSTER.nodes.map((node) => node.name).join(', ') }` });
  // Its controller runs (read through the same proxy): installed, scheduled, ready, the minor's release, every node initialised.
  const statuses = await checkStatuses(panel(page));

  for (const id of ['controller.install', 'controller.daemonset', 'controller.scheduling', 'controller.version']) {
    expect([id, statuses[id]]).toEqual([id, ['pass']]);
  }
  expect(statuses['node.initialized']).toEqual(EC2_CLUSTER.nodes.map(() => 'pass'));
  await expect(panel(page).locator('[data-testid="controller-status"]').innerText()).resolves.toMatch(/Controller installed\s+1 of 1 controller pods ready\s+3 of 3 nodes initialised/);
  const text = await expectPlainText(panel(page));

  for (const node of EC2_CLUSTER.nodes) {
    expect(text).toContain(node.instanceId);
  }
  // The world's one finding: the nodes' subnet is tagged only for a retired cluster. The nodes
  // work (only load-balancer placement skips it) and other subnets take load balancers: a warning.
  await expect(panel(page).locator('[data-testid="finding-subnet.cluster-tag"]').getAttribute('data-status')).resolves.toBe('warn');
  await expect(panel(page).locator('[data-testid="verification-summary"]').innerText()).resolves.toMatch(/^0 failed, 0 could not be verified, \d+ warnings?, \d+ OK$/);
  expect(world.demo.rancher.proxied.every((call) => call.credentialId === CREDENTIAL_ID)).toBe(true);
  expect(extensionErrors(session.errors)).toEqual([]);
});

it('checks a custom cluster\'s nodes with a credential the user picks', async() => {
  const { page, shot } = session;

  await page.goto(`${ world.demo.url }${ world.demo.pages.detailCustom }`);
  await page.locator('li[data-testid="aws-cloud-provider-nodes"]').click({ timeout: 90000 });
  await panel(page).waitFor();
  // No credential of its own: Verify waits for one.
  await expect(panel(page).locator('[data-testid="nodes-verify"]').isDisabled()).resolves.toBe(true);
  await panel(page).locator('[data-testid="verify-credential"]').click();
  await page.locator('.vs__dropdown-option', { hasText: 'aws-rancher' }).first().click();
  await panel(page).locator('input[data-testid="nodes-cluster-id"]').fill(CUSTOM_CLUSTER.managementId);
  await panel(page).locator('[data-testid="nodes-verify"]').click();
  await panel(page).locator('[data-testid="verification-summary"]').waitFor({ timeout: 60000 });
  await shot('custom-nodes-verified', panel(page));

  expect(await nodesMapped(page)).toEqual({ problems: 0, ok: `OK for: ${ CUSTOM_CLUSTER.nodes.map((node) => node.name).join(', ') }` });
  await expectPlainText(panel(page));
  expect(extensionErrors(session.errors)).toEqual([]);
});
