import { Command } from 'commander';
import type { App } from '../app.js';
import { cliVersion } from '../version.js';

export function versionCommand(app: App): Command {
  return new Command('version')
    .summary('print the version')
    .description('Print the version of lakota.')
    .action(async () => {
      await app.context().out.line(cliVersion());
    });
}
