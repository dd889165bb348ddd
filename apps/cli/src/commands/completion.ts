import { quoteExcerpt } from '@lakota/core';
import { Command, type Option } from 'commander';
import { type App, examples } from '../app.js';
import { UsageError } from '../usage-error.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof SHELLS)[number];

/** Commands whose first argument is a collection or collection/series label. */
const LABEL_COMMANDS = [
  'read',
  'write',
  'ls',
  'length',
  'len',
  'rev',
  'merge',
  'defrag',
  'trim',
  'delete',
  'del',
  'log',
  'tag',
  'rollback',
  'diff',
  'expire',
];

/**
 * Where a snapshot is asked for, completed with the collection's tags: the
 * positional arguments after the label (1 is the first one after it).
 */
const REV_ARGUMENTS: Record<string, readonly number[]> = { tag: [2], rollback: [1], diff: [1, 2] };

interface Spec {
  names: string[];
  description: string;
  options: Option[];
}

function specs(program: Command): Spec[] {
  return program.commands.map((c) => ({
    names: [c.name(), ...c.aliases()],
    description: c.summary() || c.description(),
    options: c.options as Option[],
  }));
}

function flags(options: readonly Option[]): string[] {
  return options.flatMap((o) => [o.short, o.long].filter((f): f is string => Boolean(f)));
}

/** Values an option takes, when they are a known list. */
function values(o: Option): string[] | undefined {
  if (o.argChoices) return o.argChoices;
  if (o.long === '--closed') return ['LEFT', 'RIGHT', 'BOTH', 'NONE'];
  return undefined;
}

/** Options of any command that take a value: their value is not a positional argument. */
function valuedFlags(commands: readonly Spec[]): string[] {
  const all = commands.flatMap((c) => flags(c.options.filter((o) => o.required || o.optional)));
  return [...new Set(all)];
}

