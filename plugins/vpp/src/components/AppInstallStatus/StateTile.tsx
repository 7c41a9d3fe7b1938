import ButtonBase from '@mui/material/ButtonBase';
import Typography from '@mui/material/Typography';

/** A count of devices in one install state (or version); choosing it lists them. */
export function StateTile(props: {
  label: string;
  count: number;
  selected: boolean;
  onClick: () => void;
  testId: string;
  /** A version of the installed state: drawn lighter. */
  secondary?: boolean;
}) {
  return (
    <ButtonBase
      onClick={props.onClick}
      data-testid={`vpp-install-state-${props.testId}`}
      aria-pressed={props.selected}
      sx={{
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'flex-start',
        minWidth: 140,
        px: 2,
        py: 1.25,
        borderRadius: 1,
        border: '1px solid',
        borderColor: props.selected ? 'primary.main' : 'divider',
        bgcolor: props.selected ? 'action.selected' : 'background.paper',
        borderStyle: props.secondary ? 'dashed' : 'solid',
      }}
    >
      <Typography variant="caption" color="text.secondary">
        {props.label}
      </Typography>
      <Typography
        variant="h6"
        data-testid="vpp-install-state-count"
        sx={{ fontVariantNumeric: 'tabular-nums' }}
      >
        {props.count.toLocaleString()}
      </Typography>
    </ButtonBase>
  );
}
