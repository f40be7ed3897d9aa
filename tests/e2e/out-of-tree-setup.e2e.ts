/**
 * A new Amazon EC2 cluster on Kubernetes 1.34 (the version Rancher preselects), with a
 * control-plane + etcd pool and a worker pool, in the real dashboard: Step 1 writes Rancher's
 * out-of-tree configuration and the controller's HelmChart into the cluster being created, "Edit
 * as YAML" shows it merged with the form's own, the configuration checks pass, and the policy
 * Step 2 hands out, once created in AWS, passes the verification for that version.
 */

import { load, loadAll } from 'js-yaml';
import { Page } from 'playwright-core';
import {
  checkStatuses, expectPlainText, extensionErrors, labeledInput, worldForThisFile
} from './browser';
import { PROFILES, ROLES, SUBNETS } from '@local/fake-rancher/ids';
import { ec2TrustPolicy } from '@pkg/domain/policies';

const { world, session } = worldForThisFile('out-of-tree-setup');

const tab = (page: Page) => page.locator('[data-testid="aws-cloud-provider-tab"]');
const step = (page: Page) => tab(page).locator('[data-testid="step-provider"]');
const profileField = (page: Page) => labeledInput(page, 'IAM Instance Profile Name');

it('writes the out-of-tree setup for 1.34 in one click, merged into the form\'s own configuration', async() => {
  const { page, shot } = session;

  await page.goto(`${ world.demo.url }${ world.demo.pages.createAmazonEc2 }`);
  await profileField(page).waitFor({ timeout: 90000 });
  await page.getByPlaceholder('A unique name for the cluster').fill('shop34');
  // The form's first pool has every role: make it control plane + etcd, and add a worker pool.
  await page.locator('.checkbox-container').filter({ hasText: /^\s*Worker\s*$/ }).first().click();
  await page.locator('[data-testid="tab-list-add"]').first().click();
  await page.locator('[data-testid="aws-cloud-provider"]').click();
  await tab(page).waitFor();

  const setups = tab(page).locator('[data-testid="pool-setup"] [data-testid="pool-roles"]');

  await expect(setups.allInnerTexts()).resolves.toEqual(['Roles: Control Plane, etcd', 'Roles: Worker']);
  await expect(step(page).innerText()).resolves.toContain('Kubernetes v1.34.1+rke2r1 needs the out-of-tree provider');
  // Before: the form alone, the configuration checks say what is missing.
  const before = await checkStatuses(step(page).locator('[data-testid="provider-findings"]'));

  expect(before['config.controller-manifest']).toEqual(['fail']);
  await step(page).locator('[data-testid="provider-ebs-csi"] .checkbox-custom').click();
  await expect(step(page).locator('[data-testid="provider-change"] code').allInnerTexts()).resolves.toEqual([
    'machineGlobalConfig.cloud-provider-name',
    'machineSelectorConfig[no selector].config.cloud-provider-name',
    'machineSelectorConfig[rke.cattle.io/control-plane-role=true].config',
    'machineSelectorConfig[rke.cattle.io/etcd-role=true].config',
    'machineSelectorConfig[rke.cattle.io/worker-role=true].config',
    'additionalManifest: HelmChart kube-system/aws-cloud-controller-manager',
    'additionalManifest: HelmChart kube-system/aws-ebs-csi-driver',
  ]);
  await shot('changes-shown', step(page));

  await step(page).locator('[data-testid="provider-apply"]').click();
  await step(page).locator('[data-testid="provider-configured"]').waitFor();
  const after = await checkStatuses(step(page).locator('[data-testid="provider-findings"]'));

  expect(Object.values(after).flat().every((status) => status === 'pass')).toBe(true);
  expect(Object.keys(after)).toEqual(expect.arrayContaining(['config.cloud-provider', 'config.controller-tolerations', 'config.controller-version', 'config.volumes']));
  await shot('configured', step(page));
  await expectPlainText(tab(page));
  expect(extensionErrors(session.errors)).toEqual([]);
});

