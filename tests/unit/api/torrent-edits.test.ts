import { describe, expect, it } from 'vitest';
import { checkTrackerUrl, fullPriorities, isFilePriority, MAX_LABELS, normalizeLabels, normalizeTrackers } from '../../../src/api/torrent-edits.ts';

describe('normalizeLabels', () => {
  it('trims, collapses spaces, drops blanks and case-insensitive duplicates, keeps order', () => {
    expect(normalizeLabels([' b ', 'a  b', '', 'B', 'A  B', 'c'])).toEqual({ ok: true, value: ['b', 'a b', 'c'] });
  });

  it('refuses a label longer than 40 characters', () => {
    expect(normalizeLabels(['x'.repeat(41)])).toMatchObject({ ok: false, problem: { kind: 'too-long', max: 40 } });
  });

  it('refuses more than the maximum count', () => {
    const many = Array.from({ length: MAX_LABELS + 1 }, (_, i) => `l${i}`);
    expect(normalizeLabels(many)).toMatchObject({ ok: false, problem: { kind: 'too-many', count: MAX_LABELS + 1 } });
  });

  it('keeps markup as plain text (it is rendered as text)', () => {
    expect(normalizeLabels(['<b>x</b>'])).toEqual({ ok: true, value: ['<b>x</b>'] });
  });
});

describe('checkTrackerUrl', () => {
  it.each<[string, string]>([
    ['wss://t.example/announce', 'wss://t.example/announce'],
    [' ws://127.0.0.1:8000/announce/ ', 'ws://127.0.0.1:8000/announce'],
  ])('accepts %j as %j', (raw, url) => {
    expect(checkTrackerUrl(raw)).toEqual({ ok: true, value: url });
  });

  it.each<[string, string]>([
    ['http://t.example/announce', 'not-websocket'],
    ['udp://t.example:1337', 'not-websocket'],
    ['t.example', 'invalid-url'],
    ['wss://', 'invalid-url'],
    [`wss://t.example/${'x'.repeat(3000)}`, 'too-long'],
  ])('refuses %j (%s)', (raw, kind) => {
    expect(checkTrackerUrl(raw)).toMatchObject({ ok: false, problem: { kind } });
  });
});

describe('normalizeTrackers', () => {
  it('drops blanks and duplicates', () => {
    expect(normalizeTrackers(['wss://a/', '', 'wss://a', 'ws://b'])).toEqual({ ok: true, value: ['wss://a', 'ws://b'] });
  });

  it('stops at the first bad URL', () => {
    expect(normalizeTrackers(['wss://a', 'https://b'])).toMatchObject({ ok: false, problem: { kind: 'not-websocket', value: 'https://b' } });
  });
});

describe('file priorities', () => {
  it.each([0, 1, 4, 7])('%d is a priority', (p) => expect(isFilePriority(p)).toBe(true));
  it.each([2, -1, 4.5, '4', null])('%j is not', (p) => expect(isFilePriority(p)).toBe(false));

  it('fills a sparse list to the file count with normal', () => {
    expect(fullPriorities(4, [0, undefined, 7])).toEqual([0, 4, 7, 4]);
  });
});
