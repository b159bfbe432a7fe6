// Code findings on the screen preview: each finding's box is scaled from the frame it was read on to the preview's frame and labelled with its line and message; a later reading of a changed screen replaces them; the list keeps every finding.

import { describe, expect, it } from 'vitest';
import type { CodeFinding } from '../../../common/perception';
import type { TimelineEvent } from '../../../common/timeline';
import { codeFindingsFrom, findingOverlayItems, scaleBox } from '../../../renderer/src/video/perceptionOverlay';

let seq = 0;
const ev = (kind: TimelineEvent['kind'], atMs: number, payload: Record<string, unknown>): TimelineEvent => ({ seq: seq++, turn: Math.floor(atMs / 200), atMs, source: 'engine', kind, payload });
const finding = (id: string, line: number, box: CodeFinding['box'], extra: Partial<CodeFinding> = {}): CodeFinding => ({
  id,
  line,
  message: '`=` in the condition, did you mean `===`?',
  rule: 'tandem:assignment-in-condition',
  language: 'typescript',
  lineText: 'if (a = b) {',
  box,
  frameWidth: 1920,
  frameHeight: 1080,
  ocrConfidence: 91,
  ...extra,
});
const reading = (frameIndex: number, atMs: number, status = 'code', message?: string) =>
  ev('code_reading', atMs, { frameIndex, frameAtMs: atMs - 300, status, ...(message ? { message } : {}), language: 'typescript', heldBack: 0, linesRead: 30, firstLine: 1, lastLine: 30, elapsedMs: 800, newFindings: 0 });
const found = (frameIndex: number, atMs: number, findings: CodeFinding[]) => ev('code_findings', atMs, { frameIndex, language: 'typescript', findings });

describe('scaleBox', () => {
  it('maps a box on a 1920×1080 frame onto a 320×180 preview frame, and stays inside it', () => {
    expect(scaleBox({ x: 120, y: 390, width: 600, height: 24 }, 1920, 1080, 320, 180)).toEqual({ x: 20, y: 65, width: 100, height: 4 });
    expect(scaleBox({ x: 1900, y: 1070, width: 100, height: 100 }, 1920, 1080, 320, 180)).toEqual({ x: 317, y: 178, width: 3, height: 2 });
    // A line box thinner than a preview pixel is still drawn (1 px).
    expect(scaleBox({ x: 0, y: 0, width: 2, height: 2 }, 1920, 1080, 320, 180)).toEqual({ x: 0, y: 0, width: 1, height: 1 });
  });
});

describe('codeFindingsFrom and findingOverlayItems', () => {
  const first = finding('f14', 14, { x: 120, y: 390, width: 600, height: 24 });
  const second = finding('f20', 20, { x: 120, y: 534, width: 480, height: 24 }, { message: "Cannot find name 'conut'." });

  it('highlights the findings of the latest reading, scaled to the preview frame, labelled with line and message', () => {
    const view = codeFindingsFrom([reading(3, 1_000), found(3, 1_000, [first, second])]);
    expect(view.latestReadFrame).toBe(3);
    expect(view.current.map((f) => f.id)).toEqual(['f14', 'f20']);
    expect(findingOverlayItems(view.current, null, 960, 540)).toEqual([
      { kind: 'box', region: { x: 60, y: 195, width: 300, height: 12 }, label: 'line 14: `=` in the condition, did you mean `===`?', tone: 'finding', filled: false, labelBelow: true },
      { kind: 'box', region: { x: 60, y: 267, width: 240, height: 12 }, label: "line 20: Cannot find name 'conut'.", tone: 'finding', filled: false, labelBelow: true },
    ]);
  });

  it('a selected finding is filled, in its own tone, and drawn last', () => {
    const view = codeFindingsFrom([reading(3, 1_000), found(3, 1_000, [first, second])]);
    const items = findingOverlayItems(view.current, 'f14', 960, 540);
    expect(items.map((item) => item.kind === 'box' && [item.label?.slice(0, 7), item.tone, item.filled])).toEqual([
      ['line 20', 'finding', false],
      ['line 14', 'selected', true],
    ]);
  });

  it('a later reading of a changed screen replaces the highlights (even with no findings); the list keeps every finding with its time', () => {
    const events = [reading(3, 1_000), found(3, 1_000, [first]), reading(7, 4_000, 'no_code', 'No code on the screen.')];
    const view = codeFindingsFrom(events);
    expect(view.current).toEqual([]);
    expect(view.latestMessage).toBe('No code on the screen.');
    expect(view.findings.map((f) => [f.id, f.line, f.frameIndex, f.atMs])).toEqual([['f14', 14, 3, 1_000]]);
    const later = codeFindingsFrom([...events, reading(9, 6_000), found(9, 6_000, [second])]);
    expect(later.current.map((f) => f.id)).toEqual(['f20']);
    expect(later.latestMessage).toBeNull();
    expect(later.findings.map((f) => f.id)).toEqual(['f14', 'f20']);
  });

  it('a finding that could not be placed is listed but not boxed; malformed findings are dropped, not drawn wrong', () => {
    const unplaced = finding('f3', 3, null);
    const view = codeFindingsFrom([reading(1, 0), found(1, 0, [unplaced, { id: 'x', line: 'one', message: 'm' } as unknown as CodeFinding, null as unknown as CodeFinding])]);
    expect(view.findings.map((f) => f.id)).toEqual(['f3']);
    expect(findingOverlayItems(view.current, null, 320, 180)).toEqual([]);
    const zeroFrame = codeFindingsFrom([reading(1, 0), found(1, 0, [finding('z', 1, { x: 1, y: 1, width: 5, height: 5 }, { frameWidth: 0 })])]);
    expect(findingOverlayItems(zeroFrame.current, null, 320, 180)).toEqual([]);
  });

  it('a new session starts with no findings', () => {
    expect(codeFindingsFrom([reading(3, 1_000), found(3, 1_000, [first]), ev('session_started', 0, {})])).toEqual({ findings: [], latestReadFrame: null, current: [], latestMessage: null });
  });
});

describe('a finding said earlier that is still on the screen', () => {
  it('stays highlighted at its new place when a changed screen is read again (the reading lists it as present)', () => {
    const before = finding('f14', 14, { x: 120, y: 390, width: 600, height: 24 });
    // The user scrolled by two lines: the same bug, now lower on the screen; the engine does not say it again.
    const after = finding('f14', 14, { x: 120, y: 438, width: 600, height: 24 });
    const view = codeFindingsFrom([
      reading(3, 1_000),
      found(3, 1_000, [before]),
      { ...reading(5, 2_000), payload: { ...reading(5, 2_000).payload, present: [after] } },
    ]);
    expect(view.latestReadFrame).toBe(5);
    expect(view.current.map((f) => [f.id, f.box?.y])).toEqual([['f14', 438]]);
    // The list still has it once: it was said once.
    expect(view.findings.map((f) => f.id)).toEqual(['f14']);
  });
});
