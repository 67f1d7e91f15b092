import { describe, expect, it } from 'vitest';
import { parsePolicyText } from './policy-text';

describe('parsePolicyText', () => {
  it('reads headings, lists and paragraphs separated by blank lines', () => {
    const blocks = parsePolicyText('# What we keep\n\nWe keep your\nsign-in details.\n\n- your username\n- your email address\n\n## Login history\nWe keep it 90 days.');
    expect(blocks).toEqual([
      { kind: 'heading', level: 2, text: 'What we keep' },
      { kind: 'paragraph', text: 'We keep your sign-in details.' },
      { kind: 'list', items: ['your username', 'your email address'] },
      { kind: 'heading', level: 3, text: 'Login history' },
      { kind: 'paragraph', text: 'We keep it 90 days.' },
    ]);
  });

  it('keeps markup as text (rendering escapes it) and treats a mixed block as a paragraph', () => {
    expect(parsePolicyText('<script>alert(1)</script>\r\n- not a list\nbecause this line is not an item')).toEqual([
      { kind: 'paragraph', text: '<script>alert(1)</script> - not a list because this line is not an item' },
    ]);
    expect(parsePolicyText('  \n\n ')).toEqual([]);
  });
});
