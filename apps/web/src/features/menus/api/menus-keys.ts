/**
 * Every menus query key starts with MENUS_KEY: a saved plan or production record changes the
 * plans, the execution figures and the costs together, so mutations invalidate the prefix.
 */
export const MENUS_KEY = 'menus';
