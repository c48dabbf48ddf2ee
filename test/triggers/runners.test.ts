// The three ways a LambdaConfig ARN runs (a local module in a worker thread, a signed webhook, the
// Lambda Invoke API), each driven through SignUp's PreSignUp: the event arrives, the answer counts,
// and every way of failing becomes Cognito's error with nothing written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminGetUserCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { loadConfig } from '../../src/config/load.js';
import { RawAnswer, RUNNER_KINDS, startTriggerRig, type TriggerRig } from '../helpers/triggers.js';
import { errorWithStatusOf as errorOf } from '../helpers/errors.js';

const PASSWORD = 'Passw0rd!';


describe.each(RUNNER_KINDS)('a %s trigger', (kind) => {
  let rig: TriggerRig;
  let t: TestServer;
  let poolId: string;
  let clientId: string;

  beforeAll(async () => {
    rig = await startTriggerRig(kind, ['PreSignUp']);
    t = await startTestServer({ config: { triggers: { ...rig.config, timeoutMs: 1500 } } });
    ({ poolId, clientId } = await t.fixtures.poolWithClient({ LambdaConfig: { PreSignUp: rig.arn('PreSignUp') } }));
  });
  afterAll(async () => {
    await t?.close();
    await rig?.close();
  });

  const signUp = (Username: string, extra: Partial<ConstructorParameters<typeof SignUpCommand>[0]> = {}) =>
    t.cognito.send(new SignUpCommand({ ClientId: clientId, Username, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: `${Username}@example.com` }], ...extra }));
  const userExists = async (Username: string) => errorOf(t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username }))).then(() => false, () => true);

  it('receives Cognito\'s event and its answer is used', async () => {
    rig.handle('PreSignUp', (event) => ({ ...event, response: { ...event.response, autoConfirmUser: true } }));
    const out = await signUp('runner-ok', { ValidationData: [{ Name: 'captcha', Value: 'x1' }], ClientMetadata: { origin: 'test' } });
    expect(out.UserConfirmed).toBe(true);
    const event = rig.events('PreSignUp').at(-1)!;
    expect(event).toEqual({
      version: '1',
      triggerSource: 'PreSignUp_SignUp',
      region: 'us-east-1',
      userPoolId: poolId,
      userName: 'runner-ok',
      callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId },
      request: { userAttributes: { email: 'runner-ok@example.com' }, validationData: { captcha: 'x1' }, clientMetadata: { origin: 'test' } },
      response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
    });
    expect(rig.rejected).toEqual([]);
  });

  it('a handler that throws refuses the sign-up with UserLambdaValidationException, and nothing is written', async () => {
    rig.handle('PreSignUp', () => {
      throw new Error('Registration from this domain is not allowed.');
    });
    expect(await errorOf(signUp('runner-refused'))).toEqual({
      name: 'UserLambdaValidationException',
      message: 'PreSignUp failed with error Registration from this domain is not allowed..',
      status: 400,
    });
    expect(await userExists('runner-refused')).toBe(false);
  });

  it('an answer that is not an event is InvalidLambdaResponseException', async () => {
    rig.handle('PreSignUp', () => new RawAnswer(kind === 'module' ? 'just a string' : 'not json'));
    const error = await errorOf(signUp('runner-garbage'));
    expect(error.name).toBe('InvalidLambdaResponseException');
    expect(error.status).toBe(400);
    rig.handle('PreSignUp', (event) => ({ ...event, response: { ...event.response, autoConfirmUser: 'yes' } }));
    expect((await errorOf(signUp('runner-wrong-type'))).name).toBe('InvalidLambdaResponseException');
    expect(await userExists('runner-garbage')).toBe(false);
    expect(await userExists('runner-wrong-type')).toBe(false);
  });

  it('a handler that does not answer in time is UnexpectedLambdaException, and nothing is written', async () => {
    rig.handle('PreSignUp', async (event) => {
      await new Promise((resolve) => setTimeout(resolve, 3000));
      return event;
    });
    const error = await errorOf(signUp('runner-slow'));
    expect(error).toMatchObject({ name: 'UnexpectedLambdaException', status: 400 });
    expect(error.message).toBe('PreSignUp invocation failed due to error Socket timeout while invoking Lambda function.');
    expect(await userExists('runner-slow')).toBe(false);
    // The function answers again afterwards.
    rig.handle('PreSignUp', (event) => event);
    expect((await signUp('runner-after-slow')).UserConfirmed).toBe(false);
  });
});

