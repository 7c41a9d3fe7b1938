import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import { errorMessage } from './errors';

/**
 * A failed read of one section of a page, as a plain alert: the section must not take
 * the rest of the page down with it.
 */
export function SectionError(props: { title: string; error: unknown }) {
  return (
    <Alert severity="error">
      <AlertTitle>{props.title}</AlertTitle>
      {errorMessage(props.error)}
    </Alert>
  );
}
