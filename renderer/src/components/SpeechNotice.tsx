/**
 * The organization's speech policy, explained where the user types: in the org-wide stream someone
 * who may not post there directly is told so (and how to reach everyone instead) before writing, and
 * `@all` or a team mention they may not use is pointed out before sending. The server enforces the
 * same rules with the same shared function (`shared/domain/speechPolicy.ts`).
 */
import { useEffect, useMemo } from 'react';
import { defineMessages, FormattedMessage } from 'react-intl';
import { parseReferences } from '../../../shared/domain/mentions';
import { speechRefusal, type SpeechRefusal } from '../../../shared/domain/speechPolicy';
import { useStore } from '../store';

const messages = defineMessages({
  postingRestricted: {
    id: 'speech.postingRestricted',
    defaultMessage:
      'Only curators and org admins post directly in the org-wide stream. To reach everyone, share a post from your team’s stream.',
  },
  mentionsAdmins: {
    id: 'speech.mentionsAdmins',
    defaultMessage: 'Only org admins may use @all or team mentions in the org-wide stream.',
  },
  mentionsCuratorsOrg: {
    id: 'speech.mentionsCuratorsOrg',
    defaultMessage: 'Only curators and org admins may use @all or team mentions in the org-wide stream.',
  },
  mentionsCuratorsTeam: {
    id: 'speech.mentionsCuratorsTeam',
    defaultMessage: 'Only this team’s curators and org admins may use @all or team mentions here.',
  },
});

/** Which rule of the speech policy this text would break in this stream, or null. */
export function useSpeechRefusal(streamId: string, text: string): SpeechRefusal | null {
  const policy = useStore((s) => s.speechPolicy);
  const loadSpeechPolicy = useStore((s) => s.loadSpeechPolicy);
  const user = useStore((s) => s.session?.user ?? null);
  const streams = useStore((s) => s.streams);
  const teams = useStore((s) => s.teams);
  useEffect(() => {
    if (policy === null && user !== null) void loadSpeechPolicy();
  }, [policy, user, loadSpeechPolicy]);
  const mentionsMany = useMemo(() => {
    const refs = parseReferences(text.trim());
    if (refs.all) return true;
    const teamHandles = new Set(teams.map((t) => t.handle));
    return refs.mentions.some((handle) => teamHandles.has(handle));
  }, [text, teams]);
  const stream = streams.find((s) => s.id === streamId);
  if (!policy || !user || !stream) return null;
  const speaker = {
    orgRole: user.orgRole,
    streamKind: stream.kind,
    teamRole: stream.role,
    curatesAnyTeam: streams.some((s) => s.role === 'curator'),
  };
  return speechRefusal(policy, speaker, mentionsMany);
}

/** Why the composer will not send, by the speech policy; nothing when the text may be sent. */
export function SpeechNotice({ streamId, refusal }: { streamId: string; refusal: SpeechRefusal | null }) {
  const policy = useStore((s) => s.speechPolicy);
  const kind = useStore((s) => s.streams.find((x) => x.id === streamId)?.kind);
  if (!refusal || !policy) return null;
  const message =
    refusal === 'postingRestricted'
      ? messages.postingRestricted
      : kind === 'team'
        ? messages.mentionsCuratorsTeam
        : policy.orgStreamMentions === 'admins'
          ? messages.mentionsAdmins
          : messages.mentionsCuratorsOrg;
  return (
    <p role="status" className="error-text speech-notice" data-testid="speech-notice" data-refusal={refusal}>
      <FormattedMessage {...message} />
    </p>
  );
}
