import { Button, Drawer, Tag, Timeline } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/ui/error-alert';
import { formatDateTime } from '@/lib/format';
import { usePlanVersions } from '../api/get-plan-versions';

/** Every version of a plan, newest first, with who changed it, when and why. */
export function PlanVersionsDrawer({
  planId,
  open,
  viewing,
  onClose,
  onView,
}: {
  planId: string | undefined;
  open: boolean;
  /** The version number shown, when it is not the current one. */
  viewing: number | undefined;
  onClose: () => void;
  onView: (version: number | undefined) => void;
}) {
  const { t } = useTranslation();
  const versions = usePlanVersions(open ? planId : undefined);
  const sorted = [...(versions.data ?? [])].sort((a, b) => b.version - a.version);
  const latest = sorted[0]?.version;
  return (
    <Drawer open={open} onClose={onClose} title={t('menus.plan.history')} width={420}>
      {versions.isError && (
        <ErrorAlert error={versions.error} onRetry={() => void versions.refetch()} />
      )}
      <Timeline
        data-testid="plan-versions"
        items={sorted.map((v) => ({
          color: v.status === 'published' ? 'green' : 'gray',
          children: (
            <div className="plan-version">
              <div>
                <strong>{t('menus.plan.versionN', { n: v.version })}</strong>{' '}
                <Tag color={v.status === 'published' ? 'green' : 'default'}>
                  {t(`menus.plan.status.${v.status}`)}
                </Tag>
                {(viewing ?? latest) === v.version && (
                  <Tag color="blue">{t('menus.plan.viewing')}</Tag>
                )}
              </div>
              <div className="muted">
                {v.createdBy.name} · {formatDateTime(v.createdAt)}
              </div>
              {v.publishedAt && (
                <div className="muted">
                  {t('menus.plan.publishedAt', { at: formatDateTime(v.publishedAt) })}
                </div>
              )}
              {v.reason && <div className="plan-version-reason">{v.reason}</div>}
              {(viewing ?? latest) !== v.version && (
                <Button
                  size="small"
                  type="link"
                  style={{ paddingInline: 0 }}
                  onClick={() => onView(v.version === latest ? undefined : v.version)}
                >
                  {t('common.view')}
                </Button>
              )}
            </div>
          ),
        }))}
      />
    </Drawer>
  );
}
