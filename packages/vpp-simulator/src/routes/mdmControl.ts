import express, { Request, Router } from 'express';
import { SimulatedDevice } from '../mdm/deviceBehaviour';
import { DeviceFilter, NewDeviceInput, PLATFORMS } from '../mdm/deviceRegistry';
import { MdmState } from '../mdm/mdmState';
import { DevicePlatform, EnrollmentState, MdmSwitches } from '../mdm/types';
import { controlRouteHandler, endControlRouter } from './controlRoutes';

/** MDM control routes, listed by `GET /control/mdm` and documented in the README. */
export const MDM_CONTROL_ROUTES = [
  'GET    /control/mdm                                  this list',
  'GET    /control/mdm/state                            options, device and queue counts, webhook stats',
  'POST   /control/mdm/reset                            MDM side back to its fixture (POST /control/reset does too)',
  'GET    /control/mdm/options                          current MDM switches',
  'POST   /control/mdm/options                          {pushDelayMs?, installTimeMs?, notNowRate?, duplicateEventRate?, outOfOrderRate?, outOfOrderDelayMs?, …}',
  'GET    /control/mdm/devices[?udid&serialNumber&group&platform&enrollment&online&q&offset&limit]   devices, paged',
  'POST   /control/mdm/devices                          {platform, osVersion, serialNumber, group?, udid?, model?, productName?, deviceName?, wifiMac?} enrol a new device',
  'GET    /control/mdm/devices/:udid                    one device with apps and queued commands',
  'POST   /control/mdm/devices/:udid/enroll             (re-)enrol: Authenticate + TokenUpdate',
  'POST   /control/mdm/devices/:udid/checkout           MDM profile removed: CheckOut',
  'POST   /control/mdm/devices/:udid/remove-app         {bundleId} the user deletes an app',
  'POST   /control/mdm/devices/:udid/offline            unreachable: pushes are answered when back online',
  'POST   /control/mdm/devices/:udid/online             reachable again (answers pending pushes now)',
  'POST   /control/mdm/devices/:udid/check-in           the device checks in now (as after a push)',
  'POST   /control/mdm/enroll-all                       every device (re-)enrols, emitting its events',
  'POST   /control/mdm/installs/complete                finish every install in progress now',
  'GET    /control/mdm/commands[?udid&offset&limit]     commands received, decoded, with the answers',
  'GET    /control/mdm/events[?udid&topic&limit]        webhook events created (newest last)',
  'GET    /control/mdm/webhook                          webhook deliveries and counts',
];

const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;
const ENROLLMENT_STATES: EnrollmentState[] = [
  'unenrolled',
  'authenticated',
  'enrolled',
  'checked-out',
];

class NotFoundError extends Error {}

function deviceView(device: SimulatedDevice, mdm: MdmState, detail: boolean) {
  const now = Date.now();
  const view: Record<string, unknown> = {
    udid: device.udid,
    serialNumber: device.serialNumber,
    platform: device.platform,
    productName: device.productName,
    model: device.model,
    modelName: device.modelName,
    osVersion: device.osVersion,
    buildVersion: device.buildVersion,
    deviceName: device.deviceName,
    wifiMac: device.wifiMac,
    group: device.group,
    enrollment: device.enrollment,
    online: device.online,
    pendingWake: device.pendingWake,
    lastCheckInAt:
      device.lastCheckInAt === undefined
        ? undefined
        : new Date(device.lastCheckInAt).toISOString(),
    appCount: device.apps.length,
    queuedCommands: mdm.queues.queued(device.udid).length,
  };
  if (detail) {
    view.apps = device.apps.map(app => ({
      bundleId: app.bundleId,
      name: app.name,
      shortVersion: app.shortVersion,
      version: app.version,
      managed: Boolean(app.managed),
      adamId: app.adamId,
      installing:
        app.installingUntil !== undefined && app.installingUntil > now,
    }));
    view.queue = mdm.queues.queued(device.udid).map(command => ({
      commandUuid: command.commandUuid,
      requestType: command.requestType,
    }));
  }
  return view;
}

function queryText(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new Error(`${name} must be given once`);
  }
  return value;
}

function queryCount(
  req: Request,
  name: string,
  fallback: number,
  max: number,
): number {
  const text = queryText(req, name);
  if (text === undefined || text === '') {
    return fallback;
  }
  if (!/^\d+$/.test(text) || Number(text) > max) {
    throw new Error(`${name} must be an integer from 0 to ${max}`);
  }
  return Number(text);
}

function deviceFilter(req: Request): DeviceFilter {
  const platform = queryText(req, 'platform');
  if (
    platform !== undefined &&
    !PLATFORMS.includes(platform as DevicePlatform)
  ) {
    throw new Error(`platform must be one of ${PLATFORMS.join(', ')}`);
  }
  const enrollment = queryText(req, 'enrollment');
  if (
    enrollment !== undefined &&
    !ENROLLMENT_STATES.includes(enrollment as EnrollmentState)
  ) {
    throw new Error(
      `enrollment must be one of ${ENROLLMENT_STATES.join(', ')}`,
    );
  }
  const online = queryText(req, 'online');
  if (online !== undefined && online !== 'true' && online !== 'false') {
    throw new Error('online must be true or false');
  }
  return {
    udid: queryText(req, 'udid'),
    serialNumber: queryText(req, 'serialNumber'),
    group: queryText(req, 'group'),
    platform: platform as DevicePlatform | undefined,
    enrollment: enrollment as EnrollmentState | undefined,
    online: online === undefined ? undefined : online === 'true',
    q: queryText(req, 'q'),
  };
}

