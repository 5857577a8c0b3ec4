-- One open count sheet per canteen: two tablets starting a stocktake at once get one sheet and one refusal.
CREATE UNIQUE INDEX "stocktake_one_open_per_canteen" ON "stocktake"("canteen_id") WHERE status = 'open';
