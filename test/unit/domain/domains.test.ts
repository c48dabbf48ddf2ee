import { describe, expect, it } from 'vitest';
import { checkDomainName } from '../../../src/domain/domains.js';

describe('checkDomainName', () => {
  it.each([
    ['a', false],
    ['my-app-1', false],
    ['0'.repeat(63), false],
    ['auth.example.com', true],
    ['login-1.my-company.co.uk', true],
    ['auth.aws-example.com', true],
  ])('accepts %s (custom: %s)', (domain, custom) => {
    expect(() => checkDomainName(domain, custom)).not.toThrow();
  });

  it.each([
    ['', false, 'invalid character'],
    ['0'.repeat(64), false, 'invalid character'],
    ['-a', false, 'invalid character'],
    ['a-', false, 'invalid character'],
    ['Upper', false, 'invalid character'],
    ['a.b', false, 'invalid character'],
    ['myaws', false, 'reserved word: aws'],
    ['amazon-login', false, 'reserved word: amazon'],
    ['xcognitox', false, 'reserved word: cognito'],
    ['localhost', true, 'fully qualified'],
    ['auth..example.com', true, 'fully qualified'],
    ['-auth.example.com', true, 'fully qualified'],
    ['Auth.example.com', true, 'fully qualified'],
    [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}`, true, 'fully qualified'],
  ])('rejects %s (custom: %s)', (domain, custom, message) => {
    expect(() => checkDomainName(domain, custom)).toThrow(message);
  });
});
