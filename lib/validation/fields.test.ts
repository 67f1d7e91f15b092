import { describe, expect, it } from 'vitest';
import { PASSWORD_MAX, PASSWORD_MIN, USERNAME_MAX } from '../policy';
import {
  emailSchema,
  length,
  mobileSchema,
  newPasswordSchema,
  newPinSchema,
  normalizeEmail,
  normalizeMobile,
  normalizeUsername,
  optional,
  passwordInputSchema,
  pinInputSchema,
  pinProblem,
  usernameSchema,
} from './fields';
import type { z } from 'zod';

const TEN_KB = 'a'.repeat(10 * 1024);
const NON_STRINGS: unknown[] = [42, 0, true, { a: 1 }, ['alice'], [], () => 'x'];

/** The first message of a failed parse; fails the test if the parse succeeded or threw. */
function messageOf(schema: z.ZodType, value: unknown): string {
  const r = schema.safeParse(value);
  expect(r.success, `expected ${JSON.stringify(value)} to be refused`).toBe(false);
  return r.error!.issues[0]!.message;
}
function valueOf<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  expect(r.success, `expected ${JSON.stringify(value)} to be accepted: ${r.error?.issues.map((i) => i.message).join('; ')}`).toBe(true);
  return r.data as T;
}

describe('length', () => {
  it('counts code points, not UTF-16 units', () => {
    expect(length('😀')).toBe(1);
    expect('😀'.length).toBe(2);
    expect(length('a😀b')).toBe(3);
  });
});

describe('usernameSchema', () => {
  it('NFKC-normalizes and case-folds', () => {
    expect(valueOf(usernameSchema, 'Ａｌｉｃｅ')).toBe('alice');
    expect(valueOf(usernameSchema, 'ALICE')).toBe('alice');
    expect(valueOf(usernameSchema, '  Bob.Smith_1-x  ')).toBe('bob.smith_1-x');
    expect(normalizeUsername('Ａｌｉｃｅ')).toBe(normalizeUsername('alice'));
  });

  it('accepts letters and digits of any script', () => {
    expect(valueOf(usernameSchema, 'Zoë')).toBe('zoë');
    expect(valueOf(usernameSchema, 'ΣΩΚΡΑΤΗΣ')).toBe('σωκρατης');
    expect(valueOf(usernameSchema, '用户名')).toBe('用户名');
  });

  it('bounds the length in code points after normalization', () => {
    expect(messageOf(usernameSchema, 'ab')).toBe('Use at least 3 characters');
    expect(valueOf(usernameSchema, 'abc')).toBe('abc');
    expect(valueOf(usernameSchema, 'a'.repeat(USERNAME_MAX))).toHaveLength(USERNAME_MAX);
    expect(messageOf(usernameSchema, 'a'.repeat(USERNAME_MAX + 1))).toBe(`Use at most ${USERNAME_MAX} characters`);
    // 32 astral letters are 64 UTF-16 units but 32 characters.
    const astral = '𝒶'.repeat(USERNAME_MAX); // NFKC maps MATHEMATICAL SCRIPT SMALL A to 'a'
    expect(valueOf(usernameSchema, astral)).toBe('a'.repeat(USERNAME_MAX));
    const han = '𠀀'.repeat(USERNAME_MAX); // astral CJK, unchanged by NFKC
    expect(han.length).toBe(USERNAME_MAX * 2);
    expect(valueOf(usernameSchema, han)).toBe(han);
    expect(messageOf(usernameSchema, '𠀀'.repeat(USERNAME_MAX + 1))).toBe(`Use at most ${USERNAME_MAX} characters`);
  });

  it('refuses invalid characters and a leading symbol', () => {
    for (const bad of ['al ice', 'alice@example.com', '.alice', '-alice', '_alice', 'ali<ce>', 'al/ice', "ali'ce", 'alice\u0000', '😀😀😀']) {
      expect(messageOf(usernameSchema, bad)).toMatch(/letters, numbers, dots, dashes and underscores/);
    }
  });

  it('refuses empty input with a message', () => {
    expect(messageOf(usernameSchema, '')).toBe('Enter a username');
    expect(messageOf(usernameSchema, '   ')).toBe('Enter a username');
  });

  it('answers a 10 kB string with a message, not a throw', () => {
    expect(messageOf(usernameSchema, TEN_KB)).toBe(`Use at most ${USERNAME_MAX} characters`);
  });

  it('answers non-string values with a message', () => {
    for (const v of NON_STRINGS) expect(messageOf(usernameSchema, v)).toBe('A username must be text');
    expect(messageOf(usernameSchema, null)).toBe('Enter a username');
    expect(messageOf(usernameSchema, undefined)).toBe('Enter a username');
  });
});

