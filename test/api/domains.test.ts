import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateUserPoolDomainCommand,
  DeleteUserPoolDomainCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  UpdateUserPoolDomainCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { randomBytes } from 'node:crypto';
import { startTestServer, type TestServer } from '../helpers/server.js';

const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
const OTHER_CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/66666666-7777-8888-9999-000000000000';
/** Domains are global to the server: each test uses its own. */
const unique = (base: string) => `${base}-${randomBytes(4).toString('hex')}`;

describe('user pool domains', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('creates a prefix domain, describes it and reports it from DescribeUserPool', async () => {
    const poolId = await t.fixtures.pool();
    const domain = unique('my-app');
    const created = await t.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: domain }));
    expect(created.ManagedLoginVersion).toBe(1);
    expect(created.CloudFrontDomain).toBeUndefined();

    const { DomainDescription } = await t.cognito.send(new DescribeUserPoolDomainCommand({ Domain: domain }));
    expect(DomainDescription).toMatchObject({
      UserPoolId: poolId, AWSAccountId: '000000000000', Domain: domain, Status: 'ACTIVE', ManagedLoginVersion: 1,
      CloudFrontDistribution: '127.0.0.1',
    });
    expect(DomainDescription?.Version).toMatch(/^\d{14}$/);
    expect(DomainDescription).not.toHaveProperty('CustomDomainConfig');

    const { UserPool } = await t.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(UserPool?.Domain).toBe(domain);
    expect(UserPool?.CustomDomain).toBeUndefined();
  });

  it('creates a custom domain with its certificate and ManagedLoginVersion', async () => {
    const poolId = await t.fixtures.pool();
    const domain = `${unique('auth')}.example.com`;
    const created = await t.cognito.send(new CreateUserPoolDomainCommand({
      UserPoolId: poolId, Domain: domain, CustomDomainConfig: { CertificateArn: CERT }, ManagedLoginVersion: 2,
    }));
    expect(created).toMatchObject({ ManagedLoginVersion: 2, CloudFrontDomain: '127.0.0.1' });
    const { DomainDescription } = await t.cognito.send(new DescribeUserPoolDomainCommand({ Domain: domain }));
    expect(DomainDescription).toMatchObject({ Domain: domain, UserPoolId: poolId, CustomDomainConfig: { CertificateArn: CERT }, ManagedLoginVersion: 2, Status: 'ACTIVE' });
    const { UserPool } = await t.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(UserPool?.CustomDomain).toBe(domain);
  });

  it('describes an unknown domain as an empty DomainDescription', async () => {
    const out = await t.cognito.send(new DescribeUserPoolDomainCommand({ Domain: unique('nobody') }));
    expect(out.DomainDescription).toEqual({});
  });

  it('rejects prefixes that are not lowercase letters, digits and inner hyphens', async () => {
    const poolId = await t.fixtures.pool();
    for (const domain of ['My-App', '-leading', 'trailing-', 'under_score', 'a'.repeat(64), 'dots.not.allowed']) {
      await expect(t.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: domain })))
        .rejects.toMatchObject({ name: 'InvalidParameterException' });
    }
    const ok = `a${randomBytes(3).toString('hex')}`.padEnd(63, '0');
    await t.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: ok }));
  });

  it('rejects prefixes containing the reserved words aws, amazon and cognito', async () => {
    const poolId = await t.fixtures.pool();
    for (const word of ['aws', 'amazon', 'cognito']) {
      await expect(t.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: `my${word}app` })))
        .rejects.toMatchObject({ name: 'InvalidParameterException', message: `Domain cannot contain reserved word: ${word}` });
    }
  });

  it('keeps domains globally unique across pools', async () => {
    const first = await t.fixtures.pool();
    const second = await t.fixtures.pool();
    const domain = unique('shared');
    await t.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: first, Domain: domain }));
    await expect(t.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: second, Domain: domain })))
      .rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Domain already associated with another user pool.' });
  });

  it('allows one prefix domain per pool', async () => {
    const poolId = await t.fixtures.pool();
    await t.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: unique('one') }));
    await expect(t.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: unique('two') })))
      .rejects.toMatchObject({ name: 'InvalidParameterException', message: 'User pool already has a domain configured.' });
    // A custom domain is a separate slot.
    await t.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: `${unique('login')}.example.org`, CustomDomainConfig: { CertificateArn: CERT } }));
  });

  it('rejects a custom domain that is not a host name or has a malformed certificate ARN', async () => {
    const poolId = await t.fixtures.pool();
    await expect(t.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'nodots', CustomDomainConfig: { CertificateArn: CERT } })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(t.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'auth.example.net', CustomDomainConfig: { CertificateArn: 'certificate' } })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('answers ResourceNotFoundException when the pool does not exist', async () => {
    await expect(t.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: 'us-east-1_missing1', Domain: unique('orphan') })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('updates the ManagedLoginVersion and the certificate of a custom domain', async () => {
    const poolId = await t.fixtures.pool();
    const domain = `${unique('id')}.example.com`;
    await t.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: domain, CustomDomainConfig: { CertificateArn: CERT } }));
    const updated = await t.cognito.send(new UpdateUserPoolDomainCommand({
      UserPoolId: poolId, Domain: domain, ManagedLoginVersion: 2, CustomDomainConfig: { CertificateArn: OTHER_CERT },
    }));
    expect(updated).toMatchObject({ ManagedLoginVersion: 2, CloudFrontDomain: '127.0.0.1' });
    const { DomainDescription } = await t.cognito.send(new DescribeUserPoolDomainCommand({ Domain: domain }));
    expect(DomainDescription).toMatchObject({ ManagedLoginVersion: 2, CustomDomainConfig: { CertificateArn: OTHER_CERT } });
  });

  it('updates a prefix domain ManagedLoginVersion but refuses a certificate for it', async () => {
    const poolId = await t.fixtures.pool();
    const domain = unique('prefix');
    await t.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: domain }));
    const updated = await t.cognito.send(new UpdateUserPoolDomainCommand({ UserPoolId: poolId, Domain: domain, ManagedLoginVersion: 2 }));
    expect(updated.ManagedLoginVersion).toBe(2);
    await expect(t.cognito.send(new UpdateUserPoolDomainCommand({ UserPoolId: poolId, Domain: domain, CustomDomainConfig: { CertificateArn: CERT } })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('deletes a domain only through the pool that owns it', async () => {
    const owner = await t.fixtures.pool();
    const stranger = await t.fixtures.pool();
    const domain = unique('owned');
    await t.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: owner, Domain: domain }));
    const mismatch = { name: 'InvalidParameterException', message: 'No such domain or user pool exists.' };
    await expect(t.cognito.send(new DeleteUserPoolDomainCommand({ UserPoolId: stranger, Domain: domain }))).rejects.toMatchObject(mismatch);
    await expect(t.cognito.send(new UpdateUserPoolDomainCommand({ UserPoolId: stranger, Domain: domain, ManagedLoginVersion: 2 }))).rejects.toMatchObject(mismatch);
    await t.cognito.send(new DeleteUserPoolDomainCommand({ UserPoolId: owner, Domain: domain }));
    expect((await t.cognito.send(new DescribeUserPoolDomainCommand({ Domain: domain }))).DomainDescription).toEqual({});
    const { UserPool } = await t.cognito.send(new DescribeUserPoolCommand({ UserPoolId: owner }));
    expect(UserPool?.Domain).toBeUndefined();
    await expect(t.cognito.send(new DeleteUserPoolDomainCommand({ UserPoolId: owner, Domain: domain }))).rejects.toMatchObject(mismatch);
    // The name is free again.
    await t.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: stranger, Domain: domain }));
  });
});
