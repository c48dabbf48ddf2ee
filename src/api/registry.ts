// Every operation the JSON API serves, by Cognito name. Each group file exports its list.
import type { Operation } from './define.js';
import { userPoolOperations } from './user-pools.js';
import { userPoolClientOperations } from './user-pool-clients.js';
import { signUpOperations } from './sign-up.js';
import { authOperations } from './auth.js';
import { userOperations } from './users.js';
import { uiCustomizationOperations } from './ui-customization.js';

const groups: Operation<any>[][] = [
  userPoolOperations,
  userPoolClientOperations,
  signUpOperations,
  authOperations,
  userOperations,
  uiCustomizationOperations,
];

export const operations = new Map<string, Operation<any>>();
for (const operation of groups.flat()) {
  if (operations.has(operation.name)) throw new Error(`operation ${operation.name} is defined twice`);
  operations.set(operation.name, operation);
}
