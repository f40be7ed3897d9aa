/**
 * The out-of-tree provider as the running cluster runs it: the HelmChart's install job, the
 * DaemonSet on the control-plane nodes, the scheduling of its pods and the image's minor. Where
 * daemon pods may run is decided in checks/daemon-placement.ts. Facts in, findings out.
 */
import { AwsError } from '../facts';
import { Finding, finding, rule, text } from '../findings';
import { ControllerFacts, KubeTaint, untoleratedTaints } from '../kube';
import { KubeVersion, formatVersion } from '../kubernetes-version';
import { KubeNode, isControlPlaneNode } from '../nodes';
import { CONTROLLER_CHART, controllerImageTag, installJobName, minorOfImage } from '../out-of-tree/controller';
import {
  daemonMisfit, daemonPodTolerations, effectOf, formatSelector, formatTaint, matchesSelector, taintsInSchedulerMessage, tolerationFor, unscheduled
} from './daemon-placement';

const helmChartResource = (name: string = CONTROLLER_CHART.name) => `helmchart/${ name }`;
const daemonSetResource = (name: string = CONTROLLER_CHART.daemonSet) => `daemonset/${ name }`;

/** A read of the cluster that failed: `unknown`, with the API's answer as the reason. */
export function unreadable(id: Finding['id'], resource: string, error: AwsError, ruleName: string): Finding {
  return finding({
    id,
    status:  'unknown',
    resource,
    message: text('check.controller.unreadable', {
      operation: error.operation, code: error.code, message: error.message
    }),
    rule: rule(ruleName)
  });
}

const conditionTrue = (conditions: readonly { type: string, status: string }[], type: string) => conditions.find((c) => c.type === type && c.status === 'True');

/** The helm-controller's install job succeeded (mirrors the Job's Complete/Failed conditions, which the helm-controller's HelmChart status follows). */
export function checkControllerInstall(facts: Pick<ControllerFacts, 'helmChart' | 'job'>): Finding {
  const base = { id: 'controller.install' as const, rule: rule('controllerInstall') };

  if (!facts.helmChart.ok) {
    return unreadable(base.id, helmChartResource(), facts.helmChart.error, 'controllerInstall');
  }

  const chart = facts.helmChart.value;

  if (!chart) {
    return finding({
      ...base, status: 'fail', resource: helmChartResource(), message: text('check.controller.install.missing', { namespace: CONTROLLER_CHART.namespace }), fix: { text: text('fix.controllerHelmChart') }
    });
  }

  const resource = helmChartResource(chart.name);
  const jobName = chart.jobName || installJobName(chart.name);

  if (!facts.job.ok) {
    return unreadable(base.id, resource, facts.job.error, 'controllerInstall');
  }

  const job = facts.job.value;

  if (!job) {
    return finding({
      ...base, status: 'warn', resource, message: text('check.controller.install.noJob', { job: jobName })
    });
  }
  if (job.succeeded > 0 || conditionTrue(job.conditions, 'Complete')) {
    return finding({
      ...base, status: 'pass', resource, message: text('check.controller.install.ok', { job: job.name })
    });
  }

  const failed = conditionTrue(job.conditions, 'Failed') as { reason?: string, message?: string } | undefined;
  const logs = `kubectl -n ${ job.namespace } logs job/${ job.name }`;

  if (failed) {
    return finding({
      ...base,
      status:  'fail',
      resource,
      message: text('check.controller.install.failed', {
        job: job.name, reason: failed.reason || '-', message: failed.message || '-'
      }),
      fix: { text: text('fix.controllerJobLogs'), command: logs },
    });
  }

  return finding({
    ...base, status: 'warn', resource, message: text('check.controller.install.installing', { job: job.name, failed: job.failed }), fix: { text: text('fix.controllerJobLogs'), command: logs }
  });
}

