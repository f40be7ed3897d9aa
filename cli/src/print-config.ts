/**
 * `print-config`: the `spec.rkeConfig` fragment the panel's provider setup writes, for a version,
 * a distribution and the pools' roles, as YAML to merge into a cluster; the configuration checks
 * of that fragment (with those pools) on stderr. Nothing here reads AWS or a cluster.
 */
import { dump } from 'js-yaml';
import { runConfigChecks } from '@pkg/domain/checks/config';
import { Distribution, distributionOf, planProviderSetup } from '@pkg/domain/out-of-tree/config';
import { parseKubernetesVersion } from '@pkg/domain/kubernetes-version';
import { NodeRole, parseRoles } from '@pkg/domain/roles';

export interface PrintConfigOptions {
  kubernetesVersion?: string;
  distribution?: string;
  pools: string[];
  ebsCsi: boolean;
}

/** A problem with the options: an l10n key under awsCloudProvider.cli.error and its arguments. */
export class ConfigUsageError extends Error {
  constructor(readonly key: string, readonly args?: Record<string, unknown>) {
    super(key);
  }
}

export interface PrintedConfig {
  /** The YAML for stdout. */
  yaml: string;
  /** Notes for stderr: l10n keys and their arguments. */
  notes: { key: string, args?: Record<string, unknown> }[];
}

const DISTRIBUTIONS: readonly Distribution[] = ['rke2', 'k3s'];

/** The fragment for these options, or a usage error. */
export function printConfig(options: PrintConfigOptions): PrintedConfig {
  const version = options.kubernetesVersion;

  if (!version || !parseKubernetesVersion(version)) {
    throw new ConfigUsageError('kubernetesVersion', { value: version || '-' });
  }
  if (options.distribution !== undefined && !(DISTRIBUTIONS as readonly string[]).includes(options.distribution)) {
    throw new ConfigUsageError('distribution', { value: options.distribution });
  }
  if (!options.pools.length) {
    throw new ConfigUsageError('pools');
  }

  const pools = options.pools.map((text, i) => {
    const { roles, unknown } = parseRoles(text);

    if (unknown.length || !roles.length) {
      throw new ConfigUsageError('poolRoles', { unknown: unknown.join(', ') || '-', value: text });
    }

    return { name: `pool${ i + 1 }`, roles: roles as NodeRole[] };
  });
  const distribution = (options.distribution || distributionOf(version)) as Distribution;
  const plan = planProviderSetup({}, {
    kubernetesVersion: version, distribution, ebsCsi: options.ebsCsi
  });

  if (plan === 'inTree') {
    const rkeConfig = { machineSelectorConfig: [{ config: { 'cloud-provider-name': 'aws' } }] };

    return { yaml: dump({ spec: { rkeConfig } }, { lineWidth: -1, noRefs: true }), notes: [{ key: 'printConfigInTree', args: { version } }] };
  }
  if (plan === 'noVersion') {
    throw new ConfigUsageError('kubernetesVersion', { value: version });
  }

  const rkeConfig = plan.result;
  const findings = runConfigChecks({
    kubernetesVersion: version, distribution, kind: 'amazonec2', rkeConfig, pools, saved: false
  });
  const notes = findings.filter((f) => f.status !== 'pass').map((f) => ({ key: f.message.key, args: f.message.args }));

  return {
    yaml: dump({
      spec: {
        rkeConfig: {
          ...(Object.keys(rkeConfig.machineGlobalConfig).length ? { machineGlobalConfig: rkeConfig.machineGlobalConfig } : {}), machineSelectorConfig: rkeConfig.machineSelectorConfig, additionalManifest: rkeConfig.additionalManifest
        }
      }
    }, { lineWidth: -1, noRefs: true }),
    notes,
  };
}
