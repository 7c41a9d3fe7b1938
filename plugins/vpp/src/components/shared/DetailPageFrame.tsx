import { Content, Link, ResponseErrorPanel } from '@backstage/core-components';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import { RiArrowLeftLine } from '@remixicon/react';
import { ReactNode } from 'react';

/** Where a detail page's "back" link leads, and its text. */
export interface BackTo {
  to: string;
  label: string;
}

function BackLink(props: { back: BackTo }) {
  return (
    <Link to={props.back.to}>
      <Box
        component="span"
        sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5 }}
      >
        <RiArrowLeftLine size={16} />
        {props.back.label}
      </Box>
    </Link>
  );
}

/**
 * A page about one thing (a token, a device, a distribution): the link back to its list
 * above the page's sections. `dialogs` stand outside the sections.
 */
export function DetailPageFrame(props: {
  back: BackTo;
  children: ReactNode;
  dialogs?: ReactNode;
}) {
  return (
    <Content>
      <Stack spacing={3}>
        <BackLink back={props.back} />
        {props.children}
      </Stack>
      {props.dialogs}
    </Content>
  );
}

/** A detail page whose thing could not be loaded: the link back, and why. */
export function DetailPageLoadError(props: {
  back: BackTo;
  error: Error;
  title: string;
}) {
  return (
    <Content>
      <Stack spacing={2}>
        <BackLink back={props.back} />
        <ResponseErrorPanel error={props.error} title={props.title} />
      </Stack>
    </Content>
  );
}

/** The title of a detail page's main card: the name, then chips beside it. */
export function DetailCardTitle(props: { children: ReactNode }) {
  return (
    <Box
      sx={{
        display: 'flex',
        alignItems: 'center',
        gap: 1.5,
        flexWrap: 'wrap',
      }}
    >
      {props.children}
    </Box>
  );
}

/** The buttons in the corner of a detail page's main card; they wrap when narrow. */
export function DetailCardActions(props: { children: ReactNode }) {
  return (
    <Stack
      direction="row"
      spacing={1}
      sx={{ flexWrap: 'wrap', rowGap: 1, pt: 1, pr: 1 }}
    >
      {props.children}
    </Stack>
  );
}
