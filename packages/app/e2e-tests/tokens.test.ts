import { expect, test } from '@playwright/test';
// Playwright tests run in Node, not in the browser bundle this package's lint rules guard.
/* eslint-disable no-restricted-imports */
import { mkdtemp } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
/* eslint-enable no-restricted-imports */
import {
  AbmLocation,
  daysFromNow,
  deleteLeftover,
  deleteToken,
  downloadToken,
  registerThroughDialog,
  SCREENSHOTS,
  signInAndOpenAppsAndBooks,
  SIMULATOR,
} from './helpers';

/**
 * Content tokens end to end (R-TOK-1, R-TOK-4, R-BS-1, R-BS-4): download a token from the
 * simulated Apple Business Manager, register it in the portal, see it in the tokens page
 * and as a catalog entity, preview a renewal with an older file (refused by the
 * `later-expiry` check), renew with a newer one, and delete it again so the test can run
 * repeatedly against the same backend.
 */

test('a device administrator registers, inspects and renews a content token', async ({
  page,
  request,
}) => {
  test.setTimeout(240_000);

  // 1. Apple Business Manager (simulated): pick a location and download its token.
  const locationsResponse = await request.get(`${SIMULATOR}/abm/locations`);
  expect(locationsResponse.ok()).toBe(true);
  const locations = (await locationsResponse.json()) as AbmLocation[];
  const location =
    locations.find(l => l.id === 'loc-sapporo') ??
    locations[locations.length - 1];
  expect(location).toBeDefined();

  const dir = await mkdtemp(join(tmpdir(), 'vpp-e2e-'));
  const first = daysFromNow(300);
  const earlier = daysFromNow(100);
  const later = daysFromNow(700);
  const firstFile = await downloadToken(
    request,
    location,
    first.iso,
    dir,
    'first',
  );
  const earlierFile = await downloadToken(
    request,
    location,
    earlier.iso,
    dir,
    'earlier',
  );
  const laterFile = await downloadToken(
    request,
    location,
    later.iso,
    dir,
    'later',
  );

  // 2. Register it through the dialog.
  await signInAndOpenAppsAndBooks(page);
  await expect(page.getByText('VPP backend')).toBeVisible();
  const displayName = `E2E ${location.name}`;
  await deleteLeftover(page, displayName);
  await page.getByRole('button', { name: 'Register token' }).click();

  const register = page.getByRole('dialog', {
    name: 'Register a content token',
  });
  await expect(register).toBeVisible();
  await register.getByTestId('vpp-token-file-input').setInputFiles(firstFile);
  await expect(
    register.getByText(`File: sToken for ${location.name}.vpptoken`),
  ).toBeVisible();
  await expect(register.getByText(`expires ${first.day}`)).toBeVisible();
  const owner = register.getByLabel('Owner group');
  await expect(
    owner.locator('option[value="group:default/tokyo-it"]'),
  ).toHaveCount(1);
  await owner.selectOption('group:default/tokyo-it');
  await register.getByLabel('Display name').fill(displayName);
  await register
    .getByLabel('Notes')
    .fill(`Downloaded by abm-admin@example.com on ${daysFromNow(0).day}`);
  await page.screenshot({
    path: `${SCREENSHOTS}/vpp-register-dialog.png`,
    fullPage: true,
  });
  await register.getByRole('button', { name: 'Register', exact: true }).click();

  await expect(
    register.getByText(
      `Registered the token for ${location.name}. It expires on ${first.day}.`,
    ),
  ).toBeVisible();
  await page.screenshot({
    path: `${SCREENSHOTS}/vpp-register-success.png`,
    fullPage: true,
  });
  await register.getByRole('button', { name: 'Close' }).click();

  // 3. The tokens page lists it.
  const link = page.getByRole('link', { name: displayName, exact: true });
  await expect(link).toBeVisible();
  const row = page.getByRole('row').filter({ has: link });
  await expect(row.getByText(first.day)).toBeVisible();
  await expect(row.getByText(/\d+ days left/)).toBeVisible();
  await expect(row.getByTestId('vpp-token-status')).toHaveAttribute(
    'data-status',
    'ok',
  );
  await page.screenshot({
    path: `${SCREENSHOTS}/vpp-tokens-page.png`,
    fullPage: true,
  });
  const href = await link.getAttribute('href');
  const tokenId = href?.split('/tokens/')[1];
  expect(tokenId).toBeTruthy();

  // 4. The catalog has it as a Resource entity with the token card.
  const entityUrl = `/catalog/default/resource/vpp-token-${tokenId}`;
  await expect(async () => {
    await page.goto(entityUrl);
    await expect(page.getByTestId('vpp-token-card')).toBeVisible({
      timeout: 5_000,
    });
  }).toPass({ timeout: 120_000, intervals: [2_000, 5_000] });
  const card = page.getByTestId('vpp-token-card');
  await expect(card.getByText(first.day)).toBeVisible();
  await expect(card.getByText(location.name, { exact: true })).toBeVisible();
  await expect(card.getByText(/\d+ days left/)).toBeVisible();
  await page.screenshot({
    path: `${SCREENSHOTS}/vpp-token-entity-card.png`,
    fullPage: true,
  });

  // 5. Renewal with an older file: the preview refuses it.
  await card.getByRole('link', { name: displayName }).click();
  await expect(page).toHaveURL(new RegExp(`/vpp/tokens/${tokenId}$`));
  await expect(page.getByTestId('vpp-token-facts')).toContainText(first.day);
  await page.screenshot({
    path: `${SCREENSHOTS}/vpp-token-page.png`,
    fullPage: true,
  });
  await page.getByRole('button', { name: 'Renew', exact: true }).click();
  const renew = page.getByRole('dialog', { name: `Renew ${displayName}` });
  await renew.getByTestId('vpp-token-file-input').setInputFiles(earlierFile);
  const laterExpiry = renew.getByTestId('vpp-renew-check-later-expiry');
  await expect(laterExpiry).toHaveAttribute('data-passed', 'false');
  for (const id of [
    'registered',
    'not-other-mdm',
    'not-other-account',
    'location-exists',
  ]) {
    await expect(renew.getByTestId(`vpp-renew-check-${id}`)).toHaveAttribute(
      'data-passed',
      'true',
    );
  }
  await expect(renew.getByTestId('vpp-renew-expiry')).toHaveText(
    `${first.day} → ${earlier.day}`,
  );
  await expect(
    renew.getByRole('button', { name: 'Renew', exact: true }),
  ).toBeDisabled();
  await page.screenshot({
    path: `${SCREENSHOTS}/vpp-renew-earlier-refused.png`,
    fullPage: true,
  });

  // 6. Renewal with a newer file goes through and shows the new expiry.
  await renew.getByTestId('vpp-token-file-input').setInputFiles(laterFile);
  await expect(renew.getByTestId('vpp-renew-expiry')).toHaveText(
    `${first.day} → ${later.day}`,
  );
  await expect(laterExpiry).toHaveAttribute('data-passed', 'true');
  await page.screenshot({
    path: `${SCREENSHOTS}/vpp-renew-preview-ok.png`,
    fullPage: true,
  });
  await renew.getByRole('button', { name: 'Renew', exact: true }).click();
  await expect(
    renew.getByText(`Renewed. ${displayName} now expires on ${later.day}.`),
  ).toBeVisible();
  await page.screenshot({
    path: `${SCREENSHOTS}/vpp-renew-success.png`,
    fullPage: true,
  });
  await renew.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('vpp-token-facts')).toContainText(later.day);

  // 7. Clean up, so that the test can run again against the same backend.
  await deleteToken(page, displayName);
});

