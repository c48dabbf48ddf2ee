// The sign-in events of a user: recorded by sign-in (sign-in-risk.ts) while threat protection is on,
// listed by AdminListUserAuthEvents (newest first), and marked by the feedback operations.
import { randomBytes } from 'node:crypto';
import type { Deps } from '../deps.js';
import type { AuthEventRecord, Json, PoolRecord, UserRecord } from '../../store/store.js';
import { InvalidParameterException, NotAuthorizedException, ResourceNotFoundException } from '../../cognito/errors.js';
import { constantTimeEqual, sha256Hex } from '../../crypto/digest.js';
import { publishAuthEvent } from './log-delivery.js';
import type { GeoDatabase } from './geo-database.js';

/** Cognito: MaxResults 0 or absent lists 60 events; 60 is also the most. */
const DEFAULT_PAGE = 60;

let lastMs = 0;
let sequence = 0;

/**
 * A UUID in the version 7 layout (RFC 9562): the event's time in milliseconds, then a counter that
 * keeps events of one millisecond in the order this process made them, then random bits. Events of
 * one user are listed by time and then by id, so the newest comes first even within a millisecond.
 */
export function newEventId(atMs: number): string {
  sequence = atMs === lastMs ? (sequence + 1) & 0xfff : 0;
  lastMs = atMs;
  const bytes = randomBytes(16);
  bytes.writeUIntBE(atMs, 0, 6);
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export async function insertAuthEvent(deps: Deps, user: UserRecord, event: AuthEventRecord): Promise<void> {
  await deps.store.authEvents.insert(event);
  await publishAuthEvent(deps, user, event);
}

/** The sign-in's event ends with its second step passed (or failed): the latest event still in progress. */
export async function completeAuthEvent(deps: Deps, user: UserRecord, passed: boolean, withinMs: number): Promise<void> {
  const [latest] = await deps.store.authEvents.listForUser(user.sub, 1);
  if (!latest || latest.eventResponse !== 'InProgress' || latest.createdAt < deps.clock.now() - withinMs) return;
  const challenges = [...latest.challenges, { ChallengeName: 'Mfa', ChallengeResponse: passed ? 'Success' : 'Failure' }];
  const eventResponse = passed ? 'Pass' : 'Fail';
  await deps.store.authEvents.update(latest.eventId, { eventResponse, challenges });
  await publishAuthEvent(deps, user, { ...latest, eventResponse, challenges });
}

/** AuthEventType. City and Country come from the operator's geo database, where it names them. */
function view(event: AuthEventRecord, geoDatabase: GeoDatabase | undefined): Json {
  const place = geoDatabase?.locate(event.ipAddress);
  return {
    EventId: event.eventId,
    EventType: event.eventType,
    CreationDate: event.createdAt / 1000,
    EventResponse: event.eventResponse,
    EventRisk: {
      RiskDecision: event.riskDecision,
      ...(event.riskLevel && { RiskLevel: event.riskLevel }),
      CompromisedCredentialsDetected: event.compromised,
    },
    ChallengeResponses: event.challenges,
    EventContextData: {
      IpAddress: event.ipAddress,
      ...(event.userAgent && { DeviceName: event.userAgent }),
      ...(place?.city && { City: place.city }),
      ...(place?.country && { Country: place.country }),
    },
    ...(event.feedback && {
      EventFeedback: { FeedbackValue: event.feedback.value, Provider: event.feedback.provider, FeedbackDate: event.feedback.at / 1000 },
    }),
  };
}

export interface EventCursor { createdAt: number; eventId: string }

export async function listAuthEvents(deps: Deps, user: UserRecord, maxResults: number | undefined, after: EventCursor | undefined): Promise<{ events: Json[]; next?: EventCursor }> {
  const limit = !maxResults ? DEFAULT_PAGE : maxResults;
  const rows = await deps.store.authEvents.listForUser(user.sub, limit + 1, after);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { events: page.map((event) => view(event, deps.geoDatabase)), ...(rows.length > limit && last && { next: { createdAt: last.createdAt, eventId: last.eventId } }) };
}

async function requireEventOf(deps: Deps, pool: PoolRecord, user: UserRecord, eventId: string): Promise<AuthEventRecord> {
  const event = await deps.store.authEvents.find(eventId);
  if (!event || event.poolId !== pool.id || event.sub !== user.sub) throw new ResourceNotFoundException('Auth event not found.');
  return event;
}

function feedbackValue(value: string): 'Valid' | 'Invalid' {
  // Cognito's FeedbackValueType is Valid | Invalid.
  if (value !== 'Valid' && value !== 'Invalid') {
    throw new InvalidParameterException(`1 validation error detected: Value '${value}' at 'feedbackValue' failed to satisfy constraint: Member must satisfy enum value set: [Valid, Invalid]`);
  }
  return value;
}

/** AdminUpdateAuthEventFeedback: the administrator's word on the event. */
export async function adminUpdateFeedback(deps: Deps, pool: PoolRecord, user: UserRecord, eventId: string, value: string): Promise<void> {
  const feedback = { value: feedbackValue(value), provider: 'Admin', at: deps.clock.now() };
  await requireEventOf(deps, pool, user, eventId);
  await deps.store.authEvents.update(eventId, { feedback });
}

/**
 * UpdateAuthEventFeedback: the user's word, proven by the FeedbackToken of the notification email
 * about that event (stored as SHA-256, compared in constant time). An event nobody was notified
 * about has no token and takes no user feedback.
 */
export async function updateFeedbackWithToken(deps: Deps, pool: PoolRecord, user: UserRecord, eventId: string, token: string, value: string): Promise<void> {
  const feedback = { value: feedbackValue(value), provider: 'User', at: deps.clock.now() };
  const event = await requireEventOf(deps, pool, user, eventId);
  if (!event.feedbackTokenHash || !constantTimeEqual(event.feedbackTokenHash, sha256Hex(token))) {
    throw new NotAuthorizedException('Invalid feedback token.');
  }
  await deps.store.authEvents.update(eventId, { feedback });
}
