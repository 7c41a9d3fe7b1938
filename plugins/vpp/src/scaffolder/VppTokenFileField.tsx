import { useTemplateSecrets } from '@backstage/plugin-scaffolder-react';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import Button from '@mui/material/Button';
import FormControl from '@mui/material/FormControl';
import FormHelperText from '@mui/material/FormHelperText';
import Typography from '@mui/material/Typography';
import { ChangeEvent, useState } from 'react';

/** Apple's token files are a few hundred bytes; the backend refuses more than 64 KiB. */
const MAX_BYTES = 64 * 1024;

export interface VppTokenFileUiOptions {
  /** Name of the template secret that receives the file content. @default tokenFile */
  secretName?: string;
}

/**
 * Scaffolder form field for a `.vpptoken` file. The file content is a secret (R-TOK-9):
 * it goes into the template's secrets, which the scaffolder never stores with the task
 * or logs, and the form keeps only the file name. Templates pass it on as
 * `${{ secrets.tokenFile }}`.
 */
export function VppTokenFileField(
  props: FieldExtensionComponentProps<string, VppTokenFileUiOptions>,
) {
  const {
    formData,
    onChange,
    schema,
    required,
    rawErrors,
    uiSchema,
    idSchema,
  } = props;
  const secretName = uiSchema?.['ui:options']?.secretName ?? 'tokenFile';
  const { setSecrets } = useTemplateSecrets();
  const [problem, setProblem] = useState<string>();

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) {
      return;
    }
    if (file.size > MAX_BYTES) {
      setProblem(
        `${file.name} is ${Math.ceil(
          file.size / 1024,
        )} KiB; a content token file is a few hundred bytes. Choose the .vpptoken file downloaded from Apple Business Manager.`,
      );
      onChange(undefined as unknown as string);
      return;
    }
    setProblem(undefined);
    setSecrets({ [secretName]: await readText(file) });
    onChange(file.name);
  };

  const inputId = `${idSchema?.$id ?? 'vpp-token-file'}-input`;
  return (
    <FormControl
      margin="normal"
      required={required}
      error={Boolean(problem) || (rawErrors?.length ?? 0) > 0}
    >
      <Typography variant="subtitle1" component="label" htmlFor={inputId}>
        {schema.title ?? 'Content token file'}
      </Typography>
      <div>
        <Button variant="outlined" component="label">
          Choose .vpptoken file
          <input
            id={inputId}
            data-testid="vpp-token-file-input"
            type="file"
            accept=".vpptoken,text/plain"
            hidden
            onChange={onFile}
          />
        </Button>
        {formData && (
          <Typography component="span" sx={{ ml: 2 }}>
            {formData}
          </Typography>
        )}
      </div>
      <FormHelperText>
        {problem ??
          schema.description ??
          'The file is sent to the VPP backend as a secret; it is never stored with the task.'}
      </FormHelperText>
    </FormControl>
  );
}

function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(file);
  });
}
