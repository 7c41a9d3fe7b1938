import Typography from '@mui/material/Typography';
import { ReactNode } from 'react';

/** One label and value of a description list (`<dl>`) of facts about a thing. */
export function Fact(props: {
  label: string;
  children: ReactNode;
  testId?: string;
  /** For values such as UDIDs, which would otherwise run out of a narrow column. */
  breakAnywhere?: boolean;
}) {
  return (
    <>
      <Typography component="dt" variant="body2" color="text.secondary">
        {props.label}
      </Typography>
      <Typography
        component="dd"
        variant="body2"
        sx={props.breakAnywhere ? { m: 0, overflowWrap: 'anywhere' } : { m: 0 }}
        data-testid={props.testId}
      >
        {props.children}
      </Typography>
    </>
  );
}
