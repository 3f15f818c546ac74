import { describe, expect, it } from 'vitest';
import { torrentErrorSummary, torrentErrorText } from '../../../src/components/torrent-error.ts';

const quota = { code: 'STORAGE_QUOTA_EXCEEDED', message: 'Out of storage space while trying to write a piece.', details: { piece: 3, needed: 1048576 } };
const other = { code: 'PEER_PROTOCOL', message: 'Bad message length', details: { received: 9, expected: 5 } };

describe('torrent errors in words', () => {
  it('explains a full quota: what happened, that nothing is lost, and what to do', () => {
    const text = torrentErrorText(quota);
    expect(text).toMatch(/full/);
    expect(text).toMatch(/Nothing was lost/);
    expect(text).toMatch(/removing torrents/);
    expect(text).toMatch(/persistent storage/);
    expect(text).toMatch(/resume/);
    expect(text).not.toContain('STORAGE_QUOTA_EXCEEDED');
    expect(torrentErrorSummary(quota)).toBe('Storage full: resumes by itself once space is freed.');
  });

  it('keeps the engine message and its code for other errors (what a bug report needs)', () => {
    expect(torrentErrorText(other)).toBe('Bad message length (PEER_PROTOCOL)');
    expect(torrentErrorSummary(other)).toBe('Bad message length');
  });
});
