import { runPathsBench } from './paths-bench';
import { formatSyncDrain, runSyncDrainBench } from './sync-drain';
import { formatTapToCard, runTapToCardBench } from './tap-to-card';
import { benchArgs } from './bench-args';

/**
 * `npm run bench`: every benchmark, one after the other (they would distort each other in parallel),
 * each printing its figures and its target. A benchmark that crashes is reported and the rest still run.
 */
const benchmarks: { name: string; run: () => Promise<void> }[] = [
  { name: 'paths', run: async () => void (await runPathsBench()) },
  { name: 'tap-to-card', run: async () => console.log(formatTapToCard(await runTapToCardBench())) },
  { name: 'sync drain', run: async () => console.log(formatSyncDrain(await runSyncDrainBench())) },
];

async function main(): Promise<void> {
  for (const bench of benchmarks) {
    try {
      await bench.run();
    } catch (err) {
      console.error(`${bench.name}: benchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      process.exitCode = 1;
    }
  }
}

benchArgs('Usage: npm run bench   (every benchmark in turn: paths, tap-to-card, sync drain; each prints its figures and target)', {});
void main();
