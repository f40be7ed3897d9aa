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

/**
 * The same environment for tests that run the SDK in-process against local endpoints: set for
 * the file, restored after it, and every endpoint a test registered in the returned list closed
 * after that test.
 */
export function inProcessAwsEnv<T extends { close(): Promise<void> }>(): T[] {
  const savedEnv = { ...process.env };
  const started: T[] = [];

  beforeAll(() => {
    const { PATH: _path, HOME: _home, ...aws } = isolatedAwsEnv();

    Object.assign(process.env, aws);
  });
  afterAll(() => {
    process.env = savedEnv;
  });
  afterEach(async() => {
    await Promise.all(started.splice(0).map((server) => server.close()));
  });

  return started;
}
