import { timestampDate } from "@bufbuild/protobuf/wkt";
import { useEffect, useState } from "react";
import type { AppContext } from "./App";
import { reason, wallets } from "./api";
import { displayPhone, kwh, when, zmw } from "./format";
import type { WalletHistoryEntry } from "./gen/enerlectra/v1/wallets_pb";
import { PhoneLink } from "./PhoneLink";
import { strings as t } from "./strings";

/** One history entry in plain words, amounts in ZMW and kWh. */
function describe(e: WalletHistoryEntry): string {
  switch (e.kind) {
    case "purchase": return t.historyPurchase(kwh(e.energyWh), zmw(e.amountNgwee));
    case "sale": return t.historySale(kwh(e.energyWh), zmw(e.amountNgwee));
    case "payout": return t.historyPayout(zmw(e.amountNgwee));
    case "payout_failed": return t.historyPayoutFailed(zmw(e.amountNgwee), e.detail);
    case "deposit": return t.historyDeposit(zmw(e.amountNgwee), e.detail === "wallet" ? t.historyOwnWallet : (t.networkNames[e.detail] ?? e.detail));
    default: return t.historyPhoneVerified(zmw(e.amountNgwee));
  }
}

export function WalletPage(ctx: AppContext) {
  const w = ctx.wallet;
  const [history, setHistory] = useState<WalletHistoryEntry[] | null>(null);
  const userId = ctx.session.userId;

  // The wallet is reloaded after each of the user's events; the history with it.
  useEffect(() => {
    let current = true;
    wallets.listWalletHistory({ userId }).then((r) => current && setHistory(r.entries), () => {});
    return () => {
      current = false;
    };
  }, [userId, w]);

  if (!w) return <p>{t.loading}</p>;

  async function payout() {
    try {
      await wallets.requestPayout({ userId: ctx.session.userId });
      ctx.toast(t.payoutRequested, "info");
      void ctx.reloadWallet();
    } catch (e) {
      ctx.toast(reason(e, t.somethingWrong), "error");
    }
  }

  return (
    <div className="columns" data-testid="wallet">
      <section className="card" aria-labelledby="energy-title">
        <h1 id="wallet-title" className="sr-only">{t.walletTitle}</h1>
        <h2 id="energy-title">{t.energyTitle}</h2>
        <dl className="figures">
          <Figure label={t.energyAvailable} value={kwh(w.availableWh)} id="available" />
          <Figure label={t.energyReserved} value={kwh(w.reservedWh)} id="reserved" />
          <Figure label={t.energyBought} value={kwh(w.boughtWh)} id="bought" />
          <Figure label={t.energyGenerated} value={kwh(w.generatedWh)} id="generated" />
        </dl>
      </section>
      <section className="card" aria-labelledby="money-title">
        <h2 id="money-title">{t.moneyTitle}</h2>
        <dl className="figures">
          <Figure label={t.earnings} value={zmw(w.earningsNgwee)} id="earnings" />
          <Figure label={t.payoutPending} value={zmw(w.payoutPendingNgwee)} id="payout-pending" />
          <Figure label={t.paidOut} value={zmw(w.paidOutNgwee)} id="paid-out" />
          <Figure label={t.spent} value={zmw(w.spentNgwee)} id="spent" />
          <Figure label={t.balance} value={zmw(w.balanceNgwee)} id="balance" />
        </dl>
        {w.lastPayoutFailure && <p className="error">{t.payoutFailed(w.lastPayoutFailure)}</p>}
        {w.earningsNgwee > 0n && w.phoneNumber && <button onClick={() => void payout()}>{t.requestPayout}</button>}
      </section>
      <section className="card" aria-labelledby="phone-title">
        <h2 id="phone-title">{t.phoneTitle}</h2>
        <p data-testid="phone">
          {w.phoneNumber ? t.phoneLinked(displayPhone(w.phoneNumber), t.networkNames[w.network] ?? w.network) : t.phoneNone}
        </p>
        {w.phoneNumber ? (
          <details><summary>{t.changePhone}</summary><PhoneLink ctx={ctx} idPrefix="wallet" /></details>
        ) : (
          <PhoneLink ctx={ctx} idPrefix="wallet" />
        )}
      </section>
      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">{t.historyTitle}</h2>
        {history === null && <p>{t.loading}</p>}
        {history?.length === 0 && <p className="muted">{t.historyEmpty}</p>}
        <ul className="history" data-testid="history">
          {history?.map((e, n) => (
            <li key={e.kind + e.reference + n}>
              {describe(e)}
              {e.at && <span className="muted small"> · {when(timestampDate(e.at))}</span>}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function Figure({ label, value, id }: { label: string; value: string; id: string }) {
  return (
    <div className="figure">
      <dt>{label}</dt>
      <dd data-testid={`wallet-${id}`}>{value}</dd>
    </div>
  );
}
