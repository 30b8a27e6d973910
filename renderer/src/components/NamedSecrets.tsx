/**
 * What the API tokens and integrations panels share: named secrets the server makes (a personal API
 * token, an integration's flow token). A new one's secret is shown once to copy, a form names the
 * next one, and a list shows which exist with a way to revoke each. Each panel brings its own words.
 */
import { useState } from 'react';
import { FormattedMessage, useIntl, type MessageDescriptor } from 'react-intl';
import { fullDate, shortDate } from '../lib/format';

/** The words of one kind of named secret. */
export interface NamedSecretTexts {
  /** "New token “{name}”" */
  secretTitle: MessageDescriptor;
  secretHint: MessageDescriptor;
  secretLabel: MessageDescriptor;
  done: MessageDescriptor;
  name: MessageDescriptor;
  namePlaceholder: MessageDescriptor;
  create: MessageDescriptor;
  list: MessageDescriptor;
  none: MessageDescriptor;
  /** "Created {date}" */
  created: MessageDescriptor;
  /** "Last used {date}" and "Never used", for secrets whose use the server records (API tokens). */
  lastUsed?: { used: MessageDescriptor; never: MessageDescriptor };
  revoke: MessageDescriptor;
  /** "Revoke token {name}" */
  revokeLabel: MessageDescriptor;
}

/** A secret just made: shown once, selectable, until the user says it is copied. */
export function ShownOnce(props: {
  texts: NamedSecretTexts;
  name: string;
  secret: string;
  testId: string;
  onDone: () => void;
}) {
  const { texts } = props;
  return (
    <section className="api-token-secret" aria-live="polite">
      <h3>
        <FormattedMessage {...texts.secretTitle} values={{ name: props.name }} />
      </h3>
      <p>
        <FormattedMessage {...texts.secretHint} />
      </p>
      <label>
        <FormattedMessage {...texts.secretLabel} />
        <input readOnly value={props.secret} data-testid={props.testId} onFocus={(e) => e.currentTarget.select()} />
      </label>
      <button type="button" className="button" onClick={props.onDone}>
        <FormattedMessage {...texts.done} />
      </button>
    </section>
  );
}

/** Names the next secret; cleared once `onCreate` says it was made. */
export function NameForm({
  texts,
  onCreate,
}: {
  texts: NamedSecretTexts;
  onCreate: (name: string) => Promise<boolean>;
}) {
  const intl = useIntl();
  const [name, setName] = useState('');
  return (
    <form
      className="api-token-form"
      onSubmit={(e) => {
        e.preventDefault();
        const trimmed = name.trim();
        if (trimmed === '') return;
        void onCreate(trimmed).then((created) => created && setName(''));
      }}
    >
      <label>
        <FormattedMessage {...texts.name} />
        <input
          value={name}
          maxLength={100}
          placeholder={intl.formatMessage(texts.namePlaceholder)}
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      <button type="submit" className="button" disabled={name.trim() === ''}>
        <FormattedMessage {...texts.create} />
      </button>
    </form>
  );
}

/** The secrets that exist (never their values), each with its creation date and a revoke button. */
export function RevocableList(props: {
  texts: NamedSecretTexts;
  items: ReadonlyArray<{ id: string; name: string; createdAt: number; lastUsedAt?: number | null }>;
  onRevoke: (id: string) => void;
}) {
  const intl = useIntl();
  const { texts } = props;
  return (
    <>
      <h3>
        <FormattedMessage {...texts.list} />
      </h3>
      {props.items.length === 0 ? (
        <p className="empty-state">
          <FormattedMessage {...texts.none} />
        </p>
      ) : (
        <ul className="api-tokens">
          {props.items.map((item) => (
            <li key={item.id}>
              <span className="api-token-name">{item.name}</span>{' '}
              <span className="meta" title={fullDate(intl, item.createdAt)}>
                <FormattedMessage {...texts.created} values={{ date: shortDate(intl, item.createdAt) }} />
              </span>{' '}
              {texts.lastUsed && item.lastUsedAt !== undefined && (
                <>
                  <LastUsed texts={texts.lastUsed} at={item.lastUsedAt} />{' '}
                </>
              )}
              <button
                type="button"
                className="button button-small"
                aria-label={intl.formatMessage(texts.revokeLabel, { name: item.name })}
                onClick={() => props.onRevoke(item.id)}
              >
                <FormattedMessage {...texts.revoke} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** When a secret last authenticated a request, to the minute, or that it never did. */
export function LastUsed(props: { texts: { used: MessageDescriptor; never: MessageDescriptor }; at: number | null }) {
  const intl = useIntl();
  if (props.at === null)
    return (
      <span className="meta">
        <FormattedMessage {...props.texts.never} />
      </span>
    );
  return (
    <span className="meta" title={fullDate(intl, props.at)}>
      <FormattedMessage {...props.texts.used} values={{ date: shortDate(intl, props.at) }} />
    </span>
  );
}
