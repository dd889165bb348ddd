import { Command } from 'commander';
import type { App } from './app.js';
import { collect, count } from './arg-parsers.js';
import { completionCommand } from './commands/completion.js';
import { createCommand } from './commands/create.js';
import { defragCommand } from './commands/defrag.js';
import { deleteCommand } from './commands/delete.js';
import { diffCommand } from './commands/diff.js';
import { expireCommand } from './commands/expire.js';
import { gcCommand } from './commands/gc.js';
import { transferCommand } from './commands/import-export.js';
import { lenCommand } from './commands/len.js';
import { logCommand } from './commands/log.js';
import { lsCommand } from './commands/ls.js';
import { mergeCommand } from './commands/merge.js';
import { syncCommand } from './commands/push-pull.js';
import { readCommand } from './commands/read.js';
import { revCommand } from './commands/rev.js';
import { rollbackCommand } from './commands/rollback.js';
import { serveCommand } from './commands/serve.js';
import { tagCommand } from './commands/tag.js';
import { trimCommand } from './commands/trim.js';
import { versionCommand } from './commands/version.js';
import { writeCommand } from './commands/write.js';
import { DEFAULT_REPO } from './context.js';

/**
 * The `lakota` command line: Python Lakota's commands, arguments and
 * defaults, plus --format, completion scripts and progress bars. Global
 * options go before the command name (`lakota -r repo read …`), so that
 * commands can reuse their letters (`read -t` is --tail, `lakota -t` timing).
 */
export function buildProgram(app: App): Command {
  const program = new Command('lakota')
    .description('Version control for numerical series (a TypeScript port of Lakota).')
    .usage('[options] <command> [arguments]')
    .enablePositionalOptions()
    .option(
      '-r, --repo <uri>',
      `repository URI; repeat for cache layers, closest first (default: $LAKOTA_REPO, else ${DEFAULT_REPO})`,
      collect,
    )
    .option(
      '-v, --verbose',
      'log every storage operation on stderr (and stack traces of errors)',
      count,
      0,
    )
    .option('-t, --timing', 'print how long the command took on stderr')
    .option('-P, --pretty', 'print aligned tables instead of CSV')
    .option('-m, --metrics', 'print storage operations and bytes per repository on stderr at exit');

  const commands = [
    readCommand(app),
    lenCommand(app),
    revCommand(app),
    lsCommand(app),
    createCommand(app),
    writeCommand(app),
    mergeCommand(app),
    defragCommand(app),
    trimCommand(app),
    logCommand(app),
    tagCommand(app),
    rollbackCommand(app),
    diffCommand(app),
    expireCommand(app),
    syncCommand(app, 'push'),
    syncCommand(app, 'pull'),
    deleteCommand(app),
    gcCommand(app),
    serveCommand(app),
    transferCommand(app, 'import'),
    transferCommand(app, 'export'),
    versionCommand(app),
  ];
  for (const c of commands) program.addCommand(c);

  program.helpCommand('help [command]', 'show the help of lakota or of one command');
  program.addCommand(completionCommand(app, program));
  return program;
}
