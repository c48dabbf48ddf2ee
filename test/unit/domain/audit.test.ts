// The audit log's rules: which operations are changes, and what of their input is recorded.
import { describe, expect, it } from 'vitest';
import { isAuditedOperation, summarize } from '../../../src/domain/audit.js';

describe('audit rules', () => {
  it('records admin changes but not reads, sign-ins or public operations', () => {
    for (const name of ['CreateUserPool', 'UpdateUserPoolClient', 'AdminCreateUser', 'AdminSetUserPassword', 'SetUserPoolMfaConfig', 'AdminAddUserToGroup', 'TagResource']) {
      expect(isAuditedOperation({ name, auth: 'admin' })).toBe(true);
    }
    for (const name of ['DescribeUserPool', 'ListUsers', 'GetGroup', 'AdminGetUser', 'AdminListGroupsForUser', 'AdminInitiateAuth', 'AdminRespondToAuthChallenge']) {
      expect(isAuditedOperation({ name, auth: 'admin' })).toBe(false);
    }
    expect(isAuditedOperation({ name: 'SignUp', auth: 'public' })).toBe(false);
  });

  it('never records a password, secret, code or token, and keeps harmless settings', () => {
    const summary = summarize({
      UserPoolId: 'us-east-1_abc', Username: 'alice', Password: 'Corr3ct-Horse!', TemporaryPassword: 'Temp-Passw0rd!',
      SecretHash: 'c2VjcmV0', ConfirmationCode: '123456', AccessToken: 'eyJ.x.y', ClientSecret: 'abc123',
      GenerateSecret: true, AccessTokenValidity: 60, ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH'],
      UserAttributes: [{ Name: 'email', Value: 'alice@example.com' }], ClientMetadata: { note: 'x' },
    });
    const text = JSON.stringify(summary);
    for (const secret of ['Corr3ct-Horse!', 'Temp-Passw0rd!', 'c2VjcmV0', '123456', 'eyJ.x.y', 'abc123', 'alice@example.com']) expect(text).not.toContain(secret);
    expect(summary).toMatchObject({
      Username: 'alice', Password: '(not recorded)', GenerateSecret: true, AccessTokenValidity: 60,
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH'], UserAttributes: ['email'], ClientMetadata: '…',
    });
    expect(summary).not.toHaveProperty('UserPoolId');
  });
});
