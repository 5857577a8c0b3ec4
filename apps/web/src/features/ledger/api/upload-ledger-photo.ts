import { useMutation } from '@tanstack/react-query';
import { ZDeliveryFile } from '@canteen/shared';
import { apiUpload } from '@/lib/api-client';

/** A photo of spoiled stock, uploaded before the write-off that names it. */
export function uploadLedgerPhoto(file: File) {
  const form = new FormData();
  form.append('file', file, file.name);
  return apiUpload('/ledger/photos', form, ZDeliveryFile);
}

export function useUploadLedgerPhoto() {
  return useMutation({ mutationFn: uploadLedgerPhoto });
}
