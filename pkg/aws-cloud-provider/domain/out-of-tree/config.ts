/**
 * The out-of-tree provider's configuration for an RKE2 or K3s cluster, as Rancher's docs give it
 * ("Using Out-of-tree AWS Cloud Provider for RKE2") and corrected where the docs' values would
 * not run on Rancher's nodes: `cloud-provider-name: aws` (RKE2 then names nodes by their private
 * DNS name), per-role overrides to `cloud-provider=external`, and the controller's HelmChart whose
 * values select RKE2's nodes and tolerate the taints Rancher puts on them. Planned as a merge into
 * what the cluster already has: only the keys the provider needs change, and every change is
 * listed before anything is written.
 */
import { dump } from 'js-yaml';
import { KubeVersion, needsOutOfTreeProvider, parseKubernetesVersion } from '../kubernetes-version';
import { KubeToleration, tolerates } from '../kube';
import {
  CONTROLLER_CHART, CONTROLLER_RELEASES, CONTROLLER_TOLERATIONS, CONTROL_PLANE_SELECTOR, EBS_CSI_CHART, ETCD_TAINT, CONTROL_PLANE_TAINT, controllerImageTag
} from './controller';
import {
  HelmChartDocument, ManifestDocument, helmChartsIn, isControllerChart, joinManifest, splitManifest
} from './manifest';

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

/** The controller's chart values: the docs' values, plus tolerations for Rancher's etcd taint and the release for this minor. */
export function controllerValues(version: KubeVersion): Record<string, unknown> {
  return {
    hostNetworking: true,
    nodeSelector:   { ...CONTROL_PLANE_SELECTOR },
    tolerations:    CONTROLLER_TOLERATIONS.map((t) => ({ ...t })),
    args:           ['--configure-cloud-routes=false', '--v=2', '--cloud-provider=aws'],
    image:          { tag: controllerImageTag(version) || newestRelease() },
  };
}

function newestRelease(): string {
  const minors = Object.keys(CONTROLLER_RELEASES).map(Number).sort((a, b) => b - a);

  return CONTROLLER_RELEASES[minors[0]];
}

/** The EBS CSI driver's values: its controller on control-plane nodes, so only that pool's profile needs the volume actions. */
export function ebsCsiValues(): Record<string, unknown> {
  return {
    controller: {
      nodeSelector: { ...CONTROL_PLANE_SELECTOR },
      tolerations:  [
        {
          key: CONTROL_PLANE_TAINT.key, operator: 'Exists', effect: 'NoSchedule'
        },
        {
          key: ETCD_TAINT.key, operator: 'Exists', effect: 'NoExecute'
        },
      ],
    },
  };
}

/** A HelmChart document for RKE2's/K3s's helm-controller. */
export function helmChartYaml(chart: { name: string, namespace: string, chart: string, repo: string }, values: Record<string, unknown>, bootstrap: boolean): string {
  const object = {
    apiVersion: 'helm.cattle.io/v1',
    kind:       'HelmChart',
    metadata:   { name: chart.name, namespace: chart.namespace },
    spec:       {
      chart:           chart.chart,
      repo:            chart.repo,
      targetNamespace: chart.namespace,
      // The controller must run before nodes are initialised, so before the CNI is ready: bootstrap uses host networking.
      ...(bootstrap ? { bootstrap: true } : {}),
      valuesContent:   valuesYaml(values),
    },
  };

  return dump(object, { lineWidth: -1, noRefs: true });
}

const valuesYaml = (values: Record<string, unknown>): string => dump(values, { lineWidth: -1, noRefs: true }).replace(/\n$/, '');

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

const clone = <T>(value: T): T => (value === undefined ? value : JSON.parse(JSON.stringify(value)));
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

/** The taint a needed toleration is for. */
const taintOf = (toleration: KubeToleration) => ({
  key: toleration.key || '', value: toleration.value, effect: toleration.effect || ''
});

const flagOf = (arg: string) => arg.split('=')[0];

/** Flags whose value the provider depends on: routes off (Rancher's CNI routes pods), the aws provider. */
const FORCED_FLAGS = new Set(['--configure-cloud-routes', '--cloud-provider']);

