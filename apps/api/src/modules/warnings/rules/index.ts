import type { RuleDefinition } from '../rule';
import { acceptanceInspectors } from './acceptance-inspectors.rule';
import { executionDeviation } from './execution-deviation.rule';
import { expiringBatchIssued } from './expiring-batch-issued.rule';
import { ledgerVerificationFailed } from './ledger-verification-failed.rule';
import { mealPlanNotPublished } from './meal-plan-not-published.rule';
import { feedbackUnanswered } from './feedback-unanswered.rule';
import { missingQuarantineCertificate } from './missing-quarantine-certificate.rule';
import { planNutritionOutOfRange } from './plan-nutrition-out-of-range.rule';
import { stockInWithoutDelivery } from './stock-in-without-delivery.rule';
import { stocktakeVariance } from './stocktake-variance.rule';
import { supplierLicenceExpiry } from './supplier-licence-expiry.rule';
import { unauthorisedSupplierDelivery } from './unauthorised-supplier-delivery.rule';
import { unitPriceAboveReference } from './unit-price-above-reference.rule';
import { writeOffAboveNorm } from './write-off-above-norm.rule';

/** The rule catalogue: adding a rule is one file in this folder and one line here. */
export const RULE_LIST: readonly RuleDefinition[] = [
  executionDeviation,
  stockInWithoutDelivery,
  expiringBatchIssued,
  supplierLicenceExpiry,
  unauthorisedSupplierDelivery,
  missingQuarantineCertificate,
  acceptanceInspectors,
  unitPriceAboveReference,
  stocktakeVariance,
  writeOffAboveNorm,
  mealPlanNotPublished,
  planNutritionOutOfRange,
  ledgerVerificationFailed,
  feedbackUnanswered,
];
