/**
 * How the fleet page reaches AWS and the clusters for a run. "Verify all" runs in the page's main thread: each answer (the SDK parses AWS's XML there) and
 * the checks it feeds run as microtasks, which the browser chains into one task until none is
 * left, so with several clusters at once a task could take a second. These wrappers make each
 * read (AWS, and the cluster proxy) in a task of its own and hand its answer over in another
 * (the browser paints and handles input in between): the work of a run is split at every call,
 * whatever the size of the fleet.
 */
import { AwsClients } from '../../aws/clients';
import { HostStore, awsClientsFor } from '../../rancher/aws-access';
import { steveClusterState } from '../../rancher/cluster-state';
import { ClusterStateReader } from '../../verification/cluster-state';
import { FleetAccess } from '../../verification/fleet';

interface Scheduler { yield?: () => Promise<void> }

let channel: MessageChannel | undefined;
const waiting: (() => void)[] = [];

/**
 * Resolves in a new task: `scheduler.yield()` where the browser has it, else a message to this
 * page (never a timer: a hidden tab's timers are throttled to one a second or less).
 */
export function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;

  if (typeof scheduler?.yield === 'function') {
    return scheduler.yield();
  }
  if (typeof MessageChannel === 'undefined') {
    return new Promise((resolve) => setTimeout(resolve));
  }
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
  }

  return new Promise((resolve) => {
    waiting.push(resolve);
    (channel as MessageChannel).port2.postMessage(undefined);
  });
}

const READ = /^(describe|get|list|simulate|nodes|helmChart|job|daemonSet|pods)/;

/** Each read of `target` made in a task of its own, and answered (or failed) in another. */
function yielding<T extends object>(target: T): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);

      if (typeof value !== 'function' || typeof property !== 'string' || !READ.test(property)) {
        return typeof value === 'function' ? value.bind(object) : value;
      }

      return async(...args: unknown[]) => {
        await nextTask();
        try {
          return await value.apply(object, args);
        } finally {
          await nextTask();
        }
      };
    },
  });
}

export function yieldingClients(clients: AwsClients): AwsClients {
  return { ec2: yielding(clients.ec2), iam: yielding(clients.iam) };
}

export function yieldingClusterState(reader: ClusterStateReader): ClusterStateReader {
  return yielding(reader);
}

/**
 * AWS through Rancher's /meta/proxy with each cluster's own credential (one set of clients per
 * credential and region for the run), its nodes through the cluster proxy; every read in its own task.
 */
export function fleetAccess(store: HostStore): FleetAccess {
  const clients = new Map<string, Promise<AwsClients>>();

  return {
    clientsFor: (credentialId, region) => {
      const key = `${ credentialId }\0${ region }`;

      if (!clients.has(key)) {
        clients.set(key, awsClientsFor(store, region, credentialId).then(yieldingClients));
      }

      return clients.get(key) as Promise<AwsClients>;
    },
    clusterState: (managementClusterId) => yieldingClusterState(steveClusterState(store, managementClusterId)),
  };
}
