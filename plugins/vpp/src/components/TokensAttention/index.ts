export { TokensAttention } from './TokensAttention';