/** The DaemonSet runs a ready pod on every control-plane node (mirrors the DaemonSet status the controller writes: desired, ready). */
export function checkControllerDaemonSet(facts: Pick<ControllerFacts, 'helmChart' | 'daemonSet'>, nodes: readonly KubeNode[] | undefined): Finding {
  const base = { id: 'controller.daemonset' as const, rule: rule('controllerDaemonSet') };

  if (!facts.daemonSet.ok) {
    return unreadable(base.id, daemonSetResource(), facts.daemonSet.error, 'controllerDaemonSet');
  }

  const daemonSet = facts.daemonSet.value;

  if (!daemonSet) {
    const chart = facts.helmChart.ok && !!facts.helmChart.value;

    return finding({
      ...base, status: 'fail', resource: daemonSetResource(), message: text('check.controller.daemonset.missing', { helmChart: chart ? 'yes' : 'no' }), fix: { text: text(chart ? 'fix.controllerJobLogs' : 'fix.controllerHelmChart') }
    });
  }

  const resource = daemonSetResource(daemonSet.name);
  const controlPlanes = (nodes || []).filter(isControlPlaneNode);
  const uncovered = controlPlanes.filter((node) => daemonMisfit(daemonSet, node));
  const selectorMisses = uncovered.filter((node) => daemonMisfit(daemonSet, node)?.selector);
  const fixFor = (bySelector: boolean) => (bySelector ? { text: text('fix.controllerSelector', { selector: formatSelector(daemonSet.nodeSelector) }) } : { text: text('fix.controllerTolerations') });

  if (daemonSet.desired === 0) {
    const bySelector = !controlPlanes.length || selectorMisses.length > 0;

    return finding({
      ...base, status: 'fail', resource, message: text('check.controller.daemonset.selectsNoNode', { selector: formatSelector(daemonSet.nodeSelector), why: bySelector ? 'selector' : 'taints' }), fix: fixFor(bySelector)
    });
  }
  if (nodes && daemonSet.desired < controlPlanes.length) {
    const names = uncovered.length ? uncovered.map((node) => node.name) : controlPlanes.map((node) => node.name);

    return finding({
      ...base,
      status:  'fail',
      resource,
      message: text('check.controller.daemonset.uncovered', {
        count: controlPlanes.length - daemonSet.desired, controlPlanes: controlPlanes.length, desired: daemonSet.desired, nodes: names.join(', ')
      }),
      fix:     fixFor(selectorMisses.length > 0),
      details: names,
    });
  }
  if (daemonSet.ready < daemonSet.desired) {
    return finding({
      ...base, status: 'fail', resource, message: text('check.controller.daemonset.notReady', { ready: daemonSet.ready, desired: daemonSet.desired }), fix: { text: text('fix.controllerPods'), command: `kubectl -n ${ daemonSet.namespace } describe pods -l ${ CONTROLLER_CHART.podLabel.key }=${ CONTROLLER_CHART.podLabel.value }` }
    });
  }

  return finding({
    ...base, status: 'pass', resource, message: text('check.controller.daemonset.ok', { ready: daemonSet.ready, desired: daemonSet.desired })
  });
}

/**
 * The controller's pods get scheduled: a pending pod's PodScheduled reason and message verbatim,
 * its untolerated taints named with the toleration to add; and the taints of control-plane nodes
 * the DaemonSet does not tolerate, computed, so they are named before any pod exists (mirrors the
 * TaintToleration filter of the kube-scheduler).
 */
