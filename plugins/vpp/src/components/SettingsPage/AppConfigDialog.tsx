import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { VppAppConfig, VppAppConfigRequest } from '@internal/plugin-vpp-common';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormHelperText from '@mui/material/FormHelperText';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import { RiAddLine, RiDeleteBinLine } from '@remixicon/react';
import { useState } from 'react';
import { vppApiRef } from '../../api';
import { vppTranslationRef } from '../../translation';
import {
  parsePasted,
  RowProblem,
  rowsFromValues,
  ValueRow,
  ValueType,
  valuesFromRows,
} from './plistValues';
import {
  SettingDescriptionField,
  SettingDialog,
  SettingNameField,
} from './SettingDialog';
import { SettingRefusal, useSettingSave } from './useSettingSave';

const FIELDS = [
  'name',
  'adamId',
  'bundleId',
  'description',
  'values',
  'plist',
] as const;
type Field = (typeof FIELDS)[number];

/**
 * The plist's and the values' problems are both shown at the values, and so are sentences
 * about a key of the values ("Key "x": …"); a conflict (409) is also named above the form.
 */
function placeRefusal(refusal: SettingRefusal<Field>) {
  const { status, message, byField, rest } = refusal;
  const values = [byField.values, byField.plist, ...rest]
    .filter(Boolean)
    .join(' ');
  return {
    errors: { ...byField, values: values || undefined },
    formError: status === 409 ? message : undefined,
  };
}

const TYPES: ValueType[] = [
  'string',
  'integer',
  'real',
  'boolean',
  'date',
  'json',
];

/** The key/value editor: one row per key; nested values as JSON. */
function ValuesEditor(props: {
  rows: ValueRow[];
  onChange: (rows: ValueRow[]) => void;
  problems: RowProblem[];
}) {
  const { rows, onChange, problems } = props;
  const { t } = useTranslationRef(vppTranslationRef);
  const set = (index: number, row: Partial<ValueRow>) =>
    onChange(rows.map((r, i) => (i === index ? { ...r, ...row } : r)));
  return (
    <Stack spacing={1} data-testid="vpp-values-editor">
      {rows.map((row, index) => {
        const problem = problems.find(p => p.index === index);
        return (
          <Stack
            key={index}
            direction="row"
            spacing={1}
            alignItems="flex-start"
          >
            <TextField
              size="small"
              label={t('settings.appConfig.key')}
              value={row.key}
              onChange={event => set(index, { key: event.target.value })}
              error={
                problem?.problem === 'emptyKey' ||
                problem?.problem === 'duplicateKey'
              }
              sx={{ width: 180 }}
              inputProps={{ 'data-testid': 'vpp-value-key' }}
            />
            <TextField
              select
              size="small"
              label={t('settings.appConfig.type')}
              value={row.type}
              onChange={event =>
                set(index, {
                  type: event.target.value as ValueType,
                  text: event.target.value === 'boolean' ? 'true' : row.text,
                })
              }
              SelectProps={{ native: true }}
              sx={{ width: 150 }}
            >
              {TYPES.map(type => (
                <option key={type} value={type}>
                  {t(`settings.appConfig.types.${type}`)}
                </option>
              ))}
            </TextField>
            {row.type === 'boolean' ? (
              <TextField
                select
                size="small"
                label={t('settings.appConfig.value')}
                value={row.text}
                onChange={event => set(index, { text: event.target.value })}
                SelectProps={{ native: true }}
                sx={{ flex: 1 }}
              >
                <option value="true">true</option>
                <option value="false">false</option>
              </TextField>
            ) : (
              <TextField
                size="small"
                label={t('settings.appConfig.value')}
                value={row.text}
                multiline={row.type === 'json'}
                placeholder={
                  row.type === 'json'
                    ? '{"server": "https://…", "ports": [443]}'
                    : undefined
                }
                onChange={event => set(index, { text: event.target.value })}
                error={
                  !!problem &&
                  problem.problem !== 'emptyKey' &&
                  problem.problem !== 'duplicateKey'
                }
                helperText={
                  problem
                    ? t(`settings.appConfig.problems.${problem.problem}`)
                    : undefined
                }
                sx={{ flex: 1 }}
                inputProps={{ 'data-testid': 'vpp-value-text' }}
              />
            )}
            <IconButton
              aria-label={t('settings.appConfig.removeKey')}
              onClick={() => onChange(rows.filter((_, i) => i !== index))}
            >
              <RiDeleteBinLine size={16} />
            </IconButton>
          </Stack>
        );
      })}
      <Box>
        <Button
          size="small"
          startIcon={<RiAddLine size={16} />}
          onClick={() =>
            onChange([...rows, { key: '', type: 'string', text: '' }])
          }
        >
          {t('settings.appConfig.addKey')}
        </Button>
      </Box>
    </Stack>
  );
}

