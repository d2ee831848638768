/**
 * The phrase matcher: finds which phrases (ordered terms with gaps, see `Phrase` in `types.ts`)
 * occur in a text, for thousands of phrases at once.
 *
 * One pass of an Aho–Corasick automaton over the text finds every word-bounded occurrence of
 * every term; a phrase is then checked only when all of its terms occurred, from the positions
 * recorded. The automata's transition tables are filled lazily: building them costs only the
 * tries and their failure links, and a scan pays for a state's row the first time it reaches
 * the state. Most texts visit the same shallow states, so after warm-up a scan is about one
 * table load per character.
 */
import type { Phrase } from './types';

/** Largest number of characters between two terms of one phrase. */
export const MAX_GAP = 60;

const GAP = ' ... ';
const PREFIX_INSIDE = /\* (?!\.\.\. )/g;

/** A phrase as the ids of its terms, in order. */
interface CompiledPhrase {
  terms: Int32Array;
}

interface Term {
  text: string;
  /** Must the character before the term not be a word character? */
  boundedStart: boolean;
  /** Must the character after the term not be a word character? */
  boundedEnd: boolean;
}

/** Thrown at module load for a phrase that breaks the grammar; names the phrase. */
export class PhraseError extends Error {
  override name = 'PhraseError';
}

// Letters and digits of the scripts that separate words with spaces; Chinese, Japanese and
// Korean characters are not word characters here, so their terms match anywhere.
const isWord = new Uint8Array(0x10000);
for (const [from, to] of [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x61, 0x7a],
  [0xc0, 0x24f],
  [0x370, 0x3ff],
  [0x400, 0x52f],
] as const) {
  isWord.fill(1, from, to + 1);
}
isWord[0xd7] = 0; // ×
isWord[0xf7] = 0; // ÷

function parseTerm(raw: string, phrase: string): Term {
  const prefix = raw.endsWith('*');
  const text = prefix ? raw.slice(0, -1) : raw;
  if (text === '' || text !== text.trim() || /\s{2}|[^\S ]/.test(text) || text.includes('*')) {
    throw new PhraseError(`Bad term ${JSON.stringify(raw)} in phrase ${JSON.stringify(phrase)}: terms are non-empty, single-spaced, with at most a trailing "*".`);
  }
  if (text !== text.toLowerCase()) throw new PhraseError(`Phrase ${JSON.stringify(phrase)} must be lower case.`);
  return {
    text,
    boundedStart: isWord[text.charCodeAt(0)] === 1,
    boundedEnd: !prefix && isWord[text.charCodeAt(text.length - 1)] === 1,
  };
}

/** What one scan found; valid until the next scan of the same matcher. */
export interface PhraseScan {
  /** The text scanned. */
  readonly text: string;
  /** Does phrase `id` (as numbered by `createPhraseMatcher`'s input) occur in the text? */
  has(id: number): boolean;
  /** The ids of phrases that may occur (all terms seen), lowest first, into `out`; returns its length. */
  candidates(out: Int32Array): number;
}

/**
 * Compile `phrases` (numbered by position) into a matcher. The returned function scans a
 * normalised text (lower case, whitespace collapsed) and answers which phrases occur.
 * Throws `PhraseError` for a phrase that breaks the grammar.
 */
