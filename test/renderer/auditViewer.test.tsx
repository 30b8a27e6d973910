import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import type { AuditEntry } from '../../shared/protocol';
import { App } from '../../renderer/src/App';
import { renderSignedIn, world } from './harness';

let w: ReturnType<typeof world>;

/** A trail of `count` member additions by alice in Design, one a minute, and a promotion's chain. */
function trail(count: number): { entries: AuditEntry[]; promotionId: string } {
  const design = w.api.teams[0]!;
  const alice = { id: w.alice.id, name: w.alice.name, email: w.alice.email };
  const bob = { id: w.bob.id, name: w.bob.name, email: w.bob.email };
  const base = Date.UTC(2026, 10, 2, 9, 0);
  const entries: AuditEntry[] = Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    at: base + i * 60_000,
    action: 'member.add',
    actor: alice,
    target: uuidv7(),
    teamId: design.id,
    teamName: 'Design',
    detail: {},
  }));
  const promotionId = uuidv7();
  const step = (id: number, action: string, actor: typeof alice, minutes: number): AuditEntry => ({
    id,
    at: base + (count + minutes) * 60_000,
    action,
    actor,
    target: promotionId,
    teamId: design.id,
    teamName: 'Design',
    detail: {},
  });
  entries.push(
    step(count + 1, 'promotion.propose', alice, 1),
    step(count + 2, 'promotion.submit', bob, 2),
    step(count + 3, 'promotion.publish', alice, 3),
  );
  return { entries, promotionId };
}

beforeEach(() => {
  w = world();
});

describe('audit viewer', () => {
  it('is offered to org admins and compliance only', async () => {
    await renderSignedIn(<App />, w.design.id);
    await screen.findByRole('button', { name: 'Tags' });
    expect(screen.queryByRole('button', { name: 'Audit trail' })).not.toBeInTheDocument();
  });

  it("lists the trail newest first, pages older records, filters, and opens a promotion's whole chain", async () => {
    w.api.me.orgRole = 'compliance';
    const { entries } = trail(60);
    w.api.auditTrail = entries;
    const user = userEvent.setup();
    await renderSignedIn(<App />, w.design.id);
    await user.click(await screen.findByRole('button', { name: 'Audit trail' }));
    const panel = await screen.findByRole('complementary', { name: 'Audit trail' });
    const rows = () => within(panel).queryAllByTestId('audit-entry');
    await waitFor(() => expect(rows()).toHaveLength(50));
    expect(rows()[0]).toHaveTextContent('Published to the organization');
    expect(rows()[0]).toHaveTextContent('Alice');
    await user.click(within(panel).getByRole('button', { name: 'Show older records' }));
    await waitFor(() => expect(rows()).toHaveLength(63));
    expect(within(panel).queryByRole('button', { name: 'Show older records' })).not.toBeInTheDocument();

    await user.selectOptions(within(panel).getByLabelText('What'), 'Author consented');
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(w.api.callsTo('audit:list').at(-1)).toMatchObject({ action: 'promotion.submit' });
    expect(rows()[0]).toHaveTextContent(w.bob.name);

    await user.click(within(panel).getByRole('button', { name: 'Show every step of this promotion' }));
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(rows().map((r) => r.textContent)).toEqual([
      expect.stringContaining('Published to the organization'),
      expect.stringContaining('Author consented'),
      expect.stringContaining('Proposed for the organization'),
    ]);
    expect(within(panel).getByTestId('audit-chain-note')).toBeInTheDocument();
    await user.click(within(panel).getByRole('button', { name: 'Show everything' }));
    await waitFor(() => expect(rows()).toHaveLength(1)); // back to the action filter it had
  });

  it('says so when the server cannot be asked', async () => {
    w.api.me.orgRole = 'admin';
    w.api.auditTrail = null;
    const user = userEvent.setup();
    await renderSignedIn(<App />, w.design.id);
    await user.click(await screen.findByRole('button', { name: 'Audit trail' }));
    const panel = await screen.findByRole('complementary', { name: 'Audit trail' });
    expect(await within(panel).findByRole('alert')).toBeInTheDocument();
  });
});
