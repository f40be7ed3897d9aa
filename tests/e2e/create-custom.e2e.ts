/**
 * The create page of a custom cluster in the real dashboard: no credential of its own, so the
 * tab lets the user pick one, then verifies the two role groups with what their nodes will use.
 */

import { Page } from 'playwright-core';
import { checkStatuses, expectPlainText, extensionErrors, worldForThisFile } from './browser';
import { CUSTOM_CLUSTER } from '@local/fake-rancher/custom-demo';
import { CREDENTIAL_ID, PROFILES, SECURITY_GROUPS, SUBNETS } from '@local/fake-rancher/ids';

const { world, session } = worldForThisFile('create-custom');

const tab = (page: Page) => page.locator('[data-testid="aws-cloud-provider-tab"]');
const field = (page: Page, testid: string) => tab(page).locator(`input[data-testid="${ testid }"]`);

it('verifies both role groups with a credential the user picks', async() => {
  const { page, shot } = session;

  await page.goto(`${ world.demo.url }${ world.demo.pages.createCustom }`);
  await page.locator('[data-testid="aws-cloud-provider"]').click({ timeout: 90000 });
  await tab(page).waitFor();
  await expect(tab(page).locator('[data-testid="custom-steps"]').isVisible()).resolves.toBe(true);
  await shot('tab-opened', tab(page));

  await tab(page).locator('[data-testid="verify-credential"]').click();
  await page.locator('.vs__dropdown-option', { hasText: 'aws-rancher' }).first().click();
  // The region comes from the credential.
  await expect(field(page, 'verify-region').inputValue()).resolves.toBe('us-east-1');
  await field(page, 'verify-controlplane-profile').fill(PROFILES.controlPlane);
  await field(page, 'verify-etcd-worker-profile').fill(PROFILES.worker);
  await field(page, 'verify-subnet').fill(SUBNETS.customNodes);
  await field(page, 'verify-groups').fill(SECURITY_GROUPS.customNodes);
  await field(page, 'verify-cluster-id').fill(CUSTOM_CLUSTER.managementId);
  // Step 1: the out-of-tree setup for the version the page preselects (1.27 and later).
  await tab(page).locator('[data-testid="provider-apply"]').click();
  await tab(page).locator('[data-testid="provider-configured"]').waitFor();
  await tab(page).locator('[data-testid="verify-all"]').click();
  const results = tab(page).locator('[data-testid="verification-results"]');

  await results.locator('[data-testid="verification-summary"]').waitFor({ timeout: 60000 });
  await shot('verified', results);

  await expect(results.locator('[data-testid="verification-summary"]').innerText()).resolves.toMatch(/^0 failed, 0 could not be verified, \d+ warnings?, \d+ OK$/);
  // Both role groups' profiles verified, in one report.
  const statuses = await checkStatuses(results);

  expect(statuses['instance-profile.exists']).toEqual(['pass', 'pass']);
  const profiles = await results.locator('[data-check="instance-profile.exists"] [data-testid="passed-resources"]').innerText();

  expect(profiles).toBe(`OK for: ${ PROFILES.controlPlane }, ${ PROFILES.worker }`);
  // The user's pick, not the cluster's: custom clusters have no credential of their own.
  expect(world.demo.rancher.proxied.length).toBeGreaterThan(10);
  expect(world.demo.rancher.proxied.every((call) => call.credentialId === CREDENTIAL_ID)).toBe(true);
  await expectPlainText(tab(page));
  expect(extensionErrors(session.errors)).toEqual([]);
});
