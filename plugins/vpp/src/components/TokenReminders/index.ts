export { TokenReminders } from './TokenReminders';
