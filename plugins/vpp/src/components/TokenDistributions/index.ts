export { TokenDistributions } from './TokenDistributions';
