export { TokenPage } from './TokenPage';
