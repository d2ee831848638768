// The README's picture: a screenshot of a running dashboard, e.g. the one `npm start` serves.
//   npx tsx scripts/dashboard-screenshot.ts http://127.0.0.1:PORT/ docs/dashboard.png [width] [address]
// With an address, the search shows it first (typed and submitted with the keyboard).
import { launchChromium } from './chromium';

const [url, out = 'docs/dashboard.png', width = '1280', address] = process.argv.slice(2);
if (!url) {
  process.stderr.write('usage: tsx scripts/dashboard-screenshot.ts URL [OUT.png] [WIDTH] [ADDRESS]\n');
  process.exit(2);
}
const browser = await launchChromium({ width: Number(width), height: 900 });
try {
  const page = await browser.context.newPage();
  await page.goto(url);
  await page.waitForSelector('body[data-state="ready"]');
  if (address) {
    await page.focus('#search-input');
    await page.keyboard.type(address);
    await page.keyboard.press('Enter');
    await page.locator('#search-result article').waitFor();
  }
  await page.screenshot({ path: out, fullPage: true });
  process.stdout.write(`${out}\n`);
} finally {
  await browser.close();
}
