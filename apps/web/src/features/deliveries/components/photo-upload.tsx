import { CameraOutlined } from '@ant-design/icons';
import { App, Button, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '@/components/ui/error-alert';
import { useUploadPhoto } from '../api/upload-photo';

const MAX_BYTES = 10 * 1024 * 1024;

/**
 * Photos of one line taken at acceptance: each is uploaded as soon as it is picked (the tablet's
 * camera opens directly), and the form field holds the stored ids.
 */
export function PhotoUpload({
  deliveryId,
  value,
  onChange,
}: {
  deliveryId: string;
  value?: string[];
  onChange?: (ids: string[]) => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const upload = useUploadPhoto();
  const [files, setFiles] = useState<UploadFile[]>([]);

  return (
    <Upload
      accept="image/jpeg,image/png"
      capture="environment"
      listType="picture"
      fileList={files}
      className="photo-upload"
      beforeUpload={(file) => {
        if (file.size > MAX_BYTES) {
          void message.error(t('acceptance.photoTooLarge'));
          return Upload.LIST_IGNORE;
        }
        return true;
      }}
      customRequest={({ file, onSuccess, onError }) => {
        upload.mutate(
          { deliveryId, file: file as File },
          {
            onSuccess: (stored) => {
              onChange?.([...(value ?? []), stored.id]);
              onSuccess?.(stored);
            },
            onError: (error) => {
              void message.error(errorText(error, i18n.language, t('acceptance.photoFailed')));
              onError?.(error);
            },
          },
        );
      }}
      onChange={({ fileList }) => setFiles(fileList)}
      onRemove={(file) => {
        const id = (file.response as { id?: string } | undefined)?.id;
        if (id) onChange?.((value ?? []).filter((v) => v !== id));
        return true;
      }}
    >
      <Button size="large" icon={<CameraOutlined />} className="touch-button">
        {t('acceptance.addPhoto')}
      </Button>
    </Upload>
  );
}
