// How the bin talks to a terminal. No Yeoman import: cli.ts applies this before loading Yeoman.

/**
 * Colour only for a terminal: when stdout or stderr is not a TTY, or NO_COLOR is set, switch
 * colour off for every library Yeoman uses (chalk and yoctocolors, hence log-symbols, both honour
 * FORCE_COLOR=0). A FORCE_COLOR the user set is left alone. Returns whether colour was switched off.
 */
export function applyColourPolicy(env: NodeJS.ProcessEnv, stdoutTTY: boolean, stderrTTY: boolean): boolean {
  if (env.FORCE_COLOR !== undefined) return false;
  if ((env.NO_COLOR !== undefined && env.NO_COLOR !== '') || !stdoutTTY || !stderrTTY) {
    env.FORCE_COLOR = '0';
    return true;
  }
  return false;
}

/**
 * An error message as one line: a refused value may hold newlines or control characters (a
 * tampered .yo-rc.json); they are shown escaped instead of breaking the line.
 */
export function oneLine(message: string): string {
  return message.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));
}

