import { useState } from "react";
import { signIn, type Session } from "./session";
import { strings as t } from "./strings";

const examples = ["alice", "bob", "chanda", "mwila"];

export function SignIn({ ended, onSignedIn }: { ended: boolean; onSignedIn: (s: Session) => void }) {
  const [userId, setUserId] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");

  async function submit(id: string) {
    if (!/^[A-Za-z0-9._@-]{1,64}$/.test(id)) {
      setError(t.userIdHelp);
      return;
    }
    setBusy(true);
    setError("");
    try {
      onSignedIn(await signIn(id));
    } catch {
      setError(t.signInFailed);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="page narrow" id="main">
      <h1>☀ {t.appName}</h1>
      <p>{t.tagline}</p>
      {ended && <p className="notice" role="alert">{t.sessionEnded}</p>}
      <section className="card">
        <h2>{t.signInTitle}</h2>
        <p className="muted">{t.signInDevHint}</p>
        <div className="chips">
          {examples.map((x) => (
            <button key={x} type="button" className="secondary" disabled={busy} onClick={() => void submit(x)}>{x}</button>
          ))}
        </div>
        <form onSubmit={(e) => { e.preventDefault(); void submit(userId.trim()); }}>
          <label htmlFor="user-id">{t.userIdLabel}</label>
          <input id="user-id" name="userId" autoComplete="username" value={userId} aria-describedby="user-id-help"
                 onChange={(e) => setUserId(e.target.value)} required maxLength={64} />
          <p id="user-id-help" className="muted small">{t.userIdHelp}</p>
          {error && <p className="error" role="alert">{error}</p>}
          <button type="submit" disabled={busy}>{busy ? t.signingIn : t.signInButton}</button>
        </form>
      </section>
    </main>
  );
}
