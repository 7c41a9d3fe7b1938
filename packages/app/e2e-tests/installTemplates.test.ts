import { expect, Page, test } from '@playwright/test';
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
  deleteToken,
  downloadToken,
  registerThroughDialog,
  SCREENSHOTS,
  signInAndOpenAppsAndBooks,
} from './helpers';

/**
 * The install templates through the scaffolder's form (R-BS-2, R-BS-3, R-DIST-1,
 * R-DIST-6): seed A's second flow (an app's install status: devices with an older
 * version get the update) and first flow (apps on every device a search matches, "select
 * all" kept as the search), each with the plan on the last page, the task ending with
 * "Distribution started" and the progress page showing every device installed; then a
 * license shortage stopping at the plan.
 *
 * Uses loc-tokyo (its Example Notes licences; Field Survey has 5, 4 already held by
 * DMPTK0001–0004). The token is deleted at the end so the test can run again.
 */

const LOCATION_ID = 'loc-tokyo';
const NOTES = '6450000101';
const FIELD_SURVEY = '6450000102';
const DISPLAY_NAME = 'E2E installs Tokyo';

async function openTemplate(page: Page, name: string) {
  await page.goto(`/create/templates/default/${name}`);
  await expect(
    page.getByRole('combobox', { name: /Content token/ }),
  ).toBeVisible();
}

async function chooseTokenAndApp(page: Page, adamId: string) {
  await page.getByRole('combobox', { name: /Content token/ }).click();
  await page
    .getByTestId('vpp-token-option')
    .filter({ hasText: DISPLAY_NAME })
    .click();
  const app = page.locator(
    `[data-testid="vpp-app-option"][data-adam-id="${adamId}"]`,
  );
  await expect(app).toBeVisible();
  await app.click();
}

async function next(page: Page) {
  await page.getByRole('button', { name: 'Next', exact: true }).click();
}

/** Creates the task from the review page; returns the distribution page's path. */
async function createAndFollow(page: Page, screenshot: string) {
  await page.getByRole('button', { name: 'Review', exact: true }).click();
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(page.getByText('Distribution started').first()).toBeVisible({
    timeout: 60_000,
  });
  await page.screenshot({
    path: `${SCREENSHOTS}/${screenshot}`,
    fullPage: true,
  });
  const follow = page.getByRole('link', { name: 'Follow the distribution' });
  const href = await follow.getAttribute('href');
  expect(href).toMatch(/\/vpp\/distributions\/[^/]+$/);
  return href!;
}

/** Opens the progress page until every item shows installed. */
async function expectAllInstalled(
  page: Page,
  href: string,
  screenshot: string,
) {
  await page.goto(href);
  await expect(async () => {
    await page.reload();
    const items = page.getByTestId('vpp-distribution-item');
    await expect(items.first()).toBeVisible();
    const states = await items.evaluateAll(rows =>
      rows.map(row => row.getAttribute('data-state')),
    );
    expect(states.length).toBeGreaterThan(0);
    expect(states.every(s => s === 'installed')).toBe(true);
    // The summary agrees: every item finished.
    await expect(page.getByTestId('vpp-distribution-progress')).toContainText(
      /(\d+) of \1 items finished/,
      { timeout: 5_000 },
    );
  }).toPass({ timeout: 240_000, intervals: [5_000] });
  await page.screenshot({
    path: `${SCREENSHOTS}/${screenshot}`,
    fullPage: true,
  });
}

