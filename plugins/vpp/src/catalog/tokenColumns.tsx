import { TableColumn } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { EntityListContextProps } from '@backstage/plugin-catalog-react';
import {
  VPP_ANNOTATIONS,
  VPP_EXPIRY_STATUS_LABEL,
  VPP_TOKEN_ENTITY_TYPE,
} from '@internal/plugin-vpp-common';
import Typography from '@mui/material/Typography';
import { DateTime } from 'luxon';
import { vppTranslationRef } from '../translation';
import { formatDate, useDaysLeftText } from '../components/shared/format';
import {
  isRedStatus,
  TokenStatusChip,
} from '../components/shared/TokenStatusChip';
import { isVppTokenStatus } from './VppTokenStatusFilter';

/** The part of a catalog entity the token columns read. */
export interface VppCatalogEntity {
  kind: string;
  metadata: {
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
  };
  spec?: { type?: unknown } & Record<string, unknown>;
}

/** A catalog table row: the catalog's own `CatalogTableRow` has this shape. */
export interface VppCatalogRow {
  entity: VppCatalogEntity;
}

/** True for the catalog entities that represent content tokens. */
export function isVppTokenEntity(entity: VppCatalogEntity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
    entity.spec?.type === VPP_TOKEN_ENTITY_TYPE
  );
}

/** What the columns show of one token entity; undefined for other entities. */
export function tokenFacts(
  entity: VppCatalogEntity,
  now: DateTime = DateTime.now(),
) {
  if (!isVppTokenEntity(entity)) {
    return undefined;
  }
  const expiresAt = entity.metadata.annotations?.[VPP_ANNOTATIONS.expiresAt];
  const expiry = expiresAt ? DateTime.fromISO(expiresAt) : undefined;
  const status = entity.metadata.labels?.[VPP_EXPIRY_STATUS_LABEL];
  return {
    expiresAt: expiry?.isValid ? expiresAt : undefined,
    // Counted here, not read from the entity: the catalog refreshes it only every so often.
    daysLeft: expiry?.isValid
      ? Math.floor(expiry.diff(now, 'days').days)
      : undefined,
    status: status && isVppTokenStatus(status) ? status : undefined,
  };
}

function ColumnTitle(props: { column: 'expires' | 'daysLeft' | 'status' }) {
  const { t } = useTranslationRef(vppTranslationRef);
  return <>{t(`catalog.columns.${props.column}`)}</>;
}

function DaysLeftCell(props: { entity: VppCatalogEntity }) {
  const daysLeftText = useDaysLeftText();
  const facts = tokenFacts(props.entity);
  if (facts?.daysLeft === undefined) {
    return null;
  }
  const red = facts.status ? isRedStatus(facts.status) : facts.daysLeft < 0;
  return (
    <Typography
      variant="body2"
      component="span"
      data-testid="vpp-catalog-days-left"
      data-red={red ? 'true' : 'false'}
      sx={{
        whiteSpace: 'nowrap',
        ...(red ? { color: '#c62828', fontWeight: 700 } : {}),
      }}
    >
      {daysLeftText(facts.daysLeft)}
    </Typography>
  );
}

function byExpiry(a: VppCatalogRow, b: VppCatalogRow): number {
  const left = tokenFacts(a.entity)?.expiresAt ?? '\uffff';
  const right = tokenFacts(b.entity)?.expiresAt ?? '\uffff';
  return left.localeCompare(right);
}

/**
 * The token columns of the catalog table (R-BS-1): expiry date, days left and status,
 * red while a token is expiring or expired. Empty for entities that are not tokens.
 *
 * @public
 */
export function vppTokenColumns<
  Row extends VppCatalogRow = VppCatalogRow,
>(): TableColumn<Row>[] {
  return [
    {
      title: <ColumnTitle column="expires" />,
      customSort: byExpiry,
      render: row => formatDate(tokenFacts(row.entity)?.expiresAt),
    },
    {
      title: <ColumnTitle column="daysLeft" />,
      customSort: byExpiry,
      render: row => <DaysLeftCell entity={row.entity} />,
    },
    {
      title: <ColumnTitle column="status" />,
      customSort: (a, b) =>
        (tokenFacts(a.entity)?.status ?? '').localeCompare(
          tokenFacts(b.entity)?.status ?? '',
        ),
      render: row => {
        const status = tokenFacts(row.entity)?.status;
        return status ? <TokenStatusChip status={status} /> : null;
      },
    },
  ];
}

/** Fields of the catalog's default columns that tokens never fill. */
const NOT_FOR_TOKENS = new Set([
  'resolved.partOfSystemRelationTitle',
  'entity.spec.lifecycle',
  'entity.spec.type',
  'entity.metadata.tags',
]);

/**
 * Adds the token columns to a catalog table's columns whenever the list holds content
 * tokens. For the catalog page's `columns`, e.g.
 * `columns={withVppTokenColumns(CatalogTable.defaultColumnsFunc)}` (`CatalogIndexPage`
 * of `@backstage/plugin-catalog/alpha` in the new frontend system, `DefaultCatalogPage`
 * through `CatalogIndexPage` in the legacy one).
 *
 * @public
 */
export function withVppTokenColumns<
  Row extends VppCatalogRow,
  Context extends Pick<EntityListContextProps, 'entities'>,
>(
  columns: (context: Context) => TableColumn<Row>[],
): (context: Context) => TableColumn<Row>[] {
  return context => {
    const base = columns(context);
    const { entities } = context;
    if (!entities.some(isVppTokenEntity)) {
      return base;
    }
    // A list of tokens only: system, lifecycle, tags and type say nothing about them and
    // would push the token columns off a laptop screen.
    const kept = entities.every(isVppTokenEntity)
      ? base.filter(column => !NOT_FOR_TOKENS.has(String(column.field)))
      : base;
    return [...kept, ...vppTokenColumns<Row>()];
  };
}
