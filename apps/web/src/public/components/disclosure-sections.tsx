import type {
  TPublicCanteen,
  TPublicLedger,
  TPublicLicence,
  TPublicLicences,
  TPublicSources,
} from '@canteen/shared';
import { monthDay } from '../lib/dates';
import {
  DOCUMENT_LABELS,
  EXPIRY_LABELS,
  FOOD_GROUP_LABELS,
  SUPPLIER_KIND_LABELS,
} from '../lib/labels';
import { Badge, Empty } from './page-shell';

const EXPIRY_TONE = { valid: 'green', expiring: 'amber', expired: 'red' } as const;

function LicenceRow({ licence }: { licence: TPublicLicence }) {
  return (
    <li className="licence">
      <div className="licence-head">
        <span>{DOCUMENT_LABELS[licence.kind]}</span>
        <Badge tone={EXPIRY_TONE[licence.state]}>{EXPIRY_LABELS[licence.state]}</Badge>
      </div>
      <div className="muted small">
        <span className="mono">{licence.number}</span>
        {licence.farmBaseName ? ` · ${licence.farmBaseName}` : ''}
      </div>
      <div className="muted small">
        {licence.expiresOn ? `有效期至 ${licence.expiresOn}` : '长期有效'}
      </div>
    </li>
  );
}

/** 证照公示: the canteen's own licences and its suppliers', each with a validity badge. */
export function LicencesSection({ licences }: { licences: TPublicLicences }) {
  return (
    <>
      {licences.own.length > 0 ? (
        <div className="card">
          <h3 className="card-title">本食堂证照</h3>
          <ul className="licences">
            {licences.own.map((l) => (
              <LicenceRow key={`${l.kind}/${l.number}`} licence={l} />
            ))}
          </ul>
        </div>
      ) : null}
      {licences.suppliers.map((supplier) => {
        const worst = supplier.documents.some((d) => d.state === 'expired')
          ? 'expired'
          : supplier.documents.some((d) => d.state === 'expiring')
            ? 'expiring'
            : 'valid';
        return (
          <details key={supplier.id} className="card details">
            <summary className="supplier-summary">
              <span>{supplier.name}</span>
              <Badge tone={EXPIRY_TONE[worst]}>
                {supplier.documents.length} 证
                {worst === 'valid' ? '均有效' : ` · ${EXPIRY_LABELS[worst]}`}
              </Badge>
            </summary>
            <ul className="licences">
              {supplier.documents.map((l) => (
                <LicenceRow key={`${l.kind}/${l.number}`} licence={l} />
              ))}
            </ul>
          </details>
        );
      })}
    </>
  );
}

