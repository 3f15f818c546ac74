import { describe, expect, it } from 'vitest';
import { shortWrite } from '../../../src/storage/opfs-store.ts';

// Chromium 156's FileSystemSyncAccessHandle.write() over quota does not throw: it returns base::File's error code
// wrapped to uint32 (observed in tests/browser/storage/storage-quota.spec.ts).
describe('shortWrite (an OPFS write() that did not write every byte)', () => {
  it('maps 4294967288 (FILE_ERROR_NO_SPACE = -8 as uint32) to STORAGE_QUOTA_EXCEEDED with the piece and size', () => {
    const e = shortWrite(3, 0, 4294967288, 1000, 1048576);
    expect(e.code).toBe('STORAGE_QUOTA_EXCEEDED');
    expect(e.details).toEqual({ piece: 3, needed: 1048576, file: 0, written: 0 });
  });

  it('maps a genuinely short count to STORAGE_QUOTA_EXCEEDED, keeping how much was written', () => {
    const e = shortWrite(7, 2, 512, 1000, 16384);
    expect(e.code).toBe('STORAGE_QUOTA_EXCEEDED');
    expect(e.details.written).toBe(512);
  });

  it('maps any other wrapped error code (here -1, FILE_ERROR_FAILED) to STORAGE_IO with the signed code', () => {
    const e = shortWrite(1, 4, 4294967295, 1000, 16384);
    expect(e.code).toBe('STORAGE_IO');
    expect(e.details).toEqual({ piece: 1, file: 4, errorCode: -1, expected: 1000 });
  });
});
