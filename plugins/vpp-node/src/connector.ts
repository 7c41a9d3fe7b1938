/**
 * The MDM connector contract. It speaks the product's language — install this app with
 * these options on these devices, ask these devices for their inventory, remove this app —
 * so a connector for NanoMDM, Jamf, Intune or Fleet can map it onto its own API. What the
 * devices answer comes back through the {@link MdmEventSink} the connector is handed,
 * whether it arrives by webhook (NanoMDM) or by polling (others).
 */

/** Platforms a device can be, as the vpp API names them. @public */
export type MdmDevicePlatform = 'ios' | 'ipados' | 'macos' | 'tvos';

/**
 * A value a managed app configuration may hold: what a property list can hold.
 *
 * @public
 */
export type MdmConfigurationValue =
  | string
  | number
  | boolean
  | Date
  | MdmConfigurationValue[]
  | { [key: string]: MdmConfigurationValue };

/**
 * A VPP app to install (R-MDM-2). The connector decides how: Apple's
 * `InstallApplication` command per device today; a connector may later choose a
 * declaration (`com.apple.configuration.app.managed`) for devices that support it.
 *
 * @public
 */
export interface MdmAppInstall {
  /** App Store id (`iTunesStoreID`). */
  adamId: string;
  /** Bundle id, when known (used to match inventory answers). */
  bundleId?: string;
  /** Platform the distribution targets; macOS installs as managed (`InstallAsManaged`). */
  platform: 'ios' | 'macos';
  /** Remove the app when the MDM profile is removed (`ManagementFlags` bit 1). */
  removeWithMdmProfile: boolean;
  /** Prevent backup of the app's data (`ManagementFlags` bit 4). */
  preventBackup: boolean;
  /**
   * Whether the user may remove the app (`Attributes.Removable`, iOS/iPadOS 14+).
   * Undefined: not sent. Connectors send it only to devices whose OS supports it.
   */
  removable?: boolean;
  /** Managed app configuration (`Configuration`). */
  configuration?: Record<string, MdmConfigurationValue>;
  /** Per-app VPN: the `VPNUUID` of a VPN payload installed on the devices. */
  vpnUuid?: string;
}

/**
 * What a device is asked to do.
 *
 * - `install-app`: install (or update) a VPP app.
 * - `remove-app`: remove a managed app.
 * - `installed-apps`: report installed apps (all apps, not only managed ones; limited to
 *   `bundleIds` when given).
 * - `managed-apps`: report the state of managed apps.
 * - `device-information`: report the hardware and OS facts of the inventory.
 *
 * @public
 */
export type MdmAction =
  | { type: 'install-app'; app: MdmAppInstall }
  | { type: 'remove-app'; bundleId: string }
  | { type: 'installed-apps'; bundleIds?: string[] }
  | { type: 'managed-apps'; bundleIds?: string[] }
  | { type: 'device-information' };

/** A device an action is sent to. @public */
export interface MdmTarget {
  /** The MDM's enrollment id (a UDID for device-channel enrollments). */
  enrollmentId: string;
  platform: MdmDevicePlatform;
  /** Dotted OS version, e.g. `17.4.1`, when known (some options depend on it). */
  osVersion?: string;
}

/**
 * One action for many devices.
 *
 * @public
 */
export interface MdmSendRequest {
  /**
   * Stable id chosen by the caller and recorded before the call (a UUID). Sending the
   * same id again (with the same targets) is safe: a connector treats "already queued"
   * as success, so a retried step never reaches a device twice. Answers carry it back as
   * {@link MdmCommandResultEvent.commandId}.
   */
  commandId: string;
  action: MdmAction;
  targets: MdmTarget[];
}

/** What became of one target of a send. @public */
export interface MdmSendTargetResult {
  enrollmentId: string;
  /**
   * The command id the device got. Equal to the request's `commandId`, unless the
   * targets needed different command bodies (e.g. `Removable` only on iOS 14+) or more
   * than one request (the MDM's batch size): then each variant or batch goes under an id
   * derived deterministically from the request's, so a retried send with the same
   * targets derives the same ids. Answers carry this id.
   */
  commandId: string;
  /** The command is stored for the device and will reach it. */
  queued: boolean;
  /** Why it was not queued (only when `queued` is false). */
  error?: string;
  /** Queued, but waking the device failed; it gets the command at its next check-in. */
  pushError?: string;
}

/** @public */
export interface MdmSendResult {
  commandId: string;
  results: MdmSendTargetResult[];
}

/**
 * A device checked in (R-MDM-1): enrolment (`authenticate`), push token delivered and
 * so enrolled (`token-update`), MDM profile removed (`check-out`), or the device asked
 * for its next command with nothing to report (`idle`: it is reachable).
 *
 * @public
 */
