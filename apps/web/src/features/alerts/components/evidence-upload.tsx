import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TAlertFile } from '@canteen/shared';
import { errorText } from '@/components/ui/error-alert';
import { useUploadAlertEvidence } from '../api/upload-alert-evidence';

const MAX_BYTES = 10 * 1024 * 1024;
const MAX_FILES = 20;

/**
 * Photos or documents of the measures (JPEG, PNG, PDF), each uploaded as soon as it is chosen;
 * the field holds the stored files' ids, which the handling then names.
 */
export function EvidenceUpload({
  alertId,
  value,
  onChange,
  id,
}: {
  alertId: string;
  value?: string[];
  onChange?: (ids: string[]) => void;
  id?: string;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const upload = useUploadAlertEvidence();
  const [files, setFiles] = useState<UploadFile<TAlertFile>[]>([]);
  const ids = value ?? [];

  return (
    <Upload<TAlertFile>
      id={id}
      accept="image/jpeg,image/png,application/pdf"
      multiple
      maxCount={MAX_FILES}
      listType="picture"
      fileList={files}
      beforeUpload={(file) => {
        if (file.size > MAX_BYTES) {
          void message.error(t('alerts.handle.tooLarge'));
          return Upload.LIST_IGNORE;
        }
        return true;
      }}
      customRequest={({ file, onSuccess, onError }) => {
        upload.mutate(
          { id: alertId, file: file as File },
          {
            onSuccess: (stored) => {
              onSuccess?.(stored);
            },
            onError: (error) => {
              void message.error(errorText(error, i18n.language, t('alerts.handle.uploadFailed')));
              onError?.(error);
            },
          },
        );
      }}
      onChange={({ fileList }) => {
        setFiles(fileList);
        onChange?.(
          fileList.flatMap((f) => (f.status === 'done' && f.response ? [f.response.id] : [])),
        );
      }}
      data-testid="alert-evidence-upload"
    >
      {ids.length < MAX_FILES && (
        <Button icon={<UploadOutlined />} loading={upload.isPending}>
          {t('alerts.handle.upload')}
        </Button>
      )}
    </Upload>
  );
}
