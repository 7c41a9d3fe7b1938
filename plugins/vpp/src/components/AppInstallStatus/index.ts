export { AppInstallStatusPage } from './AppInstallStatusPage';
