import { type FormEvent, useEffect, useMemo, useState } from 'react';
import type { TPublicCanteenPage, TPublicCanteenSummary, TPublicRegion } from '@canteen/shared';
import { Failure, Loading, PageShell, Section } from '../components/page-shell';
import { FeedbackTracker } from '../components/feedback-tracker';
import { SCHOOL_KIND_LABELS } from '../lib/labels';
import { errorMessage, getJson } from '../lib/public-api';
import { useLoad } from '../lib/use-load';

const PAGE_SIZE = 20;

/** Counties grouped under their cities, for one native select (the phone's own picker). */
function RegionSelect({
  regions,
  value,
  onChange,
}: {
  regions: TPublicRegion[];
  value: string;
  onChange: (id: string) => void;
}) {
  const cities = regions.filter((r) => r.level === 'city');
  return (
    <select
      id="region"
      className="input"
      value={value}
      onChange={(event) => onChange(event.target.value)}
    >
      <option value="">全部地区</option>
      {cities.map((city) => (
        <optgroup key={city.id} label={city.name}>
          <option value={city.id}>{`${city.name}（全市，${city.canteens} 个食堂）`}</option>
          {regions
            .filter((r) => r.parentId === city.id)
            .map((county) => (
              <option key={county.id} value={county.id}>
                {`${county.name}（${county.canteens}）`}
              </option>
            ))}
        </optgroup>
      ))}
    </select>
  );
}

function ResultItem({ item }: { item: TPublicCanteenSummary }) {
  const where = [item.region.city, item.region.county].filter(Boolean).join(' · ');
  return (
    <li>
      <a className="result" href={`/p/${encodeURIComponent(item.code)}`}>
        <span className="result-name">{item.school.name}</span>
        <span className="result-canteen">{item.name}</span>
        <span className="result-meta">
          {SCHOOL_KIND_LABELS[item.school.kind] ?? item.school.kind} · {where}
        </span>
      </a>
    </li>
  );
}

export function SearchPage() {
  const regions = useLoad('regions', () => getJson<TPublicRegion[]>('/api/public/regions'));
  const initial = useMemo(() => new URLSearchParams(window.location.search), []);
  const [lookUp] = useState(() => {
    const code = initial.get('track');
    return code ? { code } : null;
  });
  const [region, setRegion] = useState(initial.get('region') ?? '');
  const [text, setText] = useState(initial.get('q') ?? '');
  const [query, setQuery] = useState({ region, q: text });
  const [items, setItems] = useState<TPublicCanteenSummary[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [page, setPage] = useState(1);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    const params = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE) });
    if (query.region) params.set('region', query.region);
    if (query.q) params.set('q', query.q);
    setBusy(true);
    setFailure(null);
    getJson<TPublicCanteenPage>(`/api/public/canteens?${params}`).then(
      (result) => {
        if (!current) return;
        setItems((before) => (page === 1 ? result.items : [...before, ...result.items]));
        setTotal(result.total);
        setBusy(false);
      },
      (error: unknown) => {
        if (!current) return;
        setFailure(errorMessage(error));
        setBusy(false);
      },
    );
    return () => {
      current = false;
    };
  }, [query, page]);

  const search = (event: FormEvent) => {
    event.preventDefault();
    const q = text.trim();
    setPage(1);
    setQuery({ region, q });
    const params = new URLSearchParams();
    if (region) params.set('region', region);
    if (q) params.set('q', q);
    window.history.replaceState(null, '', `/p${params.toString() ? `?${params}` : ''}`);
  };

  const tracker = (
    <Section id="track" title="查询反馈进度">
      <FeedbackTracker lookUp={lookUp} />
    </Section>
  );

  return (
    <PageShell>
      {/* Opened to follow a feedback (/p?track=…): its status comes first, not below the search. */}
      {lookUp ? tracker : null}
      <header className="hero">
        <h1>查找学校食堂</h1>
        <p>查看孩子学校食堂的每日菜谱、食材来源和证照，并可提出意见建议。</p>
      </header>
      <form className="search card" role="search" onSubmit={search}>
        <label className="label" htmlFor="region">
          所在地区
        </label>
        {regions.state === 'ready' ? (
          <RegionSelect regions={regions.data} value={region} onChange={setRegion} />
        ) : (
          <select id="region" className="input" disabled>
            <option>{regions.state === 'failed' ? '地区加载失败' : '正在加载地区…'}</option>
          </select>
        )}
        <label className="label" htmlFor="school">
          学校名称
        </label>
        <input
          id="school"
          className="input"
          type="search"
          inputMode="search"
          maxLength={40}
          placeholder="例如：第一小学"
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
        <button type="submit" className="button button-primary button-block">
          查找
        </button>
      </form>
      <Section id="results" title={total === null ? '学校食堂' : `找到 ${total} 个食堂`}>
        {failure ? <Failure message={failure} onRetry={() => setQuery({ ...query })} /> : null}
        {!failure && total === 0 ? (
          <p className="empty">没有符合条件的食堂，请换个名称或地区再试。</p>
        ) : null}
        <ul className="results">
          {items.map((item) => (
            <ResultItem key={item.code} item={item} />
          ))}
        </ul>
        {busy ? <Loading /> : null}
        {!busy && total !== null && items.length < total ? (
          <button
            type="button"
            className="button button-block"
            onClick={() => setPage((n) => n + 1)}
          >
            加载更多
          </button>
        ) : null}
      </Section>
      {lookUp ? null : tracker}
    </PageShell>
  );
}
