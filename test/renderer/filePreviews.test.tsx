// Files dropped on a thread go to its reply draft, and preview blob URLs do not outlive what shows them.
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../renderer/src/App';
import { MessageFiles } from '../../renderer/src/components/files/MessageFiles';
import { useStore } from '../../renderer/src/store';
import type { FileRef } from '../../shared/protocol';
import { makeMessage } from './fakeApi';
import { fakeFiles } from './fakeFiles';
import { renderSignedIn, world } from './harness';

let w: ReturnType<typeof world>;
let created: string[];

beforeEach(() => {
  w = world();
  created = [];
  // jsdom has no blob URLs: count what is made and what is revoked
  vi.spyOn(URL, 'createObjectURL').mockImplementation(() => {
    const url = `blob:test/${created.length + 1}`;
    created.push(url);
    return url;
  });
  URL.revokeObjectURL ??= () => undefined;
});
afterEach(() => {
  vi.restoreAllMocks();
});

const image = (n: number): FileRef => ({
  id: `0190bbbb-0000-7000-8000-00000000000${n}`,
  name: `photo${n}.png`,
  size: 2048,
  mime: 'image/png',
  width: 64,
  height: 48,
  thumbnail: true,
});

describe('files dropped on a thread', () => {
  it('attach to the thread’s reply draft, not the stream’s', async () => {
    const root = makeMessage(w.design, w.bob, 'a root', { replyCount: 1 });
    w.api.messages.push(root, makeMessage(w.design, w.bob, 'a reply', { threadRootId: root.id }));
    const user = userEvent.setup();
    await renderSignedIn(<App />, w.design.id);
    await user.click(await screen.findByTestId('reply-count'));
    const thread = await screen.findByTestId('thread-panel');
    const dropped = new File([new Uint8Array(10)], 'for-the-thread.png', { type: 'image/png' });
    fireEvent.drop(within(thread).getByTestId('thread-root'), {
      dataTransfer: { files: [dropped], types: ['Files'] },
    });
    expect(await within(thread).findByText('for-the-thread.png')).toBeInTheDocument();
    expect(useStore.getState().attachments[`thread:${root.id}`]?.map((a) => a.name)).toEqual(['for-the-thread.png']);
    expect(useStore.getState().attachments[w.design.id]).toBeUndefined();
    await waitFor(() => expect(fakeFiles(w.api).uploaded.map((f) => f.name)).toEqual(['for-the-thread.png']));
  });
});

/** Shows previews of the files set through `show` (one MessageFiles per list); null shows none. */
let show: (lists: FileRef[][]) => void = () => undefined;
function Previews({ initial }: { initial: FileRef[][] }) {
  const [lists, setLists] = useState(initial);
  show = setLists;
  return (
    <>
      {lists.map((files, i) => (
        <MessageFiles key={i} files={files} />
      ))}
    </>
  );
}

describe('preview blob URLs', () => {
  it('are revoked when the preview unmounts, and when the file shown is replaced', async () => {
    const revoke = vi.spyOn(URL, 'revokeObjectURL');
    await renderSignedIn(<Previews initial={[[image(1)]]} />);
    const img = await screen.findByRole('img', { name: 'photo1.png' });
    expect(img).toHaveAttribute('src', 'blob:test/1');
    expect(revoke).not.toHaveBeenCalled();

    // a queued file's local preview replaced by the server's once sent: the old URL goes
    act(() => show([[image(2)]]));
    expect(await screen.findByRole('img', { name: 'photo2.png' })).toHaveAttribute('src', 'blob:test/2');
    await waitFor(() => expect(revoke).toHaveBeenCalledWith('blob:test/1'));

    act(() => show([]));
    await waitFor(() => expect(revoke).toHaveBeenCalledWith('blob:test/2'));
    expect(revoke).toHaveBeenCalledTimes(2);
  });

  it('share one URL between two previews of a file, revoked after the last one goes', async () => {
    const revoke = vi.spyOn(URL, 'revokeObjectURL');
    await renderSignedIn(<Previews initial={[[image(3)], [image(3)]]} />);
    await waitFor(() => expect(screen.getAllByRole('img', { name: 'photo3.png' })).toHaveLength(2));
    expect(created).toHaveLength(1);
    expect(w.api.callsTo('file:thumbnail')).toEqual([{ fileId: image(3).id }]);
    act(() => show([[image(3)]]));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(revoke).not.toHaveBeenCalled();
    act(() => show([]));
    await waitFor(() => expect(revoke).toHaveBeenCalledWith(created[0]));
  });
});