/** JSON control API of the MDM side (no auth), mounted at `/control/mdm`. */
export function createMdmControlRouter(mdm: MdmState): Router {
  const router = express.Router();
  router.use(express.json({ strict: false, type: () => true }));

  const handle = controlRouteHandler(
    (error, message) =>
      error instanceof NotFoundError || /^Unknown device/.test(message),
  );
  const device = (req: Request) => mdm.devices.require(req.params.udid);

  router.get(
    '/',
    handle(() => ({ routes: MDM_CONTROL_ROUTES })),
  );
  router.get(
    '/state',
    handle(() => {
      const counts: Record<string, number> = {};
      let offline = 0;
      for (const candidate of mdm.devices.all()) {
        counts[candidate.enrollment] = (counts[candidate.enrollment] ?? 0) + 1;
        offline += candidate.online ? 0 : 1;
      }
      return {
        options: mdm.options,
        webhookUrl: mdm.webhookTarget.url,
        devices: { total: mdm.devices.size, offline, ...counts },
        queuedCommands: mdm.queues.totalQueued(),
        webhook: mdm.webhook.stats,
      };
    }),
  );
  router.post(
    '/reset',
    handle(() => {
      mdm.reset();
      return { ok: true };
    }),
  );
  router.get(
    '/options',
    handle(() => mdm.options),
  );
  router.post(
    '/options',
    handle(req => mdm.setOptions(req.body as Partial<MdmSwitches>)),
  );

  router.get(
    '/devices',
    handle(req => {
      const offset = queryCount(req, 'offset', 0, Number.MAX_SAFE_INTEGER);
      const limit = queryCount(req, 'limit', DEFAULT_PAGE, MAX_PAGE);
      const { items, totalCount } = mdm.devices.list(
        deviceFilter(req),
        offset,
        limit,
      );
      return {
        items: items.map(item => deviceView(item, mdm, false)),
        totalCount,
        offset,
        limit,
      };
    }),
  );
  router.post(
    '/devices',
    handle((req, res) => {
      const added = mdm.addDevice(req.body as NewDeviceInput);
      res.status(201).json(deviceView(added, mdm, true));
    }),
  );
  router.get(
    '/devices/:udid',
    handle(req => deviceView(device(req), mdm, true)),
  );
  router.post(
    '/devices/:udid/enroll',
    handle(req => deviceView(mdm.enroll(device(req).udid), mdm, true)),
  );
  router.post(
    '/devices/:udid/checkout',
    handle(req => deviceView(mdm.checkOut(device(req).udid), mdm, true)),
  );
  router.post(
    '/devices/:udid/remove-app',
    handle(req => {
      const bundleId = req.body?.bundleId;
      if (typeof bundleId !== 'string' || bundleId === '') {
        throw new Error('bundleId is required');
      }
      return deviceView(
        mdm.removeAppByHand(device(req).udid, bundleId),
        mdm,
        true,
      );
    }),
  );
  router.post(
    '/devices/:udid/offline',
    handle(req =>
      deviceView(mdm.setOnline(device(req).udid, false), mdm, false),
    ),
  );
  router.post(
    '/devices/:udid/online',
    handle(req =>
      deviceView(mdm.setOnline(device(req).udid, true), mdm, false),
    ),
  );
  router.post(
    '/devices/:udid/check-in',
    handle(req => {
      const target = device(req);
      if (target.enrollment !== 'enrolled') {
        throw new Error(`Device ${target.udid} is not enrolled`);
      }
      mdm.checkIn(target);
      return deviceView(target, mdm, true);
    }),
  );
  router.post(
    '/enroll-all',
    handle(() => ({ enrolled: mdm.enrollAll() })),
  );
  router.post(
    '/installs/complete',
    handle(() => ({ completed: mdm.completeInstalls() })),
  );

  router.get(
    '/commands',
    handle(req => {
      const udid = queryText(req, 'udid');
      const offset = queryCount(req, 'offset', 0, Number.MAX_SAFE_INTEGER);
      const limit = queryCount(req, 'limit', DEFAULT_PAGE, MAX_PAGE);
      if (udid !== undefined) {
        mdm.devices.require(udid);
        const items = mdm.commandLog.decoded(udid);
        return {
          items: items.slice(offset, offset + limit),
          totalCount: items.length,
        };
      }
      const items = [];
      let totalCount = 0;
      for (const candidate of mdm.devices.all()) {
        const count = mdm.commandLog.list(candidate.udid).length;
        if (count === 0) {
          continue;
        }
        if (totalCount + count > offset && items.length < limit) {
          const decoded = mdm.commandLog.decoded(candidate.udid);
          const start = Math.max(0, offset - totalCount);
          items.push(...decoded.slice(start, start + limit - items.length));
        }
        totalCount += count;
      }
      return { items, totalCount };
    }),
  );
  router.get(
    '/events',
    handle(req => {
      const udid = queryText(req, 'udid');
      const topic = queryText(req, 'topic');
      const limit = queryCount(req, 'limit', DEFAULT_PAGE, 10000);
      const events = mdm.webhook.events.filter(
        event =>
          (topic === undefined || event.topic === topic) &&
          (udid === undefined ||
            (event.checkin_event ?? event.acknowledge_event)?.udid === udid),
      );
      return { items: events.slice(-limit), totalCount: events.length };
    }),
  );
  router.get(
    '/webhook',
    handle(() => ({
      url: mdm.webhookTarget.url,
      stats: mdm.webhook.stats,
      deliveries: mdm.webhook.deliveries.slice(-1000),
    })),
  );

  endControlRouter(router, 'Unknown MDM control route', MDM_CONTROL_ROUTES);
  return router;
}
