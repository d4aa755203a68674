import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { useCallback, useEffect, useRef, useState } from "react";
import type { AppContext } from "./App";
import { marketEvents, marketId, offers as offerApi, reason } from "./api";
import { kwh, parseKwh, parseZmw, priceOf, randomId, when, zmw } from "./format";
import type { Offer } from "./gen/enerlectra/v1/offers_pb";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { follow, type LiveState } from "./live";
import { Book } from "./Book";
import { PaymentModal } from "./PaymentModal";
import { strings as t } from "./strings";

const expiryChoices = [6, 24, 72, 168];

export function Market(ctx: AppContext) {
  const [offers, setOffers] = useState<Offer[] | null>(null);
  const [live, setLive] = useState<LiveState>("connecting");
  const [buying, setBuying] = useState<Offer | null>(null);
  const pending = useRef<number | undefined>(undefined);

  const reload = useCallback(async () => {
    try {
      const list: Offer[] = [];
      let pageToken = "";
      do {
        const page = await offerApi.listOffers({ marketId, pageSize: 100, pageToken });
        list.push(...page.offers);
        pageToken = page.nextPageToken;
      } while (pageToken && list.length < 500);
      list.sort((a, b) => Number(a.pricePerKwhNgwee - b.pricePerKwhNgwee) || Number(a.createdAt?.seconds ?? 0n) - Number(b.createdAt?.seconds ?? 0n));
      setOffers(list);
    } catch {
      /* keep what is shown; the next event or reconnect reloads */
    }
  }, []);

  // The market refreshes itself: every offer or trade event reloads the list (a burst of events reloads once).
  useEffect(() => {
    const soon = () => {
      window.clearTimeout(pending.current);
      pending.current = window.setTimeout(() => void reload(), 150);
    };
    return follow(
      (after, signal, onHeader) => marketEvents.streamMarketEvents({ marketId, afterSequence: after }, { signal, onHeader }),
      soon,
      setLive,
      () => void reload(),
    );
  }, [reload]);

  async function cancel(offer: Offer) {
    try {
      await offerApi.cancelOffer({ offerId: offer.offerId });
      ctx.toast(t.offerCancelled, "info");
      void reload();
      void ctx.reloadWallet();
    } catch (e) {
      ctx.toast(reason(e, t.somethingWrong), "error");
    }
  }

  const me = ctx.session.userId;
  return (
    <div className="columns">
      <section aria-labelledby="offers-title" className="card">
        <div className="row between">
          <h1 id="offers-title">{t.offersTitle}</h1>
          <span className={`dot ${live}`}>{live === "live" ? t.live : t.reconnecting}</span>
        </div>
        {offers === null && <p>{t.loading}</p>}
        {offers?.length === 0 && <p className="muted">{t.offersEmpty}</p>}
        <ul className="offers" data-testid="offers">
          {offers?.map((o) => (
            <li key={o.offerId} className="offer" data-testid="offer" data-offer-id={o.offerId}>
              <div className="grow">
                <strong>{t.offerLine(kwh(o.remainingWh), zmw(o.pricePerKwhNgwee))}</strong>
                <div className="muted small">
                  {o.sellerId === me ? t.offerYours : t.offerSeller(o.sellerId)}
                  {" · "}
                  {t.offerTotal(zmw(priceOf(o.remainingWh, o.pricePerKwhNgwee)))}
                  {o.expiresAt && <> · {t.offerExpires(when(timestampDate(o.expiresAt)))}</>}
                </div>
              </div>
              {o.sellerId === me ? (
                <button className="secondary" aria-label={t.cancelOfferLabel(kwh(o.remainingWh))} onClick={() => void cancel(o)}>
                  {t.cancelOffer}
                </button>
              ) : (
                <button aria-label={t.buyFrom(o.sellerId, kwh(o.remainingWh))} onClick={() => setBuying(o)} disabled={o.remainingWh <= 0n}>
                  {t.buy}
                </button>
              )}
            </li>
          ))}
        </ul>
      </section>
      <div className="stack">
        <SellForm {...ctx} onCreated={() => void reload()} />
        <Book />
      </div>
      {buying && <PaymentModal ctx={ctx} offer={buying} onClose={() => { setBuying(null); void reload(); }} />}
    </div>
  );
}

function SellForm(ctx: AppContext & { onCreated: () => void }) {
  const [amount, setAmount] = useState("");
  const [price, setPrice] = useState("");
  const [hours, setHours] = useState(24);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  async function submit() {
    const wh = parseKwh(amount);
    const ngwee = parseZmw(price);
    if (!wh) return setMessage({ text: t.sellAmountInvalid, error: true });
    if (!ngwee) return setMessage({ text: t.sellPriceInvalid, error: true });
    setBusy(true);
    setMessage(null);
    try {
      await offerApi.createOffer({
        energyWh: wh,
        pricePerKwhNgwee: ngwee,
        expiresAt: timestampFromDate(new Date(Date.now() + hours * 3_600_000)),
        marketId,
        idempotencyKey: randomId(),
      });
      setMessage({ text: t.sellDone(kwh(wh), zmw(ngwee)), error: false });
      setAmount("");
      ctx.onCreated();
      void ctx.reloadWallet();
    } catch (e) {
      setMessage({ text: reason(e, t.somethingWrong), error: true });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="sell-title" className="card">
      <h2 id="sell-title">{t.sellTitle}</h2>
      {ctx.wallet && <p className="muted">{t.sellAvailable(kwh(ctx.wallet.availableWh))}</p>}
      <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <label htmlFor="sell-amount">{t.sellAmountLabel}</label>
        <input id="sell-amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} required />
        <label htmlFor="sell-price">{t.sellPriceLabel}</label>
        <input id="sell-price" inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} required />
        <label htmlFor="sell-expiry">{t.sellExpiryLabel}</label>
        <select id="sell-expiry" value={hours} onChange={(e) => setHours(Number(e.target.value))}>
          {expiryChoices.map((h) => <option key={h} value={h}>{t.expiryHours(h)}</option>)}
        </select>
        {message && <p className={message.error ? "error" : "ok"} role={message.error ? "alert" : "status"}>{message.text}</p>}
        <button type="submit" disabled={busy}>{busy ? t.sellBusy : t.sellButton}</button>
      </form>
    </section>
  );
}
