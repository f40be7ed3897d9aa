/**
 * The edit page of an existing Amazon EC2 cluster in the real dashboard: the tab reads the
 * editor's two pools, verifies them live through /meta/proxy, finds the subnet tagged only for a
 * retired cluster, tags it after confirmation, and verifies green.
 */

import { Page } from 'playwright-core';
import { checkStatuses, expectPlainText, extensionErrors, worldForThisFile } from './browser';
import { EC2_CLUSTER } from '@local/fake-rancher/ec2-demo';
import { CREDENTIAL_ID, PROFILES, RETIRED_CLUSTER_ID, SUBNETS } from '@local/fake-rancher/ids';

const { world, session } = worldForThisFile('edit-existing-cluster');

const tab = (page: Page) => page.locator('[data-testid="aws-cloud-provider-tab"]');

async function verifyAll(page: Page) {
  const before = world.demo.rancher.proxied.length;

  await tab(page).locator('[data-testid="verify-all"]').click();
  await page.locator('[data-testid="verify-progress"]').waitFor({ state: 'detached', timeout: 60000 });
  await tab(page).locator('[data-testid="verification-results"] [data-testid="verification-summary"]').waitFor({ timeout: 30000 });

  return world.demo.rancher.proxied.slice(before);
}

it('verifies both pools, tags the subnet after confirmation, and verifies green', async() => {
  const { page, shot } = session;

  await page.goto(`${ world.demo.url }${ world.demo.pages.editExisting }`);
  await page.locator('[data-testid="aws-cloud-provider"]').click({ timeout: 90000 });
  await tab(page).waitFor();
  await shot('tab-opened', tab(page));

  // The pools as the real editor holds them.
  const setups = tab(page).locator('[data-testid="pool-setup"]');

  await expect(setups.count()).resolves.toBe(2);
  await expect(setups.nth(0).locator('[data-testid="pool-profile-name"]').innerText()).resolves.toContain(PROFILES.controlPlane);
  await expect(setups.nth(1).locator('[data-testid="pool-profile-name"]').innerText()).resolves.toContain(PROFILES.worker);
  // One cluster ID for the tag step and Verify: Rancher's, said once.
  await expect(tab(page).locator('[data-testid="verify-cluster-id-value"]').innerText()).resolves.toContain(EC2_CLUSTER.managementId);
  await expect(tab(page).locator('input[data-testid="verify-cluster-id"]').count()).resolves.toBe(0);

  const calls = await verifyAll(page);

  const results = tab(page).locator('[data-testid="verification-results"]');

  await shot('verified-warning', results);
  // Every AWS call went through Rancher's proxy with the cluster's credential, to the dual-stack hosts.
  expect(calls.length).toBeGreaterThan(10);
  expect(new Set(calls.map((c) => c.credentialId))).toEqual(new Set([CREDENTIAL_ID]));
  // The host is whatever the shell's bundled SDK resolves: dual-stack from 3.0.8, the classic
  // amazonaws.com names in 3.0.0. One EC2 host of the region and one IAM host either way.
  const hosts = [...new Set(calls.map((c) => c.host))].sort();

  expect(hosts).toHaveLength(2);
  expect(hosts[0]).toMatch(/^ec2\.us-east-1\.(api\.aws|amazonaws\.com)$/);
  expect(hosts[1]).toMatch(/^iam\.(global\.api\.aws|amazonaws\.com)$/);
  expect(world.demo.rancher.refused).toEqual([]);

  // One report for both pools: the subnet they share is one finding. It is a warning, not a
  // failure: the nodes in it work, and load balancers take the VPC's other subnets.
  const statuses = await checkStatuses(results);

  expect(statuses['subnet.cluster-tag']).toEqual(['warn']);
  expect(statuses['provider.context']).toEqual(['pass']);
  expect(statuses['instance-profile.exists']).toEqual(['pass', 'pass']);
  expect(statuses['instance-profile.trust']).toEqual(['pass', 'pass']);
  expect(statuses['instance-profile.permissions']).toEqual(['pass', 'pass']);
  expect(statuses['subnets.load-balancer']).toEqual(['pass']);
  expect(statuses['instance.cluster-tag']).toEqual(['pass', 'pass', 'pass']);
  expect(Object.values(statuses).flat().filter((s) => s !== 'pass')).toEqual(['warn']);
  await expect(results.locator('[data-testid="check-group"]').first().getAttribute('data-check')).resolves.toBe('subnet.cluster-tag');
  await expect(results.locator('[data-testid="verification-summary"]').innerText()).resolves.toMatch(/^0 failed, 0 could not be verified, 1 warning, \d+ OK$/);
  const subnetRow = results.locator(`[data-testid="finding-subnet.cluster-tag"][data-resource="${ SUBNETS.ec2Nodes }"]`);

  await expect(subnetRow.innerText()).resolves.toContain(`tagged only for other clusters (${ RETIRED_CLUSTER_ID })`);

  // Tag it, on the subnet's own row: a DryRun, then the exact change, written only on confirmation.
  const pool = subnetRow;

  await pool.locator('[data-testid="tag-fix-start"]').click();
  await pool.locator('[data-testid="tag-fix-confirm"]').waitFor({ timeout: 30000 });
  await shot('tag-it-confirm', pool.locator('[data-testid="tag-fix"]'));
  const plan = await pool.locator('[data-testid="tag-fix"]').innerText();

  expect(plan).toContain(SUBNETS.ec2Nodes);
  expect(plan).toContain(`kubernetes.io/cluster/${ EC2_CLUSTER.managementId }`);
  const createTags = () => world.demo.aws.requests.filter((r) => r.action === 'CreateTags');

  expect(createTags().every((r) => r.params.DryRun === 'true')).toBe(true);
  await pool.locator('[data-testid="tag-fix-apply"]').click();
  await pool.locator('[data-testid="verify-progress"]').waitFor({ state: 'detached', timeout: 60000 }).catch(() => undefined);
  await results.locator('[data-testid="verification-all-pass"]').waitFor({ timeout: 60000 });
  await shot('verified-after-tagging', results);

  const written = createTags().filter((r) => r.params.DryRun !== 'true');

  expect(written).toHaveLength(1);
  expect(written[0].params).toMatchObject({
    'ResourceId.1': SUBNETS.ec2Nodes, 'Tag.1.Key': `kubernetes.io/cluster/${ EC2_CLUSTER.managementId }`, 'Tag.1.Value': 'owned'
  });
  expect((await checkStatuses(results))['subnet.cluster-tag']).toEqual(['pass']);

  await expectPlainText(tab(page));
  expect(extensionErrors(session.errors)).toEqual([]);
});
