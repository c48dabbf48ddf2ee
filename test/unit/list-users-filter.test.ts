import { describe, expect, it } from 'vitest';
import { parseUserFilter, FILTER_ATTRIBUTE_ERROR, FILTER_PARSE_ERROR } from '../../src/domain/list-users-filter.js';

describe('parseUserFilter', () => {
  const valid: Array<[string | undefined, ReturnType<typeof parseUserFilter>]> = [
    [undefined, undefined],
    ['', undefined],
    ['   ', undefined],
    ['username = "ana"', { attribute: 'username', op: '=', value: 'ana' }],
    ['username="ana"', { attribute: 'username', op: '=', value: 'ana' }],
    ['  email ^=  "ana@"  ', { attribute: 'email', op: '^=', value: 'ana@' }],
    ['email^="ana@"', { attribute: 'email', op: '^=', value: 'ana@' }],
    ['name = "say \\"hi\\""', { attribute: 'name', op: '=', value: 'say "hi"' }],
    ['name = "back\\\\slash"', { attribute: 'name', op: '=', value: 'back\\slash' }],
    ['name = ""', { attribute: 'name', op: '=', value: '' }],
    ['given_name = "a = b"', { attribute: 'given_name', op: '=', value: 'a = b' }],
    ['family_name ^= "Sm"', { attribute: 'family_name', op: '^=', value: 'Sm' }],
    ['preferred_username = "x"', { attribute: 'preferred_username', op: '=', value: 'x' }],
    ['phone_number ^= "+1555"', { attribute: 'phone_number', op: '^=', value: '+1555' }],
    ['sub = "0b6c3a3e-0000-4000-8000-000000000000"', { attribute: 'sub', op: '=', value: '0b6c3a3e-0000-4000-8000-000000000000' }],
    ['cognito:user_status = "FORCE_CHANGE_PASSWORD"', { attribute: 'cognito:user_status', op: '=', value: 'FORCE_CHANGE_PASSWORD' }],
    ['cognito:user_status ^= "CONF"', { attribute: 'cognito:user_status', op: '^=', value: 'CONF' }],
    ['status = "Enabled"', { attribute: 'status', op: '=', value: true }],
    ['status = "disabled"', { attribute: 'status', op: '=', value: false }],
    ['status="DISABLED"', { attribute: 'status', op: '=', value: false }],
  ];
  it.each(valid)('parses %j', (input, expected) => {
    expect(parseUserFilter(input)).toEqual(expected);
  });

  const invalid: Array<[string, string]> = [
    ['username', FILTER_PARSE_ERROR],
    ['username = ana', FILTER_PARSE_ERROR],
    ['username = "ana', FILTER_PARSE_ERROR],
    ['username == "ana"', FILTER_PARSE_ERROR],
    ['username != "ana"', FILTER_PARSE_ERROR],
    ['username ~= "ana"', FILTER_PARSE_ERROR],
    ['username = "ana" and email = "a@b"', FILTER_PARSE_ERROR],
    ['username = "ana" x', FILTER_PARSE_ERROR],
    ['username = "a\\nb"', FILTER_PARSE_ERROR],
    ['= "ana"', FILTER_PARSE_ERROR],
    ['"username" = "ana"', FILTER_PARSE_ERROR],
    ['status = "maybe"', FILTER_PARSE_ERROR],
    ['status ^= "Ena"', FILTER_PARSE_ERROR],
    ['custom:team = "red"', FILTER_ATTRIBUTE_ERROR],
    ['address = "x"', FILTER_ATTRIBUTE_ERROR],
    ['email_verified = "true"', FILTER_ATTRIBUTE_ERROR],
  ];
  it.each(invalid)('refuses %j with InvalidParameterException', (input, message) => {
    expect(() => parseUserFilter(input)).toThrow(expect.objectContaining({ name: 'InvalidParameterException', message }));
  });
});
