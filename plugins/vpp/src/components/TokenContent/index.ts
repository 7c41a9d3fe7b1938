export { TokenContent } from './TokenContent';
