import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, within } from '@testing-library/react';
import { vppApiRef } from '../../api';
import { groupEntities, testRoutes } from '../../testing/fixtures';
import {
  makeAppAsset,
  makeDistribution,
} from '../DistributionsPage/distributionFixtures';
import { TokenDistributions } from './TokenDistributions';

jest.setTimeout(30_000);

function mockApi(empty = false) {
  return {
    listAssets: jest.fn(async () => ({
      items: [makeAppAsset()],
      totalCount: 1,
    })),
    listDistributions: jest.fn(async () => ({
      items: empty
        ? []
        : [
            makeDistribution({
              id: 'dist-9',
              state: 'completed-with-failures',
            }),
          ],
      totalCount: empty ? 0 : 1,
    })),
  };
}

async function render(api: ReturnType<typeof mockApi>) {
  await renderInTestApp(<TokenDistributions tokenId="tok-1" />, {
    apis: [
      [vppApiRef, api],
      mockApis.permission(),
      catalogApiMock({ entities: groupEntities }),
    ],
    mountedRoutes: testRoutes,
    mountPath: '/vpp/tokens/tok-1',
    initialRouteEntries: ['/vpp/tokens/tok-1'],
  });
}

describe('TokenDistributions', () => {
  it("lists the token's recent distributions with links to each and to all of them", async () => {
    const api = mockApi();
    await render(api);
    const row = await screen.findByTestId('vpp-token-distribution-row');
    expect(row).toHaveTextContent('Completed with failures');
    expect(row).toHaveTextContent('3 devices');
    expect(await within(row).findByText('Example Notes')).toBeVisible();
    expect(within(row).getByText('Example Notes').closest('a')).toHaveAttribute(
      'href',
      '/vpp/distributions/dist-9',
    );
    expect(
      screen.getByRole('link', { name: /All distributions of this token/ }),
    ).toHaveAttribute('href', '/vpp/distributions?tokenId=tok-1');
    expect(api.listDistributions).toHaveBeenCalledWith({
      tokenId: 'tok-1',
      limit: 5,
    });
  });

  it('says how to start one when there is none', async () => {
    await render(mockApi(true));
    expect(
      await screen.findByText(/No distribution of this token's apps yet/),
    ).toBeVisible();
  });
});