test('a token that expires within the warning window is shown in red everywhere', async ({
  page,
  request,
}) => {
  test.setTimeout(240_000);

  const locations = (await (
    await request.get(`${SIMULATOR}/abm/locations`)
  ).json()) as AbmLocation[];
  const location = locations.find(l => l.id === 'loc-osaka') ?? locations[0];
  const dir = await mkdtemp(join(tmpdir(), 'vpp-e2e-'));
  const soon = daysFromNow(10);
  const file = await downloadToken(request, location, soon.iso, dir, 'soon');
  const displayName = `E2E expiring ${location.name}`;

  await signInAndOpenAppsAndBooks(page);
  await deleteLeftover(page, displayName);
  const register = await registerThroughDialog(
    page,
    file,
    'group:default/osaka-it',
    displayName,
  );
  await expect(register.getByTestId('vpp-register-success')).toContainText(
    soon.day,
  );
  await register.getByRole('button', { name: 'Close' }).click();

  // Tokens page: red "Expiring" chip and the days left.
  const link = page.getByRole('link', { name: displayName, exact: true });
  const row = page.getByRole('row').filter({ has: link });
  await expect(row.getByTestId('vpp-token-status')).toHaveAttribute(
    'data-status',
    'expiring',
  );
  await expect(row.getByTestId('vpp-token-status')).toHaveAttribute(
    'data-tone',
    'red',
  );
  await expect(row.getByText(/^(9|10) days left$/)).toBeVisible();
  await page.screenshot({
    path: `${SCREENSHOTS}/vpp-tokens-page-expiring.png`,
    fullPage: true,
  });
  const tokenId = (await link.getAttribute('href'))?.split('/tokens/')[1];

  // Token page: the warning banner with the renewal steps.
  await link.click();
  const banner = page.getByTestId('vpp-token-banner');
  await expect(banner).toContainText('This token expires soon');
  await expect(banner).toContainText(
    `download the token for ${location.name}, then choose Renew here`,
  );
  await page.screenshot({
    path: `${SCREENSHOTS}/vpp-token-page-expiring.png`,
    fullPage: true,
  });

  // Catalog: the entity card is red.
  await expect(async () => {
    await page.goto(`/catalog/default/resource/vpp-token-${tokenId}`);
    await expect(page.getByTestId('vpp-token-card')).toHaveAttribute(
      'data-red',
      'true',
      { timeout: 5_000 },
    );
  }).toPass({ timeout: 120_000, intervals: [2_000, 5_000] });
  await page.screenshot({
    path: `${SCREENSHOTS}/vpp-token-entity-card-expiring.png`,
    fullPage: true,
  });

  // Clean up.
  await page.goto(`/vpp/tokens/${tokenId}`);
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await page
    .getByRole('dialog', { name: `Delete ${displayName}?` })
    .getByRole('button', { name: 'Delete', exact: true })
    .click();
  await expect(page).toHaveURL(/\/vpp$/);
});
