import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../../src/engine/errors.ts';
import { errorInfo } from '../../../../src/api/worker/error-info.ts';

describe('errorInfo', () => {
  it('keeps an EngineError code, message and numbers', () => {
    const e = new EngineError('STORAGE_OUT_OF_RANGE', 'Read outside the file', { fileIndex: 2, offset: 10 });
    expect(errorInfo(e)).toEqual(e.toJSON());
    expect(errorInfo(e).code).toBe('STORAGE_OUT_OF_RANGE');
  });

  it('calls an AbortError ABORTED, any other Error INTERNAL, and anything thrown INTERNAL with its text', () => {
    const abort = new Error('stopped');
    abort.name = 'AbortError';
    expect(errorInfo(abort)).toEqual({ code: 'ABORTED', message: 'stopped' });
    expect(errorInfo(new TypeError('bad'))).toEqual({ code: 'INTERNAL', message: 'bad' });
    expect(errorInfo('oops')).toEqual({ code: 'INTERNAL', message: 'oops' });
  });
});
