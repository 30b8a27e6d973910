import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App';
import { makeMessage } from './fakeApi';
import { renderSignedIn, world } from './harness';

let w: ReturnType<typeof world>;

beforeEach(() => {
  w = world();
});

describe('modal dialogs', () => {
  it('share dialog: labelled modal, focus in, Tab trapped both ways, Esc closes and restores focus', async () => {
    const { api, design, bob } = w;
    api.messages.push(makeMessage(design, bob, 'worth sharing, see https://example.com/docs'));
    const user = userEvent.setup();
    await renderSignedIn(<App />, design.id);
    const opener = await screen.findByRole('button', { name: 'Share to organization' });
    await user.click(opener);
    const dialog = await screen.findByRole('dialog', { name: 'Share to organization' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(dialog).toHaveAttribute('data-testid', 'share-dialog');
    const note = within(dialog).getByLabelText(/Note for the curators/);
    expect(note).toHaveFocus();

    // The focusable elements in order: the link in the preview, the note, Cancel, Propose.
    const link = within(dialog).getByRole('link');
    const cancel = within(dialog).getByRole('button', { name: 'Cancel' });
    const propose = within(dialog).getByRole('button', { name: 'Propose for organization' });
    await user.tab();
    expect(cancel).toHaveFocus();
    await user.tab();
    expect(propose).toHaveFocus();
    await user.tab();
    expect(link).toHaveFocus(); // wrapped to the first
    await user.tab({ shift: true });
    expect(propose).toHaveFocus(); // and back to the last
    await user.tab({ shift: true });
    await user.tab({ shift: true });
    expect(note).toHaveFocus();

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(opener).toHaveFocus();
    expect(api.callsTo('promotion:propose')).toEqual([]);
  });

  it('share dialog: Cancel closes too, and focus goes back to the opener', async () => {
    const { api, design, bob } = w;
    api.messages.push(makeMessage(design, bob, 'another one'));
    const user = userEvent.setup();
    await renderSignedIn(<App />, design.id);
    const opener = await screen.findByRole('button', { name: 'Share to organization' });
    await user.click(opener);
    const dialog = await screen.findByRole('dialog', { name: 'Share to organization' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(opener).toHaveFocus();
  });

  it('quick switcher: focus moves in, Tab stays inside, Esc returns focus to the composer', async () => {
    const user = userEvent.setup();
    await renderSignedIn(<App />, w.design.id);
    const composer = await screen.findByRole('textbox', { name: 'Message Design' });
    await user.click(composer);
    await user.keyboard('{Control>}k{/Control}');
    const dialog = await screen.findByRole('dialog', { name: 'Switch stream' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    const input = within(dialog).getByRole('combobox', { name: 'Stream name' });
    expect(input).toHaveFocus();
    await user.tab();
    expect(input).toHaveFocus();
    await user.tab({ shift: true });
    expect(input).toHaveFocus();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(composer).toHaveFocus();
  });

  it('quick switcher: choosing a stream closes it; a backdrop click closes it', async () => {
    const user = userEvent.setup();
    await renderSignedIn(<App />, w.design.id);
    await screen.findAllByTestId('stream-item');
    await user.click(screen.getByRole('button', { name: /Jump to/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Switch stream' });
    await user.click(within(dialog).getByRole('option', { name: /Ops/ }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(await screen.findByTestId('stream-title')).toHaveTextContent('Ops');
    await user.keyboard('{Control>}k{/Control}');
    await screen.findByRole('dialog', { name: 'Switch stream' });
    await user.click(document.querySelector('.modal-backdrop')!);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});
