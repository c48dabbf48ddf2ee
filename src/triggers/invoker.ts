// Resolves a LambdaConfig ARN to a runner and turns what the runner reports into Cognito's errors.
// Resolution, by the ARN's function name: triggers.functions (module or webhook), else the Lambda
// Invoke API at triggers.lambdaEndpoint, else nothing (the invocation fails as an unreachable
// function does on Cognito).
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config/schema.js';
import { InvalidLambdaResponseException, UnexpectedLambdaException, UserLambdaValidationException } from '../cognito/errors.js';
import { FunctionFailure, functionNameOf, type FunctionRunner, type TriggerEvent, type TriggerInvoker, type TriggerName } from './types.js';
import { createModuleRunner } from './module-runner.js';
import { createWebhookRunner } from './webhook-runner.js';
import { createLambdaApiRunner } from './lambda-api-runner.js';

export function createTriggerInvoker(config: Config, log: FastifyBaseLogger): TriggerInvoker {
  const { functions, lambdaEndpoint, webhookSecret, timeoutMs } = config.triggers;
  const runners = new Map<string, FunctionRunner>();

  function runnerFor(arn: string): FunctionRunner | undefined {
    const name = functionNameOf(arn);
    const known = runners.get(name);
    if (known) return known;
    const declared = functions[name];
    let runner: FunctionRunner | undefined;
    if (declared && 'module' in declared) runner = createModuleRunner(name, declared.module, declared.export ?? 'handler');
    else if (declared) runner = createWebhookRunner(declared.url, declared.secret ?? webhookSecret ?? '');
    else if (lambdaEndpoint) runner = createLambdaApiRunner(lambdaEndpoint, arn, config.aws.region);
    if (runner) runners.set(name, runner);
    return runner;
  }

  function unexpected(trigger: TriggerName, reason: string): Error {
    return new UnexpectedLambdaException(`${trigger} invocation failed due to error ${reason}.`);
  }

  return {
    async invoke(trigger, arn, event) {
      const runner = runnerFor(arn);
      if (!runner) throw unexpected(trigger, 'AccessDeniedException');
      let answer: string;
      try {
        answer = await runner.invoke(JSON.stringify(event), { functionName: functionNameOf(arn), timeoutMs });
      } catch (error) {
        if (error instanceof FunctionFailure && error.kind === 'handled') {
          // Cognito appends a period even to a message that ends in one.
          throw new UserLambdaValidationException(`${trigger} failed with error ${error.message}.`);
        }
        log.warn({ trigger, runner: runner.description, err: { message: (error as Error).message } }, 'trigger could not be run');
        throw unexpected(trigger, error instanceof FunctionFailure && error.kind === 'timeout' ? 'Socket timeout while invoking Lambda function' : 'Lambda function could not be reached');
      }
      return parseAnswer(answer, event);
    },

    async send(trigger, arn, event) {
      const runner = runnerFor(arn);
      if (!runner) {
        log.warn({ trigger, arn }, 'asynchronous trigger has no runner: nothing was sent');
        return;
      }
      try {
        await runner.send(JSON.stringify(event), { functionName: functionNameOf(arn), timeoutMs });
      } catch (error) {
        log.warn({ trigger, runner: runner.description, err: { message: (error as Error).message } }, 'asynchronous trigger failed');
      }
    },

    describe(arn) {
      return runnerFor(arn)?.description;
    },

    async close() {
      await Promise.all([...runners.values()].map((runner) => runner.close?.()));
      runners.clear();
    },
  };
}

/**
 * The function must answer the whole event; Cognito reads its `response`. An answer that is not
 * JSON, not an object, or whose response is not an object is refused as Cognito refuses it. The
 * envelope's own members are Gatehouse's: a function cannot change whose event it was.
 */
function parseAnswer(answer: string, sent: TriggerEvent): TriggerEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer);
  } catch {
    throw new InvalidLambdaResponseException('Invalid lambda function output : Invalid JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new InvalidLambdaResponseException('Unrecognizable lambda output');
  const response = (parsed as { response?: unknown }).response;
  if (response === undefined || response === null) return { ...sent, response: {} };
  if (typeof response !== 'object' || Array.isArray(response)) throw new InvalidLambdaResponseException('Unrecognizable lambda output');
  return { ...sent, response: response as Record<string, unknown> };
}
