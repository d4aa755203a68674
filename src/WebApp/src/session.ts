// The web session (see the gateway's /api/session): HTTP-only cookies the browser sends by itself, a CSRF token the
// app sends on every non-GET request (including gRPC-Web calls), and a device id kept in this browser. JavaScript
// never sees an access or refresh token.
import { randomId } from "./format";

export type Session = { userId: string; roles: string[]; csrfToken: string; accessExpiresAt: string };

const deviceKey = "enerlectra.deviceId";
let current: Session | null = null;
let refreshTimer: number | undefined;
let refreshing: Promise<boolean> | null = null;
const listeners = new Set<(s: Session | null) => void>();

export function deviceId(): string {
  let id = localStorage.getItem(deviceKey);
  if (!id || !/^[0-9a-f]{32}$/.test(id)) {
    id = randomId();
    localStorage.setItem(deviceKey, id);
  }
  return id;
}

export function currentSession(): Session | null {
  return current;
}

export function onSessionChange(listener: (s: Session | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function set(session: Session | null) {
  current = session;
  window.clearTimeout(refreshTimer);
  if (session) {
    // Refresh a minute before the access cookie expires (at least 5 s from now).
    const due = Date.parse(session.accessExpiresAt) - Date.now() - 60_000;
    refreshTimer = window.setTimeout(() => void refreshSession(), Math.max(5_000, Number.isFinite(due) ? due : 60_000));
  }
  listeners.forEach((l) => l(session));
}

async function readSession(response: Response): Promise<Session | null> {
  if (!response.ok) return null;
  const body = await response.json();
  return { userId: body.userId, roles: body.roles ?? [], csrfToken: body.csrfToken, accessExpiresAt: body.accessExpiresAt };
}

/** The session this browser already has (after a reload), or null. */
export async function loadSession(): Promise<Session | null> {
  const response = await fetch("/api/session", { credentials: "same-origin", headers: { "X-Device-Id": deviceId() } });
  let session = await readSession(response);
  if (!session && response.status === 401) {
    session = (await refreshSession()) ? current : null;
  }
  set(session);
  return session;
}

/** Development only: signs in by user id. */
export function signIn(userId: string): Promise<Session> {
  return startSession({ userId, deviceId: deviceId() }, {});
}

/** Production: exchanges the issuer's token (once) for the cookie session; the app never keeps the token. */
export function signInWithToken(token: string): Promise<Session> {
  return startSession({ deviceId: deviceId() }, { Authorization: `Bearer ${token}` });
}

async function startSession(body: object, extra: Record<string, string>): Promise<Session> {
  const response = await fetch("/api/session", {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-Device-Id": deviceId(), ...extra },
    body: JSON.stringify(body),
  });
  const session = await readSession(response);
  if (!session) throw new Error(`sign-in failed (${response.status})`);
  set(session);
  return session;
}

export type SignInChoices = { devSignIn: boolean; issuerName: string; signInUrl: string };

/** How this server signs people in: by name (Development) or with the configured issuer. */
export async function signInChoices(): Promise<SignInChoices> {
  const response = await fetch("/api/session/sign-in", { credentials: "same-origin" });
  if (!response.ok) throw new Error(`sign-in choices failed (${response.status})`);
  const body = await response.json();
  return { devSignIn: body.devSignIn === true, issuerName: body.issuerName ?? "", signInUrl: body.signInUrl ?? "" };
}

/**
 * The issuer's token when the issuer has just sent the browser back here (#access_token=... or #id_token=...),
 * removed from the address at once so it stays in neither the history nor a bookmark.
 */
export function takeIssuerToken(): string | null {
  const fragment = new URLSearchParams(window.location.hash.replace(/^#/, ""));
  const token = fragment.get("access_token") ?? fragment.get("id_token");
  if (window.location.hash) history.replaceState(null, "", window.location.pathname + window.location.search);
  return token;
}

/** Rotates the session's cookies; false (and signed out) when the session cannot be refreshed. One at a time. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      const headers: Record<string, string> = { "X-Device-Id": deviceId() };
      if (current) headers["X-CSRF-Token"] = current.csrfToken;
      const response = await fetch("/api/session/refresh", { method: "POST", credentials: "same-origin", headers });
      const session = await readSession(response);
      if (session) {
        set(session);
        return true;
      }
      if (response.status === 401 || response.status === 403) set(null);
      return false;
    } catch {
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

export async function signOut(): Promise<void> {
  try {
    await fetch("/api/session", {
      method: "DELETE",
      credentials: "same-origin",
      headers: current ? { "X-CSRF-Token": current.csrfToken, "X-Device-Id": deviceId() } : {},
    });
  } finally {
    set(null);
  }
}
