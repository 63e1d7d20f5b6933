// `--import` this beside `--import leash/node` to learn whether leash looked at all: when the
// process exits it appends one JSON line to the file $LEASH_CENSUS names, with how many
// instrumented modules ran in it, how many more leash/node planned and found nothing to rewrite
// in, and how many resources the registry still holds. node:test runs each test file in a child
// process with the same flags (its runner's own process loads no `--import`), so a suite writes
// one line per test file. A run under leash whose lines all say 0 and 0 never looked: "same as
// plain" would then prove nothing. The line also carries what leash
// said (its `LEASH` warnings: a file not instrumented, no types, a rule that threw), which the
// test runner would otherwise fold into its report.
import { appendFileSync } from 'node:fs';
import { registry } from 'leash';

const file = process.env.LEASH_CENSUS;
if (file !== undefined && file !== '') {
  const said = [];
  process.on('warning', (warning) => {
    if (warning.code === 'LEASH') said.push(warning.message);
  });
  process.on('exit', () => {
    const { instrumentedModules, plannedModules, live } = registry.snapshot();
    appendFileSync(file, `${JSON.stringify({ pid: process.pid, instrumentedModules, plannedModules, live, said })}\n`);
  });
}
