import { expect, Page, test } from '@playwright/test';
// Playwright tests run in Node, not in the browser bundle this package's lint rules guard.
/* eslint-disable no-restricted-imports */
import { ChildProcess, spawn } from 'child_process';
import { mkdirSync, openSync, rmSync } from 'fs';
import { mkdtemp } from 'fs/promises';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
/* eslint-enable no-restricted-imports */
import {
  abmLocation,
  daysFromNow,
  downloadToken,
  registerThroughDialog,
  SCREENSHOTS,
  SIMULATOR,
} from './helpers';

/**
 * What a newcomer meets (issue 14), through the real start path: `./scripts/start.sh
 * --fresh backend` on an empty data folder shows the demo tokens (Osaka red) on Apps and
 * Books, on the home page and in the catalog at /catalog with the token columns; the
 * status filter narrows to the expiring one; a token registered before a restart
 * (`./scripts/start.sh backend` again) is still there afterwards, and Apple's side (the
 * simulator) still knows it.
 *
 * The test starts and stops the backend itself on the usual ports, so it runs only when
 * asked (`VPP_E2E_FIRST_RUN=1`, as scripts/test.sh does once its other backend stopped).
 */

const ROOT = resolve(__dirname, '../../..');
const BACKEND = 'http://localhost:7007';
const DATA_DIR = join(ROOT, 'artifacts/first-run/data');
const LOG_DIR = join(ROOT, 'artifacts/first-run');

test.skip(
  !process.env.VPP_E2E_FIRST_RUN,
  'starts its own backend on :7007; set VPP_E2E_FIRST_RUN=1 with no backend running',
);

let backend: ChildProcess | undefined;

async function isUp(): Promise<boolean> {
  try {
    const [health, app] = await Promise.all([
      fetch(`${BACKEND}/api/vpp/health`),
      fetch(`${BACKEND}/`),
    ]);
    return health.ok && app.ok;
  } catch {
    return false;
  }
}

/** `./scripts/start.sh [--fresh] backend`, as a developer runs it; resolves once it answers. */
async function startBackend(label: string, fresh: boolean) {
  expect(await isUp(), 'nothing else may listen on :7007').toBe(false);
  mkdirSync(LOG_DIR, { recursive: true });
  const log = openSync(join(LOG_DIR, `backend-${label}.log`), 'w');
  const child = spawn(
    join(ROOT, 'scripts/start.sh'),
    [...(fresh ? ['--fresh'] : []), 'backend'],
    {
      cwd: ROOT,
      detached: true, // its own process group, so the stop reaches yarn's children too
      stdio: ['ignore', log, log],
      env: {
        ...process.env,
        VPP_DATA_DIR: DATA_DIR,
        // The backend serves the built app, as in scripts/test.sh.
        APP_CONFIG_app_baseUrl: BACKEND,
      },
    },
  );
  backend = child;
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  await expect
    .poll(async () => exited || (await isUp()), {
      timeout: 240_000,
      intervals: [2_000],
      message: `backend (${label}) up; see artifacts/first-run/backend-${label}.log`,
    })
    .toBe(true);
  expect(exited, `backend (${label}) exited early`).toBe(false);
}

/** Ctrl-C, as a developer stops it: the backend shuts down and writes its state. */
async function stopBackend() {
  const child = backend;
  backend = undefined;
  if (!child || child.exitCode !== null) {
    return;
  }
  const exited = new Promise(done => child.once('exit', done));
  process.kill(-child.pid!, 'SIGINT');
  await exited;
  await expect.poll(isUp, { timeout: 60_000 }).toBe(false);
}

/** Signs in as guest, unless the browser's session survived a backend restart. */
async function signIn(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  const appsAndBooks = page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Apps and Books' });
  await expect(enter.or(appsAndBooks)).toBeVisible();
  if (await enter.isVisible()) {
    await enter.click();
  }
  await expect(appsAndBooks).toBeVisible();
}

/** Opens Apps and Books until the demo tokens are there (they are added after start-up). */
async function openAppsAndBooksWithDemoTokens(page: Page) {
  await expect(async () => {
    await page.goto('/vpp');
    await expect(
      page.getByRole('link', { name: 'Osaka office', exact: true }),
    ).toBeVisible({ timeout: 5_000 });
    await expect(
      page.getByRole('link', { name: 'Tokyo office', exact: true }),
    ).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 120_000, intervals: [2_000, 5_000] });
}

function tokenRow(page: Page, name: string) {
  return page
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name, exact: true }) });
}

test.describe.configure({ mode: 'serial' });

test.afterAll(async () => {
  await stopBackend();
});

