// AWS JSON protocol: a member sent as null is the same as a member left out, at any depth. Driven
// by amazon-cognito-identity-js's documented sign-up call and by a sweep over every operation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { CognitoUserAttribute, CognitoUserPool, type ISignUpResult } from 'amazon-cognito-identity-js';
import { operations } from '../../src/api/registry.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { call, knownValues, sample, world } from '../helpers/operation-samples.js';

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

  // Operations that change or remove what the other operations use get a world of their own.
  const WORLD_CHANGING = new Set(['DeleteUserPool', 'DeleteUserPoolClient', 'DeleteGroup', 'DeleteUserPoolDomain', 'DeleteResourceServer', 'UpdateUserPool', 'UpdateUserPoolClient', 'SetUserPoolMfaConfig']);

  it('answers every operation with its optional members sent as null as with them left out', async () => {
    const names = [...operations.keys()].sort();
    expect(names.length).toBeGreaterThan(80);
    const shared = await world(t.cognito);
    const differences: string[] = [];
    let users = 0;
    const sharedKnown = await knownValues(t.cognito, shared, 'sweep-shared');
    // A fresh user only for operations that act on one (a sign-in per user is most of the sweep's time).
    const actsOnUser = (input: any) => ['Username', 'AccessToken', 'Token', 'Session'].some((member) => member in (input.properties ?? {}));
    for (const name of names) {
      const input = operations.get(name)!.input as TSchema;
      for (const deep of [false, true]) {
        const w = WORLD_CHANGING.has(name) ? await world(t.cognito) : shared;
        const known = w === shared && !actsOnUser(input) ? sharedKnown : await knownValues(t.cognito, w, `sweep-${++users}`);
        const bodies = sample(input, known, deep);
        const where = `${name} (${deep ? 'nested' : 'top level'})`;
        // The sweep proves something only where the body without nulls is valid.
        if (!deep) expect(Value.Check(input, bodies.absent), `${where}: the sample body is not valid`).toBe(true);
        const nulls = await call(t.url, name, bodies.nulls);
        expect(nulls.status, `${where}: ${nulls.message}`).toBeLessThan(500);
        // A refusal must be the one the same body without the null members gets (nothing changed in between).
        if (nulls.status !== 200) {
          const absent = await call(t.url, name, bodies.absent);
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
