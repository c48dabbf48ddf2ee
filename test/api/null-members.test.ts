// AWS JSON protocol: a member sent as null is the same as a member left out, at any depth. Driven
// by amazon-cognito-identity-js's documented sign-up call and by a sweep over every operation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kind, OptionalKind, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { CognitoUserAttribute, CognitoUserPool, type ISignUpResult } from 'amazon-cognito-identity-js';
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { operations } from '../../src/api/registry.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const TARGET = 'AWSCognitoIdentityProviderService.';
const PASSWORD = 'Sweep-Passw0rd!';

describe('null members', () => {
  let t: TestServer;

  beforeAll(async () => {
    // Unsigned admin calls: the sweep sends raw JSON (the SDK would leave nulls out itself).
    t = await startTestServer({ config: { admin: { requireSignature: false } } });
  });
  afterAll(() => t.close());

  it("lets amazon-cognito-identity-js's signUp(username, password, attributes, null, callback) sign up", async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient();
    const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: t.url });
    const attributes = [new CognitoUserAttribute({ Name: 'email', Value: 'ana@example.com' })];
    const result = await new Promise<ISignUpResult>((resolve, reject) => {
      pool.signUp('ana', 'Passw0rd!', attributes, null as any, (error, value) => (error ? reject(error) : resolve(value!)));
    });
    expect(result.userSub).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.userConfirmed).toBe(false);
  });

  interface World { poolId: string; clientId: string; arn: string }

  /** A pool with a client and a group. */
  async function world(cognito: CognitoIdentityProviderClient): Promise<World> {
    const pool = (await cognito.send(new CreateUserPoolCommand({ PoolName: 'sweep' }))).UserPool!;
    const client = (await cognito.send(new CreateUserPoolClientCommand({
      UserPoolId: pool.Id!, ClientName: 'sweep', ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }))).UserPoolClient!;
    await cognito.send(new CreateGroupCommand({ UserPoolId: pool.Id!, GroupName: 'sweep-group' }));
    return { poolId: pool.Id!, clientId: client.ClientId!, arn: pool.Arn! };
  }

  /** A fresh confirmed, signed-in user of the world, and the values the sweep gives members of these names. */
  async function knownValues(cognito: CognitoIdentityProviderClient, w: World, username: string): Promise<Record<string, string>> {
    await cognito.send(new AdminCreateUserCommand({ UserPoolId: w.poolId, Username: username, MessageAction: 'SUPPRESS' }));
    await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: w.poolId, Username: username, Password: PASSWORD, Permanent: true }));
    const auth = await cognito.send(new AdminInitiateAuthCommand({
      UserPoolId: w.poolId, ClientId: w.clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD },
    }));
    const tokens = auth.AuthenticationResult!;
    return {
      UserPoolId: w.poolId, ClientId: w.clientId, Username: username, GroupName: 'sweep-group', ResourceArn: w.arn,
      AccessToken: tokens.AccessToken!, Token: tokens.RefreshToken!, Password: PASSWORD, PreviousPassword: PASSWORD, ProposedPassword: PASSWORD,
    };
  }

  const STRING_CANDIDATES = ['a', 'abc', 'sweep1', '123456', 'a@example.com', 'https://example.com', 'us-east-1_00000000-0000-0000-0000-000000000000', 'arn:aws:iam::123456789012:role/sweep'];

  /** A valid value for a required string: a known value by member name, else the first candidate the schema accepts. */
  function sampleString(schema: any): string {
    const min = schema.minLength ?? 0;
    for (const candidate of STRING_CANDIDATES) {
      const value = candidate.length >= min ? candidate : candidate.padEnd(min, 'a');
      if (Value.Check(schema, value)) return value;
    }
    return 'a'.repeat(Math.max(min, 1));
  }

  /**
   * Two bodies that must be answered alike: `nulls` sends optional members as null (with `deep`,
   * optional structures, lists and maps are sent holding null members and items instead), `absent`
   * leaves the same members out.
   */
  function sample(schema: any, known: Record<string, string>, deep: boolean, name?: string): { nulls: unknown; absent: unknown } {
    switch (schema[Kind]) {
      case 'Object': {
        const nulls: Record<string, unknown> = {};
        const absent: Record<string, unknown> = {};
        for (const [key, member] of Object.entries<any>(schema.properties)) {
          const optional = member[OptionalKind] === 'Optional';
          const nested = ['Object', 'Array', 'Record'].includes(member[Kind]);
          if (optional && !(deep && nested)) {
            nulls[key] = null;
            continue;
          }
          const value = sample(member, known, deep, key);
          nulls[key] = value.nulls;
          absent[key] = value.absent;
        }
        return { nulls, absent };
      }
      case 'Array': {
        const item = sample(schema.items, known, deep);
        return { nulls: [null, item.nulls], absent: [item.absent] };
      }
      case 'Record': return { nulls: { key: null }, absent: {} };
      case 'Union': return sample(schema.anyOf[0], known, deep, name);
      case 'Literal': return { nulls: schema.const, absent: schema.const };
      case 'Integer': case 'Number': { const n = schema.minimum ?? 1; return { nulls: n, absent: n }; }
      case 'Boolean': return { nulls: false, absent: false };
      case 'String': case 'RegExp': {
        const value = (name && known[name]) ?? sampleString(schema);
        return { nulls: value, absent: value };
      }
      default: return { nulls: 'a', absent: 'a' };
    }
  }

  async function call(operation: string, body: unknown): Promise<{ status: number; type?: string; message?: string }> {
    const response = await fetch(`${t.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': TARGET + operation },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as { __type?: string; message?: string };
    return { status: response.status, type: answer.__type, message: answer.message };
  }

  // Operations that change or remove what the other operations use get a world of their own.
  const WORLD_CHANGING = new Set(['DeleteUserPool', 'DeleteUserPoolClient', 'DeleteGroup', 'DeleteUserPoolDomain', 'DeleteResourceServer', 'UpdateUserPool', 'UpdateUserPoolClient', 'SetUserPoolMfaConfig']);

  it('answers every operation with its optional members sent as null as with them left out', async () => {
    const names = [...operations.keys()].sort();
    expect(names.length).toBeGreaterThan(80);
    const shared = await world(t.cognito);
    const differences: string[] = [];
    let users = 0;
    for (const name of names) {
      const input = operations.get(name)!.input as TSchema;
      for (const deep of [false, true]) {
        const w = WORLD_CHANGING.has(name) ? await world(t.cognito) : shared;
        const bodies = sample(input, await knownValues(t.cognito, w, `sweep-${++users}`), deep);
        const where = `${name} (${deep ? 'nested' : 'top level'})`;
        // The sweep proves something only where the body without nulls is valid.
        if (!deep) expect(Value.Check(input, bodies.absent), `${where}: the sample body is not valid`).toBe(true);
        const nulls = await call(name, bodies.nulls);
        expect(nulls.status, `${where}: ${nulls.message}`).toBeLessThan(500);
        // A refusal must be the one the same body without the null members gets (nothing changed in between).
        if (nulls.status !== 200) {
          const absent = await call(name, bodies.absent);
          if (nulls.type !== absent.type || nulls.message !== absent.message) {
            differences.push(`${where}: null → ${nulls.type} ${nulls.message} | absent → ${absent.type ?? absent.status} ${absent.message ?? ''}`);
          }
        }
        // What the defect looked like: a null read as a value of the wrong type.
        expect(nulls.message ?? '', where).not.toMatch(/failed to satisfy constraint: Expected/);
      }
    }
    expect(differences).toEqual([]);
  }, 300_000);
});
