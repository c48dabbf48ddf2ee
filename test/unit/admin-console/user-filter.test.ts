// The console's search builds a ListUsers Filter that the API's own parser reads back as the
// operator's exact value, whatever quotes or backslashes it holds.
import { describe, expect, it } from 'vitest';
import { userFilter } from '../../../src/admin-console/pages/users.js';
import { parseUserFilter } from '../../../src/domain/list-users-filter.js';

describe('userFilter', () => {
  it.each([
    ['email', '=', 'ana@example.com'],
    ['name', '^=', 'Dan "the man"'],
    ['given_name', '=', 'back\\slash'],
    ['family_name', '=', '\\"'],
    ['username', '^=', 'ends with a backslash \\'],
    ['cognito:user_status', '=', 'CONFIRMED'],
  ])('reads back %s %s %j exactly', (attribute, op, value) => {
    expect(parseUserFilter(userFilter(attribute, op, value))).toEqual({ attribute, op, value });
  });

  it('reads a status search back as enabled or not', () => {
    expect(parseUserFilter(userFilter('status', '=', 'Disabled'))).toEqual({ attribute: 'status', op: '=', value: false });
  });

  it.each([
    ['email', '=', ''],
    ['custom:tier', '=', 'gold'],
    ['email', '!=', 'x'],
  ])('builds no filter for %s %s %j', (attribute, op, value) => {
    expect(userFilter(attribute, op, value)).toBeUndefined();
  });
});
