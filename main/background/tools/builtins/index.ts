// The built-in tools, assembled from what they need (the scheduler, the latest screen frame, the settings, the renderer broker).

import type { ToolOptions } from '../../../../common/ipc';
import type { DesktopToolBroker } from '../desktopToolBroker';
import type { ToolDefinition } from '../toolTypes';
import { desktopTools } from './desktopTools';
import { findFilesTool } from './findFilesTool';
import { readScreenTool, type ScreenFrame, type ScreenTextReader } from './readScreenTool';
import { timerTools, type TimerSink } from './timerTools';
import { webSearchTool } from './webSearchTool';

export interface BuiltinToolDeps {
  timers: TimerSink;
  latestScreenFrame: () => ScreenFrame | null;
  screenReader: ScreenTextReader;
  toolOptions: () => ToolOptions;
  desktop: DesktopToolBroker;
  fetch?: typeof fetch;
  desktopTimeoutMs?: number;
}

export function builtinTools(deps: BuiltinToolDeps): ToolDefinition[] {
  return [
    ...timerTools(deps.timers),
    webSearchTool(() => deps.toolOptions().webSearch, deps.fetch ?? fetch),
    readScreenTool(deps.latestScreenFrame, deps.screenReader),
    findFilesTool(() => deps.toolOptions().filesFolder),
    ...desktopTools(deps.desktop, deps.desktopTimeoutMs),
  ];
}
