import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddCustomAttributesCommand,
  CreateUserPoolCommand,
  DeleteUserPoolCommand,
  DescribeUserPoolCommand,
  ListUserPoolsCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('user pool operations', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it("fills in Cognito's defaults for a pool created with only a name", async () => {
    const { UserPool } = await t.cognito.send(new CreateUserPoolCommand({ PoolName: 'defaults' }));
    expect(UserPool).toMatchObject({
      Name: 'defaults',
      Arn: `arn:aws:cognito-idp:us-east-1:000000000000:userpool/${UserPool!.Id}`,
      MfaConfiguration: 'OFF',
      DeletionProtection: 'INACTIVE',
      EstimatedNumberOfUsers: 0,
      Policies: { PasswordPolicy: { MinimumLength: 8, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: true, TemporaryPasswordValidityDays: 7 } },
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
      VerificationMessageTemplate: { DefaultEmailOption: 'CONFIRM_WITH_CODE' },
    });
    const names = UserPool!.SchemaAttributes!.map((a) => a.Name);
    expect(names).toEqual(expect.arrayContaining(['sub', 'email', 'email_verified', 'phone_number', 'phone_number_verified', 'updated_at']));
    expect(UserPool!.SchemaAttributes!.find((a) => a.Name === 'sub')).toMatchObject({ Required: true, Mutable: false });
  });

  it('keeps required standard attributes, custom attributes with their prefix, and sign-in settings', async () => {
    const { UserPool } = await t.cognito.send(new CreateUserPoolCommand({
      PoolName: 'shaped',
      UsernameAttributes: ['email'],
      UsernameConfiguration: { CaseSensitive: false },
      Schema: [
        { Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true },
        { Name: 'tier', AttributeDataType: 'String', Mutable: true, StringAttributeConstraints: { MaxLength: '16' } },
      ],
      Policies: { PasswordPolicy: { MinimumLength: 12, RequireSymbols: false } },
    }));
    expect(UserPool!.UsernameAttributes).toEqual(['email']);
    expect(UserPool!.UsernameConfiguration).toEqual({ CaseSensitive: false });
    expect(UserPool!.SchemaAttributes!.find((a) => a.Name === 'custom:tier')).toMatchObject({
      AttributeDataType: 'String', Mutable: true, Required: false, StringAttributeConstraints: { MaxLength: '16' },
    });
    expect(UserPool!.Policies!.PasswordPolicy).toMatchObject({ MinimumLength: 12, RequireSymbols: false, RequireUppercase: true });
  });

  it('refuses UsernameAttributes together with AliasAttributes, and a required custom attribute', async () => {
    await expect(t.cognito.send(new CreateUserPoolCommand({ PoolName: 'both', UsernameAttributes: ['email'], AliasAttributes: ['phone_number'] })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(t.cognito.send(new CreateUserPoolCommand({ PoolName: 'req', Schema: [{ Name: 'x', AttributeDataType: 'String', Required: true }] })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('replaces the mutable settings on UpdateUserPool and keeps what cannot change', async () => {
    const poolId = await t.fixtures.pool({ UsernameAttributes: ['email'], MfaConfiguration: 'OFF', AutoVerifiedAttributes: ['email'] });
    await t.cognito.send(new UpdateUserPoolCommand({ UserPoolId: poolId, Policies: { PasswordPolicy: { MinimumLength: 10 } } }));
    const { UserPool } = await t.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(UserPool!.Policies!.PasswordPolicy!.MinimumLength).toBe(10);
    // Cognito: members omitted from UpdateUserPool return to their defaults…
    expect(UserPool!.AutoVerifiedAttributes).toBeUndefined();
    // …but sign-in attributes are fixed at creation.
    expect(UserPool!.UsernameAttributes).toEqual(['email']);
    expect(UserPool!.LastModifiedDate!.getTime()).toBeGreaterThanOrEqual(UserPool!.CreationDate!.getTime());
  });

  it('refuses to delete a pool under deletion protection, then deletes it once protection is off', async () => {
    const poolId = await t.fixtures.pool({ DeletionProtection: 'ACTIVE' });
    await expect(t.cognito.send(new DeleteUserPoolCommand({ UserPoolId: poolId }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await t.cognito.send(new UpdateUserPoolCommand({ UserPoolId: poolId, DeletionProtection: 'INACTIVE' }));
    await t.cognito.send(new DeleteUserPoolCommand({ UserPoolId: poolId }));
    await expect(t.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException', message: `User pool ${poolId} does not exist.` });
  });

  it('pages through ListUserPools without repeating or skipping a pool', async () => {
    const created = new Set<string>();
    for (let i = 0; i < 5; i++) created.add(await t.fixtures.pool({ PoolName: `page-${i}` }));
    const seen: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const out = await t.cognito.send(new ListUserPoolsCommand({ MaxResults: 2, NextToken }));
      expect(out.UserPools!.length).toBeLessThanOrEqual(2);
      seen.push(...out.UserPools!.map((p) => p.Id!));
      NextToken = out.NextToken;
      pages++;
    } while (NextToken && pages < 50);
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of created) expect(seen).toContain(id);
    await expect(t.cognito.send(new ListUserPoolsCommand({ MaxResults: 2, NextToken: 'not-a-token' })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('adds custom attributes once and refuses a duplicate name', async () => {
    const poolId = await t.fixtures.pool();
    await t.cognito.send(new AddCustomAttributesCommand({ UserPoolId: poolId, CustomAttributes: [{ Name: 'plan', AttributeDataType: 'String' }] }));
    const { UserPool } = await t.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(UserPool!.SchemaAttributes!.map((a) => a.Name)).toContain('custom:plan');
    await expect(t.cognito.send(new AddCustomAttributesCommand({ UserPoolId: poolId, CustomAttributes: [{ Name: 'plan', AttributeDataType: 'String' }] })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('answers a malformed pool id with InvalidParameterException and an unknown one with ResourceNotFoundException', async () => {
    await expect(t.cognito.send(new DescribeUserPoolCommand({ UserPoolId: 'not a pool' }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(t.cognito.send(new DescribeUserPoolCommand({ UserPoolId: 'us-east-1_Nope12345' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
