import { InfoCard } from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  VPP_DEVICE_ATTRIBUTE_FIELDS,
  VppDeviceAttributes,
  VppDeviceDetail,
} from '@internal/plugin-vpp-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Grid from '@mui/material/Grid';
import TextField from '@mui/material/TextField';
import { useEffect, useState } from 'react';
import { vppApiRef } from '../../api';
import { vppTranslationRef } from '../../translation';
import { errorMessage, errorStatus } from '../shared/errors';
import { fieldErrors } from '../shared/fieldErrors';

type Field = (typeof VPP_DEVICE_ATTRIBUTE_FIELDS)[number];
type Values = Record<Field, string>;

function valuesOf(device: VppDeviceAttributes): Values {
  return Object.fromEntries(
    VPP_DEVICE_ATTRIBUTE_FIELDS.map(f => [f, device[f] ?? '']),
  ) as Values;
}

/** The administrator's attributes of a device, editable (R-DEV-2). */
export function DeviceAttributesCard(props: {
  device: VppDeviceDetail;
  onSaved: (device: VppDeviceDetail) => void;
}) {
  const { device, onSaved } = props;
  const vppApi = useApi(vppApiRef);
  const { t } = useTranslationRef(vppTranslationRef);
  const [values, setValues] = useState<Values>(() => valuesOf(device));
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);

  useEffect(() => setValues(valuesOf(device)), [device]);

  const original = valuesOf(device);
  const changed = VPP_DEVICE_ATTRIBUTE_FIELDS.filter(
    f => values[f] !== original[f],
  );

  const save = async () => {
    setSaving(true);
    setErrors({});
    setError(undefined);
    setSaved(false);
    try {
      const patch = Object.fromEntries(
        changed.map(f => [f, values[f].trim() === '' ? null : values[f]]),
      );
      onSaved(await vppApi.updateDevice(device.id, patch));
      setSaved(true);
    } catch (e) {
      const message = errorMessage(e);
      const { byField, rest } =
        errorStatus(e) === 400
          ? fieldErrors(message, VPP_DEVICE_ATTRIBUTE_FIELDS)
          : { byField: {}, rest: [message] };
      setErrors(byField);
      if (rest.length > 0) {
        setError(t('device.attributes.saveError', { message: rest.join(' ') }));
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <InfoCard
      title={t('device.attributes.title')}
      subheader={t('device.attributes.description')}
    >
      <Box data-testid="vpp-device-attributes">
        {saved && (
          <Alert
            severity="success"
            sx={{ mb: 2 }}
            onClose={() => setSaved(false)}
          >
            {t('device.attributes.saved')}
          </Alert>
        )}
        {error && (
          <Alert severity="error" sx={{ mb: 2 }}>
            {error}
          </Alert>
        )}
        <Grid container spacing={2}>
          {VPP_DEVICE_ATTRIBUTE_FIELDS.map(field => (
            <Grid
              item
              xs={12}
              sm={6}
              md={field.startsWith('notes') ? 12 : 6}
              key={field}
            >
              <TextField
                fullWidth
                size="small"
                id={`vpp-device-${field}`}
                label={t(`devices.fields.${field}`)}
                value={values[field]}
                multiline={field.startsWith('notes')}
                onChange={event => {
                  setValues({ ...values, [field]: event.target.value });
                  setSaved(false);
                }}
                error={!!errors[field]}
                helperText={errors[field]}
              />
            </Grid>
          ))}
        </Grid>
        <Box sx={{ mt: 2, display: 'flex', gap: 1 }}>
          <Button
            variant="contained"
            onClick={save}
            disabled={saving || changed.length === 0}
          >
            {t('common.save')}
          </Button>
          <Button
            onClick={() => {
              setValues(original);
              setErrors({});
              setError(undefined);
            }}
            disabled={saving || changed.length === 0}
          >
            {t('device.attributes.reset')}
          </Button>
        </Box>
      </Box>
    </InfoCard>
  );
}
