// Our screen/window picker's decisions: Tandem's own windows never offered, screens first, obvious cases not asked.

import { describe, expect, it } from 'vitest';
import { chooseDisplayMediaSource } from '../../../main/app/displayMediaChoice';

const OWN = ['Tandem', 'Tandem HUD'];

describe('display media source choice', () => {
  it('grants the only screen without asking', () => {
    expect(chooseDisplayMediaSource([{ id: 'screen:0:0', name: 'Entire screen' }, { id: 'window:7:0', name: 'Tandem HUD' }], { ownWindowTitles: OWN })).toEqual({
      kind: 'grant',
      sourceId: 'screen:0:0',
    });
  });

  it('asks with screens first, then windows by name, without our own windows', () => {
    const choice = chooseDisplayMediaSource(
      [
        { id: 'window:3:0', name: 'editor.ts - Code' },
        { id: 'window:1:0', name: 'Tandem' },
        { id: 'screen:1:0', name: 'Screen 2' },
        { id: 'window:2:0', name: 'Browser' },
        { id: 'screen:0:0', name: 'Screen 1' },
      ],
      { ownWindowTitles: OWN },
    );
    expect(choice.kind).toBe('ask');
    if (choice.kind === 'ask') expect(choice.sources.map((source) => source.id)).toEqual(['screen:0:0', 'screen:1:0', 'window:2:0', 'window:3:0']);
  });

  it('grants the remembered source while it exists, and asks again once it is gone', () => {
    const sources = [{ id: 'screen:0:0', name: 'Screen 1' }, { id: 'window:2:0', name: 'Browser' }];
    expect(chooseDisplayMediaSource(sources, { rememberedId: 'window:2:0', ownWindowTitles: OWN })).toEqual({ kind: 'grant', sourceId: 'window:2:0' });
    expect(chooseDisplayMediaSource(sources, { rememberedId: 'window:9:0', ownWindowTitles: OWN }).kind).toBe('ask');
  });

  it('denies with advice when nothing can be captured', () => {
    const choice = chooseDisplayMediaSource([{ id: 'window:1:0', name: 'Tandem' }, { id: 'tab:1', name: 'x' }], { ownWindowTitles: OWN });
    expect(choice.kind).toBe('deny');
    if (choice.kind === 'deny') expect(choice.reason).toMatch(/Screen Recording/);
  });
});
