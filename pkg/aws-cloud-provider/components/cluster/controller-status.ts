/**
 * The detail tab's one-line summary of the out-of-tree provider, from a running-cluster
 * verification: whether the controller is installed (the `controller.install` finding), how many
 * of its DaemonSet's pods are ready, and how many nodes it has initialised (the
 * `node.initialized` findings). It only restates the report; the report decides.
 */
import { Finding, Text } from '../../domain/findings';
import { ControllerFacts } from '../../domain/kube';

export type BadgeColor = 'bg-success' | 'bg-error' | 'bg-warning';

export interface StatusBadge { id: 'installed' | 'ready' | 'initialised', color: BadgeColor, label: Text }

const COLOR: Record<string, BadgeColor> = {
  pass: 'bg-success', warn: 'bg-warning', fail: 'bg-error', unknown: 'bg-warning'
};

export function controllerStatus(findings: readonly Finding[], controller: Pick<ControllerFacts, 'daemonSet'>): StatusBadge[] {
  const install = findings.find((f) => f.id === 'controller.install');
  const initialised = findings.filter((f) => f.id === 'node.initialized');
  const daemonSet = controller.daemonSet;
  const badges: StatusBadge[] = [];

  if (install) {
    badges.push({
      id:    'installed',
      color: COLOR[install.status],
      label: { key: `nodes.status.${ install.status === 'pass' || install.status === 'warn' ? 'installed' : install.status === 'unknown' ? 'installUnknown' : 'notInstalled' }` },
    });
  }
  if (!daemonSet.ok) {
    badges.push({
      id: 'ready', color: 'bg-warning', label: { key: 'nodes.status.readyUnknown' }
    });
  } else if (!daemonSet.value) {
    badges.push({
      id: 'ready', color: 'bg-error', label: { key: 'nodes.status.noDaemonSet' }
    });
  } else {
    const { ready, desired } = daemonSet.value;

    badges.push({
      id: 'ready', color: desired > 0 && ready === desired ? 'bg-success' : 'bg-error', label: { key: 'nodes.status.ready', args: { ready, desired } }
    });
  }
  if (initialised.length) {
    const done = initialised.filter((f) => f.status === 'pass').length;

    badges.push({
      id:    'initialised',
      color: done === initialised.length ? 'bg-success' : initialised.some((f) => f.status === 'unknown') && !done ? 'bg-warning' : 'bg-error',
      label: { key: 'nodes.status.initialised', args: { initialised: done, total: initialised.length } },
    });
  }

  return badges;
}
