import { useEffect, useState } from "react";
import type { AppContext } from "./App";
import { reason, wallets } from "./api";
import { detectNetwork, displayPhone, localDigits, zmw } from "./format";
import { strings as t } from "./strings";

/** Links and verifies the phone that pays by mobile money (the provider asks its owner to approve a small amount). */
export function PhoneLink({ ctx, idPrefix }: { ctx: AppContext; idPrefix: string }) {
  const wallet = ctx.wallet;
  const [phone, setPhone] = useState("");
  const [network, setNetwork] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const verification = wallet?.phoneVerification;
  const waiting = verification?.status === "awaiting_approval";

  // While the owner approves on the phone, look again every 1.5 s (the verification has no event of its own).
  useEffect(() => {
    if (!waiting) return;
    const timer = window.setInterval(() => void ctx.reloadWallet(), 1_500);
    return () => window.clearInterval(timer);
  }, [waiting, ctx]);

  const detected = detectNetwork(phone);
  const chosen = network || detected || "";

  async function submit() {
    if (!localDigits(phone)) {
      setError(t.phoneInvalid);
      return;
    }
    setBusy(true);
    setError("");
    try {
      await wallets.setPhone({ userId: ctx.session.userId, phoneNumber: phone, network: network && network !== detected ? network : "" });
      await ctx.reloadWallet();
    } catch (e) {
      setError(reason(e, t.somethingWrong));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="phone-link">
      {waiting && verification && (
        <p className="notice" role="status" data-testid="phone-waiting">{t.phoneWaiting(displayPhone(verification.phoneNumber))}</p>
      )}
      {verification?.status === "failed" && <p className="error" role="alert">{t.phoneFailed(verification.failureReason)}</p>}
      {!waiting && (
        <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
          <p className="muted small">{t.linkPhoneWhy(zmw(100))}</p>
          <label htmlFor={`${idPrefix}-phone`}>{t.phoneLabel}</label>
          <input id={`${idPrefix}-phone`} type="tel" inputMode="tel" autoComplete="tel" value={phone}
                 aria-describedby={`${idPrefix}-phone-help`} onChange={(e) => { setPhone(e.target.value); setNetwork(""); }} />
          <p id={`${idPrefix}-phone-help`} className="muted small">
            {detected ? t.networkDetected(t.networkNames[detected]) : t.phoneHelp}
          </p>
          <label htmlFor={`${idPrefix}-network`}>{t.networkLabel}</label>
          <select id={`${idPrefix}-network`} value={chosen} onChange={(e) => setNetwork(e.target.value)}>
            <option value="" disabled>—</option>
            {Object.entries(t.networkNames).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
          </select>
          {error && <p className="error" role="alert">{error}</p>}
          <button type="submit" disabled={busy}>{t.linkPhone}</button>
        </form>
      )}
    </div>
  );
}
