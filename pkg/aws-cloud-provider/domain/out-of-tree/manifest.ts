/**
 * Reading `spec.rkeConfig.additionalManifest`: a multi-document YAML string that RKE2/K3s apply
 * on the cluster. The HelmCharts in it, and the aws-cloud-controller-manager's values as the
 * chart will see them (the chart's defaults with the user's `valuesContent` merged in, as helm
 * merges: maps deeply, lists replaced, null removes a key).
 */
import { load } from 'js-yaml';
import { KubeToleration } from '../kube';
import { CHART_DEFAULT_IMAGE_TAG, CONTROLLER_CHART } from './controller';

/** One document of the manifest, its text kept verbatim so that merging never rewrites the others. */
export interface ManifestDocument {
  text: string;
  object?: Record<string, unknown>;
  /** Why the document is not YAML. */
  error?: string;
}

const SEPARATOR = /^---[ \t]*(?:#.*)?$/m;

/** The manifest's documents in order; blank ones dropped. */
export function splitManifest(manifest: string | undefined): ManifestDocument[] {
  return (manifest || '').split(SEPARATOR).filter((text) => text.trim() && !/^(\s*#.*\n?|\s*\n)*$/.test(text)).map((text) => {
    try {
      const object = load(text);

      return object && typeof object === 'object' ? { text, object: object as Record<string, unknown> } : { text };
    } catch (error) {
      return { text, error: (error as Error).message.split('\n')[0] };
    }
  });
}

/** Joins documents back into one manifest. */
export function joinManifest(documents: readonly ManifestDocument[]): string {
  return documents.map((doc) => `${ doc.text.replace(/^\n+/, '').replace(/\s+$/, '') }\n`).join('---\n');
}

export interface HelmChartDocument {
  /** Its position in splitManifest's list. */
  index: number;
  name: string;
  namespace: string;
  chart: string;
  repo?: string;
  version?: string;
  targetNamespace?: string;
  bootstrap?: boolean;
  valuesContent?: string;
  /** The parsed `valuesContent` ({} when empty); undefined when it is not YAML (see valuesError). */
  values?: Record<string, unknown>;
  valuesError?: string;
}

const isHelmChart = (object: Record<string, unknown> | undefined) => !!object && String(object.apiVersion || '').startsWith('helm.cattle.io/') && object.kind === 'HelmChart';

/** Every `helm.cattle.io` HelmChart of the manifest. */
export function helmChartsIn(documents: readonly ManifestDocument[]): HelmChartDocument[] {
  return documents.flatMap((doc, index) => {
    if (!isHelmChart(doc.object)) {
      return [];
    }

    const object = doc.object as { metadata?: { name?: string, namespace?: string }, spec?: Record<string, unknown> };
    const spec = object.spec || {};
    const valuesContent = typeof spec.valuesContent === 'string' ? spec.valuesContent : undefined;
    let values: Record<string, unknown> | undefined = {};
    let valuesError: string | undefined;

    try {
      const parsed = valuesContent ? load(valuesContent) : {};

      values = parsed && typeof parsed === 'object' ? parsed as Record<string, unknown> : {};
    } catch (error) {
      values = undefined;
      valuesError = (error as Error).message.split('\n')[0];
    }

    return [{
      index,
      name:            object.metadata?.name || '',
      namespace:       object.metadata?.namespace || 'kube-system',
      chart:           String(spec.chart || ''),
      repo:            spec.repo as string | undefined,
      version:         spec.version as string | undefined,
      targetNamespace: spec.targetNamespace as string | undefined,
      bootstrap:       spec.bootstrap as boolean | undefined,
      valuesContent,
      values,
      valuesError,
    }];
  });
}

/** Whether a HelmChart installs the aws-cloud-controller-manager (by chart name, or a chart URL ending in it). */
export function isControllerChart(chart: Pick<HelmChartDocument, 'chart'>): boolean {
  return chart.chart === CONTROLLER_CHART.chart || /\/aws-cloud-controller-manager(-[\d.]+\.tgz)?$/.test(chart.chart);
}

/** The controller's values the checks read. */
export interface ControllerValues {
  nodeSelector: Record<string, string>;
  tolerations: KubeToleration[];
  hostNetworking: boolean;
  args: string[];
  imageTag: string;
}

/** The chart's defaults (0.0.11): a control-plane selector RKE2 never matches, no etcd toleration, no host network. */
export const CHART_DEFAULTS = {
  nodeSelector: { 'node-role.kubernetes.io/control-plane': '' },
  tolerations:  [
    {
      key: 'node.cloudprovider.kubernetes.io/uninitialized', value: 'true', effect: 'NoSchedule'
    },
    { key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' },
    { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
  ],
  hostNetworking: false,
  args:           ['--v=2', '--cloud-provider=aws'],
  image:          { repository: 'registry.k8s.io/provider-aws/cloud-controller-manager', tag: CHART_DEFAULT_IMAGE_TAG },
};

const isMap = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);

/** Helm's merge of user values over defaults (mirrors chartutil.CoalesceValues): maps deeply, null deletes, the rest replaces. */
export function mergeValues(defaults: Record<string, unknown>, overrides: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...defaults };

  for (const [key, value] of Object.entries(overrides)) {
    if (value === null) {
      delete merged[key];
    } else if (isMap(value) && isMap(merged[key])) {
      merged[key] = mergeValues(merged[key] as Record<string, unknown>, value);
    } else {
      merged[key] = value;
    }
  }

  return merged;
}

/** The values the chart renders with, from a HelmChart's parsed `valuesContent`. */
export function effectiveControllerValues(values: Record<string, unknown>): ControllerValues {
  const merged = mergeValues(CHART_DEFAULTS as unknown as Record<string, unknown>, values);
  const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
  const selector = isMap(merged.nodeSelector) ? merged.nodeSelector : {};

  return {
    nodeSelector:   Object.fromEntries(Object.entries(selector).map(([key, value]) => [key, value === null || value === undefined ? '' : String(value)])),
    tolerations:    Array.isArray(merged.tolerations) ? merged.tolerations.filter(isMap).map((t) => ({
      key: t.key as string | undefined, operator: t.operator as string | undefined, value: t.value === undefined ? undefined : String(t.value), effect: t.effect as string | undefined
    })) : [],
    hostNetworking: merged.hostNetworking === true,
    args:           strings(merged.args),
    imageTag:       isMap(merged.image) && merged.image.tag ? String(merged.image.tag) : CHART_DEFAULT_IMAGE_TAG,
  };
}