/** 食材从哪里来: suppliers and their farm bases, and which ingredients each delivered lately. */
export function SourcesSection({ sources }: { sources: TPublicSources }) {
  return (
    <ul className="sources">
      {sources.suppliers.map((supplier) => {
        const delivered = sources.ingredients.filter((i) =>
          i.lots.some((l) => l.supplierId === supplier.id),
        );
        return (
          <li key={supplier.id} className="card">
            <div className="card-title">
              {supplier.name}{' '}
              <span className="muted small">{SUPPLIER_KIND_LABELS[supplier.kind]}</span>
            </div>
            {supplier.farmBases.length > 0 ? (
              <ul className="farms">
                {supplier.farmBases.map((farm) => (
                  <li key={farm.id}>
                    <span className="farm-dot" aria-hidden="true" />
                    {farm.name}
                    <span className="muted small"> {farm.region}</span>
                  </li>
                ))}
              </ul>
            ) : null}
            {delivered.length > 0 ? (
              <p className="muted small">
                近 30 天供应：{delivered.map((i) => i.name).join('、')}（
                {[...new Set(delivered.map((i) => FOOD_GROUP_LABELS[i.category]))].join('、')}）
              </p>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

const short = (hash: string) => `${hash.slice(0, 12)}…${hash.slice(-6)}`;

/**
 * 账本每日签名: each day the platform digests the heads of every canteen ledger of the county and signs
 * the digest with its own key, the same key for every county: so the signer is the platform, and its
 * key id is shown once (a digest's own key id only where it differs, after a key change).
 */
export function LedgerSection({ ledger }: { ledger: TPublicLedger }) {
  const { keyId } = ledger.publicKey;
  // A chain's sequence only grows and starts at 0, the all-zero genesis hash: no movement booked yet.
  const booked = (ledger.digests[0]?.leaf?.seq ?? 0) > 0;
  return (
    <>
      <p className="section-note">
        食堂每一笔食材出入库都记入不能改写的账本。平台每天把{ledger.county.name}
        所有食堂账本的末端汇总成当天的摘要，用平台的签名密钥（各县区共用这一把）做电子签名后在此公开；日后若有人改写历史记录，签名就对不上。
      </p>
      {booked ? null : <Empty>本食堂暂无出入库记录。</Empty>}
      <div className="card">
        <dl className="facts">
          <dt>摘要范围</dt>
          <dd>{ledger.county.name}所有食堂的账本</dd>
          <dt>签名方</dt>
          <dd>本平台</dd>
          <dt>密钥编号</dt>
          <dd className="mono">{keyId}</dd>
          <dt>公钥（{ledger.publicKey.algorithm}）</dt>
          <dd className="mono break">{ledger.publicKey.publicKey}</dd>
        </dl>
      </div>
      <ul className="digests">
        {ledger.digests.map((digest) => (
          <li key={digest.day} className="card digest">
            <div className="digest-head">
              <span>{monthDay(digest.day)}</span>
              <span className="mono small" title={digest.root}>
                根 {short(digest.root)}
              </span>
            </div>
            {digest.leaf && digest.leaf.seq > 0 ? (
              <div className="muted small">
                本食堂：第 {digest.leaf.seq} 笔，
                <span className="mono">{short(digest.leaf.hash)}</span>
              </div>
            ) : null}
            <details className="details">
              <summary>签名原文与签名</summary>
              <div className="label small">根（root）</div>
              <pre className="code">{digest.root}</pre>
              <div className="label small">签名原文（payload）</div>
              <pre className="code">{digest.payload}</pre>
              <div className="label small">
                {digest.keyId === keyId
                  ? '签名（signature）'
                  : `签名（signature，密钥编号 ${digest.keyId}，与上面的公钥不同）`}
              </div>
              <pre className="code">{digest.signature}</pre>
            </details>
          </li>
        ))}
      </ul>
      <details className="details card">
        <summary>如何核验</summary>
        <ol className="steps">
          <li>复制某一天的“签名原文”和“签名”，以及上面的公钥（32 字节 Ed25519 公钥的 Base64）。</li>
          <li>
            用任何支持 Ed25519 的工具验证：签名是对签名原文 UTF-8 字节的签名。例如 Node.js：
            <pre className="code">{`crypto.verify(null, Buffer.from(payload), crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey, 'base64').toString('base64url') }, format: 'jwk' }), Buffer.from(signature, 'base64'))`}</pre>
          </li>
          <li>
            签名原文列出当天每个食堂账本的最后序号和哈希。以后向学校或监管部门索取账本导出文件，重算到该序号的哈希，与这里公开的一致，即说明当天以前的记录未被改写。
          </li>
        </ol>
      </details>
    </>
  );
}

/** The sections later capabilities fill; each shows only when it has data. */
export function LaterSections({ page }: { page: TPublicCanteen }) {
  return (
    <>
      {page.dailyRecords ? (
        <section className="section" id="daily-records">
          <h2 className="section-title">每日记录</h2>
          <div className="card">
            {monthDay(page.dailyRecords.day)}：已完成 {page.dailyRecords.completed} /{' '}
            {page.dailyRecords.required} 项
          </div>
        </section>
      ) : null}
      {page.fiveMeals && page.fiveMeals.days.length > 0 ? (
        <section className="section" id="five-meals">
          <h2 className="section-title">五餐监督</h2>
          <ul className="card plain-list">
            {page.fiveMeals.days.map((d) => (
              <li key={d.day}>
                {monthDay(d.day)}：{d.chefTasting ? '厨师试餐 ✓' : '厨师试餐 —'}，
                {d.leaderAccompanied ? '校领导陪餐 ✓' : '校领导陪餐 —'}，学生评价 {d.studentRatings}{' '}
                条，家长开放日 {d.parentVisits} 人次
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {page.cameras && page.cameras.length > 0 ? (
        <section className="section" id="cameras">
          <h2 className="section-title">明厨亮灶直播</h2>
          <ul className="card plain-list">
            {page.cameras.map((camera) => (
              <li key={camera.id}>
                {camera.area}{' '}
                <Badge tone={camera.online ? 'green' : 'grey'}>
                  {camera.online ? '在线' : '离线'}
                </Badge>{' '}
                {camera.online && camera.streamUrl ? <a href={camera.streamUrl}>观看</a> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {page.inspections && page.inspections.length > 0 ? (
        <section className="section" id="inspections">
          <h2 className="section-title">监督检查</h2>
          <ul className="card plain-list">
            {page.inspections.map((inspection) => (
              <li key={`${inspection.day}/${inspection.result}`}>
                {inspection.day}：{inspection.result}
                {inspection.score !== null ? `（${inspection.score} 分）` : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
