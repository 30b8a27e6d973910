/** Shared test setup: a fresh store wired to a FakeApi, a signed-in world, and the one way to render. */
import { act, render, type RenderResult } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { onTestFinished } from 'vitest';
import { setApi } from '../../renderer/src/api/client';
import { App } from '../../renderer/src/App';
import { I18nProvider } from '../../renderer/src/i18n/I18nProvider';
import { initialState, useStore } from '../../renderer/src/store';
import { subscribePushes } from '../../renderer/src/store/pushes';
import type { MessageView } from '../../shared/ipc';
import type { Stream, User } from '../../shared/protocol';
import { FakeApi, makeMessage, makeStream, makeUser } from './fakeApi';
import { recordIntlError } from './intlErrors';

function TestI18n({ children }: { children: ReactNode }) {
  return <I18nProvider onError={recordIntlError}>{children}</I18nProvider>;
}

/**
 * Renders `ui` as main.tsx does: inside the I18nProvider, in the store's locale (set `locale` in the
 * store to render another language). Every component test renders through this.
 */
export function renderUi(ui: ReactElement): RenderResult {
  return render(ui, { wrapper: TestI18n });
}

export function resetStore(api: FakeApi): void {
  setApi(api);
  useStore.setState(initialState);
}

/** Alice (signed in), Bob, an org stream and a "Design" team stream. */
export function world() {
  const alice = makeUser('alice');
  const api = new FakeApi(alice);
  const bob = makeUser('bob');
  const carol = makeUser('carol', { name: 'Carol Jones' });
  api.users.push(bob, carol);
  const org = makeStream('Acme', { kind: 'org', teamId: null, role: null });
  const design = makeStream('Design');
  const ops = makeStream('Ops');
  api.streams.push(org, design, ops);
  api.teams.push({ id: design.teamId!, name: 'Design', handle: 'design', policy: 'approval', streamId: design.id });
  resetStore(api);
  return { api, alice, bob, carol, org, design, ops };
}

let listening = false;

/** Wires the fake's pushes to the store, as App does, once per test. */
function listenToPushes(): void {
  if (listening) return;
  listening = true;
  const off = subscribePushes();
  onTestFinished(() => {
    off();
    listening = false;
  });
}

/**
 * Loads the session and streams into the store as the app would on start, then renders `ui`. The
 * store hears the fake's pushes (App subscribes itself; a lone component gets the subscription
 * here), so a write shows the way it does in the app: after `data:changed`.
 */
export async function renderSignedIn(ui: ReactElement, selectStreamId?: string) {
  if (ui.type !== App) listenToPushes();
  const s = useStore.getState();
  await s.loadSession();
  await s.loadStreams();
  await s.loadDirectory();
  if (selectStreamId) {
    useStore.getState().selectStream(selectStreamId);
    await useStore.getState().loadLatest(selectStreamId);
  }
  return renderUi(ui);
}

/** `count` sent messages in `stream`, seq 1…count, `stepMs` apart from `from`, by the authors in turn. */
export function longHistory(
  stream: Stream,
  authors: User[],
  count: number,
  { from, stepMs, text = 'message' }: { from: number; stepMs: number; text?: string },
): MessageView[] {
  return Array.from({ length: count }, (_, i) =>
    makeMessage(stream, authors[i % authors.length]!, `${text} ${i}`, { seq: i + 1, createdAt: from + i * stepMs }),
  );
}

/** Puts fully loaded message lists into the store (nothing older anywhere) and selects `selected`. */
export function showLoaded(selected: string, lists: Record<string, MessageView[]>): void {
  const messages = Object.fromEntries(
    Object.entries(lists).map(([streamId, items]) => [
      streamId,
      { items, hasMore: false, serverHasMore: false, loading: false, loadingOlder: false, error: null },
    ]),
  );
  act(() => useStore.setState({ selectedStreamId: selected, messages }));
}
