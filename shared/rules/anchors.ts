/**
 * A literal prefilter for the text rules. A pattern that starts with a character class or a
 * group of alternatives gives V8 no literal to scan for, so it tries every alternative at every
 * position of the text. Nearly every pattern, though, contains a literal that any match must
 * include; finding all such literals in one pass over the text tells which patterns are worth
 * running at all.
 */

/** Literals of which at least one occurs in every match. */
export type Clause = readonly string[];

/** Clauses that all hold for every match; none when nothing is known. */
export type Anchors = readonly Clause[];

/** One top-level alternative of a pattern, as a pattern of its own, with its anchors. */
export interface Probe {
  pattern: RegExp;
  anchors: Anchors;
}

/** Thrown for syntax the derivation does not model; the pattern then gets no anchors. */
class Unsupported extends Error {}

/**
 * Split a pattern into its top-level alternatives, each with anchors: clauses, each a set of
 * strings at least one of which occurs in any text the alternative matches, all of which must
 * hold; none when nothing can be shown, which makes it a candidate for every text. The
 * pattern matches a text exactly when one of its alternatives does, and each alternative alone
 * is cheaper to run than the union, since V8 can scan for its leading literal. Conservative by
 * construction: an atom counts only when it is certainly consumed (not under `?`, `*` or
 * `{0,`), and anything unfamiliar, such as a back-reference that splitting would break, leaves
 * the pattern whole and without anchors.
 */
export function probesOf(pattern: RegExp): Probe[] {
  // Flags change what a literal matches (`i`, `u`, `v`) or make `test` stateful (`g`, `y`).
  if (pattern.flags !== '') return [{ pattern, anchors: [] }];
  const source = pattern.source;
  let i = 0;

  // Clauses of `a|b|...`: a single alternative keeps all of its own. Of several, any may be
  // the one that matched, so they give one clause: the union of each one's best.
  function alternation(): Anchors {
    const alternatives = [sequence()];
    while (source[i] === '|') {
      i++;
      alternatives.push(sequence());
    }
    if (alternatives.length === 1) return alternatives[0]!;
    const union = new Set<string>();
    for (const clauses of alternatives) {
      const best = bestOf(clauses);
      if (!best) return [];
      for (const anchor of best) union.add(anchor);
    }
    return [[...union]];
  }

  // Clauses of a concatenation: each maximal required literal run, and each required group's.
  function sequence(): Anchors {
    const clauses: Clause[] = [];
    let run = '';
    const endRun = () => {
      if (run) clauses.push([run]);
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
        if (item.kind === 'group' && count !== 'optional') clauses.push(...item.anchors);
      }
    }
    endRun();
    return clauses;
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
      const anchors = selective(sequence());
      alternatives.push({ source: source.slice(start, i), anchors });
      if (source[i] !== '|') break;
    }
    if (i !== source.length) throw new Unsupported(')');
    return alternatives.map(({ source, anchors }) => ({ pattern: new RegExp(source), anchors }));
  } catch (error) {
    if (error instanceof Unsupported) return [{ pattern, anchors: [] }];
    throw error;
  }
}

const shortest = (clause: Clause) => Math.min(...clause.map((anchor) => anchor.length));

/** The clause rarest in text: a longer shortest literal is rarer; on a tie, fewer literals. */
function bestOf(clauses: Anchors): Clause | undefined {
  let best: Clause | undefined;
  for (const clause of clauses) {
    const gain = best ? shortest(clause) - shortest(best) : 1;
    if (gain > 0 || (gain === 0 && clause.length < best!.length)) best = clause;
  }
  return best;
}

/**
 * Short literals occur in nearly every text: as extra clauses they would cost a report at
 * most characters of the scan and rule out almost nothing.
 */
const MIN_EXTRA_ANCHOR = 4;

/** The best clause first, then the other distinct clauses worth checking. */
function selective(clauses: Anchors): Anchors {
  const best = bestOf(clauses);
  if (!best) return [];
  const seen = new Set([key(best)]);
  const kept = [best];
  for (const clause of clauses) {
    if (shortest(clause) < MIN_EXTRA_ANCHOR || seen.has(key(clause))) continue;
    seen.add(key(clause));
    kept.push(clause);
  }
  return kept;
}

