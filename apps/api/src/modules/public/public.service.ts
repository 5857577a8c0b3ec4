import { Injectable } from '@nestjs/common';
import {
  PUBLIC_DIGEST_COUNT,
  PUBLIC_LOTS_PER_INGREDIENT,
  PUBLIC_SOURCE_DAYS,
  type PublicSection,
  type TPage,
  type TPublicCanteen,
  type TPublicCanteenQuery,
  type TPublicCanteenSummary,
  type TPublicLedger,
  type TPublicMenu,
  type TPublicNutrition,
  type TPublicRegion,
  type TPublicStaff,
  ZPublicCanteen,
  ZPublicCanteenPage,
  ZPublicRegions,
  addDays,
  shanghaiDay,
  visiblePublicSections,
  weekStartOf,
} from '@canteen/shared';
import { notFound } from '@/common/http/app-error';
import { StoredFiles } from '@/common/storage/stored-files';
import { type Scope, systemScope } from '@/common/tenancy/scope';
import { parseDigestPayload } from '@/modules/ledger/ledger-digest';
import { LedgerVerifyService } from '@/modules/ledger/ledger-verify.service';
import { MenuCosting } from '@/modules/menus/menu-costing';
import { entryInput } from '@/modules/menus/plans.mapper';
import { PlansRepository, toDay } from '@/modules/menus/plans.repository';
import { SettingsService } from '@/modules/settings/settings.service';
import { desensitise } from './desensitise';
import { type CachedPage, PublicCache } from './public-cache';
import { approximateEnrolment, type MenuEntry, menuDays, nutritionCard, publicLicences, regionPath, sources } from './public.mapper';
import { type PublicCanteenRow, PublicRepository, STAFF_ROLES } from './public.repository';

/** Canteen codes are letters, digits and dashes; anything else cannot name a canteen. */
const CANTEEN_CODE = /^[A-Za-z0-9_-]{1,64}$/;
const PUBLIC_IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

export const canteenNotFound = () => notFound('未找到该食堂，请核对二维码或重新搜索', 'No such canteen: check the QR code or search again');
const fileNotFound = () => notFound('未找到该图片', 'Image not found');

/** The signed texts and hashes of the ledger section go out byte for byte; they name no person. */
const ledgerVerbatim = (path: readonly (string | number)[]) => path[0] === 'ledger' && (path[1] === 'publicKey' || path[1] === 'digests');

/** The public pages: finding a canteen, and a canteen's page, desensitised and cached. */
@Injectable()
export class PublicService {
  constructor(
    private readonly repository: PublicRepository,
    private readonly cache: PublicCache,
    private readonly settings: SettingsService,
    private readonly plans: PlansRepository,
    private readonly costing: MenuCosting,
    private readonly ledger: LedgerVerifyService,
    private readonly files: StoredFiles,
  ) {}

  async regions(): Promise<TPublicRegion[]> {
    const scope = systemScope();
    const [units, counts] = await Promise.all([this.repository.regions(scope), this.repository.connectedCounts(scope)]);
    return desensitise(
      ZPublicRegions,
      units.map((unit) => ({ ...unit, level: unit.level as TPublicRegion['level'], canteens: counts.get(unit.id) ?? 0 })),
    );
  }

