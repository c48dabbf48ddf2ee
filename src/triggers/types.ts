// What a pool's Lambda triggers are to the rest of Gatehouse: a named function (by ARN) that is
// given Cognito's event JSON and answers the event back. Where the function runs (a local module,
// a webhook, the Lambda Invoke API) is the runners' business; the domain never knows.

/** The LambdaConfig members that name a function. */
export type TriggerName =
  | 'PreSignUp'
  | 'CustomMessage'
  | 'PostConfirmation'
  | 'PreAuthentication'
  | 'PostAuthentication'
  | 'DefineAuthChallenge'
  | 'CreateAuthChallenge'
  | 'VerifyAuthChallengeResponse'
  | 'PreTokenGeneration'
  | 'UserMigration'
  | 'CustomSMSSender'
  | 'CustomEmailSender'
  | 'InboundFederation';

/** Cognito's common event envelope; `request` and `response` are each trigger's own. */
export interface TriggerEvent {
  version: string;
  triggerSource: string;
  region: string;
  userPoolId: string;
  userName: string | null;
  callerContext: { awsSdkVersion: string; clientId: string | null };
  request: Record<string, unknown>;
  response: Record<string, unknown>;
}

/** How one function is run. `payload` is the event's JSON; the answer is the function's JSON (or text). */
export interface FunctionRunner {
  /** Where it runs, for logs and `gatehouse serve`'s table: "module ./x.js#handler", "webhook https://…". */
  readonly description: string;
  /** Synchronous invocation: the function's answer, or a FunctionFailure. */
  invoke(payload: string, options: InvokeOptions): Promise<string>;
  /** Asynchronous invocation (the custom senders): accepted or not, no answer awaited. */
  send(payload: string, options: InvokeOptions): Promise<void>;
  close?(): Promise<void>;
}

export interface InvokeOptions {
  functionName: string;
  timeoutMs: number;
}

/**
 * Why a function gave no usable answer. `handled`: the function itself failed (threw, rejected,
 * answered Lambda's error payload) — Cognito's UserLambdaValidationException; otherwise it could
 * not be run or did not answer in time — UnexpectedLambdaException.
 */
export class FunctionFailure extends Error {
  constructor(readonly kind: 'handled' | 'unreachable' | 'timeout', message: string) {
    super(message);
  }
}

export interface TriggerInvoker {
  /**
   * Runs the function named by `arn` with `event` and answers the event it returned. Throws
   * Cognito's errors: UserLambdaValidationException "<trigger> failed with error <message>.",
   * UnexpectedLambdaException (not runnable, timed out), InvalidLambdaResponseException (the answer
   * is not an event object with a response object).
   */
  invoke(trigger: TriggerName, arn: string, event: TriggerEvent): Promise<TriggerEvent>;
  /** Asynchronous invocation (custom senders): waits only until the function has the event. Failures are logged, never thrown. */
  send(trigger: TriggerName, arn: string, event: TriggerEvent): Promise<void>;
  /** Where an ARN resolves, or undefined when nothing runs it. */
  describe(arn: string): string | undefined;
  close(): Promise<void>;
}

/** The function name in an ARN (`arn:aws:lambda:r:acct:function:NAME[:qualifier]`), or the bare name itself. */
export function functionNameOf(arn: string): string {
  const match = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)(?::[^:]+)?$/.exec(arn);
  return match ? match[1] : arn;
}
