// Request bodies for any registered operation, derived from its input schema: valid values for the
// required members (known values by member name, else a value the schema accepts) and the optional
// members either sent as null or left out. The null-member sweep and the username sweep use them.
import { Kind, OptionalKind } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';

const TARGET = 'AWSCognitoIdentityProviderService.';
export const PASSWORD = 'Sweep-Passw0rd!';

export interface World { poolId: string; clientId: string; arn: string }

/** A pool with a client and a group. */
export async function world(cognito: CognitoIdentityProviderClient): Promise<World> {
  const pool = (await cognito.send(new CreateUserPoolCommand({ PoolName: 'sweep' }))).UserPool!;
  const client = (await cognito.send(new CreateUserPoolClientCommand({
    UserPoolId: pool.Id!, ClientName: 'sweep', ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  }))).UserPoolClient!;
  await cognito.send(new CreateGroupCommand({ UserPoolId: pool.Id!, GroupName: 'sweep-group' }));
  return { poolId: pool.Id!, clientId: client.ClientId!, arn: pool.Arn! };
}

/** A fresh confirmed, signed-in user of the world, and the values the sweep gives members of these names. */
export async function knownValues(cognito: CognitoIdentityProviderClient, w: World, username: string): Promise<Record<string, string>> {
  await cognito.send(new AdminCreateUserCommand({ UserPoolId: w.poolId, Username: username, MessageAction: 'SUPPRESS' }));
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: w.poolId, Username: username, Password: PASSWORD, Permanent: true }));
  const auth = await cognito.send(new AdminInitiateAuthCommand({
    UserPoolId: w.poolId, ClientId: w.clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD },
  }));
  const tokens = auth.AuthenticationResult!;
  return {
    UserPoolId: w.poolId, ClientId: w.clientId, Username: username, GroupName: 'sweep-group', ResourceArn: w.arn,
    AccessToken: tokens.AccessToken!, Token: tokens.RefreshToken!, Password: PASSWORD, PreviousPassword: PASSWORD, ProposedPassword: PASSWORD,
    RefreshToken: tokens.RefreshToken!, SessionId: `tkn${'0'.repeat(25)}`,
  };
}

const STRING_CANDIDATES = ['a', 'abc', 'sweep1', '123456', 'a@example.com', 'https://example.com', 'us-east-1_00000000-0000-0000-0000-000000000000', 'arn:aws:iam::123456789012:role/sweep', '00000000-0000-4000-8000-000000000000', 'import-sweep1'];

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
export function sample(schema: any, known: Record<string, string>, deep: boolean, name?: string): { nulls: unknown; absent: unknown } {
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

export async function call(url: string, operation: string, body: unknown): Promise<{ status: number; type?: string; message?: string }> {
  const response = await fetch(`${url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': TARGET + operation },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as { __type?: string; message?: string };
  return { status: response.status, type: answer.__type, message: answer.message };
}

