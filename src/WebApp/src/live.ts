// Follows a server stream of sequenced events (market, user or market data events) and keeps it open: after a dropped connection it reconnects with
// after_sequence set to the last sequence number it saw, so nothing is missed (the server replays the gap).
import { Code, ConnectError } from "@connectrpc/connect";
import { refreshSession } from "./session";

export type LiveState = "connecting" | "live" | "reconnecting";

/**
 * open(afterSequence, signal, onHeader) starts the stream. Streams opened from "now" (after_sequence 0) answer the
 * header enerlectra-sequence, the market's position then: if the connection drops before any event arrived, the app
 * resumes from there, so what happened meanwhile is not missed.
 */
export function follow<E extends { sequence: bigint }>(
  open: (afterSequence: bigint, signal: AbortSignal, onHeader: (headers: Headers) => void) => AsyncIterable<E>,
  onEvent: (e: E) => void,
  onState: (s: LiveState) => void,
  onConnect?: () => void,
): () => void {
  const abort = new AbortController();
  let last = 0n;
  void (async () => {
    let delay = 500;
    while (!abort.signal.aborted) {
      try {
        const stream = open(last, abort.signal, (headers) => {
          const position = headers.get("enerlectra-sequence");
          if (last === 0n && position && /^\d{1,19}$/.test(position)) last = BigInt(position);
        });
        onConnect?.();
        onState("live");
        for await (const event of stream) {
          if (event.sequence > last) last = event.sequence;
          delay = 500;
          onEvent(event);
        }
      } catch (e) {
        if (abort.signal.aborted) return;
        if (ConnectError.from(e).code === Code.Unauthenticated && !(await refreshSession())) return;
      }
      if (abort.signal.aborted) return;
      onState("reconnecting");
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 10_000);
    }
  })();
  return () => abort.abort();
}
