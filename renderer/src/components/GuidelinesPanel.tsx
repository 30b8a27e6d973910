/**
 * The guidelines of the stream on screen (the organization's in the org stream, the team's in a
 * team stream): what they say and whether I acknowledged them; for those who may publish them (org
 * admins; a team's curators) an editor with a preview, the team's "posting requires acknowledgement"
 * setting, and who has acknowledged.
 */
import { useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { MAX_GUIDELINES_CHARS, needsAcknowledgement } from '../../../shared/protocol/guidelines';
import { formatError } from '../i18n/errors';
import { fullDate } from '../lib/format';
import { useStore } from '../store';
import { GuidelinesAcknowledgements } from './GuidelinesAcknowledgements';
import { GuidelinesHistory } from './GuidelinesHistory';
import { Markdown } from './Markdown';
import { SidePanel } from './SidePanel';

const messages = defineMessages({
  title: { id: 'guidelines.panel.title', defaultMessage: 'Guidelines' },
  close: { id: 'guidelines.panel.close', defaultMessage: 'Close guidelines' },
  none: { id: 'guidelines.panel.none', defaultMessage: 'No guidelines have been published here yet.' },
  version: {
    id: 'guidelines.panel.version',
    defaultMessage: 'Version {version, number}, published by {publisher} on {at}',
  },
  acknowledged: { id: 'guidelines.panel.acknowledged', defaultMessage: 'You have acknowledged this version.' },
  read: { id: 'guidelines.panel.read', defaultMessage: 'Read and acknowledge' },
  editor: { id: 'guidelines.panel.editor', defaultMessage: 'Edit the guidelines' },
  bodyLabel: { id: 'guidelines.panel.bodyLabel', defaultMessage: 'Guidelines (markdown)' },
  preview: { id: 'guidelines.panel.preview', defaultMessage: 'Preview' },
  edit: { id: 'guidelines.panel.edit', defaultMessage: 'Edit' },
  publish: { id: 'guidelines.panel.publish', defaultMessage: 'Publish version {version, number}' },
  published: { id: 'guidelines.panel.published', defaultMessage: 'Published. Everyone is asked to read them again.' },
  tooLong: {
    id: 'guidelines.panel.tooLong',
    defaultMessage: '{count, number} characters over the limit of {max, number}.',
  },
  requireAck: {
    id: 'guidelines.panel.requireAck',
    defaultMessage: 'Posting in this team requires acknowledging the current version',
  },
});

export function GuidelinesPanel() {
  const intl = useIntl();
  const stream = useStore((s) => s.streams.find((x) => x.id === s.selectedStreamId) ?? null);
  const teamId = stream?.kind === 'team' ? stream.teamId : null;
  const guidelines = useStore((s) => s.guidelines?.find((g) => g.teamId === teamId) ?? null);
  const isAdmin = useStore((s) => s.session?.user?.orgRole === 'admin');
  const error = useStore((s) => s.guidelinesError);
  const setPanel = useStore((s) => s.setPanel);
  const ask = useStore((s) => s.askGuidelines);
  const publish = useStore((s) => s.publishGuidelines);
  const setRequired = useStore((s) => s.setGuidelinesRequired);
  const manager = isAdmin || (teamId !== null && stream?.role === 'curator');
  const current = guidelines?.current ?? null;
  const [draft, setDraft] = useState<string | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [published, setPublished] = useState(false);
  // the box follows the click at once; the cache's answer (or a refusal) settles it
  const [requiring, setRequiring] = useState<boolean | null>(null);
  const text = draft ?? current?.body ?? '';
  const over = text.trim().length - MAX_GUIDELINES_CHARS;

  const onPublish = async () => {
    if (await publish(teamId, text)) {
      setDraft(null);
      setPreviewing(false);
      setPublished(true);
    }
  };

  return (
    <SidePanel
      className="guidelines-panel"
      testId="guidelines-panel"
      title={intl.formatMessage(messages.title)}
      closeLabel={intl.formatMessage(messages.close)}
      onClose={() => setPanel('none')}
    >
      <div className="panel-body guidelines-panel-body">
        {current ? (
          <section className="guidelines-current">
            <p className="muted">
              <FormattedMessage
                {...messages.version}
                values={{
                  version: current.version,
                  publisher: current.publisherName,
                  at: fullDate(intl, current.publishedAt),
                }}
              />
            </p>
            <Markdown text={current.body} />
            {guidelines && needsAcknowledgement(guidelines) ? (
              <button type="button" className="button" onClick={() => ask(teamId)}>
                <FormattedMessage {...messages.read} />
              </button>
            ) : (
              <p className="muted" data-testid="guidelines-acknowledged">
                <FormattedMessage {...messages.acknowledged} />
              </p>
            )}
            <GuidelinesHistory
              key={`${teamId ?? 'org'}:${current.version}`}
              teamId={teamId}
              currentVersion={current.version}
            />
          </section>
        ) : (
          <p className="muted">
            <FormattedMessage {...messages.none} />
          </p>
        )}
        {error && (
          <p role="alert" className="error-text">
            {formatError(intl, error)}
          </p>
        )}
        {manager && (
          <section className="guidelines-editor" aria-labelledby="guidelines-editor-title">
            <h3 id="guidelines-editor-title">
              <FormattedMessage {...messages.editor} />
            </h3>
            {teamId !== null && (
              <label className="checkbox">
                <input
                  type="checkbox"
                  data-testid="guidelines-require"
                  checked={requiring ?? guidelines?.requireAck ?? false}
                  onChange={(e) => {
                    setRequiring(e.target.checked);
                    void setRequired(teamId, e.target.checked).finally(() => setRequiring(null));
                  }}
                />
                <FormattedMessage {...messages.requireAck} />
              </label>
            )}
            {previewing ? (
              <div className="guidelines-preview" data-testid="guidelines-preview">
                <Markdown text={text} />
              </div>
            ) : (
              <label className="field">
                <span>
                  <FormattedMessage {...messages.bodyLabel} />
                </span>
                <textarea
                  data-testid="guidelines-editor"
                  rows={10}
                  value={text}
                  onChange={(e) => {
                    setDraft(e.target.value);
                    setPublished(false);
                  }}
                />
              </label>
            )}
            {over > 0 && (
              <p className="error-text">
                <FormattedMessage {...messages.tooLong} values={{ count: over, max: MAX_GUIDELINES_CHARS }} />
              </p>
            )}
            {published && (
              <p role="status" className="muted">
                <FormattedMessage {...messages.published} />
              </p>
            )}
            <div className="modal-actions">
              <button type="button" className="button" onClick={() => setPreviewing(!previewing)}>
                <FormattedMessage {...(previewing ? messages.edit : messages.preview)} />
              </button>
              <button
                type="button"
                className="button button-primary"
                data-testid="guidelines-publish"
                disabled={!text.trim() || over > 0 || text === current?.body}
                onClick={() => void onPublish()}
              >
                <FormattedMessage {...messages.publish} values={{ version: (current?.version ?? 0) + 1 }} />
              </button>
            </div>
            <GuidelinesAcknowledgements teamId={teamId} />
          </section>
        )}
      </div>
    </SidePanel>
  );
}
