/**
 * @jest-environment node
 */
/** attempt: one AWS call as a fact, cancellable at once, leaving nothing behind on the run's signal. */
import { getEventListeners } from 'events';
import { attempt, GatherCancelled } from '../calls';

describe('attempt', () => {
  it('answers the call as a fact, and an error as a failed fact', async() => {
    const signal = new AbortController().signal;

    await expect(attempt('DescribeVpcs', { signal }, async() => 42)).resolves.toMatchObject({ ok: true, value: 42 });
    await expect(attempt('DescribeVpcs', { signal }, async() => {
      throw Object.assign(new Error('no'), { name: 'UnauthorizedOperation' });
    })).resolves.toMatchObject({ ok: false });
  });

  it('removes its abort listener when the call settles: a fleet run makes thousands of calls on one signal', async() => {
    const signal = new AbortController().signal;

    await Promise.all(Array.from({ length: 500 }, (_, i) => attempt('DescribeInstances', { signal }, async() => i)));
    await attempt('DescribeInstances', { signal }, async() => {
      throw new Error('throttled');
    });

    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });

  it('stops a hung call at once when the run is cancelled', async() => {
    const controller = new AbortController();
    const hung = attempt('DescribeSubnets', { signal: controller.signal }, () => new Promise<never>(() => undefined));

    controller.abort();
    await expect(hung).rejects.toBeInstanceOf(GatherCancelled);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
