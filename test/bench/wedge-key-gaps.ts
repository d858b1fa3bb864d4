/**
 * What gaps between keys the kiosk page sees, by KeyboardEvent.timeStamp: keys typed by Playwright
 * 15 ms apart (wall-clock delivery, what load does to it) and keys sent with CDP timestamps 8 ms
 * apart (the e2e tapBadge). Figures in kiosk-config/README.md "Badge reader timing".
 * Run: npx tsx test/bench/wedge-key-gaps.ts <label>
 */
import { launchChromium, pressKeys } from '../e2e/harness';
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
(async () => {
  const b = await launchChromium();
  const page = await b.newPage();
  await page.setContent('<body><script>window.seen=[];addEventListener("keydown",e=>seen.push(e.timeStamp))</script></body>');
  const gaps = async (seen: number[]) => seen.slice(1).map((t, i) => t - seen[i]!);
  const typed: number[] = [];
  const stamped: number[] = [];
  for (let run = 0; run < 20; run++) {
    await page.evaluate(() => ((window as any).seen = []));
    await page.keyboard.type('1234567890', { delay: 15 });
    typed.push(...(await gaps(await page.evaluate(() => (window as any).seen))));
    await page.evaluate(() => ((window as any).seen = []));
    await pressKeys(page, [...'1234567890'], { gapMs: 8 });
    stamped.push(...(await gaps(await page.evaluate(() => (window as any).seen))));
  }
  const fmt = (xs: number[]) => `n=${xs.length} p50 ${pct(xs, 50).toFixed(1)} p95 ${pct(xs, 95).toFixed(1)} max ${Math.max(...xs).toFixed(1)} ms`;
  console.log(`${process.argv[2]}: keyboard.type delay 15 -> ${fmt(typed)}; CDP stamped 8 ms -> ${fmt(stamped)}`);
  await b.close();
})();
