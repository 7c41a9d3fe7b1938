import { APIRequestContext, expect, Locator, Page } from '@playwright/test';
// Playwright tests run in Node, not in the browser bundle this package's lint rules guard.
/* eslint-disable no-restricted-imports */
import { mkdir, writeFile } from 'fs/promises';
import { join } from 'path';
/* eslint-enable no-restricted-imports */

/** Steps the end-to-end tests share: the simulated Apple Business Manager and the portal. */

export const SIMULATOR =
  process.env.VPP_SIMULATOR_URL ?? 'http://localhost:7010';
export const SCREENSHOTS = 'artifacts/screenshots';

export interface AbmLocation {
  id: string;
  name: string;
}

/** Noon UTC `days` from now, so the yyyy-MM-dd is the same in every time zone. */
export function daysFromNow(days: number): { iso: string; day: string } {
  const date = new Date();
  date.setUTCHours(12, 0, 0, 0);
  date.setUTCDate(date.getUTCDate() + days);
  return { iso: date.toISOString(), day: date.toISOString().slice(0, 10) };
}

/** A location of the simulated Apple Business Manager. */
export async function abmLocation(
  request: APIRequestContext,
  id: string,
): Promise<AbmLocation> {
  const response = await request.get(`${SIMULATOR}/abm/locations`);
  expect(response.ok()).toBe(true);
  const location = ((await response.json()) as AbmLocation[]).find(
    l => l.id === id,
  );
  expect(location, `simulator location ${id}`).toBeDefined();
  return location!;
}

/** Downloads the location's token as Apple names the file; returns its path. */
export async function downloadToken(
  request: APIRequestContext,
  location: AbmLocation,
  expiresAt: string,
  dir: string,
  label: string,
): Promise<string> {
  const response = await request.post(
    `${SIMULATOR}/abm/locations/${encodeURIComponent(location.id)}/token`,
    { data: { expiresAt } },
  );
  expect(response.ok(), await response.text()).toBe(true);
  // Each download in its own folder: they all have Apple's file name.
  await mkdir(join(dir, label), { recursive: true });
  const path = join(dir, label, `sToken for ${location.name}.vpptoken`);
  await writeFile(path, await response.text(), 'utf8');
  return path;
}

/** Signs in as guest and opens the tokens page, waiting until the list is shown. */
export async function signInAndOpenAppsAndBooks(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
  const tokensLoaded = page.waitForResponse(
    response =>
      response.url().endsWith('/api/vpp/tokens') &&
      response.request().method() === 'GET',
  );
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Apps and Books' })
    .click();
  await expect(page).toHaveURL(/\/vpp$/);
  expect((await tokensLoaded).ok()).toBe(true);
  await expect(
    page.getByText(/No content tokens yet|Days left/).first(),
  ).toBeVisible();
  await expect(page.getByRole('progressbar')).toHaveCount(0);
}

/** Deletes the open token page's token and waits for the tokens page without it. */
export async function deleteToken(page: Page, displayName: string) {
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await page
    .getByRole('dialog', { name: `Delete ${displayName}?` })
    .getByRole('button', { name: 'Delete', exact: true })
    .click();
  await expect(page).toHaveURL(/\/vpp$/);
  await expect(
    page.getByRole('link', { name: displayName, exact: true }),
  ).toHaveCount(0);
}

/** Removes the token an earlier, interrupted run against the same backend left behind. */
export async function deleteLeftover(page: Page, displayName: string) {
  const leftover = page.getByRole('link', { name: displayName, exact: true });
  if ((await leftover.count()) === 0) {
    return;
  }
  await leftover.click();
  await deleteToken(page, displayName);
}

/**
 * Registers a token file through the tokens page's dialog, as the given owner group and
 * display name; returns the dialog, which then shows the outcome.
 */
export async function registerThroughDialog(
  page: Page,
  file: string,
  owner: string,
  displayName: string,
): Promise<Locator> {
  await page.getByRole('button', { name: 'Register token' }).click();
  const register = page.getByRole('dialog', {
    name: 'Register a content token',
  });
  await register.getByTestId('vpp-token-file-input').setInputFiles(file);
  const ownerSelect = register.getByLabel('Owner group');
  await expect(ownerSelect.locator(`option[value="${owner}"]`)).toHaveCount(1);
  await ownerSelect.selectOption(owner);
  await register.getByLabel('Display name').fill(displayName);
  await register.getByRole('button', { name: 'Register', exact: true }).click();
  return register;
}
