import { VppDeviceQuery } from './devices';

/**
 * Distributions (R-DIST): many apps to many devices in one run — licenses at Apple, then
 * `InstallApplication` over MDM, followed to the installed version.
 */

/** @public */
export type VppDistributionState =
  | 'scheduled'
  | 'running'
  | 'completed'
  | 'completed-with-failures'
  | 'cancelled';

/** @public */
export const VPP_DISTRIBUTION_STATES: readonly VppDistributionState[] = [
  'scheduled',
  'running',
  'completed',
  'completed-with-failures',
  'cancelled',
];

/** States of one (device, app) item of a distribution. @public */
export type VppDistributionItemState =
  | 'pending'
  | 'licensing'
  | 'licensed'
  | 'queued'
  | 'acknowledged'
  | 'installing'
  | 'installed'
  | 'failed'
  | 'cancelled';

/** @public */
export const VPP_DISTRIBUTION_ITEM_STATES: readonly VppDistributionItemState[] =
  [
    'pending',
    'licensing',
    'licensed',
    'queued',
    'acknowledged',
    'installing',
    'installed',
    'failed',
    'cancelled',
  ];

/**
 * Which devices a distribution targets: listed ids, or every device the same filters as
 * `GET /devices` select (without paging).
 *
 * @public
 */
export type VppDistributionTargets =
  | { deviceIds: string[] }
  | Pick<
      VppDeviceQuery,
      | 'q'
      | 'field'
      | 'value'
      | 'group'
      | 'includeSubgroups'
      | 'enrolled'
      | 'adamId'
      | 'bundleId'
      | 'installState'
      | 'version'
      | 'inventoryBefore'
    >;

/** The options of a distribution, as posted. @public */
export interface VppDistributionOptions {
  tokenId: string;
  adamIds: string[];
  platform: 'ios' | 'macos';
  licenseMode: 'auto' | 'manual';
  targets: VppDistributionTargets;
  /** Managed app configuration per app: adamId → app config id. */
  appConfigIds?: Record<string, string>;
  vpnConfigId?: string;
  removeWithMdmProfile?: boolean;
  preventBackup?: boolean;
  /** @defaultValue true */
  removable?: boolean;
  /** ISO 8601 instant; no later than the day before the token expires. */
  scheduledAt?: string;
  allowPartial?: boolean;
}

/** @public */
export interface VppDistributionRequest extends VppDistributionOptions {
  dryRun?: boolean;
}

/** Why a device was left out of a distribution. @public */
export type VppDistributionLeftOutReason =
  | 'other-platform'
  | 'os-below-minimum'
  | 'unenrolled'
  | 'no-serial-number'
  | 'no-license-available';

/** @public */
export interface VppDistributionPlanApp {
  adamId: string;
  name?: string;
  /** Licenses to assign (auto mode). */
  needed: number;
  /** Devices that already hold a license for the app (not assigned again). */
  alreadyLicensed: number;
  /** Unassigned licenses at Apple, as of the last sync. */
  available: number;
  /** Devices that go without this app (`allowPartial`). */
  goWithout?: number;
  /** Bundle id and App Store version as of planning (to verify installs). */
  bundleId?: string;
  storeVersion?: string;
  pricingParam?: string;
}

/** @public */
export interface VppDistributionPlan {
  devicesMatched: number;
  leftOut: Array<{
    reason: VppDistributionLeftOutReason;
    count: number;
    /** The first devices left out for this reason (ids). */
    deviceIds?: string[];
  }>;
  apps: VppDistributionPlanApp[];
  /** Devices × apps to process. */
  items: number;
  /** Devices that go without some app for lack of licenses (`allowPartial`; first 100). */
  withoutLicense?: Array<{
    deviceId: string;
    serialNumber: string;
    adamId: string;
  }>;
}

/** @public */
export interface VppDistribution extends VppDistributionOptions {
  id: string;
  state: VppDistributionState;
  counts: Partial<Record<VppDistributionItemState, number>>;
  plan: VppDistributionPlan;
  createdBy: string;
  createdAt: string;
  scheduledAt?: string;
  startedAt?: string;
  finishedAt?: string;
}

/** Answer of a dry run: the plan alone. @public */
export interface VppDistributionDryRun {
  dryRun: true;
  plan: VppDistributionPlan;
}

/** @public */
export interface VppDistributionItem {
  deviceId: string;
  serialNumber: string;
  adamId: string;
  state: VppDistributionItemState;
  version: string | null;
  errorNumber: number | null;
  explanation: {
    en: string;
    ja: string;
    nextStep?: { en: string; ja: string };
  } | null;
  updatedAt: string;
}

/** @public */
export interface VppDistributionListQuery {
  tokenId?: string;
  state?: VppDistributionState;
  createdBy?: string;
  offset?: number;
  limit?: number;
}

/** @public */
export interface VppDistributionList {
  items: VppDistribution[];
  totalCount: number;
}

/** @public */
export interface VppDistributionItemQuery {
  state?: VppDistributionItemState;
  offset?: number;
  limit?: number;
}

/** @public */
export interface VppDistributionItemList {
  items: VppDistributionItem[];
  totalCount: number;
}