function sq(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

function bash(program: Command): string {
  const commands = specs(program);
  const globals = flags(program.options as Option[]);
  const cases = commands
    .map((c) => {
      const valueCases = c.options
        .filter((o) => values(o))
        .map(
          (o) =>
            `          ${[o.short, o.long].filter(Boolean).join('|')}) COMPREPLY=($(compgen -W ${sq((values(o) as string[]).join(' '))} -- "$cur")); return;;`,
        )
        .join('\n');
      return `      ${c.names.join('|')})
        opts=${sq([...flags(c.options), '--help'].join(' '))}
        case "$prev" in
${valueCases}
        esac;;`;
    })
    .join('\n');
  return `# bash completion for lakota. Load it with:  eval "$(lakota completion bash)"
_lakota() {
  local cur prev cmd="" opts="" i
  local -a repo=()
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      -r|--repo) repo+=(-r "\${COMP_WORDS[i+1]}"); ((i++));;
      -*) ;;
      *) cmd="\${COMP_WORDS[i]}"; break;;
    esac
  done
  if [[ -z "$cmd" ]]; then
    case "$prev" in
      -r|--repo) COMPREPLY=($(compgen -d -- "$cur")); return;;
    esac
    if [[ "$cur" == -* ]]; then
      COMPREPLY=($(compgen -W ${sq(globals.join(' '))} -- "$cur"))
    else
      COMPREPLY=($(compgen -W ${sq(commands.flatMap((c) => c.names).join(' '))} -- "$cur"))
    fi
    return
  fi
  case "$cmd" in
${cases}
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    return
  elif [[ "$cmd" == help ]]; then
    COMPREPLY=($(compgen -W ${sq(commands.flatMap((c) => c.names).join(' '))} -- "$cur"))
    return
  elif [[ "$cmd" == completion ]]; then
    COMPREPLY=($(compgen -W ${sq(SHELLS.join(' '))} -- "$cur"))
    return
  fi
  # The label, and which positional argument after it is being completed.
  local label="" pos=0 j
  for ((j = i + 1; j < COMP_CWORD; j++)); do
    case "\${COMP_WORDS[j]}" in
      ${valuedFlags(commands).join('|')}) ((j++));;
      -*) ;;
      *) [[ $pos == 0 ]] && label="\${COMP_WORDS[j]}"; ((pos++));;
    esac
  done
  local revision=""
  case "$cmd:$pos" in
    ${Object.entries(REV_ARGUMENTS)
      .flatMap(([c, ps]) => ps.map((p) => `${c}:${p}`))
      .join('|')}) revision=1;;
  esac
  [[ "$prev" == --at ]] && revision=1
  if [[ -n "$revision" && -n "$label" ]]; then
    local IFS=$'\\n' tags
    tags=$(lakota "\${repo[@]}" tag "\${label%%/*}" 2>/dev/null | tail -n +2 | cut -d, -f1)
    COMPREPLY=($(compgen -W "$tags" -- "$cur"))
  elif [[ "$cur" != -* && " ${LABEL_COMMANDS.join(' ')} " == *" $cmd "* ]]; then
    local IFS=$'\\n' labels
    if [[ "$cur" == */* ]]; then
      labels=$(lakota "\${repo[@]}" ls "\${cur%%/*}" 2>/dev/null | tail -n +2 | sed "s|^|\${cur%%/*}/|")
    else
      labels=$(lakota "\${repo[@]}" ls 2>/dev/null | tail -n +2)
    fi
    COMPREPLY=($(compgen -W "$labels" -- "$cur"))
  fi
}
complete -o default -F _lakota lakota
`;
}

function zsh(program: Command): string {
  return `# zsh completion for lakota. Load it with:  eval "$(lakota completion zsh)"
# zsh runs the bash completion through bashcompinit (compinit first, if the shell has not yet).
(( $+functions[compdef] )) || { autoload -U +X compinit && compinit }
autoload -U +X bashcompinit && bashcompinit
${bash(program).split('\n').slice(1).join('\n')}`;
}

function fish(program: Command): string {
  const commands = specs(program);
  const lines = [
    '# fish completion for lakota. Load it with:  lakota completion fish | source',
    'complete -c lakota -f',
  ];
  for (const o of program.options as Option[]) {
    lines.push(`complete -c lakota -n __fish_use_subcommand ${fishFlag(o)}`);
  }
  for (const c of commands) {
    for (const name of c.names) {
      lines.push(`complete -c lakota -n __fish_use_subcommand -a ${name} -d ${sq(c.description)}`);
    }
    const seen = `'__fish_seen_subcommand_from ${c.names.join(' ')}'`;
    for (const o of c.options) lines.push(`complete -c lakota -n ${seen} ${fishFlag(o)}`);
  }
  lines.push(
    `complete -c lakota -n '__fish_seen_subcommand_from help' -a ${sq(commands.flatMap((c) => c.names).join(' '))}`,
  );
  lines.push(
    `complete -c lakota -n '__fish_seen_subcommand_from completion' -a ${sq(SHELLS.join(' '))}`,
  );
  lines.push(
    `complete -c lakota -n '__fish_seen_subcommand_from ${LABEL_COMMANDS.join(' ')}' -a '(lakota ls 2>/dev/null | tail -n +2)'`,
  );
  // After the label, the collection's tags stand for snapshots.
  lines.push(
    'function __lakota_tags',
    '  set -l words (commandline -opc)',
    '  for k in (seq 3 (count $words))',
    `    if contains -- $words[(math $k - 1)] ${Object.keys(REV_ARGUMENTS).join(' ')} read; and not string match -q -- '-*' $words[$k]`,
    '      lakota tag (string split -m1 / -- $words[$k])[1] 2>/dev/null | tail -n +2 | string split -f1 ,',
    '      return',
    '    end',
    '  end',
    'end',
    `complete -c lakota -n '__fish_seen_subcommand_from ${Object.keys(REV_ARGUMENTS).join(' ')}' -a '(__lakota_tags)'`,
    "complete -c lakota -n '__fish_seen_subcommand_from read' -l at -x -a '(__lakota_tags)'",
  );
  return `${lines.join('\n')}\n`;
}

function fishFlag(o: Option): string {
  const parts: string[] = [];
  if (o.short)
    parts.push(o.short.startsWith('--') ? `-l ${o.short.slice(2)}` : `-s ${o.short.slice(1)}`);
  if (o.long) parts.push(`-l ${o.long.slice(2)}`);
  if (o.required || o.optional) {
    const v = values(o);
    parts.push(v ? `-x -a ${sq(v.join(' '))}` : '-r');
  }
  parts.push(`-d ${sq(o.description.split('\n')[0] ?? '')}`);
  return parts.join(' ');
}

export function completionCommand(app: App, program: Command): Command {
  const command = new Command('completion')
    .summary('print a shell completion script')
    .description('Print a shell completion script for bash, zsh or fish.')
    .argument('<shell>', SHELLS.join(', '))
    .action(async (shell: string) => {
      if (!SHELLS.includes(shell as Shell)) {
        throw new UsageError(
          `Unknown shell ${quoteExcerpt(shell, { quote: "'" })}: use ${SHELLS.join(', ')}`,
        );
      }
      const script =
        shell === 'bash' ? bash(program) : shell === 'zsh' ? zsh(program) : fish(program);
      await app.context().out.write(script);
    });
  return examples(command, [
    'eval "$(lakota completion bash)"    # in ~/.bashrc',
    'eval "$(lakota completion zsh)"     # in ~/.zshrc',
    'lakota completion fish > ~/.config/fish/completions/lakota.fish',
  ]);
}
