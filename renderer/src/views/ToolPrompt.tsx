// The permission prompt for "ask" tool calls: which tool, why it asks, the exact arguments, Allow / Deny, and "remember" where it applies.

import { useState } from 'react';
import type { TandemBridge, ToolAsk } from '../../../common/ipc';
import { decideAsk, useToolStore } from '../tools/toolStore';

export function ToolPrompts({ bridge, onError }: { bridge: Pick<TandemBridge, 'decideTool'>; onError: (message: string) => void }) {
  const { asks } = useToolStore();
  if (asks.length === 0) return null;
  return (
    <div className="tool-prompts">
      {asks.map((ask) => <ToolPrompt key={ask.callId} ask={ask} bridge={bridge} onError={onError} />)}
    </div>
  );
}

function ToolPrompt({ ask, bridge, onError }: { ask: ToolAsk; bridge: Pick<TandemBridge, 'decideTool'>; onError: (message: string) => void }) {
  const [remember, setRemember] = useState(false);
  const decide = (allow: boolean) => {
    decideAsk(bridge, ask, allow, remember).catch((error: unknown) => onError(`answering the ${ask.tool} prompt: ${String(error)}`));
  };
  return (
    <section className="tool-prompt" role="alertdialog" aria-label={`Allow ${ask.tool}?`} data-testid="tool-prompt">
      <h3>Tandem wants to use <code>{ask.tool}</code></h3>
      <p>{ask.description}</p>
      <p className="why"><strong>Why it asks:</strong> {ask.why}</p>
      {ask.fromVisualContent ? <p className="warning" data-testid="tool-prompt-visual">This request came from something on your screen or camera. Check it is what you want.</p> : null}
      <pre className="args" data-testid="tool-prompt-args">{JSON.stringify(ask.args, null, 2)}</pre>
      {ask.fromVisualContent ? null : (
        <label className="toggle">
          <input type="checkbox" checked={remember} onChange={(event) => setRemember(event.target.checked)} aria-label="Remember for this tool" />
          <span>Remember for {ask.tool} (Settings → Tools)</span>
        </label>
      )}
      <div className="prompt-actions">
        <button onClick={() => decide(true)}>Allow</button>
        <button onClick={() => decide(false)}>Deny</button>
      </div>
    </section>
  );
}
