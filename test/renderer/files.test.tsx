import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FileCacheSettings } from '../../renderer/src/components/files/FileCacheSettings';
import { StreamView } from '../../renderer/src/components/StreamView';
import { Toasts } from '../../renderer/src/components/Toasts';
import { useStore } from '../../renderer/src/store';
import type { FileRef } from '../../shared/protocol';
import { makeMessage } from './fakeApi';
import { fakeFiles } from './fakeFiles';
import { renderSignedIn, world } from './harness';

let w: ReturnType<typeof world>;

beforeAll(() => {
  // jsdom has no blob URLs; the components only hand them to <img> and <a>
  let n = 0;
  URL.createObjectURL ??= () => `blob:test/${(n += 1)}`;
});

beforeEach(() => {
  w = world();
});

function pngFile(name: string, bytes: number): File {
  return new File([new Uint8Array(bytes)], name, { type: 'image/png' });
}

const photo: FileRef = {
  id: '0190aaaa-0000-7000-8000-000000000001',
  name: 'photo.png',
  size: 2048,
  mime: 'image/png',
  width: 640,
  height: 480,
  thumbnail: true,
};
const report: FileRef = {
  id: '0190aaaa-0000-7000-8000-000000000002',
  name: 'report.pdf',
  size: 1_572_864,
  mime: 'application/pdf',
  width: null,
  height: null,
  thumbnail: false,
};

describe('attaching files in the composer', () => {
  it('uploads a picked file with progress, then sends it with the message', async () => {
    const user = userEvent.setup();
    let release!: () => void;
    fakeFiles(w.api).hold = new Promise<void>((resolve) => (release = resolve));
    await renderSignedIn(<StreamView />, w.design.id);
    await user.upload(screen.getByTestId('attach-input'), pngFile('diagram.png', 1000));

    const progress = await screen.findByRole('progressbar', { name: 'Uploading diagram.png' });
    await waitFor(() => expect(progress).toHaveAttribute('value', '500'));
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
    expect(w.api.callsTo('file:stage')).toEqual([{ streamId: w.design.id, name: 'diagram.png', size: 1000 }]);

    act(() => release());
    expect(await screen.findByRole('button', { name: 'Remove diagram.png' })).toBeInTheDocument();
    // a message of files alone is allowed: the send button is enabled with an empty box
    await user.click(screen.getByRole('button', { name: 'Send' }));
    const [uploaded] = fakeFiles(w.api).uploaded;
    expect(w.api.callsTo('message:send')).toEqual([{ streamId: w.design.id, body: '', files: [uploaded] }]);
    expect(screen.queryByTestId('attachments')).not.toBeInTheDocument();
  });

  it('refuses a file over the organization limit before staging anything', async () => {
    w.api.limits = { ...w.api.limits, maxFileBytes: 1024 * 1024 };
    const user = userEvent.setup();
    await renderSignedIn(
      <>
        <StreamView />
        <Toasts />
      </>,
      w.design.id,
    );
    await user.upload(screen.getByTestId('attach-input'), pngFile('huge.png', 2 * 1024 * 1024));
    expect(
      await screen.findByText('“huge.png” is larger than your organization allows (1 MB); it was not attached.'),
    ).toBeInTheDocument();
    expect(w.api.callsTo('file:stage')).toEqual([]);
    expect(screen.queryByTestId('attachment')).not.toBeInTheDocument();
  });

  it('cancels an upload in flight with its button', async () => {
    const user = userEvent.setup();
    let release!: () => void;
    fakeFiles(w.api).hold = new Promise<void>((resolve) => (release = resolve));
    await renderSignedIn(<StreamView />, w.design.id);
    await user.upload(screen.getByTestId('attach-input'), pngFile('slow.png', 100));
    await screen.findByRole('progressbar', { name: 'Uploading slow.png' });
    await waitFor(() => expect(useStore.getState().attachments[w.design.id]?.[0]?.uploadId).toBeTruthy());
    await user.click(screen.getByRole('button', { name: 'Cancel uploading slow.png' }));
    expect(screen.queryByTestId('attachment')).not.toBeInTheDocument();
    const uploadId = useStore.getState().attachments[w.design.id]?.[0]?.uploadId;
    expect(uploadId).toBeUndefined();
    expect(w.api.callsTo('file:cancel')).toHaveLength(1);
    act(() => release());
    // the cancelled upload never comes back as an attachment, and nothing was sent
    await waitFor(() => expect(fakeFiles(w.api).uploads.size).toBe(0));
    expect(screen.queryByTestId('attachment')).not.toBeInTheDocument();
    expect(w.api.callsTo('message:send')).toEqual([]);
  });

  it('queues a file attached offline and sends the message with it waiting to upload', async () => {
    fakeFiles(w.api).online = false;
    const user = userEvent.setup();
    await renderSignedIn(<StreamView />, w.design.id);
    await user.upload(screen.getByTestId('attach-input'), pngFile('offline.png', 10));
    expect(await screen.findByText('Uploads when you are online')).toBeInTheDocument();
    const uploadId = useStore.getState().attachments[w.design.id]![0]!.uploadId!;
    expect(w.api.callsTo('file:upload')).toEqual([{ uploadId }]);
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(w.api.callsTo('message:send')).toEqual([{ streamId: w.design.id, body: '', uploadIds: [uploadId] }]);
    expect(screen.queryByTestId('attachments')).not.toBeInTheDocument();
    // nothing was cancelled: the queued message owns the staged file now
    expect(w.api.callsTo('file:cancel')).toEqual([]);
  });

  it('attaches files dropped on the stream and pasted into the box', async () => {
    await renderSignedIn(<StreamView />, w.design.id);
    const dropped = pngFile('dropped.png', 10);
    fireEvent.drop(screen.getByTestId('stream-view'), { dataTransfer: { files: [dropped], types: ['Files'] } });
    const pasted = pngFile('pasted.png', 10);
    fireEvent.paste(screen.getByLabelText('Message Design'), { clipboardData: { files: [pasted] } });
    const list = await screen.findByTestId('attachments');
    expect(within(list).getByText('dropped.png')).toBeInTheDocument();
    expect(within(list).getByText('pasted.png')).toBeInTheDocument();
    await waitFor(() =>
      expect(
        fakeFiles(w.api)
          .uploaded.map((f) => f.name)
          .sort(),
      ).toEqual(['dropped.png', 'pasted.png']),
    );
  });
});

