import { DownloadOutlined, ExportOutlined, QrcodeOutlined } from '@ant-design/icons';
import { Button, Card, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrgLevel } from '@canteen/shared';
import { useOrgUnits } from '@/lib/org-unit-lookup';
import './canteen-qr-card.css';

function CanteenQr({
  canteen,
  showName,
}: {
  canteen: { id: string; name: string; code: string };
  showName: boolean;
}) {
  const { t } = useTranslation();
  const base = `/api/canteens/${canteen.id}`;
  return (
    <div className="canteen-qr" data-testid={`canteen-qr-${canteen.id}`}>
      <img
        className="canteen-qr-image"
        src={`${base}/qr.svg`}
        alt={t('publicQr.alt', { name: canteen.name })}
        loading="lazy"
      />
      <Space direction="vertical" size={8}>
        {showName && <Typography.Text strong>{canteen.name}</Typography.Text>}
        {/* Same-origin links: the session cookie goes along and the API names the file. */}
        <Button icon={<DownloadOutlined />} href={`${base}/qr.png`} download>
          {t('publicQr.png')}
        </Button>
        <Button icon={<DownloadOutlined />} href={`${base}/qr.svg`} download>
          {t('publicQr.svg')}
        </Button>
        <Button
          type="link"
          icon={<ExportOutlined />}
          href={`/p/${encodeURIComponent(canteen.code)}`}
          target="_blank"
          rel="noopener"
        >
          {t('publicQr.open')}
        </Button>
      </Space>
    </div>
  );
}

/** The printable QR codes of a school's canteens (or of one canteen), opening their public pages. */
export function CanteenQrCard({
  unit,
}: {
  unit: { id: string; name: string; code: string; level: OrgLevel };
}) {
  const { t } = useTranslation();
  const canteens = useOrgUnits(
    { parentId: unit.id, pageSize: 500 },
    { enabled: unit.level === 'school' },
  );
  const list = unit.level === 'canteen' ? [unit] : (canteens.data?.items ?? []);
  if (list.length === 0) return null;
  return (
    <Card
      size="small"
      className="section-card"
      title={
        <>
          <QrcodeOutlined /> {t('publicQr.title')}
        </>
      }
    >
      <Typography.Paragraph type="secondary">{t('publicQr.hint')}</Typography.Paragraph>
      <div className="canteen-qr-list">
        {list.map((canteen) => (
          <CanteenQr key={canteen.id} canteen={canteen} showName={unit.level === 'school'} />
        ))}
      </div>
    </Card>
  );
}
