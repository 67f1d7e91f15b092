import { describe, expect, it } from 'vitest';
import { safeNext } from '../safe-next';
import { fieldErrorsOf, forgotSchema, passwordContextProblem, passwordSignInSchema, pinSignInSchema, resetPinSchema, signUpSchema } from './auth';

const CONTEXT_MESSAGE = 'Your password must not contain your username or email address';
const base = { username: 'Ａｌｉｃｅ_1', email: 'Alice.Liddell@Example.com', password: 'harbour lantern orbit 42' };

function errorsOf(schema: { safeParse: (v: unknown) => { success: boolean; error?: unknown } }, value: unknown): Record<string, string[]> {
  const r = schema.safeParse(value);
  expect(r.success, 'expected the input to be refused').toBe(false);
  return fieldErrorsOf(r.error as Parameters<typeof fieldErrorsOf>[0]);
}

describe('passwordContextProblem', () => {
  it('refuses a password containing the username, in any case or width', () => {
    expect(passwordContextProblem('my name is alice42!', { username: 'alice42' })).toBe(CONTEXT_MESSAGE);
    expect(passwordContextProblem('MY NAME IS ALICE42!', { username: 'alice42' })).toBe(CONTEXT_MESSAGE);
    expect(passwordContextProblem('ｍｙ　ＡＬＩＣＥ４２ pass', { username: 'alice42' })).toBe(CONTEXT_MESSAGE);
  });
  it("refuses a password containing the email's local part", () => {
    expect(passwordContextProblem('Liddell.Alice rabbit hole', { email: 'liddell.alice@example.com' })).toBe(CONTEXT_MESSAGE);
  });
  it('ignores the domain and parts shorter than 3 characters', () => {
    expect(passwordContextProblem('example.com forever and ever', { email: 'zed@example.com' })).toBeNull();
    expect(passwordContextProblem('a bo river lantern', { username: 'bo', email: 'a@example.com' })).toBeNull();
  });
  it('accepts an unrelated password', () => {
    expect(passwordContextProblem('harbour lantern orbit 42', { username: 'alice42', email: 'alice@example.com' })).toBeNull();
  });
});

describe('signUpSchema', () => {
  const schema = signUpSchema('GB');

  it('normalizes the username and mobile, and drops blank optional fields', () => {
    const r = schema.safeParse({ ...base, mobile: '07700 900123', pin: '482916' });
    expect(r.success).toBe(true);
    expect(r.data).toMatchObject({ username: 'alice_1', mobile: '+447700900123', pin: '482916' });
    const blank = schema.safeParse({ ...base, mobile: '', pin: '' });
    expect(blank.success).toBe(true);
    expect(blank.data?.mobile).toBeUndefined();
    expect(blank.data?.pin).toBeUndefined();
  });

  it('puts "PIN without mobile" on the mobile field', () => {
    expect(errorsOf(schema, { ...base, pin: '482916' })).toEqual({ mobile: ['Add a mobile number to sign in with a PIN'] });
    expect(errorsOf(schema, { ...base, mobile: '  ', pin: '482916' })).toEqual({ mobile: ['Add a mobile number to sign in with a PIN'] });
  });

  it('puts a trivial PIN on the pin field', () => {
    expect(errorsOf(schema, { ...base, mobile: '07700900123', pin: '123456' }).pin?.[0]).toMatch(/^Avoid/);
    expect(errorsOf(schema, { ...base, mobile: '07700900123', pin: '111111' }).pin?.[0]).toMatch(/^Avoid/);
  });

  it('refuses a password containing the (normalized) username', () => {
    expect(errorsOf(schema, { ...base, password: 'ALICE_1 is my name!' })).toEqual({ password: [CONTEXT_MESSAGE] });
  });

  it('reports every bad field at once, each under its own name', () => {
    const errors = errorsOf(schema, { username: '!', email: 'nope', password: 'short', mobile: '123', pin: 'abc' });
    expect(Object.keys(errors).sort()).toEqual(['email', 'mobile', 'password', 'pin', 'username']);
  });

  it('answers 10 kB values and non-strings in every field with messages, not throws', () => {
    const big = 'x'.repeat(10 * 1024);
    const errors = errorsOf(schema, { username: big, email: big, password: big, mobile: big, pin: big });
    expect(Object.keys(errors).sort()).toEqual(['email', 'mobile', 'password', 'pin', 'username']);
    for (const v of [42, { a: 1 }, ['a'], true]) {
      const e = errorsOf(schema, { username: v, email: v, password: v, mobile: v, pin: v });
      expect(e.username).toEqual(['A username must be text']);
      expect(e.email).toEqual(['An email address must be text']);
      expect(e.password).toEqual(['A password must be text']);
      expect(e.mobile).toEqual(['A mobile number must be text']);
      expect(e.pin).toEqual(['A PIN must be text']);
    }
    expect(Object.keys(errorsOf(schema, { username: null, email: null, password: null })).sort()).toEqual(['email', 'password', 'username']);
    expect(Object.keys(errorsOf(schema, null))).toEqual(['_form']);
    expect(Object.keys(errorsOf(schema, 'a string'))).toEqual(['_form']);
  });
});

