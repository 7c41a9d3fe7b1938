import {
  APIRequestContext,
  expect,
  Locator,
  Page,
  test,
} from '@playwright/test';
// Playwright tests run in Node, not in the browser bundle this package's lint rules guard.
/* eslint-disable no-restricted-imports */
import { mkdtemp } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
/* eslint-enable no-restricted-imports */
import {
  abmLocation,
  daysFromNow,
  deleteLeftover,
  downloadToken,
  registerThroughDialog,
  deleteToken,
  SCREENSHOTS,
  signInAndOpenAppsAndBooks,
  SIMULATOR,
} from './helpers';

/**
 * Purchased content end to end (R-SYNC-1..4, R-BS-4, R-TOK-6): register a token of the
 * simulated Apple Business Manager, sync it from its page and compare apps, icons and
 * license counts with what the simulator holds; buy more licenses in the simulator and
 * see the "Content may be out of date" banner appear (Apple's ASSET_COUNT notification)
 * and go away with Sync; save a reminder address. The token is deleted at the end so the
 * test can run again against the same backend.
 *
 * Uses loc-tokyo: tokens.test.ts uses loc-sapporo and loc-osaka, and a location can be
 * registered only once.
 */

const LOCATION_ID = 'loc-tokyo';
const PURCHASED_APP = '6450000101';
/** Apple's `totalCount` for unlimited (free) assets. */
const UNLIMITED = 2_147_483_647;

interface SimulatorAsset {
  adamId: string;
  productType: 'App' | 'Book';
  totalCount: number;
  assignedCount: number;
  availableCount: number;
}

/** What the simulator (Apple) holds for the location right now. */
async function simulatorAssets(
  request: APIRequestContext,
): Promise<SimulatorAsset[]> {
  const response = await request.get(`${SIMULATOR}/control/state`);
  expect(response.ok()).toBe(true);
  const state = (await response.json()) as {
    locations: Array<{ id: string; assets: SimulatorAsset[] }>;
  };
  const location = state.locations.find(l => l.id === LOCATION_ID);
  expect(location, `simulator location ${LOCATION_ID}`).toBeDefined();
  return location.assets;
}

/** The count as the content table shows it. */
function shown(asset: SimulatorAsset, count: number): string {
  return asset.totalCount >= UNLIMITED
    ? 'Unlimited'
    : count.toLocaleString('en-US');
}

function assetRow(page: Page, adamId: string): Locator {
  return page.locator(
    `[data-testid="vpp-asset-row"][data-adam-id="${adamId}"]`,
  );
}

