import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  CatalogAutocomplete,
  DefaultEntityFilters,
  useEntityList,
} from '@backstage/plugin-catalog-react';
import {
  VPP_TOKEN_ENTITY_TYPE,
  VppTokenStatus,
} from '@internal/plugin-vpp-common';
import Box from '@mui/material/Box';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import { useEffect, useMemo, useState } from 'react';
import { vppTranslationRef } from '../translation';
import {
  isVppTokenStatus,
  VPP_TOKEN_STATUSES,
  VppTokenStatusFilter,
} from './VppTokenStatusFilter';

/** The catalog's filters plus this one, under the key it has in the URL. */
export type VppCatalogFilters = DefaultEntityFilters & {
  vppTokenStatus?: VppTokenStatusFilter;
};

function fromQuery(value: string | string[] | undefined): VppTokenStatus[] {
  return [value ?? []].flat().filter(isVppTokenStatus);
}

/**
 * "Token status" filter of the catalog (R-BS-1): narrows content-token entities to the
 * chosen statuses. Shown while the catalog lists resources; the choice is kept in the URL
 * (`filters[vppTokenStatus]=expiring`), so a link can open the catalog on, say, the
 * expiring tokens.
 *
 * @public
 */
export function VppTokenStatusPicker() {
  const { t } = useTranslationRef(vppTranslationRef);
  const { filters, updateFilters, queryParameters } =
    useEntityList<VppCatalogFilters>();
  const initial = useMemo(
    () => fromQuery(queryParameters.vppTokenStatus),
    [queryParameters.vppTokenStatus],
  );
  const [selected, setSelected] = useState<VppTokenStatus[]>(initial);
  useEffect(() => setSelected(initial), [initial]);

  const kind = filters.kind?.value?.toLocaleLowerCase('en-US');
  const types = filters.type?.getTypes() ?? [];
  const visible =
    kind === 'resource' &&
    (types.length === 0 || types.includes(VPP_TOKEN_ENTITY_TYPE));

  useEffect(() => {
    updateFilters({
      vppTokenStatus:
        visible && selected.length > 0
          ? new VppTokenStatusFilter(selected)
          : undefined,
    });
  }, [visible, selected, updateFilters]);

  if (!visible) {
    return null;
  }
  return (
    <Box pb={1} pt={1} data-testid="vpp-token-status-picker">
      <CatalogAutocomplete<VppTokenStatus, true>
        name="vpp-token-status-picker"
        label={t('catalog.statusFilter')}
        multiple
        disableCloseOnSelect
        options={[...VPP_TOKEN_STATUSES]}
        value={selected}
        getOptionLabel={status => t(`status.${status}`)}
        onChange={(_event, value) => setSelected(value)}
        renderOption={(status, { selected: checked }) => (
          <FormControlLabel
            control={<Checkbox size="small" checked={checked} />}
            onClick={event => event.preventDefault()}
            label={t(`status.${status}`)}
          />
        )}
      />
    </Box>
  );
}
