// Preloaded into a benchmarked process: reports its peak resident memory when it exits.
'use strict';
const fs = require('fs');
process.on('exit', () => {
  const file = process.env.BENCH_USAGE_FILE;
  if (file) fs.writeFileSync(file, JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS }));
});
