import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  VppDeviceImportError,
  VppDeviceImportFailure,
  VppDeviceImportResult,
} from '@internal/plugin-vpp-common';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { vppApiRef } from '../../api';
import { vppTranslationRef } from '../../translation';
import { errorMessage } from '../shared/errors';

/** The bad rows of a refused import (the 400's body), when the error carries them. */
function badRows(error: unknown): VppDeviceImportError[] | undefined {
  const body = (error as { body?: Partial<VppDeviceImportFailure> })?.body;
  return Array.isArray(body?.rows) ? body!.rows : undefined;
}

type Preview =
  | { kind: 'ok'; csv: string; result: VppDeviceImportResult }
  | { kind: 'bad'; message: string; rows: VppDeviceImportError[] }
  | { kind: 'error'; message: string };

/**
 * CSV import of the administrator's attributes: a dry run first shows what would change
 * and every bad row with its reason; only a clean preview can be imported.
 */
export function ImportDevicesDialog(props: {
  open: boolean;
  onClose: () => void;
  onImported: (result: VppDeviceImportResult) => void;
}) {
  const vppApi = useApi(vppApiRef);
  const { t } = useTranslationRef(vppTranslationRef);
  const [csv, setCsv] = useState('');
  const [preview, setPreview] = useState<Preview>();
  const [busy, setBusy] = useState(false);

  const close = () => {
    setCsv('');
    setPreview(undefined);
    props.onClose();
  };

  const run = async (dryRun: boolean) => {
    setBusy(true);
    try {
      const result = await vppApi.importDevices({ csv, dryRun });
      if (dryRun) {
        setPreview({ kind: 'ok', csv, result });
      } else {
        setCsv('');
        setPreview(undefined);
        props.onImported(result);
      }
    } catch (e) {
      const rows = badRows(e);
      setPreview(
        rows
          ? { kind: 'bad', message: errorMessage(e), rows }
          : { kind: 'error', message: errorMessage(e) },
      );
    } finally {
      setBusy(false);
    }
  };

  const readFile = async (file: File | undefined) => {
    if (file) {
      setCsv(await file.text());
      setPreview(undefined);
    }
  };

  const canImport = preview?.kind === 'ok' && preview.csv === csv && !busy;

  return (
    <Dialog open={props.open} onClose={close} maxWidth="md" fullWidth>
      <DialogTitle>{t('devices.import.title')}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <Typography variant="body2" color="text.secondary">
            {t('devices.import.description')}
          </Typography>
          <Box>
            <Button variant="outlined" component="label">
              {t('devices.import.chooseFile')}
              <input
                type="file"
                hidden
                accept=".csv,text/csv"
                data-testid="vpp-import-file"
                onChange={event => readFile(event.target.files?.[0])}
              />
            </Button>
          </Box>
          <TextField
            multiline
            minRows={6}
            maxRows={14}
            label={t('devices.import.csv')}
            value={csv}
            onChange={event => {
              setCsv(event.target.value);
              setPreview(undefined);
            }}
            inputProps={{
              'data-testid': 'vpp-import-csv',
              style: { fontFamily: 'monospace' },
            }}
          />
          {preview?.kind === 'error' && (
            <Alert severity="error">{preview.message}</Alert>
          )}
          {preview?.kind === 'bad' && (
            <Alert severity="error" data-testid="vpp-import-bad-rows">
              <AlertTitle>
                {t('devices.import.refused', {
                  count: preview.rows.length,
                })}
              </AlertTitle>
              <Table size="small">
                <TableHead>
                  <TableRow>
                    <TableCell>{t('devices.import.line')}</TableCell>
                    <TableCell>{t('devices.import.reason')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {preview.rows.map(row => (
                    <TableRow
                      key={`${row.line}-${row.reason}`}
                      data-testid="vpp-import-bad-row"
                    >
                      <TableCell>{row.line}</TableCell>
                      <TableCell>{row.reason}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Alert>
          )}
          {preview?.kind === 'ok' && (
            <Alert severity="info" data-testid="vpp-import-preview">
              <AlertTitle>
                {t('devices.import.previewTitle', {
                  updated: String(preview.result.updated),
                  rows: String(preview.result.rows),
                })}
              </AlertTitle>
              {(preview.result.changes ?? []).length > 0 && (
                <Table size="small">
                  <TableHead>
                    <TableRow>
                      <TableCell>{t('devices.import.line')}</TableCell>
                      <TableCell>{t('devices.fields.serialNumber')}</TableCell>
                      <TableCell>{t('devices.import.changes')}</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {(preview.result.changes ?? [])
                      .slice(0, 200)
                      .map(change => (
                        <TableRow key={change.line}>
                          <TableCell>{change.line}</TableCell>
                          <TableCell>
                            {change.serialNumber ?? change.udid}
                          </TableCell>
                          <TableCell>
                            {Object.entries(change.changes)
                              .map(([key, value]) => `${key}: ${value ?? '—'}`)
                              .join(', ')}
                          </TableCell>
                        </TableRow>
                      ))}
                  </TableBody>
                </Table>
              )}
            </Alert>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={close}>{t('common.cancel')}</Button>
        <Button
          variant="outlined"
          disabled={!csv.trim() || busy}
          onClick={() => run(true)}
        >
          {t('devices.import.preview')}
        </Button>
        <Button
          variant="contained"
          disabled={!canImport}
          onClick={() => run(false)}
        >
          {t('devices.import.submit')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
