import { Module } from '@nestjs/common';
import { OrgUnitsModule } from '@/modules/org-units/org-units.module';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({ imports: [OrgUnitsModule], controllers: [UsersController], providers: [UsersService, UsersRepository] })
export class UsersModule {}
