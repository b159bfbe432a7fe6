// Every built-in tool's spec is a valid JSON Schema (draft 2020-12) that accepts and rejects the same arguments as its zod schema.

import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { builtinTools } from '../../../../main/background/tools/builtins';
import { DesktopToolBroker } from '../../../../main/background/tools/desktopToolBroker';
import { ToolRegistry } from '../../../../main/background/tools/toolRegistry';
import { TOOL_PERMISSION_DEFAULTS } from '../../../../main/background/tools/toolPermissions';

const tools = builtinTools({
  timers: { addTimer: () => ({ id: 't0', dueAtMs: 0, dueInMs: 0, text: '' }) },
  latestScreenFrame: () => null,
  screenReader: { read: async () => '', close: async () => {} },
  toolOptions: () => ({ webSearch: { provider: 'none', endpoint: null, apiKey: null }, filesFolder: null }),
  desktop: new DesktopToolBroker(),
});
const registry = new ToolRegistry({ tools });

/** Arguments per tool: [args, valid?]. */
const SAMPLES: Record<string, Array<[unknown, boolean]>> = {
  set_timer: [[{ durationS: 90, label: 'tea' }, true], [{ durationS: -1 }, false], [{ durationS: 5, extra: 1 }, false], [{}, false]],
  remind: [[{ text: 'stretch', inS: 60, repeatEveryS: 600 }, true], [{ text: '', inS: 1 }, false], [{ text: 'x' }, false]],
  web_search: [[{ query: 'tandem', maxResults: 3 }, true], [{ query: 'q', maxResults: 11 }, false], [{ query: 3 }, false]],
  read_screen: [[{}, true], [{ region: 'top' }, false]],
  find_files: [[{ pattern: '*.pdf', subfolder: 'docs' }, true], [{ pattern: '' }, false], [{ pattern: 'a', maxResults: 0 }, false]],
  clipboard_read: [[{}, true], [{ text: 'x' }, false]],
  clipboard_write: [[{ text: 'hello' }, true], [{}, false]],
  notify: [[{ title: 'Done', body: 'The build passed.' }, true], [{ body: 'no title' }, false]],
  show_card: [
    [{ title: 'Weather', markdown: '**Sunny**', items: ['a'], links: [{ title: 'BBC', url: 'https://bbc.co.uk' }] }, true],
    [{ title: 'Bad link', links: [{ title: 'x', url: 'javascript:alert(1)' }] }, false],
  ],
  open_url: [[{ url: 'https://example.org/a?b=1' }, true], [{ url: 'file:///etc/passwd' }, false], [{ url: 'not a url' }, false]],
};

describe('tool specs', () => {
  it('lists every built-in tool once, each with a permission table entry', () => {
    const names = registry.specs().map((spec) => spec.name);
    expect(names.sort()).toEqual(Object.keys(TOOL_PERMISSION_DEFAULTS).sort());
    expect(new Set(names).size).toBe(names.length);
  });

  it('are valid draft 2020-12 JSON Schemas of an object, and agree with zod on valid and invalid arguments', () => {
    const ajv = new Ajv2020({ strict: false });
    for (const spec of registry.specs()) {
      expect(spec.parameters.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(spec.parameters.type).toBe('object');
      expect(spec.description.length).toBeGreaterThan(10);
      const validate = ajv.compile(spec.parameters);
      const zod = tools.find((tool) => tool.name === spec.name)!.parameters;
      const samples = SAMPLES[spec.name];
      expect(samples, `samples for ${spec.name}`).toBeDefined();
      for (const [args, valid] of samples) {
        const byZod = zod.safeParse(args).success;
        expect([spec.name, args, validate(args)]).toEqual([spec.name, args, valid]);
        expect([spec.name, args, byZod]).toEqual([spec.name, args, valid]);
      }
    }
  });

  it('describes parameters for the model (descriptions carried over from zod)', () => {
    const setTimer = registry.specs().find((spec) => spec.name === 'set_timer')!;
    expect(setTimer.parameters).toMatchObject({
      properties: { durationS: { type: 'number', description: expect.stringContaining('seconds') } },
      required: ['durationS'],
      additionalProperties: false,
    });
  });
});
