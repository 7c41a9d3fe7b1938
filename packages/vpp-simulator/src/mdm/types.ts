/** Public types of the simulated NanoMDM server and its devices. */

/** Platforms as the vpp API names them. */
export type DevicePlatform = 'ios' | 'ipados' | 'macos' | 'tvos';

/** An app on a device. */
export interface DeviceApp {
  bundleId: string;
  name: string;
  /** `ShortVersion` (marketing version). */
  shortVersion: string;
  /** `Version` (build number). */
  version: string;
  bundleSize?: number;
  /** Installed by MDM (InstallApplication); user-installed apps are unmanaged. */
  managed?: boolean;
  /** Store id, for apps installed from the simulator's catalog. */
  adamId?: string;
  /** InstallApplication `ManagementFlags` (1 = remove with the MDM profile, 4 = no backup). */
  managementFlags?: number;
  /** Epoch ms until which the app is still downloading (`Installing = true`). */
  installingUntil?: number;
  /** The version shown while installing an update (the old one stays until done). */
  previousShortVersion?: string;
  /** A managed app configuration came with the install. */
  hasConfiguration?: boolean;
}

/** A device of a fixture (or generated). */
export interface DeviceFixture {
  udid: string;
  serialNumber: string;
  platform: DevicePlatform;
  /** Machine identifier, e.g. `iPhone15,4`, `iPad13,18`, `Mac14,2`. */
  productName: string;
  /** Model number, e.g. `MTLW3J/A`. */
  model: string;
  /** Marketing family, e.g. `iPhone`, `iPad`, `MacBook Air`. */
  modelName: string;
  osVersion: string;
  buildVersion: string;
  deviceName: string;
  /** `aa:bb:cc:dd:ee:ff`. */
  wifiMac: string;
  /** Sent as the enrolment URL parameter `group` (`url_params.group`); absent = none. */
  group?: string;
  installedApps?: DeviceApp[];
  /** Capacity in GB (DeviceInformation `DeviceCapacity`). */
  capacityGb?: number;
}

/** Where a device stands with the MDM server. */
export type EnrollmentState =
  | 'unenrolled'
  | 'authenticated'
  | 'enrolled'
  | 'checked-out';

/** Behaviour switches of the MDM side; all can be changed at runtime. */
export interface MdmSwitches {
  /** Delay between a push and the device's check-in. Default 50 (0 for benchmarks). */
  pushDelayMs: number;
  /** How long an accepted install stays `Installing`. Default 3000. */
  installTimeMs: number;
  /** Probability that a device answers a command `NotNow`. Default 0. */
  notNowRate: number;
  /**
   * After answering NotNow a device polls again by itself after this delay (0 = only at
   * the next push). Default 0.
   */
  notNowRetryMs: number;
  /** Probability that a webhook event is posted twice. Default 0.05. */
  duplicateEventRate: number;
  /** Probability that a webhook event is held back so later ones overtake it. Default 0.05. */
  outOfOrderRate: number;
  /** How long an out-of-order event is held back. Default 250. */
  outOfOrderDelayMs: number;
  /** Webhook POSTs in flight at most. Default 16. */
  webhookConcurrency: number;
  /** Timeout of one webhook POST. Default 10000. */
  webhookTimeoutMs: number;
}

/** How the simulator is started on the MDM side (part of `StartSimulatorOptions`). */
export interface MdmOptionsInput {
  /** NanoMDM API key (HTTP Basic password, user `nanomdm`). Default `nanomdm-simulator-key`. */
  apiKey?: string;
  /** Where webhook events are POSTed; none = events are only recorded. */
  webhookUrl?: string;
  /** HTTP Basic user of the webhook. Default `nanomdm`. */
  webhookUsername?: string;
  /** HTTP Basic password of the webhook (the backend's `vpp.mdm.webhook.secret`). */
  webhookPassword?: string;
  /**
   * NanoMDM's `-webhook-hmac-key`: each event carries `X-Hmac-Signature`, base64 of the
   * HMAC-SHA256 of the body (the backend's `vpp.mdm.webhook.hmacKey`). None: unsigned.
   */
  webhookHmacKey?: string;
  /** Devices: a fixture list, or a generated fleet. Default: the built-in device fixture. */
  devices?: DeviceFixture[] | { generate: number; seed?: number };
  /** Switches (see {@link MdmSwitches}). */
  switches?: Partial<MdmSwitches>;
  /** Random source for NotNow, duplicates and reordering (tests pass a seeded one). */
  random?: () => number;
  /** Optional log line sink (webhook failures). */
  logger?: (line: string) => void;
}
