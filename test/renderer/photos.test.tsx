// Profile photos in the interface: avatars (photo, or initials when there is none or it is hidden)
// on messages, one-to-one conversations and the profile card, updated live by `photos` changes; and
// my photo in the profile editor: picked, refused when too large, removed, private by default.
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { FILE_CHUNK_BYTES } from '../../shared/ipc';
import { PROFILE_PHOTO } from '../../shared/protocol/profiles';
import { App } from '../../renderer/src/App';
import { Sidebar } from '../../renderer/src/components/Sidebar';
import { initials } from '../../renderer/src/components/Avatar';
import { makeMessage } from './fakeApi';
import { makeDirect } from './fakeDirect';
import { renderSignedIn, world } from './harness';

let w: ReturnType<typeof world>;
const BOB_PHOTO = 'data:image/webp;base64,Qk9C';
const CAROL_PHOTO = 'data:image/webp;base64,Q0FST0w=';

beforeEach(() => {
  w = world();
});

const avatarIn = (item: HTMLElement) =>
  item.querySelector<HTMLElement>('[data-testid="avatar-photo"], [data-testid="avatar-initials"]')!;

describe('avatars', () => {
  it('shows the photo where there is one and the initials otherwise, asking once per person', async () => {
    const { api, design, bob, carol } = w;
    api.photos.photos[bob.id] = BOB_PHOTO;
    api.messages.push(
      makeMessage(design, bob, 'first from bob'),
      makeMessage(design, carol, 'from carol', { createdAt: Date.now() + 120_000 }),
      makeMessage(design, bob, 'second from bob', { createdAt: Date.now() + 240_000 }),
    );
    await renderSignedIn(<App />, design.id);
    const items = await screen.findAllByTestId('message-item');
    await waitFor(() => expect(avatarIn(items[0]!)).toHaveAttribute('src', BOB_PHOTO));
    // hidden from me or absent: the same initials, nothing hints at which
    expect(avatarIn(items[1]!)).toHaveTextContent('CJ');
    expect(avatarIn(items[1]!).tagName).toBe('SPAN');
    await waitFor(() => expect(avatarIn(items[2]!)).toHaveAttribute('src', BOB_PHOTO));
    expect(api.photos.asked.filter((id) => id === bob.id)).toHaveLength(1);
    // decorative beside the name: not read out twice
    expect(avatarIn(items[0]!)).toHaveAttribute('alt', '');
  });

  it('follows photo changes live: a new photo appears, a hidden one goes back to the initials', async () => {
    const { api, design, bob, carol } = w;
    api.photos.photos[bob.id] = BOB_PHOTO;
    api.messages.push(
      makeMessage(design, bob, 'from bob'),
      makeMessage(design, carol, 'from carol', { createdAt: Date.now() + 120_000 }),
    );
    await renderSignedIn(<App />, design.id);
    const [bobItem, carolItem] = await screen.findAllByTestId('message-item');
    await waitFor(() => expect(avatarIn(bobItem!)).toHaveAttribute('src', BOB_PHOTO));
    delete api.photos.photos[bob.id];
    api.photos.photos[carol.id] = CAROL_PHOTO;
    act(() => api.emit('data:changed', { accountId: w.alice.id, streamIds: [], kinds: ['photos'] }));
    await waitFor(() => expect(avatarIn(carolItem!)).toHaveAttribute('src', CAROL_PHOTO));
    await waitFor(() => expect(avatarIn(bobItem!)).toHaveTextContent('B'));
  });

  it('shows the other person of a one-to-one conversation in the sidebar, the mark of people for a group', async () => {
    const { api, alice, bob, carol } = w;
    api.photos.photos[bob.id] = BOB_PHOTO;
    api.streams.push(makeDirect(alice, [bob]), makeDirect(alice, [bob, carol]));
    await renderSignedIn(<Sidebar />);
    const list = await screen.findByTestId('direct-list');
    const [one, group] = within(list).getAllByTestId('stream-item');
    await waitFor(() => expect(within(one!).getByTestId('avatar-photo')).toHaveAttribute('src', BOB_PHOTO));
    expect(within(group!).queryByTestId('avatar-photo')).not.toBeInTheDocument();
    expect(group).toHaveTextContent('@');
  });

  it('shows the larger photo on the profile card when the server names one', async () => {
    const { api, design, bob } = w;
    api.photos.photos[bob.id] = BOB_PHOTO;
    api.messages.push(makeMessage(design, bob, 'hello'));
    const user = userEvent.setup();
    await renderSignedIn(<App />, design.id);
    await user.click(await screen.findByRole('button', { name: 'Bob' }));
    const card = await screen.findByRole('dialog', { name: 'Bob' });
    await waitFor(() => expect(within(card).getByTestId('avatar-photo')).toHaveAttribute('src', BOB_PHOTO));
    expect(api.callsTo('profile:photo')).toContainEqual({ userId: bob.id, size: 'large' });
  });

  it('makes initials of the first and last word', () => {
    expect([initials('Carol Jones'), initials('bob'), initials('Anna Maria Virtanen'), initials('  ')]).toEqual([
      'CJ',
      'B',
      'AV',
      '?',
    ]);
  });
});

