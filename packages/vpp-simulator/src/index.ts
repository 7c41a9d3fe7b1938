/**
 * Simulator of Apple's Apps and Books (VPP) API v2, the iTunes lookup and Apple Business
 * Manager's content-token download, and of a NanoMDM server with simulated devices, for
 * tests, benchmarks and local development.
 *
 * @packageDocumentation
 */

export {
  startSimulator,
  createSimulatorApp,
  type StartSimulatorOptions,
  type RunningSimulator,
} from './server';
export {
  SimulatorState,
  SUBSCRIBABLE_NOTIFICATION_TYPES,
  type AuthResult,
  type LocationSummary,
  type TokenInfo,
  type TokenRecord,
} from './state';
export {
  defaultFixture,
  generateLargeFixture,
  generateLargeLocation,
  loadFixture,
  builtInFixtureNames,
  type GenerateLargeLocationOptions,
} from './fixtures';
export {
  errorMessage,
  errorHttpStatus,
  errorResponse,
  serviceConfigErrorCodes,
  VppError,
  type ErrorInfo,
  type ErrorResponse,
} from './errors';
export {
  encodeTokenFile,
  decodeTokenFile,
  type TokenFileContent,
} from './tokenFile';
export { formatAppleDate, parseIsoDate } from './dates';
export {
  DEFAULT_LIMITS,
  DEFAULT_PAGE_SIZES,
  DEFAULT_SWITCHES,
} from './options';
export {
  UNLIMITED_COUNT,
  type Assignment,
  type ResponseUser,
} from './location';
export {
  MdmState,
  DEFAULT_API_KEY as DEFAULT_NANOMDM_API_KEY,
  type NanoApiResult,
} from './mdm/mdmState';
export {
  defaultDevices,
  generateDevices,
  type GenerateDevicesOptions,
} from './mdm/fixtures';
export { DEFAULT_MDM_SWITCHES } from './mdm/switches';
export { seededRandom } from './mdm/random';
export type { SimulatedDevice } from './mdm/deviceBehaviour';
export type { DecodedCommandRecord } from './mdm/commandLog';
export type { NewDeviceInput, DeviceFilter } from './mdm/deviceRegistry';
export type { WebhookEvent, WebhookDelivery } from './mdm/webhook';
export type {
  DeviceApp,
  DeviceFixture,
  DevicePlatform,
  EnrollmentState,
  MdmOptionsInput,
  MdmSwitches,
} from './mdm/types';
export type { SimulatorEvent, EventStatus, EventType } from './events';
export type { Fault, FaultInput, FaultKind } from './faults';
export type {
  NotificationDelivery,
  NotificationEnvelope,
} from './notifications';
export type {
  RequestLogEntry,
  RequestLogFilter,
  TokenRequestStats,
} from './requestLog';
export type {
  FixtureAsset,
  FixtureAssignment,
  FixtureCatalogItem,
  FixtureLocation,
  FixtureToken,
  FixtureUser,
  MdmInfo,
  PageSizes,
  Platform,
  PricingParam,
  ProductType,
  ServiceLimits,
  SimulatorFixture,
  SimulatorOptionsInput,
  SimulatorSwitches,
  StoreKind,
  TokenState,
  UserStatus,
} from './types';
