import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { appLanguageApiRef } from '@backstage/frontend-plugin-api';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vppApiRef } from '../../api';
import { groupEntities, makeToken, testRoutes } from '../../testing/fixtures';
import {
  makeAppAsset,
  makeDistribution,
  makeItem,
} from '../DistributionsPage/distributionFixtures';
import {
  DistributionPage,
  pollInterval,
  RUNNING_POLL_MS,
  SCHEDULED_POLL_MS,
} from './DistributionPage';
import { FreshPermissionCache } from '../../__testUtils__/FreshPermissionCache';

jest.setTimeout(30_000);

const failedItem = makeItem({
  deviceId: 'dev-2',
  serialNumber: 'DMPTK0002',
  state: 'failed',
  version: null,
  errorNumber: 9610,
  explanation: {
    en: 'Apple has no license for this device yet.',
    ja: 'このデバイスのライセンスが Apple にまだありません。',
    nextStep: {
      en: 'Retry failed items in a few minutes.',
      ja: '数分後に失敗分を再試行してください。',
    },
  },
});

function mockApi(
  distribution = makeDistribution({
    appConfigIds: { '6450000101': 'cfg-1' },
    vpnConfigId: 'vpn-1',
    preventBackup: true,
  }),
) {
  return {
    listTokens: jest.fn(async () => ({
      items: [makeToken({ id: 'tok-1', displayName: 'Tokyo HQ' })],
    })),
    listAssets: jest.fn(async () => ({
      items: [makeAppAsset()],
      totalCount: 1,
    })),
    getDistribution: jest.fn(async () => distribution),
    listDistributionItems: jest.fn(
      async (_id: string, query: { state?: string }) => {
        const items = [makeItem(), failedItem].filter(
          i => !query.state || i.state === query.state,
        );
        return { items, totalCount: items.length };
      },
    ),
    getAppConfig: jest.fn(async () => ({ id: 'cfg-1', name: 'Notes (Tokyo)' })),
    getVpnConfig: jest.fn(async () => ({ id: 'vpn-1', name: 'Office VPN' })),
    cancelDistribution: jest.fn(async () => ({
      ...distribution,
      state: 'cancelled',
    })),
    retryDistribution: jest.fn(async () => distribution),
  };
}

async function render(
  api: ReturnType<typeof mockApi>,
  options: { allow?: boolean; language?: string } = {},
) {
  await renderInTestApp(
    <FreshPermissionCache>
      <DistributionPage />
    </FreshPermissionCache>,
    {
      apis: [
        [vppApiRef, api],
        mockApis.permission({
          authorize: options.allow === false ? 'DENY' : 'ALLOW',
        }),
        catalogApiMock({ entities: groupEntities }),
        ...(options.language
          ? [
              [
                appLanguageApiRef,
                {
                  getAvailableLanguages: () => ({ languages: ['en', 'ja'] }),
                  getLanguage: () => ({ language: options.language! }),
                  setLanguage: () => {},
                  language$: () => ({ subscribe: () => ({}) }),
                },
              ] as const,
            ]
          : []),
      ] as any,
      mountedRoutes: testRoutes,
      mountPath: '/vpp/distributions/:distributionId',
      initialRouteEntries: ['/vpp/distributions/dist-1'],
    },
  );
}

