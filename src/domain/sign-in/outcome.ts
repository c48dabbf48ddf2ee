// What every sign-in step answers: the tokens, or the next challenge (with its Session).
import type { AuthenticationResult } from '../issue-tokens.js';

export type AuthOutcome =
  | { AuthenticationResult: AuthenticationResult & { NewDeviceMetadata?: { DeviceKey: string; DeviceGroupKey: string } }; ChallengeParameters: Record<string, string> }
  | { ChallengeName: string; ChallengeParameters: Record<string, string>; Session?: string; AvailableChallenges?: string[] };
