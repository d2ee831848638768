import { describe, expect, it } from 'vitest';
import { classifyBounce } from '../shared/rules';
import { loadReplyCorpus } from './helpers/reply-corpus';

/**
 * The provider reply corpus: real replies from providers' published SMTP error references,
 * blocklists' pages and bounces pasted in public issues (`test/fixtures/replies/`), each with
 * the verdict it must get. The rules were written from the sources, not from these lines; this
 * holds them to what the field really sends.
 */
const corpus = loadReplyCorpus();
const verdicts = corpus.map((line) => ({
  line,
  verdict: classifyBounce({ diagnostic: line.reply, status: line.status, replyCode: line.replyCode }),
}));
const where = ({ file, line, reply }: { file: string; line: number; reply: string }) => `${file}:${line} ${reply}`;

describe('provider reply corpus', () => {
  it('is large and wide: at least 400 distinct replies over at least 30 sources', () => {
    expect(new Set(corpus.map((line) => line.reply)).size).toBeGreaterThanOrEqual(400);
    expect(new Set(corpus.map((line) => line.file)).size).toBeGreaterThanOrEqual(30);
  });

  it('never suppresses an address the reply does not show dead', () => {
    const wrong = verdicts.filter(({ line, verdict }) => verdict.suppress && !line.suppress).map(({ line, verdict }) => `${where(line)} → ${verdict.rule}`);
    expect(wrong).toEqual([]);
  });

  it('agrees on the reason for at least 97% of replies', () => {
    const misses = verdicts.filter(({ line, verdict }) => verdict.reason !== line.reason);
    const agreement = 1 - misses.length / verdicts.length;
    expect(agreement, misses.map(({ line, verdict }) => `${where(line)}: ${line.reason} → ${verdict.reason} (${verdict.rule})`).join('\n')).toBeGreaterThanOrEqual(0.97);
  });

  it('agrees on suppression for at least 99% of replies, and on the action where the source says it', () => {
    const suppressMisses = verdicts.filter(({ line, verdict }) => verdict.suppress !== line.suppress);
    expect(suppressMisses.length / verdicts.length).toBeLessThanOrEqual(0.01);
    const withAction = verdicts.filter(({ line }) => line.action !== undefined && line.reason !== 'undefined');
    const actionMisses = withAction.filter(({ line, verdict }) => verdict.reason === line.reason && verdict.action !== line.action);
    expect(actionMisses.length / withAction.length, actionMisses.map(({ line, verdict }) => `${where(line)}: ${line.action} → ${verdict.action}`).join('\n')).toBeLessThanOrEqual(0.05);
  });
});
