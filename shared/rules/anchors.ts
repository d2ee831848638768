/**
 * A literal prefilter for the text rules. A pattern that starts with a character class or a
 * group of alternatives gives V8 no literal to scan for, so it tries every alternative at every
 * position of the text. Nearly every pattern, though, contains a literal that any match must
 * include; finding all such literals in one pass over the text tells which patterns are worth
 * running at all.
 */

/** Literals of which at least one occurs in every match; `undefined` when none is known. */
export type Anchors = readonly string[] | undefined;

/** One top-level alternative of a pattern, as a pattern of its own, with its anchors. */
export interface Probe {
  pattern: RegExp;
  anchors: Anchors;
}

/** Thrown for syntax the derivation does not model; the pattern then gets no anchors. */
class Unsupported extends Error {}

/**
 * Split a pattern into its top-level alternatives, each with anchors: strings at least one of
 * which occurs in any text the alternative matches, or `undefined` when that cannot be shown,
 * which makes it a candidate for every text. The pattern matches a text exactly when one of
 * its alternatives does, and each alternative alone is cheaper to run than the union, since
 * V8 can scan for its leading literal. Conservative by construction: an atom counts only when
 * it is certainly consumed (not under `?`, `*` or `{0,`), and anything unfamiliar, such as a
 * back-reference that splitting would break, leaves the pattern whole and without anchors.
 */
export function probesOf(pattern: RegExp): Probe[] {
  // Flags change what a literal matches (`i`, `u`, `v`) or make `test` stateful (`g`, `y`).
  if (pattern.flags !== '') return [{ pattern, anchors: undefined }];
  const source = pattern.source;
  let i = 0;

  // Best anchors of `a|b|...`: every alternative needs its own, and any of them may occur.
  function alternation(): Anchors {
    const alternatives = [sequence()];
    while (source[i] === '|') {
      i++;
      alternatives.push(sequence());
    }
    const union = new Set<string>();
    for (const anchors of alternatives) {
      if (!anchors) return undefined;
      for (const anchor of anchors) union.add(anchor);
    }
    return [...union];
  }

  // Best anchors of a concatenation: its longest required literal run, or a required group's
  // anchors when they are longer (`(?:user|mailbox) (?:is )?unknown` gives "unknown").
  function sequence(): Anchors {
    let best: Anchors;
    let run = '';
    // A longer shortest anchor is rarer in text; on a tie, fewer anchors are.
    const consider = (anchors: Anchors) => {
      if (!anchors) return;
      const gain = best ? shortest(anchors) - shortest(best) : 1;
      if (gain > 0 || (gain === 0 && anchors.length < best!.length)) best = anchors;
    };
    const endRun = () => {
      if (run) consider([run]);
      run = '';
    };
    while (i < source.length && source[i] !== '|' && source[i] !== ')') {
      const item = atom();
      const count = repeats();
      if (item.kind === 'char') {
        // `ab?c` needs "a" and "c"; `ab+c` needs "ab" (and "bc") but not "abc".
        if (count !== 'optional') run += item.char;
        if (count !== 'once') endRun();
      } else {
        endRun();
        if (item.kind === 'group' && count !== 'optional') consider(item.anchors);
      }
    }
    endRun();
    return best;
  }

  type Atom = { kind: 'char'; char: string } | { kind: 'group'; anchors: Anchors } | { kind: 'other' };

  function atom(): Atom {
    const c = source[i++]!;
    if (c === '(') return group();
    if (c === '[') {
      // A class is one unknown character; only its end matters. In JS `[]` and `[^]` are
      // complete classes, so the first `]` that is not escaped closes it.
      if (source[i] === '^') i++;
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      i++;
      return { kind: 'other' };
    }
    if (c === '.' || c === '^' || c === '$') return { kind: 'other' };
    if (c === '\\') {
      const e = source[i++] ?? '';
      if ('bBdDwWsS'.includes(e)) return { kind: 'other' };
      // \n, \x41, \u0041, \cX, back-references ...: not worth modelling.
      if (/[a-z0-9]/i.test(e)) throw new Unsupported(e);
      return { kind: 'char', char: e };
    }
    if (c === '*' || c === '+' || c === '?') throw new Unsupported(c);
    return { kind: 'char', char: c };
  }

  function group(): Atom {
    let zeroWidth = false;
    if (source.startsWith('?:', i)) i += 2;
    else if (source.startsWith('?=', i) || source.startsWith('?!', i)) [i, zeroWidth] = [i + 2, true];
    else if (source.startsWith('?<=', i) || source.startsWith('?<!', i)) [i, zeroWidth] = [i + 3, true];
    else if (source.startsWith('?<', i)) i = source.indexOf('>', i) + 1;
    else if (source[i] === '?') throw new Unsupported('(?');
    const anchors = alternation();
    if (source[i++] !== ')') throw new Unsupported('(');
    return zeroWidth ? { kind: 'other' } : { kind: 'group', anchors };
  }

  // How often the preceding atom must occur.
  function repeats(): 'optional' | 'once' | 'many' {
    const brace = /\{(\d+)(?:,\d*)?\}/y;
    brace.lastIndex = i;
    const counted = brace.exec(source);
    let result: 'optional' | 'once' | 'many';
    if (source[i] === '?' || source[i] === '*') [result, i] = ['optional', i + 1];
    else if (source[i] === '+') [result, i] = ['many', i + 1];
    else if (counted) {
      result = Number(counted[1]) === 0 ? 'optional' : counted[0] === '{1}' ? 'once' : 'many';
      i = brace.lastIndex;
    } else return 'once'; // in JS a `{` that is not a quantifier is a literal
    if (source[i] === '?') i++; // lazy
    return result;
  }

  try {
    const alternatives: { source: string; anchors: Anchors }[] = [];
    for (let start = 0; ; start = ++i) {
      const anchors = sequence();
      alternatives.push({ source: source.slice(start, i), anchors });
      if (source[i] !== '|') break;
    }
    if (i !== source.length) throw new Unsupported(')');
    return alternatives.map(({ source, anchors }) => ({ pattern: new RegExp(source), anchors }));
  } catch (error) {
    if (error instanceof Unsupported) return [{ pattern, anchors: undefined }];
    throw error;
  }
}