describe('emailSchema', () => {
  it('accepts and trims a valid address', () => {
    expect(valueOf(emailSchema, '  Name.Surname+tag@Example.co.uk ')).toBe('Name.Surname+tag@Example.co.uk');
    expect(normalizeEmail('  Name@Example.COM ')).toBe('name@example.com');
  });
  it('refuses invalid addresses', () => {
    for (const bad of ['plainaddress', 'no-at.example.com', '@example.com', 'name@', 'name@example', 'na me@example.com', 'a@b@c.com']) {
      expect(messageOf(emailSchema, bad)).toBe('Enter a valid email address, like name@example.com');
    }
  });
  it('refuses empty, too long and non-string values with a message', () => {
    expect(messageOf(emailSchema, '')).toBe('Enter an email address');
    expect(messageOf(emailSchema, `${TEN_KB}@example.com`)).toBe('Use at most 254 characters');
    for (const v of NON_STRINGS) expect(messageOf(emailSchema, v)).toBe('An email address must be text');
    expect(messageOf(emailSchema, null)).toBe('Enter an email address');
  });
});

describe('mobile numbers', () => {
  const gb = mobileSchema('GB');
  it.each([
    '+44 7700 900123',
    '+447700900123',
    '07700900123',
    '07700 900123',
    '07700-900-123',
    '(0)7700 900123',
    '+44 (0)7700 900123',
    '0044 7700 900123',
    '  07700 900 123  ',
  ])('normalizes %j with region GB to E.164', (input) => {
    expect(valueOf(gb, input)).toBe('+447700900123');
    expect(normalizeMobile(input, 'GB')).toBe('+447700900123');
  });

  it('normalizes real mobile ranges and other countries', () => {
    expect(valueOf(gb, '07911 123456')).toBe('+447911123456');
    expect(valueOf(gb, '+1 202 555 0143')).toBe('+12025550143');
    // The national form depends on the default region.
    expect(valueOf(mobileSchema('US'), '(202) 555-0143')).toBe('+12025550143');
    expect(valueOf(mobileSchema('US'), '+44 7911 123456')).toBe('+447911123456');
  });

  it.each(['12345', '07700 90012', '07700 9001234', '+44 7700 9001234567', 'abc', '+', '0000000000', '+999 123456789', '0770'])('refuses %j', (input) => {
    expect(messageOf(gb, input)).toBe('Enter a valid mobile number, like +44 7700 900123');
  });

  it('refuses empty, 10 kB and non-string values with a message', () => {
    expect(messageOf(gb, '')).toBe('Enter a mobile number');
    expect(messageOf(gb, TEN_KB)).toBe('Enter a valid mobile number, like +44 7700 900123');
    for (const v of NON_STRINGS) expect(messageOf(gb, v)).toBe('A mobile number must be text');
    expect(messageOf(gb, null)).toBe('Enter a mobile number');
  });

  it('optional() treats blank input as not given, but still validates given input', () => {
    const opt = optional(gb);
    expect(valueOf(opt, '')).toBeUndefined();
    expect(valueOf(opt, '   ')).toBeUndefined();
    expect(valueOf(opt, undefined)).toBeUndefined();
    expect(valueOf(opt, '07700900123')).toBe('+447700900123');
    expect(messageOf(opt, 'nope')).toBe('Enter a valid mobile number, like +44 7700 900123');
    expect(messageOf(opt, 42)).toBe('A mobile number must be text');
  });
});

