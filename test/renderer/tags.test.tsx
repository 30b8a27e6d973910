// Tags in the interface: #tags open a view of every message with the tag (saying when it comes from
// the cache), the stream's most used tags, and adding or removing tags after posting.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App';
import { useStore } from '../../renderer/src/store';
import { makeMessage } from './fakeApi';
import { renderSignedIn, world } from './harness';

let w: ReturnType<typeof world>;

beforeEach(() => {
  w = world();
});

function messageArticle(text: string): HTMLElement {
  return screen.getByText(text, { exact: false }).closest('article')!;
}

describe('tag views', () => {
  it('opens every message with a #tag from a body, with the count, and jumps to one', async () => {
    const { api, design, org, bob } = w;
    api.messages.push(
      makeMessage(design, bob, 'the #Launch plan', { tags: ['launch'] }),
      makeMessage(org, bob, 'party after the #launch', { tags: ['launch'] }),
      makeMessage(design, bob, 'unrelated'),
    );
    await renderSignedIn(<App />, design.id);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: '#Launch' }));

    const panel = await screen.findByTestId('tag-panel');
    expect(within(panel).getByTestId('tag-count')).toHaveTextContent('2 messages tagged #launch');
    expect(api.callsTo('tag:messages')).toEqual([{ tag: 'launch', limit: 50 }]);
    const hits = within(panel).getAllByTestId('tag-hit');
    expect(hits.map((h) => h.textContent)).toEqual([
      expect.stringContaining('party after the #launch'),
      expect.stringContaining('the #Launch plan'),
    ]);
    expect(within(panel).queryByTestId('tag-offline')).not.toBeInTheDocument();
    await user.click(hits[0]!);
    await waitFor(() => expect(useStore.getState().selectedStreamId).toBe(org.id));
  });

  it('says when the answer comes from this computer only (offline)', async () => {
    const { api, design, bob } = w;
    api.tagSource = 'cache';
    api.messages.push(makeMessage(design, bob, 'offline #notes', { tags: ['notes'] }));
    await renderSignedIn(<App />, design.id);
    await userEvent.setup().click(await screen.findByRole('button', { name: '#notes' }));
    expect(await screen.findByTestId('tag-offline')).toHaveTextContent('only the messages on this computer');
    expect(screen.getByTestId('tag-count')).toHaveTextContent('1 message tagged #notes');
  });

  it("lists the stream's most used tags and opens one", async () => {
    const { api, design, bob } = w;
    for (let i = 0; i < 3; i++) api.messages.push(makeMessage(design, bob, `#alpha ${i}`, { tags: ['alpha'] }));
    api.messages.push(makeMessage(design, bob, '#beta', { tags: ['beta'] }));
    await renderSignedIn(<App />, design.id);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Tags' }));
    const top = await screen.findByTestId('top-tags');
    await waitFor(() => expect(within(top).getAllByRole('button')).toHaveLength(2));
    expect(
      within(top)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['#alpha3 messages', '#beta1 message']);
    await user.click(within(top).getAllByRole('button')[0]!);
    expect(await screen.findByTestId('tag-count')).toHaveTextContent('3 messages tagged #alpha');
    await user.click(screen.getByRole('button', { name: /All tags of this stream/ }));
    expect(await screen.findByTestId('top-tags')).toBeInTheDocument();
  });
});

describe('tagging after posting', () => {
  it('lets the author add a tag from the toolbar (Enter), shows it as a chip, and remove it', async () => {
    const { api, design, alice } = w;
    const mine = makeMessage(design, alice, 'my plain message');
    api.messages.push(mine);
    await renderSignedIn(<App />, design.id);
    const user = userEvent.setup();
    const article = messageArticle('my plain message');
    await user.click(within(article).getByRole('button', { name: 'Add a tag' }));
    const input = within(article).getByRole('textbox', { name: 'Tag to add' });
    await user.type(input, 'two words{Enter}');
    expect(within(article).getByRole('alert')).toHaveTextContent('One tag');
    expect(api.callsTo('message:tag')).toEqual([]);
    await user.clear(input);
    await user.type(input, '#Review{Enter}');
    expect(api.callsTo('message:tag')).toEqual([{ messageId: mine.id, tag: 'review' }]);
    const chips = await within(messageArticle('my plain message')).findByTestId('added-tags');
    expect(within(chips).getByRole('button', { name: '#review' })).toBeInTheDocument();
    expect(within(messageArticle('my plain message')).queryByTestId('tag-form')).not.toBeInTheDocument();

    await user.click(within(chips).getByRole('button', { name: 'Remove tag #review' }));
    expect(api.callsTo('message:tag')).toContainEqual({ messageId: mine.id, tag: 'review', remove: true });
    await waitFor(() =>
      expect(within(messageArticle('my plain message')).queryByTestId('added-tags')).not.toBeInTheDocument(),
    );
  });

  it("offers no tagging of others' messages to a plain member, but shows their added tags", async () => {
    const { api, design, bob } = w;
    api.messages.push(makeMessage(design, bob, 'bob wrote this', { tags: ['later'] }));
    await renderSignedIn(<App />, design.id);
    const article = messageArticle('bob wrote this');
    expect(within(article).queryByRole('button', { name: 'Add a tag' })).not.toBeInTheDocument();
    const chips = within(article).getByTestId('added-tags');
    expect(within(chips).getByRole('button', { name: '#later' })).toBeInTheDocument();
    expect(within(chips).queryByRole('button', { name: /Remove tag/ })).not.toBeInTheDocument();
  });
});
