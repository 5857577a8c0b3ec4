import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  type TBalanceQuery,
  type TManualStockIn,
  type TMovementQuery,
  type TPendingStockInQuery,
  type TReturnToSupplier,
  type TReverseMovement,
  type TStockIn,
  type TStockOut,
  type TWriteOff,
  ZBalanceQuery,
  ZDeliveryFile,
  ZIngredientBalance,
  ZManualStockIn,
  ZMovementQuery,
  ZPendingStockIn,
  ZPendingStockInQuery,
  ZReturnToSupplier,
  ZReverseMovement,
  ZStockIn,
  ZStockMovement,
  ZStockOut,
  ZWriteOff,
  zPage,
} from '@canteen/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CurrentActor } from '@/common/auth/public.decorator';
import { IdParam, ValidBody, ValidQuery, ZodResponse } from '@/common/http/zod-decorators';
import type { Actor } from '@/common/tenancy/actor';
import { multipartSchema, sendFile } from '@/modules/deliveries/http-files';
import { MovementsService } from './movements.service';

@ApiTags('ledger')
@Controller('ledger')
export class MovementsController {
  constructor(private readonly service: MovementsService) {}

  /** Accepted batches not booked into the store yet (待入库), per delivery. */
  @Get('pending-stock-ins')
  @ZodResponse(z.array(ZPendingStockIn))
  pendingStockIns(@CurrentActor() actor: Actor, @ValidQuery(ZPendingStockInQuery) query: TPendingStockInQuery) {
    return this.service.pendingStockIns(actor, query);
  }

  @Post('stock-ins')
  @ZodResponse(z.array(ZStockMovement))
  stockIn(@CurrentActor() actor: Actor, @ValidBody(ZStockIn) body: TStockIn) {
    return this.service.stockIn(actor, body);
  }

  @Post('manual-stock-ins')
  @ZodResponse(ZStockMovement)
  manualStockIn(@CurrentActor() actor: Actor, @ValidBody(ZManualStockIn) body: TManualStockIn) {
    return this.service.manualStockIn(actor, body);
  }

  @Post('stock-outs')
  @ZodResponse(z.array(ZStockMovement))
  stockOut(@CurrentActor() actor: Actor, @ValidBody(ZStockOut) body: TStockOut) {
    return this.service.stockOut(actor, body);
  }

  @Post('returns')
  @ZodResponse(ZStockMovement)
  returnToSupplier(@CurrentActor() actor: Actor, @ValidBody(ZReturnToSupplier) body: TReturnToSupplier) {
    return this.service.returnToSupplier(actor, body);
  }

  /** A photo of spoiled stock (JPEG/PNG): its id goes into a write-off. */
  @Post('photos')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: multipartSchema() })
  @ZodResponse(ZDeliveryFile)
  uploadPhoto(@CurrentActor() actor: Actor, @Req() request: FastifyRequest) {
    return this.service.uploadPhoto(actor, request);
  }

  /** A photo that a write-off in the caller's scope was booked with. */
  @Get('photos/:fileId')
  @ApiProduces('image/jpeg', 'image/png')
  async photo(@CurrentActor() actor: Actor, @IdParam('fileId') fileId: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const { record, data } = await this.service.photo(actor, fileId);
    sendFile(reply, record.contentType, record.originalName);
    return data;
  }

  @Post('write-offs')
  @ZodResponse(ZStockMovement)
  writeOff(@CurrentActor() actor: Actor, @ValidBody(ZWriteOff) body: TWriteOff) {
    return this.service.writeOff(actor, body);
  }

  @Post('movements/:id/reversal')
  @ZodResponse(ZStockMovement)
  reverse(@CurrentActor() actor: Actor, @IdParam() id: string, @ValidBody(ZReverseMovement) body: TReverseMovement) {
    return this.service.reverse(actor, id, body);
  }

  /** Newest first; a reversal and the movement it reverses name each other. */
  @Get('movements')
  @ZodResponse(zPage(ZStockMovement))
  list(@CurrentActor() actor: Actor, @ValidQuery(ZMovementQuery) query: TMovementQuery) {
    return this.service.list(actor, query);
  }

  @Get('movements/:id')
  @ZodResponse(ZStockMovement)
  get(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.service.get(actor, id);
  }

  /** On hand per ingredient and batch (from the balances, never by summing the ledger), with expiry warnings. */
  @Get('balances')
  @ZodResponse(z.array(ZIngredientBalance))
  balances(@CurrentActor() actor: Actor, @ValidQuery(ZBalanceQuery) query: TBalanceQuery) {
    return this.service.balances(actor, query);
  }
}
