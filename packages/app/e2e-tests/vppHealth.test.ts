import { test, expect } from '@playwright/test';

test('a guest opens the Apps and Books page and sees the backend health', async ({
  page,
}) => {
  await page.goto('/');

  const enterButton = page.getByRole('button', { name: 'Enter' });
  await expect(enterButton).toBeVisible();
  await enterButton.click();

  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await nav.getByRole('link', { name: 'Apps and Books' }).click();

  await expect(page).toHaveURL(/\/vpp$/);
  await expect(page.getByText('VPP backend')).toBeVisible();
  await expect(page.getByText('http://localhost:7010/mdm/v2')).toBeVisible();
  await expect(page.getByText('Simulator (not Apple)')).toBeVisible();
  await expect(page.getByText('better-sqlite3')).toBeVisible();

  await page.screenshot({
    path: 'artifacts/screenshots/vpp-health.png',
    fullPage: true,
  });
});
