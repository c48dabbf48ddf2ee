// The input shapes of CreateGroup / UpdateGroup: what the API and the declared pools file
// (declare/file-schema.ts) both accept.
import { Type } from '@sinclair/typebox';
import { ARN_PATTERN, USERNAME_PATTERN } from './shapes.js';

// Cognito: group names follow the username pattern.
export const GroupName = Type.RegExp(USERNAME_PATTERN, { minLength: 1, maxLength: 128 });
export const GroupSettings = {
  Description: Type.Optional(Type.String({ maxLength: 2048 })),
  RoleArn: Type.Optional(Type.String({ minLength: 20, maxLength: 2048, pattern: ARN_PATTERN })),
  Precedence: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })),
};
