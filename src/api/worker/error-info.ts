// Any thrown value as the protocol's ErrorInfo: an EngineError keeps its code and numbers; anything else is
// INTERNAL (or ABORTED for an AbortError), with its message.

import { EngineError } from '../../engine/errors.ts';
import type { ErrorInfo } from '../protocol.ts';

export function errorInfo(e: unknown): ErrorInfo {
  if (e instanceof EngineError) return e.toJSON();
  if (e instanceof Error) return { code: e.name === 'AbortError' ? 'ABORTED' : 'INTERNAL', message: e.message };
  return { code: 'INTERNAL', message: String(e) };
}
