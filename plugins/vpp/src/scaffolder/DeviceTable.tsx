import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { VppDevice } from '@internal/plugin-vpp-common';
import Checkbox from '@mui/material/Checkbox';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import {
  DEVICE_PLATFORM_LABELS,
  shortGroup,
} from '../components/shared/devices';
import { formatDate } from '../components/shared/format';
import { vppTranslationRef } from '../translation';
import { servedBy } from './deviceTargets';

const PAGE_SIZES = [10, 25, 50];

/**
 * One page of the device picker's search, a checkbox per device, and the pager.
 * Devices of another platform than the form's are marked and cannot be ticked.
 */
export function DeviceTable(props: {
  /** The page's devices; undefined while the first page loads. */
  devices: VppDevice[] | undefined;
  totalCount: number;
  page: number;
  pageSize: number;
  onPageChange: (page: number) => void;
  onPageSizeChange: (pageSize: number) => void;
  platform: 'ios' | 'macos';
  selected: string[];
  allSelected: boolean;
  onTick: (deviceId: string, on: boolean) => void;
}) {
  const { devices, totalCount, page, pageSize, platform } = props;
  const { selected, allSelected, onTick } = props;
  const { t } = useTranslationRef(vppTranslationRef);
  return (
    <>
      <Table size="small" data-testid="vpp-device-table">
        <TableHead>
          <TableRow sx={{ '& th': { whiteSpace: 'nowrap' } }}>
            <TableCell padding="checkbox" />
            <TableCell>{t('scaffolderFields.devices.columns.name')}</TableCell>
            <TableCell>
              {t('scaffolderFields.devices.columns.serialNumber')}
            </TableCell>
            <TableCell>
              {t('scaffolderFields.devices.columns.platform')}
            </TableCell>
            <TableCell>
              {t('scaffolderFields.devices.columns.osVersion')}
            </TableCell>
            <TableCell>{t('scaffolderFields.devices.columns.group')}</TableCell>
            <TableCell>
              {t('scaffolderFields.devices.columns.userName')}
            </TableCell>
            <TableCell>
              {t('scaffolderFields.devices.columns.inventoryAt')}
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {(devices ?? []).map(device => {
            const served = servedBy(device.platform, platform);
            return (
              <TableRow
                key={device.id}
                data-testid="vpp-device-row"
                data-device={device.id}
              >
                <TableCell padding="checkbox">
                  <Checkbox
                    checked={allSelected || selected.includes(device.id)}
                    disabled={allSelected || !served}
                    onChange={event => onTick(device.id, event.target.checked)}
                    inputProps={{
                      'aria-label': device.displayName ?? device.id,
                    }}
                  />
                </TableCell>
                <TableCell>{device.displayName ?? device.udid}</TableCell>
                <TableCell>{device.serialNumber ?? '—'}</TableCell>
                <TableCell>
                  {DEVICE_PLATFORM_LABELS[device.platform] ?? device.platform}
                  {!served && (
                    <Typography
                      variant="caption"
                      color="text.secondary"
                      display="block"
                    >
                      {t('scaffolderFields.devices.otherPlatform')}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>{device.osVersion ?? '—'}</TableCell>
                <TableCell>{shortGroup(device.group)}</TableCell>
                <TableCell>{device.userName ?? ''}</TableCell>
                <TableCell>
                  {formatDate(device.inventoryAt ?? undefined)}
                </TableCell>
              </TableRow>
            );
          })}
          {devices && devices.length === 0 && (
            <TableRow>
              <TableCell colSpan={8}>
                {t('scaffolderFields.devices.empty')}
              </TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
      <TablePagination
        component="div"
        count={totalCount}
        page={Math.min(page, Math.max(0, Math.ceil(totalCount / pageSize) - 1))}
        onPageChange={(_, next) => props.onPageChange(next)}
        rowsPerPage={pageSize}
        rowsPerPageOptions={PAGE_SIZES}
        onRowsPerPageChange={event =>
          props.onPageSizeChange(parseInt(event.target.value, 10))
        }
      />
    </>
  );
}
