/**
 * What runs downstream from the manifest's charts: the helm-controller's HelmChart object and
 * `helm-install-<name>` Job for each chart, and for the aws-cloud-controller-manager chart its
 * DaemonSet and the pods the DaemonSet controller makes, one on each node that pod fits (node
 * selector, and every NoSchedule/NoExecute taint tolerated: NodeShouldRunDaemonPod).
 */

import { KubeTaint, KubeToleration, misfit } from '@pkg/domain/kube';
import { CONTROLLER_CHART, installJobName } from '@pkg/domain/out-of-tree/controller';
import { effectiveControllerValues, HelmChartDocument } from '@pkg/domain/out-of-tree/manifest';
import type { DownstreamNode } from './downstream';
import { SteveObject, steveObject, TypeSpec } from './steve';
import { DOWNSTREAM_TYPES, typeSpec } from './types';

export const make = (type: string, name: string, namespace: string | undefined, body: Parameters<typeof steveObject>[3]): SteveObject => steveObject(typeSpec(DOWNSTREAM_TYPES, type) as TypeSpec, name, namespace, body);

export const condition = (type: string, status = 'True', extra: Record<string, unknown> = {}) => ({
  type, status, lastTransitionTime: '2026-01-05T09:40:00Z', lastProbeTime: null, ...extra
});

/** A node as the simulation works it out: its labels and taints, its providerID once it has one. */
export interface NodeState { node: DownstreamNode, labels: Record<string, string>, taints: KubeTaint[], providerID?: string }

/** The tolerations the DaemonSet controller adds to every daemon pod (AddOrUpdateDaemonPodTolerations, pkg/controller/daemon/util). */
export function daemonPodTolerations(hostNetwork: boolean): KubeToleration[] {
  return [
    {
      key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute'
    },
    {
      key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute'
    },
    {
      key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule'
    },
    {
      key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule'
    },
    {
      key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule'
    },
    {
      key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule'
    },
    ...(hostNetwork ? [{
      key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule'
    }] : []),
  ];
}

