/**
 * The cluster's own spec, before it is created (or saved): what RKE2/K3s and the controller will
 * be told, checked against what makes the out-of-tree provider work on Rancher's nodes. Catches
 * the YAML users write by hand from the docs: no overrides, "External" chosen (checks/config-provider.ts);
 * no controller, the chart's default selector, Rancher's etcd taint, a mismatched release, IMDSv2
 * without host networking, a second provider (checks/config-controller.ts).
 */
import { needsOutOfTreeProvider, parseKubernetesVersion } from '../kubernetes-version';
import { NodeRole } from '../roles';
import { Finding } from '../findings';
import { Distribution, ProviderRkeConfig } from '../out-of-tree/config';
import { effectiveControllerValues, helmChartsIn, isControllerChart, splitManifest } from '../out-of-tree/manifest';
import { checkCloudProviderSetting, checkMigration, checkNodeNames } from './config-provider';
import {
  checkControllerHostNetwork, checkControllerManifest, checkControllerSelector, checkControllerTolerations, checkControllerVersion, checkSecondProvider, checkVolumes
} from './config-controller';

export interface ConfigPool {
  name: string;
  roles: NodeRole[];
  /** The pool's EC2 `httpTokens` (`required` is IMDSv2 only). */
  httpTokens?: string;
}

export interface ClusterConfigFacts {
  kubernetesVersion?: string;
  distribution: Distribution;
  /** EC2 machine pools Rancher creates (node names follow the machines), or custom nodes. */
  kind: 'amazonec2' | 'custom';
  rkeConfig: ProviderRkeConfig;
  /** The EC2 pools; custom clusters have none (every role is assumed). */
  pools: ConfigPool[];
  /** A saved cluster (the edit page), for the migration advice. */
  saved: boolean;
}

/** Every configuration check for the cluster's version; in-tree versions need only the provider name (and the migration advice). */
export function runConfigChecks(facts: ClusterConfigFacts): Finding[] {
  const version = parseKubernetesVersion(facts.kubernetesVersion);

  if (!version) {
    return [];
  }

  const findings: Finding[] = [checkCloudProviderSetting(facts, version)];
  const migration = checkMigration(facts, version);

  if (migration) {
    findings.push(migration);
  }
  if (!needsOutOfTreeProvider(version)) {
    return findings;
  }

  const nodeNames = checkNodeNames(facts);
  const documents = splitManifest(facts.rkeConfig.additionalManifest);
  const charts = helmChartsIn(documents);
  const manifest = checkControllerManifest(charts, documents.filter((d) => d.error).length);
  const controller = charts.find(isControllerChart);

  if (nodeNames) {
    findings.push(nodeNames);
  }
  findings.push(manifest);
  if (controller?.values) {
    const values = effectiveControllerValues(controller.values);

    findings.push(
      checkControllerSelector(values, facts),
      ...checkControllerTolerations(values, facts),
      checkControllerVersion(values, version),
      checkControllerHostNetwork(values, facts),
    );
  }
  findings.push(checkSecondProvider(charts), checkVolumes(charts));

  return findings;
}
