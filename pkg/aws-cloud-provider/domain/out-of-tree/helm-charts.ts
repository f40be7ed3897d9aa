/**
 * The HelmCharts the setup puts in `additionalManifest`: the controller's values (the docs' values,
 * corrected to select RKE2's nodes and tolerate Rancher's taints, and the release for the minor),
 * the EBS CSI driver's, the HelmChart YAML, and the merge of the needed values into a controller
 * chart the user already has.
 */
import { dump } from 'js-yaml';
import { KubeVersion } from '../kubernetes-version';
import { KubeToleration, tolerates } from '../kube';
import {
  CONTROLLER_CHART, CONTROLLER_RELEASES, CONTROLLER_TOLERATIONS, CONTROL_PLANE_SELECTOR, EBS_CSI_CHART, ETCD_TAINT, CONTROL_PLANE_TAINT, controllerImageTag
} from './controller';
import {
  HelmChartDocument, ManifestDocument, helmChartsIn, isControllerChart, joinManifest, splitManifest
} from './manifest';
import type { ConfigChange } from './config';

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

/** A deep copy of plain data (YAML values), so a plan never shares objects with the editor's spec. */
export const clone = <T>(value: T): T => (value === undefined ? value : JSON.parse(JSON.stringify(value)));

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
