import { parseOptions, USAGE, UsageError } from './options.js';
import { formatMarkdown, formatTable } from './report.js';
import { runBench } from './run-bench.js';

// `pnpm bench -- --json` hands the separator on: skip it.
const argv = process.argv.slice(2).filter((a, i) => !(i === 0 && a === '--'));
if (argv.includes('--help') || argv.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
let options: ReturnType<typeof parseOptions>;
try {
  options = parseOptions(argv);
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  console.error(`${err.message}\n\n${USAGE}`);
  process.exit(2);
}
// Progress goes to stderr so that stdout holds only the table, or only the JSON object.
const result = await runBench(options, (line) => process.stderr.write(`${line}\n`));
console.log(
  options.json
    ? JSON.stringify(result)
    : options.markdown
      ? formatMarkdown(result)
      : formatTable(result),
);
