import { renderInTestApp } from '@backstage/frontend-test-utils';
import { Table, TableColumn } from '@backstage/core-components';
import { screen, within } from '@testing-library/react';
import { DateTime } from 'luxon';
import {
  tokenFacts,
  VppCatalogEntity,
  VppCatalogRow,
  withVppTokenColumns,
} from './tokenColumns';

jest.setTimeout(30_000);

function tokenEntity(name: string, expiresAt: string, status: string) {
  return {
    kind: 'Resource',
    metadata: {
      name,
      annotations: { 'vpp.backstage.io/expires-at': expiresAt },
      labels: { 'vpp.backstage.io/expiry-status': status },
    },
    spec: { type: 'apple-vpp-token', owner: 'group:default/tokyo-it' },
  };
}

const otherResource: VppCatalogEntity = {
  kind: 'Resource',
  metadata: {},
  spec: { type: 'database' },
};

const baseColumns = (): TableColumn<VppCatalogRow>[] => [
  { title: 'Name', field: 'entity.metadata.name' },
  { title: 'System', field: 'resolved.partOfSystemRelationTitle' },
  { title: 'Lifecycle', field: 'entity.spec.lifecycle' },
];

describe('token columns of the catalog table', () => {
  it('counts days left from the expiry and reads the status label', () => {
    const now = DateTime.fromISO('2026-12-06T12:00:00Z');
    expect(
      tokenFacts(tokenEntity('a', '2026-12-16T09:00:00Z', 'expiring'), now),
    ).toEqual({
      expiresAt: '2026-12-16T09:00:00Z',
      daysLeft: 9,
      status: 'expiring',
    });
    expect(tokenFacts(otherResource, now)).toBeUndefined();
    expect(tokenFacts(tokenEntity('b', 'not a date', 'nonsense'), now)).toEqual(
      { expiresAt: undefined, daysLeft: undefined, status: undefined },
    );
  });

  it('adds expiry, days left and status only when tokens are listed, and drops columns tokens never fill', () => {
    const columns = withVppTokenColumns(baseColumns);
    expect(columns({ entities: [otherResource] as any })).toHaveLength(3);
    const mixed = columns({
      entities: [otherResource, tokenEntity('a', '2030-01-01', 'ok')] as any,
    });
    expect(mixed).toHaveLength(6);
    const onlyTokens = columns({
      entities: [tokenEntity('a', '2030-01-01', 'ok')] as any,
    });
    expect(onlyTokens.map(c => c.field)).toEqual([
      'entity.metadata.name',
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('renders an expiring token in red with its status chip', async () => {
    const expiring = tokenEntity(
      'osaka',
      DateTime.now().plus({ days: 9, hours: 12 }).toISO()!,
      'expiring',
    );
    const fine = tokenEntity(
      'tokyo',
      DateTime.now().plus({ days: 300, hours: 12 }).toISO()!,
      'ok',
    );
    const columns = withVppTokenColumns(baseColumns)({
      entities: [expiring, fine] as any,
    });
    await renderInTestApp(
      <Table
        columns={columns}
        data={[{ entity: expiring }, { entity: fine }]}
        options={{ paging: false }}
      />,
    );
    expect(await screen.findByText('Expires')).toBeInTheDocument();
    expect(screen.getByText('Days left')).toBeInTheDocument();
    expect(screen.getByText('Token status')).toBeInTheDocument();
    const daysLeft = screen.getAllByTestId('vpp-catalog-days-left');
    expect(daysLeft.map(d => [d.textContent, d.dataset.red])).toEqual([
      ['9 days left', 'true'],
      ['300 days left', 'false'],
    ]);
    const rows = screen.getAllByRole('row').slice(1);
    expect(within(rows[0]).getByTestId('vpp-token-status')).toHaveAttribute(
      'data-status',
      'expiring',
    );
    expect(within(rows[0]).getByText('Expiring')).toBeInTheDocument();
  });
});
