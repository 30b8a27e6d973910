// The composer's emoji button: the picker (search, keyboard) inserts the chosen emoji at the caret of
// the stream's and the thread's message box, replacing a selection, and gives the box its focus back.
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { Composer } from '../../renderer/src/components/Composer';
import { renderSignedIn, world } from './harness';

let w: ReturnType<typeof world>;

beforeEach(() => {
  w = world();
  localStorage.clear();
});

describe('emoji in the composer', () => {
  it('inserts the searched emoji at the caret with the keyboard alone, then types on after it', async () => {
    const user = userEvent.setup();
    await renderSignedIn(<Composer streamId={w.design.id} label="Message Design" />, w.design.id);
    const box = screen.getByLabelText<HTMLTextAreaElement>('Message Design');
    await user.type(box, 'Hello world');
    box.setSelectionRange(5, 5); // between "Hello" and " world"
    await user.tab(); // to the emoji button
    const button = screen.getByRole('button', { name: 'Insert emoji' });
    expect(button).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(button).toHaveAttribute('aria-expanded', 'true');
    const search = screen.getByRole('combobox', { name: 'Search emoji' });
    expect(search).toHaveFocus();
    await user.keyboard(':tada:{Enter}');

    expect(box).toHaveValue('Hello🎉 world');
    expect(screen.queryByRole('dialog', { name: 'Emoji picker' })).not.toBeInTheDocument();
    await waitFor(() => expect(box).toHaveFocus());
    expect(box.selectionStart).toBe('Hello🎉'.length);
    await user.keyboard('!');
    expect(box).toHaveValue('Hello🎉! world');
    expect(w.api.callsTo('message:send')).toEqual([]);
  });

  it('replaces a selection, picks with the mouse, and Escape closes without inserting', async () => {
    const user = userEvent.setup();
    await renderSignedIn(<Composer streamId={w.design.id} label="Message Design" />, w.design.id);
    const box = screen.getByLabelText<HTMLTextAreaElement>('Message Design');
    await user.type(box, 'ship it now');
    box.setSelectionRange(5, 7); // "it"
    await user.click(screen.getByRole('button', { name: 'Insert emoji' }));
    await user.type(screen.getByRole('combobox', { name: 'Search emoji' }), 'rocket');
    const options = screen.getAllByRole('option');
    await user.click(options.find((o) => o.textContent === '🚀')!);
    expect(box).toHaveValue('ship 🚀 now');

    await user.click(screen.getByRole('button', { name: 'Insert emoji' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog', { name: 'Emoji picker' })).not.toBeInTheDocument();
    expect(box).toHaveValue('ship 🚀 now');
    await waitFor(() => expect(box).toHaveFocus());
  });

  it('inserts into a thread’s reply box', async () => {
    const user = userEvent.setup();
    const rootId = '01890000-0000-7000-8000-000000000001';
    await renderSignedIn(
      <Composer streamId={w.design.id} threadRootId={rootId} label="Reply in thread" />,
      w.design.id,
    );
    const box = screen.getByLabelText<HTMLTextAreaElement>('Reply in thread');
    await user.type(box, 'thanks');
    await user.click(screen.getByRole('button', { name: 'Insert emoji' }));
    await user.keyboard('pray{Enter}');
    expect(box).toHaveValue('thanks🙏');
  });
});
