import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { VppPlatform, VppProductType } from '@internal/plugin-vpp-common';
import Stack from '@mui/material/Stack';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import { vppTranslationRef } from '../../translation';
import { FilterSelect, SearchField } from '../shared/ListFilters';

const PLATFORM_OPTIONS = (
  ['iOS', 'macOS', 'tvOS', 'watchOS', 'visionOS'] as VppPlatform[]
).map(platform => ({ value: platform, label: platform }));

/** The filters of a token's content: apps or books, platform, and a search. */
export function AssetFilters(props: {
  productType: VppProductType | '';
  onProductTypeChange: (productType: VppProductType | '') => void;
  platform: VppPlatform | '';
  onPlatformChange: (platform: VppPlatform | '') => void;
  search: string;
  onSearchChange: (search: string) => void;
}) {
  const { t } = useTranslationRef(vppTranslationRef);
  return (
    <Stack
      direction={{ xs: 'column', md: 'row' }}
      spacing={2}
      alignItems={{ xs: 'stretch', md: 'center' }}
    >
      <ToggleButtonGroup
        exclusive
        size="small"
        // As tall as the text fields next to it; the buttons stretch to it.
        sx={{ height: 40 }}
        value={props.productType}
        aria-label={t('content.filters.type')}
        onChange={(_, value: VppProductType | '' | null) => {
          if (value !== null) {
            props.onProductTypeChange(value);
          }
        }}
      >
        {(
          [
            ['', t('content.filters.all')],
            ['App', t('content.filters.apps')],
            ['Book', t('content.filters.books')],
          ] as const
        ).map(([value, label]) => (
          <ToggleButton key={value} value={value} sx={{ px: 2 }}>
            {label}
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
      <FilterSelect
        id="vpp-content-platform"
        label={t('content.filters.platform')}
        value={props.platform}
        onChange={props.onPlatformChange}
        allLabel={t('content.filters.allPlatforms')}
        options={PLATFORM_OPTIONS}
        sx={{ minWidth: 180 }}
      />
      <SearchField
        id="vpp-content-search"
        label={t('content.filters.search')}
        placeholder={t('content.filters.searchPlaceholder')}
        value={props.search}
        onChange={props.onSearchChange}
        sx={{ flex: 1, minWidth: 220, maxWidth: { md: 420 } }}
      />
    </Stack>
  );
}
