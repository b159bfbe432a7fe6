// The page's desktop tool executors: each tool does its one thing, and refusals, bad arguments and unknown tools come back as errors, never throws.

import { describe, expect, it } from 'vitest';
import { runDesktopTool } from '../../../renderer/src/tools/desktopToolExecutor';
import { RecordingToolEnvironment } from './desktopToolEnvironment.fake';

const request = (tool: string, args: Record<string, unknown>) => ({ callId: 'call-1', tool, args });

describe('runDesktopTool', () => {
  it('writes and reads the clipboard', async () => {
    const env = new RecordingToolEnvironment();
    expect(await runDesktopTool(request('clipboard_read', {}), env)).toEqual({ ok: true, content: '(the clipboard holds no text)' });
    expect(await runDesktopTool(request('clipboard_write', { text: 'héllo' }), env)).toEqual({ ok: true, content: 'copied 5 characters to the clipboard' });
    expect(await runDesktopTool(request('clipboard_read', {}), env)).toEqual({ ok: true, content: 'héllo' });
  });

  it('says where a notification appeared', async () => {
    const env = new RecordingToolEnvironment();
    expect(await runDesktopTool(request('notify', { title: 'Build passed', body: 'All 312 tests' }), env)).toEqual({ ok: true, content: 'notification shown in Tandem\'s window (system notifications are not allowed)' });
    env.systemNotifications = true;
    expect(await runDesktopTool(request('notify', { title: 'Again' }), env)).toEqual({ ok: true, content: 'notification shown' });
    expect(env.notices).toEqual([['Build passed', 'All 312 tests'], ['Again', undefined]]);
  });

  it('shows a card under its callId and opens http(s) links only', async () => {
    const env = new RecordingToolEnvironment();
    const card = { title: 'Weather', markdown: '**Sunny**', items: ['18 °C'], links: [{ title: 'Forecast', url: 'https://weather.example/' }] };
    expect(await runDesktopTool(request('show_card', card), env)).toEqual({ ok: true, content: 'card shown in the Cards panel' });
    expect(env.cards).toEqual([['call-1', card]]);
    expect(await runDesktopTool(request('open_url', { url: 'https://example.org/x' }), env)).toEqual({ ok: true, content: 'opened https://example.org/x in the browser' });
    expect(await runDesktopTool(request('open_url', { url: 'file:///etc/passwd' }), env)).toMatchObject({ ok: false, error: expect.stringMatching(/^invalid arguments for open_url: url: /) });
    expect(env.opened).toEqual(['https://example.org/x']);
  });

  it('turns a refusal by the browser into an error for the model', async () => {
    const env = new RecordingToolEnvironment();
    env.refuseClipboard = 'Document is not focused.';
    expect(await runDesktopTool(request('clipboard_read', {}), env)).toEqual({ ok: false, error: 'clipboard_read failed in the window: Document is not focused.' });
  });

  it('refuses tools it does not run and arguments outside the schema', async () => {
    const env = new RecordingToolEnvironment();
    expect(await runDesktopTool(request('find_files', { pattern: 'x' }), env)).toEqual({ ok: false, error: 'find_files is not a desktop tool this window can run' });
    expect(await runDesktopTool(request('show_card', { title: '' }), env)).toMatchObject({ ok: false, error: expect.stringMatching(/^invalid arguments for show_card: title: /) });
    expect(env.cards).toEqual([]);
  });
});
