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
 * The install side of the portal against the simulator's MDM and devices (R-DEV-3,
 * R-DIST-6, R-LIC, R-BS-7): a CSV import refused for a bad row, then a clean one that
 * gives a device an employee number; finding the device by it and editing it; an app's
 * install status with its version counts; revoking a license from the ledger; the
 * devices page in Japanese.
 *
 * The dev backend enrols the simulator's devices at start. Uses loc-us (the other tests
 * use loc-tokyo, loc-osaka and loc-sapporo; a location can be registered only once).
 */

const LOCATION_ID = 'loc-us';
/** A simulator device with Example Notes 4.1.0 installed. */
const NOTES_DEVICE = 'DMPTK0001';
const NOTES_APP = '6450000101';
/** A license of loc-us to assign and revoke (Example Scanner; a serial of loc-us). */
const REVOKED_APP = '6450000103';
const REVOKED_SERIAL = 'C02US0002';

async function openTab(page: Page, name: string) {
  await page.getByRole('tab', { name, exact: true }).click();
}

test('devices: import, find by employee number, edit, install status, revoke, Japanese', async ({
  page,
  request,
}) => {
  test.setTimeout(300_000);
  const employeeNumber = `E2E${Date.now().toString().slice(-6)}`;

  await signInAndOpenAppsAndBooks(page);

  // 1. The devices the simulator enrolled.
  await openTab(page, 'Devices');
  await expect(page).toHaveURL(/\/vpp\/devices$/);
  await expect(page.getByTestId('vpp-device-row').first()).toBeVisible();

  // 2. A CSV with a bad row is refused with the row and its reason; nothing is written.
  await page.getByRole('button', { name: 'Import CSV' }).click();
  const dialog = page.getByRole('dialog', {
    name: 'Import device attributes from CSV',
  });
  const csv = dialog.getByTestId('vpp-import-csv');
  await csv.fill(
    `serialNumber,employeeNumber,email\n${NOTES_DEVICE},${employeeNumber},haruto@example.com\nDMPTK0003,E0003,not-an-address\n`,
  );
  await dialog.getByRole('button', { name: 'Preview' }).click();
  const bad = dialog.getByTestId('vpp-import-bad-rows');
  await expect(bad).toContainText('nothing will be imported');
  await expect(bad.getByTestId('vpp-import-bad-row')).toHaveCount(1);
  await expect(bad.getByTestId('vpp-import-bad-row')).toContainText('3');
  await expect(bad.getByTestId('vpp-import-bad-row')).toContainText(
    'not-an-address',
  );
  await expect(dialog.getByRole('button', { name: 'Import' })).toBeDisabled();
  await dialog.screenshot({
    path: `${SCREENSHOTS}/devices-import-refused.png`,
  });

  // 3. Without the bad row: the preview says what changes, then it is imported.
  await csv.fill(
    `serialNumber,employeeNumber\n${NOTES_DEVICE},${employeeNumber}\n`,
  );
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByTestId('vpp-import-preview')).toContainText(
    `employeeNumber: ${employeeNumber}`,
  );
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByText(/^Imported 1 rows/)).toBeVisible();

  // 4. Found by employee number alone.
  await page.locator('#vpp-devices-field').selectOption('employeeNumber');
  await page.locator('#vpp-devices-search').fill(employeeNumber);
  await expect(page.getByTestId('vpp-device-row')).toHaveCount(1);
  await expect(page.getByTestId('vpp-device-row')).toContainText(NOTES_DEVICE);
  await page.screenshot({
    path: `${SCREENSHOTS}/devices.png`,
    fullPage: true,
  });

  // 5. Its page: edit an attribute; a bad e-mail is refused at the field.
  await page.getByTestId('vpp-device-link').click();
  await expect(page).toHaveURL(/\/vpp\/devices\/[^/]+$/);
  await expect(page.getByTestId('vpp-device-facts')).toContainText(
    NOTES_DEVICE,
  );
  await expect(page.getByTestId('vpp-device-apps')).toContainText(
    'com.example.notes',
  );
  const attributes = page.getByTestId('vpp-device-attributes');
  await attributes.getByLabel('E-mail').fill('nope');
  await attributes.getByRole('button', { name: 'Save' }).click();
  await expect(
    attributes.getByText(/^email "nope" is not an e-mail address/),
  ).toBeVisible();
  await attributes.getByLabel('E-mail').fill('haruto@example.com');
  await attributes
    .getByLabel('Notes 1')
    .fill(`Checked by the e2e test ${employeeNumber}`);
  await attributes.getByRole('button', { name: 'Save' }).click();
  await expect(attributes.getByText('Saved.')).toBeVisible();
  await page.reload();
  await expect(
    page.getByTestId('vpp-device-attributes').getByLabel('Notes 1'),
  ).toHaveValue(`Checked by the e2e test ${employeeNumber}`);
  await page.screenshot({
    path: `${SCREENSHOTS}/device-page.png`,
    fullPage: true,
  });

  // 6. A token for the install status and the ledger.
  const location = await abmLocation(request, LOCATION_ID);
  const dir = await mkdtemp(join(tmpdir(), 'vpp-e2e-devices-'));
  const file = await downloadToken(
    request,
    location,
    daysFromNow(300).iso,
    dir,
    'devices',
  );
  const displayName = `E2E devices ${location.name}`;
  await openTab(page, 'Tokens');
  await expect(
    page.getByText(/No content tokens yet|Days left/).first(),
  ).toBeVisible();
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
  const lastSync = page.getByTestId('vpp-last-sync');
  await expect(lastSync).toHaveText(/Never synced|Syncing|Last synced/);
  if ((await lastSync.textContent())?.includes('Never synced')) {
    await page.getByTestId('vpp-sync-header').getByRole('button').click();
  }
  await expect(lastSync).toHaveText(/^Last synced /, { timeout: 60_000 });
  const tokenUrl = page.url();

  // 7. The app's install status from the token's apps: devices per state and version.
  await page
    .locator(`[data-testid="vpp-asset-row"][data-adam-id="${NOTES_APP}"]`)
    .getByTestId('vpp-asset-install-status-link')
    .click();
  await expect(page).toHaveURL(new RegExp(`/apps/${NOTES_APP}$`));
  await expect(page.getByTestId('vpp-install-status-title')).toHaveText(
    'Example Notes',
  );
  const version = page.getByTestId('vpp-install-state-version-4.1.0');
  await expect(version).toBeVisible();
  const versionCount = Number(
    await version.getByTestId('vpp-install-state-count').textContent(),
  );
  expect(versionCount).toBeGreaterThanOrEqual(1);
  const installed = Number(
    await page
      .getByTestId('vpp-install-state-installed')
      .getByTestId('vpp-install-state-count')
      .textContent(),
  );
  expect(installed).toBeGreaterThanOrEqual(versionCount);
  await version.click();
  await expect(page.getByTestId('vpp-install-state-device')).toHaveCount(
    versionCount,
  );
  await expect(
    page.getByTestId('vpp-install-state-devices').getByText(NOTES_DEVICE),
  ).toBeVisible();
  const install = page.getByTestId('vpp-install-on-devices');
  const formData = JSON.parse(
    new URL((await install.getAttribute('href'))!, 'http://x').searchParams.get(
      'formData',
    )!,
  );
  expect(formData.adamIds).toEqual([NOTES_APP]);
  expect(formData.targets).toMatchObject({
    installState: 'installed',
    version: '4.1.0',
  });
  await page.screenshot({
    path: `${SCREENSHOTS}/app-install-status.png`,
    fullPage: true,
  });

  // 8. Assign a license by hand, then revoke it from the ledger; each dialog first says
  // what Apple will be asked. (Assigning first keeps the test repeatable: the simulator
  // remembers a revoke.)
  await openTab(page, 'Licenses');
  await page
    .locator('#vpp-licenses-token')
    .selectOption({ label: displayName });
  await page.getByRole('button', { name: 'Assign licenses' }).click();
  const assign = page.getByRole('dialog', { name: 'Assign licenses' });
  await assign
    .locator('#vpp-license-token')
    .selectOption({ label: displayName });
  await assign.locator('#vpp-license-apps').fill(REVOKED_APP);
  await assign.locator('#vpp-license-serials').fill(REVOKED_SERIAL);
  await assign.getByRole('button', { name: 'Preview' }).click();
  const assignPlan = assign.getByTestId('vpp-license-plan');
  await expect(assignPlan).toBeVisible();
  if ((await assignPlan.textContent())?.includes('Apple will be asked')) {
    await expect(assignPlan).toContainText(
      `POST /assets/associate — apps ${REVOKED_APP} for serial numbers ${REVOKED_SERIAL}`,
    );
    await assign.getByTestId('vpp-license-confirm').click();
    await expect(page.getByTestId('vpp-license-result')).toBeVisible({
      timeout: 60_000,
    });
  } else {
    // Still assigned from an interrupted earlier run.
    await assign.getByRole('button', { name: 'Cancel' }).click();
  }
  await page.locator('#vpp-licenses-serial').fill(REVOKED_SERIAL);
  const row = page.locator(
    `[data-testid="vpp-license-row"][data-serial="${REVOKED_SERIAL}"][data-adam-id="${REVOKED_APP}"]`,
  );
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('vpp-license-revoke')).toBeEnabled({
    timeout: 60_000,
  });
  await row.getByTestId('vpp-license-revoke').click();
  const revoke = page.getByRole('dialog', { name: 'Revoke licenses' });
  await expect(revoke.getByTestId('vpp-license-plan')).toContainText(
    `POST /assets/disassociate — apps ${REVOKED_APP} for serial numbers ${REVOKED_SERIAL}`,
  );
  await revoke.screenshot({ path: `${SCREENSHOTS}/license-revoke.png` });
  await revoke.getByTestId('vpp-license-confirm').click();
  await expect(page.getByTestId('vpp-license-result')).toBeVisible({
    timeout: 60_000,
  });
  await expect(revoke).toHaveCount(0);
  await expect(row).toHaveCount(0);
  await page.screenshot({
    path: `${SCREENSHOTS}/licenses.png`,
    fullPage: true,
  });

  // 9. The named settings page, as a newcomer finds it.
  await openTab(page, 'Settings');
  await expect(
    page.getByRole('tab', { name: 'Managed app configurations' }),
  ).toBeVisible();
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  await page.screenshot({
    path: `${SCREENSHOTS}/settings.png`,
    fullPage: true,
  });

  // 10. The devices page in Japanese (R-BS-7); the language is kept in this browser only.
  await page.evaluate(() => window.localStorage.setItem('language', 'ja'));
  await openTab(page, 'Devices');
  await page.reload();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'App とブック' }),
  ).toBeVisible();
  await expect(page.getByText('サブグループを含める')).toBeVisible();
  await expect(
    page.getByRole('button', { name: 'インストール状況取得日' }),
  ).toBeVisible();
  await expect(page.getByTestId('vpp-device-row').first()).toBeVisible();
  await page.screenshot({
    path: `${SCREENSHOTS}/devices-ja.png`,
    fullPage: true,
  });
  await page.evaluate(() => window.localStorage.setItem('language', 'en'));

  // 11. Clean up, so the test can run again against the same backend.
  await page.goto(tokenUrl);
  await deleteToken(page, displayName);
});
