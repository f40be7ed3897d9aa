/**
 * @jest-environment node
 */
/**
 * The CLI as a cluster operator gets it: the tarball `npm run package` writes, installed with
 * npm into an empty folder outside this repository, run from there through npx.
 */

import { execFile, execFileSync } from 'child_process';
import {
  existsSync, lstatSync, mkdtempSync, readFileSync, rmSync
} from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { load } from 'js-yaml';
import { BUNDLE, buildCliBundle, packCli } from '@scripts/package-cli';
import { startAwsEndpoint } from '@local/aws-endpoint/server';
import { greenScenario, CLUSTER_ID, PROFILE } from '@local/aws-endpoint/fixtures';
import { policyForRoles } from '@pkg/domain/policies';
import { policyFor } from '@pkg/domain/recommended-policy';
import { isolatedAwsEnv } from '../setup/cli-env';

const ROOT = join(__dirname, '..', '..');
const rootPkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const cliPkg = JSON.parse(readFileSync(join(ROOT, 'cli', 'package.json'), 'utf8'));
const extensionPkg = JSON.parse(readFileSync(join(ROOT, 'pkg', 'aws-cloud-provider', 'package.json'), 'utf8'));

let work: string;
let tarball: string;

interface Run { code: number, stdout: string, stderr: string }

/** npx in the install folder (after --, or npx takes --help for itself), with an environment that points nowhere into this repository. */
function npx(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile('npx', ['--no', '--', 'aws-cloud-provider-check', ...args], {
      cwd:     work,
      env:     isolatedAwsEnv(env),
      timeout: 60000,
    }, (error, stdout, stderr) => resolve({
      code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr
    }));
  });
}

beforeAll(async() => {
  work = mkdtempSync(join(tmpdir(), 'cli-install-'));
  await buildCliBundle();
  tarball = packCli(join(work, 'pack'));
  // The SDK is in npm's cache (this repository installed it); the registry serves what is not.
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock', tarball], { cwd: work, stdio: 'pipe' });
}, 300000);

afterAll(() => {
  if (work) {
    rmSync(work, { recursive: true, force: true });
  }
});

describe('the aws-cloud-provider-check package', () => {
  it('packs plain JavaScript and its documents, no TypeScript sources or tests', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean).sort();

    expect(files).toEqual([
      'package/LICENSE', 'package/README.md', 'package/bin/aws-cloud-provider-check.js', 'package/dist/aws-cloud-provider-check.js', 'package/package.json',
    ]);
    expect(readFileSync(join(ROOT, 'cli', 'LICENSE'))).toEqual(readFileSync(join(ROOT, 'LICENSE')));
  });

  it('declares what a published package needs, at the versions this repository tests', () => {
    expect(cliPkg.private).toBeUndefined();
    expect(cliPkg.version).toBe(extensionPkg.version);
    expect(cliPkg.engines).toEqual({ node: '>=20' });
    expect(cliPkg.bin).toEqual({ 'aws-cloud-provider-check': 'bin/aws-cloud-provider-check.js' });
    for (const sdk of ['@aws-sdk/client-ec2', '@aws-sdk/client-iam']) {
      expect({ sdk, version: cliPkg.dependencies[sdk] }).toEqual({ sdk, version: rootPkg.devDependencies[sdk] });
    }
    for (const [name, version] of Object.entries(cliPkg.dependencies)) {
      expect({ name, installed: JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version }).toEqual({ name, installed: version });
    }
  });

  it('installs as a real folder with no sources, so it runs the bundle', () => {
    const installed = join(work, 'node_modules', 'aws-cloud-provider-check');

    expect(lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(existsSync(join(installed, 'src'))).toBe(false);
    expect(existsSync(join(installed, 'dist', 'aws-cloud-provider-check.js'))).toBe(true);
  });

  it('answers npx aws-cloud-provider-check --help from the install folder', async() => {
    const help = await npx(['--help']);

    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^Usage: aws-cloud-provider-check \[check\] --cluster-id ID/);
    expect(help.stdout).toContain('Exit status:');
  });

  it('prints the policy as valid JSON and a CloudFormation recipe as YAML', async() => {
    const policy = await npx(['print-policy', '--roles', 'controlplane,etcd,worker', '--kubernetes-version', 'v1.33.5']);

    expect(policy.code).toBe(0);
    // The recommended policy for that version, as the repository's own code builds it.
    expect(JSON.parse(policy.stdout)).toEqual(policyFor(['controlplane', 'etcd', 'worker'], 'recommended', { kubernetesVersion: 'v1.33.5' }));
    const rancher = await npx(['print-policy', '--roles', 'controlplane,etcd,worker', '--variant', 'rancher']);

    expect(JSON.parse(rancher.stdout)).toEqual(policyForRoles(['controlplane', 'etcd', 'worker'], 'rancher'));

    const recipe = await npx(['print-recipe', '--roles', 'worker', '--format', 'cloudformation']);

    expect(recipe.code).toBe(0);
    expect((load(recipe.stdout) as { Resources?: unknown }).Resources).toBeDefined();
  });

  it('checks an account through the SDK it installed', async() => {
    const endpoint = await startAwsEndpoint(greenScenario());

    try {
      const run = await npx(['--output', 'json', '--region', 'us-east-1', '--cluster-id', CLUSTER_ID, '--endpoint-url', endpoint.url, '--instance-profile', PROFILE]);

      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout).summary.fail).toBe(0);
      expect(endpoint.requests.some((r) => r.action === 'GetInstanceProfile')).toBe(true);
    } finally {
      await endpoint.close();
    }
  });

  it('loads neither the AWS SDK nor a compiler for --help', () => {
    // The process itself prints what --help pulled in, after the help text is swallowed.
    const modules: string[] = JSON.parse(execFileSync(process.execPath, ['-e', `
      const write = process.stdout.write.bind(process.stdout);
      process.stdout.write = () => true;
      require(${ JSON.stringify(BUNDLE) }).run(['--help']).then(() => write(JSON.stringify(Object.keys(require.cache))));
    `], { encoding: 'utf8' }));

    expect(modules).toContain(BUNDLE);
    expect(modules.filter((m) => /@aws-sdk|@smithy|[\\/]tsx[\\/]|[\\/]esbuild[\\/]|typescript/.test(m))).toEqual([]);
  });
});
