// A page environment for desktop tool executors that records what they did and can be told to refuse (tests only).

import type { ShowCardArgs } from '../../../common/desktopTools';
import type { DesktopToolEnvironment } from '../../../renderer/src/tools/desktopToolExecutor';

export class RecordingToolEnvironment implements DesktopToolEnvironment {
  clipboard = '';
  readonly notices: Array<[string, string | undefined]> = [];
  readonly cards: Array<[string, ShowCardArgs]> = [];
  readonly opened: string[] = [];
  refuseClipboard: string | null = null;
  systemNotifications = false;

  async readClipboard(): Promise<string> {
    if (this.refuseClipboard) throw new DOMException(this.refuseClipboard, 'NotAllowedError');
    return this.clipboard;
  }
  async writeClipboard(text: string): Promise<void> {
    if (this.refuseClipboard) throw new DOMException(this.refuseClipboard, 'NotAllowedError');
    this.clipboard = text;
  }
  async notify(title: string, body: string | undefined): Promise<'system' | 'in-app'> {
    this.notices.push([title, body]);
    return this.systemNotifications ? 'system' : 'in-app';
  }
  showCard(callId: string, card: ShowCardArgs): void {
    this.cards.push([callId, card]);
  }
  async openUrl(url: string): Promise<void> {
    this.opened.push(url);
  }
}
