// The composer explains the organization's speech policy before sending: who may post in the
// org-wide stream, who may use @all and team mentions, and it follows a policy change live.
import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SPEECH_POLICY } from '../../shared/domain/speechPolicy';
import { StreamView } from '../../renderer/src/components/StreamView';
import { renderSignedIn, world } from './harness';

let w: ReturnType<typeof world>;

beforeEach(() => {
  w = world();
});

const sendButton = () => screen.getByRole('button', { name: 'Send' });

describe('speech policy in the composer', () => {
  it('points out @all in the org stream before sending and sends nothing', async () => {
    const user = userEvent.setup();
    await renderSignedIn(<StreamView />, w.org.id);
    const box = screen.getByLabelText('Message Acme');
    expect(screen.queryByTestId('speech-notice')).toBeNull();
    await user.type(box, '@all lunch?');
    expect(await screen.findByTestId('speech-notice')).toHaveTextContent(
      'Only org admins may use @all or team mentions in the org-wide stream.',
    );
    expect(sendButton()).toBeDisabled();
    await user.type(box, '{Enter}');
    expect(w.api.callsTo('message:send')).toEqual([]);
    // a team handle pages the whole team as well; a person does not
    await user.clear(box);
    await user.type(box, 'see @design');
    expect(screen.getByTestId('speech-notice')).toHaveAttribute('data-refusal', 'mentionsRestricted');
    await user.clear(box);
    await user.type(box, '@bob thanks{Enter}');
    expect(screen.queryByTestId('speech-notice')).toBeNull();
    expect(w.api.callsTo('message:send')).toEqual([{ streamId: w.org.id, body: '@bob thanks' }]);
  });

  it('says before any typing that only curators and admins post in the org stream, and lets a curator', async () => {
    w.api.speechPolicy = { ...DEFAULT_SPEECH_POLICY, orgStreamPosting: 'curators' };
    await renderSignedIn(<StreamView />, w.org.id);
    expect(await screen.findByTestId('speech-notice')).toHaveTextContent(
      'Only curators and org admins post directly in the org-wide stream.',
    );
    expect(screen.getByTestId('speech-notice')).toHaveTextContent('share a post from your team’s stream');
  });

  it('counts a curator of any team as a curator in the org stream', async () => {
    w.api.speechPolicy = { ...DEFAULT_SPEECH_POLICY, orgStreamPosting: 'curators', orgStreamMentions: 'curators' };
    w.api.streams = w.api.streams.map((s) => (s.id === w.design.id ? { ...s, role: 'curator' } : s));
    const user = userEvent.setup();
    await renderSignedIn(<StreamView />, w.org.id);
    await user.type(screen.getByLabelText('Message Acme'), '@all from a curator{Enter}');
    expect(w.api.callsTo('message:send')).toEqual([{ streamId: w.org.id, body: '@all from a curator' }]);
    expect(screen.queryByTestId('speech-notice')).toBeNull();
  });

  it('follows a policy change pushed by the core, and explains team-stream mentions', async () => {
    const user = userEvent.setup();
    await renderSignedIn(<StreamView />, w.design.id);
    const box = screen.getByLabelText('Message Design');
    await user.type(box, '@all standup');
    expect(screen.queryByTestId('speech-notice')).toBeNull();
    w.api.speechPolicy = { ...DEFAULT_SPEECH_POLICY, teamStreamMentions: 'curators' };
    act(() => w.api.emit('data:changed', { accountId: null, streamIds: [], kinds: ['policy'] }));
    expect(await screen.findByTestId('speech-notice')).toHaveTextContent(
      'Only this team’s curators and org admins may use @all or team mentions here.',
    );
    expect(sendButton()).toBeDisabled();
  });
});
