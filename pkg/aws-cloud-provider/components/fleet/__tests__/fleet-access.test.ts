import { AwsClients } from '../../../aws/clients';
import { nextTask, yieldingClients, yieldingClusterState } from '../fleet-access';
import { ClusterStateReader } from '../../../verification/cluster-state';

/** Counts the tasks that ran: a task ends, and the next begins, at each message. */
function taskCounter() {
  let tasks = 0;
  let stopped = false;
  const tick = () => {
    if (!stopped) {
      tasks++;
      setTimeout(tick);
    }
  };

  setTimeout(tick);

  return { count: () => tasks, stop: () => (stopped = true) };
}

describe('the fleet run\'s reads, each in a task of its own', () => {
  it('nextTask resolves after the microtasks queued before it, in a later task', async() => {
    const order: string[] = [];
    const next = nextTask().then(() => order.push('next task'));

    Promise.resolve().then(() => order.push('microtask'));
    await next;
    expect(order).toEqual(['microtask', 'next task']);
  });

  it('a read is made, and answered, in later tasks; the answer and the error are the read\'s own', async() => {
    const calls: unknown[] = [];
    const ec2 = {
      describeSubnets: (input: unknown) => {
        calls.push(input);

        return Promise.resolve({ Subnets: [{ SubnetId: 'subnet-1' }] });
      },
      describeInstances: () => Promise.reject(new Error('throttled')),
    };
    const clients = yieldingClients({ ec2, iam: {} } as unknown as AwsClients);
    const pending = clients.ec2.describeSubnets({ Filters: [] });

    // Not made in the caller's task.
    expect(calls).toEqual([]);
    await expect(pending).resolves.toEqual({ Subnets: [{ SubnetId: 'subnet-1' }] });
    expect(calls).toEqual([{ Filters: [] }]);
    await expect(clients.ec2.describeInstances({})).rejects.toThrow('throttled');
  });

  it('a run of reads lets other tasks run in between', async() => {
    const reader = { nodes: () => Promise.resolve({ ok: true, value: [] }) } as unknown as ClusterStateReader;
    const state = yieldingClusterState(reader);
    const counter = taskCounter();

    for (let i = 0; i < 5; i++) {
      await state.nodes();
    }
    counter.stop();
    expect(counter.count()).toBeGreaterThan(0);
  });

  it('other properties pass through, functions bound to their client', () => {
    const ec2 = {
      config: { region: 'us-east-1' },
      destroy() {
        return this.config.region;
      },
    };
    const clients = yieldingClients({ ec2, iam: {} } as unknown as AwsClients);

    expect((clients.ec2 as unknown as typeof ec2).config.region).toBe('us-east-1');
    expect((clients.ec2 as unknown as typeof ec2).destroy()).toBe('us-east-1');
  });
});
