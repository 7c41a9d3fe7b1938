import { useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';

/** How long typing must pause before a text filter applies. */
export const FILTER_DEBOUNCE_MS = 300;

/**
 * A text filter typed into a field: `input` follows the keystrokes, `value` (trimmed)
 * follows once typing pauses, and `onChange` runs when `value` changes (e.g. to go back
 * to the first page), not on every keystroke.
 */
export function useDebouncedFilter(onChange: () => void) {
  const [input, setInput] = useState('');
  const [value, setValue] = useState('');
  useDebounce(
    () => {
      const next = input.trim();
      if (next !== value) {
        setValue(next);
        onChange();
      }
    },
    FILTER_DEBOUNCE_MS,
    [input],
  );
  /** Empties the field and the filter at once, without waiting. */
  const clear = () => {
    setInput('');
    setValue('');
  };
  return { input, setInput, value, clear };
}
