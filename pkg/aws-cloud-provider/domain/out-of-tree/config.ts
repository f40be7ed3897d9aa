/**
 * The out-of-tree provider's configuration for an RKE2 or K3s cluster, as Rancher's docs give it
 * ("Using Out-of-tree AWS Cloud Provider for RKE2") and corrected where the docs' values would
 * not run on Rancher's nodes: `cloud-provider-name: aws` (RKE2 then names nodes by their private
 * DNS name), per-role overrides to `cloud-provider=external`, and the controller's HelmChart
 * whose values select RKE2's nodes and tolerate the taints Rancher puts on them (out-of-tree/
 * helm-charts.ts). Planned as a merge into what the cluster already has: only the keys the
 * provider needs change, and every change is listed before anything is written.
 */
import { dump } from 'js-yaml';
import { needsOutOfTreeProvider, parseKubernetesVersion } from '../kubernetes-version';
import { clone, plannedManifest } from './helm-charts';

export type Distribution = 'rke2' | 'k3s';

/** The distribution of a version string: `+k3s1` is K3s, everything else RKE2. */
export function distributionOf(kubernetesVersion: string | undefined): Distribution {
  return /k3s/.test(kubernetesVersion || '') ? 'k3s' : 'rke2';
}

/** The roles a `machineSelectorConfig` entry selects, by Rancher's machine role labels. */
export type SelectorRole = 'control-plane' | 'etcd' | 'worker';

export const SELECTOR_ROLES: readonly SelectorRole[] = ['control-plane', 'etcd', 'worker'];

export const roleLabel = (role: SelectorRole): string => `rke.cattle.io/${ role }-role`;

export interface MachineLabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string, operator: string, values?: string[] }[];
}

export interface MachineSelectorConfig { config?: Record<string, unknown>, machineLabelSelector?: MachineLabelSelector }

/** The part of `spec.rkeConfig` the provider's setup reads and writes. */
export interface ProviderRkeConfig {
  machineGlobalConfig?: Record<string, unknown>;
  machineSelectorConfig?: MachineSelectorConfig[];
  additionalManifest?: string;
}

/** The role an entry selects when its selector is exactly Rancher's role label = "true". */
export function selectedRole(selector: MachineLabelSelector | undefined): SelectorRole | undefined {
  if (!selector) {
    return undefined;
  }

  const labels = Object.entries(selector.matchLabels || {});
  const expressions = selector.matchExpressions || [];
  const pairs = [
    ...labels.map(([key, value]) => ({ key, values: [value] })),
    ...expressions.filter((e) => e.operator === 'In').map((e) => ({ key: e.key, values: e.values || [] })),
  ];

  if (pairs.length !== 1 || labels.length + expressions.length !== 1 || pairs[0].values.length !== 1 || pairs[0].values[0] !== 'true') {
    return undefined;
  }

  return SELECTOR_ROLES.find((role) => roleLabel(role) === pairs[0].key);
}

/** The selector Rancher's docs use for a role. */
export function roleSelector(role: SelectorRole): MachineLabelSelector {
  return {
    matchExpressions: [{
      key: roleLabel(role), operator: 'In', values: ['true']
    }]
  };
}

const EXTERNAL = 'cloud-provider=external';

/** What each role's components need on 1.27+ (the docs' machineSelectorConfig; K3s has no apiserver/controller-manager flags to change). */
export function roleOverrides(role: SelectorRole, distribution: Distribution): Record<string, unknown> {
  if (role !== 'control-plane') {
    return { 'kubelet-arg': [EXTERNAL] };
  }

  return distribution === 'k3s' ? { 'disable-cloud-controller': true, 'kubelet-arg': [EXTERNAL] } : {
    'disable-cloud-controller':    true,
    'kube-apiserver-arg':          [EXTERNAL],
    'kube-controller-manager-arg': [EXTERNAL],
    'kubelet-arg':                 [EXTERNAL],
  };
}

export interface SetupRequest {
  kubernetesVersion: string | undefined;
  distribution: Distribution;
  /** Also install the EBS CSI driver (EBS volumes from 1.27). */
  ebsCsi?: boolean;
}

/** One change the setup makes, shown before it is written: a path in `spec.rkeConfig` and the YAML before and after. */
export interface ConfigChange {
  path: string;
  before?: string;
  after: string;
}

export interface SetupPlan {
  /** The whole `rkeConfig` part after the setup (a copy; nothing is written). */
  result: Required<ProviderRkeConfig>;
  changes: ConfigChange[];
}

/** Why the setup does not apply: the in-tree provider (< 1.27), or a version that cannot be read. */
export type SetupUnavailable = 'inTree' | 'noVersion';

