// Shared design tokens and base styles (buttons, inputs, progress bars) for every component's shadow root.

import { css } from 'lit';

/** Custom properties inherit through shadow roots, so rv-app sets them once for the whole tree. */
export const tokens = css`
  :host {
    color-scheme: light dark;
    --rv-font: system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif;
    --rv-mono: ui-monospace, 'SF Mono', Menlo, Consolas, monospace;
    --rv-bg: #f6f7f9;
    --rv-surface: #ffffff;
    --rv-surface-2: #f0f2f5;
    --rv-text: #1b1d22;
    --rv-muted: #5c6270;
    --rv-border: #dfe2e8;
    --rv-accent: #2563eb;
    --rv-accent-strong: #1d4ed8;
    --rv-accent-soft: #e6eefd;
    --rv-on-accent: #ffffff;
    --rv-danger: #c0262d;
    --rv-danger-soft: #fdecec;
    --rv-ok: #1f7a45;
    --rv-radius: 10px;
    --rv-shadow: 0 1px 2px rgb(16 24 40 / 0.06), 0 1px 3px rgb(16 24 40 / 0.08);
    --rv-focus: 0 0 0 3px color-mix(in srgb, var(--rv-accent) 45%, transparent);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --rv-bg: #111318;
      --rv-surface: #1a1d24;
      --rv-surface-2: #232730;
      --rv-text: #e8eaef;
      --rv-muted: #a0a6b4;
      --rv-border: #2e333d;
      --rv-accent: #6ea2ff;
      --rv-accent-strong: #8db5ff;
      --rv-accent-soft: #1e2a44;
      --rv-on-accent: #0b1020;
      --rv-danger: #ff7b7b;
      --rv-danger-soft: #3a1d20;
      --rv-ok: #5fd08f;
      --rv-shadow: 0 1px 2px rgb(0 0 0 / 0.4);
    }
  }
`;

export const base = css`
  :host {
    font-family: var(--rv-font);
    color: var(--rv-text);
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  button,
  input {
    font: inherit;
    color: inherit;
  }
  .btn {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.4em;
    min-height: 2.25rem;
    padding: 0.4rem 0.85rem;
    border: 1px solid var(--rv-border);
    border-radius: 8px;
    background: var(--rv-surface);
    color: var(--rv-text);
    font-size: 0.875rem;
    font-weight: 500;
    line-height: 1.2;
    white-space: nowrap;
    cursor: pointer;
    transition: background-color 120ms, border-color 120ms;
  }
  .btn:hover:not(:disabled) {
    background: var(--rv-surface-2);
  }
  .btn:disabled,
  .btn[aria-disabled='true'] {
    opacity: 0.5;
    cursor: not-allowed;
  }
  .btn.primary {
    background: var(--rv-accent);
    border-color: var(--rv-accent);
    color: var(--rv-on-accent);
  }
  .btn.primary:hover:not(:disabled) {
    background: var(--rv-accent-strong);
  }
  .btn.danger {
    color: var(--rv-danger);
  }
  .btn.danger.solid {
    background: var(--rv-danger);
    border-color: var(--rv-danger);
    color: var(--rv-surface);
  }
  .btn.small {
    min-height: 2rem;
    padding: 0.25rem 0.6rem;
    font-size: 0.8125rem;
  }
  .btn svg {
    width: 1.1em;
    height: 1.1em;
    flex: none;
  }
  :focus-visible {
    outline: none;
    box-shadow: var(--rv-focus);
  }
  input.text {
    min-height: 2.5rem;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--rv-border);
    border-radius: 8px;
    background: var(--rv-surface);
  }
  input.text:focus-visible {
    border-color: var(--rv-accent);
  }
  /* Progress moves with every snapshot of every row: the fill is slid (transform) rather than resized, and not
     animated, so an update is a repaint of the bar alone, never a layout or a run of animation frames. */
  .bar {
    position: relative;
    height: 6px;
    border-radius: 999px;
    background: var(--rv-surface-2);
    overflow: hidden;
    contain: layout paint style;
  }
  .bar > span {
    position: absolute;
    inset: 0;
    border-radius: inherit;
    background: var(--rv-accent);
    transform: translateX(-100%);
  }
  .bar.done > span {
    background: var(--rv-ok);
  }
  .muted {
    color: var(--rv-muted);
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      transition: none !important;
      animation: none !important;
    }
  }
`;

/** Modal <dialog>s (remove, choose files, create, QR code): one look everywhere. */
export const dialogStyles = css`
  dialog {
    width: min(36rem, calc(100vw - 1.5rem));
    max-height: calc(100dvh - 2rem);
    padding: 1.25rem;
    border: 1px solid var(--rv-border);
    border-radius: var(--rv-radius);
    background: var(--rv-surface);
    color: var(--rv-text);
    box-shadow: 0 12px 40px rgb(0 0 0 / 0.25);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.4);
  }
  dialog h2 {
    margin: 0 0 0.5rem;
    font-size: 1.0625rem;
  }
  dialog p {
    margin: 0 0 0.75rem;
    font-size: 0.875rem;
  }
  .dlg-name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .dlg-actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: 0.5rem;
    margin-top: 1rem;
  }
  @media (max-width: 480px) {
    dialog {
      width: 100vw;
      max-width: 100vw;
      max-height: 100dvh;
      margin: auto 0 0;
      border-radius: var(--rv-radius) var(--rv-radius) 0 0;
    }
  }
`;

/** Small square buttons that show only an icon (each has an aria-label and a title). */
export const iconButtonStyles = css`
  .btn.icon {
    min-width: 2.25rem;
    min-height: 2.25rem;
    padding: 0.3rem;
  }
  .btn.icon.ghost {
    border-color: transparent;
    background: transparent;
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 0.2rem;
    max-width: 12rem;
    padding: 0 0.5rem;
    border-radius: 999px;
    background: var(--rv-accent-soft);
    color: var(--rv-text);
    font-size: 0.75rem;
    line-height: 1.5rem;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  select,
  textarea {
    font: inherit;
    color: inherit;
  }
  select.text,
  textarea.text {
    min-height: 2.25rem;
    padding: 0.35rem 0.6rem;
    border: 1px solid var(--rv-border);
    border-radius: 8px;
    background: var(--rv-surface);
  }
`;
