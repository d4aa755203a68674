import { useEffect, useState } from "react";
import { signIn, signInChoices, type Session, type SignInChoices } from "./session";
import { strings as t } from "./strings";

const examples = ["alice", "bob", "chanda", "mwila"];

/**
 * The sign-in screen. In the Development profile: pick or type a user id. Otherwise (production): a link to the
 * configured issuer's sign-in page, which sends the browser back with a token that App exchanges for the session.
 */
export function SignIn({ ended, issuerFailed, onSignedIn }: { ended: boolean; issuerFailed: boolean; onSignedIn: (s: Session) => void }) {
  const [choices, setChoices] = useState<SignInChoices | null>(null);
  const [unavailable, setUnavailable] = useState(false);

  useEffect(() => {
    signInChoices().then(setChoices, () => setUnavailable(true));
  }, []);

  return (
    <main className="page narrow" id="main">
      <h1>☀ {t.appName}</h1>
      <p>{t.tagline}</p>
      {ended && <p className="notice" role="alert">{t.sessionEnded}</p>}
      {issuerFailed && <p className="error" role="alert">{t.issuerSignInFailed}</p>}
      <section className="card" data-testid="sign-in">
        <h2>{t.signInTitle}</h2>
        {unavailable && <p className="error" role="alert">{t.signInUnavailable}</p>}
        {!choices && !unavailable && <p>{t.loading}</p>}
        {choices?.devSignIn && <DevSignIn onSignedIn={onSignedIn} />}
        {choices && !choices.devSignIn &&
          (choices.signInUrl ? (
            <a className="button" href={choices.signInUrl} data-testid="issuer-sign-in">{t.signInWith(choices.issuerName)}</a>
          ) : (
            <p className="muted">{t.signInNotSetUp}</p>
          ))}
      </section>
    </main>
  );
}

function DevSignIn({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
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
    <>
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
    </>
  );
}
