import { type FormEvent, useEffect, useRef, useState } from 'react';
import {
  FEEDBACK_CONTACT_MAX,
  FEEDBACK_CONTACT_MESSAGE,
  type FeedbackCategory,
  isFeedbackContact,
  pickLanguage,
  type TFeedbackChallenge,
  type TFeedbackReceipt,
} from '@canteen/shared';
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

function Receipt({
  receipt,
  onTrack,
  onAnother,
}: {
  receipt: TFeedbackReceipt;
  onTrack: (code: string) => void;
  onAnother: () => void;
}) {
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
        <button
          type="button"
          className="button button-primary"
          onClick={() => onTrack(receipt.trackingCode)}
        >
          查看处理进度
        </button>
        <button type="button" className="button" onClick={onAnother}>
          再提一条
        </button>
      </div>
    </div>
  );
}

type Field = 'category' | 'text' | 'photo' | 'contact';
type FieldErrors = Partial<Record<Field, string>>;

/** The element each field's message belongs to, and which takes the focus when it is wrong. */
const FIELD_INPUTS: Record<Field, string> = {
  category: `feedback-category-${FEEDBACK_CATEGORY_ORDER[0]}`,
  text: 'feedback-text',
  photo: 'feedback-photo',
  contact: 'feedback-contact',
};
const FIELDS = Object.keys(FIELD_INPUTS) as Field[];
const errorId = (field: Field) => `feedback-${field}-error`;

/** What the form can tell without the server, before any time goes into the challenge. */
function checkFields(category: FeedbackCategory | null, text: string, contact: string) {
  const errors: FieldErrors = {};
  if (!category) errors.category = '请选择反馈类别';
  if (!text) errors.text = '请填写反馈内容';
  else if ([...text].length > TEXT_MAX) errors.text = `反馈内容最多 ${TEXT_MAX} 个字`;
  if (contact && !isFeedbackContact(contact))
    errors.contact = pickLanguage(FEEDBACK_CONTACT_MESSAGE, 'zh');
  return errors;
}

/** A refusal: the issues that name a field go next to it, the rest (or the message) above the button. */
function explain(error: unknown): { fields: FieldErrors; general: string | null } {
  const issues = error instanceof PublicApiError ? error.issues : [];
  if (issues.length === 0) return { fields: {}, general: errorMessage(error) };
  const fields: FieldErrors = {};
  const other = new Set<string>();
  for (const issue of issues) {
    const field = FIELDS.find((f) => f === issue.path.split('.')[0]);
    if (field) fields[field] ??= issue.message;
    else other.add(issue.message);
  }
  return { fields, general: other.size > 0 ? [...other].join('；') : null };
}

function FieldError({ field, errors }: { field: Field; errors: FieldErrors }) {
  return errors[field] ? (
    <p className="error-text field-error" id={errorId(field)}>
      {errors[field]}
    </p>
  ) : null;
}

/** The attributes that tie an input to its message. */
const describedBy = (field: Field, errors: FieldErrors) =>
  errors[field] ? { 'aria-invalid': true, 'aria-describedby': errorId(field) } : {};