describe('resolution', () => {
  it('a function nothing runs fails as an unreachable function does', async () => {
    const t = await startTestServer();
    try {
      const { clientId, poolId } = await t.fixtures.poolWithClient({ LambdaConfig: { PreSignUp: 'arn:aws:lambda:us-east-1:123456789012:function:nowhere' } });
      const error = await errorOf(t.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'nobody', Password: PASSWORD })));
      expect(error.name).toBe('UnexpectedLambdaException');
      expect(error.message).toMatch(/^PreSignUp invocation failed due to error /);
      expect(await errorOf(t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'nobody' }))).then((e) => e.name)).toBe('UserNotFoundException');
    } finally {
      await t.close();
    }
  });

  it('the Lambda Invoke API\'s ResourceNotFoundException is UnexpectedLambdaException', async () => {
    const rig = await startTriggerRig('lambda', ['PreSignUp']);
    const t = await startTestServer({ config: { triggers: rig.config } });
    try {
      const { clientId } = await t.fixtures.poolWithClient({ LambdaConfig: { PreSignUp: 'arn:aws:lambda:us-east-1:123456789012:function:not-deployed' } });
      const error = await errorOf(t.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'nobody', Password: PASSWORD })));
      expect(error.name).toBe('UnexpectedLambdaException');
    } finally {
      await t.close();
      await rig.close();
    }
  });

  it('a module: ESM or CommonJS, callback handlers, and a handler stuck in a loop is replaced', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-modules-'));
    writeFileSync(join(dir, 'common.cjs'), `exports.confirm = (event, context, callback) => { event.response.autoConfirmUser = context.functionName === 'cjs'; callback(null, event); };`);
    writeFileSync(join(dir, 'esm.mjs'), `let spins = 0;\nexport const handler = async (event) => { if (event.userName.startsWith('spin') && spins++ === 0) for (;;); return event; };`);
    // The timeout also covers starting the replacement worker, slow on a loaded machine.
    const t = await startTestServer({
      config: { triggers: { timeoutMs: 6000, functions: { cjs: { module: join(dir, 'common.cjs'), export: 'confirm' }, esm: { module: join(dir, 'esm.mjs'), export: 'handler' } } } },
    });
    try {
      const cjs = await t.fixtures.poolWithClient({ LambdaConfig: { PreSignUp: 'cjs' } });
      const confirmed = await t.cognito.send(new SignUpCommand({ ClientId: cjs.clientId, Username: 'cjs-user', Password: PASSWORD }));
      expect(confirmed.UserConfirmed).toBe(true);
      const esm = await t.fixtures.poolWithClient({ LambdaConfig: { PreSignUp: 'arn:aws:lambda:eu-west-1:123456789012:function:esm:live' } });
      const stuck = await errorOf(t.cognito.send(new SignUpCommand({ ClientId: esm.clientId, Username: 'spin-1', Password: PASSWORD })));
      expect(stuck.name).toBe('UnexpectedLambdaException');
      // A fresh worker serves the next sign-up.
      const next = await t.cognito.send(new SignUpCommand({ ClientId: esm.clientId, Username: 'after-spin', Password: PASSWORD }));
      expect(next.UserSub).toBeTruthy();
    } finally {
      await t.close();
    }
  });
});

describe('trigger URLs in clear', () => {
  const load = (triggers: Record<string, unknown>, env: Record<string, string> = {}) => () =>
    loadConfig({ env, overrides: { triggers: { webhookSecret: 'a-webhook-secret-of-16+', ...triggers } as never } });

  it('refuses plain http to another machine for a webhook or the Lambda endpoint, unless allowed', () => {
    expect(load({ functions: { f: { url: 'http://hooks.example/f' } } })).toThrow(/\/triggers\/functions\/f\/url: plain http to another machine/);
    expect(load({ lambdaEndpoint: 'http://lambda.internal:4566' })).toThrow(/\/triggers\/lambdaEndpoint: plain http/);
    expect(load({ functions: { f: { url: 'https://hooks.example/f' } }, lambdaEndpoint: 'https://lambda.us-east-1.amazonaws.com' })().triggers.lambdaEndpoint).toBe('https://lambda.us-east-1.amazonaws.com');
    for (const host of ['127.0.0.1:8080', 'localhost:4566', '[::1]:9000']) {
      expect(load({ functions: { f: { url: `http://${host}/f` } }, lambdaEndpoint: `http://${host}` })().triggers.functions.f).toEqual({ url: `http://${host}/f` });
    }
    expect(load({ lambdaEndpoint: 'http://lambda.internal:4566' }, { GATEHOUSE_TRIGGER_ALLOW_HTTP: 'true' })().triggers.allowHttp).toBe(true);
  });
});
