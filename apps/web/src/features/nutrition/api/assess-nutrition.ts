import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { ZNutritionAssessment, type TAssessNutrition } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';

export const NUTRITION_KEY = 'nutrition';

/**
 * A read that travels as POST (the meals are the body). Cached by its content, so the same day
 * asked by the day card and each meal's badge is one request, and an unchanged day is not re-asked.
 */
export function assessNutrition(body: TAssessNutrition, signal?: AbortSignal) {
  return apiRequest('POST', '/nutrition/assess', { body, schema: ZNutritionAssessment, signal });
}

export const getNutritionAssessmentQueryOptions = (body: TAssessNutrition) =>
  queryOptions({
    queryKey: [NUTRITION_KEY, 'assess', body],
    queryFn: ({ signal }) => assessNutrition(body, signal),
    staleTime: 5 * 60_000,
  });

export function useNutritionAssessment(body: TAssessNutrition | undefined) {
  return useQuery({
    ...getNutritionAssessmentQueryOptions(body ?? { canteenId: '', ageBand: '9-11', meals: [] }),
    enabled: !!body && body.meals.length > 0,
    placeholderData: keepPreviousData,
    retry: false,
  });
}
