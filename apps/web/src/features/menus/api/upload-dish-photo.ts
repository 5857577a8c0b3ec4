import { useMutation } from '@tanstack/react-query';
import { ZDeliveryFile } from '@canteen/shared';
import { apiFileUrl, apiUpload } from '@/lib/api-client';

/** A dish photo is stored first; its id then goes into the dish's photoFileId. */
export function uploadDishPhoto(file: File) {
  const form = new FormData();
  form.append('file', file, file.name);
  return apiUpload('/menus/dishes/photos', form, ZDeliveryFile);
}

export function useUploadDishPhoto() {
  return useMutation({ mutationFn: uploadDishPhoto });
}

/** The saved dish's photo; `fileId` makes the address change when the photo does. */
export function dishPhotoUrl(dishId: string, fileId: string): string {
  return apiFileUrl(`/menus/dishes/${dishId}/photo`, { v: fileId });
}
