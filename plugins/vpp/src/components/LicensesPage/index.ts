export { LicensesPage } from './LicensesPage';
