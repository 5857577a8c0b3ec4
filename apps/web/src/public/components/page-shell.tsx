import type { ReactNode } from 'react';

/** `city`: the canteen's city when the page is about one; the platform serves every city in the tree. */
export function PageShell({
  children,
  back,
  city,
}: {
  children: ReactNode;
  back?: boolean;
  city?: string | null;
}) {
  return (
    <div className="shell">
      <div className="topbar">
        {back ? (
          <a className="topbar-link" href="/p">
            ‹ 查找学校食堂
          </a>
        ) : (
          <span className="topbar-title">明厨亮灶 · 学校食堂公示</span>
        )}
      </div>
      <main>{children}</main>
      <footer className="footer">
        公示信息已按《个人信息保护法》脱敏：不含学生信息，人员仅以人数公示。
        <br />
        {city ?? ''}校园食品安全智慧监管平台
      </footer>
    </div>
  );
}

export function Section({
  id,
  title,
  children,
  note,
}: {
  id: string;
  title: string;
  children: ReactNode;
  note?: ReactNode;
}) {
  return (
    <section className="section" id={id} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="section-title">
        {title}
      </h2>
      {note ? <p className="section-note">{note}</p> : null}
      {children}
    </section>
  );
}

export function Badge({
  tone,
  children,
}: {
  tone: 'green' | 'amber' | 'red' | 'grey';
  children: ReactNode;
}) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

export function Failure({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <div className="failure" role="alert">
      <p>{message}</p>
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry}>
          重试
        </button>
      ) : null}
    </div>
  );
}

export function Loading({ label = '正在加载…' }: { label?: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

/** What a public section says when the canteen has nothing in it yet. */
export function Empty({ children }: { children: ReactNode }) {
  return <p className="card empty">{children}</p>;
}
