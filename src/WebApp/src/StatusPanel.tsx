import { timestampDate } from "@bufbuild/protobuf/wkt";
import { useCallback, useEffect, useState } from "react";
import { chainStatus, reason } from "./api";
import { when } from "./format";
import type { BlockchainHealth } from "./gen/enerlectra/v1/blockchain_pb";
import type { Session } from "./session";
import { strings as t } from "./strings";

type Health = { status: string };

/** The status panel: is the system working, which ways to pay are on, when it last caught up, and how it works. */
export function StatusPanel({ session }: { session: Session }) {
  const [health, setHealth] = useState<Health | null>(null);
  const [chain, setChain] = useState<BlockchainHealth | null>(null);
  const [syncing, setSyncing] = useState(false);
  const [message, setMessage] = useState("");

  const load = useCallback(async () => {
    const [h, c] = await Promise.allSettled([
      fetch("/health", { credentials: "same-origin" }).then((r) => r.json() as Promise<Health>),
      chainStatus.getStatus({}),
    ]);
    setHealth(h.status === "fulfilled" ? h.value : { status: "Unhealthy" });
    if (c.status === "fulfilled") setChain(c.value.data ?? null);
  }, []);

  useEffect(() => {
    void load();
    const timer = window.setInterval(() => void load(), 15_000);
    return () => window.clearInterval(timer);
  }, [load]);

  async function sync() {
    setSyncing(true);
    setMessage("");
    try {
      const result = await chainStatus.sync({});
      setChain(result.data ?? null);
      setMessage(t.synced);
    } catch (e) {
      setMessage(reason(e, t.somethingWrong));
    } finally {
      setSyncing(false);
    }
  }

  const overall = health?.status === "Healthy" ? t.statusHealthy : health?.status === "Degraded" ? t.statusDegraded : health ? t.statusDown : t.loading;
  const features = chain?.hybridFeatures ?? [];
  const walletOn = chain?.activePaymentMethods.includes("blockchain") ?? false;
  const recordOn = features.includes("trade_mirroring") || features.includes("offer_mirroring");
  const lastSync = chain?.sync?.lastSyncTime ?? chain?.timestamp;
  const unresolved = chain?.payments?.unresolved ?? 0;
  const operator = session.roles.includes("operator");

  return (
    <div className="columns" data-testid="status">
      <section className="card" aria-labelledby="status-title">
        <h1 id="status-title">{t.statusTitle}</h1>
        <p className={`health ${health?.status ?? ""}`} data-testid="status-overall" role="status">{overall}</p>
        <h2>{t.statusFeatures}</h2>
        <ul className="features">
          <Feature label={t.featureMobileMoney} on={true} id="mobile-money" />
          <Feature label={t.featureWallet} on={walletOn} id="wallet" />
          <Feature label={t.featureRecord} on={recordOn} id="record" />
        </ul>
        {unresolved > 0 && <p className="muted">{t.paymentsWaiting(unresolved)}</p>}
        <p className="muted" data-testid="last-sync">{lastSync ? t.lastSync(when(timestampDate(lastSync))) : t.neverSynced}</p>
        {operator && (
          <button onClick={() => void sync()} disabled={syncing}>{syncing ? t.syncing : t.syncButton}</button>
        )}
        {message && <p role="status">{message}</p>}
        {chain && (
          <details className="small">
            <summary>{t.technicalDetails}</summary>
            <ul className="mono">
              <li>status: {chain.status}</li>
              <li>network: {chain.blockchain?.network} (chain id {chain.blockchain?.chainId.toString()})</li>
              <li>head block: {chain.blockchain?.headBlock.toString()}</li>
              <li>features: {features.join(", ") || "none"}</li>
              <li>lag: {chain.sync?.lagBlocks.toString()} blocks; pending jobs: {chain.sync?.pendingMirrorJobs}</li>
              {chain.sync?.lastError && <li>last error: {chain.sync.lastError}</li>}
              <li>{chain.message}</li>
            </ul>
          </details>
        )}
      </section>
      <section className="card" aria-labelledby="how-title">
        <h2 id="how-title">{t.howTitle}</h2>
        {t.howText.map((p) => <p key={p}>{p}</p>)}
      </section>
    </div>
  );
}

function Feature({ label, on, id }: { label: string; on: boolean; id: string }) {
  return (
    <li data-testid={`feature-${id}`} className={on ? "on" : "off"}>
      <span aria-hidden="true">{on ? "●" : "○"}</span> {label}: <strong>{on ? t.featureOn : t.featureOff}</strong>
    </li>
  );
}
