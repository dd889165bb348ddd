import type { Command } from 'commander';
import type { Context } from './context.js';

/** What each command is given: the context of the run, made once the global options are parsed. */
export interface App {
  context(): Context;
}

/** Adds the "Examples:" section every command's --help ends with. */
export function examples(command: Command, lines: readonly string[]): Command {
  return command.addHelpText('after', `\nExamples:\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
}
