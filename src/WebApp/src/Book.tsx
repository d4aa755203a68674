// The order book's depth, live: a snapshot from StreamMarketData, then each level's new total; after a dropped
// connection the stream resumes after the last sequence number seen (or sends a fresh snapshot when that is too old).
import { useEffect, useState } from "react";
import { marketData, marketId } from "./api";
import { kwh, zmw } from "./format";
import type { BookLevel, MarketDataEvent } from "./gen/enerlectra/v1/market_data_pb";
import { follow, type LiveState } from "./live";
import { strings as t } from "./strings";

const shown = 10;
type Levels = Map<bigint, BookLevel>;
type Depth = { bids: Levels; asks: Levels };

function apply(depth: Depth | null, e: MarketDataEvent): Depth | null {
  if (e.type === "snapshot" && e.book) {
    return {
      bids: new Map(e.book.bids.map((l) => [l.priceNgweePerKwh, l])),
      asks: new Map(e.book.asks.map((l) => [l.priceNgweePerKwh, l])),
    };
  }
  if (e.type !== "level" || !e.level || !depth) return depth;
  const side = new Map(e.side === "buy" ? depth.bids : depth.asks);
  if (e.level.quantityWh <= 0n) side.delete(e.level.priceNgweePerKwh);
  else side.set(e.level.priceNgweePerKwh, e.level);
  return e.side === "buy" ? { ...depth, bids: side } : { ...depth, asks: side };
}

/** Best first: bids highest price first, asks lowest first. */
function best(levels: Levels, descending: boolean): BookLevel[] {
  return [...levels.values()]
    .sort((a, b) => (a.priceNgweePerKwh === b.priceNgweePerKwh ? 0 : (a.priceNgweePerKwh < b.priceNgweePerKwh) !== descending ? -1 : 1))
    .slice(0, shown);
}

export function Book() {
  const [depth, setDepth] = useState<Depth | null>(null);
  const [live, setLive] = useState<LiveState>("connecting");

  useEffect(
    () =>
      follow(
        (after, signal) => marketData.streamMarketData({ marketId, afterSequence: after, depth: 20 }, { signal }),
        (e) => setDepth((d) => apply(d, e)),
        setLive,
      ),
    [],
  );

  return (
    <section aria-labelledby="book-title" className="card" data-testid="book">
      <div className="row between">
        <h2 id="book-title">{t.bookTitle}</h2>
        <span className={`dot ${live}`}>{live === "live" ? t.live : t.reconnecting}</span>
      </div>
      <p className="muted small">{t.bookHint}</p>
      {depth === null ? (
        <p>{t.loading}</p>
      ) : (
        <div className="book">
          <Side title={t.bookBids} levels={best(depth.bids, true)} side="buy" />
          <Side title={t.bookAsks} levels={best(depth.asks, false)} side="sell" />
        </div>
      )}
    </section>
  );
}

function Side({ title, levels, side }: { title: string; levels: BookLevel[]; side: "buy" | "sell" }) {
  return (
    <table className={`depth ${side}`} data-testid={`book-${side}`}>
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">{t.bookPrice}</th>
          <th scope="col">{t.bookQuantity}</th>
        </tr>
      </thead>
      <tbody>
        {levels.length === 0 && (
          <tr><td colSpan={2} className="muted">{t.bookEmpty}</td></tr>
        )}
        {levels.map((l) => (
          <tr key={l.priceNgweePerKwh.toString()} data-testid="book-level">
            <td>{zmw(l.priceNgweePerKwh)}</td>
            <td>{kwh(l.quantityWh)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
