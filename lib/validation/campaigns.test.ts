import { describe, expect, it } from 'vitest';
import { campaignSchema, paragraphsOf } from './campaigns';
import { policySchema } from './policy';

const errors = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((r.error?.issues ?? []).map((i) => [String(i.path[0]), i.message]));

describe('campaignSchema', () => {
  it('accepts an optional topic, a one-line subject and a body', () => {
    expect(campaignSchema.parse({ topic: 'offers', subject: '  Winter sale  ', body: 'Hello\n\nBye' })).toEqual({ topic: 'offers', subject: 'Winter sale', body: 'Hello\n\nBye' });
  });

  it('refuses mandatory topics, empty and over-long fields with a message per field', () => {
    expect(errors(campaignSchema.safeParse({ topic: 'service', subject: '', body: ' ' }))).toEqual({
      topic: 'Choose the topic customers subscribed to',
      subject: 'Enter a subject',
      body: 'Write the message',
    });
    expect(errors(campaignSchema.safeParse({ topic: 'newsletter', subject: 'a\nb', body: 'x'.repeat(5001) }))).toEqual({
      subject: 'Keep the subject on one line',
      body: 'Use at most 5000 characters',
    });
    expect(errors(campaignSchema.safeParse({ topic: 'offers', subject: 'x'.repeat(151), body: 'ok' }))).toEqual({ subject: 'Use at most 150 characters' });
  });

  it('splits the body into paragraphs on blank lines', () => {
    expect(paragraphsOf('One\ntwo\n\n\n  Three  \n \nFour')).toEqual(['One two', 'Three', 'Four']);
  });
});

describe('policySchema', () => {
  it('checks the label, summary and body', () => {
    expect(errors(policySchema.safeParse({ version: '', summary: '', body: '' }))).toEqual({
      version: 'Enter a version label, like 2026-12',
      summary: 'Say what changed: customers see this summary',
      body: 'Enter the policy text',
    });
    expect(errors(policySchema.safeParse({ version: '<v2>', summary: 's', body: 'b' }))).toEqual({
      version: 'Use letters, numbers, spaces, dots and dashes, starting with a letter or number',
    });
    expect(policySchema.parse({ version: ' 2026-12 ', summary: 'New', body: 'Text' }).version).toBe('2026-12');
  });
});
