import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { Composer } from '../../renderer/src/components/Composer';
import { StreamView } from '../../renderer/src/components/StreamView';
import { useStore } from '../../renderer/src/store';
import { makeMessage } from './fakeApi';
import { renderSignedIn, world } from './harness';

let w: ReturnType<typeof world>;

beforeEach(() => {
  w = world();
});

describe('composer', () => {
  it('sends on Enter and clears the box', async () => {
    const user = userEvent.setup();
    await renderSignedIn(<StreamView />, w.design.id);
    const box = screen.getByLabelText('Message Design');
    await user.type(box, 'Hello **team**{Enter}');
    expect(w.api.callsTo('message:send')).toEqual([{ streamId: w.design.id, body: 'Hello **team**' }]);
    expect(box).toHaveValue('');
    // The pending message shows at once after the re-read.
    expect(await screen.findByTestId('message-pending')).toBeInTheDocument();
  });

  it('adds a newline on Shift+Enter without sending', async () => {
    const user = userEvent.setup();
    await renderSignedIn(<Composer streamId={w.design.id} label="Message Design" />, w.design.id);
    const box = screen.getByLabelText('Message Design');
    await user.type(box, 'line one{Shift>}{Enter}{/Shift}line two');
    expect(box).toHaveValue('line one\nline two');
    expect(w.api.callsTo('message:send')).toEqual([]);
  });

  it('keeps a draft per stream across stream switches', async () => {
    const user = userEvent.setup();
    await renderSignedIn(<StreamView />, w.design.id);
    await user.type(screen.getByLabelText('Message Design'), 'draft for design');
    act(() => useStore.getState().selectStream(w.ops.id));
    const opsBox = await screen.findByLabelText('Message Ops');
    expect(opsBox).toHaveValue('');
    await user.type(opsBox, 'ops draft');
    act(() => useStore.getState().selectStream(w.design.id));
    expect(await screen.findByLabelText('Message Design')).toHaveValue('draft for design');
    act(() => useStore.getState().selectStream(w.ops.id));
    expect(await screen.findByLabelText('Message Ops')).toHaveValue('ops draft');
  });

  it('edits the last own message on ArrowUp in an empty box', async () => {
    const { api, design, alice, bob } = w;
    api.messages.push(
      makeMessage(design, alice, 'my older one'),
      makeMessage(design, alice, 'my latest one'),
      makeMessage(design, bob, 'bob after me'),
    );
    const user = userEvent.setup();
    await renderSignedIn(<StreamView />, design.id);
    await user.click(screen.getByLabelText('Message Design'));
    await user.keyboard('{ArrowUp}');
    const editor = await screen.findByRole('textbox', { name: 'Edited message text' });
    expect(editor).toHaveValue('my latest one');
    await user.clear(editor);
    await user.type(editor, 'my corrected one{Enter}');
    const latest = api.messages.find((m) => m.body === 'my corrected one');
    expect(api.callsTo('message:edit')).toEqual([{ messageId: latest!.id, body: 'my corrected one' }]);
    expect(await screen.findByText('(edited)')).toBeInTheDocument();
  });

  it('autocompletes @mentions from the directory', async () => {
    const user = userEvent.setup();
    await renderSignedIn(<Composer streamId={w.design.id} label="Message Design" />, w.design.id);
    const box = screen.getByLabelText('Message Design');
    await user.type(box, 'hi @bo');
    const list = await screen.findByRole('listbox', { name: 'Suggestions' });
    expect(list).toHaveTextContent('@bob');
    expect(list).not.toHaveTextContent('@carol');
    await user.keyboard('{Enter}');
    expect(box).toHaveValue('hi @bob ');
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
    // Enter after completion sends as usual.
    await user.keyboard('{Enter}');
    expect(w.api.callsTo('message:send')).toEqual([{ streamId: w.design.id, body: 'hi @bob' }]);
  });

  it('autocompletes teams by name and #tags seen in the stream', async () => {
    w.api.messages.push(makeMessage(w.design, w.bob, 'see #roadmap', { tags: ['roadmap'] }));
    const user = userEvent.setup();
    await renderSignedIn(<Composer streamId={w.design.id} label="Message Design" />, w.design.id);
    const box = screen.getByLabelText('Message Design');
    await user.type(box, '@desi');
    expect(await screen.findByRole('option', { name: /@design/ })).toBeInTheDocument();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('listbox')).not.toBeInTheDocument());
    await user.clear(box);
    await user.type(box, 'about #ro');
    await user.click(await screen.findByRole('option', { name: /#roadmap/ }));
    expect(box).toHaveValue('about #roadmap ');
  });
});
