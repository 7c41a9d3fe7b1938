import { Link, ResponseErrorPanel } from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { VppDeviceQuery } from '@internal/plugin-vpp-common';
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useEffect } from 'react';
import { vppApiRef } from '../../api';
import { vppTranslationRef } from '../../translation';
import {
  DEVICE_PLATFORM_LABELS,
  deviceLabel,
  shortGroup,
} from '../shared/devices';
import { formatDateTime } from '../shared/format';
import { usePaging, useServerPage } from '../shared/paging';
import { useVppLinks } from '../shared/useVppLinks';

const PAGE_SIZE = 25;

/** The devices of the chosen install state, paged on the server. */
export function InstallStateDevices(props: { search: VppDeviceQuery }) {
  const vppApi = useApi(vppApiRef);
  const { t } = useTranslationRef(vppTranslationRef);
  const links = useVppLinks();
  const paging = usePaging(PAGE_SIZE);
  const { firstPage } = paging;
  const key = JSON.stringify(props.search);
  useEffect(() => firstPage(), [firstPage, key]);
  const devices = useServerPage(
    paging,
    window =>
      vppApi.listDevices({ ...props.search, sort: 'displayName', ...window }),
    [vppApi, key],
  );

  if (devices.error) {
    return (
      <ResponseErrorPanel
        error={devices.error}
        title={t('devices.loadError')}
      />
    );
  }
  return (
    <Paper variant="outlined">
      {devices.loading && <LinearProgress />}
      {devices.value?.totalCount === 0 ? (
        <Typography variant="body2" color="text.secondary" sx={{ p: 2 }}>
          {t('installStatus.noneInState')}
        </Typography>
      ) : (
        <Box sx={{ overflowX: 'auto' }}>
          <Table
            size="small"
            data-testid="vpp-install-state-devices"
            sx={{ '& th, & td': { whiteSpace: 'nowrap' } }}
          >
            <TableHead>
              <TableRow>
                <TableCell>{t('devices.fields.displayName')}</TableCell>
                <TableCell>{t('devices.fields.serialNumber')}</TableCell>
                <TableCell>{t('devices.fields.employeeNumber')}</TableCell>
                <TableCell>{t('devices.fields.platform')}</TableCell>
                <TableCell>{t('devices.fields.osVersion')}</TableCell>
                <TableCell>{t('devices.fields.group')}</TableCell>
                <TableCell>{t('devices.fields.inventoryAt')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {(devices.value?.items ?? []).map(d => (
                <TableRow key={d.id} data-testid="vpp-install-state-device">
                  <TableCell>
                    <Link to={links.device({ deviceId: d.id })}>
                      {deviceLabel(d)}
                    </Link>
                  </TableCell>
                  <TableCell>{d.serialNumber}</TableCell>
                  <TableCell>{d.employeeNumber}</TableCell>
                  <TableCell>
                    {DEVICE_PLATFORM_LABELS[d.platform] ?? d.platform}
                  </TableCell>
                  <TableCell>{d.osVersion}</TableCell>
                  <TableCell>{shortGroup(d.group)}</TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    {d.inventoryAt
                      ? formatDateTime(d.inventoryAt)
                      : t('devices.noInventory')}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
      {(devices.value?.totalCount ?? 0) > PAGE_SIZE && (
        <TablePagination
          component="div"
          count={devices.value?.totalCount ?? 0}
          page={paging.page}
          onPageChange={(_, next) => paging.setPage(next)}
          rowsPerPage={PAGE_SIZE}
          rowsPerPageOptions={[PAGE_SIZE]}
        />
      )}
    </Paper>
  );
}
