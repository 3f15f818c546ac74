// Layout of <rv-settings-dialog>: one fieldset per group, a tracker list with remove buttons, a grid of limits.

import { css } from 'lit';

export const settingsStyles = css`
  dialog {
    overflow: auto;
  }
  /* The title takes the focus on opening only to start reading there; it is not a control. */
  #st-title:focus,
  #st-title:focus-visible {
    outline: none;
    box-shadow: none;
  }
  @media (min-width: 481px) {
    dialog {
      width: min(42rem, calc(100vw - 1.5rem));
    }
  }
  fieldset {
    display: grid;
    gap: 0.5rem;
    margin: 0 0 1rem;
    padding: 0.75rem 0.9rem 0.9rem;
    border: 1px solid var(--rv-border);
    border-radius: 8px;
  }
  legend {
    padding: 0 0.35rem;
    font-weight: 700;
    font-size: 0.9375rem;
  }
  .hint {
    margin: 0;
    font-size: 0.8125rem;
  }
  .problem {
    margin: 0;
    color: var(--rv-danger);
    font-size: 0.875rem;
  }
  .grid {
    display: grid;
    grid-template-columns: repeat(3, minmax(0, 1fr));
    gap: 0.75rem;
  }
  .field {
    display: grid;
    gap: 0.25rem;
    align-content: start;
    font-size: 0.8125rem;
    font-weight: 600;
  }
  .field .hint {
    font-weight: 400;
  }
  .field input.text,
  .field select {
    width: 100%;
    font-weight: 400;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  .grow {
    flex: 1 1 14rem;
    min-width: 0;
  }
  .check {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    font-size: 0.875rem;
  }
  .check input {
    width: 1.1rem;
    height: 1.1rem;
  }
  .trackers {
    display: grid;
    gap: 0.25rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .trackers li {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    padding: 0.15rem 0.15rem 0.15rem 0.6rem;
    border-radius: 6px;
    background: var(--rv-surface-2);
  }
  .url {
    flex: 1;
    min-width: 0;
    font-family: var(--rv-mono);
    font-size: 0.8125rem;
    overflow-wrap: anywhere;
  }
  @media (max-width: 600px) {
    .grid {
      grid-template-columns: 1fr;
    }
  }
`;
