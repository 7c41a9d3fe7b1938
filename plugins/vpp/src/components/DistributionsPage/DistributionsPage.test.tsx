import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vppApiRef } from '../../api';
import { groupEntities, makeToken, testRoutes } from '../../testing/fixtures';
import { makeAppAsset, makeDistribution } from './distributionFixtures';
import { DistributionsPage } from './DistributionsPage';

jest.setTimeout(30_000);

function mockApi(totalCount = 2) {
  return {
    listTokens: jest.fn(async () => ({
      items: [makeToken({ id: 'tok-1', displayName: 'Tokyo HQ' })],
    })),
    listAssets: jest.fn(async () => ({
      items: [makeAppAsset()],
      totalCount: 1,
    })),
    listDistributions: jest.fn(async () => ({
      items:
        totalCount === 0
          ? []
          : [
              makeDistribution({ state: 'completed' }),
              makeDistribution({
                id: 'dist-2',
                state: 'scheduled',
                adamIds: ['6450000101', '6450000999'],
                scheduledAt: '2026-12-24T01:00:00Z',
                startedAt: undefined,
                plan: { ...makeDistribution().plan, devicesMatched: 12 },
              }),
            ],
      totalCount,
    })),
  };
}

async function render(
  api: ReturnType<typeof mockApi>,
  path = '/vpp/distributions',
) {
  await renderInTestApp(<DistributionsPage />, {
    apis: [
      [vppApiRef, api],
      mockApis.permission(),
      catalogApiMock({ entities: groupEntities }),
    ],
    mountedRoutes: testRoutes,
    mountPath: '/vpp/distributions',
    initialRouteEntries: [path],
  });
}

describe('DistributionsPage', () => {
  it('lists distributions with state, token, apps by name, devices, creator and start, and filters them', async () => {
    const api = mockApi();
    const user = userEvent.setup();
    await render(api);

    const rows = await screen.findAllByTestId('vpp-distribution-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('Completed');
    expect(await within(rows[0]).findByText('Tokyo HQ')).toHaveAttribute(
      'href',
      '/vpp/tokens/tok-1',
    );
    expect(await within(rows[0]).findByText('Example Notes')).toBeVisible();
    expect(rows[0]).toHaveTextContent('3 devices');
    expect(rows[0]).toHaveTextContent(/Started \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(rows[1]).toHaveTextContent('Scheduled');
    expect(rows[1]).toHaveTextContent('12 devices');
    expect(rows[1]).toHaveTextContent(/Scheduled for 2026-12-2[34]/);
    // An app the token's content does not know is shown by its adamId.
    expect(rows[1]).toHaveTextContent('6450000999');
    expect(
      within(rows[1]).getByTestId('vpp-distribution-link'),
    ).toHaveAttribute('href', '/vpp/distributions/dist-2');
    expect(api.listAssets).toHaveBeenCalledTimes(1);

    await user.selectOptions(screen.getByLabelText('State'), 'Scheduled');
    await waitFor(() =>
      expect(api.listDistributions).toHaveBeenLastCalledWith(
        expect.objectContaining({ state: 'scheduled', offset: 0, limit: 25 }),
      ),
    );
    await user.type(screen.getByLabelText('Created by'), 'user:default/tanaka');
    await waitFor(() =>
      expect(api.listDistributions).toHaveBeenLastCalledWith(
        expect.objectContaining({ createdBy: 'user:default/tanaka' }),
      ),
    );
  });

  it('takes the token filter from the address and says what to do when there is nothing', async () => {
    const api = mockApi(0);
    await render(api, '/vpp/distributions?tokenId=tok-1');
    expect(
      await screen.findByTestId('vpp-distributions-no-match'),
    ).toHaveTextContent('No distribution matches these filters.');
    expect(api.listDistributions).toHaveBeenCalledWith(
      expect.objectContaining({ tokenId: 'tok-1' }),
    );
    await waitFor(() =>
      expect(screen.getByLabelText('Token')).toHaveValue('tok-1'),
    );
  });

  it('shows the empty state without filters', async () => {
    await render(mockApi(0));
    expect(await screen.findByText('No distributions yet')).toBeVisible();
  });
});
