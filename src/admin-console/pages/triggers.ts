// A pool's Lambda triggers: each LambdaConfig member, where its function resolves on this server
// (a module, a webhook, the Lambda Invoke API, or nothing), and a form that sets or clears them
// through UpdateUserPool, keeping every other setting (UpdateUserPool replaces them all).
import { html, type Html } from '../../web/html.js';
import type { CognitoError } from '../../cognito/errors.js';
import type { ConsoleContext } from '../context.js';
import type { ConsoleForm } from '../form.js';
import type { OperationOutput } from '../invoke.js';
import { defineRoutes } from '../route.js';
import { poolPath } from '../nav.js';
import { postForm, select, table, textField } from '../views/components.js';
import { unchangedPoolInput } from './pools.js';

/** The members naming a function by a plain ARN, with what each is for. */
const PLAIN_TRIGGERS: Array<[member: string, purpose: string]> = [
  ['PreSignUp', 'before a user is created: may refuse, auto-confirm, auto-verify'],
  ['CustomMessage', 'writes the texts of codes and invitations'],
  ['PostConfirmation', 'after a user is confirmed'],
  ['PreAuthentication', 'before a sign-in: may refuse it'],
  ['PostAuthentication', 'after a sign-in'],
  ['DefineAuthChallenge', 'CUSTOM_AUTH: decides the next challenge'],
  ['CreateAuthChallenge', 'CUSTOM_AUTH: creates a challenge'],
  ['VerifyAuthChallengeResponse', 'CUSTOM_AUTH: checks an answer'],
  ['UserMigration', 'creates a user unknown here from another store'],
];
/** The members carrying { LambdaVersion, LambdaArn }; the custom senders and inbound federation have only V1_0. */
const SENDERS: Array<[member: string, purpose: string]> = [
  ['CustomSMSSender', 'sends SMS messages itself (codes encrypted with the KMS key)'],
  ['CustomEmailSender', 'sends email messages itself (codes encrypted with the KMS key)'],
];
const TOKEN_VERSIONS = ['V1_0', 'V2_0', 'V3_0'];
const UNRESOLVED = 'nothing: invocations fail with UnexpectedLambdaException';

/** The form's values, one per field: from the pool's LambdaConfig or as posted. */
type TriggerValues = Record<string, string>;

function valuesFromConfig(config: OperationOutput): TriggerValues {
  const values: TriggerValues = {};
  for (const [member] of PLAIN_TRIGGERS) values[member] = config[member] ?? '';
  values.PreTokenGeneration = config.PreTokenGenerationConfig?.LambdaArn ?? config.PreTokenGeneration ?? '';
  values.PreTokenGenerationVersion = config.PreTokenGenerationConfig?.LambdaVersion ?? 'V1_0';
  for (const [member] of SENDERS) values[member] = config[member]?.LambdaArn ?? '';
  values.InboundFederation = config.InboundFederation?.LambdaArn ?? '';
  values.KMSKeyID = config.KMSKeyID ?? '';
  return values;
}

function valuesFromForm(form: ConsoleForm): TriggerValues {
  const names = [...PLAIN_TRIGGERS, ...SENDERS].map(([member]) => member).concat('PreTokenGeneration', 'PreTokenGenerationVersion', 'InboundFederation', 'KMSKeyID');
  return Object.fromEntries(names.map((name) => [name, form.get(name) ?? '']));
}

/** The LambdaConfig the form describes: an empty field clears its trigger. */
function lambdaConfig(v: TriggerValues): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const [member] of PLAIN_TRIGGERS) if (v[member]) config[member] = v[member];
  if (v.PreTokenGeneration) {
    // The legacy member and the versioned one name the same function, as Cognito requires.
    config.PreTokenGeneration = v.PreTokenGeneration;
    config.PreTokenGenerationConfig = { LambdaVersion: v.PreTokenGenerationVersion || 'V1_0', LambdaArn: v.PreTokenGeneration };
  }
  for (const [member] of SENDERS) if (v[member]) config[member] = { LambdaVersion: 'V1_0', LambdaArn: v[member] };
  if (v.InboundFederation) config.InboundFederation = { LambdaVersion: 'V1_0', LambdaArn: v.InboundFederation };
  if (v.KMSKeyID) config.KMSKeyID = v.KMSKeyID;
  return config;
}

