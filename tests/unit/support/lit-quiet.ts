// Unit tests load Lit's development build (vitest resolves the "development" export condition). Its one-line
// "Lit is in dev mode" notice is expected there; Lit lets users turn a warning off by its code.
(globalThis as { litIssuedWarnings?: Set<string> }).litIssuedWarnings ??= new Set();
(globalThis as { litIssuedWarnings?: Set<string> }).litIssuedWarnings!.add('dev-mode');
