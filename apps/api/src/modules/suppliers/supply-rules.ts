import { Injectable } from '@nestjs/common';
import { FOOD_GROUP_NAMES, type FoodGroup } from '@canteen/shared';
import { AppError } from '@/common/http/app-error';
import type { Tx } from '@/common/prisma/prisma.service';
import { ContractsRepository } from './contracts.repository';

export interface ActiveContract {
  id: string;
  code: string;
  supplierId: string;
  schoolId: string;
  canteenIds: string[];
  categories: string[];
  validFrom: string;
  /** The last day it is valid: the agreed end, or the day it was ended early. */
  lastDay: string;
}

const day = (date: Date) => date.toISOString().slice(0, 10);

/** The supply rules that orders and deliveries must pass: a supplier not blacklisted, under contract. */
@Injectable()
export class SupplyRules {
  constructor(private readonly contracts: ContractsRepository) {}

  /** The supplier, unless it is unknown (404) or on the blacklist (409), in the caller's transaction. */
  async assertMaySupply(tx: Tx, supplierId: string): Promise<{ id: string; name: string }> {
    const supplier = await this.contracts.supplierStanding(tx, supplierId);
    if (!supplier) throw new AppError(404, 'SUPPLIER_NOT_FOUND', '未找到该供应商', 'Supplier not found');
    if (supplier.blacklistedAt) {
      throw new AppError(
        409,
        'SUPPLIER_BLACKLISTED',
        `供应商「${supplier.name}」已列入严重违法失信名单，不能供货：${supplier.blacklistReason ?? ''}`,
        `Supplier "${supplier.name}" is on the serious-violation blacklist and may not supply: ${supplier.blacklistReason ?? ''}`,
      );
    }
    return supplier;
  }

  /**
   * The contract under which the supplier may deliver `category` to the canteen on `day`
   * ('YYYY-MM-DD'), read in the caller's transaction; refuses with 404 / 409 / 422 otherwise.
   */
  async findActiveContract(tx: Tx, supplierId: string, canteenId: string, onDay: string, category: string): Promise<ActiveContract> {
    const supplier = await this.assertMaySupply(tx, supplierId);
    const contract = await this.contracts.findActiveFor(tx, supplierId, canteenId, onDay, category);
    if (!contract) {
      const group = FOOD_GROUP_NAMES[category as FoodGroup] ?? { zh: category, en: category };
      throw new AppError(
        422,
        'NO_ACTIVE_CONTRACT',
        `供应商「${supplier.name}」在 ${onDay} 没有向该食堂供应「${group.zh}」的有效合同`,
        `Supplier "${supplier.name}" has no contract valid on ${onDay} to supply ${group.en} to this canteen`,
      );
    }
    return {
      id: contract.id,
      code: contract.code,
      supplierId: contract.supplierId,
      schoolId: contract.schoolId,
      canteenIds: contract.canteenIds,
      categories: contract.categories,
      validFrom: day(contract.validFrom),
      lastDay: day(contract.endedOn && contract.endedOn < contract.validTo ? contract.endedOn : contract.validTo),
    };
  }
}
