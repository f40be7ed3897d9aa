/**
 * The create page of a new Amazon EC2 cluster in the real dashboard, whose extension the
 * dashboard loaded at run time from /v1/uiplugins: the tab follows the real amazonec2 form
 * (its IAM field, an added pool) and verifies the profile the user typed there.
 */

import { Page } from 'playwright-core';
import {
  checkStatuses, expectPlainText, extensionErrors, labeledInput, worldForThisFile
} from './browser';
import { PROFILES, SUBNETS } from '@local/fake-rancher/ids';

const { world, session } = worldForThisFile('create-amazon-ec2');

const tab = (page: Page) => page.locator('[data-testid="aws-cloud-provider-tab"]');
const profileField = (page: Page) => labeledInput(page, 'IAM Instance Profile Name');

it('loads the built extension at run time and shows the tab with the form\'s pool', async() => {
  const { page, shot } = session;

  await page.goto(`${ world.demo.url }${ world.demo.pages.createAmazonEc2 }`);
  await profileField(page).waitFor({ timeout: 90000 });
  // Loaded as Rancher loads an installed extension: its UMD from /v1/uiplugins, nothing compiled in.
  const loaded = world.demo.rancher.requests.map((r) => r.path).filter((path) => path.startsWith('/v1/uiplugins/aws-cloud-provider/'));

  expect(loaded).toContain('/v1/uiplugins/aws-cloud-provider/0.1.0/plugin/aws-cloud-provider-0.1.0.umd.min.js');
  await shot('create-page');

  await page.locator('[data-testid="aws-cloud-provider"]').click();
  await tab(page).waitFor();
  await shot('tab-opened', tab(page));
  const setups = tab(page).locator('[data-testid="pool-setup"]');

  await expect(setups.count()).resolves.toBe(1);
  await expect(setups.first().locator('[data-testid="pool-roles"]').innerText()).resolves.toBe('Roles: Control Plane, etcd, Worker');
  // No profile yet: said in words, not an empty code chip.
  await expect(setups.first().locator('[data-testid="pool-profile-name"]').innerText()).resolves.toContain('(not set)');
  await expect(setups.first().locator('[data-testid="pool-profile-name"] code').count()).resolves.toBe(0);
  await expectPlainText(tab(page));
});

it('follows the IAM field and an added pool of the real form', async() => {
  const { page, shot } = session;

  await profileField(page).fill(`arn:aws:iam::123456789012:instance-profile/${ PROFILES.newCluster }`);
  const setup = tab(page).locator('[data-testid="pool-setup"]').first();

  await expect(setup.locator('[data-testid="profile-name-suggestion"]').innerText()).resolves.toBe(`Enter "${ PROFILES.newCluster }" instead.`);
  // Step 3's button writes the name into the real form's field.
  await setup.locator('[data-testid="use-profile"]').click();
  await expect(profileField(page).inputValue()).resolves.toBe(PROFILES.newCluster);
  await expect(setup.locator('[data-testid="profile-name-verdict"]').innerText()).resolves.toContain(`"${ PROFILES.newCluster }" is a valid instance profile name`);
  await shot('profile-entered', setup);

  await page.locator('[data-testid="tab-list-add"]').first().click();
  await expect(tab(page).locator('[data-testid="pool-setup"]').count()).resolves.toBe(2);
  await page.locator('[data-testid="tab-list-remove"]').first().click();
  await expect(tab(page).locator('[data-testid="pool-setup"]').count()).resolves.toBe(1);
  await expectPlainText(tab(page));
});

it('guides a new cluster to green: tag the pools with its ID, verify, Tag it on the subnet\'s row', async() => {
  const { page, shot } = session;

  await page.getByPlaceholder('A unique name for the cluster').fill('shop');
  await page.locator('[data-testid="amazonEc2__selectedNetwork"]').first().click();
  await page.locator('.vs__dropdown-option', { hasText: SUBNETS.newCluster }).first().click();

  // Step 4: the cluster tag goes into the pool's EC2 tags, so Rancher tags the nodes with "shop".
  await tab(page).locator('[data-testid="tag-pools"]').click();
  await expect(tab(page).locator('[data-testid="pools-tagged"]').innerText()).resolves.toContain('kubernetes.io/cluster/shop');
  // One field for the ID (step 4): Verify uses it, with no second field of its own.
  await expect(tab(page).locator('[data-testid="verify-cluster-id-value"]').innerText()).resolves.toContain('shop');
  await expect(tab(page).locator('input[data-testid="verify-cluster-id"]').count()).resolves.toBe(0);
  await shot('pools-tagged', tab(page).locator('[data-testid="step-tags"]'));

  // Step 1: the out-of-tree setup for the version the page preselects (1.34), then Step 5.
  await tab(page).locator('[data-testid="provider-apply"]').click();
  await tab(page).locator('[data-testid="provider-configured"]').waitFor();
  await tab(page).locator('[data-testid="verify-all"]').click();
  const results = tab(page).locator('[data-testid="verification-results"]');

  await results.locator('[data-testid="verification-summary"]').waitFor({ timeout: 60000 });
  await shot('verified', results);
  const statuses = await checkStatuses(results);

  expect(statuses).toMatchObject({
    'instance-profile.name': ['pass'], 'instance-profile.exists': ['pass'], 'instance-profile.trust': ['pass'], 'instance-profile.permissions': ['pass'], 'instance-profile.pass-role': ['pass']
  });
  // The subnet the form picked is untagged: usable, and tagging it is offered with the pools' ID.
  expect(statuses['subnet.cluster-tag']).toEqual(['warn']);
  await expect(results.locator('[data-testid="verification-summary"]').innerText()).resolves.toMatch(/^0 failed, 0 could not be verified, \d+ warnings?, \d+ OK$/);
  const subnetRow = results.locator(`[data-testid="finding-subnet.cluster-tag"][data-resource="${ SUBNETS.newCluster }"]`);

  await subnetRow.locator('[data-testid="tag-fix-start"]').click();
  await subnetRow.locator('[data-testid="tag-fix-apply"]').click();
  await results.locator('[data-testid="finding-subnet.cluster-tag"]').waitFor({ state: 'detached', timeout: 60000 });
  await shot('subnet-tagged', results);
  const written = world.demo.aws.requests.filter((r) => r.action === 'CreateTags' && r.params.DryRun !== 'true');

  expect(written.map((r) => [r.params['ResourceId.1'], r.params['Tag.1.Key']])).toEqual([[SUBNETS.newCluster, 'kubernetes.io/cluster/shop']]);
  expect((await checkStatuses(results))['subnet.cluster-tag']).toEqual(['pass']);
  expect(world.demo.rancher.proxied.every((call) => call.credentialId === 'cattle-global-data:cc-aws1')).toBe(true);
  await expectPlainText(tab(page));
  expect(extensionErrors(session.errors)).toEqual([]);
});
