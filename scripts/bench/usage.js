// Preloaded into a benchmarked process (and, through NODE_OPTIONS, its Node children, such as
// the app under `npm run` or `npx`): records the largest peak resident memory of them all.
'use strict';
const fs = require('fs');
process.on('exit', () => {
  const file = process.env.BENCH_USAGE_FILE;
  if (!file) return;
  let max = process.resourceUsage().maxRSS;
  try {
    max = Math.max(max, JSON.parse(fs.readFileSync(file, 'utf8')).maxRssKiB);
  } catch {
    // first process to exit
  }
  fs.writeFileSync(file, JSON.stringify({ maxRssKiB: max }));
});
