import { APIRequestContext, expect, Page, test } from '@playwright/test';
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
  SCREENSHOTS,
  signInAndOpenAppsAndBooks,
} from './helpers';

/**
 * Distributions in the portal against the simulator's Apple, MDM and devices (R-DIST-5,
 * R-DIST-6, R-BS-7): a distribution started through the API (`POST /api/vpp/distributions`
 * with the guest's Backstage token) to some of the enrolled iOS devices, its progress page
 * followed until every device has the app installed; a scheduled one cancelled from its
 * page after the confirmation; the list, the token page's section, and the progress page
 * in Japanese.
 *
 * Uses loc-us, like devices.test.ts (a location can be registered once; the tests run one
 * at a time), and removes its token at the end even when a step fails.
 */

const LOCATION_ID = 'loc-us';
/** Example Chat: free, unlimited licenses at loc-us, iOS and macOS. */
const CHAT_APP = '6450000104';
const DEVICE_COUNT = 3;
/** Example Chat's minimum OS in the simulator's catalog. */
const CHAT_MINIMUM_OS = [16, 4];

function atLeast(version: string | null, minimum: number[]): boolean {
  const parts = (version ?? '').split('.').map(Number);
  for (let i = 0; i < minimum.length; i++) {
    const part = parts[i] ?? 0;
    if (part !== minimum[i]) return part > minimum[i];
  }
  return true;
}

/** The guest's Backstage token, as the app's identity API gets it. */
async function guestToken(request: APIRequestContext): Promise<string> {
  const response = await request.get('/api/auth/guest/refresh', {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  expect(response.ok(), await response.text()).toBe(true);
  const body = await response.json();
  return body.backstageIdentity.token as string;
}

async function api<T>(
  request: APIRequestContext,
  token: string,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  data?: unknown,
): Promise<T> {
  const response = await request.fetch(`/api/vpp${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}` },
    ...(data === undefined ? {} : { data }),
  });
  expect(response.ok(), `${method} ${path}: ${await response.text()}`).toBe(
    true,
  );
  return response.status() === 204 ? (undefined as T) : response.json();
}

async function openTab(page: Page, name: string) {
  await page.getByRole('tab', { name, exact: true }).click();
}

