import { useState } from 'react';
import { errorMessage, errorStatus } from '../shared/errors';
import { fieldErrors } from '../shared/fieldErrors';

/** The backend's refusal of a setting, its sentences split by the field they name. */
export interface SettingRefusal<F extends string> {
  status: number;
  message: string;
  byField: Partial<Record<F, string>>;
  /** Sentences naming no field. */
  rest: string[];
}

/** Where a refusal is shown: at the fields, and above the form. */
export interface PlacedRefusal<F extends string> {
  errors: Partial<Record<F, string>>;
  formError?: string;
}

function eachAtItsField<F extends string>(
  refusal: SettingRefusal<F>,
): PlacedRefusal<F> {
  return {
    errors: refusal.byField,
    formError: refusal.rest.length ? refusal.rest.join(' ') : undefined,
  };
}

/**
 * The state of a setting dialog's Save: whether a save runs, and the backend's reasons
 * when it refused. Refusals with a status in `fieldStatuses` are shown at the fields they
 * name (by default the rest above the form; `place` decides otherwise); any other
 * failure above the form, whole.
 */
export function useSettingSave<F extends string>(options: {
  fields: readonly F[];
  fieldStatuses: number[];
  place?: (refusal: SettingRefusal<F>) => PlacedRefusal<F>;
}) {
  const { fields, fieldStatuses, place = eachAtItsField } = options;
  const [errors, setErrors] = useState<Partial<Record<F, string>>>({});
  const [formError, setFormError] = useState<string>();
  const [saving, setSaving] = useState(false);

  /** Forgets the reasons of the last attempt. */
  const clear = () => {
    setErrors({});
    setFormError(undefined);
  };

  /** Runs `send` (the request and what follows its success) after `clear`. */
  const save = async (send: () => Promise<void>) => {
    setSaving(true);
    clear();
    try {
      await send();
    } catch (e) {
      const message = errorMessage(e);
      const status = errorStatus(e);
      if (status !== undefined && fieldStatuses.includes(status)) {
        const placed = place({
          status,
          message,
          ...fieldErrors(message, fields),
        });
        setErrors(placed.errors);
        setFormError(placed.formError);
      } else {
        setFormError(message);
      }
    } finally {
      setSaving(false);
    }
  };

  return { errors, setErrors, formError, saving, clear, save };
}
