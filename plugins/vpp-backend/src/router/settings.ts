import {
  vppSettingsManagePermission,
  vppSettingsReadPermission,
} from '@internal/plugin-vpp-common';
import express from 'express';
import Router from 'express-promise-router';
import { SettingsService } from '../services/SettingsService';
import { Access, Audited, userRef } from './access';
import { parseBody } from './schemas';
import {
  appConfigSchema,
  listAppConfigsQuerySchema,
  listVpnConfigsQuerySchema,
  vpnConfigSchema,
} from './settingsSchemas';

/**
 * `/app-configs` and `/vpn-configs`: the named settings installs can use. Reading needs
 * `vpp.settings.read` (services too: the scaffolder's pickers), changing needs
 * `vpp.settings.manage`; every change is audited.
 */
export function createSettingsRouter(options: {
  settings: SettingsService;
  access: Access;
  audited: Audited;
}): express.Router {
  const { settings, access, audited } = options;
  const router = Router();

  const read = (req: express.Request) =>
    access.authorize(req, vppSettingsReadPermission, 'see named settings', {
      allow: ['user', 'service'],
    });
  const manage = (req: express.Request) =>
    access.authorize(req, vppSettingsManagePermission, 'change named settings');

  router.get('/app-configs', async (req, res) => {
    await read(req);
    const query = parseBody(listAppConfigsQuerySchema, req.query);
    res.json(await settings.listAppConfigs(query));
  });

  router.get('/app-configs/:id', async (req, res) => {
    await read(req);
    res.json(await settings.getAppConfig(req.params.id));
  });

  router.post('/app-configs', async (req, res) => {
    const credentials = await manage(req);
    const body = parseBody(appConfigSchema, req.body);
    const created = await audited(
      req,
      'app-config-create',
      { name: body.name },
      () => settings.createAppConfig(body, userRef(credentials)),
      result => ({ appConfigId: result.id }),
    );
    res.status(201).json(created);
  });

  router.put('/app-configs/:id', async (req, res) => {
    const credentials = await manage(req);
    const body = parseBody(appConfigSchema, req.body);
    res.json(
      await audited(
        req,
        'app-config-update',
        { appConfigId: req.params.id, name: body.name },
        () =>
          settings.updateAppConfig(req.params.id, body, userRef(credentials)),
      ),
    );
  });

  router.delete('/app-configs/:id', async (req, res) => {
    await manage(req);
    await audited(
      req,
      'app-config-delete',
      { appConfigId: req.params.id },
      () => settings.deleteAppConfig(req.params.id),
    );
    res.status(204).end();
  });

  router.get('/vpn-configs', async (req, res) => {
    await read(req);
    const query = parseBody(listVpnConfigsQuerySchema, req.query);
    res.json(await settings.listVpnConfigs(query));
  });

  router.get('/vpn-configs/:id', async (req, res) => {
    await read(req);
    res.json(await settings.getVpnConfig(req.params.id));
  });

  router.post('/vpn-configs', async (req, res) => {
    const credentials = await manage(req);
    const body = parseBody(vpnConfigSchema, req.body);
    const created = await audited(
      req,
      'vpn-config-create',
      { name: body.name },
      () => settings.createVpnConfig(body, userRef(credentials)),
      result => ({ vpnConfigId: result.id }),
    );
    res.status(201).json(created);
  });

  router.put('/vpn-configs/:id', async (req, res) => {
    const credentials = await manage(req);
    const body = parseBody(vpnConfigSchema, req.body);
    res.json(
      await audited(
        req,
        'vpn-config-update',
        { vpnConfigId: req.params.id, name: body.name },
        () =>
          settings.updateVpnConfig(req.params.id, body, userRef(credentials)),
      ),
    );
  });

  router.delete('/vpn-configs/:id', async (req, res) => {
    await manage(req);
    await audited(
      req,
      'vpn-config-delete',
      { vpnConfigId: req.params.id },
      () => settings.deleteVpnConfig(req.params.id),
    );
    res.status(204).end();
  });

  return router;
}