test('install templates: from install status, on devices, and a shortage stopping at the plan', async ({
  page,
  request,
}) => {
  test.setTimeout(900_000);
  const dir = await mkdtemp(join(tmpdir(), 'vpp-e2e-install-'));

  await signInAndOpenAppsAndBooks(page);
  await deleteLeftover(page, DISPLAY_NAME);
  const location = await abmLocation(request, LOCATION_ID);
  const file = await downloadToken(
    request,
    location,
    daysFromNow(200).iso,
    dir,
    'install',
  );
  const register = await registerThroughDialog(
    page,
    file,
    'group:default/tokyo-it',
    DISPLAY_NAME,
  );
  await expect(register.getByTestId('vpp-register-success')).toBeVisible();
  await register.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('link', { name: DISPLAY_NAME, exact: true }).click();
  await expect(page).toHaveURL(/\/vpp\/tokens\/[^/]+$/);
  const tokenPage = page.url();
  const lastSync = page.getByTestId('vpp-last-sync');
  await expect(lastSync).toHaveText(/Never synced|Syncing|Last synced/);
  if ((await lastSync.textContent())?.includes('Never synced')) {
    await page.getByTestId('vpp-sync-header').getByRole('button').click();
  }
  await expect(lastSync).toHaveText(/^Last synced /, { timeout: 60_000 });

  // 1. Seed A's second flow: Example Notes where an older version is installed.
  await openTemplate(page, 'vpp-install-from-status');
  await chooseTokenAndApp(page, NOTES);
  await next(page);
  await page.getByRole('combobox', { name: /Install state/ }).click();
  await page.getByRole('option', { name: /^Installed/ }).click();
  await page.getByRole('combobox', { name: /Installed version/ }).click();
  await page.getByRole('option', { name: /^4\.1\.0/ }).click();
  const rows = page.getByTestId('vpp-device-row');
  await expect(rows.first()).toBeVisible();
  await page.getByTestId('vpp-select-all').check();
  await expect(page.getByTestId('vpp-device-summary')).toContainText(
    /All \d+ matching devices are chosen/,
  );
  await page.screenshot({
    path: `${SCREENSHOTS}/install-from-status-devices.png`,
    fullPage: true,
  });
  await next(page);
  await next(page);
  await expect(page.getByTestId('vpp-review-ready')).toBeVisible();
  await expect(page.getByTestId('vpp-review-matched')).toContainText(
    /Devices matched: [1-9]/,
  );
  await page.screenshot({
    path: `${SCREENSHOTS}/install-from-status-plan.png`,
    fullPage: true,
  });
  const updated = await createAndFollow(page, 'install-from-status-task.png');
  await expectAllInstalled(page, updated, 'install-from-status-progress.png');

  // 2. Seed A's first flow: Example Notes on every Tokyo device a search finds, removed
  //    with the MDM profile.
  await openTemplate(page, 'vpp-install-apps');
  await chooseTokenAndApp(page, NOTES);
  await next(page);
  await page.getByTestId('vpp-device-search').fill('DMPTK');
  // The search is applied once every row shown matches it.
  await expect(
    page.getByTestId('vpp-device-row').filter({ hasNotText: 'DMPTK' }),
  ).toHaveCount(0);
  await expect(page.getByTestId('vpp-device-row').first()).toBeVisible();
  await page.getByTestId('vpp-select-all').check();
  await expect(page.getByTestId('vpp-device-summary')).toContainText(
    /All \d+ matching devices are chosen/,
  );
  await page.screenshot({
    path: `${SCREENSHOTS}/install-apps-devices.png`,
    fullPage: true,
  });
  await next(page);
  await page
    .getByRole('checkbox', {
      name: 'Remove the apps when the MDM profile is removed',
    })
    .check();
  await page.screenshot({
    path: `${SCREENSHOTS}/install-apps-options.png`,
    fullPage: true,
  });
  await next(page);
  await expect(page.getByTestId('vpp-review-ready')).toBeVisible();
  await expect(
    page.locator(`[data-testid="vpp-review-app"][data-adam-id="${NOTES}"]`),
  ).toBeVisible();
  await page.screenshot({
    path: `${SCREENSHOTS}/install-apps-plan.png`,
    fullPage: true,
  });
  const installed = await createAndFollow(page, 'install-apps-task.png');
  await expectAllInstalled(page, installed, 'install-apps-progress.png');

  // 3. Field Survey on the same devices: 1 licence left for 9 devices stops at the plan.
  await openTemplate(page, 'vpp-install-apps');
  await chooseTokenAndApp(page, FIELD_SURVEY);
  await next(page);
  await page.getByTestId('vpp-device-search').fill('DMPTK');
  // The search is applied once every row shown matches it.
  await expect(
    page.getByTestId('vpp-device-row').filter({ hasNotText: 'DMPTK' }),
  ).toHaveCount(0);
  await expect(page.getByTestId('vpp-device-row').first()).toBeVisible();
  await page.getByTestId('vpp-select-all').check();
  await next(page);
  await next(page);
  const stop = page.getByTestId('vpp-review-stop');
  await expect(stop).toBeVisible();
  await expect(stop).toContainText(/licen/i);
  await expect(page.getByTestId('vpp-review-ready')).toHaveCount(0);
  await page.screenshot({
    path: `${SCREENSHOTS}/install-apps-shortage.png`,
    fullPage: true,
  });
  // The plan field stays empty: the form does not go on to the review.
  await page.getByRole('button', { name: 'Review', exact: true }).click();
  await expect(
    page.getByRole('button', { name: 'Create', exact: true }),
  ).toHaveCount(0);
  await expect(stop).toBeVisible();

  await page.goto(tokenPage);
  await deleteToken(page, DISPLAY_NAME);
});
