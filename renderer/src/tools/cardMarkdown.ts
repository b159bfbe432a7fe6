// The small part of Markdown a card shows (paragraphs, **bold**, *italic*, `code`), parsed into spans: never HTML, so a card cannot inject markup.

export type MarkdownSpan = { kind: 'text' | 'bold' | 'italic' | 'code'; text: string };

/** Paragraphs (split on blank lines), each a list of spans; anything unrecognized stays plain text. */
export function parseCardMarkdown(markdown: string): MarkdownSpan[][] {
  return markdown
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0)
    .map(parseInline);
}

// As in CommonMark, emphasis must hug its text: `2 * 3 = 6 * 1` stays plain.
const INLINE = /(`[^`\n]+`|\*\*(?!\s)[^*\n]+(?<!\s)\*\*|\*(?!\s)[^*\n]+(?<!\s)\*)/g;

function parseInline(paragraph: string): MarkdownSpan[] {
  const spans: MarkdownSpan[] = [];
  let last = 0;
  for (const match of paragraph.matchAll(INLINE)) {
    const token = match[0];
    if (match.index > last) spans.push({ kind: 'text', text: paragraph.slice(last, match.index) });
    if (token.startsWith('`')) spans.push({ kind: 'code', text: token.slice(1, -1) });
    else if (token.startsWith('**')) spans.push({ kind: 'bold', text: token.slice(2, -2) });
    else spans.push({ kind: 'italic', text: token.slice(1, -1) });
    last = match.index + token.length;
  }
  if (last < paragraph.length) spans.push({ kind: 'text', text: paragraph.slice(last) });
  return spans;
}
