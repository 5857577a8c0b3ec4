import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { TPublicFeedbackStatus } from '@canteen/shared';
import { shanghaiTime } from '../lib/dates';
import { FEEDBACK_CATEGORY_LABELS, FEEDBACK_STATUS_LABELS } from '../lib/labels';
import { errorMessage, getJson } from '../lib/public-api';
import { recentCodes } from '../lib/recent-codes';
import { Badge } from './page-shell';

const STATUS_TONE = {
  new: 'grey',
  in_progress: 'amber',
  replied: 'green',
  closed: 'grey',
} as const;

function StatusCard({ status }: { status: TPublicFeedbackStatus }) {
  return (
    <div className="card status-card" aria-live="polite">
      <div className="status-head">
        <span className="mono">{status.trackingCode}</span>
        <Badge tone={STATUS_TONE[status.status]}>{FEEDBACK_STATUS_LABELS[status.status]}</Badge>
      </div>
      <dl className="facts">
        <dt>食堂</dt>
        <dd>
          {status.canteen.schoolName} {status.canteen.name}
        </dd>
        <dt>类别</dt>
        <dd>{FEEDBACK_CATEGORY_LABELS[status.category]}</dd>
        <dt>提交时间</dt>
        <dd>{shanghaiTime(status.submittedAt)}</dd>
        <dt>答复期限</dt>
        <dd>{shanghaiTime(status.replyDueAt)} 前</dd>
        {status.closedAt ? (
          <>
            <dt>办结时间</dt>
            <dd>{shanghaiTime(status.closedAt)}</dd>
          </>
        ) : null}
      </dl>
      {status.reply ? (
        <div className="reply">
          <div className="reply-title">学校答复（{shanghaiTime(status.reply.at)}）</div>
          <p className="plain-text">{status.reply.text}</p>
        </div>
      ) : (
        <p className="muted">学校尚未答复。答复后可用查询码在这里查看。</p>
      )}
    </div>
  );
}

/**
 * Follow a feedback by its tracking code: the status and the school's public reply, nothing else.
 * `lookUp` is a code to look up at once (the page's address, or the receipt just shown): a new
 * object each time it is asked for, so asking twice for the same code shows it again.
 */
export function FeedbackTracker({ lookUp }: { lookUp?: { code: string } | null }) {
  const [code, setCode] = useState(lookUp?.code ?? '');
  const [status, setStatus] = useState<TPublicFeedbackStatus | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [recent] = useState(recentCodes);
  const result = useRef<HTMLDivElement>(null);

  const look = (value: string) => {
    const trimmed = value.trim();
    if (!trimmed) {
      setFailure('请输入 10 位查询码');
      return;
    }
    setBusy(true);
    setFailure(null);
    getJson<TPublicFeedbackStatus>(`/api/public/feedback/${encodeURIComponent(trimmed)}`).then(
      (answer) => {
        setStatus(answer);
        setBusy(false);
      },
      (error: unknown) => {
        setStatus(null);
        setFailure(errorMessage(error));
        setBusy(false);
      },
    );
  };

  useEffect(() => {
    if (!lookUp) return;
    setCode(lookUp.code);
    look(lookUp.code);
    // Only a code asked for from outside is looked up by itself; typed ones wait for 查询.
  }, [lookUp]);

  // The answer may land below the fold (the tracker sits under the form on a canteen's page).
  useEffect(() => {
    if (status || failure) result.current?.scrollIntoView({ block: 'nearest' });
  }, [status, failure]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    look(code);
  };

  return (
    <div className="tracker">
      <form className="inline-form" onSubmit={submit}>
        <label className="visually-hidden" htmlFor="tracking-code">
          查询码
        </label>
        <input
          id="tracking-code"
          className="input mono"
          autoCapitalize="characters"
          autoComplete="off"
          maxLength={32}
          placeholder="输入 10 位查询码"
          value={code}
          onChange={(event) => setCode(event.target.value)}
        />
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? '查询中…' : '查询'}
        </button>
      </form>
      {recent.length > 0 ? (
        <div className="chips" aria-label="本机提交过的查询码">
          {recent.map((c) => (
            <button
              key={c}
              type="button"
              className="chip mono"
              onClick={() => {
                setCode(c);
                look(c);
              }}
            >
              {c}
            </button>
          ))}
        </div>
      ) : null}
      <div ref={result}>
        {failure ? (
          <p className="error-text" role="alert">
            {failure}
          </p>
        ) : null}
        {status ? <StatusCard status={status} /> : null}
      </div>
    </div>
  );
}