describe('DistributionPage', () => {
  it('shows the options by name, the plan, the counts and each device with its error explained', async () => {
    const api = mockApi();
    await render(api);

    expect(
      await screen.findByTestId('vpp-distribution-title'),
    ).toHaveTextContent('Distribution dist-1');
    const options = screen.getByTestId('vpp-distribution-options');
    expect(options).toHaveTextContent('Automatic license assignment');
    expect(await within(options).findByText(/Notes \(Tokyo\)/)).toBeVisible();
    expect(await within(options).findByText('Office VPN')).toBeVisible();
    expect(options).toHaveTextContent('Prevent backup of app dataYes');
    expect(options).toHaveTextContent('User can remove the appYes');
    expect(options).toHaveTextContent('Scheduled distributionImmediately');

    const plan = screen.getByTestId('vpp-distribution-plan');
    expect(plan).toHaveTextContent('Devices matched3');
    expect(plan).toHaveTextContent('Not enrolled in the MDM: 1');
    expect(plan).toHaveTextContent('not reclaimed automatically');
    const planApp = within(plan).getByTestId('vpp-distribution-plan-app');
    expect(planApp).toHaveTextContent('Example Notes2148');

    expect(screen.getByTestId('vpp-distribution-progress')).toHaveTextContent(
      '2 of 3 items finished',
    );
    expect(
      screen.getByTestId('vpp-distribution-count-installed'),
    ).toHaveTextContent('Installed 1');
    expect(screen.getByText(/Updates by itself/)).toBeVisible();

    const rows = await screen.findAllByTestId('vpp-distribution-item');
    expect(rows[0]).toHaveTextContent('Installed');
    expect(rows[0]).toHaveTextContent('4.1.0');
    expect(rows[1]).toHaveTextContent('Failed');
    expect(rows[1]).toHaveTextContent('Error 9610');
    expect(rows[1]).toHaveTextContent(
      'Apple has no license for this device yet.',
    );
    expect(rows[1]).toHaveTextContent(
      'Next step: Retry failed items in a few minutes.',
    );
    expect(within(rows[1]).getByText('DMPTK0002')).toHaveAttribute(
      'href',
      '/vpp/devices/dev-2',
    );
  });

  it('filters the devices by state, also from the bar', async () => {
    const api = mockApi();
    const user = userEvent.setup();
    await render(api);
    await user.click(
      await screen.findByTestId('vpp-distribution-count-failed'),
    );
    await waitFor(() =>
      expect(api.listDistributionItems).toHaveBeenLastCalledWith(
        'dist-1',
        expect.objectContaining({ state: 'failed', offset: 0 }),
      ),
    );
    await waitFor(() =>
      expect(screen.getAllByTestId('vpp-distribution-item')).toHaveLength(1),
    );
    expect(screen.getByLabelText('State')).toHaveValue('failed');
  });

  it('shows the explanation in Japanese for a Japanese viewer', async () => {
    await render(mockApi(), { language: 'ja' });
    expect(
      await screen.findByText(
        'このデバイスのライセンスが Apple にまだありません。',
      ),
    ).toBeVisible();
    expect(
      screen.getByText(/数分後に失敗分を再試行してください。/),
    ).toBeVisible();
  });

  it('cancels after confirmation and retries the failed items', async () => {
    const api = mockApi();
    const user = userEvent.setup();
    await render(api);
    await user.click(await screen.findByTestId('vpp-distribution-cancel'));
    const dialog = await screen.findByRole('dialog', {
      name: 'Cancel this distribution?',
    });
    expect(dialog).toHaveTextContent(
      'Installs already sent cannot be called back',
    );
    expect(api.cancelDistribution).not.toHaveBeenCalled();
    await user.click(
      within(dialog).getByTestId('vpp-distribution-cancel-confirm'),
    );
    expect(
      await screen.findByTestId('vpp-distribution-notice'),
    ).toHaveTextContent('The distribution was cancelled.');
    expect(api.cancelDistribution).toHaveBeenCalledWith('dist-1');

    await user.click(screen.getByTestId('vpp-distribution-retry'));
    await waitFor(() =>
      expect(api.retryDistribution).toHaveBeenCalledWith('dist-1'),
    );
  });

  it('disables the actions with the reason for who may not change the token, and for a final distribution', async () => {
    await render(mockApi(), { allow: false });
    await waitFor(() =>
      expect(screen.getByTestId('vpp-distribution-cancel')).toBeDisabled(),
    );
    expect(screen.getByTestId('vpp-distribution-retry')).toBeDisabled();
    const reasons = screen.getAllByTestId('vpp-disabled-reason');
    await userEvent.hover(reasons[0]);
    expect(
      await screen.findByText(/permission vpp\.distribution\.create/),
    ).toBeInTheDocument();
  });

  it('offers no cancel once final and no retry without failures', async () => {
    await render(
      mockApi(
        makeDistribution({ state: 'completed', counts: { installed: 3 } }),
      ),
    );
    await waitFor(() =>
      expect(screen.getByTestId('vpp-distribution-cancel')).toBeDisabled(),
    );
    expect(screen.getByTestId('vpp-distribution-retry')).toBeDisabled();
    expect(screen.queryByText(/Updates by itself/)).toBeNull();
  });

  it('polls often while running, rarely while scheduled, and not once final', () => {
    expect(pollInterval(makeDistribution({ state: 'running' }))).toBe(
      RUNNING_POLL_MS,
    );
    expect(pollInterval(makeDistribution({ state: 'scheduled' }))).toBe(
      SCHEDULED_POLL_MS,
    );
    for (const state of [
      'completed',
      'completed-with-failures',
      'cancelled',
    ] as const) {
      expect(pollInterval(makeDistribution({ state }))).toBeNull();
    }
  });
});
