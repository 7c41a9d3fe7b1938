import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import TextField from '@mui/material/TextField';
import useAsync from 'react-use/esm/useAsync';
import { vppTranslationRef } from '../../translation';

interface GroupOption {
  ref: string;
  label: string;
}

/** Picks a catalog group; the value is its entity ref, e.g. `group:default/tokyo-it`. */
export function GroupSelect(props: {
  value: string;
  onChange: (ref: string) => void;
  disabled?: boolean;
  error?: string;
  /** Groups not to offer, e.g. the token's own owner when sharing. */
  exclude?: string[];
  /**
   * Which of the offered groups may be chosen (e.g. those the user may register tokens
   * for); the others are shown disabled with the reason. Everything when absent or when
   * the answer fails (the backend still checks).
   */
  allowedAmong?: (refs: string[]) => Promise<string[]>;
}) {
  const {
    value,
    onChange,
    disabled,
    error,
    exclude = [],
    allowedAmong,
  } = props;
  const { t } = useTranslationRef(vppTranslationRef);
  const catalogApi = useApi(catalogApiRef);
  const groups = useAsync(async (): Promise<GroupOption[]> => {
    const response = await catalogApi.getEntities({
      filter: { kind: 'Group' },
    });
    return response.items
      .map(entity => {
        const namespace = entity.metadata.namespace ?? 'default';
        const ref = `group:${namespace}/${entity.metadata.name}`.toLowerCase();
        const profile = (entity.spec as { profile?: { displayName?: string } })
          ?.profile;
        const title =
          entity.metadata.title ?? profile?.displayName ?? entity.metadata.name;
        return {
          ref,
          label: namespace === 'default' ? title : `${title} (${namespace})`,
        };
      })
      .sort((a, b) => a.label.localeCompare(b.label));
  }, [catalogApi]);

  const allowed = useAsync(async () => {
    if (!allowedAmong || !groups.value) {
      return undefined;
    }
    try {
      return new Set(await allowedAmong(groups.value.map(g => g.ref)));
    } catch {
      return undefined;
    }
  }, [allowedAmong, groups.value]);
  const notAllowed = (ref: string) =>
    allowed.value !== undefined && !allowed.value.has(ref);

  const options = (groups.value ?? []).filter(
    option => !exclude.includes(option.ref),
  );
  if (value && !options.some(option => option.ref === value)) {
    options.unshift({ ref: value, label: value });
  }

  let helperText =
    error ??
    (options.some(option => notAllowed(option.ref))
      ? t('permissions.ownersHelper')
      : t('groups.helper'));
  if (groups.loading) {
    helperText = t('groups.loading');
  } else if (groups.error) {
    helperText = t('groups.error', { message: groups.error.message });
  }

  return (
    <TextField
      select
      required
      fullWidth
      id="vpp-owner-group"
      label={t('groups.label')}
      value={value}
      onChange={event => onChange(event.target.value)}
      disabled={disabled}
      error={Boolean(error || groups.error)}
      helperText={helperText}
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
    >
      <option value="">{t('groups.placeholder')}</option>
      {options.map(option =>
        notAllowed(option.ref) ? (
          <option
            key={option.ref}
            value={option.ref}
            disabled
            title={t('permissions.ownersHelper')}
          >
            {t('permissions.notYourGroup', { group: option.label })}
          </option>
        ) : (
          <option key={option.ref} value={option.ref}>
            {option.label}
          </option>
        ),
      )}
    </TextField>
  );
}
