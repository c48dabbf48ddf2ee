// `gatehouse serve` as a process: the table of which triggers of which pools resolve where, the
// one-off GATEHOUSE_TRIGGERS table (modules and webhooks) and GATEHOUSE_LAMBDA_ENDPOINT.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { CognitoIdentityProviderClient, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BIN, startGatehouseProcess, type GatehouseProcess } from '../helpers/process.js';
import { LAMBDA_CREDENTIALS, WEBHOOK_SECRET, startTriggerRig, type TriggerRig } from '../helpers/triggers.js';

const run = promisify(execFile);
const fn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
const PASSWORD = 'Passw0rd!';
const UNRESOLVED = 'nothing: fails with UnexpectedLambdaException (not in triggers.functions, and no triggers.lambdaEndpoint)';

describe('gatehouse serve and its triggers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-serve-triggers-'));
  const started: GatehouseProcess[] = [];
  let webhook: TriggerRig;
  let lambda: TriggerRig;
  const configFile = join(dir, 'gatehouse.yaml');
  const moduleFile = join(dir, 'auto-confirm.mjs');

  beforeAll(async () => {
    webhook = await startTriggerRig('webhook', ['hook']);
    lambda = await startTriggerRig('lambda', ['confirm', 'hook', 'missing']);
    const autoConfirm = (event: any) => ({ ...event, response: { ...event.response, autoConfirmUser: true } });
    webhook.handle('hook', autoConfirm);
    lambda.handle('confirm', autoConfirm);
    lambda.handle('hook', autoConfirm);
    writeFileSync(moduleFile, 'export async function confirm(event) { event.response.autoConfirmUser = true; return event; }\n');
    writeFileSync(configFile, YAML.stringify({
      pools: [
        {
          Id: 'us-east-1_ModuleTrig', PoolName: 'by-module',
          LambdaConfig: { PreSignUp: fn('confirm'), CustomMessage: fn('missing') },
          Clients: [{ ClientName: 'app', ClientId: 'moduleapp' }],
        },
        { Id: 'us-east-1_HookTrig', PoolName: 'by-webhook', LambdaConfig: { PreSignUp: 'hook' }, Clients: [{ ClientName: 'app', ClientId: 'hookapp' }] },
        { Id: 'us-east-1_NoTrig', PoolName: 'plain' },
      ],
    }));
  });
  afterAll(async () => {
    await Promise.all(started.map((p) => p.stop('SIGKILL')));
    await webhook.close();
    await lambda.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const serve = async (name: string, env: Record<string, string>) => {
    const server = await startGatehouseProcess(['--config', configFile, '--data', join(dir, name)], env);
    started.push(server);
    return server;
  };
  const signUp = async (server: GatehouseProcess, clientId: string, username: string) => {
    const cognito = new CognitoIdentityProviderClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    try {
      return await cognito.send(new SignUpCommand({ ClientId: clientId, Username: username, Password: PASSWORD }));
    } finally {
      cognito.destroy();
    }
  };

  it('runs GATEHOUSE_TRIGGERS modules and webhooks, and prints where each trigger resolves, warning for one that resolves nowhere', { timeout: 180_000 }, async () => {
    const hookUrl = (webhook.config!.functions as Record<string, { url: string }>).hook.url;
    const server = await serve('table', {
      GATEHOUSE_TRIGGERS: `confirm=${moduleFile}#confirm, hook=${hookUrl}`,
      GATEHOUSE_TRIGGER_WEBHOOK_SECRET: WEBHOOK_SECRET,
    });
    const output = server.output();
    // Pools in id order, each trigger with where it runs.
    expect(output).toContain([
      '  Triggers:',
      '    us-east-1_HookTrig (by-webhook)',
      `      PreSignUp  hook → webhook ${hookUrl}`,
      '    us-east-1_ModuleTrig (by-module)',
      `      PreSignUp      ${fn('confirm')} → module ${moduleFile}#confirm`,
      `      CustomMessage  ${fn('missing')} → ${UNRESOLVED}`,
      '  Warning: 1 trigger resolves nowhere: name the function in triggers.functions (or GATEHOUSE_TRIGGERS), or set triggers.lambdaEndpoint (GATEHOUSE_LAMBDA_ENDPOINT).',
    ].join('\n'));
    expect(output).not.toContain('us-east-1_NoTrig (plain)');
    expect(output).not.toContain(WEBHOOK_SECRET);

    expect((await signUp(server, 'moduleapp', 'ana')).UserConfirmed).toBe(true);
    expect((await signUp(server, 'hookapp', 'bob')).UserConfirmed).toBe(true);
    expect(webhook.events('hook')).toHaveLength(1);
    expect(webhook.rejected).toEqual([]);
  });

  it('sends what GATEHOUSE_TRIGGERS does not name to the Lambda Invoke API at GATEHOUSE_LAMBDA_ENDPOINT', { timeout: 180_000 }, async () => {
    const endpoint = lambda.config!.lambdaEndpoint!;
    const server = await serve('lambda', {
      GATEHOUSE_LAMBDA_ENDPOINT: endpoint,
      GATEHOUSE_TRIGGERS: `confirm=${moduleFile}#confirm`,
      AWS_ACCESS_KEY_ID: LAMBDA_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LAMBDA_CREDENTIALS.secretAccessKey,
    });
    const output = server.output();
    expect(output).toContain(`      PreSignUp      ${fn('confirm')} → module ${moduleFile}#confirm`);
    expect(output).toContain(`      CustomMessage  ${fn('missing')} → lambda ${endpoint} ${fn('missing')}`);
    expect(output).toContain(`      PreSignUp  hook → lambda ${endpoint} hook`);
    expect(output).not.toContain('resolves nowhere');
    expect(output).not.toContain('Warning:');

    expect((await signUp(server, 'hookapp', 'carla')).UserConfirmed).toBe(true);
    expect(lambda.events('hook')).toEqual([expect.objectContaining({ triggerSource: 'PreSignUp_SignUp', userName: 'carla', userPoolId: 'us-east-1_HookTrig' })]);
    expect(lambda.events('confirm')).toEqual([]);
    expect(lambda.rejected).toEqual([]);
  });

  it('`gatehouse serve --help` documents GATEHOUSE_TRIGGERS and GATEHOUSE_LAMBDA_ENDPOINT', { timeout: 180_000 }, async () => {
    const { stdout } = await run(process.execPath, [BIN, 'serve', '--help'], { env: { PATH: process.env.PATH }, timeout: 90_000 });
    expect(stdout).toContain('GATEHOUSE_TRIGGERS="name=./handler.js#export,other=https://hooks.example/x"');
    expect(stdout).toContain('GATEHOUSE_LAMBDA_ENDPOINT=');
    expect(stdout).toContain('GATEHOUSE_TRIGGER_WEBHOOK_SECRET');
  });

  it('refuses to start on a malformed GATEHOUSE_TRIGGERS entry, naming it', { timeout: 180_000 }, async () => {
    await expect(serve('malformed', { GATEHOUSE_TRIGGERS: 'confirm' })).rejects.toThrow(/GATEHOUSE_TRIGGERS: "confirm" is not name=\.\/module\.js#export or name=https:\/\/url/);
  });
});
