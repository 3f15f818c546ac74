import { describe, expect, it } from 'vitest';
import { magnetFromFragment } from '../../../src/components/magnet-input.ts';
import { magnetHandlerUrl } from '../../../src/components/platform.ts';

const HEX = 'c9e15763f722f23e98a29decdfae341b98d53056';
const MAGNET = `magnet:?xt=urn:btih:${HEX}&dn=Big+Buck%20Bunny&tr=wss%3A%2F%2Ftracker.example%2Fannounce`;

/** What Chromium puts at %s (ProtocolHandler::TranslateUrl: EscapeQueryParamValue of the link, spaces as '+'). */
function chromiumEscape(url: string): string {
  return encodeURIComponent(url).replace(/%20/g, '+');
}

describe('magnetHandlerUrl', () => {
  it('is the app itself with the link as the fragment', () => {
    expect(magnetHandlerUrl({ origin: 'https://rivulet.example', pathname: '/' })).toBe('https://rivulet.example/#%s');
    expect(magnetHandlerUrl({ origin: 'http://127.0.0.1:8080', pathname: '/app/' })).toBe('http://127.0.0.1:8080/app/#%s');
  });

  it('round-trips a magnet link as the browser substitutes it', () => {
    const opened = new URL(magnetHandlerUrl({ origin: 'https://rivulet.example', pathname: '/' }).replace('%s', chromiumEscape(MAGNET)));
    // The fragment never reaches the server; the page reads it back to the very link that was clicked.
    expect(opened.pathname).toBe('/');
    expect(opened.search).toBe('');
    expect(magnetFromFragment(opened.hash)).toBe(MAGNET);
  });

  it('also reads a link a browser passes unescaped', () => {
    expect(magnetFromFragment(`#${MAGNET}`)).toBe(MAGNET);
  });
});
