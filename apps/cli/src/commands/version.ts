import { Command } from 'commander';
import { type App, examples } from '../app.js';
import { cliVersion } from '../version.js';

export function versionCommand(app: App): Command {
  const command = new Command('version')
    .summary('print the version')
    .description('Print the version of the lakota command (@lakota/cli).')
    .action(async () => {
      await app.context().out.line(cliVersion());
    });
  return examples(command, ['lakota version']);
}
