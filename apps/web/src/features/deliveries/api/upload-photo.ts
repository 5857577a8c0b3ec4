import { useMutation } from '@tanstack/react-query';
import { ZDeliveryFile } from '@canteen/shared';
import { apiUpload } from '@/lib/api-client';

/** A photo taken at acceptance; its id then goes into the acceptance line's photoIds. */
export function uploadPhoto({ deliveryId, file }: { deliveryId: string; file: File }) {
  const form = new FormData();
  form.append('file', file, file.name);
  return apiUpload(`/deliveries/${deliveryId}/photos`, form, ZDeliveryFile);
}

export function useUploadPhoto() {
  return useMutation({ mutationFn: uploadPhoto });
}