describe('files in messages', () => {
  it('shows an image as a preview that opens the full image, and a file as a card', async () => {
    w.api.messages.push(makeMessage(w.design, w.bob, 'see attached', { files: [photo, report] }));
    const user = userEvent.setup();
    await renderSignedIn(<StreamView />, w.design.id);
    const preview = await screen.findByRole('button', { name: 'Show image photo.png' });
    expect(await within(preview).findByRole('img', { name: 'photo.png' })).toHaveAttribute('src');
    expect(w.api.callsTo('file:thumbnail')).toEqual([{ fileId: photo.id }]);

    const card = screen.getByTestId('file-card');
    expect(card).toHaveTextContent('report.pdf');
    expect(card).toHaveTextContent('PDF · 1.5 MB');
    await user.click(within(card).getByRole('button', { name: 'Open report.pdf' }));
    expect(w.api.callsTo('file:open')).toEqual([{ fileId: report.id, name: 'report.pdf' }]);

    await user.click(preview);
    const viewer = await screen.findByTestId('image-viewer');
    expect(await within(viewer).findByRole('img', { name: 'photo.png' })).toBeInTheDocument();
    expect(w.api.callsTo('file:content')).toEqual([{ fileId: photo.id, name: 'photo.png' }]);
  });

  it('shows sizes in the reader’s language', async () => {
    act(() => useStore.setState({ locale: 'fi' }));
    w.api.messages.push(makeMessage(w.design, w.bob, 'liite', { files: [report] }));
    await renderSignedIn(<StreamView />, w.design.id);
    expect(await screen.findByTestId('file-card')).toHaveTextContent('1,5 Mt');
  });
});

describe('offline files setting', () => {
  it('shows the usage, changes the bound and clears the cache', async () => {
    const user = userEvent.setup();
    await renderSignedIn(<FileCacheSettings />);
    expect(await screen.findByTestId('file-cache-usage')).toHaveTextContent('1 kB of 500 MB used (1 item)');
    const size = screen.getByLabelText('Largest size (MB)');
    await user.clear(size);
    await user.type(size, '100');
    await user.click(screen.getByRole('button', { name: 'Save size' }));
    expect(w.api.callsTo('fileCache:set')).toEqual([{ limitBytes: 100 * 1024 * 1024 }]);
    expect(await screen.findByText(/of 100 MB used/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Remove offline files' }));
    expect(await screen.findByText('0 byte of 100 MB used (0 items)')).toBeInTheDocument();
  });
});