describe('sign-in schemas', () => {
  it('password sign-in trims the identifier and caps both fields', () => {
    expect(passwordSignInSchema.parse({ identifier: '  Alice ', password: 'x' })).toEqual({ identifier: 'Alice', password: 'x' });
    const e = errorsOf(passwordSignInSchema, { identifier: 'a'.repeat(10_240), password: 'b'.repeat(10_240) });
    expect(e.identifier).toEqual(['Use at most 254 characters']);
    expect(e.password).toEqual(['Passwords are at most 128 characters']);
    expect(errorsOf(passwordSignInSchema, { identifier: ' ', password: '' })).toEqual({ identifier: ['Enter your username or email'], password: ['Enter your password'] });
  });
  it('PIN sign-in normalizes the mobile number', () => {
    expect(pinSignInSchema('GB').parse({ mobile: '+44 7700 900123', pin: '123456' })).toEqual({ mobile: '+447700900123', pin: '123456' });
    expect(errorsOf(pinSignInSchema('GB'), { mobile: 'nope', pin: 'x' })).toEqual({
      mobile: ['Enter a valid mobile number, like +44 7700 900123'],
      pin: ['Use digits only'],
    });
  });
  it('forgot and reset schemas answer bad values with messages', () => {
    expect(errorsOf(forgotSchema, { identifier: 'x'.repeat(10_240) })).toEqual({ identifier: ['Use at most 254 characters'] });
    expect(errorsOf(forgotSchema, { identifier: 7 })).toEqual({ identifier: ['Your username, email or mobile number must be text'] });
    expect(errorsOf(resetPinSchema, { token: 'abc', pin: '654321' }).pin?.[0]).toMatch(/^Avoid/);
  });
});

describe('safeNext', () => {
  it.each(['/account', '/account/profile?tab=1#x', '/admin/users/1'])('keeps the same-site path %j', (p) => {
    expect(safeNext(p)).toBe(p);
  });
  it.each([
    '//evil.example',
    '//evil.example/account',
    'https://x',
    'https://evil.example/account',
    'javascript:alert(1)',
    '/\\evil.example',
    '\\\\evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    'account',
    '',
    `/${'a'.repeat(600)}`,
  ])('refuses %j', (p) => {
    expect(safeNext(p)).toBe('/account');
    expect(safeNext(p, '/home')).toBe('/home');
  });
  it('refuses non-strings', () => {
    for (const v of [undefined, null, 1, ['/account'], { href: '/account' }]) expect(safeNext(v)).toBe('/account');
  });
  it('never yields a path a browser would resolve off-site', () => {
    for (const p of ['/\t/evil.example', '/\\evil.example', '//evil.example', '/\n\\evil.example', '/account']) {
      expect(new URL(safeNext(p), 'https://app.example/sign-in').origin).toBe('https://app.example');
    }
  });
});
