/**
 * The environment the CLI runs in under test: dummy credentials for the local endpoint, no
 * instance metadata, and no shared AWS files unless a test writes them (the machine's ~/.aws
 * must not leak in).
 */
export function isolatedAwsEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH:                        process.env.PATH || '',
    HOME:                        process.env.HOME || '/tmp',
    AWS_ACCESS_KEY_ID:           'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY:       'secret',
    AWS_EC2_METADATA_DISABLED:   'true',
    AWS_CONFIG_FILE:             '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    ...extra,
  };
}
