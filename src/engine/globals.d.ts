// The few host globals pure engine code may use. Every realm we run in (Node 20+, dedicated and service workers,
// windows) provides them; declaring them here keeps the engine's lib at plain es2022, so DOM use is a compile error.
// Only tsconfig.engine.json includes this file; other realms take these names from their own lib.

declare class TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
  encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer): string;
}
declare const crypto: { getRandomValues<T extends Uint8Array>(array: T): T };
declare function queueMicrotask(callback: () => void): void;
declare function btoa(data: string): string;
declare function atob(data: string): string;
declare const console: { log(...a: unknown[]): void; warn(...a: unknown[]): void; error(...a: unknown[]): void; debug(...a: unknown[]): void };