  async search(query: TPublicCanteenQuery): Promise<TPage<TPublicCanteenSummary>> {
    const scope = systemScope();
    let under = scope.path;
    if (query.region) {
      const region = await this.repository.findRegion(scope, query.region);
      if (!region) throw notFound('未找到该地区', 'No such region');
      under = region.path;
    }
    const { rows, total } = await this.repository.searchCanteens(scope, under, query.q || undefined, query.page, query.pageSize);
    const ancestorIds = [...new Set(rows.flatMap((row) => pathIds(row.path)))];
    const names = await this.repository.findUnitNames(scope, ancestorIds);
    const byId = new Map(names.map((unit) => [unit.id, unit]));
    return desensitise(ZPublicCanteenPage, {
      items: rows.map((row) => ({
        code: row.code,
        name: row.name,
        school: { name: row.parent?.name ?? '', kind: row.parent?.kind ?? '' },
        region: regionPath(pathIds(row.path).flatMap((id) => byId.get(id) ?? [])),
      })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    });
  }

  /** The page as JSON text with its ETag, from the cache when it is current. */
  async canteenPage(code: string): Promise<CachedPage> {
    if (!CANTEEN_CODE.test(code)) throw canteenNotFound();
    const today = shanghaiDay();
    // A canteen that stops being connected announces it (org.connection-changed), which drops its page.
    return this.cache.page(code, today, async () => {
      const canteen = await this.repository.findConnectedCanteen(systemScope(), code);
      if (!canteen?.parent) throw canteenNotFound();
      return JSON.stringify(await this.build(canteen, today));
    });
  }

  /** The bytes of a dish photo that a public page shows; any other file is not found. */
  async file(fileId: string): Promise<{ contentType: string; sha256: string; data: Buffer }> {
    if (!(await this.repository.isPublicFile(systemScope(), fileId))) throw fileNotFound();
    const file = await this.files.read(fileId);
    if (!file || !PUBLIC_IMAGE_TYPES.has(file.record.contentType)) throw fileNotFound();
    return { contentType: file.record.contentType, sha256: file.record.sha256, data: file.data };
  }

  /** Every section the canteen makes public and has data for, through the desensitising layer. */
  async build(canteen: PublicCanteenRow, today: string): Promise<TPublicCanteen> {
    const school = canteen.parent!;
    const canteenScope = systemScope(canteen.path);
    const schoolScope = systemScope(school.path);
    const [units, resolved] = await Promise.all([
      this.repository.findUnitNames(systemScope(), pathIds(canteen.path)),
      this.settings.resolve('public.sections', canteen.id),
    ]);
    const sections = visiblePublicSections(resolved.value);
    const shows = (section: PublicSection) => sections.includes(section);
    const county = units.find((u) => u.level === 'county') ?? null;

    const menu = shows('menu') || shows('nutrition') || shows('sources') ? await this.menu(canteenScope, canteen.id, today, shows('prices')) : null;
    const needsLots = shows('sources') || shows('licences');
    const lots = needsLots
      ? await this.repository.recentLots(canteenScope, canteen.id, addDays(today, -PUBLIC_SOURCE_DAYS), menu && menu.ingredientIds.length > 0 ? menu.ingredientIds : null, PUBLIC_LOTS_PER_INGREDIENT)
      : [];
    const lotSupplierIds = [...new Set(lots.map((lot) => lot.supplier_id))];
    const contracted = shows('licences') ? await this.repository.contractedSupplierIds(schoolScope, school.id, canteen.id, today) : [];
    const suppliers = await this.repository.findSuppliers([...new Set([...lotSupplierIds, ...contracted])]);

    const page: TPublicCanteen = {
      code: canteen.code,
      name: canteen.name,
      school: { name: school.name, kind: school.kind, address: school.address, enrolmentApprox: approximateEnrolment(school.enrolment) },
      region: regionPath(units),
      generatedAt: new Date().toISOString(),
      sections,
    };
    if (shows('licences') && suppliers.length > 0) {
      page.licences = { own: [], suppliers: suppliers.map((s) => ({ id: s.id, name: s.name, documents: publicLicences(s, today) })) };
    }
    if (menu && shows('menu') && menu.public.days.length > 0) page.menu = menu.public;
    if (menu && shows('nutrition') && menu.nutrition.days.length > 0) page.nutrition = menu.nutrition;
    if (shows('sources') && lots.length > 0) {
      const ingredients = await this.repository.findIngredients([...new Set(lots.map((lot) => lot.ingredient_id))]);
      page.sources = sources(lots, ingredients, suppliers.filter((s) => lotSupplierIds.includes(s.id)));
    }
    if (shows('ledger') && county) {
      const ledger = await this.ledgerSection(systemScope(pathUpTo(canteen.path, county.id)), county.id, canteen.id);
      if (ledger.digests.length > 0) page.ledger = { ...ledger, county: { code: county.code, name: county.name } };
    }
    if (shows('staff')) {
      const staff = await this.staff(schoolScope, school.id);
      if (staff.total > 0) page.staff = staff;
    }
    return desensitise(ZPublicCanteen, page, { verbatim: ledgerVerbatim });
  }

  /** This week's published plan, and next week's once published: dishes, nutrition and (if public) prices. */
  private async menu(scope: Scope, canteenId: string, today: string, withPrices: boolean) {
    const weekStart = weekStartOf(today);
    const versions = await this.plans.findPublishedCovering(scope, [{ canteenId, from: weekStart, to: addDays(weekStart, 13) }]);
    const empty = { public: { weekStart, today, plans: [], days: [], ingredients: [] } as TPublicMenu, nutrition: { days: [] } as TPublicNutrition, ingredientIds: [] as string[] };
    if (versions.length === 0) return empty;
    const [entries, published] = await Promise.all([
      this.plans.findEntries(scope, versions.map((v) => v.id)),
      this.repository.findPublishedAt(scope, versions.map((v) => v.id)),
    ]);
    const planned = entries.map(entryInput);
    const [recipes, assessments, priced] = await Promise.all([
      this.costing.recipes(scope, planned.flatMap((e) => e.dishVersionIds)),
      this.costing.assess(scope, canteenId, planned),
      withPrices ? this.costing.priceEntries(scope, canteenId, planned) : null,
    ]);
    const ingredientsOf = new Map<string, string[]>();
    for (const line of recipes) {
      const list = ingredientsOf.get(line.dishVersionId) ?? [];
      if (!list.includes(line.ingredientId)) ingredientsOf.set(line.dishVersionId, [...list, line.ingredientId]);
    }
    const ingredientIds = [...new Set(recipes.map((r) => r.ingredientId))];
    const ingredients = await this.repository.findIngredients(ingredientIds);
    const prices = priced
      ? new Map(priced.meals.map((m) => [`${m.day}/${m.meal}`, { costPerStudentFen: m.plannedPerStudentFen, fundStandardFen: m.fundStandardFen ?? 0 }]))
      : null;
    const menuEntries: MenuEntry[] = entries.map((entry) => ({
      day: toDay(entry.day),
      meal: entry.meal as MenuEntry['meal'],
      dishes: entry.dishes.map(({ dishVersion: d }) => ({ dishId: d.dishId, dishVersionId: d.id, name: d.name, cookingMethod: d.cookingMethod, allergens: d.allergens, photoFileId: d.photoFileId })),
    }));
    const publishedAt = new Map(published.map((p) => [p.id, p.publishedAt?.toISOString() ?? null]));
    const cards = new Map<string, TPublicNutrition['days'][number]['cards']>();
    for (const a of assessments) cards.set(a.day, [...(cards.get(a.day) ?? []), nutritionCard(a.ageBand, a.assessment)]);
    return {
      public: {
        weekStart,
        today,
        plans: versions
          .map((v) => ({ weekStart: toDay(v.plan.weekStart), version: v.version, publishedAt: publishedAt.get(v.id) ?? null }))
          .sort((a, b) => a.weekStart.localeCompare(b.weekStart)),
        days: menuDays(menuEntries, ingredientsOf, prices),
        ingredients: ingredients
          .map((i) => ({ id: i.id, name: i.name, category: i.category as TPublicMenu['ingredients'][number]['category'] }))
          .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
      },
      nutrition: { days: [...cards.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, list]) => ({ day, cards: list })) },
      ingredientIds,
    };
  }

  private async ledgerSection(scope: Scope, countyId: string, canteenId: string): Promise<Omit<TPublicLedger, 'county'>> {
    const rows = await this.repository.latestDigests(scope, countyId, PUBLIC_DIGEST_COUNT);
    return {
      publicKey: this.ledger.publicKey(),
      digests: rows.map((row) => {
        const leaf = parseDigestPayload(row.payload)?.leaves.find((l) => l.canteenId === canteenId);
        return { day: row.day, root: row.root, keyId: row.key_id, signature: row.signature, payload: row.payload, leaf: leaf ? { seq: leaf.seq, hash: leaf.hash } : null };
      }),
    };
  }

  private async staff(scope: Scope, schoolId: string): Promise<TPublicStaff> {
    const counts = await this.repository.staffCounts(scope, schoolId);
    const sum = (roles: readonly string[]) => roles.reduce((total, role) => total + (counts.get(role) ?? 0), 0);
    const managers = sum(STAFF_ROLES.managers);
    const kitchenStaff = sum(STAFF_ROLES.kitchenStaff);
    return { total: managers + kitchenStaff, managers, kitchenStaff };
  }
}

/** The unit ids on a materialised path, root first. */
export const pathIds = (path: string) => path.split('/').filter(Boolean);

/** The materialised path of the ancestor `id` on `path`. */
const pathUpTo = (path: string, id: string) => path.slice(0, path.indexOf(`/${id}/`) + id.length + 2);