test('@first-run a fresh start shows the demo tokens, the catalog views of expiry, and keeps data across a restart', async ({
  page,
  request,
}) => {
  test.setTimeout(900_000);
  rmSync(DATA_DIR, { recursive: true, force: true });
  await startBackend('fresh', true);
  await signIn(page);

  // Apps and Books: the two demo tokens, Osaka's expiring (red), Tokyo's fine.
  await openAppsAndBooksWithDemoTokens(page);
  await expect(
    tokenRow(page, 'Osaka office').getByTestId('vpp-token-status'),
  ).toHaveAttribute('data-status', 'expiring');
  await expect(
    tokenRow(page, 'Tokyo office').getByTestId('vpp-token-status'),
  ).toHaveAttribute('data-status', 'ok');
  await page.screenshot({
    path: `${SCREENSHOTS}/first-run-apps-and-books.png`,
    fullPage: true,
  });

  // Home page at /: the token that needs attention and the way to Apps and Books.
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  // The logo links home too, hence two links named Home.
  await nav.getByRole('link', { name: 'Home' }).last().click();
  await expect(page).toHaveURL(`${BACKEND}/`);
  const attention = page.getByTestId('vpp-tokens-attention');
  await expect(attention.getByText('1 token needs attention')).toBeVisible();
  await expect(
    attention.getByRole('link', { name: 'Osaka office' }),
  ).toBeVisible();
  await expect(
    attention.getByRole('link', { name: 'Open Apps and Books' }),
  ).toBeVisible();
  await expect(page.getByText('Random Joke')).toHaveCount(0);
  await page.screenshot({
    path: `${SCREENSHOTS}/first-run-home.png`,
    fullPage: true,
  });

  // The catalog is at /catalog, one sidebar entry.
  await expect(
    nav.getByRole('link', { name: 'Catalog', exact: true }),
  ).toHaveCount(1);
  await nav.getByRole('link', { name: 'Catalog', exact: true }).click();
  await expect(page).toHaveURL(/\/catalog(\?|$)/);
  await page.goto('/catalog?filters%5Bkind%5D=resource&filters%5Buser%5D=all');
  const osakaEntity = page.getByRole('row').filter({
    has: page.getByRole('link', { name: 'Osaka office' }),
  });
  const tokyoEntity = page.getByRole('row').filter({
    has: page.getByRole('link', { name: 'Tokyo office' }),
  });
  await expect(async () => {
    await page.reload();
    await expect(osakaEntity).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 120_000, intervals: [2_000, 5_000] });
  for (const column of ['Expires', 'Days left', 'Token status']) {
    await expect(
      page.getByRole('columnheader', { name: column }),
    ).toBeVisible();
  }
  await expect(osakaEntity.getByTestId('vpp-token-status')).toHaveAttribute(
    'data-status',
    'expiring',
  );
  await expect(
    osakaEntity.getByTestId('vpp-catalog-days-left'),
  ).toHaveAttribute('data-red', 'true');
  await expect(tokyoEntity.getByTestId('vpp-token-status')).toHaveAttribute(
    'data-status',
    'ok',
  );
  await page.screenshot({
    path: `${SCREENSHOTS}/first-run-catalog-tokens.png`,
    fullPage: true,
  });

  // The status filter narrows the list to the expiring token.
  const picker = page.getByTestId('vpp-token-status-picker');
  await picker.getByRole('button', { name: 'Open' }).click();
  await page.getByRole('option', { name: 'Expiring' }).click();
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/vppTokenStatus/);
  await expect(osakaEntity).toBeVisible();
  await expect(tokyoEntity).toHaveCount(0);
  await page.screenshot({
    path: `${SCREENSHOTS}/first-run-catalog-expiring.png`,
    fullPage: true,
  });

  // A token's entity page has no TechDocs tab and no "View source".
  await osakaEntity.getByRole('link', { name: 'Osaka office' }).click();
  await expect(page.getByTestId('vpp-token-card')).toBeVisible();
  await expect(page.getByRole('tab', { name: 'TechDocs' })).toHaveCount(0);
  await expect(page.getByText('View source', { exact: false })).toHaveCount(0);
  await expect(page.getByText('View TechDocs', { exact: false })).toHaveCount(
    0,
  );
  await page.screenshot({
    path: `${SCREENSHOTS}/first-run-token-entity.png`,
    fullPage: true,
  });

  // A token registered by hand, then a restart (no --fresh).
  const sapporo = await abmLocation(request, 'loc-sapporo');
  const dir = await mkdtemp(join(tmpdir(), 'vpp-first-run-'));
  const file = await downloadToken(
    request,
    sapporo,
    daysFromNow(200).iso,
    dir,
    'restart',
  );
  await page.goto('/vpp');
  const register = await registerThroughDialog(
    page,
    file,
    'group:default/tokyo-it',
    'Sapporo before restart',
  );
  await expect(register.getByText(/Registered the token/)).toBeVisible();
  await register.getByRole('button', { name: 'Close' }).click();
  const tokensBefore = await (
    await request.get(`${SIMULATOR}/control/tokens`)
  ).json();

  await stopBackend();
  await startBackend('restart', false);

  // The simulator still knows every token, the downloaded one included.
  expect(
    await (await request.get(`${SIMULATOR}/control/tokens`)).json(),
  ).toEqual(tokensBefore);
  await signIn(page);
  await page.goto('/vpp');
  const kept = tokenRow(page, 'Sapporo before restart');
  await expect(kept).toBeVisible();
  await expect(kept.getByTestId('vpp-token-status')).toHaveAttribute(
    'data-status',
    'ok',
  );
  // Demo data is added to an empty database only: still three tokens.
  await expect(page.getByTestId('vpp-token-status')).toHaveCount(3);
  await page.screenshot({
    path: `${SCREENSHOTS}/first-run-after-restart.png`,
    fullPage: true,
  });
});