it('Step 2\'s policy for 1.34, created in AWS as the recipe says, passes the verification', async() => {
  const { page, shot } = session;
  const policies = tab(page).locator('[data-testid="pool-policy"]');

  // The control-plane policy is long, so it starts folded: unfold it as a reader would.
  await expect(policies.first().locator('[data-testid="policy-text"]').isVisible()).resolves.toBe(false);
  await policies.first().locator('[data-testid="policy-details"] summary').click();
  await shot('policy-unfolded', policies.first());
  const controlPlanePolicy = JSON.parse(await policies.first().locator('[data-testid="policy-text"]').innerText());
  const workerPolicy = JSON.parse(await policies.nth(1).locator('[data-testid="policy-text"]').textContent() || '');

  // Step 3's buttons name each pool's profile as the recipe creates it.
  // (A pool's button goes once its name is written.)
  while (await tab(page).locator('[data-testid="use-profile"]').count()) {
    await tab(page).locator('[data-testid="use-profile"]').first().click();
  }
  const names = await tab(page).locator('[data-testid="pool-profile-name"] code').allInnerTexts();

  expect(names).toEqual(['rancher-controlplane-etcd', PROFILES.worker]);
  // What the user then does in AWS with Step 2 (the console, or the recipe): a role and profile per pool, with that policy.
  const scenario = world.demo.aws.scenario;

  scenario.instanceProfiles = [...(scenario.instanceProfiles || []), { InstanceProfileName: names[0], Roles: [names[0]] }];
  scenario.roles = [...(scenario.roles || []).filter((r) => r.RoleName !== ROLES.worker), {
    RoleName: names[0], AssumeRolePolicyDocument: ec2TrustPolicy(), InlinePolicies: { 'cloud-provider': controlPlanePolicy }
  }, {
    RoleName: ROLES.worker, AssumeRolePolicyDocument: ec2TrustPolicy(), InlinePolicies: { 'cloud-provider': workerPolicy }
  }];
  // Each pool's network, in the real form (its machine pool tabs are named after the pools).
  for (const pool of ['pool1', 'pool2']) {
    await page.locator(`li[data-testid="${ pool }"]`).first().click();
    await page.locator('[data-testid="amazonEc2__selectedNetwork"]').filter({ visible: true }).first().click();
    await page.locator('.vs__dropdown-option', { hasText: SUBNETS.newCluster }).filter({ visible: true }).first().click();
  }
  await page.locator('[data-testid="aws-cloud-provider"]').click();
  await tab(page).locator('[data-testid="tag-pools"]').click();
  await tab(page).locator('[data-testid="verify-all"]').click();
  const results = tab(page).locator('[data-testid="step-verify"] [data-testid="verification-results"]');

  await results.locator('[data-testid="verification-summary"]').waitFor({ timeout: 60000 });
  await shot('verified', results);
  const statuses = await checkStatuses(results);

  // Both profiles' required permissions, as the provider needs them on 1.34, from Step 2's policies alone.
  expect(statuses['instance-profile.permissions']).toEqual(['pass', 'pass']);
  expect(statuses['config.controller-tolerations']).toEqual(['pass']);
  expect(extensionErrors(session.errors)).toEqual([]);
});

it('"Edit as YAML" shows the setup merged with the form\'s own configuration', async() => {
  const { page, shot } = session;

  await page.locator('[data-testid="rke2-custom-create-yaml"]').click();
  // The dashboard saves the pools' machine configs first (to the fake Rancher), then shows the YAML.
  await page.getByRole('button', { name: 'Save and Continue' }).click();
  const editor = page.locator('.CodeMirror').filter({ visible: true }).first();

  await editor.waitFor();
  const yaml = await editor.evaluate((el) => (el as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue());

  await shot('edit-as-yaml');
  const cluster = load(yaml) as { spec: { kubernetesVersion: string, rkeConfig: { machineGlobalConfig: Record<string, unknown>, machineSelectorConfig: { config: Record<string, unknown>, machineLabelSelector?: unknown }[], additionalManifest: string, machinePools: unknown[] } } };
  const rke = cluster.spec.rkeConfig;

  expect(cluster.spec.kubernetesVersion).toBe('v1.34.1+rke2r1');
  // The form's own keys are still there beside ours.
  expect(rke.machineGlobalConfig).toMatchObject({ 'cloud-provider-name': 'aws', cni: expect.any(String) });
  expect(rke.machineSelectorConfig[0].machineLabelSelector).toBeUndefined();
  expect(rke.machineSelectorConfig[0].config['cloud-provider-name']).toBe('aws');
  expect(rke.machineSelectorConfig.slice(1).map((e) => e.config['kubelet-arg'])).toEqual([['cloud-provider=external'], ['cloud-provider=external'], ['cloud-provider=external']]);
  expect(rke.machinePools).toHaveLength(2);
  const charts = loadAll(rke.additionalManifest) as { spec: { chart: string, valuesContent: string } }[];

  expect(charts.map((c) => c.spec.chart)).toEqual(['aws-cloud-controller-manager', 'aws-ebs-csi-driver']);
  expect(load(charts[0].spec.valuesContent)).toMatchObject({
    hostNetworking: true,
    nodeSelector:   { 'node-role.kubernetes.io/control-plane': 'true' },
    image:          { tag: 'v1.34.3' },
    tolerations:    expect.arrayContaining([{
      key: 'node-role.kubernetes.io/etcd', operator: 'Exists', effect: 'NoExecute'
    }])
  });
  expect(extensionErrors(session.errors)).toEqual([]);
});
