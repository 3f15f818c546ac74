// One accessible progress bar template (role=progressbar with aria-valuenow), shared by rows, files and share jobs.

import { html, nothing, type TemplateResult } from 'lit';
import { formatPercent, percentValue } from './format.ts';
import { styleProps } from './style-props.ts';

export interface ProgressBarOptions {
  readonly progress: number;
  readonly label: string;
  readonly testid?: string;
  /** Exact verified bytes, exposed as data-verified so tests need not parse a rounded percentage. */
  readonly verified?: number;
}

export function progressBar(o: ProgressBarOptions): TemplateResult {
  const pct = percentValue(o.progress);
  // styleProps sets the offset through CSSOM, which the strict style-src CSP allows (a style attribute it would not).
  // A transform, not a width: changing it needs no layout (bench/PROFILE.md, "The downloading page's main thread").
  return html`<div class="bar ${pct === 100 ? 'done' : ''}" role="progressbar" aria-label=${o.label}
    aria-valuemin="0" aria-valuemax="100" aria-valuenow=${pct} aria-valuetext=${formatPercent(o.progress)}
    data-testid=${o.testid ?? nothing} data-verified=${o.verified ?? nothing}
    ><span style=${styleProps({ transform: `translateX(${(pct - 100).toFixed(1)}%)` })}></span></div>`;
}
