import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { marketEvents, marketId, trades, wallets } from "./api";
import { kwh, zmw } from "./format";
import type { MarketEvent } from "./gen/enerlectra/v1/events_pb";
import type { Wallet } from "./gen/enerlectra/v1/wallets_pb";
import { follow, type LiveState } from "./live";
import { Market } from "./Market";
import { loadSession, onSessionChange, signInWithToken, signOut, takeIssuerToken, type Session } from "./session";
import { SignIn } from "./SignIn";
import { StatusPanel } from "./StatusPanel";
import { strings as t } from "./strings";
import { Toasts, type Toast } from "./Toasts";
import { WalletPage } from "./WalletPage";

type Route = "/" | "/wallet" | "/status";
const routes: Route[] = ["/", "/wallet", "/status"];

function currentRoute(): Route {
  return (routes as string[]).includes(location.pathname) ? (location.pathname as Route) : "/";
}

/** What the pages share: the session, the wallet, the user's own live events and toasts. */
export type AppContext = {
  session: Session;
  wallet: Wallet | null;
  reloadWallet: () => Promise<void>;
  userEvents: EventTarget;
  toast: (text: string, kind?: Toast["kind"]) => void;
};

export function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [route, setRoute] = useState<Route>(currentRoute());
  const [ended, setEnded] = useState(false);
  const [issuerFailed, setIssuerFailed] = useState(false);

  useEffect(() => {
    const off = onSessionChange((s) => {
      setSession((before) => {
        if (before && !s) setEnded(true);
        return s;
      });
    });
    // Back from the issuer's sign-in page with its token: exchange it for the session (once), else the session we have.
    const token = takeIssuerToken();
    const start = token
      ? signInWithToken(token).catch(() => {
          setIssuerFailed(true);
          return null;
        })
      : loadSession();
    start.then(setSession, () => setSession(null));
    const onPop = () => setRoute(currentRoute());
    window.addEventListener("popstate", onPop);
    return () => {
      off();
      window.removeEventListener("popstate", onPop);
    };
  }, []);

  const navigate = (to: Route) => {
    history.pushState(null, "", to);
    setRoute(to);
    document.getElementById("main")?.focus();
  };

  if (session === undefined) return <p className="page">{t.loading}</p>;
  if (session === null)
    return <SignIn ended={ended} issuerFailed={issuerFailed} onSignedIn={(s) => { setEnded(false); setSession(s); }} />;
  return <SignedIn key={session.userId} session={session} route={route} navigate={navigate} />;
}

function SignedIn({ session, route, navigate }: { session: Session; route: Route; navigate: (r: Route) => void }) {
  const [wallet, setWallet] = useState<Wallet | null>(null);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [userLive, setUserLive] = useState<LiveState>("connecting");
  const userEvents = useMemo(() => new EventTarget(), []);
  const nextToast = useRef(1);

  const toast = useCallback((text: string, kind: Toast["kind"] = "info") => {
    const id = nextToast.current++;
    setToasts((ts) => [...ts.slice(-3), { id, text, kind }]);
    window.setTimeout(() => setToasts((ts) => ts.filter((x) => x.id !== id)), 10_000);
  }, []);

  const reloadWallet = useCallback(async () => {
    try {
      setWallet(await wallets.getWallet({ userId: session.userId }));
    } catch {
      /* shown as loading; the next event retries */
    }
  }, [session.userId]);

  useEffect(() => {
    void reloadWallet();
    const seen = new Set<string>();
    return follow(
      (after, signal, onHeader) => marketEvents.streamUserEvents({ userId: session.userId, marketId, afterSequence: after }, { signal, onHeader }),
      (e) => {
        userEvents.dispatchEvent(new CustomEvent("event", { detail: e }));
        void reloadWallet();
        if (e.type === "trade-completed" && e.tradeId && !seen.has(e.tradeId)) {
          seen.add(e.tradeId);
          void announce(e);
        } else if (e.type === "payment-status" && e.status === "failed" && e.buyerId === session.userId && !seen.has("f" + e.tradeId)) {
          seen.add("f" + e.tradeId);
          toast(t.purchaseFailed(kwh(e.energyWh)), "error");
        }
      },
      setUserLive,
    );

    async function announce(e: MarketEvent) {
      let method = "mobile_money";
      try {
        method = (await trades.getTrade({ tradeId: e.tradeId })).paymentMethod || method;
      } catch {
        /* the toast still says what happened */
      }
      const name = t.methodNames[method] ?? method;
      if (e.buyerId === session.userId) toast(t.purchased(kwh(e.energyWh), zmw(e.amountNgwee), name), "success");
      else if (e.sellerId === session.userId) toast(t.sold(kwh(e.energyWh), zmw(e.amountNgwee), name), "success");
    }
  }, [session.userId, reloadWallet, toast, userEvents]);

  const context: AppContext = { session, wallet, reloadWallet, userEvents, toast };
  const link = (to: Route, label: string) => (
    <a href={to} aria-current={route === to ? "page" : undefined}
       onClick={(ev) => { ev.preventDefault(); navigate(to); }}>{label}</a>
  );

  return (
    <>
      <a className="skip" href="#main">{t.skipToContent}</a>
      <header className="top">
        <div className="brand">
          <span aria-hidden="true">☀</span> {t.appName}
        </div>
        <nav aria-label={t.appName}>
          {link("/", t.navMarket)}
          {link("/wallet", t.navWallet)}
          {link("/status", t.navStatus)}
        </nav>
        <div className="who">
          <span data-testid="signed-in">{t.signedInAs(session.userId)}</span>
          <span className={`dot ${userLive}`} role="status">{userLive === "live" ? t.live : t.reconnecting}</span>
          <button className="link" onClick={() => void signOut()}>{t.signOut}</button>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="page">
        {route === "/" && <Market {...context} />}
        {route === "/wallet" && <WalletPage {...context} />}
        {route === "/status" && <StatusPanel session={session} />}
      </main>
      <Toasts toasts={toasts} dismiss={(id) => setToasts((ts) => ts.filter((x) => x.id !== id))} />
    </>
  );
}