/** 意见建议: category, text, optional photo and contact; a proof-of-work challenge instead of a third-party captcha. */
export function FeedbackForm({
  canteenCode,
  onTrack,
}: {
  canteenCode: string;
  onTrack: (code: string) => void;
}) {
  const [category, setCategory] = useState<FeedbackCategory | null>(null);
  const [text, setText] = useState('');
  const [contact, setContact] = useState('');
  const [photo, setPhoto] = useState<File | null>(null);
  const [step, setStep] = useState<Step>({ kind: 'editing' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  // Bumped by each refused submission: the first field in error then takes the focus.
  const [refusals, setRefusals] = useState(0);
  const photoInput = useRef<HTMLInputElement>(null);

  const characters = [...text].length;

  useEffect(() => {
    const first = FIELDS.find((field) => errors[field]);
    if (first) document.getElementById(FIELD_INPUTS[first])?.focus();
    // Only a new refusal moves the focus, not a message cleared while the parent types.
  }, [refusals]);

  const edited = (field: Field) => setErrors((before) => ({ ...before, [field]: undefined }));

  const refuse = (fields: FieldErrors, general: string | null) => {
    setErrors(fields);
    setFailure(general ?? (Object.keys(fields).length > 0 ? '请按提示修改后再提交' : null));
    setRefusals((n) => n + 1);
  };

  const pickPhoto = (file: File | undefined) => {
    const problem = !file
      ? undefined
      : !PHOTO_TYPES.includes(file.type)
        ? '照片只能是 JPG 或 PNG 格式'
        : file.size > PHOTO_MAX_BYTES
          ? '照片不能超过 5 MB'
          : undefined;
    setErrors((before) => ({ ...before, photo: problem }));
    setPhoto(problem ? null : (file ?? null));
    // Emptied after a refusal or a removal, so that choosing the same file again is a change.
    if ((problem || !file) && photoInput.current) photoInput.current.value = '';
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
    const local = checkFields(category, text.trim(), contact.trim());
    if (Object.keys(local).length > 0) return refuse(local, null);
    setErrors({});
    setFailure(null);
    send(0).then(
      (receipt) => {
        rememberCode(receipt.trackingCode);
        setStep({ kind: 'sent', receipt });
      },
      (error: unknown) => {
        setStep({ kind: 'editing' });
        const { fields, general } = explain(error);
        refuse(fields, general);
      },
    );
  };

  if (step.kind === 'sent') {
    return (
      <Receipt
        receipt={step.receipt}
        onTrack={onTrack}
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
        <div className="chips" role="radiogroup" {...describedBy('category', errors)}>
          {FEEDBACK_CATEGORY_ORDER.map((c) => (
            <label key={c} className={`chip${category === c ? ' chip-on' : ''}`}>
              <input
                id={`feedback-category-${c}`}
                type="radio"
                name="category"
                value={c}
                checked={category === c}
                onChange={() => {
                  setCategory(c);
                  edited('category');
                }}
              />
              {FEEDBACK_CATEGORY_LABELS[c]}
            </label>
          ))}
        </div>
        <FieldError field="category" errors={errors} />
        <label className="label" htmlFor="feedback-text">
          反馈内容
        </label>
        <textarea
          id="feedback-text"
          className="input textarea"
          rows={5}
          placeholder="请描述您的意见或建议，例如哪一天、哪一餐、哪道菜。"
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            edited('text');
          }}
          {...describedBy('text', errors)}
        />
        <div className={`counter${characters > TEXT_MAX ? ' error-text' : ''}`}>
          {characters}/{TEXT_MAX}
        </div>
        <FieldError field="text" errors={errors} />
        <label className="label" htmlFor="feedback-photo">
          照片（可选，JPG/PNG，5 MB 以内）
        </label>
        <div className="file-picker">
          <input
            ref={photoInput}
            id="feedback-photo"
            className="visually-hidden"
            type="file"
            accept="image/jpeg,image/png"
            onChange={(event) => pickPhoto(event.target.files?.[0])}
            {...describedBy('photo', errors)}
          />
          <label htmlFor="feedback-photo" className="button">
            {photo ? '更换照片' : '选择照片'}
          </label>
          {photo ? (
            <>
              <span className="file-name">{photo.name}</span>
              <button type="button" className="link-button" onClick={() => pickPhoto(undefined)}>
                移除
              </button>
            </>
          ) : (
            <span className="muted small">未选择</span>
          )}
        </div>
        <FieldError field="photo" errors={errors} />
        <label className="label" htmlFor="feedback-contact">
          联系方式（可选，手机号或微信号，仅学校可见）
        </label>
        <input
          id="feedback-contact"
          className="input"
          autoComplete="tel"
          maxLength={FEEDBACK_CONTACT_MAX}
          value={contact}
          onChange={(event) => {
            setContact(event.target.value);
            edited('contact');
          }}
          {...describedBy('contact', errors)}
        />
        <FieldError field="contact" errors={errors} />
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
        文字和照片只送给学校和教育主管部门，不在本页公开，照片的拍摄地点等信息会自动去除；学校的答复凭查询码查看。请勿填写学生姓名等个人信息。
      </p>
    </form>
  );
}