const key = (clause: Clause) => [...clause].sort().join('\0');

/** What one pass over a text found; the object and its array are reused by the next pass. */
export interface Scan {
  /** One bit per pattern that may match, pattern p at bit `p & 31` of word `p >> 5`. */
  candidates: Uint32Array;
  /** Whether the text has whitespace other than single spaces. */
  uncollapsed: boolean;
}

/**
 * Build a one-pass test for which patterns may match a text, from each pattern's anchors (none:
 * always a candidate). A pattern is a candidate when the text satisfies every one of its
 * clauses. The scan reads each run of whitespace as one space, as the classifier's
 * normalisation will, so a text needs collapsing only when `uncollapsed` says so.
 *
 * An Aho–Corasick automaton compiled to a DFA: one table step per character of the text,
 * however many anchors there are. Characters that occur in no anchor share one column.
 */
export function createCandidateFilter(patterns: readonly Anchors[]): (text: string) => Scan {
  // Patterns share clauses ("unknown " in several rules); each distinct one is tracked once.
  const clauseIds = new Map<string, number>();
  const clauseAnchors: Clause[] = [];
  const patternsOfClause: number[][] = [];
  const needed = new Uint8Array(patterns.length);
  patterns.forEach((clauses, pattern) => {
    for (const clause of new Map(clauses.map((clause) => [key(clause), clause])).values()) {
      let id = clauseIds.get(key(clause));
      if (id === undefined) {
        id = clauseAnchors.push(clause) - 1;
        clauseIds.set(key(clause), id);
        patternsOfClause.push([]);
      }
      patternsOfClause[id]!.push(pattern);
      needed[pattern]!++;
    }
  });

  // A full UTF-16 table (charCodeAt never exceeds 0xffff) makes the column one load. A space
  // has a column of its own and every other whitespace character shares one: the automaton
  // reads both as one space, but only the second marks a text as needing collapsing.
  const SPACE = 1;
  const OTHER_SPACE = 2;
  const columnOf = new Uint16Array(0x10000);
  for (let code = 0; code < columnOf.length; code++) {
    if (WHITESPACE.test(String.fromCharCode(code))) columnOf[code] = code === 32 ? SPACE : OTHER_SPACE;
  }
  let width = OTHER_SPACE + 1;
  for (const anchor of clauseAnchors.flat()) {
    for (let k = 0; k < anchor.length; k++) {
      const code = anchor.charCodeAt(k);
      if (columnOf[code] === 0) columnOf[code] = width++;
    }
  }
  const trieColumn = (code: number) => (columnOf[code] === OTHER_SPACE ? SPACE : columnOf[code]!);

  // The trie of all anchors; `reports[state]` lists the clauses with an anchor ending there.
  // A lone space, reporting nothing, is in it too: then every state reached by reading
  // whitespace is one whose last trie step is a space, which the collapsing below relies on.
  const next: number[][] = [[]];
  const reports: number[][] = [[]];
  const afterSpace: boolean[] = [false];
  const insert = (anchor: string) => {
    let state = 0;
    for (let k = 0; k < anchor.length; k++) {
      const column = trieColumn(anchor.charCodeAt(k));
      if (next[state]![column] === undefined) {
        next[state]![column] = next.length;
        next.push([]);
        reports.push([]);
        afterSpace.push(column === SPACE);
      }
      state = next[state]![column]!;
    }
    return state;
  };
  insert(' ');
  clauseAnchors.forEach((clause, id) => {
    for (const anchor of clause) reports[insert(anchor)]!.push(id);
  });

  // Breadth first, so a state's failure state (its longest proper suffix in the trie) is
  // complete before the state: missing transitions borrow the failure state's, and a state
  // reports what its failure state reports, since that suffix has also just been read.
  const states = next.length;
  const target = new Int32Array(2 * states * width);
  const fail = new Int32Array(states);
  const order = [0];
  for (let q = 0; q < order.length; q++) {
    const state = order[q]!;
    for (let column = 0; column < width; column++) {
      const inherited = state === 0 ? 0 : target[fail[state]! * width + column]!;
      const child = next[state]![column];
      target[state * width + column] = child ?? inherited;
      if (child === undefined) continue;
      fail[child] = inherited;
      reports[child] = [...new Set([...reports[child]!, ...reports[inherited]!])];
      order.push(child);
    }
  }

  // Whitespace runs read as one space. Each state has a twin, `state + states`, with the same
  // transitions that also reports the pseudo-clause UNCOLLAPSED. Whitespace other than a space
  // leads to the twin of where a space leads; after whitespace, more whitespace stays put, on
  // the twin. The scan itself then has no case for whitespace at all.
  const UNCOLLAPSED = clauseAnchors.length;
  const twin = (state: number) => state + states;
  for (let state = 0; state < states; state++) {
    const row = state * width;
    const onSpace = afterSpace[state] ? twin(state) : target[row + SPACE]!;
    target[row + SPACE] = onSpace;
    target[row + OTHER_SPACE] = afterSpace[state] ? twin(state) : twin(onSpace);
  }
  target.copyWithin(states * width, 0, states * width);
  for (let state = 0; state < states; state++) reports.push([...reports[state]!, UNCOLLAPSED]);
  order.push(...order.map(twin));

  // The scan is one dependent load per character, so the table holds the next state's row
  // offset rather than its number; for a state that reports anything, its number instead,
  // bit-inverted (negative), which the report loop needs and multiplies back into the offset.
  // Rows go in breadth-first order: the shallow states, where a scan spends most of its
  // steps, then share cache lines.
  const rank = new Int32Array(order.length);
  order.forEach((state, position) => (rank[state] = position));
  const step = new Int32Array(target.length);
  order.forEach((state, position) => {
    for (let column = 0; column < width; column++) {
      const to = target[state * width + column]!;
      step[position * width + column] = reports[to]!.length > 0 ? ~rank[to]! : rank[to]! * width;
    }
  });
  // Lists as offsets into one typed array each: the report loop then allocates nothing.
  const [reportStart, reportList] = flatten(order.map((state) => reports[state]!));
  const [patternStart, patternList] = flatten([...patternsOfClause, []]);

  const always = new Uint32Array((patterns.length + 31) >> 5);
  needed.forEach((count, pattern) => count === 0 && (always[pattern >> 5]! |= 1 << (pattern & 31)));
  const scan: Scan = { candidates: new Uint32Array(always.length), uncollapsed: false };
  const satisfied = new Uint8Array(patterns.length);
  const seen = new Uint8Array(UNCOLLAPSED + 1);
  return (text) => {
    const { candidates } = scan;
    candidates.set(always);
    satisfied.fill(0);
    seen.fill(0);
    let row = 0;
    for (let k = 0; k < text.length; k++) {
      row = step[row + columnOf[text.charCodeAt(k)]!]!;
      if (row >= 0) continue;
      const state = ~row;
      row = state * width;
      for (let r = reportStart[state]!; r < reportStart[state + 1]!; r++) {
        const clause = reportList[r]!;
        if (seen[clause]) continue;
        seen[clause] = 1;
        for (let p = patternStart[clause]!; p < patternStart[clause + 1]!; p++) {
          const pattern = patternList[p]!;
          if (++satisfied[pattern]! === needed[pattern]) candidates[pattern >> 5]! |= 1 << (pattern & 31);
        }
      }
    }
    scan.uncollapsed = seen[UNCOLLAPSED] === 1;
    return scan;
  };
}

const WHITESPACE = /\s/;

/** `lists` as one array of all items and the offset where each list starts (plus the end). */
function flatten(lists: readonly (readonly number[])[]): [start: Int32Array, items: Int32Array] {
  const start = new Int32Array(lists.length + 1);
  lists.forEach((list, k) => (start[k + 1] = start[k]! + list.length));
  return [start, Int32Array.from(lists.flat())];
}
