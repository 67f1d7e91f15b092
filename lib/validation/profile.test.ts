import { describe, expect, it } from 'vitest';
import { COUNTRY_CODES, LANGUAGES } from '../countries';
import { dateOfBirthSchema, PROFILE_FIELD_NAMES, PROFILE_FIELDS, profileSchema, removeFieldSchema, type ProfileField } from './profile';

const TODAY = new Date('2030-06-15T12:00:00Z');
const schema = profileSchema(TODAY);
const TEN_KB = 'a'.repeat(10 * 1024);
const NON_STRINGS: unknown[] = [42, 0, true, { a: 1 }, ['Ada'], [], { toString: () => 'Ada' }];
const CONTROL = ['a\nb', 'a\rb', 'a\u0000b', 'a\tb', 'a\u001bb', 'a\u007fb', 'a\u0085b', 'a\u2028b', 'a\u2029b'];

const VALID = {
  fullName: 'Ada Lovelace',
  preferredName: 'Ada',
  dateOfBirth: '1990-04-21',
  addressLine1: '1 High Street',
  addressLine2: 'Flat 2',
  city: 'London',
  region: 'Greater London',
  postalCode: 'sw1a 1aa',
  country: 'GB',
  company: 'Analytical Engines Ltd',
  preferredLanguage: 'en-GB',
  timeZone: 'Europe/London',
  version: '3',
};

/** Parses the whole form with one field replaced; never throws (a throw fails the test). */
function parseWith(field: ProfileField | 'version', value: unknown) {
  let result: ReturnType<typeof schema.safeParse> | undefined;
  expect(() => (result = schema.safeParse({ ...VALID, [field]: value }))).not.toThrow();
  return result!;
}

/** The messages for one field, having checked that the parse failed on that field only. */
function errorsFor(field: ProfileField | 'version', value: unknown): string[] {
  const r = parseWith(field, value);
  expect(r.success, `expected ${field}=${JSON.stringify(value)?.slice(0, 60)} to be refused`).toBe(false);
  const paths = new Set(r.error!.issues.map((i) => String(i.path[0])));
  expect([...paths], 'the message is for the field itself').toEqual([field]);
  return r.error!.issues.map((i) => i.message);
}

function accepted(field: ProfileField, value: unknown) {
  const r = parseWith(field, value);
  expect(r.success, `expected ${field}=${JSON.stringify(value)} to be accepted: ${r.error?.issues.map((i) => i.message).join('; ')}`).toBe(true);
  return r.data![field];
}

const TEXT_FIELDS = ['fullName', 'preferredName', 'addressLine1', 'addressLine2', 'city', 'region', 'company'] as const;
const OPTIONAL_FIELDS = PROFILE_FIELD_NAMES.filter((f) => !PROFILE_FIELDS[f].required);

describe('profile schema: a valid form', () => {
  it('parses, trims and normalises', () => {
    const r = schema.safeParse({ ...VALID, fullName: '  Ada Lovelace  ', country: 'gb' });
    expect(r.success).toBe(true);
    expect(r.data).toEqual({ ...VALID, fullName: 'Ada Lovelace', postalCode: 'SW1A 1AA', country: 'GB', version: 3 });
  });

  it('treats empty and blank optional inputs as not given', () => {
    const blank = Object.fromEntries(OPTIONAL_FIELDS.map((f, i) => [f, i % 2 ? '' : '   ']));
    const r = schema.safeParse({ ...VALID, ...blank });
    expect(r.success).toBe(true);
    for (const f of OPTIONAL_FIELDS) expect(r.data![f]).toBeUndefined();
  });

  it('drops keys that are not profile fields (a posted userId is never used)', () => {
    const r = schema.safeParse({ ...VALID, userId: '00000000-0000-0000-0000-000000000000', version: 1 });
    expect(r.success).toBe(true);
    expect(r.data).not.toHaveProperty('userId');
  });
});

describe('full name', () => {
  it('is required', () => {
    expect(errorsFor('fullName', '')).toEqual(['Enter your full name']);
    expect(errorsFor('fullName', '   ')).toEqual(['Enter your full name']);
    expect(errorsFor('fullName', undefined)).toEqual(['Enter your full name']);
    expect(errorsFor('fullName', null)).toEqual(['Enter your full name']);
  });
});