describe('my photo in the profile editor', () => {
  async function openEditor() {
    const user = userEvent.setup();
    await renderSignedIn(<App />);
    await user.click(await screen.findByRole('button', { name: 'Settings' }));
    const editor = await screen.findByTestId('profile-editor');
    await within(editor).findByLabelText('Display name');
    return { user, editor };
  }

  it('is optional and private by default; a picked image is sent in chunks and shows at once', async () => {
    const { api, alice } = w;
    const { user, editor } = await openEditor();
    const picker = within(editor).getByTestId('photo-picker');
    expect(within(picker).getByTestId('avatar-initials')).toBeInTheDocument();
    expect(within(picker).queryByTestId('photo-remove')).not.toBeInTheDocument();
    expect(within(editor).getByLabelText('Who may see: Photo')).toHaveDisplayValue('Only me');

    const bytes = new Uint8Array(FILE_CHUNK_BYTES + 10).fill(7);
    await user.upload(within(editor).getByTestId('photo-input'), new File([bytes], 'me.png', { type: 'image/png' }));
    await waitFor(() => expect(within(picker).getByTestId('avatar-photo')).toBeInTheDocument());
    const chunks = api.callsTo('profile:setPhoto') as Array<{ offset: number; total: number }>;
    expect(chunks.map((c) => [c.offset, c.total])).toEqual([
      [0, bytes.length],
      [FILE_CHUNK_BYTES, bytes.length],
    ]);
    expect(api.photos.photos[alice.id]).toBeDefined();
    expect(await within(editor).findByTestId('photo-remove')).toBeInTheDocument();

    // its visibility is saved with the rest of the profile
    await user.selectOptions(within(editor).getByLabelText('Who may see: Photo'), 'teams');
    await user.click(within(editor).getByRole('button', { name: 'Save profile' }));
    await within(editor).findByText('Profile saved.');
    expect(api.callsTo('profile:update')).toEqual([
      expect.objectContaining({ visibility: expect.objectContaining({ photo: 'teams' }) }),
    ]);
  });

  it('refuses a file that is too large or not an image before sending anything', async () => {
    const { api } = w;
    const { user, editor } = await openEditor();
    const input = within(editor).getByTestId('photo-input');
    await user.upload(
      input,
      new File([new Uint8Array(PROFILE_PHOTO.maxBytes + 1)], 'huge.jpg', { type: 'image/jpeg' }),
    );
    expect(await within(editor).findByRole('alert')).toHaveTextContent('A photo may be at most 5 MB');
    // the picker's accept list filters what a dialog offers; a drop is not filtered, so check here too
    const drop = new File(['%PDF-1.7'], 'cv.pdf', { type: 'application/pdf' });
    const picker = within(editor).getByTestId('photo-picker');
    act(() => {
      picker.dispatchEvent(Object.assign(new Event('drop', { bubbles: true }), { dataTransfer: { files: [drop] } }));
    });
    await waitFor(() => expect(within(editor).getByRole('alert')).toHaveTextContent('must be a JPEG, PNG'));
    expect(api.callsTo('profile:setPhoto')).toEqual([]);
  });

  it('removes the photo, and explains an offline refusal', async () => {
    const { api, alice } = w;
    api.photos.photos[alice.id] = BOB_PHOTO;
    const { user, editor } = await openEditor();
    const remove = await within(editor).findByTestId('photo-remove');
    api.photos.online = false;
    await user.click(remove);
    expect(await within(editor).findByRole('alert')).toBeInTheDocument();
    expect(api.photos.photos[alice.id]).toBe(BOB_PHOTO);
    api.photos.online = true;
    await user.click(within(editor).getByTestId('photo-remove'));
    await waitFor(() => expect(within(editor).queryByTestId('photo-remove')).not.toBeInTheDocument());
    expect(within(within(editor).getByTestId('photo-picker')).getByTestId('avatar-initials')).toBeInTheDocument();
  });
});
