import { useEffect, useRef, useState } from "react";
import type { AppContext } from "./App";
import { chainStatus, reason, trades, walletConnections } from "./api";
import { displayPhone, kwh, parseKwh, priceOf, randomId, zmw } from "./format";
import type { MarketEvent } from "./gen/enerlectra/v1/events_pb";
import type { Offer } from "./gen/enerlectra/v1/offers_pb";
import type { Trade } from "./gen/enerlectra/v1/trades_pb";
import { PhoneLink } from "./PhoneLink";
import { strings as t } from "./strings";

type Method = "mobile_money" | "wallet";

/**
 * The Hybrid Payment Modal: recommends what the server's "hybrid" choice would pick and says why, lists the ways to
 * pay with their time and fee, makes sure a verified phone is linked, then follows the payment live.
 */
export function PaymentModal({ ctx, offer, onClose }: { ctx: AppContext; offer: Offer; onClose: () => void }) {
  const [amount, setAmount] = useState(kwh(offer.remainingWh).replace(" kWh", "").replace(/,/g, ""));
  const [walletPossible, setWalletPossible] = useState<boolean | null>(null);
  const [choice, setChoice] = useState<Method | null>(null);
  const [trade, setTrade] = useState<Trade | null>(null);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const dialog = useRef<HTMLDivElement>(null);
  const wallet = ctx.wallet;

  // What "hybrid" would choose: the buyer's own wallet when one is connected, the offer can be paid from it and
  // wallet payments are on; mobile money otherwise.
  useEffect(() => {
    let cancelled = false;
    (async () => {
      let possible = false;
      try {
        const [status, connection] = await Promise.all([
          chainStatus.getStatus({}),
          walletConnections.getConnection({ userId: ctx.session.userId }),
        ]);
        possible = connection.connected && offer.payableFromWallet && !!status.data?.activePaymentMethods.includes("blockchain");
      } catch {
        possible = false;
      }
      if (!cancelled) {
        setWalletPossible(possible);
        setChoice((c) => c ?? (possible ? "wallet" : "mobile_money"));
      }
    })();
    return () => { cancelled = true; };
  }, [offer, ctx.session.userId]);

  useEffect(() => {
    dialog.current?.querySelector<HTMLElement>("h2")?.focus();
  }, []);

  // Follow the trade: every event about it from the user's stream, and a look every 2 s as a safety net.
  const final = trade?.status === "completed" || trade?.status === "failed";
  useEffect(() => {
    if (!trade || final) return;
    const id = trade.tradeId;
    const refresh = async () => {
      try {
        setTrade(await trades.getTrade({ tradeId: id }));
      } catch {
        /* keep the last known state */
      }
    };
    const onEvent = (e: Event) => {
      if ((e as CustomEvent<MarketEvent>).detail.tradeId === id) void refresh();
    };
    ctx.userEvents.addEventListener("event", onEvent);
    const timer = window.setInterval(() => void refresh(), 2_000);
    return () => {
      ctx.userEvents.removeEventListener("event", onEvent);
      window.clearInterval(timer);
    };
  }, [trade?.tradeId, final, ctx.userEvents]); // eslint-disable-line react-hooks/exhaustive-deps

  const recommended: Method = walletPossible ? "wallet" : "mobile_money";
  const wh = parseKwh(amount);
  const valid = wh !== null && wh <= offer.remainingWh;
  const total = valid ? priceOf(wh!, offer.pricePerKwhNgwee) : 0n;
  const network = wallet?.network ? t.networkNames[wallet.network] ?? wallet.network : t.networkNames.mtn;
  const hasPhone = !!wallet?.phoneNumber;
  const inProgress = !!trade && !final;

  const close = () => { if (!inProgress && !busy) onClose(); };

  async function pay() {
    if (!valid || !choice) return;
    setBusy(true);
    setError("");
    try {
      const method = choice === recommended ? "hybrid" : choice === "wallet" ? "blockchain" : "mobile_money";
      setTrade(await trades.executeTrade({ offerId: offer.offerId, energyWh: wh!, paymentMethod: method, idempotencyKey: randomId() }));
    } catch (e) {
      setError(reason(e, t.somethingWrong));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="backdrop" onClick={(e) => { if (e.target === e.currentTarget) close(); }}>
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="pay-title" ref={dialog}
           onKeyDown={(e) => { if (e.key === "Escape") close(); trapFocus(e, dialog.current); }}>
        <div className="row between">
          <h2 id="pay-title" tabIndex={-1}>{t.payTitle}</h2>
          <button className="link" aria-label={t.close} onClick={close} disabled={inProgress}>×</button>
        </div>
        <p className="muted">{t.payOfferSummary(kwh(offer.remainingWh), zmw(offer.pricePerKwhNgwee), offer.sellerId)}</p>

        {!trade && (
          <>
            <label htmlFor="pay-amount">{t.payAmountLabel}</label>
            <input id="pay-amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)}
                   aria-invalid={!valid} aria-describedby="pay-total" />
            <p id="pay-total" className={valid ? "total" : "error"}>
              {valid ? t.payTotal(zmw(total)) : t.payAmountInvalid(kwh(offer.remainingWh))}
            </p>

            <fieldset className="methods">
              <legend>{t.payMethodTitle}</legend>
              {walletPossible === null && <p>{t.loading}</p>}
              {walletPossible !== null && (
                <>
                  <MethodOption id="mobile_money" choice={choice} setChoice={setChoice} recommended={recommended}
                                title={t.methodMobileMoney(network)} time={t.methodTimeMobileMoney}
                                extra={hasPhone ? t.methodFrom(displayPhone(wallet!.phoneNumber)) : t.needPhone} />
                  {walletPossible && (
                    <MethodOption id="wallet" choice={choice} setChoice={setChoice} recommended={recommended}
                                  title={t.methodWallet} time={t.methodTimeWallet} extra={t.fallbackNote} />
                  )}
                  <p className="why" data-testid="recommendation">
                    <strong>{t.recommended}: </strong>
                    {recommended === "wallet" ? t.whyWallet : t.whyMobileMoney(network)}
                  </p>
                </>
              )}
            </fieldset>

            {choice === "mobile_money" && !hasPhone ? (
              <section aria-label={t.phoneTitle}>
                <h3>{t.needPhone}</h3>
                <PhoneLink ctx={ctx} idPrefix="pay" />
              </section>
            ) : (
              <>
                {choice === "mobile_money" && hasPhone && (
                  <details className="small">
                    <summary>{t.changePhone}</summary>
                    <PhoneLink ctx={ctx} idPrefix="pay-change" />
                  </details>
                )}
                {error && <p className="error" role="alert">{error}</p>}
                <button className="primary wide" onClick={() => void pay()} disabled={!valid || !choice || busy}>
                  {t.payButton(zmw(total))}
                </button>
              </>
            )}
          </>
        )}

        {trade && <Progress trade={trade} />}
        {final && <button className="wide" onClick={onClose}>{t.buyMore}</button>}
      </div>
    </div>
  );
}

function MethodOption(props: {
  id: Method; choice: Method | null; setChoice: (m: Method) => void; recommended: Method; title: string; time: string; extra: string;
}) {
  return (
    <label className={`method ${props.choice === props.id ? "chosen" : ""}`}>
      <input type="radio" name="method" value={props.id} checked={props.choice === props.id} onChange={() => props.setChoice(props.id)} />
      <span className="grow">
        <strong>{props.title}</strong>
        {props.recommended === props.id && <span className="badge">{props.recommended === props.id ? t.recommended : ""}</span>}
        <span className="small block">{props.time}</span>
        <span className="small block">{t.methodFee}</span>
        <span className="small block muted">{props.extra}</span>
      </span>
    </label>
  );
}

function Progress({ trade }: { trade: Trade }) {
  const failed = trade.status === "failed";
  const paid = trade.paymentStatus === "successful" || trade.status === "settling" || trade.status === "completed";
  const delivered = trade.status === "completed";
  const viaWallet = trade.paymentMethod === "blockchain";
  const steps = [
    { label: viaWallet ? t.stepApproveWallet : t.stepApprove, done: paid, now: !paid && !failed },
    { label: t.stepConfirmed, done: paid, now: false },
    { label: t.stepDelivered, done: delivered, now: paid && !delivered && !failed },
  ];
  return (
    <div className="progress" aria-live="polite" data-testid="payment-progress" data-trade-id={trade.tradeId} data-status={trade.status}>
      {trade.fallbackReason && <p className="notice" data-testid="fallback">{t.fellBack}</p>}
      <ol>
        {steps.map((s) => (
          <li key={s.label} className={s.done ? "done" : s.now ? "now" : ""}>
            <span aria-hidden="true">{s.done ? "✓" : s.now ? "…" : "○"}</span> {s.label}
            <span className="sr-only"> ({s.done ? t.stepDone : s.now ? t.stepNow : ""})</span>
          </li>
        ))}
      </ol>
      {!paid && !failed && !viaWallet && (
        <p className="notice" data-testid="waiting">{t.waitingApproval(displayPhone(trade.payerPhone))}</p>
      )}
      {delivered && <p className="ok" role="status" data-testid="delivered">{t.payDelivered(kwh(trade.energyWh))}</p>}
      {failed && (
        <div className="error" role="alert" data-testid="failed">
          <p>{t.payFailed(trade.failureReason || t.payFailedGeneric)}</p>
          <p>{t.payNotCharged}</p>
        </div>
      )}
      {(trade.fallbackReason || trade.transactionHash) && (
        <details className="small">
          <summary>{t.technicalDetails}</summary>
          {trade.fallbackReason && <p>{trade.fallbackReason}</p>}
          {trade.transactionHash && <p className="mono">{trade.transactionHash}</p>}
        </details>
      )}
    </div>
  );
}

function trapFocus(e: React.KeyboardEvent, root: HTMLElement | null) {
  if (e.key !== "Tab" || !root) return;
  const items = Array.from(root.querySelectorAll<HTMLElement>("button:not([disabled]), input, select, summary, [tabindex='-1']"));
  if (items.length === 0) return;
  const first = items[0];
  const last = items[items.length - 1];
  if (e.shiftKey && document.activeElement === first) { last.focus(); e.preventDefault(); }
  else if (!e.shiftKey && document.activeElement === last) { first.focus(); e.preventDefault(); }
}
