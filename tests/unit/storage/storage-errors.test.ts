import { describe, expect, it } from 'vitest';
import { EngineError, type EngineErrorCode } from '../../../src/engine/errors.ts';
import { isNotFound, toStorageError } from '../../../src/storage/storage-errors.ts';

const dom = (name: string): DOMException => new DOMException(`a ${name}`, name);
const errno = (code: string): Error => Object.assign(new Error(`${code}: something`), { code });

describe('toStorageError', () => {
  const vectors: [string, unknown, EngineErrorCode][] = [
    ['OPFS/IDB QuotaExceededError', dom('QuotaExceededError'), 'STORAGE_QUOTA_EXCEEDED'],
    ['Node ENOSPC', errno('ENOSPC'), 'STORAGE_QUOTA_EXCEEDED'],
    ['Node EDQUOT', errno('EDQUOT'), 'STORAGE_QUOTA_EXCEEDED'],
    ['OPFS NoModificationAllowedError (a sync handle held by another tab)', dom('NoModificationAllowedError'), 'STORAGE_UNAVAILABLE'],
    ['SecurityError (private browsing)', dom('SecurityError'), 'STORAGE_UNAVAILABLE'],
    ['NotAllowedError', dom('NotAllowedError'), 'STORAGE_UNAVAILABLE'],
    ['InvalidStateError (a closed handle)', dom('InvalidStateError'), 'STORAGE_UNAVAILABLE'],
    ['Node EACCES', errno('EACCES'), 'STORAGE_UNAVAILABLE'],
    ['Node EROFS', errno('EROFS'), 'STORAGE_UNAVAILABLE'],
    ['NotFoundError (folder removed under us)', dom('NotFoundError'), 'STORAGE_IO'],
    ['Node EIO', errno('EIO'), 'STORAGE_IO'],
    ['a plain Error', new Error('boom'), 'STORAGE_IO'],
    ['a thrown string', 'boom', 'STORAGE_IO'],
    ['undefined', undefined, 'STORAGE_IO'],
  ];
  it.each(vectors)('maps %s', (_label, thrown, code) => {
    const e = toStorageError(thrown, { op: 'write a piece', details: { piece: 7 } });
    expect(e).toBeInstanceOf(EngineError);
    expect(e.code).toBe(code);
    expect(e.details.piece).toBe(7);
    expect(e.message).toContain('write a piece');
  });

  it('keeps the caller details and adds the DOMException name for quota errors', () => {
    const e = toStorageError(dom('QuotaExceededError'), { op: 'write a piece', details: { piece: 3, needed: 262144 } });
    expect(e.details).toEqual({ piece: 3, needed: 262144, errorName: 'QuotaExceededError' });
  });

  it('adds the errno code of Node errors', () => {
    expect(toStorageError(errno('ENOSPC'), { op: 'x' }).details).toEqual({ errorName: 'Error', errno: 'ENOSPC' });
  });

  it('says in a sentence that a locked file is most likely open in another tab', () => {
    expect(toStorageError(dom('NoModificationAllowedError'), { op: 'open the torrent storage' }).message).toMatch(/another tab/);
  });

  it('passes an EngineError through unchanged', () => {
    const original = new EngineError('STORAGE_OUT_OF_RANGE', 'no', { offset: 1 });
    expect(toStorageError(original, { op: 'read' })).toBe(original);
  });
});

describe('isNotFound', () => {
  it.each([
    [dom('NotFoundError'), true],
    [errno('ENOENT'), true],
    [dom('TypeMismatchError'), false],
    [errno('EISDIR'), false],
    [null, false],
    ['NotFoundError', false],
  ])('%s -> %s', (e, want) => {
    expect(isNotFound(e)).toBe(want);
  });
});