describe.each(TEXT_FIELDS)('%s', (field) => {
  const max = field === 'preferredName' || field === 'city' || field === 'region' ? 100 : 200;

  it(`allows ${max} characters (code points, so emoji count once) and refuses more`, () => {
    expect(accepted(field, 'x'.repeat(max))).toBe('x'.repeat(max));
    expect(accepted(field, '😀'.repeat(max))).toBe('😀'.repeat(max));
    expect(errorsFor(field, 'x'.repeat(max + 1))).toContain(`Use at most ${max} characters`);
    expect(errorsFor(field, '😀'.repeat(max + 1))).toContain(`Use at most ${max} characters`);
  });

  it('refuses a 10 kB string with a length message', () => {
    expect(errorsFor(field, TEN_KB)[0]).toBe(`Use at most ${max} characters`);
  });

  it.each(CONTROL)('refuses control characters and line breaks inside the text (%j)', (value) => {
    expect(errorsFor(field, value)).toEqual(['Remove line breaks and control characters']);
  });

  it('trims surrounding whitespace, including a trailing newline', () => {
    expect(accepted(field, '  Ada\n')).toBe('Ada');
  });

  it('keeps HTML and script as plain text, verbatim', () => {
    for (const html of ['<img src=x onerror=alert(1)>', '<script>alert("x")</script>', '"><svg onload=alert(1)>', "Robert'); DROP TABLE users;--"]) {
      expect(accepted(field, html)).toBe(html);
    }
  });

  it('keeps accents and other scripts', () => {
    expect(accepted(field, 'Zoë Ñúñez 王小明 محمد')).toBe('Zoë Ñúñez 王小明 محمد');
  });

  it.each(NON_STRINGS)('answers a non-string value (%j) with a message, not a throw', (value) => {
    const [message] = errorsFor(field, value);
    expect(message).toMatch(/must be text$/);
  });
});

describe('date of birth', () => {
  it('accepts a real past date', () => {
    expect(accepted('dateOfBirth', '1990-04-21')).toBe('1990-04-21');
    expect(accepted('dateOfBirth', '2000-02-29')).toBe('2000-02-29');
    expect(accepted('dateOfBirth', ' 1990-04-21 ')).toBe('1990-04-21');
  });

  it.each(['2023-02-30', '1990-13-01', '1990-00-10', '1990-04-31', '2001-02-29', '1990-04-00'])('refuses the impossible date %s', (v) => {
    expect(errorsFor('dateOfBirth', v)).toEqual(['Enter a real date']);
  });

  // The form shows the first message of a field; later checks may add more, which is harmless.
  it.each(['yesterday', '21/04/1990', '1990-4-21', '19900421', '1990-04-21T00:00:00Z', '<script>', TEN_KB, '1990-04-21\n1990'])('refuses %j with the expected format', (v) => {
    expect(errorsFor('dateOfBirth', v)[0]).toBe('Enter a date like 1990-04-21');
  });

  it('refuses the future, and accepts today', () => {
    expect(errorsFor('dateOfBirth', '2030-06-16')).toEqual(['Your date of birth cannot be in the future']);
    expect(errorsFor('dateOfBirth', '2099-01-01')).toEqual(['Your date of birth cannot be in the future']);
    expect(accepted('dateOfBirth', '2030-06-15')).toBe('2030-06-15');
  });

  it('refuses an age over 130, and accepts exactly 130', () => {
    expect(accepted('dateOfBirth', '1900-06-15')).toBe('1900-06-15');
    expect(errorsFor('dateOfBirth', '1900-06-14')).toEqual(['Check the year: that would make you over 130']);
    expect(errorsFor('dateOfBirth', '0001-01-01')).toEqual(['Check the year: that would make you over 130']);
  });

  it('uses the real today by default', () => {
    const future = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    expect(dateOfBirthSchema().safeParse(future).success).toBe(false);
    expect(dateOfBirthSchema().safeParse('1990-04-21').success).toBe(true);
  });

  it.each([19900421, new Date('1990-04-21'), { y: 1990 }, ['1990-04-21'], true])('answers %j with a message, not a throw', (value) => {
    expect(errorsFor('dateOfBirth', value)).toEqual(['A date of birth must be text']);
  });
});

