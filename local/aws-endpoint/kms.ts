/** KMS (AWS JSON 1.1), as much as the dashboard's EC2 machine-pool form asks: ListKeys. */

import { Scenario } from './scenario';
import { AwsFault } from './query-protocol';

/** KMS (AWS JSON 1.1): refused unless the scenario has keys, as for a credential without kms:* rights. */
export function handleKms(target: string, input: Record<string, unknown>, scenario: Scenario, region: string): unknown {
  const account = scenario.account || '123456789012';
  const [prefix, action] = target.split('.');

  if (prefix !== 'TrentService') {
    throw new AwsFault('UnknownOperationException', '');
  }
  if (!scenario.kms) {
    throw new AwsFault('AccessDeniedException', `User: arn:aws:iam::${ account }:user/${ scenario.caller || 'rancher' } is not authorized to perform: kms:${ action } because no identity-based policy allows the kms:${ action } action`);
  }

  switch (action) {
  case 'ListKeys': {
    const keys = scenario.kms.keys.map((key) => (key.startsWith('arn:') ? { KeyId: key.split('/').pop(), KeyArn: key } : { KeyId: key, KeyArn: `arn:aws:kms:${ region }:${ account }:key/${ key }` }));
    const start = input.Marker ? Number(Buffer.from(String(input.Marker), 'base64').toString()) : 0;
    const size = input.Limit === undefined ? 100 : Number(input.Limit);

    if (size < 1 || size > 1000) {
      throw new AwsFault('ValidationException', '1 validation error detected: Value at \'limit\' failed to satisfy constraint: Member must have value between 1 and 1000');
    }
    const more = start + size < keys.length;

    return {
      Keys: keys.slice(start, start + size), Truncated: more, ...(more ? { NextMarker: Buffer.from(String(start + size)).toString('base64') } : {})
    };
  }
  default:
    throw new AwsFault('UnknownOperationException', '');
  }
}
