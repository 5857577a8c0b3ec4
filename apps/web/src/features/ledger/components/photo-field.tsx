import { CameraOutlined } from '@ant-design/icons';
import { App, Button, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '@/components/ui/error-alert';
import { useUploadLedgerPhoto } from '../api/upload-ledger-photo';

const MAX_BYTES = 10 * 1024 * 1024;

/**
 * One photo as evidence (a write-off): the tablet's camera opens directly, the photo is uploaded
 * at once, and the field holds the stored file's id.
 */
export function PhotoField({
  value,
  onChange,
  id,
}: {
  value?: string;
  onChange?: (id: string | undefined) => void;
  id?: string;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const upload = useUploadLedgerPhoto();
  const [files, setFiles] = useState<UploadFile[]>([]);

  return (
    <Upload
      id={id}
      accept="image/jpeg,image/png"
      capture="environment"
      listType="picture"
      maxCount={1}
      fileList={files}
      className="photo-upload"
      beforeUpload={(file) => {
        if (file.size > MAX_BYTES) {
          void message.error(t('ledger.photo.tooLarge'));
          return Upload.LIST_IGNORE;
        }
        return true;
      }}
      customRequest={({ file, onSuccess, onError }) => {
        upload.mutate(file as File, {
          onSuccess: (stored) => {
            onChange?.(stored.id);
            onSuccess?.(stored);
          },
          onError: (error) => {
            void message.error(errorText(error, i18n.language, t('ledger.photo.failed')));
            onChange?.(undefined);
            onError?.(error);
          },
        });
      }}
      onChange={({ fileList }) => setFiles(fileList)}
      onRemove={() => {
        onChange?.(undefined);
        return true;
      }}
    >
      {!value && (
        <Button
          size="large"
          icon={<CameraOutlined />}
          className="touch-button"
          loading={upload.isPending}
        >
          {t('ledger.photo.take')}
        </Button>
      )}
    </Upload>
  );
}
