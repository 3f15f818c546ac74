// The seam between a tracker client (which relays offers and answers) and whatever makes WebRTC connections.
// The tracker client never touches RTCPeerConnection, so Node tests can drive it with a stub.

import type { SessionDescription } from './tracker/ws-protocol.ts';

export interface OfferToSend {
  /** 20 random bytes as hex: the tracker relays it back with the answer. */
  readonly offerIdHex: string;
  readonly offer: SessionDescription;
}

export interface Signaling {
  /**
   * Up to `count` offers made ahead of time (gathered, channel already with the engine), now given to this torrent;
   * none when there are none ready. Lets a torrent's first announce leave without waiting for ICE gathering.
   */
  readyOffers?(infoHashHex: string, count: number): readonly OfferToSend[];
  /** Up to `count` fresh offers for a torrent; fewer (or none) when limits apply. Never rejects. */
  createOffers(infoHashHex: string, count: number): Promise<readonly OfferToSend[]>;
  /** Offers that were made but could not be sent (the socket closed meanwhile): release them now. */
  discardOffers(infoHashHex: string, offerIdsHex: readonly string[]): void;
  /** A remote peer's offer: resolves the answer to relay back, or null to ignore it. Never rejects. */
  answerOffer(infoHashHex: string, remotePeerIdHex: string, offer: SessionDescription): Promise<SessionDescription | null>;
  /** A remote peer's answer to one of our offers. */
  acceptAnswer(infoHashHex: string, remotePeerIdHex: string, offerIdHex: string, answer: SessionDescription): void;
}
