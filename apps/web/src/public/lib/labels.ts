// Chinese labels of the public page. The console's labels live in its i18n bundle and the shared
// *_NAMES maps sit in Zod schema modules: importing either would add about 110 KB (gzipped) to a
// page parents open on a slow phone network. The types below make the compiler check that every
// value of the shared enums has its label here.
import type {
  Allergen,
  CookingMethod,
  DocumentKind,
  ExpiryState,
  FeedbackCategory,
  FeedbackStatus,
  FoodGroup,
  Meal,
  MealGroup,
  PublicSection,
  SupplierKind,
  Verdict,
} from '@canteen/shared';
import type {
  FEEDBACK_CATEGORIES,
  FEEDBACK_PHOTO_MAX_BYTES,
  FEEDBACK_TEXT_MAX,
} from '@canteen/shared';

export const MEAL_LABELS: Record<Meal, string> = {
  breakfast: '早餐',
  lunch: '午餐',
  dinner: '晚餐',
};

export const COOKING_LABELS: Record<CookingMethod, string> = {
  stir_fry: '炒',
  braise: '烧',
  stew: '炖',
  steam: '蒸',
  boil: '煮',
  bake: '烤',
  deep_fry: '炸',
  mix: '拌',
  other: '其他',
};

export const ALLERGEN_LABELS: Record<Allergen, string> = {
  gluten: '麸质',
  crustacean: '甲壳类',
  fish: '鱼类',
  egg: '蛋类',
  peanut: '花生',
  soy: '大豆',
  milk: '乳制品',
  tree_nut: '坚果',
  sesame: '芝麻',
};

export const FOOD_GROUP_LABELS: Record<FoodGroup, string> = {
  grains: '谷薯类',
  vegetables: '蔬菜类',
  fruit: '水果类',
  livestock: '畜禽肉类',
  fish: '鱼虾类',
  eggs: '蛋类',
  milk: '奶类',
  soy_nuts: '大豆坚果类',
  oil: '食用油',
  salt: '食盐',
  condiment: '调味品',
};

export const MEAL_GROUP_LABELS: Record<MealGroup, string> = {
  grains_tubers: '谷薯类',
  vegetables_fruit: '蔬菜水果',
  meat_fish_eggs: '鱼禽肉蛋',
  milk_soy: '奶及大豆',
};

export const VERDICT_LABELS: Record<Verdict, string> = {
  green: '符合',
  amber: '基本符合',
  red: '需改进',
};

export const DOCUMENT_LABELS: Record<DocumentKind, string> = {
  business_licence: '营业执照',
  food_business_licence: '食品经营许可证',
  food_production_licence: '食品生产许可证',
  animal_epidemic_certificate: '动物防疫条件合格证',
  origin_certificate: '产地证明',
  green_food_certificate: '绿色食品证书',
  organic_certificate: '有机产品认证',
  other: '其他证明',
};

export const EXPIRY_LABELS: Record<ExpiryState, string> = {
  valid: '有效',
  expiring: '即将到期',
  expired: '已过期',
};

export const SUPPLIER_KIND_LABELS: Record<SupplierKind, string> = {
  supplier: '供货商',
  distributor: '配送企业',
  producer: '生产企业',
};

export const SCHOOL_KIND_LABELS: Record<string, string> = {
  kindergarten: '幼儿园',
  primary: '小学',
  middle: '初级中学',
  high: '高级中学',
  nine_year: '九年一贯制学校',
  complete: '完全中学',
  vocational: '中等职业学校',
};

export const SECTION_LABELS: Record<PublicSection, string> = {
  licences: '证照公示',
  rating: '食品安全等级',
  menu: '每周食谱',
  nutrition: '营养评估',
  sources: '食材从哪里来',
  ledger: '账本每日签名',
  staff: '从业人员',
  prices: '餐费与成本',
  dailyRecords: '每日记录',
  fiveMeals: '五餐监督',
  cameras: '明厨亮灶直播',
  inspections: '监督检查',
  feedback: '意见建议',
};

export const FEEDBACK_CATEGORY_LABELS: Record<FeedbackCategory, string> = {
  taste: '口味',
  hygiene: '卫生',
  price: '价格',
  portion: '分量',
  service: '服务',
  other: '其他',
};

export const FEEDBACK_STATUS_LABELS: Record<FeedbackStatus, string> = {
  new: '已收到，待处理',
  in_progress: '学校处理中',
  replied: '学校已答复',
  closed: '已办结',
};

// Typed with the shared constants' literal types: a change there fails the build here.
export const FEEDBACK_CATEGORY_ORDER: typeof FEEDBACK_CATEGORIES = [
  'taste',
  'hygiene',
  'price',
  'portion',
  'service',
  'other',
];
export const TEXT_MAX: typeof FEEDBACK_TEXT_MAX = 500;
export const PHOTO_MAX_BYTES: typeof FEEDBACK_PHOTO_MAX_BYTES = 5 * 1_048_576;
