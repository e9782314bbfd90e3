// Refreshes the README's screenshots (headless Chromium): `UPDATE_SCREENSHOTS=1 npm run test:e2e -- screenshots`.
import { test, expect } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { DemoPage } from './pages/demo.js';

const out = (name) => fileURLToPath(new URL(`../../docs/screenshots/${name}`, import.meta.url));

test.skip(!process.env.UPDATE_SCREENSHOTS, 'set UPDATE_SCREENSHOTS=1 to refresh the README screenshots');

test('hosted page and confirmation', async ({ page }) => {
  await page.setViewportSize({ width: 1100, height: 760 });
  const demo = new DemoPage(page);
  const { hosted } = await demo.start({ persona: 'approve', instruction: 'PRESELECT_KLARNA' });
  await expect(hosted.payButton).toBeVisible();
  await page.screenshot({ path: out('hosted-page.png') });
  await hosted.payButton.click();
  await expect(hosted.confirmation).toBeVisible();
  await page.screenshot({ path: out('confirmation.png') });
});
