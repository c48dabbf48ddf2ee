// Threat protection and log delivery: Set/DescribeRiskConfiguration, AdminListUserAuthEvents,
// AdminUpdateAuthEventFeedback, UpdateAuthEventFeedback, Set/GetLogDeliveryConfiguration.
import { Type } from '@sinclair/typebox';
import { defineOperation } from './define.js';
import { ARN_PATTERN, ClientId, ListLimit, NextToken, Username, UserPoolId } from '../cognito/shapes.js';
import { decodePageToken, encodePageToken } from './pagination.js';
import type { Deps } from '../domain/deps.js';
import { requirePool } from '../domain/pools.js';
import { requireUser } from '../domain/users.js';
import { requireThreatProtection } from '../domain/risk/add-ons.js';
import { describeRiskConfiguration, setRiskConfiguration } from '../domain/risk/configuration.js';
import { adminUpdateFeedback, listAuthEvents, updateFeedbackWithToken } from '../domain/risk/auth-events.js';
import { getLogDeliveryConfiguration, setLogDeliveryConfiguration } from '../domain/risk/log-delivery.js';

const NotifyEmail = Type.Object({
  Subject: Type.String({ minLength: 1, maxLength: 140 }),
  HtmlBody: Type.Optional(Type.String({ minLength: 6, maxLength: 20_000 })),
  TextBody: Type.Optional(Type.String({ minLength: 6, maxLength: 20_000 })),
});
const Action = Type.Object({ Notify: Type.Boolean(), EventAction: Type.String() });
const RiskConfigurationInput = {
  CompromisedCredentialsRiskConfiguration: Type.Optional(Type.Object({
    EventFilter: Type.Optional(Type.Array(Type.String(), { maxItems: 3 })),
    Actions: Type.Object({ EventAction: Type.String() }),
  })),
  AccountTakeoverRiskConfiguration: Type.Optional(Type.Object({
    NotifyConfiguration: Type.Optional(Type.Object({
      From: Type.Optional(Type.String({ maxLength: 2048 })),
      ReplyTo: Type.Optional(Type.String({ maxLength: 2048 })),
      SourceArn: Type.String({ minLength: 20, maxLength: 2048, pattern: ARN_PATTERN }),
      BlockEmail: Type.Optional(NotifyEmail),
      NoActionEmail: Type.Optional(NotifyEmail),
      MfaEmail: Type.Optional(NotifyEmail),
    })),
    Actions: Type.Object({ LowAction: Type.Optional(Action), MediumAction: Type.Optional(Action), HighAction: Type.Optional(Action) }),
  })),
  RiskExceptionConfiguration: Type.Optional(Type.Object({
    BlockedIPRangeList: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 200 })),
    SkippedIPRangeList: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 200 })),
  })),
};

async function threatProtectedPool(deps: Deps, poolId: string) {
  const pool = await requirePool(deps.store, poolId);
  requireThreatProtection(pool);
  return pool;
}

export const SetRiskConfiguration = defineOperation({
  name: 'SetRiskConfiguration',
  auth: 'admin',
  input: Type.Object({ UserPoolId, ClientId: Type.Optional(ClientId), ...RiskConfigurationInput }),
  async handler(input, { deps }) {
    const pool = await threatProtectedPool(deps, input.UserPoolId);
    const { UserPoolId: _pool, ClientId: clientId, ...config } = input;
    return { RiskConfiguration: await setRiskConfiguration(deps, pool, clientId, config as never) };
  },
});

export const DescribeRiskConfiguration = defineOperation({
  name: 'DescribeRiskConfiguration',
  auth: 'admin',
  input: Type.Object({ UserPoolId, ClientId: Type.Optional(ClientId) }),
  async handler(input, { deps }) {
    const pool = await threatProtectedPool(deps, input.UserPoolId);
    return { RiskConfiguration: await describeRiskConfiguration(deps, pool, input.ClientId) };
  },
});

