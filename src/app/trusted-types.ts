// The page's Trusted Types `default` policy (the CSP, server/csp.js, requires Trusted Types for every script sink).
// Imported first by main.ts, so it exists before the engine worker and the service worker are created.
//
// It is called only where a plain string reaches a sink. It passes script URLs of our own origin (the engine worker,
// the service worker: Vite and workbox-window hand those over as strings or URL objects) and refuses everything
// else: a cross-origin script URL, and any HTML or script string (no createHTML/createScript, so those sinks throw).
// Lit renders through its own `lit-html` policy.

interface PolicyFactory {
  createPolicy(name: string, rules: { createScriptURL(input: string): string | null }): unknown;
}

/** Same-origin script URLs only; null refuses (the sink throws and the browser reports a violation). */
export function sameOriginScriptUrl(input: string, base: string): string | null {
  let url: URL;
  try {
    url = new URL(input, base);
  } catch {
    return null;
  }
  return url.origin === new URL(base).origin ? url.href : null;
}

const factory = (globalThis as { trustedTypes?: PolicyFactory }).trustedTypes;
factory?.createPolicy('default', { createScriptURL: (input) => sameOriginScriptUrl(input, location.href) });
