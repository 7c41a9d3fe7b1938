import Dialog from '@mui/material/Dialog';
import DialogTitle from '@mui/material/DialogTitle';
import { ReactNode } from 'react';

/**
 * A dialog with its title. With `width` it takes the full width up to that breakpoint
 * (for forms); without, it fits its content (for confirmations).
 */
export function TitledDialog(props: {
  open?: boolean;
  /** Left out while a request runs: closing then would lose its answer. */
  onClose?: () => void;
  title: ReactNode;
  /** The title's id, which names the dialog (tests and screen readers find it by it). */
  titleId?: string;
  width?: 'sm' | 'md';
  children: ReactNode;
}) {
  const { open = true, onClose, title, titleId, width, children } = props;
  return (
    <Dialog
      open={open}
      onClose={onClose}
      fullWidth={width !== undefined}
      maxWidth={width}
      aria-labelledby={titleId}
    >
      <DialogTitle id={titleId}>{title}</DialogTitle>
      {children}
    </Dialog>
  );
}
