import { strings as t } from "./strings";

export type Toast = { id: number; text: string; kind: "info" | "success" | "error" };

export function Toasts({ toasts, dismiss }: { toasts: Toast[]; dismiss: (id: number) => void }) {
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((x) => (
        <div key={x.id} className={`toast ${x.kind}`} data-testid="toast">
          <span aria-hidden="true">{x.kind === "error" ? "✕" : "⚡"}</span>
          <span className="grow">{x.text}</span>
          <button className="link" aria-label={t.dismiss} onClick={() => dismiss(x.id)}>×</button>
        </div>
      ))}
    </div>
  );
}
