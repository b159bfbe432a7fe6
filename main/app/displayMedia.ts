// getDisplayMedia in Tandem's pages: our own picker of screens and windows instead of Chromium's prompt, own pages only.

import { desktopCapturer, dialog, type BrowserWindow, type Session } from 'electron';
import type { PermissionToggles } from '../../common/ipc';
import { chooseDisplayMediaSource, screenCaptureRefusal } from './displayMediaChoice';
import type { RendererOrigin } from './rendererOrigin';

/** Titles of Tandem's own windows, never offered: capturing the HUD would feed our captions back in. */
export const OWN_WINDOW_TITLES = ['Tandem', 'Tandem HUD'];

export function installDisplayMediaHandler(session: Session, origin: RendererOrigin, parentWindow: () => BrowserWindow | undefined, toggles: () => PermissionToggles): void {
  // The source the user picked last is offered again without asking, for as long as it exists.
  let rememberedId: string | undefined;
  session.setDisplayMediaRequestHandler((request, callback) => {
    const deny = (why: string): void => {
      console.warn(`[tandem] display capture denied: ${why}`);
      callback({});
    };
    const refusal = screenCaptureRefusal(origin, request.frame?.url, toggles());
    if (refusal !== null) {
      deny(refusal);
      return;
    }
    desktopCapturer
      .getSources({ types: ['screen', 'window'], thumbnailSize: { width: 0, height: 0 } })
      .then(async (sources) => {
        const choice = chooseDisplayMediaSource(
          sources.map((source) => ({ id: source.id, name: source.name })),
          { ...(rememberedId ? { rememberedId } : {}), ownWindowTitles: OWN_WINDOW_TITLES },
        );
        if (choice.kind === 'deny') return deny(choice.reason);
        let sourceId = choice.kind === 'grant' ? choice.sourceId : undefined;
        if (choice.kind === 'ask') {
          // A small native picker: one button per source (at most 12; the rest stay reachable by remembering none).
          const offered = choice.sources.slice(0, 12);
          const buttons = [...offered.map((source) => source.name), 'Cancel'];
          const options = { type: 'question' as const, title: 'Share with Tandem', message: 'What should Tandem watch?', buttons, cancelId: buttons.length - 1, noLink: true };
          const parent = parentWindow();
          const { response } = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
          sourceId = offered[response]?.id;
        }
        const source = sources.find((candidate) => candidate.id === sourceId);
        if (!source) return deny('the user cancelled the picker');
        rememberedId = source.id;
        callback({ video: source });
      })
      .catch((error: unknown) => deny(`desktopCapturer failed: ${String(error)}`));
  });
}
