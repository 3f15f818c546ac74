import { describe, expect, it } from 'vitest';
import { isEngineError, EngineError } from '../../../src/engine/errors.ts';
import {
  mayAcceptHandshake,
  mayAddChannel,
  mayBeginCheck,
  mayResume,
  peersWanted,
  pendingWaitRefusal,
  progressStep,
  refusesPeers,
  runningStatus,
  selectionHolds,
  statusAfterCheck,
  statusAfterLoad,
  uploadSlots,
  urgentCancelsOthers,
  waitRefusal,
} from '../../../src/engine/torrent-rules.ts';
import type { TorrentStatus } from '../../../src/engine/torrent-types.ts';

describe('torrent-rules', () => {
  it('refuses peers while paused, failed, checking or removed', () => {
    const refused: [TorrentStatus, boolean][] = [['paused', false], ['error', false], ['checking', false], ['downloading', true]];
    for (const [s, removed] of refused) expect(refusesPeers(s, removed)).toBe(true);
    for (const s of ['metadata', 'downloading', 'seeding'] as const) expect(refusesPeers(s, false)).toBe(false);
  });

  it('caps channels at twice the peers and peers at maxPeers', () => {
    expect(mayAddChannel('downloading', false, 9, 4, 5)).toBe(true);
    expect(mayAddChannel('downloading', false, 10, 4, 5)).toBe(false);
    expect(mayAddChannel('downloading', false, 6, 5, 5)).toBe(false);
    expect(mayAddChannel('paused', false, 0, 0, 5)).toBe(false);
  });

  it('accepts a handshake with room and no duplicate', () => {
    expect(mayAcceptHandshake('seeding', false, 4, 5, false)).toBe(true);
    expect(mayAcceptHandshake('seeding', false, 4, 5, true)).toBe(false);
    expect(mayAcceptHandshake('seeding', false, 5, 5, false)).toBe(false);
    expect(mayAcceptHandshake('checking', false, 0, 5, false)).toBe(false);
  });

  it('wants the room left under maxPeers from trackers, none while refusing peers', () => {
    expect(peersWanted('downloading', false, 3, 5)).toBe(2);
    expect(peersWanted('seeding', false, 7, 5)).toBe(0);
    expect(peersWanted('metadata', false, 0, 5)).toBe(5);
    expect(peersWanted('paused', false, 0, 5)).toBe(0);
    expect(peersWanted('checking', false, 0, 5)).toBe(0);
    expect(peersWanted('downloading', true, 0, 5)).toBe(0);
  });

  it('gives a low-priority seed one upload slot', () => {
    expect(uploadSlots(true, 4)).toBe(1);
    expect(uploadSlots(false, 4)).toBe(4);
  });

  it('resumes only a paused or failed torrent', () => {
    expect(mayResume('paused')).toBe(true);
    expect(mayResume('error')).toBe(true);
    for (const s of ['metadata', 'downloading', 'seeding', 'checking'] as const) expect(mayResume(s)).toBe(false);
  });

  it('starts a check only with metadata, not removed, and not twice', () => {
    expect(mayBeginCheck(true, false, 'seeding')).toBe(true);
    expect(mayBeginCheck(true, false, 'paused')).toBe(true);
    expect(mayBeginCheck(false, false, 'metadata')).toBe(false);
    expect(mayBeginCheck(true, true, 'seeding')).toBe(false);
    expect(mayBeginCheck(true, false, 'checking')).toBe(false);
  });

  it('keeps a paused torrent paused when its metadata loads, else downloads or seeds', () => {
    expect(statusAfterLoad('paused', true)).toBe('paused');
    expect(statusAfterLoad('metadata', false)).toBe('downloading');
    expect(statusAfterLoad('metadata', true)).toBe('seeding');
  });

  it('cancels other requests for a seek only while downloading and with pieces to fetch', () => {
    expect(urgentCancelsOthers(true, 2, 'downloading')).toBe(true);
    expect(urgentCancelsOthers(false, 2, 'downloading')).toBe(false);
    expect(urgentCancelsOthers(true, 0, 'downloading')).toBe(false);
    expect(urgentCancelsOthers(true, 2, 'seeding')).toBe(false);
    expect(urgentCancelsOthers(true, 2, 'paused')).toBe(false);
  });

  it('picks the status after resume and after a check', () => {
    expect(runningStatus(false, false)).toBe('metadata');
    expect(runningStatus(true, false)).toBe('downloading');
    expect(runningStatus(true, true)).toBe('seeding');
    expect(statusAfterCheck(true, true)).toBe('paused');
    expect(statusAfterCheck(false, true)).toBe('seeding');
    expect(statusAfterCheck(false, false)).toBe('downloading');
  });

  it('completes once, not while checking, paused or failed, and falls back to downloading when more is wanted', () => {
    expect(progressStep('downloading', true, false)).toEqual({ status: 'seeding', justCompleted: true });
    expect(progressStep('seeding', true, true)).toEqual({ status: 'seeding', justCompleted: false });
    expect(progressStep('seeding', false, true)).toEqual({ status: 'downloading', justCompleted: false });
    expect(progressStep('checking', true, false)).toEqual({ status: 'checking', justCompleted: false });
    expect(progressStep('paused', true, false)).toEqual({ status: 'paused', justCompleted: false });
    expect(progressStep('error', true, false)).toEqual({ status: 'error', justCompleted: false });
  });

  it('refuses readers with a typed error', () => {
    expect(isEngineError(waitRefusal(0, null, false), 'TORRENT_NOT_FOUND')).toBe(true);
    expect(isEngineError(waitRefusal(0, 4, true), 'TORRENT_NOT_FOUND')).toBe(true);
    expect(isEngineError(waitRefusal(4, 4, false), 'STORAGE_OUT_OF_RANGE')).toBe(true);
    expect(waitRefusal(3, 4, false)).toBeNull();
    expect(isEngineError(pendingWaitRefusal(1, 'paused', null), 'TORRENT_PAUSED')).toBe(true);
    const failed = new EngineError('STORAGE_QUOTA_EXCEEDED', 'full', {});
    expect(pendingWaitRefusal(1, 'error', failed)).toBe(failed);
    expect(pendingWaitRefusal(1, 'downloading', null)).toBeNull();
  });

  it('holds a selection only with more than one real file', () => {
    const f = (name: string, pad = false) => ({ name, path: [name], safePath: [name], length: 1, offset: 0, pad, attr: '' });
    expect(selectionHolds(true, [f('a'), f('b')])).toBe(true);
    expect(selectionHolds(true, [f('a'), f('pad', true)])).toBe(false);
    expect(selectionHolds(false, [f('a'), f('b')])).toBe(false);
  });
});
