import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App';
import { useStore } from '../../renderer/src/store';
import { PAGE_SIZE } from '../../renderer/src/store/messagesSlice';
import { makeMessage } from './fakeApi';
import { renderSignedIn, world } from './harness';

let w: ReturnType<typeof world>;
const base = new Date(2026, 10, 20, 10, 0, 0).getTime();

beforeEach(() => {
  w = world();
});

async function searchFor(text: string) {
  const user = userEvent.setup();
  await user.keyboard('{Control>}f{/Control}');
  const panel = await screen.findByTestId('search-panel');
  await user.type(within(panel).getByRole('searchbox', { name: 'Search messages' }), text);
  return { user, hit: await within(panel).findByTestId('search-hit', {}, { timeout: 2000 }) };
}

describe('opening a search hit', () => {
  it('pages back to an old top-level message, scrolls to it and highlights it briefly', async () => {
    const { api, design, bob } = w;
    const all = Array.from({ length: 1200 }, (_, i) =>
      makeMessage(design, bob, i === 7 ? 'the needle in the haystack' : `filler ${i}`, {
        createdAt: base + i * 60_000,
      }),
    );
    api.messages.push(...all);
    await renderSignedIn(<App />, w.ops.id);
    const { user, hit } = await searchFor('needle');
    await user.click(hit);

    const text = await screen.findByText('the needle in the haystack');
    const article = text.closest('article')!;
    expect(article).toHaveAttribute('data-highlighted', 'true');
    expect(useStore.getState().selectedStreamId).toBe(design.id);
    // Older pages came from the cache with beforeSeq until the message was loaded.
    const pages = api.callsTo('message:list') as { streamId: string; beforeSeq?: number }[];
    expect(pages.filter((p) => p.streamId === design.id && p.beforeSeq !== undefined).length).toBeGreaterThan(0);
    expect(useStore.getState().messages[design.id]!.items.length).toBeGreaterThan(PAGE_SIZE);
    // No thread opens for a top-level hit, and the search stays open for the next hit.
    expect(screen.queryByTestId('thread-panel')).not.toBeInTheDocument();
    expect(screen.getByTestId('search-panel')).toBeInTheDocument();
    // The list is scrolled away from the bottom, to the message.
    expect(screen.getByTestId('jump-latest')).toBeInTheDocument();
    expect(screen.queryByText('filler 1199')).not.toBeInTheDocument();
    // The highlight fades.
    await waitFor(() => expect(article).not.toHaveAttribute('data-highlighted'), { timeout: 3000 });
    // The jump is used once: coming back to the stream later opens at the newest messages.
    await user.click(screen.getByRole('button', { name: 'Ops' }));
    await user.click(screen.getByRole('button', { name: 'Design' }));
    expect(await screen.findByText('filler 1199')).toBeInTheDocument();
    expect(screen.queryByTestId('jump-latest')).not.toBeInTheDocument();
  });

  it('highlights an already loaded message without reading more pages', async () => {
    const { api, design, bob } = w;
    api.messages.push(makeMessage(design, bob, 'recent and findable'), makeMessage(design, bob, 'other'));
    await renderSignedIn(<App />, design.id);
    const before = api.callsTo('message:list').length;
    const { user, hit } = await searchFor('findable');
    await user.click(hit);
    await waitFor(() =>
      expect(screen.getByText('recent and findable').closest('article')).toHaveAttribute('data-highlighted', 'true'),
    );
    const after = api.callsTo('message:list') as { beforeSeq?: number }[];
    expect(after.slice(before).filter((r) => r.beforeSeq !== undefined)).toEqual([]);
  });

  it('opens the thread panel for a hit on a reply', async () => {
    const { api, design, bob } = w;
    const root = makeMessage(design, bob, 'root of the thread');
    api.messages.push(root, makeMessage(design, bob, 'a reply with a keyword', { threadRootId: root.id }));
    await renderSignedIn(<App />, w.ops.id);
    const { user, hit } = await searchFor('keyword');
    await user.click(hit);
    expect(await screen.findByTestId('thread-root')).toHaveTextContent('root of the thread');
    expect(useStore.getState().selectedStreamId).toBe(design.id);
    expect(useStore.getState().highlightId).toBeNull();
  });
});
