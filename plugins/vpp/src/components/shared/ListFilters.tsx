import Button from '@mui/material/Button';
import InputAdornment from '@mui/material/InputAdornment';
import Stack from '@mui/material/Stack';
import { SxProps, Theme } from '@mui/material/styles';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { RiSearchLine } from '@remixicon/react';

/** One choice of a `FilterSelect`. */
export interface FilterOption<V extends string> {
  value: V;
  label: string;
}

/**
 * A drop-down filter of a list: its first option ('' — "All tokens", "Any state"…) filters
 * nothing, the others are `options`.
 */
export function FilterSelect<V extends string>(props: {
  id: string;
  label: string;
  value: V | '';
  onChange: (value: V | '') => void;
  /** The text of the first option, which filters nothing. */
  allLabel: string;
  options: readonly FilterOption<V>[];
  sx?: SxProps<Theme>;
}) {
  const { id, label, value, onChange, allLabel, options, sx } = props;
  return (
    <TextField
      select
      size="small"
      id={id}
      label={label}
      value={value}
      onChange={event => onChange(event.target.value as V | '')}
      SelectProps={{ native: true }}
      // "All platforms" is a value, not an empty field: keep the label above it.
      InputLabelProps={{ shrink: true }}
      sx={sx}
    >
      <option value="">{allLabel}</option>
      {options.map(option => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </TextField>
  );
}

/** The search field of a list, with a magnifier in front. */
export function SearchField(props: {
  id: string;
  label: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
  sx?: SxProps<Theme>;
}) {
  const { id, label, placeholder, value, onChange, sx } = props;
  return (
    <TextField
      size="small"
      type="search"
      id={id}
      label={label}
      placeholder={placeholder}
      value={value}
      onChange={event => onChange(event.target.value)}
      sx={sx}
      InputProps={{
        startAdornment: (
          <InputAdornment position="start">
            <RiSearchLine size={16} />
          </InputAdornment>
        ),
      }}
    />
  );
}

/** In place of a list no item of which matches the filters: says so, and clears them. */
export function NoMatchClearFilters(props: {
  text: string;
  clearLabel: string;
  onClear: () => void;
}) {
  return (
    <Stack alignItems="center" spacing={1.5} sx={{ py: 4 }}>
      <Typography variant="body1">{props.text}</Typography>
      <Button variant="outlined" onClick={props.onClear}>
        {props.clearLabel}
      </Button>
    </Stack>
  );
}
