#!/usr/bin/env node
// The `lakota` command. The code lives in dist/ (built from src/ by `pnpm build`).
import { runCli } from '../dist/cli.js';

const code = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
// Exit now rather than when the event loop drains: a remote pod may keep idle
// connections open. Output already written to stdout is flushed first.
process.stdout.write('', () => process.exit(code));
