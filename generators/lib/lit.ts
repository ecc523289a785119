// Literal encoders: every value rendered into Go source, YAML, a Dockerfile or a Makefile goes
// through one of these (defence in depth: the validators already refuse anything odd).
// Templates reach them as ctx.lit.go(x), ctx.lit.yaml(x), ... (see `lit` below).

/** \uXXXX / \UXXXXXXXX escapes of one code point (the syntax Go and YAML double quotes share). */
function uEscape(cp: number): string {
  return cp <= 0xffff ? `\\u${cp.toString(16).padStart(4, '0')}` : `\\U${cp.toString(16).padStart(8, '0')}`;
}

/** Shared by Go and YAML: printable ASCII kept, \ and " escaped, everything else as an escape. */
function asciiQuoted(value: unknown): string {
  const s = String(value);
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) throw new Error(`cannot encode a lone UTF-16 surrogate (U+${cp.toString(16)})`);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (cp >= 0x20 && cp <= 0x7e) out += ch;
    else out += uEscape(cp);
  }
  return `${out}"`;
}

/** A Go interpreted string literal whose value is exactly `value` (ASCII only). */
export function goString(value: unknown): string {
  return asciiQuoted(value);
}

/** A YAML double-quoted scalar whose value is exactly `value` (ASCII only; valid YAML 1.1 and 1.2). */
export function yamlString(value: unknown): string {
  return asciiQuoted(value);
}

/** A decimal integer literal (Go, YAML, Dockerfile); refuses anything that is not a safe integer. */
export function intLiteral(value: unknown): string {
  const n = typeof value === 'number' ? value : Number.NaN;
  if (!Number.isSafeInteger(n)) throw new Error(`internal: not an integer: ${JSON.stringify(value)}`);
  return String(n);
}

/** A Go identifier (or part of one). */
export function goIdentifier(value: unknown): string {
  const s = String(value);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) throw new Error(`internal: not a Go identifier: ${JSON.stringify(s)}`);
  return s;
}

/**
 * Text inside a // or # comment, a go.mod directive or a Go raw string: one line of printable
 * ASCII without quotes, backslashes, backticks or comment delimiters. Anything else is refused
 * (the validators never let such a value through; this is the second line of defence).
 */
export function commentText(value: unknown): string {
  const s = String(value);
  if (!/^[\x20-\x7e]*$/.test(s) || /["\\`]|\*\/|\/\*/.test(s)) throw new Error(`internal: unsafe value for generated source: ${JSON.stringify(s)}`);
  return s;
}

/** A Dockerfile double-quoted value (LABEL, ENV): \\, " and $ escaped; newlines refused. */
export function dockerQuoted(value: unknown): string {
  const s = String(value);
  if (/[\r\n\0]/.test(s)) throw new Error(`internal: unsafe value for a Dockerfile: ${JSON.stringify(s)}`);
  return `"${s.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
}

/** A bare word in a Dockerfile or shell command: no whitespace, quotes, $, # or newlines. */
export function shellWord(value: unknown): string {
  const s = String(value);
  if (!/^[A-Za-z0-9_./:@=+,-]+$/.test(s)) throw new Error(`internal: unsafe word for a Dockerfile/Makefile: ${JSON.stringify(s)}`);
  return s;
}

/** A Makefile variable value: newlines refused, $ escaped as $$. */
export function makeValue(value: unknown): string {
  const s = String(value);
  if (/[\r\n\0#]/.test(s)) throw new Error(`internal: unsafe value for a Makefile: ${JSON.stringify(s)}`);
  return s.replace(/\$/g, '$$$$');
}

/** The encoders templates use: ctx.lit.go(x), ctx.lit.yaml(x), ... */
export const lit = {
  go: goString,
  yaml: yamlString,
  int: intLiteral,
  ident: goIdentifier,
  comment: commentText,
  docker: dockerQuoted,
  word: shellWord,
  make: makeValue,
} as const;
