/** Staged sharing: consent requests, the curator queue, and the user's own proposals. */
import { useEffect, useState } from 'react';
import { defineMessages, FormattedMessage, FormattedNumber, useIntl, type MessageDescriptor } from 'react-intl';
import type { PromotionState, PromotionView } from '../../../shared/protocol';
import { formatError } from '../i18n/errors';
import { fullDate, timeAgo } from '../lib/format';
import { selectMyId, useStore, type PromotionScope } from '../store';
import { sharingWork } from '../store/sharingSlice';
import { Markdown } from './Markdown';
import { SidePanel } from './SidePanel';
import { personNames } from '../store/personNames';

const STATE_LABEL = defineMessages({
  awaiting_consent: { id: 'sharing.state.awaitingConsent', defaultMessage: 'Awaiting author consent' },
  awaiting_approval: { id: 'sharing.state.awaitingApproval', defaultMessage: 'Awaiting curator approval' },
  published: { id: 'sharing.state.published', defaultMessage: 'Published' },
  declined: { id: 'sharing.state.declined', defaultMessage: 'Declined' },
  withdrawn: { id: 'sharing.state.withdrawn', defaultMessage: 'Withdrawn' },
  unpublished: { id: 'sharing.state.unpublished', defaultMessage: 'Unpublished' },
}) satisfies Record<PromotionState, MessageDescriptor>;

const TAB_LABEL = defineMessages({
  consent: { id: 'sharing.tab.consent', defaultMessage: 'Needs my consent' },
  queue: { id: 'sharing.tab.queue', defaultMessage: 'Curator queue' },
  mine: { id: 'sharing.tab.mine', defaultMessage: 'My proposals' },
}) satisfies Record<PromotionScope, MessageDescriptor>;

const EMPTY_HINT = defineMessages({
  consent: {
    id: 'sharing.empty.consent',
    defaultMessage: 'When someone proposes one of your messages for the organization, you decide here.',
  },
  queue: { id: 'sharing.empty.queue', defaultMessage: 'Proposals from your teams wait here for a curator.' },
  mine: { id: 'sharing.empty.mine', defaultMessage: 'Use “Share to organization” on a team message to propose it.' },
}) satisfies Record<PromotionScope, MessageDescriptor>;

const messages = defineMessages({
  title: { id: 'sharing.title', defaultMessage: 'Sharing' },
  close: { id: 'sharing.close', defaultMessage: 'Close sharing' },
  tabs: { id: 'sharing.tabs', defaultMessage: 'Sharing lists' },
  nothing: { id: 'sharing.nothing', defaultMessage: 'Nothing here.' },
  aTeam: { id: 'sharing.aTeam', defaultMessage: 'a team' },
  someone: { id: 'sharing.someone', defaultMessage: 'someone' },
  meta: { id: 'sharing.meta', defaultMessage: 'from {team} · proposed by {proposer} · {when}' },
  note: { id: 'sharing.note', defaultMessage: 'Note: {note}' },
  decision: { id: 'sharing.decision', defaultMessage: 'Decision: {note}' },
  accept: { id: 'sharing.accept', defaultMessage: 'Accept' },
  decline: { id: 'sharing.decline', defaultMessage: 'Decline' },
  decisionNote: { id: 'sharing.decisionNote', defaultMessage: 'Decision note' },
  notePlaceholder: { id: 'sharing.notePlaceholder', defaultMessage: 'Note (optional)' },
  approve: { id: 'sharing.approve', defaultMessage: 'Approve' },
  withdraw: { id: 'sharing.withdraw', defaultMessage: 'Withdraw' },
  requestUnpublish: { id: 'sharing.requestUnpublish', defaultMessage: 'Request unpublish' },
  unpublishRequested: { id: 'sharing.unpublishRequested', defaultMessage: 'Unpublish requested' },
  proposedByMe: { id: 'sharing.group.proposedByMe', defaultMessage: 'Proposed by me' },
  proposedByOthers: { id: 'sharing.group.proposedByOthers', defaultMessage: 'My posts proposed by others' },
});

