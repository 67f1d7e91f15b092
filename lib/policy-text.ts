/**
 * The policy is stored as plain text with a little markdown-like structure
 * and rendered as React elements (escaped like any text), never as HTML:
 * a line `# Title` or `## Section` is a heading, a block whose lines all start
 * with `- ` is a list, any other block (blocks are separated by blank lines)
 * is a paragraph.
 */
export type PolicyBlock = { kind: 'heading'; level: 2 | 3; text: string } | { kind: 'list'; items: string[] } | { kind: 'paragraph'; text: string };

export function parsePolicyText(source: string): PolicyBlock[] {
  const blocks: PolicyBlock[] = [];
  for (const raw of source.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    const lines = raw.split('\n').map((l) => l.trim()).filter(Boolean);
    let rest: string[] = [];
    const flush = () => {
      if (!rest.length) return;
      if (rest.every((l) => /^[-*] /.test(l))) blocks.push({ kind: 'list', items: rest.map((l) => l.slice(2).trim()) });
      else blocks.push({ kind: 'paragraph', text: rest.join(' ') });
      rest = [];
    };
    for (const line of lines) {
      const heading = /^(#{1,3})\s+(.+)$/.exec(line);
      if (heading) {
        flush();
        // The page has its own h1: a `#` in the text is a section (h2), `##` and deeper a subsection (h3).
        blocks.push({ kind: 'heading', level: heading[1]!.length === 1 ? 2 : 3, text: heading[2]!.trim() });
      } else rest.push(line);
    }
    flush();
  }
  return blocks;
}
