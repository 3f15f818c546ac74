import { describe, expect, it } from 'vitest';
import { shareUrlFor } from '../../../src/components/services.ts';
import { magnetFromFragment } from '../../../src/components/magnet-input.ts';

const MAGNET = 'magnet:?xt=urn:btih:c9e15763f722f23e98a29decdfae341b98d53056&dn=a%20b';

describe('shareUrlFor', () => {
  it('appends the magnet as the fragment of the app URL, dropping any query', () => {
    expect(shareUrlFor({ origin: 'https://rv.example', pathname: '/app/' }, MAGNET)).toBe(`https://rv.example/app/#${MAGNET}`);
  });

  it('gives a link whose fragment reads back as the same magnet', () => {
    const url = new URL(shareUrlFor({ origin: 'http://127.0.0.1:8080', pathname: '/' }, MAGNET));
    expect(magnetFromFragment(url.hash)).toBe(MAGNET);
  });
});