describe('postal code', () => {
  it('upper-cases and keeps spaces and dashes', () => {
    expect(accepted('postalCode', 'sw1a 1aa')).toBe('SW1A 1AA');
    expect(accepted('postalCode', '10115')).toBe('10115');
    expect(accepted('postalCode', '1234-567')).toBe('1234-567');
  });

  it.each(['<b>1</b>', '-123', 'AB@12', "1'; --"])('refuses %j', (v) => {
    expect(errorsFor('postalCode', v)).toEqual(['Use letters, numbers, spaces and dashes']);
  });

  it('refuses long and multi-line codes', () => {
    expect(errorsFor('postalCode', TEN_KB)[0]).toBe('Use at most 20 characters');
    expect(errorsFor('postalCode', 'x'.repeat(21))[0]).toBe('Use at most 20 characters');
    expect(errorsFor('postalCode', 'SW1A\n1AA')[0]).toBe('Remove line breaks and control characters');
  });

  it.each(NON_STRINGS)('answers %j with a message', (value) => {
    expect(errorsFor('postalCode', value)).toEqual(['A postal code must be text']);
  });
});

describe('country', () => {
  it('accepts every code in the list, in any case', () => {
    for (const code of COUNTRY_CODES) expect(accepted('country', code)).toBe(code);
    expect(accepted('country', 'de')).toBe('DE');
  });

  it.each(['XX', 'ZZ', 'UK', 'GBR', 'United Kingdom', '<GB>', TEN_KB, 'G\nB'])('refuses %j', (v) => {
    expect(errorsFor('country', v)).toEqual(['Choose a country from the list']);
  });

  it.each(NON_STRINGS)('answers %j with a message', (value) => {
    expect(errorsFor('country', value)).toEqual(['A country must be text']);
  });
});

describe('preferred language', () => {
  it('accepts the listed languages exactly', () => {
    for (const l of LANGUAGES) expect(accepted('preferredLanguage', l)).toBe(l);
  });

  it.each(['en', 'EN-GB', 'xx', 'klingon', TEN_KB])('refuses %j', (v) => {
    expect(errorsFor('preferredLanguage', v)).toEqual(['Choose a language from the list']);
  });

  it.each(NON_STRINGS)('answers %j with a message', (value) => {
    expect(errorsFor('preferredLanguage', value)).toEqual(['A language must be text']);
  });
});

describe('time zone', () => {
  it('accepts IANA zones', () => {
    expect(accepted('timeZone', 'Europe/London')).toBe('Europe/London');
    expect(accepted('timeZone', 'America/Indiana/Knox')).toBe('America/Indiana/Knox');
  });

  it.each(['Mars/Olympus_Mons', 'europe/london', 'GMT+25', TEN_KB, 'Europe/London\n'])('refuses %j', (v) => {
    expect(errorsFor('timeZone', v)).toEqual(['Choose a time zone from the list']);
  });

  it.each(NON_STRINGS)('answers %j with a message', (value) => {
    expect(errorsFor('timeZone', value)).toEqual(['A time zone must be text']);
  });
});

describe('version', () => {
  it.each(['abc', '', '0', '-1', '1.5', null, { v: 1 }])('refuses %j', (v) => {
    expect(errorsFor('version', v).length).toBeGreaterThan(0);
  });
});

describe('a whole bad form', () => {
  it('reports every bad field at once, each by its own name', () => {
    const r = schema.safeParse({ fullName: '', dateOfBirth: '2023-02-30', country: 'XX', preferredLanguage: 'xx', timeZone: 'Nowhere', company: TEN_KB, city: 'a\nb', version: 1 });
    expect(r.success).toBe(false);
    expect(Object.fromEntries(r.error!.issues.map((i) => [i.path[0], i.message]))).toEqual({
      fullName: 'Enter your full name',
      dateOfBirth: 'Enter a real date',
      country: 'Choose a country from the list',
      preferredLanguage: 'Choose a language from the list',
      timeZone: 'Choose a time zone from the list',
      company: 'Use at most 200 characters',
      city: 'Remove line breaks and control characters',
    });
  });

  it.each([null, undefined, 'fullName=Ada', 42, [VALID]])('answers a non-object body (%j) with messages, not a throw', (body) => {
    expect(() => schema.safeParse(body)).not.toThrow();
    expect(schema.safeParse(body).success).toBe(false);
  });
});

describe('removeFieldSchema', () => {
  it('allows every optional field, and never the full name', () => {
    for (const f of OPTIONAL_FIELDS) expect(removeFieldSchema.safeParse({ field: f, version: 1 }).success).toBe(true);
    const r = removeFieldSchema.safeParse({ field: 'fullName', version: 1 });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toBe('This detail cannot be removed');
  });

  it.each(['version', 'userId', 'email', 'pinHash', 42, { f: 1 }])('refuses %j', (field) => {
    expect(removeFieldSchema.safeParse({ field, version: 1 }).success).toBe(false);
  });
});
