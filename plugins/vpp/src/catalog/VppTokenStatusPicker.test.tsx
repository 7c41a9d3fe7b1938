import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityKindFilter,
  MockEntityListContextProvider,
} from '@backstage/plugin-catalog-react';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { VppTokenStatusFilter } from './VppTokenStatusFilter';
import { VppTokenStatusPicker } from './VppTokenStatusPicker';

jest.setTimeout(30_000);

describe('VppTokenStatusFilter', () => {
  it('asks the catalog for the chosen statuses of the status label', () => {
    const filter = new VppTokenStatusFilter(['expiring', 'expired']);
    expect(filter.getCatalogFilters()).toEqual({
      'metadata.labels.vpp.backstage.io/expiry-status': ['expiring', 'expired'],
    });
    expect(filter.toQueryValue()).toEqual(['expiring', 'expired']);
    const entity = (status?: string) => {
      const labels: Record<string, string> = status
        ? { 'vpp.backstage.io/expiry-status': status }
        : {};
      return { metadata: { labels } };
    };
    expect(filter.filterEntity(entity('expiring'))).toBe(true);
    expect(filter.filterEntity(entity('ok'))).toBe(false);
    expect(filter.filterEntity(entity())).toBe(false);
  });
});

describe('VppTokenStatusPicker', () => {
  it('is shown for resources and narrows them to the chosen status', async () => {
    const updateFilters = jest.fn();
    await renderInTestApp(
      <MockEntityListContextProvider
        value={{
          filters: { kind: new EntityKindFilter('resource', 'Resource') },
          updateFilters,
          queryParameters: {},
        }}
      >
        <VppTokenStatusPicker />
      </MockEntityListContextProvider>,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Open' }));
    fireEvent.click(await screen.findByText('Expiring'));
    await waitFor(() =>
      expect(updateFilters).toHaveBeenLastCalledWith({
        vppTokenStatus: new VppTokenStatusFilter(['expiring']),
      }),
    );
  });

  it('takes the statuses from the URL and ignores unknown ones', async () => {
    const updateFilters = jest.fn();
    await renderInTestApp(
      <MockEntityListContextProvider
        value={{
          filters: { kind: new EntityKindFilter('resource', 'Resource') },
          updateFilters,
          queryParameters: { vppTokenStatus: ['expired', 'bogus'] } as any,
        }}
      >
        <VppTokenStatusPicker />
      </MockEntityListContextProvider>,
    );
    await waitFor(() =>
      expect(updateFilters).toHaveBeenLastCalledWith({
        vppTokenStatus: new VppTokenStatusFilter(['expired']),
      }),
    );
  });

  it('stays hidden and sets no filter for other kinds', async () => {
    const updateFilters = jest.fn();
    await renderInTestApp(
      <MockEntityListContextProvider
        value={{
          filters: { kind: new EntityKindFilter('component', 'Component') },
          updateFilters,
          queryParameters: { vppTokenStatus: 'expired' } as any,
        }}
      >
        <VppTokenStatusPicker />
      </MockEntityListContextProvider>,
    );
    await waitFor(() =>
      expect(updateFilters).toHaveBeenCalledWith({
        vppTokenStatus: undefined,
      }),
    );
    expect(screen.queryByTestId('vpp-token-status-picker')).toBeNull();
  });
});