test('distributions: progress to installed, cancel a scheduled one, token section, Japanese', async ({
  page,
  request,
}) => {
  test.setTimeout(300_000);
  await signInAndOpenAppsAndBooks(page);
  const bearer = await guestToken(request);

  // 1. The loc-us token, registered and synced, so its apps can be distributed.
  const location = await abmLocation(request, LOCATION_ID);
  const dir = await mkdtemp(join(tmpdir(), 'vpp-e2e-distributions-'));
  const file = await downloadToken(
    request,
    location,
    daysFromNow(300).iso,
    dir,
    'distributions',
  );
  const displayName = `E2E distributions ${location.name}`;
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
  const tokenId = decodeURIComponent(page.url().split('/tokens/')[1]);
  const tokenUrl = page.url();

  try {
    const lastSync = page.getByTestId('vpp-last-sync');
    await expect(lastSync).toHaveText(/Never synced|Syncing|Last synced/);
    if ((await lastSync.textContent())?.includes('Never synced')) {
      await page.getByTestId('vpp-sync-header').getByRole('button').click();
    }
    await expect(lastSync).toHaveText(/^Last synced /, { timeout: 60_000 });

    // 2. Some of the simulator's enrolled iOS devices.
    // Only devices that can run the app: the fleet has an iOS 13 iPhone and devices below
    // apps' minimum OS, and the list's order depends on what earlier tests edited.
    const devices = await api<{
      items: Array<{
        id: string;
        serialNumber: string | null;
        osVersion: string | null;
      }>;
    }>(request, bearer, 'GET', '/devices?platform=ios&enrolled=true&limit=100');
    const targets = devices.items
      .filter(d => d.serialNumber && atLeast(d.osVersion, CHAT_MINIMUM_OS))
      .slice(0, DEVICE_COUNT);
    expect(targets).toHaveLength(DEVICE_COUNT);

    // 3. A distribution through the API; its page follows it to installed everywhere.
    const started = await api<{ id: string; state: string }>(
      request,
      bearer,
      'POST',
      '/distributions',
      {
        tokenId,
        adamIds: [CHAT_APP],
        platform: 'ios',
        licenseMode: 'auto',
        targets: { deviceIds: targets.map(d => d.id) },
      },
    );
    await page.goto(`/vpp/distributions/${encodeURIComponent(started.id)}`);
    await expect(page.getByTestId('vpp-distribution-title')).toHaveText(
      `Distribution ${started.id}`,
    );
    await expect(page.getByTestId('vpp-distribution-options')).toContainText(
      'Automatic license assignment',
    );
    await expect(
      page.getByTestId('vpp-distribution-devices-matched'),
    ).toHaveText(String(DEVICE_COUNT));
    await page.screenshot({
      path: `${SCREENSHOTS}/distribution-progress-running.png`,
      fullPage: true,
    });
    // No reload: the page updates by itself until the distribution is final.
    await expect(
      // The title's chip (the only state chip on the page).
      page.getByTestId('vpp-distribution-state').first(),
    ).toHaveAttribute('data-state', /^completed/, { timeout: 180_000 });
    await expect(
      page.getByTestId('vpp-distribution-count-installed'),
    ).toContainText(`Installed ${DEVICE_COUNT}`);
    const items = page.getByTestId('vpp-distribution-item');
    await expect(items).toHaveCount(DEVICE_COUNT);
    for (const target of targets) {
      const row = page.locator(
        `[data-testid="vpp-distribution-item"][data-serial="${target.serialNumber}"]`,
      );
      await expect(row).toHaveAttribute('data-state', 'installed');
      await expect(
        row.getByTestId('vpp-distribution-item-version'),
      ).not.toHaveText('—');
    }
    await expect(page.getByTestId('vpp-distribution-cancel')).toBeDisabled();
    await page.screenshot({
      path: `${SCREENSHOTS}/distribution-progress-installed.png`,
      fullPage: true,
    });

    // 4. A scheduled distribution (予約配信), cancelled from its page after confirming.
    const scheduled = await api<{ id: string; state: string }>(
      request,
      bearer,
      'POST',
      '/distributions',
      {
        tokenId,
        adamIds: [CHAT_APP],
        platform: 'ios',
        licenseMode: 'auto',
        targets: { deviceIds: targets.map(d => d.id) },
        scheduledAt: daysFromNow(3).iso,
      },
    );
    expect(scheduled.state).toBe('scheduled');
    await page.goto(`/vpp/distributions/${encodeURIComponent(scheduled.id)}`);
    await expect(
      page.getByTestId('vpp-distribution-scheduled-at'),
    ).toContainText(daysFromNow(3).day);
    await page.getByTestId('vpp-distribution-cancel').click();
    const confirm = page.getByRole('dialog', {
      name: 'Cancel this distribution?',
    });
    await expect(confirm).toContainText('cannot be called back');
    await confirm.getByTestId('vpp-distribution-cancel-confirm').click();
    await expect(page.getByTestId('vpp-distribution-notice')).toHaveText(
      'The distribution was cancelled.',
    );
    await expect(
      page.getByTestId('vpp-distribution-state').first(),
    ).toHaveAttribute('data-state', 'cancelled');
    await page.screenshot({
      path: `${SCREENSHOTS}/distribution-cancelled.png`,
      fullPage: true,
    });

    // 5. The list, filtered by the token, and the token page's section.
    await openTab(page, 'Distributions');
    await expect(page).toHaveURL(/\/vpp\/distributions$/);
    await expect(
      page.locator(
        `[data-testid="vpp-distribution-row"][data-distribution-id="${started.id}"]`,
      ),
    ).toContainText('Example Chat');
    await page.screenshot({
      path: `${SCREENSHOTS}/distributions.png`,
      fullPage: true,
    });
    await page.goto(tokenUrl);
    const section = page.getByTestId('vpp-token-distributions');
    await expect(section.getByTestId('vpp-token-distribution-row')).toHaveCount(
      2,
    );
    await page
      .getByRole('link', { name: 'All distributions of this token' })
      .click();
    await expect(page).toHaveURL(
      new RegExp(
        `/vpp/distributions\\?tokenId=${encodeURIComponent(tokenId)}$`,
      ),
    );
    await expect(page.getByTestId('vpp-distribution-row')).toHaveCount(2);

    // 6. The progress page in Japanese (R-BS-7).
    await page.evaluate(() => window.localStorage.setItem('language', 'ja'));
    await page.goto(`/vpp/distributions/${encodeURIComponent(started.id)}`);
    await expect(page.getByTestId('vpp-distribution-title')).toHaveText(
      `配信 ${started.id}`,
    );
    await expect(page.getByTestId('vpp-distribution-options')).toContainText(
      'ライセンスの自動割当',
    );
    await expect(
      page.getByTestId('vpp-distribution-item-state').first(),
    ).toHaveText('インストール済み');
    await expect(page.getByRole('tab', { name: '配信' })).toBeVisible();
    await page.screenshot({
      path: `${SCREENSHOTS}/distribution-progress-ja.png`,
      fullPage: true,
    });
  } finally {
    await page.evaluate(() => window.localStorage.setItem('language', 'en'));
    // Removes the token so the location can be registered again (devices.test.ts too).
    await request.fetch(`/api/vpp/tokens/${encodeURIComponent(tokenId)}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${bearer}` },
    });
  }
});