test('the token page shows the purchased apps and books and tells when they are out of date', async ({
  page,
  request,
}) => {
  test.setTimeout(300_000);

  // 1. Download the location's token from (simulated) Apple Business Manager.
  const location = await abmLocation(request, LOCATION_ID);
  const dir = await mkdtemp(join(tmpdir(), 'vpp-e2e-content-'));
  const file = await downloadToken(
    request,
    location,
    daysFromNow(300).iso,
    dir,
    'content',
  );

  // 2. Register it in the portal and open its page.
  const displayName = `E2E content ${location.name}`;
  await signInAndOpenAppsAndBooks(page);
  await deleteLeftover(page, displayName);
  const register = await registerThroughDialog(
    page,
    file,
    'group:default/tokyo-it',
    displayName,
  );
  await expect(register.getByTestId('vpp-register-success')).toBeVisible();
  await register.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('link', { name: displayName, exact: true }).click();
  await expect(page).toHaveURL(/\/vpp\/tokens\/[^/]+$/);

  // 3. Sync, unless the backend already did or is doing it.
  const lastSync = page.getByTestId('vpp-last-sync');
  await expect(lastSync).toHaveText(/Never synced|Syncing|Last synced/);
  if ((await lastSync.textContent())?.includes('Never synced')) {
    await page.getByTestId('vpp-sync-header').getByRole('button').click();
    await expect(page.getByTestId('vpp-content-notice')).toBeVisible();
  }
  await expect(lastSync).toHaveText(/^Last synced /, { timeout: 60_000 });

  // 4. Every app and book Apple holds for the location, with its counts.
  const expected = await simulatorAssets(request);
  expect(expected.length).toBeGreaterThan(0);
  await expect(page.getByTestId('vpp-asset-row')).toHaveCount(expected.length);
  for (const asset of expected) {
    const row = assetRow(page, asset.adamId);
    await expect(row.getByTestId('vpp-asset-total')).toHaveText(
      shown(asset, asset.totalCount),
    );
    await expect(row.getByTestId('vpp-asset-assigned')).toHaveText(
      asset.assignedCount.toLocaleString('en-US'),
    );
    await expect(row.getByTestId('vpp-asset-available')).toContainText(
      shown(asset, asset.availableCount),
    );
    if (asset.productType === 'App') {
      // The App Store icon, actually loaded (images load lazily: scroll to each).
      const icon = row.locator('img');
      await icon.scrollIntoViewIfNeeded();
      await expect(icon).toHaveAttribute('alt', /\S/);
      await expect
        .poll(() =>
          icon.evaluate(
            (img: HTMLImageElement) => img.complete && img.naturalWidth,
          ),
        )
        .toBeGreaterThan(0);
    }
  }

  // Low-license warning on exactly the apps under the threshold the page states.
  const note = await page
    .getByText(/^Apps with fewer than \d+ available licenses are marked Low\.$/)
    .textContent();
  const threshold = Number(note!.match(/\d+/)![0]);
  for (const asset of expected.filter(a => a.productType === 'App')) {
    const low =
      asset.totalCount < UNLIMITED && asset.availableCount < threshold;
    await expect(
      assetRow(page, asset.adamId).getByTestId('vpp-asset-low-license'),
    ).toHaveCount(low ? 1 : 0);
  }
  // Seed A: apps bought as redemption codes cannot be distributed.
  await expect(
    assetRow(page, '6450000109').getByTestId('vpp-asset-not-assignable'),
  ).toHaveText('Cannot be distributed to devices');
  await expect(page.getByTestId('vpp-out-of-date')).toHaveCount(0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({
    path: `${SCREENSHOTS}/token-content.png`,
    fullPage: true,
  });

  // 5. Five more licenses bought in Apple Business Manager: Apple notifies the backend
  // (ASSET_COUNT) and the page, which polls the sync status, shows the banner.
  const before = expected.find(a => a.adamId === PURCHASED_APP)!;
  const purchase = await request.post(
    `${SIMULATOR}/control/locations/${LOCATION_ID}/purchase`,
    { data: { adamId: PURCHASED_APP, countDelta: 5 } },
  );
  expect(purchase.ok(), await purchase.text()).toBe(true);
  const banner = page.getByTestId('vpp-out-of-date');
  await expect(banner).toBeVisible({ timeout: 45_000 });
  await expect(banner).toContainText('Content may be out of date');
  await expect(banner).toHaveAttribute('data-reason', 'counts-changed');
  // Not yet synced: the list still shows the old count.
  await expect(
    assetRow(page, PURCHASED_APP).getByTestId('vpp-asset-total'),
  ).toHaveText(shown(before, before.totalCount));
  await page.screenshot({
    path: `${SCREENSHOTS}/token-content-out-of-date.png`,
    fullPage: true,
  });

  // 6. Sync from the banner: it goes away and the new count shows.
  const syncedAt = await lastSync.getAttribute('data-synced-at');
  await banner.getByRole('button', { name: 'Sync' }).click();
  await expect(lastSync).not.toHaveAttribute('data-synced-at', syncedAt!, {
    timeout: 60_000,
  });
  await expect(lastSync).toHaveText(/^Last synced /);
  await expect(
    assetRow(page, PURCHASED_APP).getByTestId('vpp-asset-total'),
  ).toHaveText(shown(before, before.totalCount + 5));
  await expect(banner).toHaveCount(0);
  await expect(page.getByTestId('vpp-content-notice')).toContainText(
    'Sync finished',
  );

  // 7. Renewal reminders: add an address, save, and find it again after a reload.
  const reminders = page.getByTestId('vpp-reminders');
  await reminders.getByLabel('Add an e-mail address').fill('not-an-address');
  await reminders.getByLabel('Add an e-mail address').press('Enter');
  await expect(
    reminders.getByText('not-an-address is not a valid e-mail address.'),
  ).toBeVisible();
  await reminders
    .getByLabel('Add an e-mail address')
    .fill('tokyo-it-admins@example.com');
  await reminders.getByRole('button', { name: 'Add' }).click();
  await reminders.getByRole('button', { name: 'Save' }).click();
  await expect(reminders.getByText('Reminder settings saved.')).toBeVisible();
  await page.reload();
  await expect(
    page
      .getByTestId('vpp-reminder-emails')
      .getByText('tokyo-it-admins@example.com'),
  ).toBeVisible();
  await page.getByTestId('vpp-reminders-card').screenshot({
    path: `${SCREENSHOTS}/token-reminders.png`,
  });

  // 8. The same page in Japanese (R-BS-7); the language is kept in this browser only.
  await page.evaluate(() => window.localStorage.setItem('language', 'ja'));
  await page.reload();
  // The sidebar, the page header and the content card all say it.
  await expect(
    page.getByText('App とブック', { exact: true }).first(),
  ).toBeVisible();
  await expect(page.getByTestId('vpp-last-sync')).toHaveText(/^最終同期: /);
  await expect(
    assetRow(page, '6450000109').getByTestId('vpp-asset-not-assignable'),
  ).toHaveText('デバイスに配布できません');
  await expect(
    page.getByText('更新リマインダー', { exact: true }),
  ).toBeVisible();
  await page.screenshot({
    path: `${SCREENSHOTS}/token-content-ja.png`,
    fullPage: true,
  });
  await page.evaluate(() => window.localStorage.setItem('language', 'en'));
  await page.reload();
  await expect(page.getByText('Apps and books', { exact: true })).toBeVisible();

  // 9. Clean up, so the test can run again against the same backend.
  await deleteToken(page, displayName);
});
