import { defineConfig } from '@playwright/test';
import { generateProjects } from '@backstage/e2e-test-utils/playwright';

/**
 * Browser tests run in Debian's Chromium (/usr/bin/chromium, installed by
 * scripts/setup.sh --with-test-deps) against a running backend that serves the built
 * app; scripts/test.sh starts it. Playwright never downloads a browser here.
 */
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export default defineConfig({
  timeout: 60_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  // scripts/test.sh runs Playwright twice (the first-run test needs the ports to itself),
  // so each run names its own report.
  reporter: [
    ['list'],
    [
      'json',
      {
        outputFile: `artifacts/playwright/${
          process.env.PLAYWRIGHT_REPORT_NAME ?? 'results'
        }.json`,
      },
    ],
    [
      'html',
      {
        open: 'never',
        outputFolder: `artifacts/playwright/${
          process.env.PLAYWRIGHT_REPORT_NAME ?? 'report'
        }`,
      },
    ],
  ],
  use: {
    actionTimeout: 15_000,
    baseURL: process.env.PLAYWRIGHT_URL ?? 'http://localhost:7007',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  outputDir: 'artifacts/playwright/test-results',
  projects: generateProjects().map(project => ({
    ...project,
    use: {
      ...project.use,
      channel: undefined,
      launchOptions: {
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: chromiumArgs,
      },
    },
  })),
});