/** The HelmChart object and the helm-controller's install Job for one chart of the manifest. */
export function installed(chart: HelmChartDocument): SteveObject[] {
  const jobName = installJobName(chart.name);
  const failed = !!chart.valuesError;
  const helmChart = make('helm.cattle.io.helmchart', chart.name, chart.namespace, {
    annotations: { 'objectset.rio.cattle.io/id': 'rke2-additional-manifest' },
    spec:        {
      chart: chart.chart, ...(chart.repo ? { repo: chart.repo } : {}), ...(chart.version ? { version: chart.version } : {}), ...(chart.targetNamespace ? { targetNamespace: chart.targetNamespace } : {}), ...(chart.bootstrap !== undefined ? { bootstrap: chart.bootstrap } : {}), ...(chart.valuesContent !== undefined ? { valuesContent: chart.valuesContent } : {})
    },
    status: {
      jobName,
      conditions: [
        {
          type: 'JobCreated', status: 'True', reason: 'Job created', message: `Applying HelmChart using Job ${ chart.namespace }/${ jobName }`
        },
        {
          type: 'Failed', status: failed ? 'True' : 'False', reason: failed ? 'Job failed' : '', message: failed ? `Job ${ chart.namespace }/${ jobName } failed: BackoffLimitExceeded` : ''
        },
      ],
    },
  });
  const job = make('batch.job', jobName, chart.namespace, {
    labels: { 'helmcharts.helm.cattle.io/chart': chart.name },
    spec:   {
      backoffLimit: 1000,
      completions:  1,
      parallelism:  1,
      template:     {
        spec: {
          restartPolicy: 'OnFailure',
          containers:    [{
            name: 'helm', image: 'rancher/klipper-helm:v0.9.8-build20250709', args: ['install']
          }]
        }
      }
    },
    status: failed ? {
      failed: 1, active: 0, startTime: '2026-01-05T09:35:00Z', conditions: [condition('FailureTarget', 'True', { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }), condition('Failed', 'True', { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' })]
    } : {
      succeeded: 1, active: 0, startTime: '2026-01-05T09:35:00Z', completionTime: '2026-01-05T09:35:40Z', conditions: [condition('SuccessCriteriaMet'), condition('Complete')]
    },
  });

  return [helmChart, job];
}

/** The controller chart's DaemonSet and the pods the DaemonSet controller makes; which nodes they run on. */
export function controller(chart: HelmChartDocument, states: NodeState[]): { objects: SteveObject[], running: boolean } {
  const values = effectiveControllerValues(chart.values || {});
  const namespace = chart.targetNamespace || chart.namespace;
  const image = `${ CONTROLLER_CHART.image }:${ values.imageTag }`;
  const podLabels = { [CONTROLLER_CHART.podLabel.key]: CONTROLLER_CHART.podLabel.value };
  const podTolerations = [...values.tolerations, ...daemonPodTolerations(values.hostNetworking)];
  const fitting = states.filter((state) => !misfit({ nodeSelector: values.nodeSelector, tolerations: podTolerations }, state));
  const template = {
    metadata: { labels: podLabels },
    spec:     {
      nodeSelector:       values.nodeSelector,
      tolerations:        values.tolerations,
      hostNetwork:        values.hostNetworking,
      dnsPolicy:          'Default',
      priorityClassName:  'system-node-critical',
      serviceAccountName: 'cloud-controller-manager',
      containers:         [{
        name: 'aws-cloud-controller-manager', image, args: values.args
      }]
    },
  };
  const daemonSet = make('apps.daemonset', CONTROLLER_CHART.daemonSet, namespace, {
    labels:      { 'app.kubernetes.io/managed-by': 'Helm', ...podLabels },
    annotations: { 'meta.helm.sh/release-name': chart.name, 'meta.helm.sh/release-namespace': namespace },
    spec:        {
      selector: { matchLabels: podLabels }, template, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } }, revisionHistoryLimit: 10
    },
    status: {
      currentNumberScheduled: fitting.length, desiredNumberScheduled: fitting.length, numberAvailable: fitting.length, numberReady: fitting.length, numberMisscheduled: 0, updatedNumberScheduled: fitting.length, observedGeneration: 1
    },
  });
  const podName = (index: number) => `${ CONTROLLER_CHART.daemonSet }-${ ['x7k2p', 'm4q9z', 'h2v8n', 'r5t3w', 'c6b1j'][index % 5] }`;
  const pods = fitting.map((state, index) => make('pod', podName(index), namespace, {
    labels:   {
      ...podLabels, 'controller-revision-hash': '7d9f8c6b5', 'pod-template-generation': '1'
    },
    metadata: {
      name:            podName(index),
      ownerReferences: [{
        apiVersion: 'apps/v1', kind: 'DaemonSet', name: CONTROLLER_CHART.daemonSet, controller: true, blockOwnerDeletion: true
      }]
    },
    spec: {
      ...template.spec,
      nodeName:    state.node.name,
      tolerations: podTolerations,
      affinity:    {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{
              matchFields: [{
                key: 'metadata.name', operator: 'In', values: [state.node.name]
              }]
            }]
          }
        }
      },
    },
    status: {
      phase:             'Running',
      hostIP:            state.node.ip,
      podIP:             values.hostNetworking ? state.node.ip : `10.42.0.${ 10 + index }`,
      startTime:         '2026-01-05T09:36:00Z',
      qosClass:          'Burstable',
      conditions:        ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => condition(type)),
      containerStatuses: [{
        name: 'aws-cloud-controller-manager', image, imageID: `${ image }@sha256:0000`, ready: true, started: true, restartCount: 0, state: { running: { startedAt: '2026-01-05T09:36:10Z' } }
      }],
    },
  }));

  return { objects: [daemonSet, ...pods], running: pods.length > 0 };
}
