import { describe, expect, it, vi } from 'vitest';
import { lockedHandle } from '../../../src/storage/opfs-locked-handle.ts';

describe('lockedHandle (createSyncAccessHandle with retries)', () => {
  /** A file handle whose createSyncAccessHandle() answers from `script`, one entry per call. */
  function fakeFile(script: ('stall' | 'locked' | 'ok')[]) {
    const closed: number[] = [];
    let calls = 0;
    const fh = {
      name: 'f0',
      createSyncAccessHandle(): Promise<FileSystemSyncAccessHandle> {
        const n = calls++;
        const step = script[n] ?? 'ok';
        if (step === 'stall') return new Promise(() => {});
        if (step === 'locked') return Promise.reject(new DOMException('locked', 'NoModificationAllowedError'));
        return Promise.resolve({ id: n, close: () => void closed.push(n) } as unknown as FileSystemSyncAccessHandle);
      },
    };
    return { fh: fh as unknown as FileSystemFileHandle, calls: () => calls, closed };
  }

  it('asks again when a call never settles, and returns the next handle', async () => {
    vi.useFakeTimers();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const f = fakeFile(['stall', 'ok']);
      const opened = lockedHandle(f.fh);
      await vi.advanceTimersByTimeAsync(2000);
      expect(((await opened) as unknown as { id: number }).id).toBe(1);
      expect(f.calls()).toBe(2);
      expect(warn.mock.calls).toEqual([['createSyncAccessHandle(f0) has not settled in 2000 ms: asking again (1)']]);
    } finally {
      warn.mockRestore();
      vi.useRealTimers();
    }
  });

  it('retries a locked file, and gives up with STORAGE_IO when every call stalls', async () => {
    vi.useFakeTimers();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const locked = fakeFile(['locked', 'locked', 'ok']);
      const opened = lockedHandle(locked.fh);
      await vi.advanceTimersByTimeAsync(300);
      expect(((await opened) as unknown as { id: number }).id).toBe(2);

      const stuck = fakeFile(['stall', 'stall', 'stall', 'stall', 'stall']);
      const failed = lockedHandle(stuck.fh).catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(10_000);
      expect(await failed).toMatchObject({ code: 'STORAGE_IO', details: { stalls: 3 } });
      // A lock is retried quietly; each stall is worth a warning.
      expect(warn.mock.calls.map((c) => c[0])).toEqual([1, 2, 3].map((n) => `createSyncAccessHandle(f0) has not settled in 2000 ms: asking again (${n})`));
    } finally {
      warn.mockRestore();
      vi.useRealTimers();
    }
  });
});
