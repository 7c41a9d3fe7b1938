import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import type {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import TextField from '@mui/material/TextField';
import useAsync from 'react-use/esm/useAsync';
import { vppApiRef } from '../api';
import { vppTranslationRef } from '../translation';
import { formValue } from './formValues';
import { lastScheduleDay, todayUtc } from './scheduleLimit';

/**
 * `VppScheduleDatePicker`: an optional date, at most the day before the expiry of the
 * token chosen in the form (`ui:options.tokenField`, default `token`). Later days cannot
 * be picked, and a typed later day is refused with the last allowed day. The value is an
 * ISO date (`yyyy-MM-dd`, a day in UTC).
 */
export function VppScheduleDatePickerField(
  props: FieldExtensionComponentProps<string, { tokenField?: string }>,
) {
  const { formData, onChange, schema, rawErrors, idSchema } = props;
  const { t } = useTranslationRef(vppTranslationRef);
  const api = useApi(vppApiRef);
  const tokenId = formValue<string>(props, 'tokenField', 'token');
  const token = useAsync(
    async () => (tokenId ? api.getToken(tokenId) : undefined),
    [api, tokenId],
  );
  const last = token.value ? lastScheduleDay(token.value.expiresAt) : undefined;
  const today = todayUtc();

  let problem: string | undefined;
  if (formData && last && formData > last) {
    problem = t('scaffolderFields.schedule.tooLate', { date: formData, last });
  } else if (formData && formData < today) {
    problem = t('scaffolderFields.schedule.past', { date: formData });
  }
  let helper = schema.description;
  if (problem) helper = problem;
  else if (last) helper = t('scaffolderFields.schedule.helper', { date: last });
  else if (!tokenId) helper = t('scaffolderFields.chooseTokenFirst');

  return (
    <TextField
      type="date"
      margin="normal"
      id={idSchema?.$id}
      label={schema.title ?? t('scaffolderFields.schedule.label')}
      value={formData ?? ''}
      onChange={event => onChange(event.target.value || undefined!)}
      InputLabelProps={{ shrink: true }}
      inputProps={{ min: today, max: last, 'data-testid': 'vpp-schedule-date' }}
      error={Boolean(problem) || (rawErrors?.length ?? 0) > 0}
      helperText={helper}
    />
  );
}

/**
 * Refuses a day after the last allowed one (or in the past) when the page is submitted,
 * with the same sentence as the field shows.
 */
export const validateScheduleDate: CustomFieldValidator<
  string,
  { tokenField?: string }
> = async (value, validation, context) => {
  if (!value) return;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    validation.addError(`${value} is not a date (yyyy-mm-dd).`);
    return;
  }
  if (value < todayUtc()) {
    validation.addError(`${value} has passed.`);
    return;
  }
  const tokenField = context.uiSchema?.['ui:options']?.tokenField ?? 'token';
  const tokenId = context.formData?.[tokenField];
  const api = context.apiHolder.get(vppApiRef);
  if (!tokenId || !api) return;
  const last = lastScheduleDay((await api.getToken(String(tokenId))).expiresAt);
  if (value > last) {
    validation.addError(
      `${value} is too late: the last allowed day is ${last}, the day before the token expires.`,
    );
  }
};
