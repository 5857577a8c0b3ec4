import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ManifestUpload } from '@/features/deliveries/components/manifest-upload';
import { PageHeader } from '@/components/ui/page-header';

export function ManifestUploadRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  return (
    <>
      <PageHeader
        breadcrumb={[
          { key: 'list', title: <Link to="/deliveries">{t('nav.manifests')}</Link> },
          { key: 'new', title: t('manifest.upload') },
        ]}
        title={t('manifest.upload')}
        subTitle={t('manifest.subtitle')}
      />
      <div style={{ marginTop: 16 }}>
        <ManifestUpload
          presetOrderId={params.get('order') ?? undefined}
          onDone={(manifest) => void navigate(`/deliveries/${manifest.id}`, { replace: true })}
        />
      </div>
    </>
  );
}