export function createPhraseMatcher(phrases: readonly Phrase[]): (text: string) => PhraseScan {
  // Terms are shared between phrases; each distinct (text, bounds) is one term.
  const termIds = new Map<string, number>();
  const terms: Term[] = [];
  const compiled: CompiledPhrase[] = phrases.map((phrase) => {
    // A prefix word inside a term ("verif* fail*") ends that term: what follows is the next term.
    const parts = phrase.replace(PREFIX_INSIDE, `*${GAP}`).split(GAP);
    const ids = parts.map((raw) => {
      const term = parseTerm(raw, phrase);
      const key = `${term.text}\0${term.boundedStart}\0${term.boundedEnd}`;
      let id = termIds.get(key);
      if (id === undefined) {
        id = terms.push(term) - 1;
        termIds.set(key, id);
      }
      return id;
    });
    return { terms: Int32Array.from(ids) };
  });

  // Which phrases each term helps complete, and how many distinct terms each phrase needs.
  const phrasesOfTerm: number[][] = terms.map(() => []);
  const needed = new Int32Array(phrases.length);
  compiled.forEach(({ terms: ids }, p) => {
    for (const id of new Set(ids)) {
      phrasesOfTerm[id]!.push(p);
      needed[p]!++;
    }
  });
  const [phraseStart, phraseList] = flatten(phrasesOfTerm);

  // Two automata: one for terms of plain ASCII, which every text needs, and one for terms with
  // other characters, run only over texts that have such characters. Each keeps its table small
  // (few columns), so the rows a scan touches stay in the processor's cache.
  const ascii = terms.flatMap((term, id) => (ASCII.test(term.text) ? [id] : []));
  const other = terms.flatMap((term, id) => (ASCII.test(term.text) ? [] : [id]));
  const scanAscii = createAutomaton(terms, ascii);
  const scanOther = other.length > 0 ? createAutomaton(terms, other) : undefined;

  // Per scan: occurrences of terms as linked lists, reset by bumping `generation`.
  const generation = { value: 0 };
  const seenIn = new Int32Array(terms.length);
  const head = new Int32Array(terms.length);
  const tail = new Int32Array(terms.length);
  let occStart = new Int32Array(64);
  let occEnd = new Int32Array(64);
  let occNext = new Int32Array(64);
  let occurrences = 0;
  const satisfied = new Int32Array(phrases.length);
  const satisfiedIn = new Int32Array(phrases.length);
  const complete = new Int32Array(phrases.length);
  let completed = 0;
  let text = '';

  function record(id: number, start: number, end: number): void {
    if (occurrences === occStart.length) {
      const grow = (array: Int32Array) => {
        const bigger = new Int32Array(array.length * 2);
        bigger.set(array);
        return bigger;
      };
      occStart = grow(occStart);
      occEnd = grow(occEnd);
      occNext = grow(occNext);
    }
    const o = occurrences++;
    occStart[o] = start;
    occEnd[o] = end;
    occNext[o] = -1;
    const gen = generation.value;
    if (seenIn[id] !== gen) {
      seenIn[id] = gen;
      head[id] = o;
      for (let k = phraseStart[id]!; k < phraseStart[id + 1]!; k++) {
        const p = phraseList[k]!;
        if (satisfiedIn[p] !== gen) {
          satisfiedIn[p] = gen;
          satisfied[p] = 0;
        }
        if (++satisfied[p]! === needed[p]!) {
          // Kept in ascending order as it grows (a few dozen at most), for `candidates`.
          let at = completed++;
          while (at > 0 && complete[at - 1]! > p) complete[at] = complete[--at]!;
          complete[at] = p;
        }
      }
    } else {
      occNext[tail[id]!] = o;
    }
    tail[id] = o;
  }

  // Do terms k.. of `phrase` occur in order, term k starting in [from, to]?
  function follows(phrase: Int32Array, k: number, from: number, to: number): boolean {
    if (k === phrase.length) return true;
    for (let o = head[phrase[k]!]!; o !== -1; o = occNext[o]!) {
      const start = occStart[o]!;
      if (start < from) continue;
      if (start > to) return false;
      if (follows(phrase, k + 1, occEnd[o]!, occEnd[o]! + MAX_GAP)) return true;
    }
    return false;
  }

  const memo = new Int32Array(phrases.length);
  const memoIn = new Int32Array(phrases.length);

  const scan: PhraseScan = {
    get text() {
      return text;
    },
    has(id) {
      const gen = generation.value;
      if (satisfiedIn[id] !== gen || satisfied[id] !== needed[id]) return false;
      if (memoIn[id] === gen) return memo[id] === 1;
      const found = follows(compiled[id]!.terms, 0, 0, text.length);
      memoIn[id] = gen;
      memo[id] = found ? 1 : 0;
      return found;
    },
    candidates(out) {
      const n = Math.min(completed, out.length);
      for (let k = 0; k < n; k++) out[k] = complete[k]!;
      return n;
    },
  };

  return (input) => {
    text = input;
    generation.value++;
    occurrences = 0;
    completed = 0;
    if (scanAscii(input, record) && scanOther) scanOther(input, record);
    return scan;
  };
}

const ASCII = /^[\x00-\x7f]*$/;

/** Called for each word-bounded occurrence of term `id` in `[start, end)`. */
type Report = (id: number, start: number, end: number) => void;

/**
 * An Aho–Corasick automaton over the terms `ids` (of `terms`): a function that reports every
 * word-bounded occurrence of them in a text, and returns whether the text has characters that
 * occur in none of these terms and are not ASCII (so another automaton may have work to do).
 *
 * The transition table is filled lazily. An entry is 0 while unknown; else the next state's row
 * offset (`rank * width`) + 1, negated when terms end in that state, so most steps of a scan are
 * one load. Allocated whole but zero-filled by the system on first touch: only rows of states a
 * scan reaches take memory. Rows go in breadth-first order: the shallow states, where a scan
 * spends most of its steps, share cache lines.
 */