const EventCursor = Type.Object({ createdAt: Type.Integer({ minimum: 0 }), eventId: Type.String({ minLength: 1, maxLength: 50 }) });

export const AdminListUserAuthEvents = defineOperation({
  name: 'AdminListUserAuthEvents',
  auth: 'admin',
  input: Type.Object({ UserPoolId, Username, MaxResults: Type.Optional(ListLimit(60)), NextToken: Type.Optional(NextToken) }),
  async handler(input, { deps }) {
    const pool = await threatProtectedPool(deps, input.UserPoolId);
    const user = await requireUser(deps.store, pool, input.Username);
    const query = `auth-events:${user.sub}`;
    const page = await listAuthEvents(deps, user, input.MaxResults, decodePageToken(input.NextToken, query, EventCursor));
    return { AuthEvents: page.events, ...(page.next && { NextToken: encodePageToken(query, page.next) }) };
  },
});

const EventId = Type.String({ minLength: 1, maxLength: 50, pattern: '^[\\w+-]+$' });
const FeedbackValue = Type.String({ minLength: 1, maxLength: 16 });

export const AdminUpdateAuthEventFeedback = defineOperation({
  name: 'AdminUpdateAuthEventFeedback',
  auth: 'admin',
  input: Type.Object({ UserPoolId, Username, EventId, FeedbackValue }),
  async handler(input, { deps }) {
    const pool = await threatProtectedPool(deps, input.UserPoolId);
    const user = await requireUser(deps.store, pool, input.Username);
    await adminUpdateFeedback(deps, pool, user, input.EventId, input.FeedbackValue);
    return {};
  },
});

export const UpdateAuthEventFeedback = defineOperation({
  name: 'UpdateAuthEventFeedback',
  auth: 'public',
  input: Type.Object({ UserPoolId, Username, EventId, FeedbackToken: Type.String({ minLength: 1, maxLength: 2048 }), FeedbackValue }),
  async handler(input, { deps }) {
    const pool = await threatProtectedPool(deps, input.UserPoolId);
    const user = await requireUser(deps.store, pool, input.Username);
    await updateFeedbackWithToken(deps, pool, user, input.EventId, input.FeedbackToken, input.FeedbackValue);
    return {};
  },
});

const LogConfiguration = Type.Object({
  LogLevel: Type.String(),
  EventSource: Type.String(),
  CloudWatchLogsConfiguration: Type.Optional(Type.Object({ LogGroupArn: Type.Optional(Type.String({ minLength: 20, maxLength: 2048 })) })),
  S3Configuration: Type.Optional(Type.Object({ BucketArn: Type.Optional(Type.String({ minLength: 3, maxLength: 1024 })) })),
  FirehoseConfiguration: Type.Optional(Type.Object({ StreamArn: Type.Optional(Type.String({ minLength: 20, maxLength: 2048 })) })),
});

export const SetLogDeliveryConfiguration = defineOperation({
  name: 'SetLogDeliveryConfiguration',
  auth: 'admin',
  input: Type.Object({ UserPoolId, LogConfigurations: Type.Array(LogConfiguration, { maxItems: 2 }) }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    return { LogDeliveryConfiguration: await setLogDeliveryConfiguration(deps, pool, input.LogConfigurations) };
  },
});

export const GetLogDeliveryConfiguration = defineOperation({
  name: 'GetLogDeliveryConfiguration',
  auth: 'admin',
  input: Type.Object({ UserPoolId }),
  async handler(input, { deps }) {
    const pool = await requirePool(deps.store, input.UserPoolId);
    return { LogDeliveryConfiguration: await getLogDeliveryConfiguration(deps, pool) };
  },
});

export const riskOperations = [
  SetRiskConfiguration, DescribeRiskConfiguration, AdminListUserAuthEvents, AdminUpdateAuthEventFeedback, UpdateAuthEventFeedback,
  SetLogDeliveryConfiguration, GetLogDeliveryConfiguration,
];
