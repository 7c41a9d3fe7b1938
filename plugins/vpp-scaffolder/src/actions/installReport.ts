import { LoggerService } from '@backstage/backend-plugin-api';
import { VPP_DISTRIBUTION_ITEM_STATES } from '@internal/plugin-vpp-common';
import { DistributionPlan } from './distributionApi';

/** How `vpp:apps:install` shows a distribution: its page, its plan, its items per state. */

/** The order item states are logged in: the way an item goes, as vpp-common lists them. */
const ITEM_STATE_ORDER: readonly string[] = VPP_DISTRIBUTION_ITEM_STATES;

/** The portal page that follows a distribution. */
export function distributionUrl(id: string): string {
  return `/vpp/distributions/${encodeURIComponent(id)}`;
}

/** Sets the plan's outputs: the totals and the plan itself. */
export function outputPlan(
  output: (name: any, value: any) => void,
  plan: DistributionPlan,
): void {
  output('devicesMatched', plan.devicesMatched);
  output(
    'devicesLeftOut',
    plan.leftOut.reduce((n, l) => n + l.count, 0),
  );
  output(
    'licensesNeeded',
    plan.apps.reduce((n, a) => n + a.needed, 0),
  );
  output(
    'alreadyLicensed',
    plan.apps.reduce((n, a) => n + a.alreadyLicensed, 0),
  );
  output('plan', plan);
}

/** Logs the plan the way the review step shows it. */
export function logPlan(plan: DistributionPlan, logger: LoggerService): void {
  logger.info(`Devices matched: ${plan.devicesMatched}.`);
  for (const l of plan.leftOut) {
    logger.info(`Left out: ${l.count} (${l.reason}).`);
  }
  for (const app of plan.apps) {
    const short = app.needed > app.available;
    const line = `App ${app.adamId}: ${app.needed} licenses needed, ${app.available} available, ${app.alreadyLicensed} devices already licensed (not re-assigned, so not reclaimed automatically).`;
    if (short) {
      logger.warn(`${line} ${app.needed - app.available} licenses short.`);
    } else {
      logger.info(line);
    }
  }
}

/** `3 installed, 2 installing, 1 failed`, in the order items go. */
export function describeCounts(counts: Record<string, number>): string {
  const states = [
    ...ITEM_STATE_ORDER,
    ...Object.keys(counts)
      .filter(s => !ITEM_STATE_ORDER.includes(s))
      .sort(),
  ];
  const parts = states
    .filter(s => (counts[s] ?? 0) > 0)
    .map(s => `${counts[s]} ${s}`);
  return parts.length ? parts.join(', ') : 'no items';
}