describe('pinProblem', () => {
  it.each(['123456', '654321', '111111', '000000', '121212', '123123', '890123', '901234', '098765', '12341234', '999999999999'])('refuses trivial PIN %s', (pin) => {
    expect(pinProblem(pin)).toMatch(/^Avoid /);
  });
  it.each(['482916', '135792', '246802', '918273', '48291637', '123456789013'])('accepts %s', (pin) => {
    expect(pinProblem(pin)).toBeNull();
  });
  it('refuses short, long and non-digit PINs', () => {
    expect(pinProblem('48291')).toBe('Use 6 to 12 digits');
    expect(pinProblem('4829163759102')).toBe('Use 6 to 12 digits');
    expect(pinProblem('')).toBe('Use digits only');
    expect(pinProblem('48291a')).toBe('Use digits only');
    expect(pinProblem('482 916')).toBe('Use digits only');
    expect(pinProblem('-482916')).toBe('Use digits only');
    // Non-ASCII digits are not digits here.
    expect(pinProblem('٤٨٢٩١٦')).toBe('Use digits only');
  });
  it('newPinSchema reports the problem by the field, and non-strings with a message', () => {
    expect(valueOf(newPinSchema, '482916')).toBe('482916');
    expect(messageOf(newPinSchema, '123456')).toMatch(/^Avoid /);
    expect(messageOf(newPinSchema, '')).toBe('Enter a PIN');
    expect(messageOf(newPinSchema, TEN_KB)).toBe('Use digits only');
    expect(messageOf(newPinSchema, '1'.repeat(10 * 1024))).toBe('Use 6 to 12 digits');
    expect(messageOf(newPinSchema, 482916)).toBe('A PIN must be text');
    expect(messageOf(newPinSchema, null)).toBe('Enter a PIN');
  });
  it('pinInputSchema (sign-in) checks only the shape', () => {
    expect(valueOf(pinInputSchema, '123456')).toBe('123456');
    expect(messageOf(pinInputSchema, '12345678901234')).toBe('PINs are at most 12 digits');
    expect(messageOf(pinInputSchema, 'abcdef')).toBe('Use digits only');
    expect(messageOf(pinInputSchema, '')).toBe('Enter your PIN');
    expect(messageOf(pinInputSchema, { pin: '482916' })).toBe('Your PIN must be text');
  });
});

describe('passwords', () => {
  it('counts length in code points: an emoji counts once', () => {
    expect(valueOf(newPasswordSchema, '😀'.repeat(PASSWORD_MIN))).toBe('😀'.repeat(PASSWORD_MIN));
    expect(messageOf(newPasswordSchema, '😀'.repeat(PASSWORD_MIN - 1))).toBe(`Use at least ${PASSWORD_MIN} characters`);
    expect(valueOf(newPasswordSchema, '😀'.repeat(PASSWORD_MAX))).toHaveLength(PASSWORD_MAX * 2);
    expect(messageOf(newPasswordSchema, '😀'.repeat(PASSWORD_MAX + 1))).toBe(`Use at most ${PASSWORD_MAX} characters`);
  });
  it('bounds ASCII passwords at 12 and 128 characters', () => {
    expect(messageOf(newPasswordSchema, 'x'.repeat(11))).toBe('Use at least 12 characters');
    expect(valueOf(newPasswordSchema, 'x'.repeat(12))).toBe('x'.repeat(12));
    expect(valueOf(newPasswordSchema, 'x'.repeat(128))).toHaveLength(128);
    expect(messageOf(newPasswordSchema, 'x'.repeat(129))).toBe('Use at most 128 characters');
    expect(messageOf(newPasswordSchema, TEN_KB)).toBe('Use at most 128 characters');
  });
  it('does not trim or compose: spaces are part of the password', () => {
    expect(valueOf(newPasswordSchema, '  lantern orbit  ')).toBe('  lantern orbit  ');
  });
  it('answers empty and non-string values with a message', () => {
    expect(messageOf(newPasswordSchema, '')).toBe('Enter a password');
    for (const v of NON_STRINGS) expect(messageOf(newPasswordSchema, v)).toBe('A password must be text');
    expect(messageOf(newPasswordSchema, null)).toBe('Enter a password');
  });
  it('sign-in passwords are capped so nobody hashes 10 kB', () => {
    expect(valueOf(passwordInputSchema, 'short')).toBe('short');
    expect(messageOf(passwordInputSchema, TEN_KB)).toBe('Passwords are at most 128 characters');
    expect(messageOf(passwordInputSchema, '')).toBe('Enter your password');
    expect(messageOf(passwordInputSchema, ['a'])).toBe('Your password must be text');
  });
});
