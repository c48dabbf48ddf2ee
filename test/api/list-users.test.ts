import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminSetUserPasswordCommand,
  ListUsersCommand,
  type AttributeType,
  type ListUsersCommandInput,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';

const attr = (user: UserType, name: string) => user.Attributes?.find((a) => a.Name === name)?.Value;

describe('ListUsers', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  async function createUser(poolId: string, username: string, attributes: AttributeType[] = []) {
    await t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, UserAttributes: attributes, MessageAction: 'SUPPRESS', TemporaryPassword: 'Temp0rary!' }));
  }

  const list = (input: ListUsersCommandInput) => t.cognito.send(new ListUsersCommand(input));
  const names = async (poolId: string, Filter?: string) => ((await list({ UserPoolId: poolId, Filter })).Users ?? []).map((u) => u.Username).sort();

  /** Every page of a listing, following PaginationToken (bounded). */
  async function allPages(input: ListUsersCommandInput): Promise<{ pages: UserType[][] }> {
    const pages: UserType[][] = [];
    let token: string | undefined;
    for (let i = 0; i < 50; i++) {
      const out = await list({ ...input, PaginationToken: token });
      pages.push(out.Users ?? []);
      token = out.PaginationToken;
      if (!token) return { pages };
    }
    throw new Error('pagination did not end');
  }

  describe('in a case-sensitive pool', () => {
    let poolId: string;
    beforeAll(async () => {
      poolId = await t.fixtures.pool();
      await createUser(poolId, 'ana', [{ Name: 'email', Value: 'ana@example.com' }, { Name: 'given_name', Value: 'Ana' }]);
      await createUser(poolId, 'anabel', [{ Name: 'email', Value: 'anabel@example.org' }, { Name: 'given_name', Value: 'Ana "Bel"' }]);
      await createUser(poolId, 'bob', [{ Name: 'email', Value: 'bob@example.com' }, { Name: 'phone_number', Value: '+15555550100' }]);
      await createUser(poolId, 'carl', [{ Name: 'family_name', Value: 'Smith' }]);
      await createUser(poolId, 'Dora');
      await t.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'bob', Password: 'Passw0rd!', Permanent: true }));
      await t.cognito.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'carl' }));
    });

    it('lists every user as a UserType when there is no filter', async () => {
      const { Users, PaginationToken } = await list({ UserPoolId: poolId });
      expect(PaginationToken).toBeUndefined();
      expect(Users?.map((u) => u.Username).sort()).toEqual(['Dora', 'ana', 'anabel', 'bob', 'carl']);
      const ana = Users!.find((u) => u.Username === 'ana')!;
      expect(ana).toMatchObject({ Enabled: true, UserStatus: 'FORCE_CHANGE_PASSWORD' });
      expect(ana.UserCreateDate).toBeInstanceOf(Date);
      expect(attr(ana, 'email')).toBe('ana@example.com');
      expect(attr(ana, 'sub')).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('filters with = and ^= on username, email, phone_number, given_name, family_name and sub', async () => {
      expect(await names(poolId, 'username = "ana"')).toEqual(['ana']);
      expect(await names(poolId, 'username ^= "ana"')).toEqual(['ana', 'anabel']);
      expect(await names(poolId, 'email ^= "ana"')).toEqual(['ana', 'anabel']);
      expect(await names(poolId, 'email = "bob@example.com"')).toEqual(['bob']);
      expect(await names(poolId, 'phone_number ^= "+1555"')).toEqual(['bob']);
      expect(await names(poolId, 'given_name = "Ana \\"Bel\\""')).toEqual(['anabel']);
      expect(await names(poolId, 'family_name="Smith"')).toEqual(['carl']);
      const ana = (await list({ UserPoolId: poolId, Filter: 'username = "ana"' })).Users![0];
      expect(await names(poolId, `sub = "${attr(ana, 'sub')}"`)).toEqual(['ana']);
      expect(await names(poolId, 'email = "nobody@example.com"')).toEqual([]);
    });

    it('matches usernames and emails case-sensitively', async () => {
      expect(await names(poolId, 'username = "ANA"')).toEqual([]);
      expect(await names(poolId, 'username = "Dora"')).toEqual(['Dora']);
      expect(await names(poolId, 'email = "ANA@example.com"')).toEqual([]);
    });

    it('filters on cognito:user_status and on the enabled status', async () => {
      expect(await names(poolId, 'cognito:user_status = "CONFIRMED"')).toEqual(['bob']);
      expect(await names(poolId, 'cognito:user_status = "FORCE_CHANGE_PASSWORD"')).toEqual(['Dora', 'ana', 'anabel', 'carl']);
      expect(await names(poolId, 'status = "Disabled"')).toEqual(['carl']);
      expect(await names(poolId, 'status = "enabled"')).toEqual(['Dora', 'ana', 'anabel', 'bob']);
    });

    it('returns only AttributesToGet', async () => {
      const { Users } = await list({ UserPoolId: poolId, Filter: 'username = "ana"', AttributesToGet: ['email'] });
      expect(Users?.[0].Attributes).toEqual([{ Name: 'email', Value: 'ana@example.com' }]);
      await expect(list({ UserPoolId: poolId, AttributesToGet: ['custom:nope'] })).rejects.toMatchObject({ name: 'InvalidParameterException' });
    });

    it('refuses malformed filters and attributes that are not searchable with InvalidParameterException', async () => {
      for (const Filter of ['username = ana', 'username = "ana', 'username = "a" and email = "b"', 'address = "x"', 'custom:team = "red"', 'status = "maybe"']) {
        await expect(list({ UserPoolId: poolId, Filter })).rejects.toMatchObject({ name: 'InvalidParameterException' });
      }
    });

    it('refuses a Limit above 60 and an unknown pool', async () => {
      await expect(list({ UserPoolId: poolId, Limit: 61 })).rejects.toMatchObject({ name: 'InvalidParameterException' });
      await expect(list({ UserPoolId: 'us-east-1_nope00000' })).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    });
  });

  describe('in a case-insensitive pool', () => {
    let poolId: string;
    beforeAll(async () => {
      poolId = await t.fixtures.pool({ UsernameConfiguration: { CaseSensitive: false } });
      await createUser(poolId, 'Eve', [{ Name: 'email', Value: 'Eve@Example.com' }]);
      await createUser(poolId, 'frank', [{ Name: 'email', Value: 'frank@example.com' }]);
    });

    it('matches usernames and emails whatever their case, and returns them as stored', async () => {
      expect(await names(poolId, 'username = "eve"')).toEqual(['Eve']);
      expect(await names(poolId, 'username ^= "EV"')).toEqual(['Eve']);
      expect(await names(poolId, 'email = "eve@example.COM"')).toEqual(['Eve']);
      expect(await names(poolId, 'email ^= "FRANK@"')).toEqual(['frank']);
      const [eve] = (await list({ UserPoolId: poolId, Filter: 'username = "EVE"' })).Users!;
      expect(attr(eve, 'email')).toBe('Eve@Example.com');
    });
  });

  describe('pagination', () => {
    let poolId: string;
    const usernames = Array.from({ length: 11 }, (_, i) => `user${String(i).padStart(2, '0')}`);
    beforeAll(async () => {
      poolId = await t.fixtures.pool();
      for (const username of usernames) await createUser(poolId, username, [{ Name: 'email', Value: `${username}@page.example` }]);
      await createUser(poolId, 'zed', [{ Name: 'email', Value: 'zed@other.example' }]);
    });

    it('walks every user once across pages of Limit', async () => {
      const { pages } = await allPages({ UserPoolId: poolId, Limit: 4 });
      expect(pages.map((p) => p.length)).toEqual([4, 4, 4]);
      const seen = pages.flat().map((u) => u.Username!);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.sort()).toEqual([...usernames, 'zed'].sort());
    });

    it('walks a prefix filter across pages with no duplicates and no gaps', async () => {
      const { pages } = await allPages({ UserPoolId: poolId, Limit: 3, Filter: 'email ^= "user"' });
      expect(pages.map((p) => p.length)).toEqual([3, 3, 3, 2]);
      const seen = pages.flat().map((u) => u.Username!);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.sort()).toEqual(usernames);
    });

    it('walks an exact-match filter that many users share across pages with no duplicates and no gaps', async () => {
      const { pages } = await allPages({ UserPoolId: poolId, Limit: 5, Filter: 'cognito:user_status = "FORCE_CHANGE_PASSWORD"' });
      expect(pages.map((p) => p.length)).toEqual([5, 5, 2]);
      const seen = pages.flat().map((u) => u.Username!);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.sort()).toEqual([...usernames, 'zed'].sort());
    });

    it('treats Limit 0 as the default page of 60', async () => {
      expect((await list({ UserPoolId: poolId, Limit: 0 })).Users).toHaveLength(12);
    });

    it('refuses a token used with another filter or pool, and a forged token', async () => {
      const first = await list({ UserPoolId: poolId, Limit: 2, Filter: 'email ^= "user"' });
      expect(first.PaginationToken).toBeTruthy();
      await expect(list({ UserPoolId: poolId, Limit: 2, Filter: 'email ^= "use"', PaginationToken: first.PaginationToken }))
        .rejects.toMatchObject({ name: 'InvalidParameterException' });
      const otherPool = await t.fixtures.pool();
      await expect(list({ UserPoolId: otherPool, Limit: 2, Filter: 'email ^= "user"', PaginationToken: first.PaginationToken }))
        .rejects.toMatchObject({ name: 'InvalidParameterException' });
      await expect(list({ UserPoolId: poolId, PaginationToken: 'not-a-token' })).rejects.toMatchObject({ name: 'InvalidParameterException' });
    });
  });
});
