/*
 * Performance guard: with 100,000 messages loaded, one new message re-renders only its own row
 * (and at most its neighbour), not every visible MessageItem. MessageItem renders its body through
 * Markdown exactly once per render, so counting Markdown renders counts MessageItem renders.
 */
import { act, screen } from '@testing-library/react';
import { createElement, type ComponentProps } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MessageList } from '../../renderer/src/components/MessageList';
import { StreamView } from '../../renderer/src/components/StreamView';
import { useStore } from '../../renderer/src/store';
import type * as MarkdownModule from '../../renderer/src/components/Markdown';
import { makeMessage } from './fakeApi';
import { longHistory, renderSignedIn, showLoaded, world } from './harness';

const renders: string[] = [];

vi.mock('../../renderer/src/components/Markdown', async (importOriginal) => {
  const real = await importOriginal<typeof MarkdownModule>();
  return {
    ...real,
    Markdown: (props: ComponentProps<typeof real.Markdown>) => {
      renders.push(props.text);
      return createElement(real.Markdown, props);
    },
  };
});

let w: ReturnType<typeof world>;
const base = new Date(2026, 10, 20, 10, 0, 0).getTime();

beforeEach(() => {
  w = world();
  renders.length = 0;
});

// Building 100,000 rows takes seconds on a loaded shared machine; the jsdom project's 15 s default is
// too tight there (main fails the same way), and these tests measure render counts, not time.
describe('rendering cost with 100,000 messages', { timeout: 60_000 }, () => {
  it('re-renders only the new row when one message arrives', async () => {
    const { api, design, bob, alice } = w;
    const items = longHistory(design, [alice, bob, bob], 100_000, { from: base, stepMs: 1000 });
    api.messages = [...items];
    await renderSignedIn(<div />);
    showLoaded(design.id, { [design.id]: items });
    await renderSignedIn(<MessageList streamId={design.id} />);
    expect(screen.getByText('message 99999')).toBeInTheDocument();
    const shown = screen.getAllByTestId('message-item').length;
    expect(renders.length).toBeGreaterThanOrEqual(shown);

    // One message arrives from the server: the core writes it and pushes data:changed.
    renders.length = 0;
    // Same author, a second later: it joins the previous message's group, so no header changes.
    api.messages.push(makeMessage(design, bob, 'brand new', { seq: 100_001, createdAt: base + 100_000 * 1000 }));
    act(() => api.emit('data:changed', { accountId: api.me.id, streamIds: [design.id], kinds: ['messages'] }));
    expect(await screen.findByText('brand new')).toBeInTheDocument();

    expect(renders).toContain('brand new');
    expect(renders.length).toBeLessThanOrEqual(2);
    // The older history kept its objects, so the store did not rebuild 100,000 messages.
    const now = useStore.getState().messages[design.id]!.items;
    expect(now).toHaveLength(100_001);
    expect(now[0]).toBe(items[0]);
    expect(now[99_999]).toBe(items[99_999]);
  });

  it('re-renders only the edited row when a shown message changes', async () => {
    const { api, design, bob } = w;
    const items = Array.from({ length: 300 }, (_, i) =>
      makeMessage(design, bob, `line ${i}`, { createdAt: base + i * 1000 }),
    );
    api.messages = [...items];
    await renderSignedIn(<MessageList streamId={design.id} />, design.id);
    expect(screen.getByText('line 299')).toBeInTheDocument();
    renders.length = 0;
    api.messages = api.messages.map((m) => (m.id === items[298]!.id ? { ...m, body: 'line 298 (fixed)' } : m));
    act(() => api.emit('data:changed', { accountId: api.me.id, streamIds: [design.id], kinds: ['messages'] }));
    expect(await screen.findByText('line 298 (fixed)')).toBeInTheDocument();
    expect(renders).toEqual(['line 298 (fixed)']);
  });

  it('switches to and from a 100,000-message stream rendering only a window of rows', async () => {
    const { design, ops, bob } = w;
    const items = longHistory(design, [bob], 100_000, { from: base, stepMs: 1000, text: 'history' });
    await renderSignedIn(<StreamView />);
    showLoaded(design.id, { [design.id]: items, [ops.id]: [makeMessage(ops, bob, 'ops chatter')] });
    expect(await screen.findByText('history 99999')).toBeInTheDocument();
    for (const [to, text] of [
      [ops.id, 'ops chatter'],
      [design.id, 'history 99999'],
    ] as const) {
      renders.length = 0;
      // Switch without re-reading, as when the stream is already loaded.
      act(() => useStore.setState({ selectedStreamId: to }));
      expect(screen.getByText(text)).toBeInTheDocument();
      expect(renders.length).toBeLessThan(60);
    }
  });
});
