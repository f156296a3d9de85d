// Preloaded with `node -r` into a process under test: at exit, writes its peak resident set
// size (kilobytes, from process.resourceUsage) to the file named by TAPIPKT_MAXRSS_FILE.
'use strict';
process.on('exit', () => {
  const f = process.env.TAPIPKT_MAXRSS_FILE;
  if (f) require('fs').writeFileSync(f, String(process.resourceUsage().maxRSS));
});
