export { DistributionsPage } from './DistributionsPage';
