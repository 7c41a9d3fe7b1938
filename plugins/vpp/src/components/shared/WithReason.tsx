import Tooltip from '@mui/material/Tooltip';
import { ReactElement } from 'react';

/**
 * Shows why a control is disabled when the pointer rests on it. A disabled button fires
 * no mouse events, so the tooltip listens on a wrapper.
 */
export function WithReason(props: { reason?: string; children: ReactElement }) {
  const { reason, children } = props;
  if (!reason) {
    return children;
  }
  return (
    <Tooltip title={reason}>
      <span
        style={{ display: 'inline-flex' }}
        data-testid="vpp-disabled-reason"
      >
        {children}
      </span>
    </Tooltip>
  );
}
