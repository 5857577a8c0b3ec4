import { Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { TBackwardTraceQuery, TLotTraceQuery } from '@canteen/shared';
import { BackwardTracePanel } from '@/features/trace/components/backward-trace-panel';
import { ForwardTracePanel } from '@/features/trace/components/forward-trace-panel';
import { RecallPanel } from '@/features/trace/components/recall-panel';
import { PageHeader } from '@/components/ui/page-header';

type Mode = 'forward' | 'backward' | 'recall';
const MODES: Mode[] = ['forward', 'backward', 'recall'];

/** 溯源查询: the query lives in the address, so a trace can be shared and reloaded. */
export function TraceRoute() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const mode: Mode = MODES.find((m) => m === params.get('mode')) ?? 'forward';
  const supplierId = params.get('supplierId');
  const lotCode = params.get('lot');
  const canteenId = params.get('canteenId');
  const date = params.get('date');
  const lot: TLotTraceQuery | null = supplierId && lotCode ? { supplierId, lotCode } : null;
  const backward: TBackwardTraceQuery | null = canteenId && date ? { canteenId, date } : null;

  const update = (patch: Record<string, string>) =>
    setParams((p) => ({ ...Object.fromEntries(p), ...patch }), { replace: false });
  const onLot = (query: TLotTraceQuery) =>
    update({ supplierId: query.supplierId, lot: query.lotCode });

  return (
    <>
      <PageHeader title={t('nav.trace')} subTitle={t('trace.subtitle')} />
      <Card size="small" className="section-card tabs-card" style={{ marginTop: 16 }}>
        <Tabs
          activeKey={mode}
          onChange={(key) => update({ mode: key })}
          items={[
            {
              key: 'forward',
              label: t('trace.forward'),
              children: (
                <ForwardTracePanel
                  key={lot ? `${lot.supplierId}/${lot.lotCode}` : 'none'}
                  query={lot}
                  onQuery={onLot}
                  onRecall={() => update({ mode: 'recall' })}
                />
              ),
            },
            {
              key: 'backward',
              label: t('trace.backward'),
              children: (
                <BackwardTracePanel
                  query={backward}
                  onQuery={(q) => update({ canteenId: q.canteenId, date: q.date })}
                />
              ),
            },
            {
              key: 'recall',
              label: t('trace.recall'),
              children: (
                <RecallPanel
                  key={lot ? `${lot.supplierId}/${lot.lotCode}` : 'none'}
                  query={lot}
                  onQuery={onLot}
                />
              ),
            },
          ]}
          destroyOnHidden
        />
      </Card>
    </>
  );
}
