import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { VppHistoryEntry } from '@internal/plugin-vpp-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vppApiRef } from '../../api';
import { groupEntities, testRoutes } from '../../testing/fixtures';
import { TokenHistory } from './TokenHistory';

jest.setTimeout(30_000);

function entry(overrides: Partial<VppHistoryEntry>): VppHistoryEntry {
  return {
    id: '1',
    occurredAt: '2026-12-01T09:30:00Z',
    actor: 'user:default/alice',
    action: 'token-register',
    outcome: 'succeeded',
    tokenId: 'tok-1',
    details: {},
    ...overrides,
  };
}

async function renderHistory(listHistory: jest.Mock) {
  await renderInTestApp(<TokenHistory tokenId="tok-1" />, {
    apis: [
      [vppApiRef, { listHistory }],
      catalogApiMock({ entities: groupEntities }),
    ],
    mountedRoutes: testRoutes,
  });
}

describe('TokenHistory', () => {
  it('lists each change with who, what, the outcome and its details', async () => {
    const listHistory = jest.fn().mockResolvedValue({
      totalCount: 3,
      items: [
        entry({
          id: '3',
          action: 'token-renew',
          actor: 'user:default/bob',
          outcome: 'failed',
          error: 'The new token expires before the current one.',
        }),
        entry({
          id: '2',
          action: 'device-update',
          details: { group: 'group:default/tokyo-it' },
        }),
        entry({
          id: '1',
          details: { owner: 'group:default/tokyo-it', location: 'Tokyo' },
        }),
      ],
    });
    await renderHistory(listHistory);

    const table = await screen.findByTestId('vpp-token-history');
    expect(listHistory).toHaveBeenCalledWith({
      tokenId: 'tok-1',
      offset: 0,
      limit: 20,
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map(row => row.getAttribute('data-action'))).toEqual([
      'token-renew',
      'device-update',
      'token-register',
    ]);
    const renew = within(rows[0]);
    expect(renew.getByText('Renewed')).toBeInTheDocument();
    expect(renew.getByText('Failed')).toBeInTheDocument();
    expect(renew.getByText('bob')).toBeInTheDocument();
    expect(
      renew.getByText('The new token expires before the current one.'),
    ).toBeInTheDocument();
    // Actions the portal does not name yet show their id.
    expect(within(rows[1]).getByText('device-update')).toBeInTheDocument();
    const register = within(rows[2]);
    expect(register.getByText('Registered')).toBeInTheDocument();
    expect(register.getByText('Done')).toBeInTheDocument();
    expect(register.getByText('alice')).toBeInTheDocument();
    expect(rows[2]).toHaveTextContent('owner: group:default/tokyo-it');
    expect(rows[2]).toHaveTextContent('location: Tokyo');
  });

  it('pages through a long history on the server', async () => {
    const listHistory = jest.fn(async ({ offset }: { offset: number }) => ({
      totalCount: 25,
      items: [entry({ id: String(offset), details: { offset } })],
    }));
    await renderHistory(listHistory);
    await screen.findByText('offset:');
    await userEvent.click(screen.getByRole('button', { name: /next page/i }));
    await waitFor(() =>
      expect(listHistory).toHaveBeenLastCalledWith({
        tokenId: 'tok-1',
        offset: 20,
        limit: 20,
      }),
    );
    expect(await screen.findByText('21–25 of 25')).toBeInTheDocument();
    expect(await screen.findByText('20')).toBeInTheDocument();
  });

  it('says when nothing has happened yet', async () => {
    await renderHistory(
      jest.fn().mockResolvedValue({ items: [], totalCount: 0 }),
    );
    expect(
      await screen.findByText('No change has been recorded yet.'),
    ).toBeInTheDocument();
  });

  it('explains a refused history without taking the page down', async () => {
    await renderHistory(
      jest
        .fn()
        .mockRejectedValue(
          new Error(
            "You are not allowed to read this content token's history (permission vpp.token.read).",
          ),
        ),
    );
    expect(
      await screen.findByText('The history could not be loaded'),
    ).toBeInTheDocument();
    expect(screen.getByText(/permission vpp\.token\.read/)).toBeInTheDocument();
  });
});
