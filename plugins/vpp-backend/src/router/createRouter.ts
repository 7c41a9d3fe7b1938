import { VppHealth } from '@internal/plugin-vpp-common';
import express from 'express';
import Router from 'express-promise-router';

/** Translates HTTP to the VPP services and back; no domain logic lives here. */
export async function createRouter(options: {
  health: VppHealth;
}): Promise<express.Router> {
  const router = Router();
  router.use(express.json());

  router.get('/health', (_req, res) => {
    res.json(options.health);
  });

  return router;
}
