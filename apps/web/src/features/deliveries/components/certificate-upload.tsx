import { PaperClipOutlined } from '@ant-design/icons';
import { App, Button, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '@/components/ui/error-alert';
import { useUploadCertificate } from '../api/upload-certificate';

const MAX_BYTES = 10 * 1024 * 1024;

/** Certificates of one line (检疫合格证明, 检验报告), uploaded as picked; the field holds their ids. */
export function CertificateUpload({
  value,
  onChange,
}: {
  value?: string[];
  onChange?: (ids: string[]) => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const upload = useUploadCertificate();
  const [files, setFiles] = useState<UploadFile[]>([]);

  return (
    <Upload
      accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
      fileList={files}
      maxCount={10}
      beforeUpload={(file) => {
        if (file.size > MAX_BYTES) {
          void message.error(t('manifest.certificateTooLarge'));
          return Upload.LIST_IGNORE;
        }
        return true;
      }}
      customRequest={({ file, onSuccess, onError }) =>
        upload.mutate(file as File, {
          onSuccess: (stored) => {
            onChange?.([...(value ?? []), stored.id]);
            onSuccess?.(stored);
          },
          onError: (error) => {
            void message.error(errorText(error, i18n.language, t('manifest.certificateFailed')));
            onError?.(error);
          },
        })
      }
      onChange={({ fileList }) => setFiles(fileList)}
      onRemove={(file) => {
        const id = (file.response as { id?: string } | undefined)?.id;
        if (id) onChange?.((value ?? []).filter((v) => v !== id));
        return true;
      }}
    >
      <Button icon={<PaperClipOutlined />}>{t('manifest.addCertificate')}</Button>
    </Upload>
  );
}
