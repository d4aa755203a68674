import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { AppContext } from "./App";
import { reason, wallets } from "./api";
import { displayPhone, kwh, when, zmw } from "./format";
import { PhoneLink } from "./PhoneLink";
import { strings as t } from "./strings";

export function WalletPage(ctx: AppContext) {
  const w = ctx.wallet;
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

  const me = ctx.session.userId;
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
        {ctx.history.length === 0 && <p className="muted">{t.historyEmpty}</p>}
        <ul className="history">
          {ctx.history.map((e) => (
            <li key={e.type + e.tradeId}>
              {e.type === "payment-status"
                ? t.purchaseFailed(kwh(e.energyWh))
                : e.buyerId === me
                  ? t.purchased(kwh(e.energyWh), zmw(e.amountNgwee), t.methodNames.mobile_money).replace(/ using .*/, "")
                  : t.sold(kwh(e.energyWh), zmw(e.amountNgwee), "").replace(/ \(paid by .*/, "")}
              {e.occurredAt && <span className="muted small"> · {when(timestampDate(e.occurredAt))}</span>}
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
