import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vppApiRef } from '../../api';
import {
  groupEntities,
  makeReminderState,
  makeSyncStatus,
  makeToken,
  testRoutes,
} from '../../testing/fixtures';
import { VppPage } from './VppPage';

jest.setTimeout(30_000);

const health = {
  status: 'ok',
  version: '0.1.0',
  database: { client: 'better-sqlite3' },
  apple: { baseUrl: 'http://localhost:7010/mdm/v2', simulated: true },
};

function render(path: string) {
  const token = makeToken({ id: 'tok-1', displayName: 'Tokyo HQ' });
  const vppApi = {
    getHealth: jest.fn().mockResolvedValue(health),
    listTokens: jest.fn().mockResolvedValue({ items: [token] }),
    getToken: jest.fn().mockResolvedValue(token),
    getSyncStatus: jest.fn().mockResolvedValue(makeSyncStatus()),
    listAssets: jest.fn().mockResolvedValue({ items: [], totalCount: 0 }),
    getReminders: jest.fn().mockResolvedValue(makeReminderState()),
  };
  return renderInTestApp(<VppPage />, {
    apis: [
      [vppApiRef, vppApi],
      mockApis.permission(),
      catalogApiMock({ entities: groupEntities }),
    ],
    mountedRoutes: testRoutes,
    mountPath: '/vpp/*',
    initialRouteEntries: [path],
  });
}

describe('VppPage', () => {
  it('shows the tokens and the backend health at /vpp, and a token from its link', async () => {
    await render('/vpp');

    expect(await screen.findByText('Content tokens')).toBeInTheDocument();
    expect(await screen.findByText('better-sqlite3')).toBeInTheDocument();
    expect(screen.getByText('VPP backend')).toBeInTheDocument();
    expect(screen.getByText('Simulator (not Apple)')).toBeInTheDocument();

    await userEvent.click(
      await screen.findByText('Tokyo HQ', { selector: 'a' }),
    );
    expect(await screen.findByTestId('vpp-token-facts')).toHaveTextContent(
      'Tokyo Head Office',
    );
  });

  it('shows one token at /vpp/tokens/:tokenId', async () => {
    await render('/vpp/tokens/tok-1');
    expect(await screen.findByTestId('vpp-token-facts')).toBeInTheDocument();
    expect(screen.getByText('All content tokens')).toBeInTheDocument();
  });
});
