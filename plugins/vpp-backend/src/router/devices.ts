import {
  AuditorService,
  HttpAuthService,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { createConditionTransformer } from '@backstage/plugin-permission-node';
import {
  VppDeviceImportFailure,
  vppDeviceReadPermission,
  vppDeviceUpdatePermission,
} from '@internal/plugin-vpp-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { vppDeviceResourceRef } from '../devicePermissions';
import { DeviceAccess } from '../services/deviceAccess';
import { DeviceImportError, DeviceService } from '../services/DeviceService';
import {
  exportDevicesQuerySchema,
  importRequestSchema,
  installStatusQuerySchema,
  inventoryRequestSchema,
  listDevicesQuerySchema,
  patchDeviceSchema,
} from './deviceSchemas';
import { parseBody } from './schemas';

/** Runs a change inside an audit event (`device-update`, `device-import`, …). */
export type Audited = <T>(
  req: Request,
  eventId: string,
  meta: Record<string, string>,
  fn: () => Promise<T>,
) => Promise<T>;

/** A CSV of 100,000 devices with every attribute filled is about 30 MB. */
const IMPORT_LIMIT = '50mb';

/** The device API (R-DEV): translates HTTP to the device service and back. */
export function createDevicesRouter(options: {
  devices: DeviceService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  auditor: AuditorService;
  /** The shared audit (and history) wrapper of the other routes, when there is one. */
  audited?: Audited;
}): express.Router {
  const { devices, httpAuth, permissions, auditor } = options;
  const toDeviceFilter = createConditionTransformer(
    options.permissionsRegistry.getPermissionRuleset(vppDeviceResourceRef),
  );
  const router = Router();

  /**
   * The caller's access for a device permission: undefined for a plain allow, the
   * conditions for a conditional one; `null` for a denial.
   */
  async function accessFor(
    req: Request,
    permission: ResourcePermission<'vpp-device'>,
  ): Promise<DeviceAccess | null> {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) return null;
    return decision.result === AuthorizeResult.CONDITIONAL
      ? toDeviceFilter(decision.conditions)
      : undefined;
  }

  async function requireAccess(
    req: Request,
    permission: ResourcePermission<'vpp-device'>,
  ): Promise<DeviceAccess> {
    const access = await accessFor(req, permission);
    if (access === null) {
      throw new NotAllowedError(
        `You are not allowed to ${permission.attributes.action} devices (permission ${permission.name}).`,
      );
    }
    return access;
  }

  /** Runs a change with an audit event that records success or failure. */
  const audited: Audited =
    options.audited ??
    (async (req, eventId, meta, fn) => {
      const event = await auditor.createEvent({
        eventId,
        severityLevel: 'medium',
        request: req,
        meta,
      });
      try {
        const result = await fn();
        await event.success();
        return result;
      } catch (error) {
        await event.fail({ error: error as Error });
        throw error;
      }
    });

  router.get('/devices', async (req, res) => {
    const query = parseBody(listDevicesQuerySchema, req.query);
    const access = await accessFor(req, vppDeviceReadPermission);
    if (access === null) {
      res.json({ items: [], totalCount: 0 });
      return;
    }
    res.json(await devices.listDevices(query, access));
  });

  router.get('/devices/export.csv', async (req, res) => {
    const query = parseBody(exportDevicesQuerySchema, req.query);
    const access = await requireAccess(req, vppDeviceReadPermission);
    const csv = await devices.exportCsv(query, access);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="devices.csv"');
    csv.on('error', error => res.destroy(error));
    csv.pipe(res);
  });

  router.post(
    '/devices/inventory',
    express.json({ limit: '5mb' }),
    async (req, res) => {
      const body = parseBody(inventoryRequestSchema, req.body);
      const access = await requireAccess(req, vppDeviceUpdatePermission);
      res.json(
        await audited(
          req,
          'device-inventory-request',
          { deviceCount: String(body.deviceIds.length) },
          () => devices.requestInventory(body.deviceIds, access),
        ),
      );
    },
  );

  router.post(
    '/devices/import',
    express.json({ limit: IMPORT_LIMIT }),
    express.text({ type: ['text/csv', 'text/plain'], limit: IMPORT_LIMIT }),
    async (req, res) => {
      // JSON { csv, dryRun } or the CSV itself with ?dryRun=true.
      const body =
        typeof req.body === 'string'
          ? parseBody(importRequestSchema, {
              csv: req.body,
              ...(req.query.dryRun !== undefined
                ? { dryRun: req.query.dryRun === 'true' }
                : {}),
            })
          : parseBody(importRequestSchema, req.body);
      const access = await requireAccess(req, vppDeviceUpdatePermission);
      const dryRun = body.dryRun ?? false;
      try {
        const run = () => devices.importCsv(body.csv, { dryRun }, access);
        res.json(
          dryRun
            ? await run()
            : await audited(
                req,
                'device-import',
                { bytes: String(body.csv.length) },
                run,
              ),
        );
      } catch (error) {
        if (!(error instanceof DeviceImportError)) throw error;
        const failure: VppDeviceImportFailure = {
          error: { name: 'InputError', message: error.message },
          response: { statusCode: 400 },
          rows: error.rows,
        };
        res.status(400).json(failure);
      }
    },
  );

  router.get('/devices/:id', async (req, res) => {
    const access = await requireAccess(req, vppDeviceReadPermission);
    res.json(await devices.getDevice(req.params.id, access));
  });

  router.patch(
    '/devices/:id',
    express.json({ limit: '64kb' }),
    async (req, res) => {
      const body = parseBody(patchDeviceSchema, req.body);
      const access = await requireAccess(req, vppDeviceUpdatePermission);
      res.json(
        await audited(
          req,
          'device-update',
          { deviceId: req.params.id, fields: Object.keys(body).join(',') },
          () => devices.updateDevice(req.params.id, body, access),
        ),
      );
    },
  );

  router.get('/apps/:adamId/install-status', async (req, res) => {
    const query = parseBody(installStatusQuerySchema, req.query);
    const access = await requireAccess(req, vppDeviceReadPermission);
    res.json(await devices.getInstallStatus(req.params.adamId, query, access));
  });

  return router;
}
