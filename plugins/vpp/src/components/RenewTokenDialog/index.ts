export { RenewTokenDialog } from './RenewTokenDialog';
