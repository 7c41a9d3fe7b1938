export { DevicePage } from './DevicePage';
