import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from './main.ts';

/** Every runnable command of the program, as typed: `cairn token create`. */
function programCommands(command: Command, prefix = 'cairn'): string[] {
  return command.commands.flatMap((sub) => {
    const name = `${prefix} ${sub.name()}`;
    return sub.commands.length === 0 ? [name] : programCommands(sub, name);
  });
}

/** The commands docs/cli.md lists: the words of each table row's first cell before its arguments. */
function documentedCommands(markdown: string): string[] {
  return [...markdown.matchAll(/^\| `(cairn[^`]*)`/gm)].map((match) => {
    const words = (match[1] ?? '').split(' ');
    const end = words.findIndex((word) => !/^[a-z][a-z-]*$/.test(word));
    return words.slice(0, end === -1 ? undefined : end).join(' ');
  });
}

describe('docs/cli.md', () => {
  it('lists every command of the cairn program, and no command it lacks', () => {
    const documented = documentedCommands(readFileSync('docs/cli.md', 'utf8'));
    expect([...documented].sort()).toEqual(programCommands(buildProgram()).sort());
    expect(documented).toContain('cairn token create');
  });
});
