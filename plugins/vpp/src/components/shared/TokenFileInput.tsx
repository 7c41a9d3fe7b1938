import { useTranslationRef } from '@backstage/frontend-plugin-api';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { ChangeEvent, useState } from 'react';
import { vppTranslationRef } from '../../translation';
import { formatDate } from './format';
import {
  inspectTokenFile,
  readFileAsText,
  TokenFileInspection,
} from './tokenFile';

/** A `.vpptoken` file the user chose, read as text. */
export interface ChosenTokenFile {
  name: string;
  content: string;
}

/**
 * File picker for a `.vpptoken`. Reads the file in the browser and shows a hint when it
 * obviously is not a token file; the server still checks every file.
 */
export function TokenFileInput(props: {
  onChange: (file: ChosenTokenFile | undefined) => void;
  disabled?: boolean;
}) {
  const { onChange, disabled } = props;
  const { t } = useTranslationRef(vppTranslationRef);
  const [name, setName] = useState<string>();
  const [inspection, setInspection] = useState<TokenFileInspection>();
  const [readError, setReadError] = useState<string>();

  const handleChange = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // Let the same file be chosen again after a fix on the server side.
    event.target.value = '';
    setReadError(undefined);
    setInspection(undefined);
    if (!file) {
      setName(undefined);
      onChange(undefined);
      return;
    }
    setName(file.name);
    try {
      const content = await readFileAsText(file);
      setInspection(
        inspectTokenFile({ name: file.name, size: file.size, content }),
      );
      onChange({ name: file.name, content });
    } catch (e) {
      setReadError(
        t('file.readError', {
          message: e instanceof Error ? e.message : String(e),
        }),
      );
      onChange(undefined);
    }
  };

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
        <Button
          variant="outlined"
          component="label"
          disabled={disabled}
          sx={{ flexShrink: 0, whiteSpace: 'nowrap' }}
        >
          {t('file.choose')}
          <input
            type="file"
            accept=".vpptoken"
            hidden
            disabled={disabled}
            onChange={handleChange}
            data-testid="vpp-token-file-input"
          />
        </Button>
        <Typography variant="body2" color="text.secondary">
          {name ? t('file.chosen', { name }) : t('file.none')}
        </Typography>
      </Box>
      {readError && <Alert severity="error">{readError}</Alert>}
      {inspection && inspection.problems.length > 0 && (
        <Alert severity="warning" data-testid="vpp-token-file-hint">
          {inspection.problems
            .map(problem =>
              problem.key === 'missingKeys'
                ? t('file.hint.missingKeys', { keys: problem.keys })
                : t(`file.hint.${problem.key}`),
            )
            .join(' ')}{' '}
          {t('file.hintSuffix')}
        </Alert>
      )}
      {inspection?.preview && (
        <Typography variant="body2" color="text.secondary">
          {t('file.preview', {
            orgName: inspection.preview.orgName,
            date: formatDate(inspection.preview.expiresAt) || '?',
          })}
        </Typography>
      )}
    </Box>
  );
}
