// A permission asker that answers prompts from a script and records what it was asked (tests only).

import type { ToolPermissionAsker } from '../../../../main/background/tools/toolTypes';

export class ScriptedAsker implements ToolPermissionAsker {
  readonly asked: Array<Parameters<ToolPermissionAsker['ask']>[0]> = [];
  constructor(private readonly answer: { allow: boolean; remember?: boolean; decidedBy?: 'user' | 'timeout' }) {}
  async ask(request: Parameters<ToolPermissionAsker['ask']>[0]) {
    this.asked.push(request);
    return { allow: this.answer.allow, remember: this.answer.remember ?? false, decidedBy: this.answer.decidedBy ?? 'user' };
  }
}
