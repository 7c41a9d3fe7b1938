import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { vppApiRef } from '../../api';
import { makeToken, testRoutes } from '../../testing/fixtures';
import { TokensAttention } from './TokensAttention';

jest.setTimeout(30_000);

async function renderWith(tokens: ReturnType<typeof makeToken>[]) {
  const listTokens = jest.fn().mockResolvedValue({ items: tokens });
  await renderInTestApp(<TokensAttention />, {
    apis: [[vppApiRef, { listTokens }]],
    mountedRoutes: testRoutes,
  });
}

describe('TokensAttention', () => {
  it('lists the tokens that need attention, most urgent first, with links', async () => {
    await renderWith([
      makeToken({ id: 'a', displayName: 'Tokyo office', status: 'ok' }),
      makeToken({
        id: 'b',
        displayName: 'Osaka office',
        status: 'expiring',
        daysLeft: 9,
        expiresAt: '2026-12-16T09:00:00Z',
      }),
      makeToken({
        id: 'c',
        displayName: 'Sapporo office',
        status: 'expired',
        daysLeft: -2,
      }),
    ]);
    expect(
      await screen.findByText('2 tokens need attention'),
    ).toBeInTheDocument();
    const items = screen.getAllByTestId('vpp-attention-token');
    expect(items.map(item => item.querySelector('a')?.textContent)).toEqual([
      'Sapporo office',
      'Osaka office',
    ]);
    expect(screen.getByText('2026-12-16 · 9 days left')).toBeInTheDocument();
    expect(screen.queryByText('Tokyo office')).toBeNull();
    expect(
      screen.getByRole('link', { name: 'Open Apps and Books' }),
    ).toBeInTheDocument();
  });

  it('says so when every token is fine, or none is registered', async () => {
    await renderWith([makeToken({ status: 'ok' })]);
    expect(
      await screen.findByText('All content tokens are fine (1).'),
    ).toBeInTheDocument();
  });

  it('invites to register when there is no token', async () => {
    await renderWith([]);
    expect(
      await screen.findByText('No content token is registered yet.'),
    ).toBeInTheDocument();
  });
});
