import { AwsError } from '../domain/facts';

/** An SDK error as a fact's error: the AWS error code (or HTTP status) and message, for `operation`. */
export function awsErrorOf(operation: string, error: unknown): AwsError {
  const e = error as { name?: string, Code?: string, code?: string, message?: string, $metadata?: { httpStatusCode?: number } };
  const code = e?.Code || e?.code || (e?.name && e.name !== 'Error' ? e.name : undefined) || (e?.$metadata?.httpStatusCode ? `HTTP ${ e.$metadata.httpStatusCode }` : 'Error');

  return {
    operation, code, message: e?.message || String(error)
  };
}
