export { TokenHistory } from './TokenHistory';
