import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { vppApiRef } from '../../api';
import { VppPage } from './VppPage';

describe('VppPage', () => {
  it("shows the backend's health answer", async () => {
    const vppApi = {
      getHealth: jest.fn().mockResolvedValue({
        status: 'ok',
        version: '0.1.0',
        database: { client: 'better-sqlite3' },
        apple: { baseUrl: 'http://localhost:7010/mdm/v2', simulated: true },
      }),
    };
    await renderInTestApp(<VppPage />, { apis: [[vppApiRef, vppApi]] });

    expect(await screen.findByText('better-sqlite3')).toBeInTheDocument();
    expect(screen.getByText('http://localhost:7010/mdm/v2')).toBeInTheDocument();
    expect(screen.getByText('Simulator (not Apple)')).toBeInTheDocument();
  });

  it('explains when the backend does not answer', async () => {
    const vppApi = {
      getHealth: jest.fn().mockRejectedValue(new Error('connection refused')),
    };
    await renderInTestApp(<VppPage />, { apis: [[vppApiRef, vppApi]] });

    expect(
      await screen.findByText(/The VPP backend did not answer/),
    ).toBeInTheDocument();
  });
});
