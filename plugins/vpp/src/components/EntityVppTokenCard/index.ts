export { EntityVppTokenCard } from './EntityVppTokenCard';
