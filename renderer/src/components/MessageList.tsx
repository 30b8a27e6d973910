/*
 * The selected stream's history: grouped rows in a virtual list, older pages loaded as the user
 * scrolls up, "Jump to latest" while scrolled up, and read marking while the bottom is in view.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { dayLabel } from '../lib/format';
import { createRowBuilder, estimateRow, type Row, type RowBuilder } from '../lib/grouping';
import { selectMyId, useStore } from '../store';
import { MessageItem } from './MessageItem';
import { VirtualList } from './VirtualList';

const messages = defineMessages({
  newMessages: { id: 'messageList.newMessages', defaultMessage: 'New messages' },
  loading: { id: 'messageList.loading', defaultMessage: 'Loading messages' },
  loadingOlder: { id: 'messageList.loadingOlder', defaultMessage: 'Loading older messages…' },
  emptyTitle: { id: 'messageList.emptyTitle', defaultMessage: 'No messages yet.' },
  emptyHint: {
    id: 'messageList.emptyHint',
    defaultMessage: 'Say hello! Everything posted here stays readable offline.',
  },
  // who reads an empty stream, so the first post is written knowing its audience
  emptyTeam: {
    id: 'messageList.emptyTeam',
    defaultMessage:
      'Only your team reads this stream. Write the first message below; nothing leaves the team without your consent.',
  },
  emptyOrg: {
    id: 'messageList.emptyOrg',
    defaultMessage:
      'Everyone in the organization reads this stream. Team news arrives here once its author and a curator agree.',
  },
  label: { id: 'messageList.label', defaultMessage: 'Messages' },
  jumpLatest: { id: 'messageList.jumpLatest', defaultMessage: 'Jump to latest ↓' },
});

/** "Today", "Yesterday" or the date, labelled when shown so it follows the locale and the clock. */
function DaySeparator({ at }: { at: number }) {
  const label = dayLabel(useIntl(), at);
  return (
    <div className="day-separator" data-testid="day-separator" role="separator" aria-label={label}>
      <span>{label}</span>
    </div>
  );
}

function NewDivider() {
  const label = useIntl().formatMessage(messages.newMessages);
  return (
    <div className="new-divider" data-testid="new-messages-divider" role="separator" aria-label={label}>
      <span>{label}</span>
    </div>
  );
}

function renderRow(row: Row) {
  if (row.kind === 'day') return <DaySeparator at={row.at} />;
  if (row.kind === 'new') return <NewDivider />;
  return <MessageItem message={row.message} showHeader={row.showHeader} />;
}

const isMessageRow = (row: Row) => row.kind === 'message';

/**
 * Memoizing row builders of the last few streams shown, so switching back to a long stream reuses
 * its grouped pages instead of regrouping its whole history (pages are checked by message identity,
 * so a stale builder only misses, never shows wrong rows).
 */
const builders = new Map<string, RowBuilder>();
const KEPT_BUILDERS = 8;

function rowBuilderFor(streamId: string): RowBuilder {
  let builder = builders.get(streamId);
  builders.delete(streamId);
  builder ??= createRowBuilder();
  builders.set(streamId, builder);
  if (builders.size > KEPT_BUILDERS) builders.delete(builders.keys().next().value!);
  return builder;
}

export function MessageList({ streamId }: { streamId: string }) {
  const intl = useIntl();
  const state = useStore((s) => s.messages[streamId]);
  const dividerSeq = useStore((s) => s.dividerSeq[streamId]);
  const headSeq = useStore((s) => s.streams.find((st) => st.id === streamId)?.headSeq ?? 0);
  const myId = useStore(selectMyId);
  const kind = useStore((s) => s.streams.find((st) => st.id === streamId)?.kind ?? null);
  const loadOlder = useStore((s) => s.loadOlder);
  const markRead = useStore((s) => s.markRead);
  const [atBottom, setAtBottom] = useState(true);
  const [jump, setJump] = useState(0);
  const jumpTarget = useStore((s) => (s.jumpTarget?.streamId === streamId ? s.jumpTarget : null));
  const scrollTo = useMemo(
    () => (jumpTarget ? { key: jumpTarget.messageId, nonce: jumpTarget.nonce } : null),
    [jumpTarget],
  );
  const [buildRows] = useState(() => rowBuilderFor(streamId));

  const items = state?.items;
  const rows = useMemo(() => buildRows(items ?? [], dividerSeq, myId), [buildRows, items, dividerSeq, myId]);
  const onNearTop = useCallback(() => void loadOlder(streamId), [loadOlder, streamId]);

  const lastSeq = items && items.length > 0 ? items[items.length - 1]!.seq : 0;
  useEffect(() => {
    // Reading happens only while the newest message is on screen and the window is visible.
    if (atBottom && document.visibilityState !== 'hidden') void markRead(streamId);
  }, [atBottom, streamId, lastSeq, headSeq, markRead]);
  useEffect(() => {
    // Coming back to a window left at the bottom counts as reading what arrived meanwhile.
    const onVisible = () => atBottom && document.visibilityState === 'visible' && void markRead(streamId);
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [atBottom, streamId, markRead]);

  if (!state || (state.loading && state.items.length === 0))
    return (
      <div className="message-list-empty" data-testid="message-list" aria-busy="true">
        <span className="loading-dots">
          <FormattedMessage {...messages.loading} />
        </span>
      </div>
    );

  return (
    <div className="message-list-wrap">
      {state.loadingOlder && (
        <div className="loading-older" role="status">
          <FormattedMessage {...messages.loadingOlder} />
        </div>
      )}
      {state.items.length === 0 ? (
        <div className="message-list-empty" data-testid="message-list">
          <div className="empty-state">
            <strong>
              <FormattedMessage {...messages.emptyTitle} />
            </strong>
            <FormattedMessage {...messages.emptyHint} />
            {kind && (
              <p data-testid="empty-audience">
                <FormattedMessage {...(kind === 'org' ? messages.emptyOrg : messages.emptyTeam)} />
              </p>
            )}
          </div>
        </div>
      ) : (
        <VirtualList
          key={streamId}
          rows={rows}
          estimate={estimateRow}
          renderRow={renderRow}
          onNearTop={onNearTop}
          isStable={isMessageRow}
          onAtBottomChange={setAtBottom}
          jumpSignal={jump}
          scrollTo={scrollTo}
          label={intl.formatMessage(messages.label)}
          testId="message-list"
        />
      )}
      {!atBottom && (
        <button type="button" className="jump-latest" data-testid="jump-latest" onClick={() => setJump((j) => j + 1)}>
          <FormattedMessage {...messages.jumpLatest} />
        </button>
      )}
    </div>
  );
}