/** One row per member the pool sets: the function, its version where it has one, and where it runs. */
function resolutionRows(ctx: ConsoleContext, config: OperationOutput): Html[][] {
  const mono = (text: string) => html`<span class="mono">${text}</span>`;
  const runsAt = (arn: string) => {
    const where = ctx.deps.triggers.describe(arn);
    return where ? mono(where) : html`<span class="warning">${UNRESOLVED}</span>`;
  };
  const rows: Html[][] = [];
  const add = (member: string, arn: string | undefined, version?: string) => {
    if (arn) rows.push([html`${member}`, mono(arn), html`${version ?? '—'}`, runsAt(arn)]);
  };
  for (const [member] of PLAIN_TRIGGERS) add(member, config[member]);
  add('PreTokenGeneration', config.PreTokenGenerationConfig?.LambdaArn ?? config.PreTokenGeneration, config.PreTokenGenerationConfig?.LambdaVersion ?? 'V1_0');
  for (const [member] of SENDERS) add(member, config[member]?.LambdaArn, config[member]?.LambdaVersion);
  add('InboundFederation', config.InboundFederation?.LambdaArn, config.InboundFederation?.LambdaVersion);
  if (config.KMSKeyID) rows.push([html`KMSKeyID`, mono(config.KMSKeyID), html`—`, html`encrypts the codes given to the custom senders`]);
  return rows;
}

function fields(v: TriggerValues): Html {
  const arnField = (member: string, purpose: string) =>
    textField({ name: member, label: member, value: v[member], hint: `${purpose[0].toUpperCase()}${purpose.slice(1)}. A Lambda function ARN or a function name; empty: no trigger.` });
  return html`
<fieldset><legend>Sign-up, sign-in and messages</legend>
${PLAIN_TRIGGERS.map(([member, purpose]) => arnField(member, purpose))}
</fieldset>
<fieldset><legend>Tokens</legend>
${arnField('PreTokenGeneration', 'changes the claims and scopes of the tokens issued')}
${select({
  name: 'PreTokenGenerationVersion', label: 'PreTokenGeneration event version', selected: v.PreTokenGenerationVersion,
  options: TOKEN_VERSIONS.map((value) => ({ value, label: value })),
  hint: 'V1_0: ID token claims; V2_0: ID and access token claims and scopes; V3_0: also machine-to-machine (client credentials) tokens.',
})}
</fieldset>
<fieldset><legend>Custom senders</legend>
${SENDERS.map(([member, purpose]) => arnField(member, purpose))}
${textField({ name: 'KMSKeyID', label: 'KMSKeyID', value: v.KMSKeyID, hint: 'The KMS key ARN the codes given to the custom senders are encrypted with; required when a custom sender is set.' })}
</fieldset>
<fieldset><legend>Federation</legend>
${arnField('InboundFederation', 'transforms the attributes of users signing in through an identity provider')}
</fieldset>`;
}

async function triggersPage(ctx: ConsoleContext, options: { values?: TriggerValues; error?: CognitoError } = {}) {
  const { UserPool: pool } = await ctx.invoke('DescribeUserPool', { UserPoolId: ctx.params.poolId });
  const config: OperationOutput = pool.LambdaConfig ?? {};
  const values = options.values ?? valuesFromConfig(config);
  return ctx.render({ title: 'Triggers', section: 'triggers', pool: { id: pool.Id, name: pool.Name }, error: options.error?.message }, html`
<p>The Lambda functions this pool runs, named by ARN as on Cognito. Where each runs is this server's configuration: <span class="mono">triggers.functions</span> (a module or a webhook, by function name), else the Lambda Invoke API at <span class="mono">triggers.lambdaEndpoint</span>.</p>
${table(['Trigger', 'Function', 'Version', 'Runs at'], resolutionRows(ctx, config), 'This pool runs no trigger.')}
<h2>Edit</h2>
${postForm(ctx.session!.csrf, poolPath(pool.Id, '/triggers'), fields(values), 'Save triggers')}`, options.error ? 400 : 200);
}

export const triggerRoutes = defineRoutes([
  {
    method: 'GET', path: '/pools/:poolId/triggers', async handler(ctx) {
      return triggersPage(ctx);
    },
  },
  {
    method: 'POST', path: '/pools/:poolId/triggers', async handler(ctx) {
      const values = valuesFromForm(ctx.form);
      const { UserPool: pool } = await ctx.invoke('DescribeUserPool', { UserPoolId: ctx.params.poolId });
      const updated = await ctx.attempt('UpdateUserPool', { ...unchangedPoolInput(pool), LambdaConfig: lambdaConfig(values) });
      if (updated.error) return triggersPage(ctx, { values, error: updated.error });
      return ctx.redirect(poolPath(pool.Id, '/triggers'), 'Triggers saved.');
    },
  },
]);
