// Card text: paragraphs and inline bold, italic and code become spans; HTML stays text, so a card cannot inject markup.

import { describe, expect, it } from 'vitest';
import { parseCardMarkdown } from '../../../renderer/src/tools/cardMarkdown';

describe('parseCardMarkdown', () => {
  it('splits paragraphs on blank lines and finds bold, italic and code', () => {
    expect(parseCardMarkdown('Cheapest on **Friday**: *TP 1351* at `07:40`.\n\n  Prices include one bag.  ')).toEqual([
      [
        { kind: 'text', text: 'Cheapest on ' },
        { kind: 'bold', text: 'Friday' },
        { kind: 'text', text: ': ' },
        { kind: 'italic', text: 'TP 1351' },
        { kind: 'text', text: ' at ' },
        { kind: 'code', text: '07:40' },
        { kind: 'text', text: '.' },
      ],
      [{ kind: 'text', text: 'Prices include one bag.' }],
    ]);
  });

  it('keeps HTML and unmatched markers as plain text', () => {
    expect(parseCardMarkdown('<img src=x onerror=alert(1)> 2 * 3 = 6 and **unclosed')).toEqual([
      [{ kind: 'text', text: '<img src=x onerror=alert(1)> 2 * 3 = 6 and **unclosed' }],
    ]);
    expect(parseCardMarkdown('\n\n \n')).toEqual([]);
  });
});
