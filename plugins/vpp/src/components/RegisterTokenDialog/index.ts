export { RegisterTokenDialog } from './RegisterTokenDialog';
