// An integration's post shows the integration as its author: its name, its initial in a muted avatar,
// an "Integration" mark and the external person, in English and Finnish; a person's post shows none
// of it. Its steward (the author id) gets no edit action: only the integration changes its post.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { StreamView } from '../../renderer/src/components/StreamView';
import { useStore } from '../../renderer/src/store';
import { makeMessage } from './fakeApi';
import { renderSignedIn, world } from './harness';

const integrationPost = (w: ReturnType<typeof world>, externalAuthor: string | null) =>
  makeMessage(w.design, w.alice, 'Build 42 passed', {
    authorName: 'Jenkins',
    integration: { id: crypto.randomUUID(), name: 'Jenkins', avatarUrl: null, externalAuthor },
  });

describe('the author of an integration’s post', () => {
  it('is the integration, marked as one, with the person the tool named', async () => {
    const w = world();
    w.api.messages.push(integrationPost(w, 'Marty'), makeMessage(w.design, w.bob, 'a person wrote this'));
    await renderSignedIn(<StreamView />, w.design.id);
    const [post, personal] = await screen.findAllByTestId('message-item');
    const header = within(post!).getByRole('banner');
    expect(header).toHaveTextContent('Jenkins');
    expect(within(header).getByTestId('integration-badge')).toHaveTextContent('Integration');
    expect(within(header).getByTestId('integration-badge')).toHaveAttribute(
      'title',
      'Posted by the integration Jenkins, not by a person',
    );
    expect(header).toHaveTextContent('for Marty');
    // the name opens no direct conversation: behind it is the integration's steward, not a person to write to
    expect(within(header).queryByTestId('message-author')).toBeNull();
    expect(within(personal!).getByTestId('message-author')).toHaveTextContent('Bob');
    expect(header.querySelector('.msg-avatar-integration')).toHaveTextContent('J');
    expect(within(personal!).queryByTestId('integration-badge')).toBeNull();
    // alice is the integration's steward: she may delete the post but not edit it
    expect(within(post!).queryByRole('button', { name: 'Edit message' })).toBeNull();
    expect(within(post!).getByRole('button', { name: 'Delete message' })).toBeInTheDocument();
  });

  it('is marked in Finnish too, and without an external person shows only the mark', async () => {
    const w = world();
    w.api.messages.push(integrationPost(w, null));
    useStore.setState({ locale: 'fi' });
    await renderSignedIn(<StreamView />, w.design.id);
    const [post] = await screen.findAllByTestId('message-item');
    const badge = within(post!).getByTestId('integration-badge');
    expect(badge).toHaveTextContent('Integraatio');
    expect(badge).toHaveAttribute('title', 'Tämän lähetti integraatio Jenkins, ei ihminen');
    expect(within(post!).getByRole('banner')).not.toHaveTextContent('puolesta');
  });
});
