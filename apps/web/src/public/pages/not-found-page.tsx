import { PageShell } from '../components/page-shell';

export function NotFoundPage({ code }: { code: string }) {
  return (
    <PageShell back>
      <div className="not-found">
        <div className="not-found-code" aria-hidden="true">
          404
        </div>
        <h1>没有找到这个食堂</h1>
        <p>
          编号 “<span className="mono">{code}</span>”
          不对应任何已接入平台的学校食堂。请核对二维码，或按学校名称查找。
        </p>
        <a className="button button-primary" href="/p">
          按学校名称查找
        </a>
      </div>
    </PageShell>
  );
}
