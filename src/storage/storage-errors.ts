// Maps platform storage failures (DOMException names, Node errno codes) onto the engine's STORAGE_* codes.

import { EngineError, type ErrorDetails } from '../engine/errors.ts';

/** What the caller was doing, for the message and details ({ piece, needed, file, ... }). */
export interface StorageErrorContext {
  readonly op: string;
  readonly details?: ErrorDetails;
}

/** Converts anything a storage API threw into an EngineError; EngineErrors pass through unchanged. */
export function toStorageError(e: unknown, ctx: StorageErrorContext): EngineError {
  if (e instanceof EngineError) return e;
  const name = errorName(e);
  const code = errnoCode(e);
  const cause = e instanceof Error ? e.message : String(e);
  const details: ErrorDetails = { ...ctx.details, ...(name ? { errorName: name } : {}), ...(code ? { errno: code } : {}) };
  if (name === 'QuotaExceededError' || code === 'ENOSPC' || code === 'EDQUOT') {
    return new EngineError('STORAGE_QUOTA_EXCEEDED', `Out of storage space while trying to ${ctx.op}.`, details);
  }
  if (name === 'NoModificationAllowedError') {
    return new EngineError(
      'STORAGE_UNAVAILABLE',
      `Could not ${ctx.op}: the file is locked, most likely because this torrent is open in another tab or worker.`,
      details,
    );
  }
  if (name === 'SecurityError' || name === 'NotAllowedError' || code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new EngineError(
      'STORAGE_UNAVAILABLE',
      `Could not ${ctx.op}: the browser or OS denied storage access (private browsing or permissions?): ${cause}`,
      details,
    );
  }
  if (name === 'InvalidStateError') {
    return new EngineError('STORAGE_UNAVAILABLE', `Could not ${ctx.op}: the storage handle was closed: ${cause}`, details);
  }
  return new EngineError('STORAGE_IO', `Could not ${ctx.op}: ${cause}`, details);
}

/** The DOMException (or Error) name, '' for non-errors. */
function errorName(e: unknown): string {
  if (typeof e === 'object' && e !== null && 'name' in e && typeof e.name === 'string') return e.name;
  return '';
}

/** Node's errno string (ENOSPC, EACCES...), '' otherwise. */
function errnoCode(e: unknown): string {
  if (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string') return e.code;
  return '';
}

/** True when a platform error means "it does not exist" (OPFS NotFoundError, Node ENOENT). */
export function isNotFound(e: unknown): boolean {
  return errorName(e) === 'NotFoundError' || errnoCode(e) === 'ENOENT';
}
