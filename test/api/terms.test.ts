// Terms documents through the AWS SDK: members, Cognito's errors, pagination.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateTermsCommand, DeleteTermsCommand, DeleteUserPoolClientCommand, DescribeTermsByClientCommand, DescribeTermsCommand,
  ListTermsCommand, UpdateTermsCommand, type CreateTermsCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';

const links = { 'cognito:default': 'https://example.com/terms', 'cognito:french': 'https://example.com/fr/terms' };

describe('terms documents', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  const create = (input: Partial<CreateTermsCommandInput> & { UserPoolId: string; ClientId: string }) =>
    t.cognito.send(new CreateTermsCommand({ TermsName: 'terms-of-use', TermsSource: 'LINK', Enforcement: 'NONE', Links: links, ...input }));

  it('creates terms for an app client and describes them by id and by client', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient();
    const { Terms: created } = await create({ UserPoolId: poolId, ClientId: clientId });
    expect(created).toMatchObject({
      UserPoolId: poolId, ClientId: clientId, TermsName: 'terms-of-use', TermsSource: 'LINK', Enforcement: 'NONE', Links: links,
    });
    expect(created!.TermsId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(created!.CreationDate).toBeInstanceOf(Date);
    expect(created!.LastModifiedDate).toEqual(created!.CreationDate);

    const byId = await t.cognito.send(new DescribeTermsCommand({ UserPoolId: poolId, TermsId: created!.TermsId }));
    expect(byId.Terms).toEqual(created);
    const byClient = await t.cognito.send(new DescribeTermsByClientCommand({ UserPoolId: poolId, ClientId: clientId, TermsName: 'terms-of-use' }));
    expect(byClient.Terms).toEqual(created);
    await expect(t.cognito.send(new DescribeTermsByClientCommand({ UserPoolId: poolId, ClientId: clientId, TermsName: 'privacy-policy' })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('refuses a second document of the same name for a client with TermsExistsException, but not for another client', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient();
    await create({ UserPoolId: poolId, ClientId: clientId });
    await expect(create({ UserPoolId: poolId, ClientId: clientId })).rejects.toMatchObject({ name: 'TermsExistsException', $metadata: { httpStatusCode: 400 } });
    await create({ UserPoolId: poolId, ClientId: clientId, TermsName: 'privacy-policy' });
    const other = await t.fixtures.client(poolId);
    await create({ UserPoolId: poolId, ClientId: other.clientId });
  });

  it('accepts only Cognito\'s names, source, enforcement and link languages, and http(s) links', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient();
    const base = { UserPoolId: poolId, ClientId: clientId };
    await expect(create({ ...base, TermsName: 'cookie-policy' })).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(create({ ...base, TermsSource: 'FILE' as 'LINK' })).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(create({ ...base, Enforcement: 'REQUIRED' as 'NONE' })).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(create({ ...base, Links: { 'cognito:klingon': 'https://example.com' } })).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(create({ ...base, Links: { 'cognito:default': 'javascript:alert(1)' } })).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(create({ ...base, Links: { 'cognito:default': `https://example.com/${'a'.repeat(1024)}` } })).rejects.toMatchObject({ name: 'InvalidParameterException' });
    // Nothing was written by the refused requests.
    expect((await t.cognito.send(new ListTermsCommand({ UserPoolId: poolId }))).Terms).toEqual([]);
  });

  it('answers ResourceNotFoundException for an unknown pool, client or terms id', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient();
    await expect(create({ UserPoolId: 'us-east-1_Nope0000', ClientId: clientId })).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(create({ UserPoolId: poolId, ClientId: 'nosuchclient0000' })).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    const unknown = '1b2c3d4e-5f60-4a1b-8c2d-3e4f5a6b7c8d';
    await expect(t.cognito.send(new DescribeTermsCommand({ UserPoolId: poolId, TermsId: unknown }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(t.cognito.send(new DeleteTermsCommand({ UserPoolId: poolId, TermsId: unknown }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(t.cognito.send(new DescribeTermsCommand({ UserPoolId: poolId, TermsId: 'not-a-uuid' }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    // Terms of one pool are not found through another.
    const { Terms } = await create({ UserPoolId: poolId, ClientId: clientId });
    const other = await t.fixtures.pool();
    await expect(t.cognito.send(new DescribeTermsCommand({ UserPoolId: other, TermsId: Terms!.TermsId }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('updates the members it is given and keeps the others; a rename onto a taken name is TermsExistsException', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient();
    const { Terms: terms } = await create({ UserPoolId: poolId, ClientId: clientId });
    await create({ UserPoolId: poolId, ClientId: clientId, TermsName: 'privacy-policy' });
    t.clock.advance(5000);
    const newLinks = { 'cognito:default': 'https://example.com/v2/terms' };
    const { Terms: updated } = await t.cognito.send(new UpdateTermsCommand({ UserPoolId: poolId, TermsId: terms!.TermsId, Links: newLinks }));
    expect(updated).toMatchObject({ TermsId: terms!.TermsId, TermsName: 'terms-of-use', Links: newLinks, CreationDate: terms!.CreationDate });
    expect(updated!.LastModifiedDate!.getTime()).toBeGreaterThan(terms!.LastModifiedDate!.getTime());
    await expect(t.cognito.send(new UpdateTermsCommand({ UserPoolId: poolId, TermsId: terms!.TermsId, TermsName: 'privacy-policy' })))
      .rejects.toMatchObject({ name: 'TermsExistsException' });
    expect((await t.cognito.send(new DescribeTermsCommand({ UserPoolId: poolId, TermsId: terms!.TermsId }))).Terms).toEqual(updated);
  });

  it('lists the pool\'s terms a page at a time, and deletes them', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient();
    const second = await t.fixtures.client(poolId);
    const ids = new Set<string>();
    for (const client of [clientId, second.clientId]) {
      for (const name of ['terms-of-use', 'privacy-policy']) ids.add((await create({ UserPoolId: poolId, ClientId: client, TermsName: name })).Terms!.TermsId!);
    }
    const seen: string[] = [];
    let token: string | undefined;
    for (let i = 0; i < 5; i++) {
      const page = await t.cognito.send(new ListTermsCommand({ UserPoolId: poolId, MaxResults: 3, NextToken: token }));
      for (const item of page.Terms!) {
        expect(Object.keys(item).sort()).toEqual(['CreationDate', 'Enforcement', 'LastModifiedDate', 'TermsId', 'TermsName']);
        seen.push(item.TermsId!);
      }
      token = page.NextToken;
      if (!token) break;
    }
    expect(new Set(seen)).toEqual(ids);
    expect(seen).toHaveLength(4);
    await expect(t.cognito.send(new ListTermsCommand({ UserPoolId: poolId, NextToken: 'bogus' }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(t.cognito.send(new ListTermsCommand({ UserPoolId: poolId, MaxResults: 0 }))).rejects.toMatchObject({ name: 'InvalidParameterException' });

    await t.cognito.send(new DeleteTermsCommand({ UserPoolId: poolId, TermsId: [...ids][0] }));
    expect((await t.cognito.send(new ListTermsCommand({ UserPoolId: poolId }))).Terms).toHaveLength(3);
    // Deleting an app client deletes its terms.
    await t.cognito.send(new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: second.clientId }));
    const left = (await t.cognito.send(new ListTermsCommand({ UserPoolId: poolId }))).Terms!;
    expect(left.length).toBeLessThanOrEqual(2);
    for (const item of left) {
      expect((await t.cognito.send(new DescribeTermsCommand({ UserPoolId: poolId, TermsId: item.TermsId }))).Terms!.ClientId).toBe(clientId);
    }
  });
});
