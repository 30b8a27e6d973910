/** Staged sharing: consent requests, the curator queue, and the user's own proposals. */
import { useEffect, useState } from 'react';
import type { PromotionState, PromotionView } from '../../../shared/protocol';
import { fullDate } from '../lib/format';
import { selectMyId, useStore, type PromotionScope } from '../store';
import { sharingWork } from '../store/sharingSlice';
import { Markdown } from './Markdown';

const STATE_LABEL: Record<PromotionState, string> = {
  awaiting_consent: 'Awaiting author consent',
  awaiting_approval: 'Awaiting curator approval',
  published: 'Published',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
  unpublished: 'Unpublished',
};

const EMPTY_HINT: Record<PromotionScope, string> = {
  consent: 'When someone proposes one of your messages for the organization, you decide here.',
  queue: 'Proposals from your teams wait here for a curator.',
  mine: 'Use “Share to organization” on a team message to propose it.',
};

function PromotionCard({ p }: { p: PromotionView }) {
  const team = useStore((s) => s.teams.find((t) => t.id === p.sourceTeamId)?.name ?? 'a team');
  const proposer = useStore((s) => s.users.find((u) => u.id === p.proposerId)?.name ?? 'someone');
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
        <span className={`state-badge state-${p.state}`}>{STATE_LABEL[p.state]}</span>
        <span className="muted">
          from {team} · proposed by {proposer} · {fullDate(p.createdAt)}
        </span>
      </div>
      <div className="promotion-body">
        <Markdown text={p.snapshotBody} />
      </div>
      {p.note && <p className="promotion-note">Note: {p.note}</p>}
      {p.decisionNote && <p className="promotion-note">Decision: {p.decisionNote}</p>}
      <div className="promotion-actions">
        {may('consent') && (
          <>
            <button type="button" className="button button-primary" onClick={() => void consent(p.id, true)}>
              Accept
            </button>
            <button type="button" className="button" onClick={() => void consent(p.id, false)}>
              Decline
            </button>
          </>
        )}
        {may('decide') && (
          <>
            <input
              aria-label="Decision note"
              placeholder="Note (optional)"
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
            <button type="button" className="button button-primary" onClick={() => void decide(p.id, true, note)}>
              Approve
            </button>
            <button type="button" className="button" onClick={() => void decide(p.id, false, note)}>
              Decline
            </button>
          </>
        )}
        {may('withdraw') && !may('consent') && (
          <button type="button" className="button" onClick={() => void withdraw(p.id)}>
            Withdraw
          </button>
        )}
        {may('requestUnpublish') && (
          <button type="button" className="button" onClick={() => void requestUnpublish(p.id)}>
            Request unpublish
          </button>
        )}
        {p.unpublishRequested && p.state === 'published' && <span className="muted">Unpublish requested</span>}
      </div>
    </li>
  );
}

/** "My proposals": what I proposed, apart from my posts that others proposed. */
function MineGroups({ list, myId }: { list: PromotionView[]; myId: string | null }) {
  const groups = [
    { id: 'proposed-by-me', title: 'Proposed by me', items: list.filter((p) => p.proposerId === myId) },
    {
      id: 'proposed-by-others',
      title: 'My posts proposed by others',
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
              {g.title}
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
  const isCurator = useStore(
    (s) => s.session?.user?.orgRole === 'admin' || s.streams.some((st) => st.role === 'curator'),
  );
  const promotions = useStore((s) => s.promotions);
  const error = useStore((s) => s.promotionsError);
  const loadPromotions = useStore((s) => s.loadPromotions);
  const setPanel = useStore((s) => s.setPanel);
  const tabs: { scope: PromotionScope; label: string }[] = [
    { scope: 'consent', label: 'Needs my consent' },
    ...(isCurator ? [{ scope: 'queue' as const, label: 'Curator queue' }] : []),
    { scope: 'mine', label: 'My proposals' },
  ];
  // opens on the first tab where something waits for me
  const [tab, setTab] = useState<PromotionScope>(() => {
    const work = sharingWork(useStore.getState().promotions);
    return work.consent > 0 ? 'consent' : work.queue > 0 ? 'queue' : 'consent';
  });
  const work = sharingWork(promotions);
  const myId = useStore(selectMyId);
  const current = tabs.some((t) => t.scope === tab) ? tab : 'consent';

  useEffect(() => {
    void loadPromotions(current);
  }, [current, loadPromotions]);

  const list = promotions[current];
  return (
    <aside className="side-panel sharing-panel" data-testid="sharing-panel" aria-label="Sharing">
      <header className="panel-header">
        <h2>Sharing</h2>
        <button type="button" className="icon-button" aria-label="Close sharing" onClick={() => setPanel('none')}>
          ✕
        </button>
      </header>
      <div className="tabs" role="tablist" aria-label="Sharing lists">
        {tabs.map((t) => (
          <button
            key={t.scope}
            type="button"
            role="tab"
            id={`sharing-tab-${t.scope}`}
            aria-selected={t.scope === current}
            aria-controls="sharing-tabpanel"
            className={t.scope === current ? 'tab active' : 'tab'}
            onClick={() => setTab(t.scope)}
          >
            {t.label}
            {work[t.scope] > 0 && <span className="badge">{work[t.scope]}</span>}
          </button>
        ))}
      </div>
      <div className="panel-body" role="tabpanel" id="sharing-tabpanel" aria-labelledby={`sharing-tab-${current}`}>
        {error && (
          <p role="alert" className="error-text">
            {error}
          </p>
        )}
        {list.length === 0 && !error && (
          <div className="empty-state" data-testid="empty-state">
            <strong>Nothing here.</strong>
            {EMPTY_HINT[current]}
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
    </aside>
  );
}
