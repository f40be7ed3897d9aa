import { AwsClients } from './clients';

const READ = /^(describe|get|list|simulate)/;

/**
 * Clients for one verification run: a read asked again with the same input (as "Verify all"
 * does for the cluster-wide lookups, once per pool) is answered by the first request. Writes
 * pass straight through, and the next run starts with fresh clients, so nothing goes stale.
 */
export function sharingReads(clients: AwsClients): AwsClients {
  const share = <T extends object>(client: T): T => {
    const answers = new Map<string, Promise<unknown>>();

    return new Proxy(client, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);

        if (typeof value !== 'function' || typeof property !== 'string' || !READ.test(property)) {
          return typeof value === 'function' ? value.bind(target) : value;
        }

        return (input: unknown) => {
          const key = `${ property } ${ JSON.stringify(input) }`;

          if (!answers.has(key)) {
            answers.set(key, value.call(target, input));
          }

          return answers.get(key);
        };
      },
    });
  };

  return { ec2: share(clients.ec2), iam: share(clients.iam) };
}