function PromotionCard({ p }: { p: PromotionView }) {
  const intl = useIntl();
  const team = useStore((s) => s.teams.find((t) => t.id === p.sourceTeamId)?.name ?? null);
  const proposer = useStore((s) => personNames(s.users).get(p.proposerId) ?? null);
  const consent = useStore((s) => s.consent);
  const decide = useStore((s) => s.decide);
  const withdraw = useStore((s) => s.withdraw);
  const requestUnpublish = useStore((s) => s.requestUnpublish);
  const [note, setNote] = useState('');
  // The buttons are the steps the server says I may take now, whatever list this card is in.
  const may = (action: PromotionView['actions'][number]) => p.actions.includes(action);
  return (
    <li className="promotion" data-testid="promotion-item" data-state={p.state}>
      <div className="promotion-meta">
        <span className={`state-badge state-${p.state}`}>
          <FormattedMessage {...STATE_LABEL[p.state]} />
        </span>
        <span className="muted" title={fullDate(intl, p.createdAt)}>
          <FormattedMessage
            {...messages.meta}
            values={{
              team: team ?? intl.formatMessage(messages.aTeam),
              proposer: proposer ?? intl.formatMessage(messages.someone),
              when: timeAgo(intl, p.createdAt),
            }}
          />
        </span>
      </div>
      <div className="promotion-body">
        <Markdown text={p.snapshotBody} />
      </div>
      {p.note && (
        <p className="promotion-note">
          <FormattedMessage {...messages.note} values={{ note: p.note }} />
        </p>
      )}
      {p.decisionNote && (
        <p className="promotion-note">
          <FormattedMessage {...messages.decision} values={{ note: p.decisionNote }} />
        </p>
      )}
      <div className="promotion-actions">
        {may('consent') && (
          <>
            <button type="button" className="button button-primary" onClick={() => void consent(p.id, true)}>
              <FormattedMessage {...messages.accept} />
            </button>
            <button type="button" className="button" onClick={() => void consent(p.id, false)}>
              <FormattedMessage {...messages.decline} />
            </button>
          </>
        )}
        {may('decide') && (
          <>
            <input
              aria-label={intl.formatMessage(messages.decisionNote)}
              placeholder={intl.formatMessage(messages.notePlaceholder)}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
            <button type="button" className="button button-primary" onClick={() => void decide(p.id, true, note)}>
              <FormattedMessage {...messages.approve} />
            </button>
            <button type="button" className="button" onClick={() => void decide(p.id, false, note)}>
              <FormattedMessage {...messages.decline} />
            </button>
          </>
        )}
        {may('withdraw') && !may('consent') && (
          <button type="button" className="button" onClick={() => void withdraw(p.id)}>
            <FormattedMessage {...messages.withdraw} />
          </button>
        )}
        {may('requestUnpublish') && (
          <button type="button" className="button" onClick={() => void requestUnpublish(p.id)}>
            <FormattedMessage {...messages.requestUnpublish} />
          </button>
        )}
        {p.unpublishRequested && p.state === 'published' && (
          <span className="muted">
            <FormattedMessage {...messages.unpublishRequested} />
          </span>
        )}
      </div>
    </li>
  );
}

/** "My proposals": what I proposed, apart from my posts that others proposed. */
function MineGroups({ list, myId }: { list: PromotionView[]; myId: string | null }) {
  const groups = [
    { id: 'proposed-by-me', title: messages.proposedByMe, items: list.filter((p) => p.proposerId === myId) },
    {
      id: 'proposed-by-others',
      title: messages.proposedByOthers,
      items: list.filter((p) => p.proposerId !== myId),
    },
  ];
  return (
    <>
      {groups
        .filter((g) => g.items.length > 0)
        .map((g) => (
          <section key={g.id} aria-labelledby={`sharing-${g.id}`} data-testid={g.id}>
            <h3 className="promotions-group" id={`sharing-${g.id}`}>
              <FormattedMessage {...g.title} />
            </h3>
            <ul className="promotions">
              {g.items.map((p) => (
                <PromotionCard key={p.id} p={p} />
              ))}
            </ul>
          </section>
        ))}
    </>
  );
}

export function SharingPanel() {
  const intl = useIntl();
  const isCurator = useStore(
    (s) => s.session?.user?.orgRole === 'admin' || s.streams.some((st) => st.role === 'curator'),
  );
  const promotions = useStore((s) => s.promotions);
  const error = useStore((s) => s.promotionsError);
  const loadPromotions = useStore((s) => s.loadPromotions);
  const setPanel = useStore((s) => s.setPanel);
  const tabs: PromotionScope[] = ['consent', ...(isCurator ? (['queue'] as const) : []), 'mine'];
  // opens on the first tab where something waits for me
  const [tab, setTab] = useState<PromotionScope>(() => {
    const work = sharingWork(useStore.getState().promotions);
    return work.consent > 0 ? 'consent' : work.queue > 0 ? 'queue' : 'consent';
  });
  const work = sharingWork(promotions);
  const myId = useStore(selectMyId);
  const current = tabs.includes(tab) ? tab : 'consent';

  useEffect(() => {
    void loadPromotions(current);
  }, [current, loadPromotions]);

  const list = promotions[current];
  return (
    <SidePanel
      className="sharing-panel"
      testId="sharing-panel"
      title={intl.formatMessage(messages.title)}
      closeLabel={intl.formatMessage(messages.close)}
      onClose={() => setPanel('none')}
    >
      <div className="tabs" role="tablist" aria-label={intl.formatMessage(messages.tabs)}>
        {tabs.map((scope) => (
          <button
            key={scope}
            type="button"
            role="tab"
            id={`sharing-tab-${scope}`}
            aria-selected={scope === current}
            aria-controls="sharing-tabpanel"
            className={scope === current ? 'tab active' : 'tab'}
            onClick={() => setTab(scope)}
          >
            <FormattedMessage {...TAB_LABEL[scope]} />
            {work[scope] > 0 && (
              <span className="badge">
                <FormattedNumber value={work[scope]} />
              </span>
            )}
          </button>
        ))}
      </div>
      <div className="panel-body" role="tabpanel" id="sharing-tabpanel" aria-labelledby={`sharing-tab-${current}`}>
        {error && (
          <p role="alert" className="error-text" title={error.message}>
            {formatError(intl, error)}
          </p>
        )}
        {list.length === 0 && !error && (
          <div className="empty-state" data-testid="empty-state">
            <strong>
              <FormattedMessage {...messages.nothing} />
            </strong>
            <FormattedMessage {...EMPTY_HINT[current]} />
          </div>
        )}
        {current === 'mine' ? (
          <MineGroups list={list} myId={myId} />
        ) : (
          <ul className="promotions">
            {list.map((p) => (
              <PromotionCard key={p.id} p={p} />
            ))}
          </ul>
        )}
      </div>
    </SidePanel>
  );
}
