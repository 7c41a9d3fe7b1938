import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { VppToken } from '@internal/plugin-vpp-common';
import { screen } from '@testing-library/react';
import { vppApiRef } from '../../api';
import { makeToken, testRoutes } from '../../testing/fixtures';
import { EntityVppTokenCard } from './EntityVppTokenCard';

jest.setTimeout(30_000);

function tokenEntity(annotations: Record<string, string>) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'vpp-token-tok-1',
      namespace: 'default',
      annotations,
    },
    spec: { type: 'apple-vpp-token', owner: 'group:default/tokyo-it' },
  };
}

async function renderCard(
  token: VppToken,
  annotations: Record<string, string> = {
    'vpp.backstage.io/token-id': token.id,
  },
) {
  const getToken = jest.fn().mockResolvedValue(token);
  await renderInTestApp(
    <EntityProvider entity={tokenEntity(annotations)}>
      <EntityVppTokenCard />
    </EntityProvider>,
    { apis: [[vppApiRef, { getToken }]], mountedRoutes: testRoutes },
  );
  return getToken;
}

describe('EntityVppTokenCard', () => {
  it('shows an expiring token in red with expiry, days left, location and a link', async () => {
    const getToken = await renderCard(
      makeToken({
        id: 'tok-1',
        displayName: 'Osaka branch',
        locationName: 'Osaka Branch',
        expiresAt: '2026-07-13T00:00:00Z',
        daysLeft: 12,
        status: 'expiring',
        statusReason: 'The token expires in 12 days.',
      }),
    );

    expect(await screen.findByText('12 days left')).toBeInTheDocument();
    expect(getToken).toHaveBeenCalledWith('tok-1');
    expect(screen.getByTestId('vpp-token-card')).toHaveAttribute(
      'data-red',
      'true',
    );
    expect(screen.getByTestId('vpp-token-status')).toHaveAttribute(
      'data-tone',
      'red',
    );
    expect(screen.getByTestId('vpp-token-card-days-left')).toHaveStyle({
      color: '#c62828',
    });
    expect(screen.getByText('2026-07-13')).toBeInTheDocument();
    expect(screen.getByText('Osaka Branch')).toBeInTheDocument();
    expect(
      screen.getByText('The token expires in 12 days.'),
    ).toBeInTheDocument();
    expect(screen.getByText('Osaka branch').closest('a')).toHaveAttribute(
      'href',
      '/vpp/tokens/tok-1',
    );
  });

  it('shows an expired token in red', async () => {
    await renderCard(
      makeToken({ status: 'expired', daysLeft: -3, statusReason: 'Expired.' }),
    );
    expect(await screen.findByText('expired 3 days ago')).toBeInTheDocument();
    expect(screen.getByTestId('vpp-token-card')).toHaveAttribute(
      'data-red',
      'true',
    );
  });

  it('shows a healthy token without red', async () => {
    await renderCard(makeToken({ status: 'ok', daysLeft: 200 }));
    expect(await screen.findByText('200 days left')).toBeInTheDocument();
    expect(screen.getByTestId('vpp-token-card')).toHaveAttribute(
      'data-red',
      'false',
    );
    expect(screen.getByTestId('vpp-token-status')).toHaveAttribute(
      'data-tone',
      'green',
    );
  });

  it('explains a missing token-id annotation', async () => {
    const getToken = await renderCard(makeToken(), {});
    expect(
      await screen.findByText(/vpp\.backstage\.io\/token-id/),
    ).toBeInTheDocument();
    expect(getToken).not.toHaveBeenCalled();
  });
});
