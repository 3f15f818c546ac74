// Registers every Rivulet element; the composition root imports this once and mounts <rv-app>.

export { RvApp } from './rv-app.ts';
export type { AppServices } from './services.ts';
export { shareUrlFor } from './services.ts';
