import { type FormEvent, useState } from 'react';
import type { FeedbackCategory, TFeedbackChallenge, TFeedbackReceipt } from '@canteen/shared';
import { shanghaiTime } from '../lib/dates';
import {
  FEEDBACK_CATEGORY_LABELS,
  FEEDBACK_CATEGORY_ORDER,
  PHOTO_MAX_BYTES,
  TEXT_MAX,
} from '../lib/labels';
import { errorMessage, getJson, PublicApiError, postJson } from '../lib/public-api';
import { rememberCode } from '../lib/recent-codes';
import { solveInWorker } from '../lib/solve-in-worker';

type Step =
  | { kind: 'editing' }
  | { kind: 'verifying'; progress: number }
  | { kind: 'sending' }
  | { kind: 'sent'; receipt: TFeedbackReceipt };

const PHOTO_TYPES = ['image/jpeg', 'image/png'];
// Challenges refused as expired or already used are simply fetched again, once.
const RETRY_CODES = ['CHALLENGE_EXPIRED', 'CHALLENGE_REUSED', 'CHALLENGE_INVALID'];

async function solvedChallenge(canteen: string, onProgress: (progress: number) => void) {
  const challenge = await getJson<TFeedbackChallenge>(
    `/api/public/feedback/challenge?canteen=${encodeURIComponent(canteen)}`,
  );
  const expected = 2 ** challenge.difficulty;
  // The chance of having found a solution after `tried` hashes: an honest progress figure.
  const solution = await solveInWorker(
    { nonce: challenge.nonce, difficulty: challenge.difficulty },
    (tried) => onProgress(1 - Math.exp(-tried / expected)),
  );
  return { challenge, solution };
}

function Receipt({ receipt, onAnother }: { receipt: TFeedbackReceipt; onAnother: () => void }) {
  return (
    <div className="card receipt" role="status">
      <p className="receipt-title">已收到您的意见，谢谢！</p>
      <p>请保存查询码，用它查看处理进度和学校的答复：</p>
      <p className="tracking-code mono" data-testid="tracking-code">
        {receipt.trackingCode}
      </p>
      <p className="muted">
        学校应在 {shanghaiTime(receipt.replyDueAt)} 前答复。查询码已保存在本机。
      </p>
      <div className="row">
        <a className="button button-primary" href={`/p?track=${receipt.trackingCode}#track`}>
          查看处理进度
        </a>
        <button type="button" className="button" onClick={onAnother}>
          再提一条
        </button>
      </div>
    </div>
  );
}

