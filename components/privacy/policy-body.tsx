import { parsePolicyText } from '@/lib/policy-text';

/**
 * The policy text as headings, lists and paragraphs. Built from React
 * elements, so whatever the text holds is shown as text, never run as HTML.
 * `headingLevel` is the level of a `#` section (h2 under the page's h1).
 */
export function PolicyBody({ text, headingLevel = 2 }: { text: string; headingLevel?: 2 | 3 | 4 }) {
  return (
    <div className="flex max-w-prose flex-col gap-3 break-words">
      {parsePolicyText(text).map((b, i) => {
        if (b.kind === 'heading') {
          const level = Math.min(6, headingLevel + (b.level - 2));
          const Tag = `h${level}` as 'h2';
          return (
            <Tag key={i} className={level === headingLevel ? 'mt-3 text-xl font-semibold' : 'mt-2 text-lg font-semibold'}>
              {b.text}
            </Tag>
          );
        }
        if (b.kind === 'list')
          return (
            <ul key={i} className="ml-6 list-disc space-y-1">
              {b.items.map((item, j) => (
                <li key={j}>{item}</li>
              ))}
            </ul>
          );
        return <p key={i}>{b.text}</p>;
      })}
    </div>
  );
}
