import { CollectionNotFoundError, quoteExcerpt } from '@lakota/core';
import { type Command, CommanderError } from 'commander';
import type { App } from './app.js';
import { Context, type GlobalOptions, type Io } from './context.js';
import { ExpressionError } from './expr/expr-error.js';
import { OutputClosed } from './output/output-stream.js';
import { buildProgram } from './program.js';

/** Global options that take a value, to find where the command name starts. */
const VALUED = new Set(['-r', '--repo']);

/** True when the arguments hold no command (only global options, or nothing). */
function lacksCommand(argv: readonly string[]): boolean {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '-h' || a === '--help') return false;
    if (!a.startsWith('-')) return false;
    if (VALUED.has(a)) i++;
  }
  return true;
}

/**
 * Commander's own messages that quote an argument whole (`option '--limit
 * <n>' argument '…' is invalid`, `unknown command '…'`): the argument is cut
 * short like ours. Each pattern is prefix, argument, suffix.
 */
const COMMANDER_QUOTES = [
  /^(option '[^']*' argument )'(.*)'( is invalid\.)/s,
  /^(command-argument value )'(.*)'( is invalid for argument ')/s,
  /^(unknown (?:command|option) )'(.*)'(\n|$)/s,
];

function shortenQuoted(text: string): string {
  for (const pattern of COMMANDER_QUOTES) {
    const m = pattern.exec(text);
    if (m) {
      const [whole, prefix, value, suffix] = m as unknown as [string, string, string, string];
      return `${prefix}${quoteExcerpt(value, { quote: "'" })}${suffix}${text.slice(whole.length)}`;
    }
  }
  return text;
}

/** Messages on one line: a multi-line message would read as several errors. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** Applies the output settings to a command and every subcommand (addCommand does not pass them on). */
function configure(command: Command, io: Io, path: string): void {
  command.exitOverride().configureOutput({
    writeOut: (s) => io.stdout.write(s),
    writeErr: (s) => io.stderr.write(s),
    outputError: (s, write) => {
      const hint = path === 'lakota' ? 'lakota --help' : `${path} --help`;
      write(`${path}: ${oneLine(shortenQuoted(s.replace(/^error: /, '')))} (see ${hint})\n`);
    },
  });
  for (const sub of command.commands) configure(sub, io, `${path} ${sub.name()}`);
}

/** The error's message, in the command line's terms where the engine speaks of its API. */
function message(err: unknown): string {
  if (err instanceof CollectionNotFoundError) {
    return `No collection ${quoteExcerpt(err.label, { quote: "'" })}: list them with lakota ls, or create it with lakota create`;
  }
  return oneLine(String((err as Error)?.message ?? err));
}

function describeError(err: unknown, verbose: number): string {
  let text =
    err instanceof ExpressionError
      ? `lakota: ${oneLine(err.message)}\n${err.pointer}\n`
      : `lakota: ${message(err)}\n`;
  if (verbose > 0) {
    // With -v, the whole story: stack and causes.
    let cur: unknown = err;
    while (cur instanceof Error) {
      text += `${cur.stack ?? cur.message}\n`;
      cur = cur.cause;
      if (cur !== undefined) text += 'Caused by: ';
    }
  }
  return text;
}

/**
 * Runs the `lakota` command line with the given arguments (without `node`
 * and the script) and streams. Returns the exit status: 0 on success, 1 when
 * the command failed, 2 when the command line itself is wrong.
 */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  let context: Context | undefined;
  let commandName = '';
  const app: App = {
    context: () => {
      if (!context) throw new Error('The command context is made before any action runs');
      return context;
    },
  };
  const program = buildProgram(app);
  configure(program, io, 'lakota');
  program.hook('preAction', (_, action) => {
    const o = program.opts<Partial<GlobalOptions>>();
    const options: GlobalOptions = {
      repo: o.repo ?? [],
      verbose: o.verbose ?? 0,
      timing: Boolean(o.timing),
      pretty: Boolean(o.pretty),
      metrics: Boolean(o.metrics),
    };
    context = new Context(options, io);
    commandName = action.name();
  });

  if (lacksCommand(argv)) {
    // As Python Lakota: without a command, print the help and succeed.
    io.stdout.write(program.helpInformation());
    return 0;
  }
  const started = performance.now();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof OutputClosed) return 0;
    io.stderr.write(describeError(err, context?.options.verbose ?? 0));
    return 1;
  } finally {
    if (context?.options.timing) {
      io.stderr.write(
        `Timing (${commandName}): ${((performance.now() - started) / 1000).toFixed(3)} s\n`,
      );
    }
    if (context?.options.metrics) {
      for (const line of context.metricsReport()) io.stderr.write(`${line}\n`);
    }
  }
}
