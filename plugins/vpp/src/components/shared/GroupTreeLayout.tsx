import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import { ComponentProps, ReactNode } from 'react';
import { GroupTree } from './GroupTree';

/**
 * Devices by group: the catalog's group tree in a panel at the side (above on narrow
 * screens), and `children`, the list it filters, beside it.
 */
export function GroupTreeLayout(
  props: ComponentProps<typeof GroupTree> & { children: ReactNode },
) {
  const { children, ...tree } = props;
  return (
    <Stack
      direction={{ xs: 'column', md: 'row' }}
      spacing={2}
      alignItems="flex-start"
    >
      <Paper variant="outlined" sx={{ width: { md: 260 }, flexShrink: 0 }}>
        <GroupTree {...tree} />
      </Paper>
      {children}
    </Stack>
  );
}