/** 意见建议: category, text, optional photo and contact; a proof-of-work challenge instead of a third-party captcha. */
export function FeedbackForm({ canteenCode }: { canteenCode: string }) {
  const [category, setCategory] = useState<FeedbackCategory | null>(null);
  const [text, setText] = useState('');
  const [contact, setContact] = useState('');
  const [photo, setPhoto] = useState<File | null>(null);
  const [step, setStep] = useState<Step>({ kind: 'editing' });
  const [failure, setFailure] = useState<string | null>(null);

  const characters = [...text].length;

  const pickPhoto = (file: File | undefined) => {
    setFailure(null);
    if (!file) return setPhoto(null);
    if (!PHOTO_TYPES.includes(file.type)) return setFailure('照片只能是 JPG 或 PNG 格式');
    if (file.size > PHOTO_MAX_BYTES) return setFailure('照片不能超过 5 MB');
    setPhoto(file);
  };

  const send = async (attempt: number): Promise<TFeedbackReceipt> => {
    setStep({ kind: 'verifying', progress: 0 });
    const { challenge, solution } = await solvedChallenge(canteenCode, (progress) =>
      setStep({ kind: 'verifying', progress }),
    );
    setStep({ kind: 'sending' });
    const url = `/api/public/canteens/${encodeURIComponent(canteenCode)}/feedback`;
    const fields = {
      category: category!,
      text: text.trim(),
      ...(contact.trim() ? { contact: contact.trim() } : {}),
    };
    try {
      if (!photo)
        return await postJson<TFeedbackReceipt>(
          url,
          JSON.stringify({ ...fields, challenge, solution }),
          { 'content-type': 'application/json' },
        );
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) form.append(name, value);
      form.append('challenge', JSON.stringify(challenge));
      form.append('solution', solution);
      form.append('photo', photo, photo.name);
      return await postJson<TFeedbackReceipt>(url, form);
    } catch (error) {
      if (attempt === 0 && error instanceof PublicApiError && RETRY_CODES.includes(error.code))
        return send(1);
      throw error;
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    if (!category) return setFailure('请选择反馈类别');
    if (!text.trim()) return setFailure('请填写反馈内容');
    if (characters > TEXT_MAX) return setFailure(`反馈内容最多 ${TEXT_MAX} 个字`);
    send(0).then(
      (receipt) => {
        rememberCode(receipt.trackingCode);
        setStep({ kind: 'sent', receipt });
      },
      (error: unknown) => {
        setFailure(errorMessage(error));
        setStep({ kind: 'editing' });
      },
    );
  };

  if (step.kind === 'sent') {
    return (
      <Receipt
        receipt={step.receipt}
        onAnother={() => {
          setText('');
          setPhoto(null);
          setCategory(null);
          setStep({ kind: 'editing' });
        }}
      />
    );
  }

  const busy = step.kind !== 'editing';
  return (
    <form className="card feedback-form" onSubmit={submit} noValidate>
      <fieldset className="fieldset" disabled={busy}>
        <legend className="label">反馈类别</legend>
        <div className="chips" role="radiogroup">
          {FEEDBACK_CATEGORY_ORDER.map((c) => (
            <label key={c} className={`chip${category === c ? ' chip-on' : ''}`}>
              <input
                type="radio"
                name="category"
                value={c}
                checked={category === c}
                onChange={() => setCategory(c)}
              />
              {FEEDBACK_CATEGORY_LABELS[c]}
            </label>
          ))}
        </div>
        <label className="label" htmlFor="feedback-text">
          反馈内容
        </label>
        <textarea
          id="feedback-text"
          className="input textarea"
          rows={5}
          placeholder="请描述您的意见或建议，例如哪一天、哪一餐、哪道菜。"
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
        <div className={`counter${characters > TEXT_MAX ? ' error-text' : ''}`}>
          {characters}/{TEXT_MAX}
        </div>
        <label className="label" htmlFor="feedback-photo">
          照片（可选，JPG/PNG，5 MB 以内）
        </label>
        <input
          id="feedback-photo"
          className="input"
          type="file"
          accept="image/jpeg,image/png"
          onChange={(event) => pickPhoto(event.target.files?.[0])}
        />
        <label className="label" htmlFor="feedback-contact">
          联系方式（可选，手机号或微信号，仅学校可见）
        </label>
        <input
          id="feedback-contact"
          className="input"
          autoComplete="tel"
          maxLength={40}
          value={contact}
          onChange={(event) => setContact(event.target.value)}
        />
      </fieldset>
      {failure ? (
        <p className="error-text" role="alert">
          {failure}
        </p>
      ) : null}
      {step.kind === 'verifying' ? (
        <div className="verifying" role="status" aria-live="polite">
          <div>正在进行安全验证，请稍候…（在本机计算，防止恶意刷屏）</div>
          <progress max={1} value={step.progress} />
        </div>
      ) : null}
      <button type="submit" className="button button-primary button-block" disabled={busy}>
        {step.kind === 'verifying'
          ? '安全验证中…'
          : step.kind === 'sending'
            ? '正在提交…'
            : '提交意见'}
      </button>
      <p className="muted small">
        内容仅以文字保存，学校将在答复期限内公开答复；请勿填写学生姓名等个人信息。
      </p>
    </form>
  );
}
