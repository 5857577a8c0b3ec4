import { useMutation } from '@tanstack/react-query';
import { ZDeliveryFile } from '@canteen/shared';
import { apiUpload } from '@/lib/api-client';

/** A quarantine certificate or test report; its id then goes into a line's certificateIds. */
export function uploadCertificate(file: File) {
  const form = new FormData();
  form.append('file', file, file.name);
  return apiUpload('/deliveries/files', form, ZDeliveryFile);
}

export function useUploadCertificate() {
  return useMutation({ mutationFn: uploadCertificate });
}