/** Create or edit a named managed app configuration. */
export function AppConfigDialog(props: {
  config?: VppAppConfig;
  onClose: () => void;
  onSaved: (config: VppAppConfig) => void;
}) {
  const { config } = props;
  const vppApi = useApi(vppApiRef);
  const { t } = useTranslationRef(vppTranslationRef);
  const [name, setName] = useState(config?.name ?? '');
  const [adamId, setAdamId] = useState(config?.adamId ?? '');
  const [bundleId, setBundleId] = useState(config?.bundleId ?? '');
  const [description, setDescription] = useState(config?.description ?? '');
  const [mode, setMode] = useState<'rows' | 'paste'>('rows');
  const [rows, setRows] = useState<ValueRow[]>(() =>
    config
      ? rowsFromValues(config.values)
      : [{ key: '', type: 'string', text: '' }],
  );
  const [pasted, setPasted] = useState(() =>
    config ? JSON.stringify(config.values, null, 2) : '',
  );
  const [problems, setProblems] = useState<RowProblem[]>([]);
  const {
    errors,
    setErrors,
    formError,
    saving,
    clear,
    save: send,
  } = useSettingSave({
    fields: FIELDS,
    fieldStatuses: [400, 409],
    place: placeRefusal,
  });

  const save = async () => {
    clear();
    setProblems([]);
    let content: Pick<VppAppConfigRequest, 'values' | 'plist'>;
    if (mode === 'rows') {
      const result = valuesFromRows(rows);
      if ('problems' in result) {
        setProblems(result.problems);
        return;
      }
      content = { values: result.values };
    } else {
      const result = parsePasted(pasted);
      if ('error' in result) {
        setErrors({
          values: t(`settings.appConfig.pasteError.${result.error}`),
        });
        return;
      }
      content = result;
    }
    const request: VppAppConfigRequest = {
      name,
      adamId: adamId.trim() || undefined,
      bundleId: bundleId.trim() || undefined,
      description,
      ...content,
    };
    await send(async () =>
      props.onSaved(
        config
          ? await vppApi.updateAppConfig(config.id, request)
          : await vppApi.createAppConfig(request),
      ),
    );
  };

  return (
    <SettingDialog
      title={
        config
          ? t('settings.appConfig.editTitle')
          : t('settings.appConfig.createTitle')
      }
      width="md"
      formError={formError}
      saveDisabled={saving || !name.trim()}
      onSave={save}
      onClose={props.onClose}
    >
      <SettingNameField
        id="vpp-app-config-name"
        value={name}
        onChange={setName}
        error={errors.name}
      />
      <Stack direction="row" spacing={2}>
        <TextField
          size="small"
          id="vpp-app-config-adam-id"
          label={t('settings.fields.adamId')}
          value={adamId}
          onChange={event => setAdamId(event.target.value)}
          error={!!errors.adamId}
          helperText={errors.adamId ?? t('settings.appConfig.appHelp')}
          sx={{ flex: 1 }}
        />
        <TextField
          size="small"
          id="vpp-app-config-bundle-id"
          label={t('settings.fields.bundleId')}
          value={bundleId}
          onChange={event => setBundleId(event.target.value)}
          error={!!errors.bundleId}
          helperText={errors.bundleId}
          sx={{ flex: 1 }}
        />
      </Stack>
      <SettingDescriptionField
        id="vpp-app-config-description"
        value={description}
        onChange={setDescription}
        error={errors.description}
      />
      <ToggleButtonGroup
        exclusive
        size="small"
        value={mode}
        onChange={(_, next) => {
          if (!next) return;
          // Carry the content over where it can be read.
          if (next === 'paste') {
            const result = valuesFromRows(rows);
            if ('values' in result)
              setPasted(JSON.stringify(result.values, null, 2));
          } else {
            const result = parsePasted(pasted);
            if ('values' in result) setRows(rowsFromValues(result.values));
          }
          setMode(next);
        }}
      >
        <ToggleButton value="rows">
          {t('settings.appConfig.modeRows')}
        </ToggleButton>
        <ToggleButton value="paste">
          {t('settings.appConfig.modePaste')}
        </ToggleButton>
      </ToggleButtonGroup>
      {mode === 'rows' ? (
        <ValuesEditor rows={rows} onChange={setRows} problems={problems} />
      ) : (
        <TextField
          multiline
          minRows={8}
          maxRows={20}
          id="vpp-app-config-paste"
          label={t('settings.appConfig.paste')}
          helperText={t('settings.appConfig.pasteHelp')}
          value={pasted}
          onChange={event => setPasted(event.target.value)}
          inputProps={{ style: { fontFamily: 'monospace' } }}
        />
      )}
      {errors.values && (
        <FormHelperText error data-testid="vpp-app-config-values-error">
          {errors.values}
        </FormHelperText>
      )}
    </SettingDialog>
  );
}