const yamlOf = (value: unknown): string => (value === undefined ? '' : dump(value, { lineWidth: -1, noRefs: true }).replace(/\n$/, ''));

/** Adds `cloud-provider=external` to an argument list, replacing another `cloud-provider=` value; other arguments kept. */
export function withExternalArg(args: unknown): string[] {
  const list = Array.isArray(args) ? args.map(String) : typeof args === 'string' && args ? [args] : [];
  const others = list.filter((arg) => !arg.startsWith('cloud-provider='));

  return [...others, EXTERNAL];
}

/** Merges a role's overrides into its config: lists gain the flag, other keys are set, the user's own keys stay. */
export function mergeRoleConfig(config: Record<string, unknown>, overrides: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...config };

  for (const [key, value] of Object.entries(overrides)) {
    merged[key] = Array.isArray(value) ? withExternalArg(merged[key]) : value;
  }

  return merged;
}

/**
 * What the setup writes for this version and distribution, merged into `current`: on 1.27+
 * `cloud-provider-name: aws` (RKE2; the form's own selector-less entry too, so the cloud
 * provider shown on Basics agrees), each role's overrides, and the controller's HelmChart.
 */
export function planProviderSetup(current: ProviderRkeConfig, request: SetupRequest): SetupPlan | SetupUnavailable {
  const version = parseKubernetesVersion(request.kubernetesVersion);

  if (!version) {
    return 'noVersion';
  }
  if (!needsOutOfTreeProvider(version)) {
    return 'inTree';
  }

  const result: Required<ProviderRkeConfig> = {
    machineGlobalConfig:   clone(current.machineGlobalConfig || {}),
    machineSelectorConfig: clone(current.machineSelectorConfig || []),
    additionalManifest:    current.additionalManifest || '',
  };
  const changes: ConfigChange[] = [];
  const set = (path: string, before: unknown, after: unknown) => {
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      changes.push({
        path, before: before === undefined ? undefined : yamlOf(before), after: yamlOf(after)
      });
    }
  };

  if (request.distribution === 'rke2') {
    set('machineGlobalConfig.cloud-provider-name', result.machineGlobalConfig['cloud-provider-name'], 'aws');
    result.machineGlobalConfig['cloud-provider-name'] = 'aws';

    // The form keeps its cloud provider in the selector-less entry, which would override the global one.
    const formEntry = result.machineSelectorConfig.find((entry) => !entry.machineLabelSelector);

    if (formEntry && formEntry.config?.['cloud-provider-name'] !== 'aws') {
      formEntry.config = formEntry.config || {};
      set('machineSelectorConfig[no selector].config.cloud-provider-name', formEntry.config['cloud-provider-name'], 'aws');
      formEntry.config['cloud-provider-name'] = 'aws';
    }
  }

  for (const role of SELECTOR_ROLES) {
    const overrides = roleOverrides(role, request.distribution);
    const index = result.machineSelectorConfig.findIndex((entry) => selectedRole(entry.machineLabelSelector) === role);
    const path = `machineSelectorConfig[${ roleLabel(role) }=true].config`;

    if (index < 0) {
      const entry = { config: mergeRoleConfig({}, overrides), machineLabelSelector: roleSelector(role) };

      set(path, undefined, entry.config);
      result.machineSelectorConfig.push(entry);
    } else {
      const entry = result.machineSelectorConfig[index];
      const merged = mergeRoleConfig(entry.config || {}, overrides);

      set(path, entry.config, merged);
      entry.config = merged;
    }
  }

  const { manifest, changes: manifestChanges } = plannedManifest(result.additionalManifest, version, !!request.ebsCsi);

  changes.push(...manifestChanges);
  result.additionalManifest = manifest;

  return { result, changes };
}

/** Writes a plan's result into an rkeConfig in place, key by key, so that the editor's own objects (and the form bound to them) see it. */
export function applyProviderSetup(target: ProviderRkeConfig, plan: SetupPlan): void {
  target.machineGlobalConfig = target.machineGlobalConfig || {};
  for (const [key, value] of Object.entries(plan.result.machineGlobalConfig)) {
    if (JSON.stringify(target.machineGlobalConfig[key]) !== JSON.stringify(value)) {
      target.machineGlobalConfig[key] = value;
    }
  }

  const entries = target.machineSelectorConfig || (target.machineSelectorConfig = []);

  plan.result.machineSelectorConfig.forEach((entry, i) => {
    if (i < entries.length) {
      const config = entries[i].config || (entries[i].config = {});

      for (const [key, value] of Object.entries(entry.config || {})) {
        if (JSON.stringify(config[key]) !== JSON.stringify(value)) {
          config[key] = value;
        }
      }
    } else {
      entries.push(entry);
    }
  });
  target.additionalManifest = plan.result.additionalManifest;
}
