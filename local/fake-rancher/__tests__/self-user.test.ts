/**
 * Who the caller is, as Rancher 2.12+ answers the 2.15 dashboard (shell 3.0.13's `auth/getUser`):
 * a create of the virtual `ext.cattle.io.selfuser` gives the user ID, whose management user the
 * dashboard then reads. Nothing is stored, and the type answers nothing else.
 */
import { shellManagementRequest } from '@tests/contract/shell-request';
import { FakeRancher, startFakeRancher } from '../server';

let rancher: FakeRancher;
let request: (payload: { url: string, method?: string, data?: unknown }) => Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

beforeEach(async() => {
  rancher = await startFakeRancher({ awsEndpointUrl: 'http://127.0.0.1:9' });
  request = shellManagementRequest(rancher.url);
});
afterEach(() => rancher.close());

it('answers a SelfUser create with the caller\'s user ID, which names the management user', async() => {
  const selfUser = await request({
    url: '/v1/ext.cattle.io.selfuser', method: 'post', data: {}
  });

  expect(selfUser).toMatchObject({
    _status: 201, type: 'ext.cattle.io.selfuser', apiVersion: 'ext.cattle.io/v1', kind: 'SelfUser', status: { userID: 'user-admin' }
  });
  const user = await request({ url: `/v1/management.cattle.io.users/${ selfUser.status.userID }` });

  expect(user).toMatchObject({
    id: 'user-admin', username: 'admin', principalIds: ['local://user-admin']
  });
});

it('serves a create-only schema and stores nothing', async() => {
  const schema = await request({ url: '/v1/schemas/ext.cattle.io.selfuser' });

  expect(schema).toMatchObject({ collectionMethods: ['POST'], resourceMethods: [] });
  await request({
    url: '/v1/ext.cattle.io.selfuser', method: 'post', data: {}
  });
  await expect(request({ url: '/v1/ext.cattle.io.selfuser' })).rejects.toMatchObject({ _status: 405, code: 'MethodNotAllowed' });
});