export interface MdmCheckInEvent {
  kind: 'check-in';
  type: 'authenticate' | 'token-update' | 'check-out' | 'idle';
  enrollmentId: string;
  udid: string;
  /** When the MDM server saw it; an older event never overwrites newer state. */
  occurredAt: Date;
  /** The MDM server's event id, when it sends one (for de-duplication). */
  eventId?: string;
  /** Facts the check-in carries (Authenticate has serial, model, OS, product name). */
  facts?: MdmDeviceFacts;
  /** Enrolment URL parameters (`group` names the device's group). */
  urlParams?: Record<string, string>;
}

/** Hardware and OS facts of a device. @public */
export interface MdmDeviceFacts {
  serialNumber?: string;
  model?: string;
  /** Marketing name, e.g. "iPhone 15". */
  modelName?: string;
  /** e.g. `iPhone15,4`. */
  productName?: string;
  osVersion?: string;
  buildVersion?: string;
  deviceName?: string;
  wifiMac?: string;
  platform?: MdmDevicePlatform;
}

/** An app a device reported (InstalledApplicationList / ManagedApplicationList). @public */
export interface MdmInstalledApp {
  bundleId: string;
  name?: string;
  /** `ShortVersion` when the device gives one, else `Version`. */
  version?: string;
  /** Store id when the device reports it (`AdamID`, macOS 11+ / iOS 14+). */
  adamId?: string;
  managed?: boolean;
  /** Being installed or updated right now. */
  installing?: boolean;
}

/** An error a device reported (an entry of Apple's `ErrorChain`). @public */
export interface MdmDeviceError {
  code: number;
  domain?: string;
  description?: string;
}

/**
 * A device answered a command. The answer is decoded by its shape (Apple's answers are
 * self-describing), so the sink need not know the command's type; it keeps its own
 * commandId → purpose map when it needs one.
 *
 * @public
 */
export interface MdmCommandResultEvent {
  kind: 'command-result';
  enrollmentId: string;
  udid: string;
  commandId: string;
  status: 'acknowledged' | 'error' | 'format-error' | 'not-now';
  occurredAt: Date;
  eventId?: string;
  /** `ErrorChain` of an `error` answer. */
  errors?: MdmDeviceError[];
  /** Answer to `installed-apps` (the complete list asked for). */
  installedApps?: MdmInstalledApp[];
  /** Answer to `managed-apps`. */
  managedApps?: Array<{ bundleId: string; status: string }>;
  /** Answer to `device-information`. */
  deviceFacts?: MdmDeviceFacts;
  /** Answer to `install-app`: Apple's install `State` (e.g. `Queued`, `Installing`). */
  installState?: { bundleId?: string; state?: string };
}

/** @public */
export type MdmEvent = MdmCheckInEvent | MdmCommandResultEvent;

/**
 * Where a connector delivers what devices say. Implemented by the vpp backend; calls
 * are idempotent, so a connector may deliver an event twice.
 *
 * @public
 */
export interface MdmEventSink {
  handle(events: MdmEvent[]): Promise<void>;
}

/**
 * A webhook request as the vpp backend received it at `POST /api/vpp/mdm/webhook`,
 * after checking the shared secret.
 *
 * @public
 */
export interface MdmWebhookRequest {
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body. */
  body: unknown;
}

/**
 * Thrown by {@link MdmConnector.parseWebhook} for a malformed event; the backend answers
 * 400 with the message and changes nothing.
 *
 * @public
 */
export class MdmWebhookError extends Error {
  name = 'MdmWebhookError';
}

/**
 * An MDM server as the vpp backend sees it.
 *
 * @public
 */
export interface MdmConnector {
  /** The name chosen in config (`vpp.mdm.connector`), e.g. `nanomdm`. */
  readonly name: string;
  /**
   * Sends one action to many devices, batching and waking them as the MDM allows.
   * Resolves with a result per target; rejects only when nothing could be decided
   * (the MDM was unreachable after retries).
   */
  send(request: MdmSendRequest): Promise<MdmSendResult>;
  /**
   * Several actions at once (e.g. one install per app): all are queued, in the order
   * given, before any device is woken, so each device fetches them in one check-in
   * instead of one per action. One result per request, as {@link MdmConnector.send}'s.
   * Optional: without it callers send the requests one by one.
   */
  sendMany?(requests: MdmSendRequest[]): Promise<MdmSendResult[]>;
  /**
   * Decodes a webhook request into events (connectors that receive webhooks). Throws
   * {@link MdmWebhookError} for a malformed request.
   */
  parseWebhook?(request: MdmWebhookRequest): MdmEvent[];
  /**
   * Starts delivering events to the sink (connectors that poll). Called once when the
   * backend starts; the returned function stops it.
   */
  start?(sink: MdmEventSink): Promise<() => Promise<void>>;
}
