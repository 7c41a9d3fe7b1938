import { Link } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { VppLicense } from '@internal/plugin-vpp-common';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import { vppTranslationRef } from '../../translation';

/**
 * How a license came to be (ライセンスの自動割当 / 手動割当 / 既存), and its state while
 * Apple works on it. Auto licenses name their distribution.
 */
export function LicenseModeChip(props: {
  license: VppLicense;
  distributionLink?: (id: string) => string;
}) {
  const { license, distributionLink } = props;
  const { t } = useTranslationRef(vppTranslationRef);
  return (
    <Stack direction="row" spacing={0.5} alignItems="center">
      <Chip
        size="small"
        variant="outlined"
        color={license.mode === 'manual' ? 'primary' : 'default'}
        label={t(`licenses.mode.${license.mode}`)}
        data-testid="vpp-license-mode"
      />
      {license.state !== 'assigned' && (
        <Chip
          size="small"
          color="warning"
          label={t(`licenses.state.${license.state}`)}
        />
      )}
      {license.distributionId &&
        (distributionLink ? (
          <Link to={distributionLink(license.distributionId)}>
            {license.distributionId}
          </Link>
        ) : null)}
    </Stack>
  );
}