/**
 * Merges the values the controller needs into the user's: its selector key set to "true", every
 * needed toleration present (the user's own kept), host networking on, routes off, the release
 * for this minor. Other values stay as the user wrote them.
 */
export function mergeControllerValues(user: Record<string, unknown>, needed: Record<string, unknown>): Record<string, unknown> {
  const merged = clone(user);
  const isMap = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
  const neededTolerations = needed.tolerations as KubeToleration[];
  const userTolerations = Array.isArray(merged.tolerations) ? merged.tolerations as KubeToleration[] : [];
  const args = Array.isArray(merged.args) ? (merged.args as unknown[]).map(String) : [];
  const neededArgs = needed.args as string[];

  merged.hostNetworking = true;
  merged.nodeSelector = { ...(isMap(merged.nodeSelector) ? merged.nodeSelector : {}), ...(needed.nodeSelector as Record<string, string>) };
  merged.tolerations = [...userTolerations, ...neededTolerations.filter((n) => !userTolerations.some((t) => tolerates(t, taintOf(n))))];
  merged.args = [
    ...args.map((arg) => (FORCED_FLAGS.has(flagOf(arg)) ? neededArgs.find((n) => flagOf(n) === flagOf(arg)) as string : arg)),
    ...neededArgs.filter((n) => !args.some((arg) => flagOf(arg) === flagOf(n))),
  ];
  merged.image = { ...(isMap(merged.image) ? merged.image : {}), tag: (needed.image as { tag: string }).tag };

  return merged;
}

const chartPath = (chart: { namespace: string, name: string }) => `additionalManifest: HelmChart ${ chart.namespace }/${ chart.name }`;

/**
 * The manifest with the controller (and the EBS CSI driver when asked) added, or the controller's
 * values merged; other documents verbatim. Each change is one document: an added HelmChart, or
 * the existing controller's `valuesContent` before and after.
 */
export function plannedManifest(manifest: string | undefined, version: KubeVersion, ebsCsi: boolean): { manifest: string, changes: ConfigChange[] } {
  const documents: ManifestDocument[] = splitManifest(manifest);
  const charts = helmChartsIn(documents);
  const controller = charts.find(isControllerChart);
  const changes: ConfigChange[] = [];
  const add = (chart: typeof CONTROLLER_CHART | typeof EBS_CSI_CHART, values: Record<string, unknown>, bootstrap: boolean) => {
    const text = helmChartYaml(chart, values, bootstrap);

    documents.push({ text });
    changes.push({ path: chartPath(chart), after: text.replace(/\n$/, '') });
  };

  if (controller) {
    const merged = mergedChart(documents[controller.index], controller, controllerValues(version));

    if (merged) {
      documents[controller.index] = { text: merged.text };
      changes.push({
        path: `${ chartPath(controller) }: valuesContent`, before: controller.valuesContent, after: merged.valuesContent
      });
    }
  } else {
    add(CONTROLLER_CHART, controllerValues(version), true);
  }
  if (ebsCsi && !charts.some((chart) => chart.chart === EBS_CSI_CHART.chart)) {
    add(EBS_CSI_CHART, ebsCsiValues(), false);
  }

  return { manifest: changes.length ? joinManifest(documents) : manifest || '', changes };
}

/** The controller's document with the needed values merged in; undefined when it already has them. */
function mergedChart(doc: ManifestDocument, chart: HelmChartDocument, needed: Record<string, unknown>): { text: string, valuesContent: string } | undefined {
  const object = clone(doc.object || {}) as { spec?: Record<string, unknown> };
  const spec = object.spec || {};
  const values = mergeControllerValues(chart.values || {}, needed);

  if (JSON.stringify(values) === JSON.stringify(chart.values) && spec.bootstrap === true && spec.targetNamespace) {
    return undefined;
  }

  const valuesContent = valuesYaml(values);

  object.spec = {
    ...spec, targetNamespace: spec.targetNamespace || CONTROLLER_CHART.namespace, bootstrap: true, valuesContent
  };

  return { text: dump(object, { lineWidth: -1, noRefs: true }), valuesContent };
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
