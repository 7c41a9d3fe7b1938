export { DistributionPage } from './DistributionPage';