export function checkControllerScheduling(facts: Pick<ControllerFacts, 'daemonSet' | 'pods'>, nodes: readonly KubeNode[] | undefined): Finding[] {
  const base = { id: 'controller.scheduling' as const, rule: rule('controllerScheduling') };
  const daemonSet = facts.daemonSet.ok ? facts.daemonSet.value : null;
  const findings: Finding[] = [];
  const named = new Set<string>();

  if (!facts.pods.ok) {
    findings.push(unreadable(base.id, daemonSetResource(), facts.pods.error, 'controllerScheduling'));
  } else {
    for (const pod of facts.pods.value) {
      const condition = unscheduled(pod);

      if (!condition) {
        continue;
      }

      const taints = taintsInSchedulerMessage(condition.message).map((t) => ({ ...t, effect: effectOf(t.key, nodes || []) }));

      taints.forEach((t) => named.add(t.key));
      findings.push(finding({
        ...base,
        status:   'fail',
        resource: `pod/${ pod.name }`,
        message:  text('check.controller.scheduling.pending', {
          reason: condition.reason || '-', message: condition.message || '-', taints: taints.map(formatTaint).join(', '), count: taints.length
        }),
        fix: taints.length ? { text: text('fix.controllerToleration', { count: taints.length }), command: taints.map(tolerationFor).join(' ') } : { text: text('fix.controllerPods'), command: `kubectl -n ${ pod.namespace } describe pod ${ pod.name }` },
      }));
    }
  }
  if (daemonSet && nodes) {
    const byTaint = new Map<string, { taint: KubeTaint, nodes: string[] }>();

    for (const node of nodes.filter((n) => isControlPlaneNode(n) && matchesSelector(n, daemonSet.nodeSelector))) {
      for (const taint of untoleratedTaints(daemonPodTolerations(daemonSet), node.taints || [])) {
        const key = `${ taint.key }:${ taint.effect }`;

        byTaint.set(key, { taint, nodes: [...(byTaint.get(key)?.nodes || []), node.name] });
      }
    }
    for (const { taint, nodes: names } of byTaint.values()) {
      if (!named.has(taint.key)) {
        findings.push(finding({
          ...base,
          status:   'fail',
          resource: daemonSetResource(daemonSet.name),
          message:  text('check.controller.scheduling.untolerated', {
            taint: formatTaint(taint), nodes: names.join(', '), count: names.length
          }),
          fix:      { text: text('fix.controllerToleration', { count: 1 }), command: tolerationFor(taint) },
          details:  names,
        }));
      }
    }
  }
  if (!findings.length && (daemonSet || (facts.pods.ok && facts.pods.value.length))) {
    findings.push(finding({
      ...base, status: 'pass', resource: daemonSetResource(daemonSet?.name), message: text('check.controller.scheduling.ok', { count: facts.pods.ok ? facts.pods.value.length : 0 })
    }));
  }

  return findings;
}

/** The controller's image: the DaemonSet's, else a pod's. */
function controllerImage(facts: Pick<ControllerFacts, 'daemonSet' | 'pods'>): string | undefined {
  return (facts.daemonSet.ok && facts.daemonSet.value?.image) || (facts.pods.ok ? facts.pods.value.find((p) => p.image)?.image : undefined);
}

/** The controller's minor equals the cluster's (cloud-provider-aws: compatibility only with the matching release; CONTROLLER_RELEASES). */
export function checkControllerVersion(facts: Pick<ControllerFacts, 'daemonSet' | 'pods'>, version: KubeVersion): Finding | undefined {
  const image = controllerImage(facts);

  if (!image) {
    return undefined;
  }

  const base = {
    id: 'controller.version' as const, rule: rule('controllerVersion'), resource: daemonSetResource(facts.daemonSet.ok ? facts.daemonSet.value?.name : undefined)
  };
  const minor = minorOfImage(image);
  const tag = controllerImageTag(version) || 'none';
  const fix = tag === 'none' ? undefined : { text: text('fix.controllerVersion', { tag }) };

  if (minor === undefined) {
    return finding({
      ...base,
      status:  'warn',
      message: text('check.controller.version.unknownTag', {
        image, version: formatVersion(version), tag
      }),
      fix
    });
  }
  if (version.major === 1 && minor === version.minor) {
    return finding({
      ...base, status: 'pass', message: text('check.controller.version.ok', { image, version: formatVersion(version) })
    });
  }

  return finding({
    ...base,
    status:  'warn',
    message: text('check.controller.version.mismatch', {
      image, minor: `1.${ minor }`, version: formatVersion(version), tag
    }),
    fix
  });
}