function createAutomaton(terms: readonly Term[], ids: readonly number[]): (input: string, report: Report) => boolean {
  // Characters that occur in no term share column 0, which always leads back to the root.
  const columnOf = new Uint16Array(0x10000);
  let width = 1;
  for (const id of ids) {
    const { text } = terms[id]!;
    for (let k = 0; k < text.length; k++) {
      const code = text.charCodeAt(k);
      if (columnOf[code] === 0) columnOf[code] = width++;
    }
  }

  // The trie in typed arrays: each state's children as a list (first child, next sibling), the
  // root's as a table, since nearly every character is a child of the root. Upper bound on the
  // states: one per character of all terms, plus the root.
  const capacity = ids.reduce((sum, id) => sum + terms[id]!.text.length, 1);
  const rootChild = new Int32Array(width);
  const firstChild = new Int32Array(capacity).fill(-1);
  const sibling = new Int32Array(capacity).fill(-1);
  const label = new Int32Array(capacity);
  const lastTerm = new Int32Array(capacity).fill(-1);
  const termBelow = new Int32Array(terms.length).fill(-1);
  let states = 1;
  const childOf = (state: number, column: number): number => {
    if (state === 0) return rootChild[column]! - 1;
    for (let kid = firstChild[state]!; kid !== -1; kid = sibling[kid]!) if (label[kid] === column) return kid;
    return -1;
  };
  for (const id of ids) {
    const { text } = terms[id]!;
    let state = 0;
    for (let k = 0; k < text.length; k++) {
      const column = columnOf[text.charCodeAt(k)]!;
      let next = childOf(state, column);
      if (next === -1) {
        next = states++;
        label[next] = column;
        if (state === 0) rootChild[column] = next + 1;
        sibling[next] = firstChild[state]!;
        firstChild[state] = next;
      }
      state = next;
    }
    // Terms ending in one state, as a list through `termBelow`.
    termBelow[id] = lastTerm[state]!;
    lastTerm[state] = id;
  }

  // Failure links breadth first; `output[s]` is s itself when a term ends there, else the
  // nearest state on its failure chain where one does (-1: none).
  const fail = new Int32Array(states);
  const output = new Int32Array(states).fill(-1);
  const queue = new Int32Array(states);
  let queued = 1;
  for (let q = 0; q < queued; q++) {
    const state = queue[q]!;
    for (let kid = firstChild[state]!; kid !== -1; kid = sibling[kid]!) {
      let target = 0;
      for (let f = state === 0 ? -1 : fail[state]!; f >= 0; f = f === 0 ? -1 : fail[f]!) {
        const hit = childOf(f, label[kid]!);
        if (hit !== -1) {
          target = hit;
          break;
        }
      }
      fail[kid] = target;
      output[kid] = lastTerm[kid] !== -1 ? kid : output[target]!;
      queue[queued++] = kid;
    }
  }

  const length = Int32Array.from(terms, ({ text }) => text.length);
  const bounds = Uint8Array.from(terms, ({ boundedStart, boundedEnd }) => (boundedStart ? 1 : 0) | (boundedEnd ? 2 : 0));
  const table = new Int32Array(states * width);
  const rank = new Int32Array(states);
  for (let q = 0; q < states; q++) rank[queue[q]!] = q;
  const entry = (next: number) => (output[next] === -1 ? rank[next]! * width + 1 : -(rank[next]! * width + 1));
  function transition(state: number, column: number): number {
    const at = rank[state]! * width + column;
    const known = table[at]!;
    if (known !== 0) return queue[(Math.abs(known) - 1) / width]!;
    const kid = childOf(state, column);
    const next = kid !== -1 ? kid : state === 0 ? 0 : transition(fail[state]!, column);
    table[at] = entry(next);
    return next;
  }

  return (input, report) => {
    let unknownNonAscii = false;
    let row = 0;
    for (let i = 0; i < input.length; i++) {
      const code = input.charCodeAt(i);
      const column = columnOf[code]!;
      if (column === 0) {
        if (code > 0x7f) unknownNonAscii = true;
        row = 0;
        continue;
      }
      let known = table[row + column]!;
      if (known === 0) known = table[row + column] = entry(transition(queue[row / width]!, column));
      if (known > 0) {
        row = known - 1;
        continue;
      }
      row = -known - 1;
      for (let s = output[queue[row / width]!]!; s !== -1; s = output[fail[s]!]!) {
        // Terms ending here share their end; bounds flags: 1, start; 2, end (see `Term`).
        const endBounded = i + 1 < input.length && isWord[input.charCodeAt(i + 1)] === 1;
        for (let id = lastTerm[s]!; id !== -1; id = termBelow[id]!) {
          const start = i + 1 - length[id]!;
          const flags = bounds[id]!;
          if (flags & 1 && start > 0 && isWord[input.charCodeAt(start - 1)] === 1) continue;
          if (flags & 2 && endBounded) continue;
          report(id, start, i + 1);
        }
      }
    }
    return unknownNonAscii;
  };
}

/** `lists` as one array of all items and the offset where each list starts (plus the end). */
function flatten(lists: readonly (readonly number[])[]): [start: Int32Array, items: Int32Array] {
  const start = new Int32Array(lists.length + 1);
  lists.forEach((list, k) => (start[k + 1] = start[k]! + list.length));
  return [start, Int32Array.from(lists.flat())];
}
