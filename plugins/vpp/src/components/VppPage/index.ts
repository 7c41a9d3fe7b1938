export { VppPage } from './VppPage';