const shortest = (anchors: readonly string[]) => Math.min(...anchors.map((anchor) => anchor.length));

/**
 * Build a one-pass test for which patterns may match a text, from each pattern's anchors
 * (`undefined`: always a candidate). The returned function gives one flag per pattern; the
 * array is reused by the next call.
 *
 * An Aho–Corasick automaton compiled to a DFA: one table step per character of the text,
 * however many anchors there are. Characters that occur in no anchor share one column.
 */
export function createCandidateFilter(patterns: readonly Anchors[]): (text: string) => Uint8Array {
  const ascii = new Uint8Array(128);
  const nonAscii = new Map<number, number>();
  const columnOf = (code: number) => (code < 128 ? ascii[code]! : (nonAscii.get(code) ?? 0));
  let width = 1;
  for (const anchors of patterns) {
    for (const anchor of anchors ?? []) {
      for (let k = 0; k < anchor.length; k++) {
        const code = anchor.charCodeAt(k);
        if (columnOf(code) !== 0) continue;
        if (code < 128) ascii[code] = width++;
        else nonAscii.set(code, width++);
      }
    }
  }

  // The trie of all anchors; `reports[state]` lists the patterns whose anchor ends there.
  const next: number[][] = [[]];
  const reports: number[][] = [[]];
  patterns.forEach((anchors, pattern) => {
    for (const anchor of anchors ?? []) {
      let state = 0;
      for (let k = 0; k < anchor.length; k++) {
        const column = columnOf(anchor.charCodeAt(k));
        if (next[state]![column] === undefined) {
          next[state]![column] = next.length;
          next.push([]);
          reports.push([]);
        }
        state = next[state]![column]!;
      }
      reports[state]!.push(pattern);
    }
  });

  // Breadth first, so a state's failure state (its longest proper suffix in the trie) is
  // complete before the state: missing transitions borrow the failure state's, and a state
  // reports what its failure state reports, since that suffix has also just been read.
  const target = new Int32Array(next.length * width);
  const fail = new Int32Array(next.length);
  const queue = [0];
  for (let q = 0; q < queue.length; q++) {
    const state = queue[q]!;
    for (let column = 0; column < width; column++) {
      const inherited = state === 0 ? 0 : target[fail[state]! * width + column]!;
      const child = next[state]![column];
      target[state * width + column] = child ?? inherited;
      if (child === undefined) continue;
      fail[child] = inherited;
      reports[child] = [...new Set([...reports[child]!, ...reports[inherited]!])];
      queue.push(child);
    }
  }

  // The scan is one dependent load per character, so the table holds the next state's row
  // offset rather than its number, bit-inverted (negative) when that state reports anything.
  const step = target.map((state) => (reports[state]!.length > 0 ? ~(state * width) : state * width));
  const always = Uint8Array.from(patterns, (anchors) => (anchors ? 0 : 1));
  const candidates = new Uint8Array(patterns.length);
  return (text) => {
    candidates.set(always);
    let row = 0;
    for (let k = 0; k < text.length; k++) {
      row = step[row + columnOf(text.charCodeAt(k))]!;
      if (row < 0) {
        row = ~row;
        for (const pattern of reports[row / width]!) candidates[pattern] = 1;
      }
    }
    return candidates;
  };
}
